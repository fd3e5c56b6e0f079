// OrderBookDepth10: a snapshot of the ten best levels of each side of a book.
//
// Design decision: the levels are stored in four `Array`s of exactly ten elements (one heap
// allocation each per value) rather than `InlineArray<10, BookOrder>`. `InlineArray` needs macOS 26 on
// Apple platforms while the package targets macOS 15, and depth snapshots are not on a per-delta hot
// path (they arrive at most once per venue event and replace the whole book). When the deployment
// target moves to macOS 26, the storage can become inline without changing this API.
//
// Fewer than ten levels are padded with `BookOrder.empty` (no side, zero size) and a count of 0, as
// NautilusTrader pads them; padding comes after every real level.

public import KeelCore

/// The ten best levels of each side of a book, with the number of orders at each level.
public struct OrderBookDepth10: TimestampedData, Hashable {
    /// The number of levels per side.
    public static let depth = 10

    /// The instrument of the book.
    public let instrumentId: InstrumentId
    /// The bid levels, best (highest) first; exactly `depth` entries, padding last.
    public let bids: [BookOrder]
    /// The ask levels, best (lowest) first; exactly `depth` entries, padding last.
    public let asks: [BookOrder]
    /// The number of orders at each bid level (0 for padding).
    public let bidCounts: [UInt32]
    /// The number of orders at each ask level (0 for padding).
    public let askCounts: [UInt32]
    /// The raw record flags byte.
    public let flags: UInt8
    /// The venue's sequence number of the snapshot.
    public let sequence: UInt64
    /// When the snapshot was taken at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created this value.
    public let tsInit: UnixNanos

    /// Creates a snapshot from values known to be valid; traps if they break a rule of the type.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument of the book.
    ///   - bids: Exactly ten bid levels, best first, padding last.
    ///   - asks: Exactly ten ask levels, best first, padding last.
    ///   - bidCounts: The order count of each bid level.
    ///   - askCounts: The order count of each ask level.
    ///   - flags: The raw record flags byte.
    ///   - sequence: The venue's sequence number.
    ///   - tsEvent: When the snapshot was taken at the venue.
    ///   - tsInit: When Keel created this value.
    public init(
        instrumentId: InstrumentId, bids: [BookOrder], asks: [BookOrder], bidCounts: [UInt32], askCounts: [UInt32],
        flags: UInt8 = 0, sequence: UInt64 = 0, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        if let problem = Self.problem(bids: bids, asks: asks, bidCounts: bidCounts, askCounts: askCounts) {
            preconditionFailure("Invariant: \(problem) (OrderBookDepth10 \(instrumentId), sequence \(sequence))")
        }
        self.instrumentId = instrumentId
        self.bids = bids
        self.asks = asks
        self.bidCounts = bidCounts
        self.askCounts = askCounts
        self.flags = flags
        self.sequence = sequence
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// Creates a snapshot from external input.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument of the book.
    ///   - bids: Exactly ten bid levels, best first, padding last.
    ///   - asks: Exactly ten ask levels, best first, padding last.
    ///   - bidCounts: The order count of each bid level.
    ///   - askCounts: The order count of each ask level.
    ///   - flags: The raw record flags byte.
    ///   - sequence: The venue's sequence number.
    ///   - tsEvent: When the snapshot was taken at the venue.
    ///   - tsInit: When Keel created this value.
    /// - Throws: `ValidationError` if a side does not have exactly ten entries, a level is on the wrong
    ///   side, levels are not strictly ordered best first, or padding precedes a real level.
    public static func validated(
        instrumentId: InstrumentId, bids: [BookOrder], asks: [BookOrder], bidCounts: [UInt32], askCounts: [UInt32],
        flags: UInt8 = 0, sequence: UInt64 = 0, tsEvent: UnixNanos, tsInit: UnixNanos
    ) throws(ValidationError) -> OrderBookDepth10 {
        if let problem = problem(bids: bids, asks: asks, bidCounts: bidCounts, askCounts: askCounts) {
            throw ValidationError(
                field: "OrderBookDepth10", reason: "\(problem) (\(instrumentId), sequence \(sequence))")
        }
        return OrderBookDepth10(
            instrumentId: instrumentId, bids: bids, asks: asks, bidCounts: bidCounts, askCounts: askCounts,
            flags: flags, sequence: sequence, tsEvent: tsEvent, tsInit: tsInit)
    }

    /// True if `order` is padding: no side and zero size.
    @inlinable
    public static func isPadding(_ order: BookOrder) -> Bool { order.side == .noOrderSide && order.size.isZero }

    /// The broken rule, in words, or nil.
    static func problem(bids: [BookOrder], asks: [BookOrder], bidCounts: [UInt32], askCounts: [UInt32]) -> String? {
        guard bids.count == depth, asks.count == depth, bidCounts.count == depth, askCounts.count == depth else {
            return
                "a depth snapshot has exactly \(depth) bids, asks and counts (got \(bids.count), \(asks.count), \(bidCounts.count), \(askCounts.count))"
        }
        for (name, levels, side) in [("bid", bids, OrderSide.buy), ("ask", asks, OrderSide.sell)] {
            var padded = false
            var previous: Price?
            for (k, level) in levels.enumerated() {
                if isPadding(level) { padded = true; continue }
                if padded { return "\(name) level \(k) follows padding" }
                if level.side != side { return "\(name) level \(k) has side \(level.side)" }
                if !level.size.isPositive { return "\(name) level \(k) has zero size" }
                if let previous, side == .buy ? level.price >= previous : level.price <= previous {
                    return "\(name) level \(k) at \(level.price) is not strictly worse than \(previous)"
                }
                previous = level.price
            }
        }
        return nil
    }
}
