import KeelBacktest
import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelSystem
import KeelTestKit
import KeelTrading
import Testing

/// Sends one order when the first book update arrives, and records its fills.
final class OneShot: Strategy {
    let instrumentId: InstrumentId
    let bookType: BookType
    let make: (OrderFactory, UnixNanos) -> Order
    var fills: [String] = []
    var events: [String] = []
    init(_ instrumentId: InstrumentId, bookType: BookType, make: @escaping (OrderFactory, UnixNanos) -> Order) {
        self.instrumentId = instrumentId
        self.bookType = bookType
        self.make = make
        super.init(config: StrategyConfig(strategyId: StrategyId("OneShot-001")))
    }
    override func onStart() { subscribeBookDeltas(instrumentId, bookType: bookType) }
    override func onBookDeltas(_ deltas: OrderBookDeltas) {
        guard cache.ordersCount(strategyId: strategyId) == 0 else { return }
        submitOrder(make(orderFactory, clock.timestampNs))
    }
    override func onOrderEvent(_ event: OrderEvent) { events.append(event.name) }
    override func onOrderFilled(_ event: OrderFilled) { fills.append("\(event.lastQty) @ \(event.lastPx) \(event.liquiditySide)") }
}

/// L2 and L3 matching walk the venue's book level by level, with partial fills.
@Suite struct BookMatchingTests {
    static let es = TestInstruments.esh4Glbx
    static let t0 = UnixNanos(seconds: 1_703_548_800)

    static func book(_ bookType: BookType) -> MarketData {
        func add(_ side: OrderSide, _ px: String, _ size: Int64, _ id: UInt64) -> OrderBookDelta {
            OrderBookDelta(
                instrumentId: es.spec.id, action: .add,
                order: BookOrder(side: side, price: try! Price(px), size: Quantity(units: size), orderId: id),
                flags: 0, sequence: id, tsEvent: t0, tsInit: t0)
        }
        return .deltas(OrderBookDeltas(instrumentId: es.spec.id, deltas: [
            add(.buy, "4809.75", 4, 1), add(.buy, "4809.50", 6, 2),
            add(.sell, "4810.00", 5, 3), add(.sell, "4810.25", 10, 4), add(.sell, "4810.50", 20, 5),
        ]))
    }

    func run(_ bookType: BookType, make: @escaping (OrderFactory, UnixNanos) -> Order) throws -> OneShot {
        let engine = BacktestEngine()
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("GLBX"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], bookType: bookType))
        try engine.addInstrument(Self.es.instrument)
        try engine.addData([Self.book(bookType)], name: "book")
        let strategy = OneShot(Self.es.spec.id, bookType: bookType, make: make)
        engine.addStrategy(strategy)
        _ = try engine.run()
        return strategy
    }

    @Test(arguments: [BookType.l2MBP, .l3MBO])
    func aMarketOrderWalksTheBook(bookType: BookType) throws {
        let s = try run(bookType) { f, ts in
            try! f.market(instrumentId: Self.es.spec.id, side: .buy, quantity: Quantity(units: 8), tsInit: ts)
        }
        #expect(s.fills == ["5 @ 4810.00 TAKER", "3 @ 4810.25 TAKER"])
    }

    @Test(arguments: [BookType.l2MBP, .l3MBO])
    func aMarketableLimitFillsUpToItsPriceAndRestsTheRest(bookType: BookType) throws {
        let s = try run(bookType) { f, ts in
            try! f.limit(instrumentId: Self.es.spec.id, side: .buy, quantity: Quantity(units: 20), price: try! Price("4810.25"), tsInit: ts)
        }
        #expect(s.fills == ["5 @ 4810.00 TAKER", "10 @ 4810.25 TAKER"])
        #expect(s.events.contains("OrderAccepted"))
        #expect(!s.events.contains("OrderCanceled"), "the remaining 5 rest at the limit")
    }

    @Test func aDeltaTheVenueBookCannotApplyIsSkippedAndCounted() throws {
        let engine = BacktestEngine()
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("GLBX"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], bookType: .l3MBO))
        try engine.addInstrument(Self.es.instrument)
        // A side-less fill of an order the book does not hold, as real MBO data has (the reference skips it).
        let stray = OrderBookDelta(
            instrumentId: Self.es.spec.id, action: .update,
            order: BookOrder(side: .noOrderSide, price: try Price("4810.00"), size: Quantity(units: 1), orderId: 99),
            flags: 0, sequence: 6, tsEvent: Self.t0, tsInit: Self.t0)
        try engine.addData([Self.book(.l3MBO), .delta(stray)], name: "book")
        _ = try engine.run()
        let matching = try #require(engine.exchange(Venue("GLBX"))?.matchingEngine(Self.es.spec.id))
        #expect(matching.rejectedDeltaCount == 1)
        #expect(matching.book.updateCount == 5)
        #expect(matching.book.bestAskPrice == (try Price("4810.00")))
    }

    @Test func aSellWalksTheBids() throws {
        let s = try run(.l2MBP) { f, ts in
            try! f.market(instrumentId: Self.es.spec.id, side: .sell, quantity: Quantity(units: 7), tsInit: ts)
        }
        #expect(s.fills == ["4 @ 4809.75 TAKER", "3 @ 4809.50 TAKER"])
    }
}
