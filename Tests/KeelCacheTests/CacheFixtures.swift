import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// Orders, fills and market data for cache tests, through the production initialisers; `apply` drives an
/// order the way the execution engine does (apply the event, then `updateOrder`).
enum CacheFixtures {
    static let eurusd = TestInstruments.eurusdSim
    static let gbpusd = TestInstruments.gbpusdSim
    static let esh4 = TestInstruments.esh4Glbx
    static let t0 = UnixNanos(seconds: 1_700_000_000)
    static let strategy = StrategyId("S-001")
    static let otherStrategy = StrategyId("S-002")

    static func at(_ seconds: UInt64) -> UnixNanos { t0 + .seconds(seconds) }
    static func px(_ text: String) -> Price { try! Price(text) }

    static func factory(_ strategyId: StrategyId = strategy) -> OrderFactory {
        OrderFactory(traderId: TraderId("TRADER-001"), strategyId: strategyId, seed: 1)
    }

    static func limit(
        _ factory: OrderFactory, _ instrument: some InstrumentDefinition = eurusd, side: OrderSide = .buy,
        quantity: Int64 = 100_000, price: String = "1.10000", emulation: TriggerType? = nil
    ) -> Order {
        try! factory.limit(
            instrumentId: instrument.id, side: side, quantity: Quantity(units: quantity), price: px(price), tsInit: at(0),
            emulationTrigger: emulation)
    }

    static func apply(_ order: Order, _ event: OrderEvent, in cache: Cache) {
        try! order.apply(event)
        cache.updateOrder(order)
    }

    static func fill(_ order: Order, _ quantity: Int64, _ price: String = "1.10000", at ts: UInt64, position: PositionId? = nil) -> OrderFilled {
        TestOrderEvents.filled(order, quantity: Quantity(units: quantity), price: px(price), at: at(ts), positionId: position)
    }

    /// An order added and brought to ACCEPTED with venue order id `venueId`.
    static func accepted(_ order: Order, venueId: String, in cache: Cache) -> Order {
        cache.add(order: order)
        apply(order, TestOrderEvents.submitted(order, at: at(1)), in: cache)
        apply(order, TestOrderEvents.accepted(order, venueOrderId: VenueOrderId(venueId), at: at(2)), in: cache)
        return order
    }

    static func quote(_ instrument: some InstrumentDefinition = eurusd, bid: String, ask: String, at ts: UInt64) -> QuoteTick {
        QuoteTick(
            instrumentId: instrument.id, bidPrice: px(bid), askPrice: px(ask), bidSize: Quantity(units: 1_000_000),
            askSize: Quantity(units: 1_000_000), tsEvent: at(ts), tsInit: at(ts))
    }

    static func trade(_ instrument: some InstrumentDefinition = eurusd, price: String, at ts: UInt64) -> TradeTick {
        TradeTick(
            instrumentId: instrument.id, price: px(price), size: Quantity(units: 1_000), aggressorSide: .buyer,
            tradeId: TradeId("T-\(ts)"), tsEvent: at(ts), tsInit: at(ts))
    }
}

/// Records that the cache is consistent, naming what is not.
func expectConsistent(_ cache: Cache, sourceLocation: SourceLocation = #_sourceLocation) {
    let problems = cache.checkIntegrity()
    #expect(problems.isEmpty, "\(problems)", sourceLocation: sourceLocation)
}
