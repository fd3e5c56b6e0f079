import KeelCache
import KeelCommon
import KeelCore
import KeelExecution
import KeelModel
import KeelTestKit

/// A kernel's execution spine for tests: the real bus, cache, clock and engine, one `TestExecutionClient`, and
/// recorders of everything published on order, position and fill topics (in one list, in publication order).
final class ExecutionHarness {
    static let traderId = TraderId("TRADER-001")
    static let strategy = StrategyId("S-001")
    static let t0 = UnixNanos(seconds: 1_700_000_000)  // 2023-11-14T22:13:20Z
    static let eurusd = TestInstruments.eurusdSim
    static let usdjpy = TestInstruments.usdjpySim

    let clock = TestClock(time: t0)
    let bus = MessageBus(traderId: traderId)
    let cache = Cache()
    let engine: ExecutionEngine
    let client: TestExecutionClient
    let factory: OrderFactory

    /// Everything published on `events.order.*`, `events.position.*` and `events.fills.*`, as text.
    var log: [String] = []
    var orderEvents: [OrderEvent] = []
    var positionEvents: [PositionEvent] = []
    var fills: [OrderFilled] = []

    init(oms: OmsType = .netting, accountType: AccountType = .margin, seed: UInt64 = 42, config: ExecutionEngineConfig = ExecutionEngineConfig()) {
        engine = ExecutionEngine(traderId: Self.traderId, msgbus: bus, cache: cache, clock: clock, config: config, seed: seed)
        engine.register()
        client = TestExecutionClient(accountType: accountType, omsType: oms, msgbus: bus, clock: clock)
        engine.register(client: client)
        factory = OrderFactory(traderId: Self.traderId, strategyId: Self.strategy, seed: 1)
        cache.add(instrument: Self.eurusd.instrument)
        cache.add(instrument: Self.usdjpy.instrument)
        bus.subscribe(pattern: "events.order.*", as: OrderEvent.self) { [unowned self] in
            orderEvents.append($0)
            log.append("order \($0.name) \($0.clientOrderId) \($0.eventId)")
        }
        bus.subscribe(pattern: "events.position.*", as: PositionEvent.self) { [unowned self] in
            positionEvents.append($0)
            log.append("position \($0.kind) \($0.positionId) \($0.side) \($0.quantity) \($0.realizedPnl) \($0.eventId)")
        }
        bus.subscribe(pattern: "events.fills.*", as: OrderFilled.self) { [unowned self] in
            fills.append($0)
            log.append("fill \($0.tradeId) \($0.positionId?.value ?? "-") \($0.lastQty)@\($0.lastPx)")
        }
    }

    func advance(seconds: UInt64) { clock.advanceTime(to: clock.timestampNs + .seconds(seconds)) }

    func limit(_ side: OrderSide = .buy, _ quantity: Int64 = 100_000, _ price: String = "1.10000", reduceOnly: Bool = false) -> Order {
        try! factory.limit(
            instrumentId: Self.eurusd.id, side: side, quantity: Quantity(units: quantity), price: Price(price), tsInit: clock.timestampNs,
            reduceOnly: reduceOnly)
    }

    func market(_ side: OrderSide = .buy, _ quantity: Int64 = 100_000, instrument: InstrumentId = eurusd.id) -> Order {
        try! factory.market(instrumentId: instrument, side: side, quantity: Quantity(units: quantity), tsInit: clock.timestampNs)
    }

    func submitCommand(_ order: Order, positionId: PositionId? = nil, clientId: ClientId? = nil) -> SubmitOrder {
        SubmitOrder(
            traderId: Self.traderId, strategyId: order.strategyId, order: order.initializedEvent, positionId: positionId,
            clientId: clientId, commandId: UUID4(high: 1, low: UInt64(orderEvents.count)), tsInit: clock.timestampNs)
    }

    /// Adds `order` to the cache (as the strategy does) and sends its submit through the engine's endpoint.
    func submit(_ order: Order, positionId: PositionId? = nil, clientId: ClientId? = nil) {
        cache.add(order: order, positionId: positionId)
        bus.send(Endpoints.executionExecute, .submitOrder(submitCommand(order, positionId: positionId, clientId: clientId)))
    }

    /// Submits `order` and has the venue report submitted, accepted and one full fill at `price`.
    func trade(_ order: Order, at price: String, commission: String? = nil, positionId: PositionId? = nil) {
        submit(order)
        client.submitted(order)
        client.accepted(order)
        client.filled(order, price: try! Price(price), positionId: positionId, commission: commission.map { try! Money($0, .usd) })
    }

    func cancelCommand(_ order: Order, clientId: ClientId? = nil) -> TradingCommand {
        .cancelOrder(CancelOrder(
            traderId: Self.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
            venueOrderId: order.venueOrderId, clientId: clientId, commandId: UUID4(high: 2, low: 0), tsInit: clock.timestampNs))
    }
}

func px(_ text: String) -> Price { try! Price(text) }
func qty(_ units: Int64) -> Quantity { Quantity(units: units) }
func usd(_ text: String) -> Money { try! Money(text, .usd) }
