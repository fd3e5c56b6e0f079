import KeelCache
import KeelCommon
import KeelCore
import KeelData
import KeelExecution
import KeelModel
import KeelPortfolio
import KeelRisk
import KeelSystem
import KeelTestKit
import KeelTrading
import Testing

/// A strategy that records everything it is handed, and what the cache held at that moment.
final class RecordingStrategy: Strategy {
    let instrumentId: InstrumentId
    var log: [String] = []

    init(instrumentId: InstrumentId) {
        self.instrumentId = instrumentId
        super.init(config: StrategyConfig(strategyId: StrategyId("Recorder-001")))
    }

    override func onStart() { subscribeQuotes(instrumentId) }

    override func onQuote(_ quote: QuoteTick) {
        log.append("quote \(quote.bidPrice) cache \(cache.quote(for: instrumentId)?.bidPrice.description ?? "none")")
    }

    override func onOrderEvent(_ event: OrderEvent) {
        log.append("\(event.name) \(cache.order(event.clientOrderId)?.status.description ?? "?")")
    }

    override func onPositionEvent(_ event: PositionEvent) {
        log.append("\(event.kind) \(event.side) \(event.quantity)")
    }

    func buy(_ units: Int64) -> Order {
        let order = try! orderFactory.market(instrumentId: instrumentId, side: .buy, quantity: Quantity(units: units), tsInit: clock.timestampNs)
        submitOrder(order)
        return order
    }
}

/// A kernel as a backtest or sandbox would build it, with the test clients of KeelTestKit.
final class KernelRig {
    static let t0 = UnixNanos(seconds: 1_577_898_000)  // 2020-01-01T17:00:00Z
    let clock = TestClock(time: t0)
    let kernel: Kernel
    let dataClient = TestDataClient(clientId: ClientId("SIM"), venue: Venue("SIM"))
    let execClient: TestExecutionClient
    let strategy: RecordingStrategy
    let instrument = TestInstruments.eurusdSim
    var id: InstrumentId { instrument.spec.id }

    init(bypassRisk: Bool = false) throws {
        kernel = Kernel(config: KernelConfig(traderId: TraderId("TRADER-001"), seed: 1, riskEngine: RiskEngineConfig(bypass: bypassRisk)), clock: clock)
        execClient = TestExecutionClient(venue: Venue("SIM"), omsType: .netting, msgbus: kernel.msgbus, clock: clock)
        kernel.addDataClient(dataClient)
        kernel.addExecutionClient(execClient)
        kernel.cache.add(instrument: instrument.instrument)
        kernel.portfolio.setAccountSettings(
            AccountSettings(isCalculated: true, allowsBorrowing: false, marginModel: .leveraged, defaultLeverage: try Rate("10")),
            for: execClient.accountId)
        let start = try Money("1000000.00", .usd)
        execClient.reportAccount(balances: [AccountBalance(total: start, locked: .zero(.usd), free: start)])
        strategy = RecordingStrategy(instrumentId: instrument.spec.id)
        kernel.addStrategy(strategy)
        try kernel.start()
    }

    func quote(_ bid: String, _ ask: String) -> QuoteTick {
        QuoteTick(
            instrumentId: id, bidPrice: try! Price(bid), askPrice: try! Price(ask), bidSize: Quantity(units: 1_000_000),
            askSize: Quantity(units: 1_000_000), tsEvent: clock.timestampNs, tsInit: clock.timestampNs)
    }

    func balance() -> Money? { kernel.portfolio.account(for: Venue("SIM"))?.balanceTotal(in: .usd) }
}

@Suite struct KernelTests {
    @Test func lifeOfAQuote() throws {
        let rig = try KernelRig()
        // 1. An adapter produces a quote — first the strategy's subscription reached the data client.
        #expect(rig.dataClient.subscriptions == [.quotes(rig.id)])
        #expect(rig.strategy.state == .running)
        let quote = rig.quote("1.12100", "1.12102")
        // 2. In a backtest the quote is handed to the kernel directly.
        rig.kernel.dataEngine.process(quote: quote)
        // 3. The cache holds it …
        #expect(rig.kernel.cache.quote(for: rig.id) == quote)
        // 4–5. … and the handler ran after the cache write: it saw its own quote there.
        #expect(rig.strategy.log == ["quote 1.12100 cache 1.12100"])
        #expect(rig.kernel.msgbus.subscriberCount(Topics.quotes(rig.id)) >= 1)
        // 6. The portfolio marks open positions with it (none yet: flat, no unrealized PnL).
        #expect(rig.kernel.portfolio.isCompletelyFlat())
        #expect(rig.kernel.dataEngine.dataCount == 1)
    }

    @Test func lifeOfAnOrder() throws {
        let rig = try KernelRig()
        rig.kernel.dataEngine.process(quote: rig.quote("1.12100", "1.12102"))
        rig.strategy.log.removeAll()
        // 1. The strategy creates an order with its factory and submits it: the cache holds it.
        let order = rig.strategy.buy(100_000)
        #expect(rig.kernel.cache.order(order.clientOrderId) === order)
        // 2. The risk engine passed it (nothing denied) …
        #expect(rig.kernel.riskEngine.passedCount == 1)
        // 3–4. … and the execution engine routed it to the venue's client.
        #expect(rig.execClient.commandNames == ["SubmitOrder"])
        #expect(order.status == .initialized)
        // 5. The venue's events come back and are applied, cached, turned into a position and published.
        rig.execClient.submitted(order)
        #expect(order.status == .submitted)
        rig.execClient.accepted(order)
        #expect(rig.kernel.cache.ordersOpen(strategyId: rig.strategy.strategyId).map(\.clientOrderId) == [order.clientOrderId])
        let commission = try Money("2.24", .usd)
        rig.execClient.filled(order, price: try Price("1.12102"), commission: commission)
        #expect(order.status == .filled)
        #expect(rig.strategy.log == [
            "OrderSubmitted SUBMITTED", "OrderAccepted ACCEPTED", "OrderFilled FILLED", "PositionOpened LONG 100000",
        ])
        let positions = rig.kernel.cache.positionsOpen(instrumentId: rig.id)
        #expect(positions.count == 1)
        #expect(positions.first?.quantity == Quantity(units: 100_000))
        #expect(rig.kernel.portfolio.isNetLong(rig.id))
        // The account paid the commission; the position's realized PnL is the commission.
        #expect(rig.balance() == (try Money("999997.76", .usd)))
        // Marking to market: a new quote moves unrealized PnL (long marks at the bid).
        rig.kernel.dataEngine.process(quote: rig.quote("1.12202", "1.12204"))
        #expect(rig.kernel.portfolio.unrealizedPnl(rig.id) == (try Money("100.00", .usd)))
        #expect(rig.kernel.cache.checkIntegrity().isEmpty)
    }

    @Test func aDeniedOrderNeverReachesTheVenue() throws {
        let rig = try KernelRig()
        // Above the instrument's maximum quantity (1e7): the risk engine denies it.
        let order = rig.strategy.buy(20_000_000)
        #expect(rig.execClient.commands.isEmpty)
        #expect(order.status == .denied)
        #expect(rig.strategy.log == ["OrderDenied DENIED"])
        #expect(rig.kernel.riskEngine.deniedCount == 1)
    }

    @Test func lifecycleAndStatePersistence() throws {
        final class Counter: Actor {
            var quotes = 0
            override func onStart() { subscribeQuotes(InstrumentId("EUR/USD.SIM")) }
            override func onQuote(_ quote: QuoteTick) { quotes += 1 }
            override func onSave() -> [String: [UInt8]] { ["quotes": [UInt8(quotes)]] }
            override func onLoad(_ state: [String: [UInt8]]) { quotes = Int(state["quotes"]?.first ?? 0) }
        }
        let rig = try KernelRig()
        let counter = Counter(id: ComponentId("Counter-1"))
        #expect(throws: LifecycleError.self) { try counter.start() }  // not registered: PRE_INITIALIZED
        rig.kernel.addActor(counter)
        try counter.start()
        rig.kernel.dataEngine.process(quote: rig.quote("1.12100", "1.12102"))
        rig.kernel.dataEngine.process(quote: rig.quote("1.12101", "1.12103"))
        try rig.kernel.stop()
        #expect(counter.state == .stopped)
        #expect(rig.strategy.state == .stopped)
        // Data after stop is not delivered.
        rig.kernel.dataEngine.process(quote: rig.quote("1.12102", "1.12104"))
        #expect(counter.quotes == 2)
        #expect(rig.kernel.cache.get(key: "actor-state:Counter-1") != nil)
        try rig.kernel.dispose()
        #expect(counter.state == .disposed)
        #expect(rig.kernel.state == .disposed)
    }

    @Test func aGoneActorLeavesNoHandlerOnTheBus() throws {
        // Data handlers reach actors unretained; an actor's `deinit` cancels its subscriptions.
        final class Counter: Actor {
            override func onStart() { subscribeQuotes(InstrumentId("EUR/USD.SIM")) }
        }
        let bus: MessageBus
        let topic = Topics.quotes(InstrumentId("EUR/USD.SIM"))
        weak var gone: Counter?
        do {
            let rig = try KernelRig()
            let counter = Counter(id: ComponentId("Counter-1"))
            gone = counter
            rig.kernel.addActor(counter)
            try counter.start()
            bus = rig.kernel.msgbus
            #expect(bus.subscriberCount(topic) >= 2)
        }
        #expect(gone == nil)
        #expect(bus.subscriberCount(topic) == 0)
        bus.publish(topic, QuoteTick(
            instrumentId: InstrumentId("EUR/USD.SIM"), bidPrice: try Price("1.10000"), askPrice: try Price("1.10002"),
            bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero))
    }

    @Test func externalOrdersGoToTheClaimingStrategy() throws {
        final class Claimer: Strategy {
            var log: [String] = []
            override func onOrderEvent(_ event: OrderEvent) { log.append("\(event.name) \(event.strategyId)") }
            override func onPositionEvent(_ event: PositionEvent) { log.append("\(event.kind) \(event.strategyId)") }
        }
        let rig = try KernelRig()
        let claimer = Claimer(config: StrategyConfig(strategyId: StrategyId("Claimer-001"), externalOrderClaims: [rig.id]))
        rig.kernel.addStrategy(claimer)
        try claimer.start()
        #expect(rig.kernel.executionEngine.externalOrderClaim(for: rig.id) == claimer.strategyId)
        // An order placed outside Keel (e.g. by hand at the venue) known to the cache as EXTERNAL.
        let outside = OrderFactory(traderId: TraderId("TRADER-001"), strategyId: .external, seed: 3)
        let order = try outside.market(instrumentId: rig.id, side: .buy, quantity: Quantity(units: 1_000), tsInit: rig.clock.timestampNs)
        rig.kernel.cache.add(order: order)
        rig.execClient.submitted(order)
        rig.execClient.accepted(order)
        rig.execClient.filled(order, price: try Price("1.12102"))
        #expect(claimer.log == ["OrderSubmitted EXTERNAL", "OrderAccepted EXTERNAL", "OrderFilled EXTERNAL", "PositionOpened EXTERNAL"])
        #expect(rig.strategy.log.isEmpty, "other strategies do not see them")
    }

    @Test func bookSnapshotsAtAnInterval() throws {
        final class BookWatcher: Actor {
            var bests: [String] = []
            override func onBook(_ book: OrderBook) { bests.append("\(clock.timestampNs.secondsSinceEpoch % 100) \(book.bestBidPrice?.description ?? "-")") }
        }
        let rig = try KernelRig()
        let watcher = BookWatcher(id: ComponentId("Watcher-1"))
        rig.kernel.addActor(watcher)
        try watcher.start()
        try watcher.subscribeBookSnapshots(rig.id, bookType: .l2MBP, interval: .seconds(1))
        #expect(rig.dataClient.subscriptions.contains(.bookDeltas(rig.id, bookType: .l2MBP)))
        let t = rig.clock.timestampNs
        let add = OrderBookDelta(
            instrumentId: rig.id, action: .add,
            order: BookOrder(side: .buy, price: try Price("1.12100"), size: Quantity(units: 5), orderId: 0), flags: 0,
            sequence: 1, tsEvent: t, tsInit: t)
        rig.kernel.dataEngine.process(deltas: OrderBookDeltas(instrumentId: rig.id, deltas: [add]))
        rig.clock.advanceTime(to: t + .milliseconds(2_500))
        #expect(watcher.bests == ["1 1.12100", "2 1.12100"])
    }

    @Test func componentSeedsAreStableAndDistinct() {
        #expect(Kernel.seed(1, "EMACross-001") == Kernel.seed(1, "EMACross-001"))
        #expect(Kernel.seed(1, "EMACross-001") != Kernel.seed(1, "EMACross-002"))
        #expect(Kernel.seed(1, "EMACross-001") != Kernel.seed(2, "EMACross-001"))
    }

    @Test func sameInputsGiveTheSameOrderIdsAndEventIds() throws {
        func run() throws -> [String] {
            let rig = try KernelRig()
            let order = rig.strategy.buy(100_000)
            rig.execClient.submitted(order)
            rig.execClient.accepted(order)
            rig.execClient.filled(order, price: try Price("1.12102"))
            return order.events.map { "\($0.name) \($0.clientOrderId) \($0.eventId)" }
        }
        let a = try run()
        #expect(a.count == 4)
        #expect(a == (try run()))
    }

    @Test func addingTwoActorsWithOneIdTraps() async {
        await #expect(processExitsWith: .failure) {
            let rig = try! KernelRig()
            rig.kernel.addActor(Actor(id: ComponentId("X")))
            rig.kernel.addActor(Actor(id: ComponentId("X")))
        }
    }
}
