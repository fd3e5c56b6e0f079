// OrderFactory: a strategy's source of orders and of their ids.
//
// Design decisions:
// - Clock-free: every maker takes the caller's `tsInit`. The factory reads no clock, so it is the
//   same in backtest and live, and a test needs no clock at all.
// - Deterministic: client order ids are NautilusTrader's `O-YYYYMMDD-HHMMSS-TTT-SSS-C` (UTC date and
//   time of `tsInit`, trader tag, strategy tag, per-factory counter), list ids the same with `OL-`,
//   and event ids come from a `SeededGenerator` the factory owns. Two factories built with the same
//   ids and seed and asked the same things give identical orders, byte for byte.
// - A maker whose parameters fail validation throws and leaves no trace: the counter and the
//   generator are restored, so a rejected order does not shift the ids of the next ones.
// - A final class: a copy of a value-typed factory would repeat its ids.

public import KeelCore

/// Creates a strategy's orders and order lists, with deterministic ids.
public final class OrderFactory {
    /// The trader the orders belong to.
    public let traderId: TraderId
    /// The strategy creating the orders.
    public let strategyId: StrategyId
    /// The seed of the generator that draws event ids.
    public let seed: UInt64
    /// The number of client order ids generated so far; the next id ends in `clientOrderIdCount + 1`.
    ///
    /// Set it after a restart to continue the sequence.
    public var clientOrderIdCount: Int
    /// The number of order list ids generated so far; the next id ends in `orderListIdCount + 1`.
    public var orderListIdCount: Int
    var generator: SeededGenerator
    // Ids are a stem plus the counter (`counterText`): S1 makes 31,591 of them, and built as `String`s with a
    // date conversion each one cost ~8,000 instructions. The stems `O-YYYYMMDD-HHMMSS-TTT-SSS-` and `OL-…` are
    // kept for the second they were made for (a bracket's ids share one) and rebuilt from bytes.
    private let suffixText: InlineText
    private var stemSecond: UInt64 = .max
    private var orderStem = InlineText.empty
    private var listStem = InlineText.empty
    private var tagBytes: [UInt8] = []
    /// The scope of the last order made (its instrument's), shared by the orders made in that instrument.
    private var lastScope: OrderInitialized.Scope?

    /// Creates a factory for `strategyId`'s orders.
    ///
    /// - Parameters:
    ///   - traderId: The trader; its tag (the text after the last `-`) goes into every id.
    ///   - strategyId: The strategy; its tag goes into every id.
    ///   - seed: The seed of the generator that draws event ids.
    ///   - clientOrderIdCount: The count to continue client order ids from (0 for a fresh start).
    ///   - orderListIdCount: The count to continue order list ids from.
    public init(
        traderId: TraderId, strategyId: StrategyId, seed: UInt64, clientOrderIdCount: Int = 0, orderListIdCount: Int = 0
    ) {
        precondition(clientOrderIdCount >= 0 && orderListIdCount >= 0, "Invariant: id counters are not negative")
        self.traderId = traderId
        self.strategyId = strategyId
        self.seed = seed
        self.clientOrderIdCount = clientOrderIdCount
        self.orderListIdCount = orderListIdCount
        self.generator = SeededGenerator(seed: seed)
        self.suffixText = InlineText("\(Self.tag(traderId.value))-\(Self.tag(strategyId.value))-")
    }

    /// Restarts both counters at zero and the event id generator at its seed.
    public func reset() {
        clientOrderIdCount = 0
        orderListIdCount = 0
        generator = SeededGenerator(seed: seed)
    }

    /// Returns the next client order id, e.g. `O-20120201-002900-001-000-31`.
    ///
    /// Traps if the id exceeds 63 bytes (trader and strategy tags of about 20 characters each).
    public func generateClientOrderId(tsInit: UnixNanos) -> ClientOrderId {
        clientOrderIdCount += 1
        return ClientOrderId(uncheckedText: identifier(list: false, tsInit, clientOrderIdCount))
    }

    /// Returns the next order list id, e.g. `OL-20120201-002900-001-000-1`.
    public func generateOrderListId(tsInit: UnixNanos) -> OrderListId {
        orderListIdCount += 1
        return OrderListId(uncheckedText: identifier(list: true, tsInit, orderListIdCount))
    }

    /// Returns the next event id from the factory's seeded generator.
    public func generateEventId() -> UUID4 { UUID4(using: &generator) }

    /// `<prefix>-YYYYMMDD-HHMMSS-<trader tag>-<strategy tag>-<count>`; traps beyond 63 bytes.
    private func identifier(list: Bool, _ ts: UnixNanos, _ count: Int) -> InlineText {
        let second = ts.rawValue / UnixNanos.nanosPerSecond
        if second != stemSecond, stemSecond != .max, second / 86_400 == stemSecond / 86_400 {
            // The same UTC day: only the `HHMMSS` of the stems' `YYYYMMDD-HHMMSS` tags changes. The tag always has
            // 15 bytes, so its time sits at a fixed place after the prefix and its dash (S1 makes a new stem for
            // nearly every bracket; rebuilding both from the date cost ~1,100 instructions).
            let secondOfDay = second % 86_400
            Self.writeTime(secondOfDay, into: &orderStem, at: 2 + 9)
            Self.writeTime(secondOfDay, into: &listStem, at: 3 + 9)
            stemSecond = second
        } else if second != stemSecond {
            tagBytes.removeAll(keepingCapacity: true)
            ts.appendDatetimeTag(to: &tagBytes)
            let tag = tagBytes.withUnsafeBufferPointer { InlineText(uncheckedTag: $0) }
            guard let tail = InlineText.joined(tag, UInt8(ascii: "-"), suffixText),
                let order = InlineText.joined(Self.orderPrefix, UInt8(ascii: "-"), tail),
                let list = InlineText.joined(Self.listPrefix, UInt8(ascii: "-"), tail)
            else {
                preconditionFailure("Invariant: a generated order id fits 63 bytes (\(tag)-\(suffixText))")
            }
            (orderStem, listStem, stemSecond) = (order, list, second)
        }
        let stem = list ? listStem : orderStem
        guard let text = counterText(stem, count) else {
            preconditionFailure("Invariant: a generated order id fits 63 bytes (\(stem)\(count))")
        }
        return text
    }

    /// The trader, strategy and `instrumentId` of an order, shared with the last order made if it is in the same
    /// instrument.
    func scope(for instrumentId: InstrumentId) -> OrderInitialized.Scope {
        if let lastScope, lastScope.instrumentId == instrumentId { return lastScope }
        let scope = OrderInitialized.Scope(traderId: traderId, strategyId: strategyId, instrumentId: instrumentId)
        lastScope = scope
        return scope
    }

    /// Writes `secondOfDay` as `HHMMSS` into `text` at byte `offset`.
    private static func writeTime(_ secondOfDay: UInt64, into text: inout InlineText, at offset: Int) {
        precondition(offset + 6 <= text.count, "Invariant: an id stem holds its datetime tag")
        let parts = (secondOfDay / 3600, secondOfDay / 60 % 60, secondOfDay % 60)
        withUnsafeMutableBytes(of: &text) { raw in
            raw[offset] = UInt8(truncatingIfNeeded: 48 + parts.0 / 10)
            raw[offset + 1] = UInt8(truncatingIfNeeded: 48 + parts.0 % 10)
            raw[offset + 2] = UInt8(truncatingIfNeeded: 48 + parts.1 / 10)
            raw[offset + 3] = UInt8(truncatingIfNeeded: 48 + parts.1 % 10)
            raw[offset + 4] = UInt8(truncatingIfNeeded: 48 + parts.2 / 10)
            raw[offset + 5] = UInt8(truncatingIfNeeded: 48 + parts.2 % 10)
        }
    }

    private static let orderPrefix = InlineText("O")
    private static let listPrefix = InlineText("OL")

    /// The text after the last `-` (the whole text if there is none).
    static func tag(_ text: String) -> Substring {
        guard let dash = text.lastIndex(of: "-") else { return Substring(text) }
        return text[text.index(after: dash)...]
    }

    /// Builds an order from the event `build` makes for the next ids; on a validation error restores
    /// the counter and the generator and rethrows.
    func make(
        tsInit: UnixNanos, clientOrderId: ClientOrderId?,
        _ build: (_ clientOrderId: ClientOrderId, _ eventId: UUID4) -> OrderInitialized
    ) throws(ValidationError) -> Order {
        let saved = (clientOrderIdCount, generator)
        let id = clientOrderId ?? generateClientOrderId(tsInit: tsInit)
        do {
            return try Order(build(id, generateEventId()))
        } catch {
            (clientOrderIdCount, generator) = saved
            throw error
        }
    }
}

extension InlineText {
    /// The `YYYYMMDD-HHMMSS` tag `UnixNanos.appendDatetimeTag(to:)` wrote (printable ASCII by construction).
    fileprivate init(uncheckedTag bytes: UnsafeBufferPointer<UInt8>) {
        do { self = try InlineText(validatingBytes: bytes, kind: "datetime tag") } catch {
            preconditionFailure("Invariant: a datetime tag is identifier text (\(error))")
        }
    }
}
