import Foundation
import KeelCore
import KeelModel
import KeelPersistence
import Testing

/// Tardis loaders on small files written by the tests: snapshots after updates, quirks, and bad input that
/// must give one `CSVError` naming the file, line and field.
@Suite struct TardisBadInputTests {
    static let id = InstrumentId("BTC-PERPETUAL.DERIBIT")
    static let bookHeader = "exchange,symbol,timestamp,local_timestamp,is_snapshot,side,price,amount\n"
    static let tradeHeader = "exchange,symbol,timestamp,local_timestamp,id,side,price,amount\n"
    static let quoteHeader = "exchange,symbol,timestamp,local_timestamp,ask_amount,ask_price,bid_price,bid_amount\n"
    static let depthHeader =
        "exchange,symbol,timestamp,local_timestamp,asks[0].price,asks[0].amount,bids[0].price,bids[0].amount,"
        + "asks[1].price,asks[1].amount,bids[1].price,bids[1].amount\n"

    /// A temporary folder removed when the value is dropped.
    final class Folder {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("keel-tardis-\(getpid())-\(UUID().uuidString)")
        init() throws { try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true) }
        deinit { try? FileManager.default.removeItem(at: url) }
        func write(_ name: String, _ text: String) throws -> String {
            let path = url.appendingPathComponent(name).path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
    }

    @Test func aSnapshotAfterUpdatesStartsWithAClear() throws {
        let folder = try Folder()
        let path = try folder.write(
            "book.csv",
            Self.bookHeader + """
                deribit,BTC-PERPETUAL,1000,1000,true,bid,100,1
                deribit,BTC-PERPETUAL,1000,1000,true,ask,101,2
                deribit,BTC-PERPETUAL,2000,2000,false,bid,100,3
                deribit,BTC-PERPETUAL,2000,2000,false,ask,101,0
                deribit,BTC-PERPETUAL,3000,3000,true,bid,99,5
                deribit,BTC-PERPETUAL,3000,3000,true,ask,102,6
                deribit,BTC-PERPETUAL,4000,4000,false,bid,99.5,1

                """)
        let (deltas, report) = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id)
        #expect(deltas.map(\.action) == [.clear, .add, .add, .update, .delete, .clear, .add, .add, .update])
        #expect(deltas.map(\.isLast) == [false, false, true, false, true, false, false, true, true])
        let snapshot = RecordFlags.snapshot.rawValue
        #expect(deltas.map { $0.flags & snapshot != 0 } == [true, true, true, false, false, true, true, true, false])
        #expect(report.clears == 2 && report.snapshotsAfterUpdates == 1)
        #expect(report.snapshotRows == 4 && report.updateRows == 3 && report.csv.loaded == 9)
        #expect(report.pricePrecision == 1 && report.sizePrecision == 0)
        #expect(deltas[1].order.price == (try Price("100.0")) && deltas[1].order.price.precision == 1, "re-stamped at the inferred precision")
        #expect(deltas[5].tsEvent == UnixNanos(microseconds: 3000))
        var book = OrderBook(instrumentId: Self.id, bookType: .l2MBP)
        for delta in deltas { try book.apply(delta) }
        #expect(book.bids().map(\.price) == [try Price("99.5"), try Price("99.0")])
        #expect(book.asks().map(\.price) == [try Price("102.0")])
        book.checkInvariants()
    }

    @Test func crossedSnapshotsReceiveBeforeExchangeAndOutOfOrderRowsAreCounted() throws {
        let folder = try Folder()
        let rows = """
            deribit,BTC-PERPETUAL,1000,1000,true,bid,101,1
            deribit,BTC-PERPETUAL,1000,1000,true,ask,100,2
            deribit,BTC-PERPETUAL,3000,2500,false,bid,99,1
            deribit,BTC-PERPETUAL,2000,2000,false,bid,99,1

            """
        let path = try folder.write("book.csv", Self.bookHeader + rows)
        let (_, report) = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id, outOfOrder: .keep)
        #expect(report.csv.crossed == 1)
        #expect(report.localBeforeExchange == 1)
        #expect(report.csv.outOfOrder == 1 && report.exchangeTimestampRegressions == 1)
        do {
            _ = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id)
            Issue.record("expected an out-of-order error")
        } catch {
            #expect(error.line == 5 && error.field == "local_timestamp" && error.reason.contains("out of order"), "\(error)")
        }
    }

    @Test func quotesWithAnEmptySideAndTradesWithoutIdOrAmount() throws {
        let folder = try Folder()
        let quotes = try folder.write(
            "quotes.csv",
            Self.quoteHeader + """
                huobi-dm-swap,BTC-USD,1000,1100,5,8629.3,,
                huobi-dm-swap,BTC-USD,2000,2100,5,8629.3,8629.3,7

                """)
        let (q, quoteReport) = try TardisLoader.loadQuotes(path: quotes, instrumentId: InstrumentId("BTC-USD.HUOBI"))
        #expect(q.count == 2 && quoteReport.oneSidedQuotes == 1 && quoteReport.csv.locked == 1)
        #expect(q[0].bidPrice == Price(raw: 0, precision: 1) && q[0].bidSize.isZero)
        let trades = try folder.write(
            "trades.csv",
            Self.tradeHeader + """
                binance,BTCUSDT,1000,1100,,unknown,100.5,0.25
                binance,BTCUSDT,2000,2100,t2,buy,100.5,0

                """)
        let (t, tradeReport) = try TardisLoader.loadTrades(path: trades, instrumentId: InstrumentId("BTCUSDT.BINANCE"))
        #expect(t.count == 1 && tradeReport.csv.rows == 2 && tradeReport.csv.zeroVolume == 1 && tradeReport.emptyTradeIds == 1)
        #expect(t[0].tradeId == TradeId("2") && t[0].aggressorSide == .noAggressor)
        #expect(t[0].size == (try Quantity("0.25")) && tradeReport.sizePrecision == 2)
    }

    @Test func aTradeIdUpToTheInlineTextLimitLoads() throws {
        let folder = try Folder()
        let longest = String(repeating: "a", count: 63)
        let ok = try folder.write("ok.csv", Self.tradeHeader + "bitmex,XBTUSD,1000,1100,\(longest),sell,8531.5,1\n")
        #expect(try TardisLoader.loadTrades(path: ok, instrumentId: InstrumentId("XBTUSD.BITMEX")).0[0].tradeId == TradeId(longest))
        let tooLong = try folder.write("long.csv", Self.tradeHeader + "bitmex,XBTUSD,1000,1100,\(longest)b,sell,8531.5,1\n")
        do {
            _ = try TardisLoader.loadTrades(path: tooLong, instrumentId: InstrumentId("XBTUSD.BITMEX"))
            Issue.record("expected an error for a 64-byte id")
        } catch {
            #expect(error.path == tooLong && error.line == 2 && error.field == "id", "\(error)")
            #expect(error.reason.contains("TradeId"), "\(error)")
        }
    }

    /// Each case: a header, one bad data row (line 2, unless the header is the fault), and the field named.
    @Test func badInputGivesOneErrorNamingFileLineAndField() throws {
        let folder = try Folder()
        enum Loader { case deltas, trades, quotes, depth }
        let cases: [(Loader, String, String, Int, String?, String)] = [
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,85x1.5,1\n", 2, "price", "invalid Price"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5,1e\n", 2, "amount", "invalid Quantity"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5,-1\n", 2, "amount", "must not be negative"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5\n", 2, "amount", "truncated"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5,1,extra\n", 2, "#9", "9 fields, expected 8"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sel,8531.5,1\n", 2, "side", "expected buy, sell or unknown"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,10x0,1100,t1,sell,8531.5,1\n", 2, "timestamp", "invalid timestamp"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,-1100,t1,sell,8531.5,1\n", 2, "local_timestamp", "invalid timestamp"),
            (.trades, Self.tradeHeader.replacingOccurrences(of: ",amount", with: ""), "bitmex,XBTUSD,1000,1100,t1,sell,8531.5\n", 1, "amount", "no column 'amount'"),
            (.trades, Self.quoteHeader, "huobi-dm-swap,BTC-USD,1000,1100,5,8629.3,8629.2,6\n", 1, "id", "expected a Tardis trades file"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5,1\nbitmex,ETHUSD,1000,1100,t2,sell,8531.5,1\n", 3, "symbol", "differs from the first row's 'XBTUSD'"),
            (.trades, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5000000001,1\n", 2, "price", "more than 9 decimals"),
            (.deltas, Self.bookHeader, "deribit,BTC-PERPETUAL,1000,1100,true,bidd,6421.5,1\n", 2, "side", "expected bid or ask"),
            (.deltas, Self.bookHeader, "deribit,BTC-PERPETUAL,1000,1100,yes,bid,6421.5,1\n", 2, "is_snapshot", "expected true or false"),
            (.deltas, Self.bookHeader, "deribit,BTC-PERPETUAL,1000,1100,true,bid,6421.5,0\n", 2, "amount", "a snapshot level has amount 0"),
            (.deltas, Self.bookHeader, "deribit,BTC-PERPETUAL,1000,1100,true,bid,,1\n", 2, "price", "empty text"),
            (.quotes, Self.quoteHeader, "huobi-dm-swap,BTC-USD,1000,1100,5,8629.3,,6\n", 2, "bid_price", "empty price with amount '6'"),
            (.quotes, Self.quoteHeader, "huobi-dm-swap,BTC-USD,1000,1100,5,8629.3,8629.2,\n", 2, "bid_amount", "empty text"),
            (.depth, Self.depthHeader, "binance-futures,BTCUSDT,1000,1100,101,1,100,1,102,1,100.5,1\n", 2, "bids[1].price", "not strictly worse than the level above (100)"),
            (.depth, Self.depthHeader, "binance-futures,BTCUSDT,1000,1100,101,1,,,102,1,99,1\n", 2, "bids[1].price", "after the empty level 0"),
            (.depth, Self.depthHeader, "binance-futures,BTCUSDT,1000,1100,101,0,100,1,102,1,99,1\n", 2, "asks[0].amount", "amount 0"),
            (.depth, Self.tradeHeader, "bitmex,XBTUSD,1000,1100,t1,sell,8531.5,1\n", 1, "bids[0].price", "expected a Tardis book_snapshot_N file"),
        ]
        for (i, (loader, header, rows, line, field, reason)) in cases.enumerated() {
            let path = try folder.write("bad\(i).csv", header + rows)
            do {
                switch loader {
                case .deltas: _ = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id)
                case .trades: _ = try TardisLoader.loadTrades(path: path, instrumentId: Self.id)
                case .quotes: _ = try TardisLoader.loadQuotes(path: path, instrumentId: Self.id)
                case .depth: _ = try TardisLoader.loadDepth10(path: path, instrumentId: Self.id)
                }
                Issue.record("case \(i): expected an error for \(rows)")
            } catch {
                #expect(error.path == path, "case \(i)")
                #expect(error.line == line, "case \(i): \(error)")
                #expect(error.field == field, "case \(i): \(error)")
                #expect(error.reason.contains(reason), "case \(i): \(error)")
                #expect(error.description.hasPrefix("bad\(i).csv:\(line): field '\(field ?? "")'"), "case \(i): \(error)")
            }
        }
    }

    @Test func aGivenSizePrecisionRejectsFinerAmounts() throws {
        let folder = try Folder()
        let path = try folder.write("book.csv", Self.bookHeader + "deribit,BTC-PERPETUAL,1000,1100,false,ask,6421.5,0.5\n")
        do {
            _ = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id, pricePrecision: 1, sizePrecision: 0)
            Issue.record("expected a precision error")
        } catch {
            #expect(error.line == 2 && error.field == "amount" && error.reason.contains("size precision 0"), "\(error)")
        }
        let (deltas, _) = try TardisLoader.loadDeltas(path: path, instrumentId: Self.id, pricePrecision: 2, sizePrecision: 1)
        #expect(deltas[0].order.price.precision == 2)
        #expect(deltas[0].order.size == (try Quantity("0.5")))
    }

    @Test func anEmptyFileAndAMissingFileNameTheFile() throws {
        let folder = try Folder()
        let empty = try folder.write("empty.csv", "")
        do {
            _ = try TardisLoader.loadTrades(path: empty, instrumentId: Self.id)
            Issue.record("expected an error")
        } catch {
            #expect(error.path == empty && error.line == 0 && error.reason.contains("empty file"))
        }
        do {
            _ = try TardisLoader.detectKind(path: folder.url.appendingPathComponent("absent.csv").path)
            Issue.record("expected an error")
        } catch {
            #expect(error.reason.contains("cannot open"))
        }
    }
}
