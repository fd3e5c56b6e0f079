// The in-memory entry points (`DBNDecoder(bytes:name:)`, `CSVReader(bytes:name:)`, the loaders'
// `bytes:name:` overloads, `BinanceDepth.load(snapshotBytes:…)`): each reads what a file with the same
// content gives, and names the input in its errors.

import Foundation
import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

@Suite struct InMemoryInputTests {
    static func utf8(_ text: String) -> [UInt8] { Array(text.utf8) }

    @Test(.enabled(if: DBNFile.available, "shared/data/databento is not on this machine"))
    func dbnBytesDecodeAsTheFileDoesPlainAndZstd() throws {
        let file = DBNFile.all[7]  // trades, 120 records
        let (metadata, records) = try decodeAll(file.plainPath)
        for path in [file.plainPath, file.zstPath] {
            let decoder = try DBNDecoder(bytes: try CorruptCopies.bytes(path), name: "trades in memory")
            #expect(decoder.path == "trades in memory")
            #expect(decoder.metadata == metadata)
            var decoded: [DBNRecord] = []
            while let record = try decoder.next() { decoded.append(record) }
            #expect(decoded == records)
        }
        do {
            _ = try DBNDecoder(bytes: Self.utf8("DBN\u{1}"), name: "short")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .truncated)
            #expect(error.description.hasPrefix("short: byte 4: field 'prelude'"), "\(error)")
        }
    }

    @Test func csvReaderReadsBytesAsAFile() throws {
        // Longer than the reader's smallest buffer, with CRLF, a blank line, a quoted field and no final newline.
        let text = "a,b,c\r\n\n\"quoted, not\",2,3\n" + String(repeating: "x", count: 40) + ",y"
        let reader = CSVReader(bytes: Self.utf8(text), name: "text")
        var rows: [[String]] = []
        while try reader.nextRow() { rows.append((0..<reader.fieldCount).map { reader.string($0) }) }
        #expect(rows == [["a", "b", "c"], ["quoted, not", "2", "3"], [String(repeating: "x", count: 40), "y"]])
        #expect(reader.blankLines == 1)
        #expect(reader.line == 4)
    }

    @Test func quotesLoadFromBytes() throws {
        let text = "timestamp,bid,ask\n2013-01-01 22:00:00.295000+00:00,86.770,86.790\n2013-01-01 22:00:00.295000+00:00,86.771,86.790\n"
        var quotes: [QuoteTick] = []
        let report = try CSVLoader.loadQuotes(bytes: Self.utf8(text), name: "ticks", layout: .trueFX(instrumentId: InstrumentId("USD/JPY.TRUEFX"))) {
            quotes.append($0)
        }
        #expect(quotes.map(\.bidPrice) == [try Price("86.770"), try Price("86.771")])
        #expect(report.path == "ticks")
        #expect(report.duplicateTimestamps == 1)
    }

    @Test func tradesLoadFromBytesAndErrorsNameTheInput() throws {
        let layout = CSVTradeLayout.binanceTrades(instrumentId: InstrumentId("BTCUSDT.BINANCE"))
        let header = "timestamp_ms,timestamp_utc,trade_id,price,quantity,buyer_maker\n"
        let good = header + "1610064000278,2021-01-08T00:00:00.278Z,553287559,39432.48,0.000263,true\n"
        var trades: [TradeTick] = []
        try CSVLoader.loadTrades(bytes: Self.utf8(good), name: "trades", layout: layout) { trades.append($0) }
        #expect(trades.count == 1)
        #expect(trades.first?.aggressorSide == .seller)
        do {
            try CSVLoader.loadTrades(bytes: Self.utf8(header + "1,x,1,1.0,0,true\n"), name: "bad trades", layout: layout) { _ in }
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "bad trades:2: field 'size': a trade's size must be positive, not '0'")
        }
    }

    @Test func barsLoadFromBytes() throws {
        let text = "timestamp,open,high,low,close\n2012-02-01 00:00:00+00:00,1.57505,1.57540,1.57500,1.57530\n"
        let type = BarType("GBP/USD.FXCM-1-MINUTE-BID-EXTERNAL")
        var bars: [Bar] = []
        let report = try CSVLoader.loadBars(bytes: Self.utf8(text), name: "bars", layout: .fxcm(barType: type)) { bars.append($0) }
        #expect(bars.count == 1)
        #expect(bars.first?.high == (try Price("1.57540")))
        #expect(report.rows == 1)
    }

    @Test func binanceDepthLoadsFromBytesAndNamesTheUpdate() throws {
        let header = "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu\n"
        let snapshot = header + "BTCUSDT,1667346579146,100,100,b,snap,20377.00,1.770,-1\n"
        let update = header + "BTCUSDT,1667346579200,101,105,b,set,20377.00,0.000,100\n"
        let id = InstrumentId("BTCUSDT-PERP.BINANCE")
        let (batches, report) = try BinanceDepth.load(
            snapshotBytes: Self.utf8(snapshot), updateBytes: [Self.utf8(update)], instrumentId: id, pricePrecision: 1,
            sizePrecision: 3)
        #expect(batches.map { $0.deltas.map(\.action) } == [[.clear, .add], [.delete]])
        #expect(report.removals == 1)
        let gap = header + "BTCUSDT,1667346579200,200,205,b,set,20377.00,0.000,199\n"
        do {
            _ = try BinanceDepth.load(
                snapshotBytes: Self.utf8(snapshot), updateBytes: [Self.utf8(gap)], instrumentId: id, pricePrecision: 1, sizePrecision: 3)
            Issue.record("expected a gap error")
        } catch {
            #expect(error.path == "update 1")
            #expect(error.line == 2)
        }
    }
}
