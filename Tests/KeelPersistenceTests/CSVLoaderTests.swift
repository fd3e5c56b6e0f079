// CSV loaders against the real vendor files (counts and quirks from ../shared/data/README.md) and
// against small malformed files written in a temp dir.

import Foundation
import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

enum CSVData {
    static func path(_ relative: String) -> String { SharedData.path("data/" + relative) }
    static var available: Bool { SharedData.exists("data/fx/fxcm") || SharedData.isCI }
    static func iso(_ ts: UnixNanos?) -> String { ts?.iso8601 ?? "nil" }
    static func barType(_ text: String) -> BarType { BarType(text) }
}

@Suite(.enabled(if: CSVData.available, "shared/data is not on this machine"))
struct CSVLoaderTests {
    struct FXCMPair: Sendable, CustomTestStringConvertible {
        let pair: String, symbol: String, rows: Int, precision: UInt8, first: String, last: String
        let crossed: (open: Int, high: Int, low: Int, close: Int)
        let lockedClose: Int
        var testDescription: String { pair }
    }

    static let fxcm: [FXCMPair] = [
        FXCMPair(pair: "gbpusd-m1-{}-2012", symbol: "GBP/USD", rows: 30_117, precision: 5, first: "2012-02-01T00:00:00.000000000Z",
                 last: "2012-03-01T00:00:00.000000000Z", crossed: (347, 523, 254, 347), lockedClose: 306),
        FXCMPair(pair: "usdjpy-m1-{}-2013", symbol: "USD/JPY", rows: 28_761, precision: 3, first: "2013-02-01T00:00:00.000000000Z",
                 last: "2013-03-01T00:00:00.000000000Z", crossed: (682, 882, 302, 683), lockedClose: 1_240),
    ]

    @Test(arguments: fxcm)
    func fxcmBidAndAskBarsLoadAndCountTheCrossedPairs(pair: FXCMPair) throws {
        func load(_ side: String) throws -> ([Bar], LoadReport) {
            let file = CSVData.path("fx/fxcm/" + pair.pair.replacingOccurrences(of: "{}", with: side) + ".csv")
            let type = BarType("\(pair.symbol).FXCM-1-MINUTE-\(side.uppercased())-EXTERNAL")
            return try CSVLoader.loadBars(path: file, layout: .fxcm(barType: type))
        }
        let (bid, bidReport) = try load("bid")
        let (ask, askReport) = try load("ask")
        for (bars, report) in [(bid, bidReport), (ask, askReport)] {
            #expect(bars.count == pair.rows && report.rows == pair.rows && report.loaded == pair.rows)
            #expect(CSVData.iso(report.firstTs) == pair.first && CSVData.iso(report.lastTs) == pair.last)
            #expect(report.quirks.isEmpty, "\(report)")
            #expect(bars[0].open.precision == pair.precision)
            #expect(bars.allSatisfy { $0.volume == Quantity(units: 1_000_000) })
        }
        let comparison = BidAskBars.compare(bid: bid, ask: ask)
        #expect(comparison.paired == pair.rows && comparison.unmatched == 0)
        #expect(comparison.crossedOpen == pair.crossed.open && comparison.crossedHigh == pair.crossed.high)
        #expect(comparison.crossedLow == pair.crossed.low && comparison.crossedClose == pair.crossed.close)
        #expect(comparison.lockedClose == pair.lockedClose)
    }

    @Test func trueFXTicksCountEveryQuirk() throws {
        let (quotes, report) = try CSVLoader.loadQuotes(path: CSVData.path("fx/truefx/usdjpy-ticks.csv"), layout: .trueFX(instrumentId: InstrumentId("USD/JPY.TRUEFX")))
        #expect(quotes.count == 1_000 && report.rows == 1_000)
        #expect(CSVData.iso(report.firstTs) == "2013-01-01T22:00:00.295000000Z")
        #expect(CSVData.iso(report.lastTs) == "2013-01-01T22:35:13.494000000Z")
        #expect(report.missingFractionalSeconds == 1)
        #expect(report.duplicateTimestamps == 7 && report.outOfOrder == 0)
        #expect(report.locked == 1 && report.crossed == 0)
        #expect(report.unchangedQuotes == 11)
        #expect(quotes[115].tsEvent.iso8601 == "2013-01-01T22:09:27.000000000Z")  // data row 116, no fraction
        #expect(quotes[0].bidPrice == (try Price("86.655")))
    }

    @Test(arguments: [(0, "2020-01-01T17:00:00.065000000Z"), (-5 * 3600, "2020-01-01T22:00:00.065000000Z")])
    func histDataQuotesReadAsUTCOrEST(offset: Int, first: String) throws {
        let (quotes, report) = try CSVLoader.loadQuotes(
            path: CSVData.path("fx/quote_tick_data.csv"), layout: .histData(instrumentId: InstrumentId("EUR/USD.SIM"), utcOffsetSeconds: offset))
        #expect(quotes.count == 9_500 && report.loaded == 9_500)
        #expect(CSVData.iso(report.firstTs) == first)
        // Not in the data README: 164 quotes repeat the previous bid and ask (counted by Python too).
        #expect(report.quirks.map(\.0) == ["unchangedQuotes"] && report.unchangedQuotes == 164, "\(report)")
        #expect(quotes[0].bidPrice == (try Price("1.12120")))
        #expect(quotes[0].bidPrice.precision == 5)
    }

    @Test func binanceTradesQuotesAndKlines() throws {
        let id = InstrumentId("BTCUSDT.BINANCE")
        let (trades, tradeReport) = try CSVLoader.loadTrades(path: CSVData.path("crypto/binance/btcusdt-trades.csv"), layout: .binanceTrades(instrumentId: id))
        #expect(trades.count == 2_001 && tradeReport.duplicateTimestamps == 630)
        #expect(trades.filter { $0.aggressorSide == .seller }.count == 914)  // buyer_maker true → the seller aggressed
        #expect(trades[0].tradeId == TradeId("553287559"))
        #expect(trades[0].size == (try Quantity("0.000263")))

        let (quotes, quoteReport) = try CSVLoader.loadQuotes(path: CSVData.path("crypto/binance/btcusdt-quotes.csv"), layout: .binanceQuotes(instrumentId: id))
        #expect(quotes.count == 451 && quoteReport.duplicateTimestamps == 23)
        #expect(quoteReport.crossed == 0 && quoteReport.locked == 0 && quoteReport.duplicateRows == 0)
        #expect(quotes[0].bidSize.precision == 6)

        for (day, rows) in [("27", 10), ("28", 11)] {
            let type = BarType("ADABTC.BINANCE-1-MINUTE-LAST-EXTERNAL")
            let (bars, report) = try CSVLoader.loadBars(path: CSVData.path("crypto/binance/ADABTC-1m-2021-11-\(day).csv"), layout: .binanceKlines(barType: type))
            #expect(bars.count == rows && report.quirks.isEmpty)
            #expect(bars[0].tsEvent.iso8601 == "2021-11-\(day)T00:01:00.000000000Z")  // the first bar's close
            #expect(bars[0].open.precision == 8)
        }
    }

    @Test func genericLayoutLoadsThePandasAndCMEBarFiles() throws {
        let eurusd = CSVBarLayout(
            barType: BarType("EUR/USD.SIM-1-HOUR-MID-EXTERNAL"), time: CSVTimeColumns(timestamp: 0), open: "Open", high: "High",
            low: "Low", close: "Close", volume: "Volume", pricePrecision: 5)
        let (bars, report) = try CSVLoader.loadBars(path: CSVData.path("fx/backtesting_py/EURUSD.csv"), layout: eurusd)
        #expect(bars.count == 5_000 && report.quirks.isEmpty)
        #expect(CSVData.iso(report.firstTs) == "2017-04-19T09:00:00.000000000Z")

        let sixE = CSVBarLayout(
            barType: BarType("6EH4.XCME-1-MINUTE-LAST-EXTERNAL"), time: CSVTimeColumns(timestamp: "timestamp_utc"), open: "open",
            high: "high", low: "low", close: "close", volume: "volume", pricePrecision: 5, volumePrecision: 0)
        let (cme, cmeReport) = try CSVLoader.loadBars(path: CSVData.path("futures/xcme/6EH4.XCME_1min_bars_20240101_20240131.csv"), layout: sixE)
        #expect(cme.count == 29_996 && cmeReport.zeroVolume == 0 && cmeReport.duplicateTimestamps == 0)
        #expect(CSVData.iso(cmeReport.lastTs) == "2024-01-31T23:59:00.000000000Z")
    }
}

@Suite struct CSVBadInputTests {
    static func write(_ name: String, _ text: String) throws -> String {
        let dir = NSTemporaryDirectory() + "keel-csv-\(UInt64.random(in: 0..<UInt64.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/" + name
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let header = "timestamp,open,high,low,close\n"
    static func row(_ minute: Int, _ high: String = "1.57606") -> String {
        "2012-02-01 00:\(minute < 10 ? "0" : "")\(minute):00+00:00,1.57597,\(high),1.57576,1.57576\n"
    }
    static let layout = CSVBarLayout.fxcm(barType: BarType("GBP/USD.FXCM-1-MINUTE-BID-EXTERNAL"))

    @Test func malformedPriceNamesFileLineAndField() throws {
        var text = Self.header
        for m in 0..<15 { text += Self.row(m) }
        text += Self.row(15, "1.5x")
        let path = try Self.write("gbpusd-m1-bid-2012.csv", text)
        #expect {
            try CSVLoader.loadBars(path: path, layout: Self.layout)
        } throws: { error in
            "\(error)".hasPrefix("gbpusd-m1-bid-2012.csv:17: field 'high': invalid Price '1.5x'")
        }
    }

    /// (file text after the header, expected error prefix after "bad.csv:").
    static let cases: [(String, String)] = [
        ("2012-02-01 00:00:00+00:00,1.57597,1.57606,1.57576\n", "2: field '#5': the row has 4 fields"),
        ("2012-02-31X00:00:00+00:00,1.57597,1.57606,1.57576,1.57576\n", "2: field 'timestamp': invalid timestamp"),
        ("2012-02-01 00:00:00+00:00,1.57597,1.57606,1.57576,1.575761\n", "2: field 'close': invalid Price '1.575761': more decimals"),
        ("2012-02-01 00:00:00+00:00,1.57597,1.57506,1.57576,1.57576\n", "2: field 'high': "),
        ("2012-02-01 00:01:00+00:00,1.57597,1.57606,1.57576,1.57576\n2012-02-01 00:00:00+00:00,1.57597,1.57606,1.57576,1.57576\n",
         "3: field 'timestamp': "),
        ("2012-02-01 00:00:00+00:00,\"1.57597,1.57606,1.57576,1.57576\n", "2: field '#2': unsupported or unterminated quoted field"),
    ]

    @Test(arguments: 0..<cases.count)
    func malformedRowsGiveOneClearError(index: Int) throws {
        let (body, expected) = Self.cases[index]
        let path = try Self.write("bad.csv", Self.header + body)
        #expect {
            try CSVLoader.loadBars(path: path, layout: Self.layout)
        } throws: { error in
            "\(error)".hasPrefix("bad.csv:" + expected)
        }
    }

    @Test func missingColumnIsAnError() throws {
        let path = try Self.write("cols.csv", "time,open,high,low,close\n")
        #expect(throws: CSVError.self) { try CSVLoader.loadBars(path: path, layout: Self.layout) }
    }

    @Test func outOfOrderRowsAreKeptAndCountedWhenAsked() throws {
        var layout = Self.layout
        layout.time.outOfOrder = .keep
        let path = try Self.write("ooo.csv", Self.header + Self.row(1) + Self.row(0) + "\n" + Self.row(0) + Self.row(0))
        let (bars, report) = try CSVLoader.loadBars(path: path, layout: layout)
        #expect(bars.count == 4 && report.outOfOrder == 1 && report.blankLines == 1)
        #expect(report.duplicateRows == 2 && report.duplicateTimestamps == 2)
        layout.time.duplicateRows = .drop
        let (dropped, dropReport) = try CSVLoader.loadBars(path: path, layout: layout)
        #expect(dropped.count == 2 && dropReport.duplicateRows == 2 && dropReport.rows == 4 && dropReport.loaded == 2)
    }

    @Test func crlfLineEndsAndAMissingFinalNewlineAreRead() throws {
        let path = try Self.write("crlf.csv", "timestamp,bid,ask\r\n2013-01-01 22:00:00+00:00,86.655,86.728\r\n2013-01-01 22:00:01.5Z,86.656,86.656")
        let (quotes, report) = try CSVLoader.loadQuotes(path: path, layout: .trueFX(instrumentId: InstrumentId("USD/JPY.TRUEFX")))
        #expect(quotes.count == 2 && report.locked == 1 && report.missingFractionalSeconds == 1)
        #expect(quotes[1].tsEvent.iso8601 == "2013-01-01T22:00:01.500000000Z")
    }
}

@Suite(.enabled(if: CSVData.available, "shared/data is not on this machine"))
struct DataInspectorTests {
    @Test func inspectsDBNAndCSVFiles() throws {
        let dbn = try DataInspector.inspect(path: SharedData.path("data/databento/esh4-glbx-mdp3-20231224.mbo.dbn.zst"))
        #expect(dbn.kind == "dbn mbo (v1)" && dbn.count == 8_725)
        let fxcm = try DataInspector.inspect(path: CSVData.path("fx/fxcm/gbpusd-m1-bid-2012.csv"))
        #expect(fxcm.kind.hasPrefix("csv bars (FXCM") && fxcm.count == 30_117 && fxcm.quirks.isEmpty)
        let truefx = try DataInspector.inspect(path: CSVData.path("fx/truefx/usdjpy-ticks.csv"))
        #expect(truefx.quirks["missingFractionalSeconds"] == 1 && truefx.quirks["duplicateTimestamps"] == 7)
        let hist = try DataInspector.inspect(path: CSVData.path("fx/quote_tick_data.csv"))
        #expect(hist.kind.hasPrefix("csv quotes (HistData") && hist.count == 9_500)
        #expect(throws: (any Error).self) { try DataInspector.inspect(path: CSVData.path("README.md")) }
    }
}
