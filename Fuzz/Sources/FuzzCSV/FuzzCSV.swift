// FuzzCSV: the CSV reader and every CSV loader on arbitrary bytes.
//
// One input is read by each vendor layout (FXCM bars, Binance klines, TrueFX, HistData and Binance quotes,
// Binance trades) and by generic layouts covering the other timestamp formats, column kinds and
// policies (epoch s/µs/ns, header names, a side column, fixed precisions, out-of-order rows kept,
// duplicate rows dropped). The Binance depth loader reads the input split at its NUL bytes: the first part
// is the snapshot, the next ones (at most three) are update files, and the batches are applied to an L2
// book. Thrown errors are expected outcomes (their messages are built, as a user would see them); a trap,
// a sanitizer report, a leak or a hang is a finding.

import KeelCore
import KeelModel
import KeelPersistence

let instrumentId = InstrumentId("FUZZ.SIM")
let name = "fuzz input"

/// Runs `body` and builds the message of what it throws, and the report's description.
@inline(never)
func attempt(_ body: () throws -> LoadReport) {
    do { _ = try body().description } catch { _ = "\(error)" }
}

func bar(_ aggregation: BarAggregation, _ priceType: PriceType) -> BarType {
    BarType(instrumentId: instrumentId, spec: BarSpecification(step: 1, aggregation: aggregation, priceType: priceType))
}

let quoteLayouts: [CSVQuoteLayout] = {
    var generic = CSVQuoteLayout(
        instrumentId: instrumentId,
        time: CSVTimeColumns(hasHeader: false, timestamp: 0, format: .epochMicroseconds, outOfOrder: .keep, duplicateRows: .drop),
        bid: 1, ask: 2, bidSize: 3, askSize: 4, pricePrecision: 5, sizePrecision: 2)
    generic.defaultSize = Quantity(units: 1)
    return [
        .trueFX(instrumentId: instrumentId), .histData(instrumentId: instrumentId, utcOffsetSeconds: -5 * 3600),
        .binanceQuotes(instrumentId: instrumentId), generic,
    ]
}()

let tradeLayouts: [CSVTradeLayout] = [
    .binanceTrades(instrumentId: instrumentId),
    CSVTradeLayout(
        instrumentId: instrumentId,
        time: CSVTimeColumns(hasHeader: false, timestamp: 0, format: .epochNanoseconds, outOfOrder: .keep),
        price: 1, size: 2, aggressor: .side(3), pricePrecision: 2),
]

let barLayouts: [CSVBarLayout] = [
    .fxcm(barType: bar(.minute, .bid)),
    .binanceKlines(barType: bar(.minute, .last)),
    CSVBarLayout(
        barType: bar(.day, .last), time: CSVTimeColumns(timestamp: "timestamp", outOfOrder: .keep, duplicateRows: .drop),
        open: "open", high: "high", low: "low", close: "close", volume: "volume"),
    CSVBarLayout(
        barType: bar(.second, .mid), time: CSVTimeColumns(hasHeader: false, timestamp: 0, format: .epochSeconds, utcOffsetSeconds: 3600),
        open: 1, high: 2, low: 3, close: 4, volume: 5, pricePrecision: 4, volumePrecision: 0),
]

/// Loads the depth texts (snapshot first) under both policy pairs and applies the batches to an L2 book.
func loadDepth(_ parts: [[UInt8]]) {
    for (duplicates, gaps) in [(DuplicateRowPolicy.keep, GapPolicy.fail), (.drop, .report)] {
        do {
            let (batches, report) = try BinanceDepth.load(
                snapshotBytes: parts[0], updateBytes: Array(parts.dropFirst()), instrumentId: instrumentId, pricePrecision: 2,
                sizePrecision: 3, duplicates: duplicates, gaps: gaps)
            _ = report.description
            var book = OrderBook(instrumentId: instrumentId, bookType: .l2MBP)
            for batch in batches {
                do { try book.apply(batch) } catch { _ = "\(error)" }
            }
            _ = book.bestBidPrice
        } catch {
            _ = "\(error)"
        }
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    for layout in quoteLayouts { attempt { try CSVLoader.loadQuotes(bytes: bytes, name: name, layout: layout) { _ = $0.bidPrice } } }
    for layout in tradeLayouts { attempt { try CSVLoader.loadTrades(bytes: bytes, name: name, layout: layout) { _ = $0.tradeId } } }
    for layout in barLayouts { attempt { try CSVLoader.loadBars(bytes: bytes, name: name, layout: layout) { _ = $0.volume } } }
    let parts = bytes.split(separator: 0, maxSplits: 3, omittingEmptySubsequences: false).map(Array.init)
    loadDepth(parts)
    return 0
}
