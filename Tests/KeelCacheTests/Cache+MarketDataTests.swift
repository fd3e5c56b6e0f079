import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CacheMarketDataTests {
    typealias F = CacheFixtures

    @Test func quotesAreNewestFirstAndBounded() {
        let cache = Cache(config: CacheConfig(tickCapacity: 3))
        #expect(cache.quote(for: F.eurusd.id) == nil)
        #expect(!cache.hasQuotes(for: F.eurusd.id))
        for k in 1...5 { cache.add(quote: F.quote(bid: "1.1000\(k)", ask: "1.1001\(k)", at: UInt64(k))) }
        #expect(cache.quoteCount(for: F.eurusd.id) == 3)
        #expect(cache.quote(for: F.eurusd.id)?.bidPrice == F.px("1.10005"))
        #expect(cache.quote(for: F.eurusd.id, index: 2)?.bidPrice == F.px("1.10003"))
        #expect(cache.quote(for: F.eurusd.id, index: 3) == nil)
        #expect(cache.quote(for: F.eurusd.id, index: -1) == nil)
        #expect(cache.quotes(for: F.eurusd.id).map(\.tsEvent) == [F.at(5), F.at(4), F.at(3)])
        #expect(cache.quotes(for: F.gbpusd.id).isEmpty)
        expectConsistent(cache)
    }

    @Test func tradesAreNewestFirstAndBounded() {
        let cache = Cache(config: CacheConfig(tickCapacity: 2))
        for k in 1...3 { cache.add(trade: F.trade(price: "1.1000\(k)", at: UInt64(k))) }
        #expect(cache.tradeCount(for: F.eurusd.id) == 2)
        #expect(cache.trade(for: F.eurusd.id)?.price == F.px("1.10003"))
        #expect(cache.trades(for: F.eurusd.id).map(\.price) == [F.px("1.10003"), F.px("1.10002")])
        #expect(cache.hasTrades(for: F.eurusd.id) && !cache.hasTrades(for: F.gbpusd.id))
        expectConsistent(cache)
    }

    @Test func barsAreKeptPerBarType() {
        let cache = Cache(config: CacheConfig(barCapacity: 2))
        let minute = BarType("EUR/USD.SIM-1-MINUTE-BID-EXTERNAL")
        let hour = BarType("EUR/USD.SIM-1-HOUR-BID-EXTERNAL")
        func bar(_ type: BarType, _ close: String, _ ts: UInt64) -> Bar {
            Bar(barType: type, open: F.px("1.10000"), high: F.px("1.20000"), low: F.px("1.00000"), close: F.px(close),
                volume: Quantity(units: 1_000), tsEvent: F.at(ts), tsInit: F.at(ts))
        }
        for k in 1...3 { cache.add(bar: bar(minute, "1.1000\(k)", UInt64(k))) }
        cache.add(bar: bar(hour, "1.15000", 60))
        #expect(cache.barCount(for: minute) == 2)
        #expect(cache.bar(for: minute)?.close == F.px("1.10003"))
        #expect(cache.bar(for: minute, index: 1)?.close == F.px("1.10002"))
        #expect(cache.bars(for: hour).count == 1)
        #expect(cache.hasBars(for: hour))
        #expect(cache.barTypes == [hour, minute])
        expectConsistent(cache)
    }

    @Test func pricesComeFromTheLatestQuoteTradeAndMark() {
        let cache = Cache()
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .mid) == nil)
        cache.add(quote: F.quote(bid: "1.10000", ask: "1.10010", at: 1))
        cache.add(trade: F.trade(price: "1.10004", at: 2))
        cache.add(markPrice: MarkPriceUpdate(instrumentId: F.eurusd.id, value: F.px("1.10006"), tsEvent: F.at(3), tsInit: F.at(3)))
        cache.add(indexPrice: IndexPriceUpdate(instrumentId: F.eurusd.id, value: F.px("1.10007"), tsEvent: F.at(3), tsInit: F.at(3)))
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .bid) == F.px("1.10000"))
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .ask) == F.px("1.10010"))
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .mid) == F.px("1.100050"))
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .last) == F.px("1.10004"))
        #expect(cache.price(instrumentId: F.eurusd.id, priceType: .mark) == F.px("1.10006"))
        #expect(cache.indexPrice(for: F.eurusd.id)?.value == F.px("1.10007"))
        #expect(cache.markPrice(for: F.gbpusd.id) == nil)
    }

    @Test func booksAreMutatedInPlace() throws {
        let cache = Cache()
        #expect(cache.withBook(for: F.eurusd.id) { $0.updateCount } == nil)
        cache.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l2MBP))
        #expect(cache.hasBook(for: F.eurusd.id))
        let delta = OrderBookDelta(
            instrumentId: F.eurusd.id, action: .add,
            order: BookOrder(side: .buy, price: F.px("1.10000"), size: Quantity(units: 1_000), orderId: 1),
            flags: 0, sequence: 1, tsEvent: F.at(1), tsInit: F.at(1))
        let count = try cache.withBook(for: F.eurusd.id) { (book: inout OrderBook) throws(OrderBookError) -> UInt64 in
            try book.apply(delta)
            return book.updateCount
        }
        #expect(count == 1)
        #expect(cache.book(for: F.eurusd.id)?.bestBidPrice == F.px("1.10000"))
        #expect(cache.bookInstrumentIds == [F.eurusd.id])
        expectConsistent(cache)
    }

    @Test func bestPricesAreReadFromTheBookInPlace() throws {
        let cache = Cache()
        #expect(cache.bestPrices(for: F.eurusd.id) == (nil, nil))
        cache.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l2MBP))
        #expect(cache.bestPrices(for: F.eurusd.id) == (nil, nil))
        for (side, px, id) in [(OrderSide.buy, "1.10000", UInt64(1)), (.buy, "1.09990", 2), (.sell, "1.10010", 3)] {
            let delta = OrderBookDelta(
                instrumentId: F.eurusd.id, action: .add,
                order: BookOrder(side: side, price: F.px(px), size: Quantity(units: 1_000), orderId: id),
                flags: 0, sequence: id, tsEvent: F.at(id), tsInit: F.at(id))
            try cache.withBook(for: F.eurusd.id) { (book: inout OrderBook) throws(OrderBookError) in try book.apply(delta) }
        }
        let (bid, ask) = cache.bestPrices(for: F.eurusd.id)
        #expect(bid == F.px("1.10000"))
        #expect(ask == F.px("1.10010"))
    }

    @Test func customDataIsKeptPerDataTypeNewestFirst() throws {
        struct Signal: CustomDataPayload {
            static let typeName = "Signal"
            let value: Int
        }
        let cache = Cache(config: CacheConfig(tickCapacity: 2))
        for k in 1...3 { cache.add(customData: CustomData(Signal(value: k), tsEvent: F.at(UInt64(k)), tsInit: F.at(UInt64(k)))) }
        let values = cache.customData(for: DataType(Signal.self)).compactMap { $0.payload(as: Signal.self)?.value }
        #expect(values == [3, 2])
    }

    @Test func quotesThroughAHandleFollowTheCurrentHistory() {
        let cache = Cache(config: CacheConfig(tickCapacity: 3))
        var eurusd = QuoteHistoryHandle()
        var gbpusd = QuoteHistoryHandle()
        let q = (1...5).map { F.quote(bid: "1.1000\($0)", ask: "1.1001\($0)", at: UInt64($0)) }
        let g = F.quote(F.gbpusd, bid: "1.30000", ask: "1.30010", at: 2)
        cache.add(quote: q[0], through: &eurusd)
        cache.add(quote: g, through: &gbpusd)
        cache.add(quote: q[1], through: &eurusd)  // the handle's history is not the current one
        cache.add(quote: q[2], through: &eurusd)
        cache.add(quote: q[3], through: &eurusd)
        #expect(cache.quotes(for: F.eurusd.id) == [q[3], q[2], q[1]])
        #expect(cache.quotes(for: F.gbpusd.id) == [g])
        cache.reset()
        cache.add(quote: q[4], through: &eurusd)  // the handle still holds the history the reset dropped
        #expect(cache.quotes(for: F.eurusd.id) == [q[4]])
        cache.add(quote: q[0], through: &eurusd)
        #expect(cache.quotes(for: F.eurusd.id) == [q[0], q[4]])
        #expect(cache.quotes(for: F.gbpusd.id).isEmpty)
        expectConsistent(cache)
    }

    @Test func barsThroughAHandleFollowTheCacheAcrossAReset() {
        let cache = Cache(config: CacheConfig(barCapacity: 3))
        let minute = BarType("EUR/USD.SIM-1-MINUTE-BID-EXTERNAL")
        let bars = (1...3).map { k in
            Bar(barType: minute, open: F.px("1.10000"), high: F.px("1.20000"), low: F.px("1.00000"), close: F.px("1.10000"),
                volume: Quantity(units: 1), tsEvent: F.at(UInt64(k)), tsInit: F.at(UInt64(k)))
        }
        var handle = BarHistoryHandle()
        cache.add(bar: bars[0], through: &handle)
        cache.add(bar: bars[1], through: &handle)
        #expect(cache.bars(for: minute) == [bars[1], bars[0]])
        cache.reset()
        cache.add(bar: bars[2], through: &handle)  // the handle holds the only reference to the dropped history
        #expect(cache.bars(for: minute) == [bars[2]])
        cache.add(bar: bars[0], through: &handle)
        #expect(cache.bars(for: minute) == [bars[0], bars[2]])
        expectConsistent(cache)
    }
}
