public import KeelCore

/// A batch of deltas for one instrument, applied together (one venue event, or one `F_LAST` batch).
///
/// The batch is never empty; its `flags`, `sequence` and timestamps are those of its last delta, the
/// one that completes the event.
public struct OrderBookDeltas: TimestampedData, Hashable {
    /// The instrument every delta of the batch applies to.
    public let instrumentId: InstrumentId
    /// The deltas, in the order they are applied (never empty).
    public let deltas: [OrderBookDelta]

    /// Creates a batch known to be valid; traps if it is empty or mixes instruments.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument of every delta.
    ///   - deltas: The deltas in application order.
    public init(instrumentId: InstrumentId, deltas: [OrderBookDelta]) {
        precondition(!deltas.isEmpty, "Invariant: an OrderBookDeltas batch is not empty (\(instrumentId))")
        precondition(
            deltas.allSatisfy { $0.instrumentId == instrumentId },
            "Invariant: every delta of a batch is for its instrument \(instrumentId)")
        self.instrumentId = instrumentId
        self.deltas = deltas
    }

    /// Creates the batch of the one delta in `single`, for its instrument: nothing to check (a replay of single
    /// deltas wraps each in a batch, in a reused one-element array).
    public init(single: [OrderBookDelta]) {
        precondition(single.count == 1, "Invariant: a single-delta batch holds one delta")
        self.instrumentId = single[0].instrumentId
        self.deltas = single
    }

    /// Creates a batch from external input.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument of every delta.
    ///   - deltas: The deltas in application order.
    /// - Throws: `ValidationError` if `deltas` is empty or holds a delta for another instrument.
    /// - Complexity: O(n) in the number of deltas.
    public static func validated(instrumentId: InstrumentId, deltas: [OrderBookDelta]) throws(ValidationError)
        -> OrderBookDeltas
    {
        guard !deltas.isEmpty else {
            throw ValidationError(field: "OrderBookDeltas.deltas", reason: "a batch is not empty (\(instrumentId))")
        }
        if let other = deltas.first(where: { $0.instrumentId != instrumentId }) {
            throw ValidationError(
                field: "OrderBookDeltas.deltas",
                reason: "delta for \(other.instrumentId) (sequence \(other.sequence)) in a batch for \(instrumentId)")
        }
        return OrderBookDeltas(instrumentId: instrumentId, deltas: deltas)
    }

    /// The flags of the last delta.
    public var flags: UInt8 { deltas[deltas.count - 1].flags }
    /// The sequence number of the last delta.
    public var sequence: UInt64 { deltas[deltas.count - 1].sequence }
    /// When the last delta happened at the venue.
    public var tsEvent: UnixNanos { deltas[deltas.count - 1].tsEvent }
    /// When Keel created the last delta.
    public var tsInit: UnixNanos { deltas[deltas.count - 1].tsInit }
}
