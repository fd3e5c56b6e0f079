import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

/// The Tardis.dev sample files (../shared/data/tardis; README: row counts, times, column quirks).
@Suite struct TardisLoaderTests {
    static let folder = "data/tardis/"
    static let snapshot25 = "binance-futures_book_snapshot_25_BTCUSDT.csv"
    static let snapshot5 = "binance-futures_book_snapshot_5_BTCUSDT.csv"
    static let trades = "bitmex_trades_XBTUSD.csv"
    static let incremental = "deribit_incremental_book_L2_BTC-PERPETUAL.csv"
    static let quotes = "huobi-dm-swap_quotes_BTC-USD.csv"
    static var available: Bool {
        [snapshot25, snapshot5, trades, incremental, quotes].allSatisfy { SharedData.exists(folder + $0) } || SharedData.isCI
    }
    static func path(_ name: String) -> String { SharedData.path(folder + name) }
    static func micros(_ us: UInt64) -> UnixNanos { UnixNanos(microseconds: us) }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func everySampleHeaderIsDetected() throws {
        #expect(try TardisLoader.detectKind(path: Self.path(Self.snapshot25)) == .bookSnapshot(levels: 25))
        #expect(try TardisLoader.detectKind(path: Self.path(Self.snapshot5)) == .bookSnapshot(levels: 5))
        #expect(try TardisLoader.detectKind(path: Self.path(Self.trades)) == .trades)
        #expect(try TardisLoader.detectKind(path: Self.path(Self.incremental)) == .incrementalBookL2)
        #expect(try TardisLoader.detectKind(path: Self.path(Self.quotes)) == .quotes)
        #expect(TardisLoader.detectKind(header: ["timestamp", "bid", "ask"]) == nil)
        #expect(TardisFileKind.bookSnapshot(levels: 25).description == "book_snapshot_25")
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func theDeribitSnapshotBuildsFifteenAskLevels() throws {
        let id = InstrumentId("BTC-PERPETUAL.DERIBIT")
        let (deltas, report) = try TardisLoader.loadDeltas(path: Self.path(Self.incremental), instrumentId: id)
        #expect(report.csv.rows == 15)
        #expect(report.snapshotRows == 15 && report.updateRows == 0)
        #expect(report.clears == 1 && report.snapshotsAfterUpdates == 0)
        #expect(report.csv.firstTs == Self.micros(1_585_699_200_245_000) && report.csv.lastTs == Self.micros(1_585_699_200_245_000))
        #expect(report.csv.duplicateTimestamps == 14, "one message: every row after the first shares its local_timestamp")
        #expect(report.localBeforeExchange == 0 && report.csv.crossed == 0)
        #expect(report.pricePrecision == 1 && report.sizePrecision == 0)
        #expect(deltas.count == 16 && report.csv.loaded == 16, "a CLEAR, then one ADD per level")
        #expect(deltas[0].action == .clear)
        #expect(deltas.dropFirst().allSatisfy { $0.action == .add && $0.order.side == .sell })
        #expect(deltas.allSatisfy { $0.recordFlags.contains(.snapshot) })
        #expect(deltas.filter(\.isLast).count == 1 && deltas.last!.isLast, "one event batch")
        #expect(deltas[1].order == BookOrder(side: .sell, price: try Price("6421.5"), size: try Quantity("18640"), orderId: 0))
        #expect(deltas[1].tsEvent == Self.micros(1_585_699_200_245_000))
        #expect(deltas[1].tsInit == Self.micros(1_585_699_200_355_684))
        var book = OrderBook(instrumentId: id, bookType: .l2MBP)
        for delta in deltas { try book.apply(delta) }
        #expect(book.askLevelCount == 15 && book.bidLevelCount == 0)
        #expect(book.bestAskPrice == (try Price("6421.5")))
        #expect(book.bestAskSize == (try Quantity("18640")))
        #expect(book.asks().last?.price == (try Price("6428.5")))
        book.checkInvariants()
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func theTwentyFiveLevelSnapshotKeepsTheTopTen() throws {
        let id = InstrumentId("BTCUSDT-PERP.BINANCE")
        let (depths, report) = try TardisLoader.loadDepth10(path: Self.path(Self.snapshot25), instrumentId: id)
        #expect(report.kind == .bookSnapshot(levels: 25))
        #expect(depths.count == 10 && report.csv.rows == 10 && report.csv.loaded == 10)
        #expect(report.levelsDropped == 300, "15 levels a side beyond the tenth, 10 rows")
        #expect(report.csv.firstTs == Self.micros(1_598_918_403_696_000) && report.csv.lastTs == Self.micros(1_598_918_404_005_000))
        #expect(report.csv.crossed == 0 && report.csv.locked == 0)
        #expect(report.pricePrecision == 2 && report.sizePrecision == 3)
        let first = depths[0]
        #expect(first.tsEvent == Self.micros(1_598_918_403_696_000) && first.tsInit == Self.micros(1_598_918_403_810_979))
        #expect(first.bids[0] == BookOrder(side: .buy, price: try Price("11657.07"), size: try Quantity("10.896"), orderId: 0))
        #expect(first.bids[9] == BookOrder(side: .buy, price: try Price("11654.86"), size: try Quantity("0.195"), orderId: 0))
        #expect(first.asks[0] == BookOrder(side: .sell, price: try Price("11657.08"), size: try Quantity("1.714"), orderId: 0))
        #expect(first.asks[9] == BookOrder(side: .sell, price: try Price("11658.29"), size: try Quantity("0.656"), orderId: 0))
        #expect(first.bids[1].size.precision == 3, "0.2 is shown at the file's size precision")
        #expect(first.bidCounts == Array(repeating: 1, count: 10) && first.askCounts == Array(repeating: 1, count: 10))
        #expect(depths.allSatisfy { $0.flags == RecordFlags.last.rawValue && $0.sequence == 0 })
        let last = depths[9]
        #expect(last.asks[0] == BookOrder(side: .sell, price: try Price("11657.08"), size: try Quantity("1.475"), orderId: 0))
        #expect(last.bids[0] == BookOrder(side: .buy, price: try Price("11657.07"), size: try Quantity("10.881"), orderId: 0))
        #expect(last.asks[5].price == (try Price("11658.09")))
        var book = OrderBook(instrumentId: id, bookType: .l2MBP)
        try book.apply(last)
        #expect(book.bidLevelCount == 10 && book.askLevelCount == 10)
        #expect(book.bestBidPrice == (try Price("11657.07")))
        #expect(book.bestAskPrice == (try Price("11657.08")))
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func theFiveLevelSnapshotIsPaddedToTen() throws {
        let (depths, report) = try TardisLoader.loadDepth10(
            path: Self.path(Self.snapshot5), instrumentId: InstrumentId("BTCUSDT-PERP.BINANCE"))
        #expect(depths.count == 10 && report.levelsDropped == 0)
        #expect(report.csv.firstTs == Self.micros(1_598_918_403_696_000) && report.csv.lastTs == Self.micros(1_598_918_404_284_000))
        let last = depths[9]
        #expect(last.bids[4] == BookOrder(side: .buy, price: try Price("11655.70"), size: try Quantity("0.188"), orderId: 0))
        #expect(last.asks[0].size == (try Quantity("1.393")))
        #expect(last.bids[5...].allSatisfy(OrderBookDepth10.isPadding) && last.asks[5...].allSatisfy(OrderBookDepth10.isPadding))
        #expect(last.bidCounts == [1, 1, 1, 1, 1, 0, 0, 0, 0, 0])
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func snapshotsAsDeltasKeepEveryLevel() throws {
        let id = InstrumentId("BTCUSDT-PERP.BINANCE")
        let (deltas, report) = try TardisLoader.loadSnapshotDeltas(path: Self.path(Self.snapshot25), instrumentId: id)
        #expect(deltas.count == 10 * 51 && report.clears == 10 && report.levelsDropped == 0)
        #expect(deltas.filter(\.isLast).count == 10)
        #expect(deltas.allSatisfy { $0.recordFlags.contains(.snapshot) })
        var book = OrderBook(instrumentId: id, bookType: .l2MBP)
        for delta in deltas { try book.apply(delta) }
        #expect(book.bidLevelCount == 25 && book.askLevelCount == 25)
        #expect(book.bids().last?.price == (try Price("11653.25")))
        #expect(book.asks().last?.price == (try Price("11659.28")))
        book.checkInvariants()
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func bitmexTradesKeepTheirUUIDs() throws {
        let (trades, report) = try TardisLoader.loadTrades(path: Self.path(Self.trades), instrumentId: InstrumentId("XBTUSD.BITMEX"))
        #expect(trades.count == 10 && report.csv.rows == 10)
        #expect(report.csv.firstTs == Self.micros(1_583_020_803_145_000) && report.csv.lastTs == Self.micros(1_583_020_803_276_000))
        #expect(report.csv.duplicateTimestamps == 8, "9 of 10 rows share one timestamp")
        #expect(report.pricePrecision == 1 && report.sizePrecision == 0)
        #expect(trades.allSatisfy { $0.aggressorSide == .seller })
        let first = trades[0]
        #expect(first.tradeId == TradeId("ccc3c1fa-212c-e8b0-1706-9b9c4f3d5ecf"))
        #expect(first.price == (try Price("8531.5")))
        #expect(first.size == (try Quantity("2152")))
        #expect(first.tsEvent == Self.micros(1_583_020_803_145_000) && first.tsInit == Self.micros(1_583_020_803_307_160))
        #expect(trades[9].tradeId == TradeId("7cae8d7b-b69d-025b-cc3c-84b911f37a8a"))
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func huobiQuotesAreMappedByHeaderName() throws {
        let (quotes, report) = try TardisLoader.loadQuotes(path: Self.path(Self.quotes), instrumentId: InstrumentId("BTC-USD.HUOBI"))
        #expect(quotes.count == 10)
        #expect(report.csv.firstTs == Self.micros(1_588_291_201_099_000) && report.csv.lastTs == Self.micros(1_588_291_201_814_000))
        #expect(report.csv.crossed == 0 && report.csv.locked == 0 && report.oneSidedQuotes == 0)
        #expect(report.csv.unchangedQuotes == 9, "the prices never move in the sample; only the sizes do")
        let first = quotes[0]
        #expect(first.bidPrice == (try Price("8629.2")))
        #expect(first.bidSize == (try Quantity("806")))
        #expect(first.askPrice == (try Price("8629.3")))
        #expect(first.askSize == (try Quantity("5494")))
        #expect(first.tsInit == Self.micros(1_588_291_201_234_268))
        #expect(quotes[9].bidSize == (try Quantity("847")))
        #expect(quotes[9].askSize == (try Quantity("5411")))
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func aGivenPrecisionIsKeptAndAFinerValueIsAnError() throws {
        let path = Self.path(Self.trades)
        let (trades, report) = try TardisLoader.loadTrades(
            path: path, instrumentId: InstrumentId("XBTUSD.BITMEX"), pricePrecision: 2, sizePrecision: 0)
        #expect(report.pricePrecision == 2)
        #expect(trades[0].price.precision == 2)
        #expect(trades[0].price == (try Price("8531.50")))
        do {
            _ = try TardisLoader.loadTrades(path: path, instrumentId: InstrumentId("XBTUSD.BITMEX"), pricePrecision: 0)
            Issue.record("expected a precision error")
        } catch {
            #expect(error.line == 2 && error.field == "price")
            #expect(error.reason.contains("more decimals than the price precision 0"), "\(error)")
        }
    }

    @Test(.enabled(if: available, "the Tardis sample files are not on this machine"))
    func loadReportDetectsAndCountsEveryKind() throws {
        let id = InstrumentId("INSPECT.FILE")
        for (name, rows) in [(Self.snapshot25, 10), (Self.snapshot5, 10), (Self.trades, 10), (Self.incremental, 15), (Self.quotes, 10)] {
            let report = try TardisLoader.loadReport(path: Self.path(name), instrumentId: id)
            #expect(report.csv.rows == rows, "\(name)")
        }
        let report = try TardisLoader.loadReport(path: Self.path(Self.snapshot25), instrumentId: id)
        #expect(report.quirks.contains { $0 == ("levelsDropped", 300) })
        #expect(report.description.hasPrefix("book_snapshot_25: rows 10, loaded 10"))
    }
}
