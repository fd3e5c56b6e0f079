// Reference fixtures for the indicator tests: CSV tables written once by
// scripts/fixtures/make_indicator_fixtures.py (see its docstring for what produced each column),
// read here into Keel data through the production initialisers.

import Foundation
import KeelCore
import KeelIndicators
import KeelModel
import Testing

/// One fixture table: its columns by name, as the text of the file.
struct FixtureTable: Sendable {
    let names: [String]
    let columns: [String: [String]]
    let rowCount: Int

    init(resource: String) {
        guard let path = Bundle.module.path(forResource: resource, ofType: "csv", inDirectory: "Fixtures"),
            let text = try? String(contentsOfFile: path, encoding: .utf8)
        else { preconditionFailure("fixture \(resource).csv is missing from the test bundle") }
        let lines = text.split(separator: "\n")
        names = lines[0].split(separator: ",").map(String.init)
        var columns = [String: [String]]()
        for name in names { columns[name] = [] }
        for line in lines.dropFirst() {
            let cells = line.split(separator: ",", omittingEmptySubsequences: false)
            precondition(cells.count == names.count, "fixture \(resource): a row has \(cells.count) cells")
            for (name, cell) in zip(names, cells) { columns[name]!.append(String(cell)) }
        }
        self.columns = columns
        rowCount = lines.count - 1
    }

    /// The column `name` as text.
    func text(_ name: String) -> [String] {
        guard let column = columns[name] else { preconditionFailure("fixture has no column \(name)") }
        return column
    }

    /// The column `name` as doubles (`nan` where the reference has no value).
    func doubles(_ name: String) -> [Double] { text(name).map { Double($0)! } }
}

/// The fixture files.
enum FixtureName: Sendable {
    case gbpusd, eurusd, quotes

    var table: FixtureTable {
        switch self {
        case .gbpusd: Fixtures.gbpusd
        case .eurusd: Fixtures.eurusd
        case .quotes: Fixtures.quotes
        }
    }
}

enum Fixtures {
    static let gbpusd = FixtureTable(resource: "gbpusd-m1-bid")
    static let eurusd = FixtureTable(resource: "eurusd-h1")
    static let quotes = FixtureTable(resource: "btcusdt-quotes")

    /// GBP/USD 1-minute bid bars (no volume: 1,000,000 per bar, as NautilusTrader's wrangler).
    static let gbpusdBars: [Bar] = bars(gbpusd, type: "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL", volume: nil)
    /// EUR/USD hourly bars with volume.
    static let eurusdBars: [Bar] = bars(eurusd, type: "EUR/USD.SIM-1-HOUR-MID-EXTERNAL", volume: "volume")

    static let btcusdt = InstrumentId("BTCUSDT.BINANCE")

    /// BTC/USDT quotes.
    static let btcusdtQuotes: [QuoteTick] = {
        let t = quotes
        let (ts, bid, ask, bidSize, askSize) = (t.text("ts"), t.text("bid"), t.text("ask"), t.text("bid_size"), t.text("ask_size"))
        return (0..<t.rowCount).map { i in
            let time = UnixNanos(UInt64(ts[i])!)
            do {
                return try QuoteTick(
                    validating: btcusdt, bidPrice: Price(bid[i], precision: 2), askPrice: Price(ask[i], precision: 2),
                    bidSize: Quantity(bidSize[i], precision: 6), askSize: Quantity(askSize[i], precision: 6),
                    tsEvent: time, tsInit: time)
            } catch { preconditionFailure("fixture quote \(i): \(error)") }
        }
    }()

    /// Trades at the GBP/USD closes, one per bar (for the trade entry points).
    static let gbpusdTrades: [TradeTick] = gbpusdBars.enumerated().map { i, bar in
        TradeTick(
            instrumentId: bar.instrumentId, price: bar.close, size: Quantity(raw: 1_000_000_000, precision: 0),
            aggressorSide: .buyer, tradeId: TradeId("T-\(i)"), tsEvent: bar.tsEvent, tsInit: bar.tsInit)
    }

    private static func bars(_ t: FixtureTable, type: String, volume: String?) -> [Bar] {
        let barType = BarType(type)
        let (ts, open, high, low, close) = (t.text("ts"), t.text("open"), t.text("high"), t.text("low"), t.text("close"))
        let volumes = volume.map { t.text($0) } ?? Array(repeating: "1000000", count: t.rowCount)
        return (0..<t.rowCount).map { i in
            let time = UnixNanos(UInt64(ts[i])!)
            do {
                return try Bar(
                    validating: barType, open: Price(open[i], precision: 5), high: Price(high[i], precision: 5),
                    low: Price(low[i], precision: 5), close: Price(close[i], precision: 5),
                    volume: Quantity(volumes[i], precision: 0), tsEvent: time, tsInit: time)
            } catch { preconditionFailure("fixture bar \(i): \(error)") }
        }
    }
}

/// Runs a fresh copy of `indicator` over `inputs` and returns `output` after each one.
func series<I, Input>(
    _ indicator: I, _ inputs: [Input], _ handle: (inout I, Input) -> Void, _ output: (I) -> Double
) -> [Double] {
    var indicator = indicator
    var result = [Double]()
    result.reserveCapacity(inputs.count)
    for input in inputs {
        handle(&indicator, input)
        result.append(output(indicator))
    }
    return result
}

/// `output` of `indicator` after each GBP/USD bar.
func overBars<I: BarIndicator>(_ indicator: I, _ bars: [Bar] = Fixtures.gbpusdBars, _ output: (I) -> Double) -> [Double] {
    series(indicator, bars, { $0.handle(bar: $1) }, output)
}

/// One fixture comparison: a reference column and the Keel series that must match it.
struct ReferenceCase: Sendable, CustomTestStringConvertible {
    let column: String
    let table: FixtureName
    let absoluteTolerance: Double
    let keel: @Sendable () -> [Double]

    var testDescription: String { column }

    init(
        _ column: String, in table: FixtureName = .gbpusd,
        absoluteTolerance: Double = 1e-12, _ keel: @escaping @Sendable () -> [Double]
    ) {
        self.column = column
        self.table = table
        self.absoluteTolerance = absoluteTolerance
        self.keel = keel
    }

    /// One case per reference column, all compared with the same Keel series.
    static func each(
        _ columns: [String], in table: FixtureName = .gbpusd,
        absoluteTolerance: Double = 1e-12, _ keel: @escaping @Sendable () -> [Double]
    ) -> [ReferenceCase] {
        columns.map { ReferenceCase($0, in: table, absoluteTolerance: absoluteTolerance, keel) }
    }

    /// Compares every row: `|keel − reference| ≤ 1e-9·|reference| + absoluteTolerance`. A TA-Lib `nan`
    /// (its warm-up) is skipped; a NumPy `nan` must be matched by a Keel `nan`.
    func check() {
        let expected = table.table.doubles(column)
        let actual = keel()
        #expect(actual.count == expected.count, "\(column): row count")
        let skipsNaN = column.hasPrefix("talib:")
        var compared = 0
        var failures = 0
        for (row, (a, e)) in zip(actual, expected).enumerated() {
            if e.isNaN {
                if !skipsNaN && !a.isNaN && failures < 5 {
                    failures += 1
                    Issue.record("\(column) row \(row): expected nan, got \(a)")
                }
                continue
            }
            compared += 1
            if !(abs(a - e) <= 1e-9 * abs(e) + absoluteTolerance) && failures < 5 {
                failures += 1
                Issue.record("\(column) row \(row): expected \(e), got \(a) (diff \(a - e))")
            }
        }
        #expect(compared > expected.count / 2, "\(column): too few rows compared (\(compared))")
    }
}
