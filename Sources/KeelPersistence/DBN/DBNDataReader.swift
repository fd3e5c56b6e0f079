// DBNDataReader: a DBN file read as Keel market data, one value at a time (for replay streams).
//
// Design decisions:
// - Pull, not load: `next()` decodes records until one maps to market data and returns it, so a backtest
//   replays a file of any size in the decoder's fixed memory (the engine wraps the reader in a
//   `MarketDataStream`). NautilusTrader's `DatabentoDataLoader.from_dbn_file` builds the whole list first.
// - Mappings are `DBNRecord+Keel.swift`'s (NautilusTrader's): MBO → one `OrderBookDelta` per record
//   (`T` records give a trade only with `includeTrades`), MBP-1/TBBO → a quote and, for `T` events with
//   `includeTrades`, a trade after it; BBO → a quote; trades → trades; OHLCV → bars stamped at their close.
//   Records that carry no market data (definitions, symbol mappings, status, statistics, imbalance,
//   gateway and system messages, MBP-10) are counted in `skippedRecords`, never turned into guesses.
// - Instrument ids: one fixed id for every record (the loader's `instrument_id` argument), or the file's
//   symbology (`RAW_SYMBOL.VENUE`, definitions in the file register their symbols as they pass). The price
//   precision is asked once per instrument from the caller (an instrument's precision is not in the file).
// - The single-instrument MBO path — the S3 replay — does no dictionary lookup and no allocation per record.

import KeelCore
public import KeelModel

/// Reads a DBN file (plain or zstd) as Keel market data, value by value.
///
/// ```swift
/// let reader = try DBNDataReader(path: "esh4.mbo.dbn.zst", instrumentId: InstrumentId("ESH4.GLBX")) { _ in 2 }
/// while let value = try reader.next() { … }   // .delta(OrderBookDelta) for an MBO file
/// ```
public final class DBNDataReader {
    /// The file's path.
    public var path: String { decoder.path }
    /// The file's metadata header.
    public var metadata: DBNMetadata { decoder.metadata }
    /// Whether trades are produced (MBO `T` records, MBP-1/TBBO trade events).
    public let includeTrades: Bool
    /// The values returned so far.
    public private(set) var valueCount = 0
    /// The records that map to no market data (see the file's design notes).
    public private(set) var skippedRecords = 0

    private let decoder: DBNDecoder
    private var symbology: DBNSymbology
    private let fixedInstrumentId: InstrumentId?
    private let precisionOf: (InstrumentId) -> UInt8?
    /// The last instrument resolved and its precision (a file of one instrument asks once).
    private var lastId: InstrumentId?
    private var lastPrecision: UInt8 = 0
    /// A second value of the last record (an MBP-1 trade after its quote).
    private var pending: MarketData?

    /// Opens `path`.
    ///
    /// - Parameters:
    ///   - path: A DBN file, plain or zstd-compressed.
    ///   - instrumentId: The id of every record's instrument; nil to resolve ids from the file's symbology.
    ///   - includeTrades: Produce trades as well as book and quote data (default false, as NautilusTrader).
    ///   - pricePrecision: The price precision of an instrument (asked once per instrument); nil makes
    ///     the first record of that instrument an error.
    /// - Throws: `DBNError` if the file cannot be opened or its metadata is corrupt.
    public init(
        path: String, instrumentId: InstrumentId? = nil, includeTrades: Bool = false,
        pricePrecision: @escaping (InstrumentId) -> UInt8?
    ) throws(DBNError) {
        decoder = try DBNDecoder(path: path)
        symbology = DBNSymbology(metadata: decoder.metadata)
        fixedInstrumentId = instrumentId
        self.includeTrades = includeTrades
        precisionOf = pricePrecision
    }

    /// The next market data value, or nil at the end of the file.
    ///
    /// - Throws: `DBNError` for corrupt or truncated data, and (code `.invalidValue`) for a record that
    ///   cannot be mapped: an instrument without a symbol or precision, a price off the precision's grid,
    ///   an unknown action. The reader then stays where it failed.
    public func next() throws(DBNError) -> MarketData? {
        if let value = pending {
            pending = nil
            valueCount += 1
            return value
        }
        while let record = try decoder.next() {
            if let value = try map(record) {
                valueCount += 1
                return value
            }
        }
        return nil
    }

    @inline(__always)
    private func map(_ record: DBNRecord) throws(DBNError) -> MarketData? {
        do throws(ValidationError) {
            switch record {
            case .mbo(let mbo):
                let (id, precision) = try instrument(mbo.header)
                if mbo.action == UInt8(ascii: "T") {
                    guard includeTrades else { return nil }
                    return try mbo.tradeTick(instrumentId: id, pricePrecision: precision).map(MarketData.trade)
                }
                return try mbo.orderBookDelta(instrumentId: id, pricePrecision: precision).map(MarketData.delta)
            case .mbp1(let mbp):
                let (id, precision) = try instrument(mbp.event.header)
                let quote = try mbp.quoteTick(instrumentId: id, pricePrecision: precision).map(MarketData.quote)
                let trade = includeTrades ? try mbp.tradeTick(instrumentId: id, pricePrecision: precision).map(MarketData.trade) : nil
                if quote == nil { return trade }
                pending = trade
                return quote
            case .bbo(let bbo):
                let (id, precision) = try instrument(bbo.header)
                return try bbo.quoteTick(instrumentId: id, pricePrecision: precision).map(MarketData.quote)
            case .trade(let trade):
                let (id, precision) = try instrument(trade.header)
                return .trade(try trade.tradeTick(instrumentId: id, pricePrecision: precision))
            case .ohlcv(let bar):
                let (id, precision) = try instrument(bar.header)
                return .bar(try bar.bar(instrumentId: id, pricePrecision: precision))
            case .definition(let definition):
                symbology.register(definition)
                skippedRecords += 1
                return nil
            case .mbp10, .status, .imbalance, .statistics, .symbolMapping, .gatewayError, .system:
                skippedRecords += 1
                return nil
            }
        } catch {
            throw DBNError(
                .invalidValue, path: decoder.path, offset: decoder.lastRecordOffset, field: error.field, reason: error.reason,
                decompressed: decoder.isCompressed)
        }
    }

    /// The instrument id and price precision of a record.
    @inline(__always)
    private func instrument(_ header: DBNRecordHeader) throws(ValidationError) -> (InstrumentId, UInt8) {
        let id: InstrumentId
        if let fixedInstrumentId { id = fixedInstrumentId } else { id = try symbology.instrumentId(for: header) }
        if let lastId, lastId == id { return (id, lastPrecision) }
        guard let precision = precisionOf(id) else {
            throw ValidationError(field: "hd.instrument_id", reason: "no price precision is known for \(id) (an instrument not added?)")
        }
        lastId = id
        lastPrecision = precision
        return (id, precision)
    }
}
