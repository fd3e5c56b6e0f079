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
    private let datetimeSuffix: String
    // Ids are assembled as bytes (S1 makes 31,591 of them; with `String` concatenation and a date
    // conversion each one cost ~8,000 instructions). Orders come in bursts within one second, so the
    // `YYYYMMDD-HHMMSS` tag is kept for the second it was made for.
    private var idBytes: [UInt8] = []
    private var tagSecond: UInt64 = .max
    private var tagBytes: [UInt8] = []

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
        self.datetimeSuffix = "-\(Self.tag(traderId.value))-\(Self.tag(strategyId.value))-"
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
        return ClientOrderId(uncheckedText: identifier("O", tsInit, clientOrderIdCount, kind: ClientOrderId.kind))
    }

    /// Returns the next order list id, e.g. `OL-20120201-002900-001-000-1`.
    public func generateOrderListId(tsInit: UnixNanos) -> OrderListId {
        orderListIdCount += 1
        return OrderListId(uncheckedText: identifier("OL", tsInit, orderListIdCount, kind: OrderListId.kind))
    }

    /// Returns the next event id from the factory's seeded generator.
    public func generateEventId() -> UUID4 { UUID4(using: &generator) }

    /// `<prefix>-YYYYMMDD-HHMMSS-<trader tag>-<strategy tag>-<count>`; traps beyond 63 bytes.
    private func identifier(_ prefix: StaticString, _ ts: UnixNanos, _ count: Int, kind: String) -> InlineText {
        let second = ts.rawValue / UnixNanos.nanosPerSecond
        if second != tagSecond {
            tagSecond = second
            tagBytes.removeAll(keepingCapacity: true)
            ts.appendDatetimeTag(to: &tagBytes)
        }
        idBytes.removeAll(keepingCapacity: true)
        prefix.withUTF8Buffer { idBytes.append(contentsOf: $0) }
        idBytes.append(UInt8(ascii: "-"))
        idBytes.append(contentsOf: tagBytes)
        idBytes.append(contentsOf: datetimeSuffix.utf8)
        idBytes.append(contentsOf: String(count).utf8)
        do {
            return try idBytes.withUnsafeBufferPointer { bytes throws(ParseError) in try InlineText(validatingBytes: bytes, kind: kind) }
        } catch {
            preconditionFailure("Invariant: a generated order id fits 63 bytes (\(error))")
        }
    }

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
