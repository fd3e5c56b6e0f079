// DBNMetadata: the header at the start of every DBN file (Databento's public DBN specification).
//
// Layout (little-endian), after the 8-byte prelude `"DBN" version u32-length`:
//   dataset char[16] | schema u16 (0xFFFF = mixed) | start u64 | end u64 | limit u64 (0 = none)
//   | v1 only: record_count u64 | stype_in u8 (0xFF = mixed) | stype_out u8 | ts_out u8
//   | v2/v3: symbol_cstr_len u16 | reserved (v1: 47 bytes, v2/v3: 53) | schema_definition_length u32
//   | symbols, partial, not_found: u32 count + count × char[symbol_cstr_len]
//   | mappings: u32 count, each raw_symbol char[L], u32 n, n × (u32 start YYYYMMDD, u32 end, char[L]).
// L is 22 in v1 and the header's `symbol_cstr_len` (71) in v2/v3. The fixed part is 100 bytes in every
// version; `record_count` of v1 is deprecated (u64::MAX in every file seen) and not exposed.

public import KeelCore

/// A DBN schema: which record type a file holds.
public enum DBNSchema: UInt16, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case mbo = 0, mbp1 = 1, mbp10 = 2, tbbo = 3, trades = 4, ohlcv1s = 5, ohlcv1m = 6, ohlcv1h = 7, ohlcv1d = 8
    case definition = 9, statistics = 10, status = 11, imbalance = 12, ohlcvEod = 13
    case cmbp1 = 14, cbbo1s = 15, cbbo1m = 16, tcbbo = 17, bbo1s = 18, bbo1m = 19

    /// Databento's name, e.g. `mbp-1`, `ohlcv-1m`.
    public var description: String {
        switch self {
        case .mbo: "mbo"
        case .mbp1: "mbp-1"
        case .mbp10: "mbp-10"
        case .tbbo: "tbbo"
        case .trades: "trades"
        case .ohlcv1s: "ohlcv-1s"
        case .ohlcv1m: "ohlcv-1m"
        case .ohlcv1h: "ohlcv-1h"
        case .ohlcv1d: "ohlcv-1d"
        case .definition: "definition"
        case .statistics: "statistics"
        case .status: "status"
        case .imbalance: "imbalance"
        case .ohlcvEod: "ohlcv-eod"
        case .cmbp1: "cmbp-1"
        case .cbbo1s: "cbbo-1s"
        case .cbbo1m: "cbbo-1m"
        case .tcbbo: "tcbbo"
        case .bbo1s: "bbo-1s"
        case .bbo1m: "bbo-1m"
        }
    }
}

/// A DBN symbology type: how symbols are written in requests (`stypeIn`) and records (`stypeOut`).
public enum DBNSType: UInt8, Hashable, Sendable, CaseIterable {
    case instrumentId = 0, rawSymbol = 1, smart = 2, continuous = 3, parent = 4, nasdaqSymbol = 5, cmsSymbol = 6
    case isin = 7, usCode = 8, bbgCompId = 9, bbgCompTicker = 10, figi = 11, figiTicker = 12
}

/// One interval of a symbol mapping: from `startDate` (inclusive) to `endDate` (exclusive), as
/// `YYYYMMDD` integers, the requested symbol resolved to `symbol` (an instrument id in decimal text when
/// `stypeOut` is `instrumentId`).
public struct DBNMappingInterval: Hashable, Sendable {
    /// The first day, `YYYYMMDD`.
    public let startDate: UInt32
    /// The day after the last, `YYYYMMDD`.
    public let endDate: UInt32
    /// The resolved symbol.
    public let symbol: String
}

/// The resolution of one requested symbol over time.
public struct DBNSymbolMapping: Hashable, Sendable {
    /// The symbol as requested (`ESH4`).
    public let rawSymbol: String
    /// Its resolutions, in file order.
    public let intervals: [DBNMappingInterval]
}

/// The metadata header of a DBN file.
public struct DBNMetadata: Hashable, Sendable {
    /// The DBN version of the file: 1, 2 or 3.
    public let version: UInt8
    /// The dataset code, e.g. `GLBX.MDP3`.
    public let dataset: String
    /// The schema of the records, or nil for a file mixing schemas.
    public let schema: DBNSchema?
    /// The start of the query window (inclusive).
    public let start: UnixNanos
    /// The end of the query window (exclusive), or nil if undefined.
    public let end: UnixNanos?
    /// The record limit of the query, or nil for none.
    public let limit: UInt64?
    /// The symbology of the requested symbols, or nil if mixed.
    public let stypeIn: DBNSType?
    /// The symbology of the records' `instrument_id`.
    public let stypeOut: DBNSType
    /// True if every record is followed by an 8-byte `ts_out` (the gateway's send time).
    public let tsOut: Bool
    /// The length of fixed-width symbol text in this file (22 in v1, 71 in v2 and v3).
    public let symbolCStrLength: Int
    /// The requested symbols.
    public let symbols: [String]
    /// Symbols resolved for only part of the window.
    public let partial: [String]
    /// Symbols that did not resolve.
    public let notFound: [String]
    /// How each requested symbol resolved over time.
    public let mappings: [DBNSymbolMapping]
    /// The byte offset of the first record (8 + the metadata length).
    public let recordsOffset: UInt64
}

extension DBNMetadata {
    /// Parses the metadata body (the bytes after the 8-byte prelude).
    ///
    /// - Throws: `DBNError` with code `corruptMetadata` or `unknownSchema`, naming the field.
    static func parse(
        version: UInt8, body: [UInt8], path: String, compressed: Bool
    ) throws(DBNError) -> DBNMetadata {
        var pos = 0
        func fail(_ code: DBNError.Code, _ field: String, _ reason: String) -> DBNError {
            DBNError(code, path: path, offset: UInt64(8 + pos), field: "metadata.\(field)", reason: reason, decompressed: compressed)
        }
        func need(_ n: Int, _ field: String) throws(DBNError) {
            guard pos + n <= body.count else {
                throw fail(.corruptMetadata, field, "needs \(n) bytes but the metadata (length \(body.count)) ends at byte \(8 + body.count)")
            }
        }
        func u8(_ field: String) throws(DBNError) -> UInt8 {
            try need(1, field)
            defer { pos += 1 }
            return body[pos]
        }
        func u16(_ field: String) throws(DBNError) -> UInt16 {
            try need(2, field)
            defer { pos += 2 }
            return UInt16(body[pos]) | UInt16(body[pos + 1]) << 8
        }
        func u32(_ field: String) throws(DBNError) -> UInt32 {
            try need(4, field)
            defer { pos += 4 }
            return (0..<4).reduce(UInt32(0)) { $0 | UInt32(body[pos + $1]) << (8 * UInt32($1)) }
        }
        func u64(_ field: String) throws(DBNError) -> UInt64 {
            try need(8, field)
            defer { pos += 8 }
            return (0..<8).reduce(UInt64(0)) { $0 | UInt64(body[pos + $1]) << (8 * UInt64($1)) }
        }
        func text(_ length: Int, _ field: String) throws(DBNError) -> String {
            try need(length, field)
            defer { pos += length }
            var slice = body[pos..<(pos + length)]
            if let nul = slice.firstIndex(of: 0) { slice = slice[..<nul] }
            guard slice.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else {
                throw fail(.corruptMetadata, field, "is not printable ASCII text")
            }
            return String(decoding: slice, as: UTF8.self)
        }

        let dataset = try text(16, "dataset")
        let rawSchema = try u16("schema")
        let schema: DBNSchema?
        if rawSchema == .max { schema = nil } else {
            guard let s = DBNSchema(rawValue: rawSchema) else {
                pos -= 2
                throw fail(.unknownSchema, "schema", "unknown schema \(rawSchema)")
            }
            schema = s
        }
        let start = try u64("start")
        let end = try u64("end")
        let limit = try u64("limit")
        if version == 1 { _ = try u64("record_count") }
        let rawStypeIn = try u8("stype_in")
        let stypeIn: DBNSType?
        if rawStypeIn == .max { stypeIn = nil } else {
            guard let s = DBNSType(rawValue: rawStypeIn) else {
                pos -= 1
                throw fail(.unknownSchema, "stype_in", "unknown symbology type \(rawStypeIn)")
            }
            stypeIn = s
        }
        let rawStypeOut = try u8("stype_out")
        guard let stypeOut = DBNSType(rawValue: rawStypeOut) else {
            pos -= 1
            throw fail(.unknownSchema, "stype_out", "unknown symbology type \(rawStypeOut)")
        }
        let rawTsOut = try u8("ts_out")
        guard rawTsOut <= 1 else {
            pos -= 1
            throw fail(.corruptMetadata, "ts_out", "must be 0 or 1, not \(rawTsOut)")
        }
        let symbolLength: Int
        if version == 1 {
            symbolLength = 22
            try need(47, "reserved")
            pos += 47
        } else {
            symbolLength = Int(try u16("symbol_cstr_len"))
            guard symbolLength > 0 && symbolLength <= 256 else {
                pos -= 2
                throw fail(.corruptMetadata, "symbol_cstr_len", "\(symbolLength) is not 1...256")
            }
            try need(53, "reserved")
            pos += 53
        }
        let schemaDefinitionLength = try u32("schema_definition_length")
        guard schemaDefinitionLength == 0 else {
            pos -= 4
            throw fail(.corruptMetadata, "schema_definition_length", "\(schemaDefinitionLength) is not 0 (schema definitions are not part of DBN 1–3)")
        }
        func symbolList(_ field: String) throws(DBNError) -> [String] {
            let count = Int(try u32("\(field).count"))
            guard count <= (body.count - pos) / symbolLength else {
                pos -= 4
                throw fail(.corruptMetadata, "\(field).count", "\(count) symbols do not fit in the remaining \(body.count - pos - 4) bytes")
            }
            var out: [String] = []
            out.reserveCapacity(count)
            for k in 0..<count { out.append(try text(symbolLength, "\(field)[\(k)]")) }
            return out
        }
        let symbols = try symbolList("symbols")
        let partial = try symbolList("partial")
        let notFound = try symbolList("not_found")
        let mappingCount = Int(try u32("mappings.count"))
        guard mappingCount <= (body.count - pos) / (symbolLength + 4) else {
            pos -= 4
            throw fail(.corruptMetadata, "mappings.count", "\(mappingCount) mappings do not fit in the remaining \(body.count - pos - 4) bytes")
        }
        var mappings: [DBNSymbolMapping] = []
        mappings.reserveCapacity(mappingCount)
        for m in 0..<mappingCount {
            let raw = try text(symbolLength, "mappings[\(m)].raw_symbol")
            let n = Int(try u32("mappings[\(m)].interval_count"))
            guard n <= (body.count - pos) / (symbolLength + 8) else {
                pos -= 4
                throw fail(.corruptMetadata, "mappings[\(m)].interval_count", "\(n) intervals do not fit in the remaining bytes")
            }
            var intervals: [DBNMappingInterval] = []
            for k in 0..<n {
                let s = try u32("mappings[\(m)].intervals[\(k)].start_date")
                let e = try u32("mappings[\(m)].intervals[\(k)].end_date")
                let symbol = try text(symbolLength, "mappings[\(m)].intervals[\(k)].symbol")
                intervals.append(DBNMappingInterval(startDate: s, endDate: e, symbol: symbol))
            }
            mappings.append(DBNSymbolMapping(rawSymbol: raw, intervals: intervals))
        }
        return DBNMetadata(
            version: version, dataset: dataset, schema: schema, start: UnixNanos(start),
            end: end == .max ? nil : UnixNanos(end), limit: limit == 0 ? nil : limit, stypeIn: stypeIn,
            stypeOut: stypeOut, tsOut: rawTsOut == 1, symbolCStrLength: symbolLength, symbols: symbols,
            partial: partial, notFound: notFound, mappings: mappings, recordsOffset: UInt64(8 + body.count))
    }

    /// The raw symbol of each instrument id, from `mappings` when `stypeOut` is `instrumentId`
    /// (each interval's symbol is the id in decimal text). Later intervals win.
    public var rawSymbolsByInstrumentId: [UInt32: String] {
        guard stypeOut == .instrumentId else { return [:] }
        var out: [UInt32: String] = [:]
        for mapping in mappings {
            for interval in mapping.intervals {
                if let id = UInt32(interval.symbol) { out[id] = mapping.rawSymbol }
            }
        }
        return out
    }
}
