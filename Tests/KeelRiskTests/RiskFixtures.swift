// Fixtures for the risk engine tests: the real MessageBus, Cache and TestClock, a recorder on the
// execution engine's endpoints, and a settable PortfolioFacade.
//
// The portfolio is a stand-in that returns what a test sets: KeelPortfolio is written in parallel, and the
// kernel-level tests exercise the risk engine against the real one.

import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelRisk
import KeelTestKit

/// A PortfolioFacade that answers with the values a test sets.
final class StubPortfolio: PortfolioFacade {
    var netPositions: [InstrumentId: Int64] = [:]
    var exposures: [InstrumentId: Money] = [:]
    var unrealizedByVenue: [Venue: [Money]] = [:]
    var realizedByVenue: [Venue: [Money]] = [:]

    func account(for venue: Venue) -> Account? { nil }
    func marginsInit(venue: Venue) -> [(InstrumentId, Money)] { [] }
    func marginsMaint(venue: Venue) -> [(InstrumentId, Money)] { [] }
    func unrealizedPnls(venue: Venue) -> [Money] { unrealizedByVenue[venue] ?? [] }
    func realizedPnls(venue: Venue) -> [Money] { realizedByVenue[venue] ?? [] }
    func netExposures(venue: Venue) -> [Money] { [] }
    func unrealizedPnl(_ instrumentId: InstrumentId) -> Money? { nil }
    func realizedPnl(_ instrumentId: InstrumentId) -> Money? { nil }
    func netExposure(_ instrumentId: InstrumentId) -> Money? { exposures[instrumentId] }
    func netPositionRaw(_ instrumentId: InstrumentId) -> Int64 { netPositions[instrumentId] ?? 0 }
    func isNetLong(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) > 0 }
    func isNetShort(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) < 0 }
    func isFlat(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) == 0 }
    func isCompletelyFlat() -> Bool { netPositions.values.allSatisfy { $0 == 0 } }

    /// Sets the net position in `instrumentId` to `units` whole units (negative: short).
    func setNet(_ instrumentId: InstrumentId, units: Int64) { netPositions[instrumentId] = units * FixedPoint.scale }
}

/// A kernel's worth of parts around one risk engine, with everything it sends recorded.
final class RiskHarness {
    static let traderId = TraderId("TRADER-001")
    static let strategyId = StrategyId("S-001")
    static let sim = Venue("SIM")
    static let gbpusd = TestInstruments.gbpusdSim
    /// 2024-01-02T00:00:00Z.
    static let start = UnixNanos(seconds: 1_704_153_600)

    let msgbus = MessageBus(traderId: RiskHarness.traderId)
    let cache = Cache()
    let clock = TestClock(time: RiskHarness.start)
    let portfolio = StubPortfolio()
    let factory = OrderFactory(traderId: RiskHarness.traderId, strategyId: RiskHarness.strategyId, seed: 7)
    let engine: RiskEngine

    var executed: [TradingCommand] = []
    var processed: [OrderEvent] = []
    var stateChanges: [TradingStateChanged] = []

    init(config: RiskEngineConfig = RiskEngineConfig(), instruments: [Instrument] = [RiskHarness.gbpusd.instrument]) {
        engine = RiskEngine(
            traderId: Self.traderId, msgbus: msgbus, cache: cache, portfolio: portfolio, clock: clock, config: config,
            seed: 42)
        engine.register()
        msgbus.register(Endpoints.executionExecute) { [unowned self] in executed.append($0) }
        msgbus.register(Endpoints.executionProcess) { [unowned self] in processed.append($0) }
        msgbus.subscribe(Topics.tradingState) { [unowned self] in stateChanges.append($0) }
        for instrument in instruments { cache.add(instrument: instrument) }
    }

    var now: UnixNanos { clock.timestampNs }

    // MARK: Orders

    func limit(
        _ side: OrderSide = .buy, _ quantity: String = "100000", price: String = "1.30000",
        instrumentId: InstrumentId = RiskHarness.gbpusd.id, timeInForce: TimeInForce = .gtc,
        expireTime: UnixNanos? = nil, reduceOnly: Bool = false, quoteQuantity: Bool = false
    ) -> Order {
        requireValid {
            try factory.limit(
                instrumentId: instrumentId, side: side, quantity: try Quantity(quantity), price: try Price(price),
                tsInit: now, timeInForce: timeInForce, expireTime: expireTime, reduceOnly: reduceOnly,
                quoteQuantity: quoteQuantity)
        }
    }

    func market(_ side: OrderSide = .buy, _ quantity: String = "100000", reduceOnly: Bool = false) -> Order {
        requireValid {
            try factory.market(
                instrumentId: Self.gbpusd.id, side: side, quantity: try Quantity(quantity), tsInit: now,
                reduceOnly: reduceOnly)
        }
    }

    func stopMarket(_ side: OrderSide = .sell, _ quantity: String = "100000", trigger: String = "1.20000") -> Order {
        requireValid {
            try factory.stopMarket(
                instrumentId: Self.gbpusd.id, side: side, quantity: try Quantity(quantity), triggerPrice: try Price(trigger),
                tsInit: now)
        }
    }

    // MARK: Commands

    /// Adds `order` to the cache (as a strategy does) and submits it through the risk endpoint.
    @discardableResult
    func submit(_ order: Order, positionId: PositionId? = nil, addToCache: Bool = true) -> Order {
        if addToCache { cache.add(order: order) }
        msgbus.send(
            Endpoints.riskExecute,
            .submitOrder(SubmitOrder(
                traderId: Self.traderId, strategyId: Self.strategyId, order: order.initializedEvent, positionId: positionId,
                commandId: factory.generateEventId(), tsInit: now)))
        return order
    }

    /// Submits `orders` as one list.
    func submitList(_ orders: [Order], listId: OrderListId = OrderListId("OL-1")) {
        for order in orders { cache.add(order: order) }
        msgbus.send(
            Endpoints.riskExecute,
            .submitOrderList(SubmitOrderList(
                traderId: Self.traderId, strategyId: Self.strategyId, orderListId: listId,
                instrumentId: orders[0].instrumentId, orders: orders.map(\.initializedEvent),
                commandId: factory.generateEventId(), tsInit: now)))
    }

    func modify(_ order: Order, quantity: String? = nil, price: String? = nil, trigger: String? = nil) {
        msgbus.send(
            Endpoints.riskExecute,
            .modifyOrder(ModifyOrder(
                traderId: Self.traderId, strategyId: Self.strategyId, instrumentId: order.instrumentId,
                clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId,
                quantity: quantity.map(qty), price: price.map(px), triggerPrice: trigger.map(px),
                commandId: factory.generateEventId(),
                tsInit: now)))
    }

    func cancel(_ order: Order) {
        msgbus.send(
            Endpoints.riskExecute,
            .cancelOrder(CancelOrder(
                traderId: Self.traderId, strategyId: Self.strategyId, instrumentId: order.instrumentId,
                clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, commandId: factory.generateEventId(),
                tsInit: now)))
    }

    /// Applies submitted and accepted events to `order`, so it is open at the venue.
    func makeOpen(_ order: Order) {
        requireValid { try order.apply(TestOrderEvents.submitted(order, at: now)) }
        requireValid { try order.apply(TestOrderEvents.accepted(order, venueOrderId: VenueOrderId("V-1"), at: now)) }
        cache.updateOrder(order)
    }

    // MARK: Market and accounts

    func quote(bid: String, ask: String) {
        cache.add(quote: requireValid {
            QuoteTick(
                instrumentId: Self.gbpusd.id, bidPrice: try Price(bid), askPrice: try Price(ask),
                bidSize: Quantity(units: 1_000_000), askSize: Quantity(units: 1_000_000), tsEvent: now, tsInit: now)
        })
    }

    /// Adds a USD cash account `SIM-001` with `balance`.
    /// Adds a margin account with `balance` USD (margin accounts skip the cash free-balance checks, so the
    /// portfolio-limit tests see the limit they test).
    func addAccount(balance: String) {
        let total = requireValid { try Money(balance, .usd) }
        let state = AccountState(
            accountId: AccountId("SIM-001"), accountType: .margin, baseCurrency: .usd,
            balances: [AccountBalance(total: total, locked: .zero(.usd))], isReported: true,
            eventId: factory.generateEventId(), tsEvent: now, tsInit: now)
        cache.add(account: requireValid { try Account(state) })
    }

    /// Opens a position `positionId` of `quantity` on `side` in `instrument` from one fill, and caches it.
    @discardableResult
    func openPosition(
        _ side: OrderSide, _ quantity: String, positionId: PositionId, instrument: CurrencyPair = RiskHarness.gbpusd,
        price: String = "1.30000"
    ) -> Position {
        let order = requireValid {
            try factory.market(instrumentId: instrument.id, side: side, quantity: try Quantity(quantity), tsInit: now)
        }
        let fill = TestOrderEvents.filled(
            order, quantity: order.quantity, price: requireValid { try Price(price) }, at: now, positionId: positionId)
        let position = Position(instrument: instrument, fill: fill)
        cache.add(position: position, oms: .hedging)
        return position
    }

    // MARK: What came out

    var denials: [OrderDenied] {
        processed.compactMap { if case .denied(let d) = $0 { d } else { nil } }
    }
    var denialReasons: [String] { denials.map(\.reason) }
    var modifyRejections: [OrderModifyRejected] {
        processed.compactMap { if case .modifyRejected(let r) = $0 { r } else { nil } }
    }
}

func usd(_ text: String) -> Money { requireValid { try Money(text, .usd) } }
func qty(_ text: String) -> Quantity { requireValid { try Quantity(text) } }
func px(_ text: String) -> Price { requireValid { try Price(text) } }
