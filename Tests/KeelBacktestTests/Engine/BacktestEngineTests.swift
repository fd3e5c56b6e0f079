import KeelBacktest
import KeelCache
import KeelCommon
import KeelCore
import KeelData
import KeelModel
import KeelPortfolio
import KeelSystem
import KeelTestKit
import KeelTrading
import Testing

/// Buys on the 2nd quote, sells on the 5th; records what it sees.
final class RoundTrip: Strategy {
    let instrumentId: InstrumentId
    var quotes = 0
    var log: [String] = []
    var startTime: UnixNanos?

    init(_ instrumentId: InstrumentId) {
        self.instrumentId = instrumentId
        super.init(config: StrategyConfig(strategyId: StrategyId("RoundTrip-001")))
    }

    override func onStart() {
        startTime = clock.timestampNs
        subscribeQuotes(instrumentId)
    }

    override func onQuote(_ quote: QuoteTick) {
        quotes += 1
        if quotes == 2 || quotes == 5 {
            let side: OrderSide = quotes == 2 ? .buy : .sell
            submitOrder(try! orderFactory.market(instrumentId: instrumentId, side: side, quantity: Quantity(units: 100_000), tsInit: clock.timestampNs))
        }
    }

    override func onOrderFilled(_ event: OrderFilled) {
        log.append("\(event.orderSide) \(event.lastQty) @ \(event.lastPx) \(event.liquiditySide) \(event.commission?.description ?? "-") at \(event.tsEvent.secondsSinceEpoch % 100)")
    }

    override func onPositionClosed(_ event: PositionEvent) { log.append("closed \(event.realizedPnl)") }

    override func onReset() {
        quotes = 0
        log = []
    }
}

@Suite struct BacktestEngineTests {
    static let t0: UInt64 = 1_577_898_000

    static func quotes(_ id: InstrumentId) -> [MarketData] {
        let bids = ["1.12100", "1.12102", "1.12104", "1.12150", "1.12200", "1.12190"]
        return bids.enumerated().map { i, bid in
            let ask = try! Price(bid) + (try! Price("0.00002"))
            let ts = UnixNanos(seconds: t0 + UInt64(i))
            return .quote(QuoteTick(
                instrumentId: id, bidPrice: try! Price(bid), askPrice: ask, bidSize: Quantity(units: 1_000_000),
                askSize: Quantity(units: 1_000_000), tsEvent: ts, tsInit: ts))
        }
    }

    static func makeEngine() throws -> (BacktestEngine, RoundTrip) {
        let engine = BacktestEngine()
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], defaultLeverage: 10))
        try engine.addInstrument(TestInstruments.eurusdSim.instrument)
        let id = TestInstruments.eurusdSim.spec.id
        try engine.addData(quotes(id), name: "quotes")
        let strategy = RoundTrip(id)
        engine.addStrategy(strategy)
        return (engine, strategy)
    }

    @Test func aRoundTripThroughTheSimulatedVenue() throws {
        let (engine, strategy) = try Self.makeEngine()
        let result = try engine.run()
        #expect(result.iterations == 6)
        #expect(strategy.startTime == UnixNanos(seconds: Self.t0), "the clock starts at the first datum")
        // Orders sent during quote k are matched at quote k's prices (the venue processes commands after the
        // data engine published the quote): buy at the 2nd ask, sell at the 5th bid, both TAKER.
        // Commission: notional × 0.00002 → 100,000 × 1.12104 × 0.00002 = 2.24; 100,000 × 1.12200 × 0.00002 = 2.24.
        #expect(strategy.log == [
            "BUY 100000 @ 1.12104 TAKER 2.24 USD at 1",
            "SELL 100000 @ 1.12200 TAKER 2.24 USD at 4",
            "closed 91.52 USD",
        ])
        #expect(result.orders == 2)
        #expect(result.fills == 2)
        #expect(result.positions == 1)
        // 1,000,000 + (1.12200 − 1.12104) × 100,000 − 4.48 = 1,000,091.52
        #expect(result.balances.map(\.1) == [try Money("1000091.52", .usd)])
        #expect(result.realizedPnl == [try Money("91.52", .usd)])
        #expect(engine.kernel.cache.checkIntegrity().isEmpty)
    }

    @Test func aRangeRestrictsTheReplay() throws {
        let (engine, strategy) = try Self.makeEngine()
        let result = try engine.run(start: UnixNanos(seconds: Self.t0 + 1), end: UnixNanos(seconds: Self.t0 + 3))
        #expect(result.iterations == 3, "only the values in the range count, not those read before the start or past the end")
        #expect(strategy.quotes == 3)
        #expect(result.fills == 1)
    }

    /// Records, for each quote, whether the clock stood at its time.
    final class QuoteClock: Strategy {
        let instrumentId: InstrumentId
        var seen: [UInt64] = []
        var clockMismatches = 0
        init(_ instrumentId: InstrumentId) {
            self.instrumentId = instrumentId
            super.init(config: StrategyConfig(strategyId: StrategyId("QuoteClock-001")))
        }
        override func onStart() { subscribeQuotes(instrumentId) }
        override func onQuote(_ quote: QuoteTick) {
            seen.append(quote.tsInit.secondsSinceEpoch - BacktestEngineTests.t0)
            if clock.timestampNs != quote.tsInit { clockMismatches += 1 }
        }
    }

    @Test(arguments: [(nil, nil), (300, 700), (0, 255), (256, 511), (257, 999), (600, nil), (nil, 100)] as [(UInt64?, UInt64?)],
        [nil, 100, 300, 700] as [UInt64?])
    func aRangeAndProgressHoldAcrossChunks(_ range: (from: UInt64?, to: UInt64?), progressInterval: UInt64?) throws {
        let (from, to) = range
        // 1,000 quotes one second apart: several chunks of 256, the range's ends inside or on their edges.
        let id = TestInstruments.eurusdSim.spec.id
        let engine = BacktestEngine()
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], defaultLeverage: 10))
        try engine.addInstrument(TestInstruments.eurusdSim.instrument)
        let quotes = (0..<1_000).map { (i: UInt64) -> MarketData in
            let ts = UnixNanos(seconds: Self.t0 + i)
            return .quote(QuoteTick(
                instrumentId: id, bidPrice: try! Price("1.12100"), askPrice: try! Price("1.12102"),
                bidSize: Quantity(units: 1_000_000), askSize: Quantity(units: 1_000_000), tsEvent: ts, tsInit: ts))
        }
        try engine.addData(quotes, name: "quotes")
        let strategy = QuoteClock(id)
        engine.addStrategy(strategy)
        var reports: [[UInt64]] = []  // the count reported, and the quotes the strategy had seen by then
        if let progressInterval {
            engine.progressInterval = progressInterval
            engine.progress = { reports.append([$0, UInt64(strategy.seen.count)]) }
        }
        let result = try engine.run(
            start: from.map { UnixNanos(seconds: Self.t0 + $0) }, end: to.map { UnixNanos(seconds: Self.t0 + $0) })
        let first = from ?? 0, last = to ?? 999
        #expect(strategy.seen == Array(first...last))
        #expect(strategy.clockMismatches == 0)
        #expect(result.iterations == last - first + 1)
        #expect(result.start == UnixNanos(seconds: Self.t0 + first))
        #expect(result.end == UnixNanos(seconds: Self.t0 + last))
        // A report is due at the first replayed value once `progressInterval` values were read since the last
        // one (values skipped before the start count as read; the value read past the end is not replayed),
        // and comes before that value is processed.
        var expected: [[UInt64]] = []
        if let progressInterval {
            var due = progressInterval
            for i in first...last where i + 1 >= due {
                expected.append([i + 1, i - first])
                due = i + 1 + progressInterval
            }
        }
        #expect(reports == expected)
    }

    @Test func setupErrorsNameWhatIsWrong() throws {
        let engine = BacktestEngine()
        #expect(throws: BacktestError.self) { try engine.addInstrument(TestInstruments.eurusdSim.instrument) }
        try engine.addVenue(SimulatedVenueConfig(venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd, startingBalances: [try Money("1.00", .usd)]))
        #expect(throws: BacktestError.self) { try engine.addVenue(SimulatedVenueConfig(venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd, startingBalances: [])) }
        do {
            try engine.addData(Self.quotes(InstrumentId("EUR/USD.SIM")), name: "eurusd.csv")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("eurusd.csv"))
            #expect(error.message.contains("EUR/USD.SIM"))
        }
    }

    @Test func outOfOrderStreamsStopTheRunWithTheStreamsName() throws {
        let engine = BacktestEngine()
        try engine.addVenue(SimulatedVenueConfig(venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd, startingBalances: [try Money("1.00", .usd)]))
        try engine.addInstrument(TestInstruments.eurusdSim.instrument)
        let q = Self.quotes(TestInstruments.eurusdSim.spec.id)
        engine.addStream(MarketDataStream(name: "broken.dbn", values: [q[3], q[1]]))
        do {
            _ = try engine.run()
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("broken.dbn"))
        }
    }

    @Test func sameRunTwiceGivesTheSameEvents() throws {
        func run() throws -> [String] {
            let (engine, _) = try Self.makeEngine()
            _ = try engine.run()
            return engine.kernel.cache.orders().flatMap { $0.events.map { "\($0.name) \($0.clientOrderId) \($0.eventId) \($0.tsEvent.rawValue)" } }
        }
        let first = try run()
        #expect(first.count == 6, "two market orders: initialized, submitted, filled")
        #expect(first == (try run()))
    }
}

@Suite struct BacktestEngineResetTests {
    @Test func aRunAfterResetRepeatsTheFirstOneExactly() throws {
        let log1 = try EventLog(keepsLines: true)
        let engine = BacktestEngine(eventLog: log1)
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("SIM"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)]))
        try engine.addInstrument(TestInstruments.eurusdSim.instrument)
        try engine.addData(BacktestEngineTests.quotes(TestInstruments.eurusdSim.spec.id), name: "quotes")
        let strategy = RoundTrip(TestInstruments.eurusdSim.spec.id)
        engine.addStrategy(strategy)

        let first = try engine.run()
        let firstFills = FillsReport.csv(FillsReport.fills(in: engine.kernel.cache))
        #expect(throws: BacktestError.self) { try engine.run() }

        let log2 = try EventLog(keepsLines: true)
        try engine.reset(eventLog: log2)
        #expect(engine.kernel.cache.orders().isEmpty)
        #expect(engine.kernel.cache.instrument(TestInstruments.eurusdSim.spec.id) != nil)
        let second = try engine.run()
        #expect(FillsReport.csv(FillsReport.fills(in: engine.kernel.cache)) == firstFills)
        #expect(second.digest == first.digest)
        #expect(log2.lines == log1.lines)
        #expect(second.balances.map(\.1) == first.balances.map(\.1))
        #expect(strategy.quotes == 6, "onReset cleared the strategy's own state")

        try engine.dispose()
        #expect(throws: BacktestError.self) { try engine.run() }
    }
}
