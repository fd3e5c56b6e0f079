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
    @exclusivity(unchecked) public private(set) var valueCount = 0
    /// The records that map to no market data (see the file's design notes).
    @exclusivity(unchecked) public private(set) var skippedRecords = 0

    private let decoder: DBNDecoder
    @exclusivity(unchecked) private var symbology: DBNSymbology
    private let fixedInstrumentId: InstrumentId?
    /// `fixedInstrumentId` unwrapped (meaningful when it is set): read in place, where unwrapping the
    /// optional would copy the 65-byte id for every record.
    private let fixedId: InstrumentId
    /// The precision of `fixedId`, once asked.
    @exclusivity(unchecked) private var fixedPrecision: UInt8?
    private let precisionOf: (InstrumentId) -> UInt8?
    /// The last instrument resolved and its precision (a file of one instrument asks once).
    @exclusivity(unchecked) private var lastId: InstrumentId?
    @exclusivity(unchecked) private var lastPrecision: UInt8 = 0
    @exclusivity(unchecked) private var lastRawId: UInt32 = 0
    @exclusivity(unchecked) private var lastPublisherId: UInt16 = 0
    /// A second value of the last record (an MBP-1 trade after its quote).
    @exclusivity(unchecked) private var pending: MarketData?

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
        fixedId = instrumentId ?? InstrumentId("NONE.NONE")
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
        while let (rtype, bytes) = try decoder.nextRecordBytes() {
            // MBO, the bulk of an L3 replay, maps straight from its bytes; other records go through `DBNRecord`.
            let value = rtype == 0xA0 ? try map(DBNDecoder.mbo(bytes)) : try map(decoder.decode(bytes, rtype: rtype))
            if let value {
                valueCount += 1
                return value
            }
        }
        return nil
    }

    /// The next order book delta, skipping every other value (trades, quotes, bars…): an L3 replay's loop,
    /// without wrapping each delta in `MarketData`. Definitions still register their symbols.
    ///
    /// - Throws: `DBNError`, as `next()`.
    public func nextDelta() throws(DBNError) -> OrderBookDelta? {
        while let (rtype, bytes) = try decoder.nextRecordBytes() {
            if rtype == 0xA0 {
                let mbo = DBNDecoder.mbo(bytes)
                guard mbo.action != UInt8(ascii: "T") else { continue }
                let delta = try delta(mbo)  // not unwrapped and rewrapped: that would copy it twice
                if delta != nil {
                    valueCount += 1
                    return delta
                }
            } else {
                // Not a delta: mapped anyway, so definitions register and bad records are reported as by `next()`.
                _ = try map(decoder.decode(bytes, rtype: rtype))
                pending = nil
            }
        }
        return nil
    }

    /// Calls `body` with each remaining order book delta, in order, until it returns false: `nextDelta()`'s
    /// values, handed over where they are built instead of returned (a replay loop then copies no 152-byte
    /// delta per record).
    ///
    /// - Throws: `DBNError`, as `next()`; the deltas before the failing record have been handed over.
    public func forEachDelta(_ body: (OrderBookDelta) -> Bool) throws(DBNError) {
        while let (rtype, bytes) = try decoder.nextRecordBytes() {
            if rtype == 0xA0 {
                let mbo = DBNDecoder.mbo(bytes)
                guard mbo.action != UInt8(ascii: "T") else { continue }
                do throws(ValidationError) {
                    let (id, precision) = try mboInstrument(mbo.header)
                    guard let delta = try mbo.orderBookDelta(instrumentId: id, pricePrecision: precision) else { continue }
                    valueCount += 1
                    guard body(delta) else { return }
                } catch {
                    throw invalid(error)
                }
            } else {
                _ = try map(decoder.decode(bytes, rtype: rtype))
                pending = nil
            }
        }
    }

    /// Appends the next order book deltas to `deltas` where they are built, until it holds `limit` of them;
    /// a value of another kind (a trade, a quote…) is handed to `onOther` and ends the call, as does the end
    /// of the file. `forEachValue`'s values in the same order, without a closure call per delta: an L3
    /// backtest's read-ahead thread then copies each 152-byte delta once instead of five times.
    ///
    /// - Returns: false at the end of the file.
    /// - Throws: `DBNError`, as `next()`; the values before the failing record have been handed over.
    public func appendDeltas(to deltas: inout [OrderBookDelta], limit: Int, other onOther: (MarketData) -> Void) throws(DBNError) -> Bool {
        if let value = pending {
            pending = nil
            valueCount += 1
            onOther(value)
            return true
        }
        while deltas.count < limit {
            guard let (rtype, bytes) = try decoder.nextRecordBytes() else { return false }
            if rtype == 0xA0 {
                let mbo = DBNDecoder.mbo(bytes)
                if mbo.action != UInt8(ascii: "T") {
                    do throws(ValidationError) {
                        let (id, precision) = try mboInstrument(mbo.header)
                        // Never nil here: only trades (handled below) map to no delta.
                        deltas.append(try mbo.orderBookDelta(instrumentId: id, pricePrecision: precision).unsafelyUnwrapped)
                    } catch {
                        throw invalid(error)
                    }
                    valueCount += 1
                } else if let value = try map(mbo) {
                    valueCount += 1
                    onOther(value)
                    return true
                }
            } else if let value = try map(decoder.decode(bytes, rtype: rtype)) {
                valueCount += 1
                onOther(value)  // an MBP-1 record's trade stays pending for the next call
                return true
            }
        }
        return true
    }

    /// The records read so far (including those that map to no value).
    public var recordCount: Int { decoder.recordCount }

    @inline(__always)
    private func delta(_ mbo: DBNMbo) throws(DBNError) -> OrderBookDelta? {
        do throws(ValidationError) {
            let (id, precision) = try mboInstrument(mbo.header)
            return try mbo.orderBookDelta(instrumentId: id, pricePrecision: precision)
        } catch {
            throw invalid(error)
        }
    }

    /// The instrument id and price precision of an MBO record: the reader's fixed instrument if it has one
    /// (no symbology look-up), else the record's own.
    @inline(__always)
    private func mboInstrument(_ header: DBNRecordHeader) throws(ValidationError) -> (InstrumentId, UInt8) {
        guard fixedInstrumentId != nil else { return try instrument(header) }
        if let known = fixedPrecision { return (fixedId, known) }
        return (fixedId, try resolveFixedPrecision())
    }

    private func resolveFixedPrecision() throws(ValidationError) -> UInt8 {
        guard let precision = precisionOf(fixedId) else {
            throw ValidationError(field: "hd.instrument_id", reason: "no price precision is known for \(fixedId) (an instrument not added?)")
        }
        fixedPrecision = precision
        return precision
    }

    @inline(__always)
    private func map(_ mbo: DBNMbo) throws(DBNError) -> MarketData? {
        if mbo.action != UInt8(ascii: "T") { return try delta(mbo).map(MarketData.delta) }
        guard includeTrades else { return nil }
        do throws(ValidationError) {
            let (id, precision) = try instrument(mbo.header)
            return try mbo.tradeTick(instrumentId: id, pricePrecision: precision).map(MarketData.trade)
        } catch {
            throw invalid(error)
        }
    }

    private func invalid(_ error: ValidationError) -> DBNError {
        DBNError(
            .invalidValue, path: decoder.path, offset: decoder.lastRecordOffset, field: error.field, reason: error.reason,
            decompressed: decoder.isCompressed)
    }

    @inline(__always)
    private func map(_ record: DBNRecord) throws(DBNError) -> MarketData? {
        if case .mbo(let mbo) = record { return try map(mbo) }
        do throws(ValidationError) {
            switch record {
            case .mbo:
                preconditionFailure("Invariant: MBO records are mapped above")
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
                lastId = nil  // the raw id may now name another symbol
                skippedRecords += 1
                return nil
            case .mbp10, .status, .imbalance, .statistics, .symbolMapping, .gatewayError, .system:
                skippedRecords += 1
                return nil
            }
        } catch {
            throw invalid(error)
        }
    }

    /// The instrument id and price precision of a record.
    ///
    /// The last record's publisher and raw instrument id are remembered with the result: a file of one
    /// instrument then compares two integers per record instead of hashing them into the symbology.
    @inline(__always)
    private func instrument(_ header: DBNRecordHeader) throws(ValidationError) -> (InstrumentId, UInt8) {
        if let lastId, header.instrumentId == lastRawId, header.publisherId == lastPublisherId { return (lastId, lastPrecision) }
        let id: InstrumentId
        if let fixedInstrumentId { id = fixedInstrumentId } else { id = try symbology.instrumentId(for: header) }
        let precision: UInt8
        if let lastId, lastId == id {
            precision = lastPrecision
        } else {
            guard let known = precisionOf(id) else {
                throw ValidationError(field: "hd.instrument_id", reason: "no price precision is known for \(id) (an instrument not added?)")
            }
            precision = known
        }
        lastId = id
        lastPrecision = precision
        lastRawId = header.instrumentId
        lastPublisherId = header.publisherId
        return (id, precision)
    }
}
