// DataSource: a kind of market data input and where it is, shared by backtest configurations
// (`[[data]]` tables) and `keel data import`, so the two accept the same kinds with the same meaning.
//
// Design decisions:
// - A source becomes `MarketDataStream`s, never one big array handed around: the S2 stream and catalog
//   queries are generated lazily, so a backtest or an import of them uses flat memory. CSV files are read
//   whole by their loaders (they are small) and then streamed, sorted stably by `ts_init` as the
//   reference's `add_data` does.
// - `catalog` is a source like the others, with a query instead of a loader; it yields one stream per
//   (type, instrument) and the backtest merges them.

import Foundation
import KeelCore
public import KeelData
import KeelExamples
public import KeelModel
public import KeelPersistence

/// Where a backtest's or an import's market data comes from.
public struct DataSource {
    /// The kinds of input.
    public enum Kind: String, CaseIterable, Sendable {
        case fxcmBars = "fxcm-bars"
        case histdataQuotes = "histdata-quotes"
        case truefxQuotes = "truefx-quotes"
        case binanceQuotes = "binance-quotes"
        case binanceTrades = "binance-trades"
        case binanceKlines = "binance-klines"
        /// Tardis.dev `incremental_book_L2`: L2 order book deltas.
        case tardisBookL2 = "tardis-book-l2"
        /// Tardis.dev `book_snapshot_5` / `book_snapshot_25` as L2 snapshot deltas (every level).
        case tardisSnapshotDeltas = "tardis-book-snapshot"
        /// Tardis.dev `book_snapshot_5` / `book_snapshot_25` as depth-10 snapshots (backtests only: the
        /// catalog does not store depth snapshots).
        case tardisDepth10 = "tardis-depth10"
        case tardisTrades = "tardis-trades"
        case tardisQuotes = "tardis-quotes"
        /// Scenario S2's stream: `repeats` one-day-shifted copies of a HistData quote file
        /// (../shared/SCENARIOS.md; `Examples/KeelExamples/S2Stream.swift`).
        case s2Stream = "s2-stream"
        /// A Databento DBN file (plain or zstd), decoded on a thread of its own while the backtest runs:
        /// MBO records become order book deltas, MBP-1/BBO quotes, trades trades, OHLCV bars
        /// (`DataSource+Databento.swift`). `instrument_id` is optional (default: the file's symbology,
        /// `RAW_SYMBOL.VENUE`); `price_precision` defaults to each instrument's; `include_trades`
        /// (default false, as NautilusTrader's loader) adds trades.
        case databento
        /// A query over a Keel data catalog (`Docs/catalog.md`): `path` is the catalog's folder.
        case catalog

        /// True for kinds read lazily (never held whole in memory).
        public var isStreamed: Bool { self == .s2Stream || self == .catalog || self == .databento }
        /// True for kinds whose values carry a bar type (given as `bar_type`).
        var needsBarType: Bool { self == .fxcmBars || self == .binanceKlines }
        /// True for kinds whose values carry an instrument id (given as `instrument_id`).
        var needsInstrumentId: Bool { !needsBarType && self != .catalog && self != .databento }
    }

    public var kind: Kind
    /// The absolute path.
    public var path: String
    /// Where the source was described (a configuration field path, or a command-line argument).
    public var field: String
    public var instrumentId: InstrumentId?
    public var barType: BarType?
    public var utcOffsetSeconds: Int = 0
    /// The price precision (`histdata-quotes`: default 5; Tardis kinds: inferred from the file if nil).
    public var pricePrecision: UInt8?
    /// The size precision (Tardis kinds: inferred from the file if nil).
    public var sizePrecision: UInt8?
    /// `s2-stream`: the number of copies (default 211, the reference's).
    public var repeats: Int = S2Stream.defaultRepeats
    /// `catalog`: what to read.
    public var query = CatalogQuery()
    /// `databento`: produce trades too (`include_trades`, default false).
    public var includeTrades = false

    /// Creates a source; the fields a kind needs are checked by `check()`.
    public init(kind: Kind, path: String, field: String) {
        self.kind = kind
        self.path = path
        self.field = field
    }

    /// Checks that the kind's required fields are there and the path exists.
    ///
    /// - Throws: `ConfigError` naming the missing or wrong field under `field`.
    public func check() throws(ConfigError) {
        if kind == .catalog {
            do { _ = try Catalog(path: path) } catch { throw ConfigError(field: "\(field).path", "\(error)") }
        } else if !FileManager.default.fileExists(atPath: path) {
            throw ConfigError(field: "\(field).path", "no such file '\(path)'")
        }
        if kind.needsBarType && barType == nil { throw ConfigError(field: "\(field).bar_type", "\(kind.rawValue) data needs a bar type") }
        if kind.needsInstrumentId && instrumentId == nil { throw ConfigError(field: "\(field).instrument_id", "\(kind.rawValue) data needs an instrument id") }
        if kind == .s2Stream && repeats <= 0 { throw ConfigError(field: "\(field).repeats", "expected a positive number of copies, got \(repeats)") }
    }

    /// The source's values as streams in priority order (one for a file, one per type and instrument
    /// for a catalog query).
    ///
    /// - Parameter instruments: the instruments the values may be for (a databento source takes their
    ///   price precisions unless `pricePrecision` is set).
    /// - Throws: `CSVError`, `CatalogError`, `DBNError` or `S2StreamError` if the input cannot be read.
    public func streams(instruments: [Instrument] = []) throws -> [MarketDataStream] {
        switch kind {
        case .databento:
            return [try databentoStream(instruments: instruments)]
        case .catalog:
            return try Catalog(path: path).query(query).map { stream in
                let name = "\(path): \(stream.name)"
                // Each value goes into the chunk's array of its kind where it is decoded.
                return MarketDataStream(name: name) { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
                    do throws(CatalogError) {
                        _ = try stream.read(
                            limit: MarketDataChunk.capacity - chunk.count, quote: { chunk.append(quote: $0) },
                            trade: { chunk.append(trade: $0) }, bar: { chunk.append(bar: $0) }, delta: { chunk.append(delta: $0) })
                    } catch { throw MarketDataStreamError(stream: name, reason: error.description) }
                }
            }
        case .s2Stream:
            let copies = LazyQuotes(try S2Stream(sourcePath: path, repeats: repeats, instrumentId: instrumentId!).lazyQuotes())
            return [MarketDataStream(name: path) { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in copies.fill(&chunk) }]
        default:
            return [MarketDataStream(name: path, sorting: try values())]
        }
    }

    /// Loads a file source whole (kinds that are not `isStreamed`).
    ///
    /// - Throws: `CSVError` if the file cannot be read.
    public func values() throws -> [MarketData] {
        switch kind {
        case .fxcmBars: return try CSVLoader.loadBars(path: path, layout: .fxcm(barType: barType!)).0.map(MarketData.bar)
        case .binanceKlines: return try CSVLoader.loadBars(path: path, layout: .binanceKlines(barType: barType!)).0.map(MarketData.bar)
        case .histdataQuotes:
            return try CSVLoader.loadQuotes(
                path: path, layout: .histData(instrumentId: instrumentId!, utcOffsetSeconds: utcOffsetSeconds, pricePrecision: pricePrecision ?? 5)
            ).0.map(MarketData.quote)
        case .truefxQuotes: return try CSVLoader.loadQuotes(path: path, layout: .trueFX(instrumentId: instrumentId!)).0.map(MarketData.quote)
        case .binanceQuotes: return try CSVLoader.loadQuotes(path: path, layout: .binanceQuotes(instrumentId: instrumentId!)).0.map(MarketData.quote)
        case .binanceTrades: return try CSVLoader.loadTrades(path: path, layout: .binanceTrades(instrumentId: instrumentId!)).0.map(MarketData.trade)
        case .tardisBookL2:
            return try TardisLoader.loadDeltas(path: path, instrumentId: instrumentId!, pricePrecision: pricePrecision, sizePrecision: sizePrecision)
                .0.map(MarketData.delta)
        case .tardisSnapshotDeltas:
            return try TardisLoader.loadSnapshotDeltas(
                path: path, instrumentId: instrumentId!, pricePrecision: pricePrecision, sizePrecision: sizePrecision
            ).0.map(MarketData.delta)
        case .tardisDepth10:
            return try TardisLoader.loadDepth10(path: path, instrumentId: instrumentId!, pricePrecision: pricePrecision, sizePrecision: sizePrecision)
                .0.map(MarketData.depth10)
        case .tardisTrades:
            return try TardisLoader.loadTrades(path: path, instrumentId: instrumentId!, pricePrecision: pricePrecision, sizePrecision: sizePrecision)
                .0.map(MarketData.trade)
        case .tardisQuotes:
            return try TardisLoader.loadQuotes(path: path, instrumentId: instrumentId!, pricePrecision: pricePrecision, sizePrecision: sizePrecision)
                .0.map(MarketData.quote)
        case .s2Stream, .catalog, .databento: preconditionFailure("Invariant: \(kind.rawValue) is streamed, not loaded")
        }
    }

    // MARK: Configuration tables

    /// Reads a `[[data]]` table; relative paths resolve with `resolve`.
    ///
    /// - Throws: `ConfigError` naming the field.
    static func parse(_ t: ConfigTable, resolve: (String) -> String) throws(ConfigError) -> DataSource {
        try t.checkKeys([
            "kind", "path", "instrument_id", "bar_type", "utc_offset_seconds", "price_precision", "size_precision", "repeats", "types", "keys", "start", "end",
            "verify", "include_trades",
        ])
        let kindText = try t.string("kind")
        guard let kind = Kind(rawValue: kindText) else {
            throw ConfigError(field: t.field("kind"), "expected one of \(Kind.allCases.map(\.rawValue).joined(separator: ", ")), got '\(kindText)'")
        }
        var source = DataSource(kind: kind, path: resolve(try t.string("path")), field: t.path)
        source.utcOffsetSeconds = try t.int("utc_offset_seconds", default: 0)
        if t.has("price_precision") { source.pricePrecision = try t.unsigned("price_precision", default: UInt8(0)) }
        if t.has("size_precision") { source.sizePrecision = try t.unsigned("size_precision", default: UInt8(0)) }
        source.repeats = try t.int("repeats", default: S2Stream.defaultRepeats)
        if kind.needsBarType {
            source.barType = try t.barType("bar_type")
        } else if kind.needsInstrumentId || (kind == .databento && t.has("instrument_id")) {
            source.instrumentId = try t.instrumentId("instrument_id")
        }
        if kind == .databento {
            source.includeTrades = try t.bool("include_trades", default: false)
        } else if t.has("include_trades") {
            throw ConfigError(field: t.field("include_trades"), "only a databento source takes include_trades")
        }
        if kind == .catalog {
            if t.has("types") {
                var types: [CatalogDataType] = []
                for name in try t.strings("types") {
                    guard let type = CatalogDataType(name: name) else {
                        throw ConfigError(field: t.field("types"), "expected quotes, trades, bars or deltas, got '\(name)'")
                    }
                    types.append(type)
                }
                source.query.types = types
            }
            if t.has("keys") { source.query.keys = try t.strings("keys") }
            if t.has("start") { source.query.start = try t.timestamp("start") }
            if t.has("end") { source.query.end = try t.timestamp("end") }
            source.query.verify = try t.bool("verify", default: true)
        } else {
            for key in ["types", "keys", "start", "end", "verify"] where t.has(key) {
                throw ConfigError(field: t.field(key), "only catalog data takes '\(key)'")
            }
        }
        try source.check()
        return source
    }
}

/// The S2 stream's iterator held by reference for a stream's closure. A captured `var` would be boxed
/// and checked for exclusive access on every call; this holder's only access is `fill(_:)`, one at a
/// time on the engine's thread.
private final class LazyQuotes {
    @exclusivity(unchecked) private var quotes: S2Stream.Quotes
    init(_ quotes: S2Stream.Quotes) { self.quotes = quotes }
    /// Writes the next quotes straight into the chunk's quote array.
    @inline(__always) func fill(_ chunk: inout MarketDataChunk) {
        chunk.appendQuotes { (out: inout [QuoteTick]) in quotes.next(into: &out, limit: MarketDataChunk.capacity) }
    }
}
