import KeelBacktest
import KeelCache
import KeelCommon
import KeelCore
import KeelExecution
import KeelModel
import KeelTestKit

/// A kernel's execution spine around a simulated venue: the real bus, cache, clock and execution engine, a
/// `SimulatedExchange` (GBP/USD.SIM, NautilusTrader's default FX instrument) and its `BacktestExecutionClient`,
/// with every order event published to the strategy recorded in order.
final class BacktestHarness {
    static let traderId = TraderId("BACKTESTER-001")
    static let strategy = StrategyId("S-001")
    static let gbpusd = TestInstruments.gbpusdSim
    /// 2012-02-01T00:29:00Z, the minute of RESULTS.md caveat 1.
    static let t0 = UnixNanos(seconds: 1_328_056_140)

    let clock = TestClock(time: t0)
    let bus = MessageBus(traderId: traderId)
    let cache = Cache()
    let engine: ExecutionEngine
    let exchange: SimulatedExchange
    let client: BacktestExecutionClient
    let factory: OrderFactory
    var events: [OrderEvent] = []

    init(
        oms: OmsType = .hedging, rejectStopOrders: Bool = true, fillModel: FillModel = FillModel(),
        feeModel: FeeModel = .makerTaker, latency: LatencyModel? = nil, adaptiveBars: Bool = false
    ) {
        engine = ExecutionEngine(traderId: Self.traderId, msgbus: bus, cache: cache, clock: clock, seed: 3)
        engine.register()
        let config = SimulatedVenueConfig(
            venue: Venue("SIM"), omsType: oms, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try! Money("100000", .usd)], defaultLeverage: 10,
            barAdaptiveHighLowOrdering: adaptiveBars, rejectStopOrders: rejectStopOrders, fillModel: fillModel,
            feeModel: feeModel, latencyModel: latency)
        exchange = SimulatedExchange(config: config, cache: cache, msgbus: bus)
        exchange.add(instrument: Self.gbpusd.instrument)
        client = BacktestExecutionClient(exchange: exchange, msgbus: bus, clock: clock)
        engine.register(client: client)
        factory = OrderFactory(traderId: Self.traderId, strategyId: Self.strategy, seed: 1)
        cache.add(instrument: Self.gbpusd.instrument)
        bus.subscribe(pattern: "events.order.*", as: OrderEvent.self) { [unowned self] in events.append($0) }
    }

    var matching: OrderMatchingEngine { exchange.matchingEngine(Self.gbpusd.id)! }
    var now: UnixNanos { clock.timestampNs }

    func advance(seconds: UInt64) { clock.setTime(now + .seconds(seconds)) }

    /// Feeds a quote at the clock's time, then lets the venue process queued commands (the engine loop's order).
    func quote(_ bid: String, _ ask: String, size: Int64 = 1_000_000) {
        exchange.process(quote: QuoteTick(
            instrumentId: Self.gbpusd.id, bidPrice: px(bid), askPrice: px(ask), bidSize: qty(size), askSize: qty(size),
            tsEvent: now, tsInit: now))
        exchange.process(now)
    }

    func bar(_ type: PriceType, _ o: String, _ h: String, _ l: String, _ c: String, at ts: UnixNanos? = nil) {
        let ts = ts ?? now
        let barType = BarType(
            instrumentId: Self.gbpusd.id, spec: BarSpecification(step: 1, aggregation: .minute, priceType: type))
        exchange.process(bar: Bar(
            barType: barType, open: px(o), high: px(h), low: px(l), close: px(c), volume: qty(1_000_000), tsEvent: ts,
            tsInit: ts))
    }

    /// Sends `order` through the execution engine and lets the venue process it now.
    func submit(_ order: Order, positionId: PositionId? = nil, process: Bool = true) {
        cache.add(order: order, positionId: positionId)
        bus.send(Endpoints.executionExecute, .submitOrder(SubmitOrder(
            traderId: Self.traderId, strategyId: order.strategyId, order: order.initializedEvent, positionId: positionId,
            commandId: UUID4(high: 9, low: UInt64(events.count)), tsInit: now)))
        if process { exchange.process(now) }
    }

    func submit(_ list: OrderList) {
        for order in list.orders { cache.add(order: order, positionId: nil) }
        bus.send(Endpoints.executionExecute, .submitOrderList(SubmitOrderList(
            traderId: Self.traderId, strategyId: Self.strategy, orderListId: list.id, instrumentId: list.instrumentId,
            orders: list.orders.map(\.initializedEvent), commandId: UUID4(high: 8, low: UInt64(events.count)), tsInit: now)))
        exchange.process(now)
    }

    func cancel(_ order: Order) {
        bus.send(Endpoints.executionExecute, .cancelOrder(CancelOrder(
            traderId: Self.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, commandId: UUID4(high: 7, low: 0),
            tsInit: now)))
        exchange.process(now)
    }

    func modify(_ order: Order, quantity: Quantity? = nil, price: Price? = nil, trigger: Price? = nil) {
        bus.send(Endpoints.executionExecute, .modifyOrder(ModifyOrder(
            traderId: Self.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, quantity: quantity, price: price,
            triggerPrice: trigger, commandId: UUID4(high: 6, low: 0), tsInit: now)))
        exchange.process(now)
    }

    // MARK: Orders

    func limit(_ side: OrderSide, _ price: String, tif: TimeInForce = .gtc, expire: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false) -> Order {
        try! factory.limit(
            instrumentId: Self.gbpusd.id, side: side, quantity: qty(1_000), price: px(price), tsInit: now, timeInForce: tif,
            expireTime: expire, postOnly: postOnly, reduceOnly: reduceOnly)
    }

    func market(_ side: OrderSide, reduceOnly: Bool = false) -> Order {
        try! factory.market(instrumentId: Self.gbpusd.id, side: side, quantity: qty(1_000), tsInit: now, reduceOnly: reduceOnly)
    }

    func stopMarket(_ side: OrderSide, _ trigger: String) -> Order {
        try! factory.stopMarket(instrumentId: Self.gbpusd.id, side: side, quantity: qty(1_000), triggerPrice: px(trigger), tsInit: now)
    }

    func limitIfTouched(_ side: OrderSide, _ price: String, _ trigger: String) -> Order {
        try! factory.limitIfTouched(
            instrumentId: Self.gbpusd.id, side: side, quantity: qty(1_000), price: px(price), triggerPrice: px(trigger), tsInit: now)
    }

    /// S1's bracket: LIT entry at `close` (GTD now + 30 s), SL STOP_MARKET and TP LIMIT at ±`distance`.
    func bracket(
        _ side: OrderSide, entry: String, stopLoss: String, takeProfit: String, contingency: ContingencyType = .ouo
    ) -> OrderList {
        try! factory.bracket(
            instrumentId: Self.gbpusd.id, side: side, quantity: qty(1_000),
            entry: .limitIfTouched(price: px(entry), triggerPrice: px(entry)),
            stopLoss: .stopMarket(triggerPrice: px(stopLoss)), takeProfit: .limit(price: px(takeProfit)), tsInit: now,
            entryTimeInForce: .gtd, entryExpireTime: now + .seconds(30), contingencyType: contingency)
    }

    // MARK: Reading

    func names(_ order: Order) -> [String] { events.filter { $0.clientOrderId == order.clientOrderId }.map(\.name) }

    func fills(_ order: Order) -> [OrderFilled] {
        events.compactMap { if case .filled(let f) = $0, f.clientOrderId == order.clientOrderId { f } else { nil } }
    }

    func rejection(_ order: Order) -> OrderRejected? {
        events.lazy.compactMap { if case .rejected(let r) = $0, r.clientOrderId == order.clientOrderId { r } else { nil } }.first
    }
}

func px(_ text: String) -> Price { try! Price(text) }
func qty(_ units: Int64) -> Quantity { Quantity(units: units) }

/// Collects the events a matching engine sends to its sink.
final class EventRecorder {
    var events: [OrderEvent] = []
    func record(_ event: OrderEvent) { events.append(event) }
}
