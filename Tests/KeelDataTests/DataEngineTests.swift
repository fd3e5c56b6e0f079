import KeelCache
import KeelCommon
import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Logging
import Testing

/// A data engine with its real bus, cache and clock, and a test data client for the SIM venue.
final class DataEngineRig {
    let clock = TestClock(time: UnixNanos(seconds: 1_577_898_000))
    let bus = MessageBus(traderId: TraderId("TRADER-001"))
    let cache = Cache()
    let client = TestDataClient(clientId: ClientId("SIM"), venue: Venue("SIM"))
    let engine: DataEngine
    let instrument = TestInstruments.eurusdSim
    var ids = SeededGenerator(seed: 9)

    init() {
        engine = DataEngine(traderId: bus.traderId, msgbus: bus, cache: cache, clock: clock, logger: Logger(label: "test"))
        engine.register()
        engine.register(client: client)
        cache.add(instrument: instrument.instrument)
        try! engine.start()
    }

    var id: InstrumentId { instrument.spec.id }

    func command(_ action: DataCommand.Action, _ s: DataSubscription, by component: String = "A-1") -> DataCommand {
        DataCommand(action, s, componentId: ComponentId(component), commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
    }

    func quote(_ bid: String, _ ask: String, at ms: UInt64 = 0) -> QuoteTick {
        let t = clock.timestampNs + .milliseconds(ms)
        return QuoteTick(
            instrumentId: id, bidPrice: try! Price(bid), askPrice: try! Price(ask), bidSize: Quantity(units: 1_000_000),
            askSize: Quantity(units: 1_000_000), tsEvent: t, tsInit: t)
    }
}

@Suite struct DataEngineTests {
    @Test func cacheIsWrittenBeforeSubscribersSeeAQuote() {
        let rig = DataEngineRig()
        rig.engine.execute(rig.command(.subscribe, .quotes(rig.id)))
        var seenInCache: [QuoteTick?] = []
        var handed: [QuoteTick] = []
        rig.bus.subscribe(Topics.quotes(rig.id)) { q in
            handed.append(q)
            seenInCache.append(rig.cache.quote(for: rig.id))
        }
        let q1 = rig.quote("1.12100", "1.12102")
        let q2 = rig.quote("1.12101", "1.12104", at: 5)
        rig.engine.process(quote: q1)
        rig.engine.process(quote: q2)
        #expect(handed == [q1, q2])
        #expect(seenInCache == [q1, q2], "a handler reading the cache sees the quote it was handed")
        #expect(rig.engine.dataCount == 2)
    }

    @Test func subscriptionsAreReferenceCountedPerComponent() {
        let rig = DataEngineRig()
        rig.engine.execute(rig.command(.subscribe, .quotes(rig.id), by: "A-1"))
        rig.engine.execute(rig.command(.subscribe, .quotes(rig.id), by: "A-2"))
        rig.engine.execute(rig.command(.subscribe, .quotes(rig.id), by: "A-2"))
        #expect(rig.client.subscriptions == [.quotes(rig.id)])
        #expect(rig.engine.subscribers(of: .quotes(rig.id)) == [ComponentId("A-1"), ComponentId("A-2")])
        rig.engine.execute(rig.command(.unsubscribe, .quotes(rig.id), by: "A-1"))
        #expect(rig.client.subscriptions == [.quotes(rig.id)], "the client keeps streaming while a subscriber remains")
        rig.engine.execute(rig.command(.unsubscribe, .quotes(rig.id), by: "A-2"))
        #expect(rig.client.subscriptions.isEmpty)
        #expect(rig.client.calls == ["connect", "subscribe quotes EUR/USD.SIM", "unsubscribe quotes EUR/USD.SIM"])
    }

    @Test func subscriptionWithoutAClientIsReported() {
        let rig = DataEngineRig()
        rig.engine.execute(rig.command(.subscribe, .quotes(InstrumentId("BTCUSDT.BINANCE"))))
        #expect(rig.engine.problems.count == 1)
        #expect(rig.engine.problems[0].message.contains("no data client"))
    }

    @Test func internalTickBarsAreAggregatedAndPublishedBeforeTheQuote() throws {
        let rig = DataEngineRig()
        let barType = BarType("EUR/USD.SIM-3-TICK-MID-INTERNAL")
        rig.engine.execute(rig.command(.subscribe, .bars(barType)))
        #expect(rig.client.subscriptions == [.quotes(rig.id)], "the aggregator's input stream is asked of the client")
        var log: [String] = []
        rig.bus.subscribe(Topics.bars(barType)) { bar in log.append("bar \(bar.open)/\(bar.high)/\(bar.low)/\(bar.close)") }
        rig.bus.subscribe(Topics.quotes(rig.id)) { q in log.append("quote \(q.bidPrice)") }
        rig.engine.process(quote: rig.quote("1.12100", "1.12102"))
        rig.engine.process(quote: rig.quote("1.12104", "1.12106", at: 1))
        rig.engine.process(quote: rig.quote("1.12098", "1.12100", at: 2))
        #expect(log == ["quote 1.12100", "quote 1.12104", "bar 1.121010/1.121050/1.120990/1.120990", "quote 1.12098"])
        #expect(rig.cache.bar(for: barType)?.close == (try Price("1.120990")))
        rig.engine.execute(rig.command(.unsubscribe, .bars(barType)))
        #expect(rig.client.subscriptions.isEmpty)
    }

    @Test func anAggregatorRemovedWhileItRunsFinishesAndTheOthersStillSeeTheQuote() throws {
        let rig = DataEngineRig()
        let bid = BarType("EUR/USD.SIM-1-TICK-BID-INTERNAL"), ask = BarType("EUR/USD.SIM-1-TICK-ASK-INTERNAL")
        rig.engine.execute(rig.command(.subscribe, .bars(bid)))
        rig.engine.execute(rig.command(.subscribe, .bars(ask)))
        var log: [String] = []
        rig.bus.subscribe(Topics.bars(bid)) { bar in
            log.append("bid \(bar.close)")
            rig.engine.execute(rig.command(.unsubscribe, .bars(bid)))
        }
        rig.bus.subscribe(Topics.bars(ask)) { bar in log.append("ask \(bar.close)") }
        rig.engine.process(quote: rig.quote("1.12100", "1.12102"))
        rig.engine.process(quote: rig.quote("1.12104", "1.12106", at: 1))
        #expect(log == ["bid 1.12100", "ask 1.12102", "ask 1.12106"])
    }

    /// Two internal bar types of one instrument read the same quotes: removing one keeps the client's quote
    /// stream for the other, removing both ends it; a strategy's own quote subscription is kept throughout.
    @Test func anAggregatorsInputStaysWhileAnotherAggregatorReadsIt() {
        let rig = DataEngineRig()
        let ticks = BarType("EUR/USD.SIM-100-TICK-MID-INTERNAL"), minutes = BarType("EUR/USD.SIM-1-MINUTE-MID-INTERNAL")
        rig.engine.execute(rig.command(.subscribe, .bars(ticks)))
        rig.engine.execute(rig.command(.subscribe, .bars(minutes)))
        #expect(rig.client.subscriptions == [.quotes(rig.id)])
        rig.engine.execute(rig.command(.unsubscribe, .bars(ticks)))
        #expect(rig.client.subscriptions == [.quotes(rig.id)], "the 1-minute bars still need the quotes")
        var closes: [Price] = []
        rig.bus.subscribe(Topics.bars(minutes)) { bar in closes.append(bar.close) }
        rig.engine.process(quote: rig.quote("1.12100", "1.12102"))
        rig.clock.advanceTime(to: rig.clock.timestampNs + .seconds(60))
        #expect(closes == [try! Price("1.121010")], "the remaining aggregator still runs")
        rig.engine.execute(rig.command(.unsubscribe, .bars(minutes)))
        #expect(rig.client.subscriptions.isEmpty)
        rig.engine.execute(rig.command(.subscribe, .quotes(rig.id), by: "A-2"))
        rig.engine.execute(rig.command(.subscribe, .bars(ticks)))
        rig.engine.execute(rig.command(.unsubscribe, .bars(ticks)))
        #expect(rig.client.subscriptions == [.quotes(rig.id)], "A-2's quote subscription is its own")
    }

    @Test func booksAreMaintainedAndInvalidDeltasReported() throws {
        let rig = DataEngineRig()
        rig.engine.execute(rig.command(.subscribe, .bookDeltas(rig.id, bookType: .l3MBO)))
        #expect(rig.cache.hasBook(for: rig.id))
        var bestBids: [Price?] = []
        rig.bus.subscribe(Topics.bookDeltas(rig.id)) { _ in bestBids.append(rig.cache.book(for: rig.id)?.bestBidPrice) }
        let t = rig.clock.timestampNs
        func delta(_ action: BookAction, _ px: String, _ size: Int64, _ oid: UInt64) -> OrderBookDelta {
            OrderBookDelta(
                instrumentId: rig.id, action: action,
                order: BookOrder(side: .buy, price: try! Price(px), size: Quantity(units: size), orderId: oid), flags: 0,
                sequence: oid, tsEvent: t, tsInit: t)
        }
        rig.engine.process(deltas: OrderBookDeltas(instrumentId: rig.id, deltas: [delta(.add, "1.12100", 5, 1), delta(.add, "1.12101", 2, 2)]))
        #expect(bestBids == [try Price("1.12101")])
        rig.engine.process(deltas: OrderBookDeltas(instrumentId: rig.id, deltas: [delta(.delete, "1.12101", 2, 99)]))
        #expect(rig.engine.problems.count == 1, "an unknown order id is reported")
        #expect(rig.cache.book(for: rig.id)?.bestBidPrice == (try Price("1.12101")), "the book is unchanged by the bad delta")
    }

    @Test func requestsAreRoutedAndAnsweredOnce() {
        let rig = DataEngineRig()
        var answers: [DataResponse] = []
        let correlationId = UUID4(high: 7, low: 7)
        let request = DataRequest(.quotes(rig.id), componentId: ComponentId("A-1"), correlationId: correlationId, tsInit: rig.clock.timestampNs)
        rig.bus.request(Endpoints.dataRequest, request, correlationId: correlationId) { (r: DataResponse) in answers.append(r) }
        #expect(rig.client.requests.map(\.correlationId) == [correlationId])
        let q = rig.quote("1.12100", "1.12102")
        rig.engine.handle(response: DataResponse(correlationId: correlationId, payload: .quotes([q]), tsInit: rig.clock.timestampNs))
        #expect(answers.count == 1)
        rig.engine.handle(response: DataResponse(correlationId: correlationId, payload: .quotes([q]), tsInit: rig.clock.timestampNs))
        #expect(answers.count == 1)
        #expect(rig.engine.problems.count == 1, "a second answer has nobody waiting and is reported")
    }

    @Test func requestWithoutAClientFailsCleanly() {
        let rig = DataEngineRig()
        var answers: [DataResponse] = []
        let correlationId = UUID4(high: 8, low: 8)
        let request = DataRequest(.quotes(InstrumentId("X.NOWHERE")), componentId: ComponentId("A-1"), correlationId: correlationId, tsInit: rig.clock.timestampNs)
        rig.bus.request(Endpoints.dataRequest, request, correlationId: correlationId) { (r: DataResponse) in answers.append(r) }
        guard case .failure(let why) = answers.first?.payload else {
            Issue.record("expected a failure response")
            return
        }
        #expect(why.contains("no data client"))
    }

    @Test func outOfOrderDataIsReportedWhenValidating() {
        let clock = TestClock(time: UnixNanos(seconds: 100))
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let cache = Cache()
        let engine = DataEngine(traderId: bus.traderId, msgbus: bus, cache: cache, clock: clock, config: DataEngineConfig(validateDataSequence: true), logger: Logger(label: "test"))
        let id = InstrumentId("EUR/USD.SIM")
        func q(_ s: UInt64) -> QuoteTick {
            QuoteTick(instrumentId: id, bidPrice: Price(raw: 1_000_000_000, precision: 5), askPrice: Price(raw: 1_000_010_000, precision: 5), bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: UnixNanos(seconds: s), tsInit: UnixNanos(seconds: s))
        }
        engine.process(quote: q(10))
        engine.process(quote: q(9))
        #expect(engine.problems.count == 1)
    }

    @Test func barsOfAlternatingTypesReachTheirOwnTopicsAndTheCache() {
        let rig = DataEngineRig()
        let types = ["1-MINUTE-BID", "1-MINUTE-ASK", "1-HOUR-BID"].map { BarType("EUR/USD.SIM-\($0)-EXTERNAL") }
        var seen: [BarType: [UnixNanos]] = [:]
        for barType in types { rig.bus.subscribe(Topics.bars(barType)) { (bar: Bar) in seen[barType, default: []].append(bar.tsInit) } }
        func bar(_ type: Int, _ minute: UInt64) -> Bar {
            let t = rig.clock.timestampNs + .minutes(minute)
            let px = try! Price("1.10000")
            return Bar(barType: types[type], open: px, high: px, low: px, close: px, volume: Quantity(units: 1), tsEvent: t, tsInit: t)
        }
        let order = [0, 1, 0, 1, 2, 0, 2, 1]
        for (k, type) in order.enumerated() { rig.engine.process(bar: bar(type, UInt64(k))) }
        for (index, barType) in types.enumerated() {
            let minutes = order.indices.filter { order[$0] == index }.map { rig.clock.timestampNs + .minutes(UInt64($0)) }
            #expect(seen[barType] == minutes)
            #expect(rig.cache.bars(for: barType).map(\.tsInit) == minutes.reversed())
        }
    }

    @Test func quotesOfTwoInstrumentsAcrossACacheResetReachTheirOwnHistories() {
        let rig = DataEngineRig()
        let gbpusd = TestInstruments.gbpusdSim.spec.id
        let t = rig.clock.timestampNs
        func gbp(_ ms: UInt64) -> QuoteTick {
            QuoteTick(
                instrumentId: gbpusd, bidPrice: try! Price("1.30000"), askPrice: try! Price("1.30002"),
                bidSize: Quantity(units: 1_000_000), askSize: Quantity(units: 1_000_000), tsEvent: t + .milliseconds(ms),
                tsInit: t + .milliseconds(ms))
        }
        let e = (0..<4).map { rig.quote("1.12100", "1.12102", at: UInt64($0)) }
        rig.engine.process(quote: e[0])
        rig.engine.process(quote: gbp(0))
        rig.engine.process(quote: e[1])
        rig.engine.process(quote: e[2])
        #expect(rig.cache.quotes(for: rig.id) == [e[2], e[1], e[0]])
        #expect(rig.cache.quotes(for: gbpusd) == [gbp(0)])
        rig.cache.reset()
        rig.engine.process(quote: e[3])
        rig.engine.process(quote: gbp(1))
        #expect(rig.cache.quotes(for: rig.id) == [e[3]])
        #expect(rig.cache.quotes(for: gbpusd) == [gbp(1)])
    }
}
