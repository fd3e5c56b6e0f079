// DBNDecoder: streams the records of a DBN file (versions 1–3, plain or zstd) one at a time.
//
// Design decisions:
// - Streaming through `ByteStream`'s fixed 64 KiB window: memory does not grow with the file. The
//   metadata is read into one array (its length is in the prelude; a length over 64 MiB is refused as
//   corrupt rather than allocated).
// - Records are read with unaligned little-endian loads: records start right after the metadata, at
//   offsets such as 206 that are not 8-byte aligned, and nothing is copied into aligned storage.
// - Each record's length byte is checked against the size its rtype has in the file's version (plus 8
//   with `ts_out`): shorter is an error, longer is accepted (DBN lets a newer writer append fields)
//   and the extra bytes are skipped. An unknown rtype is an error, never skipped: a decoder that skips
//   what it cannot read hands the caller silently incomplete data.
// - Hot state (counters here, the window in `ByteStream`) is exclusivity-checked statically: the decoder is
//   used from one thread and its accesses never overlap; the runtime checks cost ~5% of a replay.
// - Every error is one `DBNError` naming the file, the byte offset (of the record or field) and the
//   field; the decoder then stays failed (`next()` rethrows nothing new and returns nil only at a
//   clean end of data).

/// Reads a DBN file record by record.
///
/// ```swift
/// let decoder = try DBNDecoder(path: "esh4.mbo.dbn.zst")
/// print(decoder.metadata.schema)          // mbo
/// while let record = try decoder.next() { … }
/// ```
public final class DBNDecoder {
    /// The file's path, or the name given to in-memory data.
    public let path: String
    /// The file's metadata header.
    public let metadata: DBNMetadata
    /// The number of records returned so far.
    @exclusivity(unchecked) public private(set) var recordCount = 0
    /// The `ts_out` of the last record when `metadata.tsOut` is set.
    @exclusivity(unchecked) public private(set) var lastTsOut: UInt64?
    /// The byte offset of the last record returned (into the decompressed stream for zstd input).
    @exclusivity(unchecked) public private(set) var lastRecordOffset: UInt64 = 0
    /// True if the file is zstd-compressed (offsets are then into the decompressed stream).
    public var isCompressed: Bool { stream.isCompressed }

    private let stream: ByteStream
    private let version: UInt8
    private let tsOutBytes: Int

    /// The largest metadata accepted; beyond it the length field is taken to be corrupt.
    static let maxMetadataLength = 64 * 1024 * 1024

    /// Opens `path` and reads its metadata.
    ///
    /// - Throws: `DBNError` if the file cannot be opened, is not DBN (plain or zstd), has a version other
    ///   than 1–3, or has a corrupt or truncated metadata header.
    public convenience init(path: String) throws(DBNError) {
        let stream: ByteStream
        do { stream = try ByteStream(path: path) } catch { throw Self.failure(error, path: path, offset: 0, field: "file", compressed: false) }
        try self.init(stream: stream, path: path)
    }

    /// Reads the DBN data (plain or zstd) held in `bytes`, as if they were the contents of a file.
    ///
    /// The bytes go through the same stream and record code as a file's; tests and fuzzing use this
    /// to decode data without writing it to disk.
    ///
    /// - Parameters:
    ///   - bytes: The whole DBN data.
    ///   - name: What `path` and every `DBNError` call the data, e.g. `"fuzz input"`.
    /// - Throws: `DBNError` as `init(path:)` does (except for I/O failures).
    public convenience init(bytes: [UInt8], name: String) throws(DBNError) {
        let stream: ByteStream
        do { stream = try ByteStream(bytes: bytes) } catch { throw Self.failure(error, path: name, offset: 0, field: "file", compressed: false) }
        try self.init(stream: stream, path: name)
    }

    private init(stream: ByteStream, path: String) throws(DBNError) {
        self.path = path
        self.stream = stream
        let compressed = stream.isCompressed
        func fail(_ code: DBNError.Code, _ offset: UInt64, _ field: String, _ reason: String) -> DBNError {
            DBNError(code, path: path, offset: offset, field: field, reason: reason, decompressed: compressed)
        }
        let got: Int
        do { got = try stream.require(8) } catch { throw Self.failure(error, path: path, offset: 0, field: "prelude", compressed: compressed) }
        let prelude = stream.bytes
        guard got >= 3, prelude[0] == 0x44, prelude[1] == 0x42, prelude[2] == 0x4E else {
            throw fail(got < 3 ? .truncated : .badMagic, 0, "magic", got < 3 ? "the file has \(got) bytes, fewer than the 8-byte prelude" : "the file does not start with 'DBN' (nor a zstd frame holding it)")
        }
        guard got >= 8 else { throw fail(.truncated, UInt64(got), "prelude", "the file ends inside the 8-byte prelude") }
        version = prelude[3]
        guard DBN.supportedVersions.contains(version) else {
            throw fail(.unsupportedVersion, 3, "version", "DBN version \(version) is not supported (1, 2 and 3 are)")
        }
        let length = Int(prelude.loadLE(UInt32.self, 4))
        guard length >= 100 + 4 else { throw fail(.corruptMetadata, 4, "metadata.length", "\(length) is shorter than the fixed metadata (104 bytes)") }
        guard length <= Self.maxMetadataLength else { throw fail(.corruptMetadata, 4, "metadata.length", "\(length) exceeds \(Self.maxMetadataLength) bytes") }
        stream.consume(8)
        var body: [UInt8] = []
        body.reserveCapacity(min(length, 1 << 20))
        while body.count < length {
            let want = min(length - body.count, ByteStream.windowSize)
            let have: Int
            do { have = try stream.require(want) } catch {
                throw Self.failure(error, path: path, offset: stream.offset, field: "metadata", compressed: compressed)
            }
            guard have > 0 else {
                throw fail(.truncated, stream.offset, "metadata", "the file ends inside the metadata (length \(length), \(body.count) bytes read)")
            }
            let take = min(have, want)
            body.append(contentsOf: UnsafeRawBufferPointer(rebasing: stream.bytes[0..<take]))
            stream.consume(take)
        }
        metadata = try DBNMetadata.parse(version: version, body: body, path: path, compressed: compressed)
        tsOutBytes = metadata.tsOut ? 8 : 0
    }

    private static func failure(_ error: ByteStreamFailure, path: String, offset: UInt64, field: String, compressed: Bool) -> DBNError {
        switch error {
        case .io(let why): DBNError(.io, path: path, offset: offset, field: field, reason: why, decompressed: compressed)
        case .zstd(let why): DBNError(.corruptCompression, path: path, offset: offset, field: field, reason: "zstd: \(why)", decompressed: compressed)
        case .truncatedFrame:
            DBNError(.truncated, path: path, offset: offset, field: field, reason: "the file ends inside a zstd frame", decompressed: compressed)
        }
    }

    /// The size in bytes of a record of `rtype` in DBN `version` (without `ts_out`), with the record's
    /// name for messages; nil for an rtype this decoder does not read.
    static func layout(rtype: UInt8, version: UInt8) -> (size: Int, name: String)? {
        switch rtype {
        case 0x00: (48, "TradeMsg")
        case 0x01: (80, "Mbp1Msg")
        case 0x0A: (368, "Mbp10Msg")
        case 0xA0: (56, "MboMsg")
        case 0x20...0x24: (56, "OhlcvMsg")
        case 0x12: (40, "StatusMsg")
        case 0x13: (version == 1 ? 360 : version == 2 ? 400 : 520, "InstrumentDefMsg")
        case 0x14: (112, "ImbalanceMsg")
        case 0x15: (version == 1 ? 80 : 320, "ErrorMsg")
        case 0x16: (version == 1 ? 80 : 176, "SymbolMappingMsg")
        case 0x17: (version == 1 ? 80 : 320, "SystemMsg")
        case 0x18: (version == 3 ? 80 : 64, "StatMsg")
        case 0xC3, 0xC4: (80, "BboMsg")
        default: nil
        }
    }

    /// Returns the next record, or nil at the end of the data.
    ///
    /// - Throws: `DBNError` for a truncated record, a record length too small for its rtype, an unknown
    ///   rtype or corrupt compressed data, naming the byte offset of the record and the field.
    public func next() throws(DBNError) -> DBNRecord? {
        guard let (rtype, bytes) = try nextRecordBytes() else { return nil }
        return decode(bytes, rtype: rtype)
    }

    /// Returns the next record's rtype and bytes (its whole length, header included), checked
    /// as `next()` checks them but not decoded; the bytes are valid until the next call. For readers that
    /// map the common record kinds straight to their own types (`DBNDataReader`) and `decode` the rest.
    ///
    /// - Throws: `DBNError`, as `next()`.
    package func nextRecordBytes() throws(DBNError) -> (rtype: UInt8, bytes: UnsafeRawBufferPointer)? {
        let compressed = stream.isCompressed
        let at = stream.offset
        func fail(_ code: DBNError.Code, _ offset: UInt64, _ field: String, _ reason: String) -> DBNError {
            DBNError(code, path: path, offset: offset, field: field, reason: reason, decompressed: compressed)
        }
        var have: Int
        do { have = try stream.require(16) } catch { throw Self.failure(error, path: path, offset: at, field: "record header", compressed: compressed) }
        if have == 0 { return nil }
        guard have >= 16 else {
            throw fail(.truncated, at, "record header", "the file ends \(have) bytes into a 16-byte record header (record \(recordCount))")
        }
        var p = stream.bytes
        let length = Int(p[0]) * 4
        let rtype = p[1]
        guard let (size, name) = Self.layout(rtype: rtype, version: version) else {
            throw fail(.unknownRType, at + 1, "hd.rtype", "unknown rtype 0x\(String(rtype, radix: 16)) (record \(recordCount))")
        }
        guard length >= size + tsOutBytes else {
            throw fail(.badRecordLength, at, "\(name).hd.length", "length \(length) bytes is shorter than the \(size + tsOutBytes) a v\(version) \(name) needs (record \(recordCount))")
        }
        do { have = try stream.require(length) } catch { throw Self.failure(error, path: path, offset: at, field: name, compressed: compressed) }
        guard have >= length else {
            throw fail(.truncated, at + UInt64(have), name, "the file ends \(have) bytes into a \(length)-byte record (record \(recordCount))")
        }
        p = stream.bytes
        if tsOutBytes > 0 { lastTsOut = p.loadLE(UInt64.self, length - 8) }
        // Consuming moves the window's start only: the bytes stay in place until the next `require`.
        stream.consume(length)
        recordCount += 1
        lastRecordOffset = at
        return (rtype, UnsafeRawBufferPointer(rebasing: p[0..<length]))
    }

    /// Decodes a record's bytes (from `nextRecordBytes`) of a known rtype.
    @inline(__always)
    package func decode(_ p: UnsafeRawBufferPointer, rtype: UInt8) -> DBNRecord {
        let header = Self.header(p, rtype: rtype)
        switch rtype {
        case 0xA0:
            return .mbo(Self.mbo(p))
        case 0x00: return .trade(Self.trade(p, header))
        case 0x01: return .mbp1(DBNMbp1(event: Self.trade(p, header), level: Self.pair(p, 48)))
        case 0x0A:
            return .mbp10(
                DBNMbp10(
                    event: Self.trade(p, header),
                    levels: (
                        Self.pair(p, 48), Self.pair(p, 80), Self.pair(p, 112), Self.pair(p, 144), Self.pair(p, 176),
                        Self.pair(p, 208), Self.pair(p, 240), Self.pair(p, 272), Self.pair(p, 304), Self.pair(p, 336)
                    )))
        case 0xC3, 0xC4:
            return .bbo(
                DBNBbo(
                    header: header, price: p.loadLE(Int64.self, 16), size: p.loadLE(UInt32.self, 24), side: p[29],
                    flags: p[30], tsRecv: p.loadLE(UInt64.self, 32), sequence: p.loadLE(UInt32.self, 44),
                    level: Self.pair(p, 48)))
        case 0x20...0x24:
            return .ohlcv(
                DBNOhlcv(
                    header: header, open: p.loadLE(Int64.self, 16), high: p.loadLE(Int64.self, 24),
                    low: p.loadLE(Int64.self, 32), close: p.loadLE(Int64.self, 40), volume: p.loadLE(UInt64.self, 48)))
        case 0x12:
            return .status(
                DBNStatus(
                    header: header, tsRecv: p.loadLE(UInt64.self, 16), action: p.loadLE(UInt16.self, 24),
                    reason: p.loadLE(UInt16.self, 26), tradingEvent: p.loadLE(UInt16.self, 28), isTrading: p[30],
                    isQuoting: p[31], isShortSellRestricted: p[32]))
        case 0x14:
            return .imbalance(
                DBNImbalance(
                    header: header, tsRecv: p.loadLE(UInt64.self, 16), refPrice: p.loadLE(Int64.self, 24),
                    auctionTime: p.loadLE(UInt64.self, 32), continuousBookClearingPrice: p.loadLE(Int64.self, 40),
                    auctionInterestClearingPrice: p.loadLE(Int64.self, 48), ssrFillingPrice: p.loadLE(Int64.self, 56),
                    indicativeMatchPrice: p.loadLE(Int64.self, 64), upperCollar: p.loadLE(Int64.self, 72),
                    lowerCollar: p.loadLE(Int64.self, 80), pairedQty: p.loadLE(UInt32.self, 88),
                    totalImbalanceQty: p.loadLE(UInt32.self, 92), marketImbalanceQty: p.loadLE(UInt32.self, 96),
                    unpairedQty: p.loadLE(UInt32.self, 100), auctionType: p[104], side: p[105], auctionStatus: p[106],
                    freezeStatus: p[107], numExtensions: p[108], unpairedSide: p[109], significantImbalance: p[110]))
        case 0x18:
            let v3 = version == 3
            let q: Int64
            if v3 { q = p.loadLE(Int64.self, 40) } else {
                let q32 = p.loadLE(Int32.self, 40)
                q = q32 == .max ? .max : Int64(q32)
            }
            let base = v3 ? 48 : 44
            return .statistics(
                DBNStat(
                    header: header, tsRecv: p.loadLE(UInt64.self, 16), tsRef: p.loadLE(UInt64.self, 24),
                    price: p.loadLE(Int64.self, 32), quantity: q, sequence: p.loadLE(UInt32.self, base),
                    tsInDelta: p.loadLE(Int32.self, base + 4), statType: p.loadLE(UInt16.self, base + 8),
                    channelId: p.loadLE(UInt16.self, base + 10), updateAction: p[base + 12], statFlags: p[base + 13]))
        case 0x13: return .definition(Self.definition(p, header, version: version))
        case 0x16:
            if version == 1 {
                return .symbolMapping(
                    DBNSymbolMappingMsg(
                        header: header, stypeInSymbol: p.cString(16, 22), stypeOutSymbol: p.cString(38, 22),
                        startTs: p.loadLE(UInt64.self, 64), endTs: p.loadLE(UInt64.self, 72)))
            }
            return .symbolMapping(
                DBNSymbolMappingMsg(
                    header: header, stypeInSymbol: p.cString(17, 71), stypeOutSymbol: p.cString(89, 71),
                    startTs: p.loadLE(UInt64.self, 160), endTs: p.loadLE(UInt64.self, 168)))
        case 0x15: return .gatewayError(header, p.cString(16, version == 1 ? 64 : 302))
        case 0x17: return .system(header, p.cString(16, version == 1 ? 64 : 303))
        default: preconditionFailure("Invariant: next() dispatches only rtypes that layout(rtype:version:) knows (0x\(String(rtype, radix: 16)))")
        }
    }

    /// An MBO record's fields (rtype 0xA0, 56 bytes in every version).
    @inline(__always)
    package static func mbo(_ p: UnsafeRawBufferPointer) -> DBNMbo {
        DBNMbo(
            header: header(p, rtype: 0xA0), orderId: p.loadLE(UInt64.self, 16), price: p.loadLE(Int64.self, 24),
            size: p.loadLE(UInt32.self, 32), flags: p[36], channelId: p[37], action: p[38], side: p[39],
            tsRecv: p.loadLE(UInt64.self, 40), tsInDelta: p.loadLE(Int32.self, 48), sequence: p.loadLE(UInt32.self, 52))
    }

    @inline(__always)
    private static func header(_ p: UnsafeRawBufferPointer, rtype: UInt8) -> DBNRecordHeader {
        DBNRecordHeader(
            length: Int(p[0]) * 4, rtype: rtype, publisherId: p.loadLE(UInt16.self, 2),
            instrumentId: p.loadLE(UInt32.self, 4), tsEvent: p.loadLE(UInt64.self, 8))
    }

    @inline(__always)
    private static func trade(_ p: UnsafeRawBufferPointer, _ header: DBNRecordHeader) -> DBNTrade {
        DBNTrade(
            header: header, price: p.loadLE(Int64.self, 16), size: p.loadLE(UInt32.self, 24), action: p[28], side: p[29],
            flags: p[30], depth: p[31], tsRecv: p.loadLE(UInt64.self, 32), tsInDelta: p.loadLE(Int32.self, 40),
            sequence: p.loadLE(UInt32.self, 44))
    }

    @inline(__always)
    private static func pair(_ p: UnsafeRawBufferPointer, _ at: Int) -> DBNBidAskPair {
        DBNBidAskPair(
            bidPrice: p.loadLE(Int64.self, at), askPrice: p.loadLE(Int64.self, at + 8),
            bidSize: p.loadLE(UInt32.self, at + 16), askSize: p.loadLE(UInt32.self, at + 20),
            bidCount: p.loadLE(UInt32.self, at + 24), askCount: p.loadLE(UInt32.self, at + 28))
    }

    /// Field offsets of the three instrument definition layouts (v1 360 B, v2 400 B, v3 520 B).
    private struct DefinitionLayout {
        var tradingReferencePrice: Int?, unitOfMeasureQty: Int, minPriceIncrementAmount: Int, priceRatio: Int
        var strikePrice: Int, rawInstrumentId: Int, rawInstrumentIdIs64: Bool, instAttribValue: Int
        var applId: Int, currency: Int, rawSymbol: Int, symbolLength: Int, group: Int, exchange: Int, asset: Int
        var assetLength: Int, instrumentClass: Int, matchAlgorithm: Int, mainFraction: Int, subFraction: Int
    }

    private static let definitionLayouts: [DefinitionLayout] = [
        DefinitionLayout(
            tradingReferencePrice: 80, unitOfMeasureQty: 88, minPriceIncrementAmount: 96, priceRatio: 104,
            strikePrice: 328, rawInstrumentId: 120, rawInstrumentIdIs64: false, instAttribValue: 112, applId: 178,
            currency: 186, rawSymbol: 200, symbolLength: 22, group: 222, exchange: 243, asset: 248, assetLength: 7,
            instrumentClass: 325, matchAlgorithm: 342, mainFraction: 344, subFraction: 347),
        DefinitionLayout(
            tradingReferencePrice: 80, unitOfMeasureQty: 88, minPriceIncrementAmount: 96, priceRatio: 104,
            strikePrice: 112, rawInstrumentId: 128, rawInstrumentIdIs64: false, instAttribValue: 120, applId: 178,
            currency: 186, rawSymbol: 200, symbolLength: 71, group: 271, exchange: 292, asset: 297, assetLength: 7,
            instrumentClass: 374, matchAlgorithm: 375, mainFraction: 377, subFraction: 380),
        DefinitionLayout(
            tradingReferencePrice: nil, unitOfMeasureQty: 80, minPriceIncrementAmount: 88, priceRatio: 96,
            strikePrice: 104, rawInstrumentId: 112, rawInstrumentIdIs64: true, instAttribValue: 136, applId: 212,
            currency: 224, rawSymbol: 238, symbolLength: 71, group: 309, exchange: 330, asset: 335, assetLength: 11,
            instrumentClass: 487, matchAlgorithm: 488, mainFraction: 489, subFraction: 491),
    ]

    private static func definition(_ p: UnsafeRawBufferPointer, _ header: DBNRecordHeader, version: UInt8) -> DBNInstrumentDef {
        let l = definitionLayouts[Int(version) - 1]
        // The block of 4-byte fields runs in the same order in every version from inst_attrib_value;
        // v3 moved raw_instrument_id out of it (to a u64), so later v3 fields sit one slot earlier.
        let i = l.instAttribValue
        let gap = l.rawInstrumentIdIs64 ? 0 : 4  // v1/v2 keep raw_instrument_id at i + 8.
        let afterId = i + 8 + gap  // market_depth_implied
        // v1 has 4 reserved bytes after min_trade_vol (afterId + 28); v2 and v3 do not.
        let multiplierAt = afterId + 32 + (version == 1 ? 4 : 0)
        // The text block: currency, settl_currency, secsubtype, raw_symbol, group, exchange, asset, cfi,
        // security_type, unit_of_measure, underlying, strike_price_currency.
        let cfi = l.asset + l.assetLength
        let securityType = cfi + 7
        let unitOfMeasure = securityType + 7
        let underlying = unitOfMeasure + 31
        let strikeCurrency = underlying + 21
        let m = l.mainFraction
        let tail = l.subFraction + 1  // underlying_product, then security_update_action …
        return DBNInstrumentDef(
            header: header, tsRecv: p.loadLE(UInt64.self, 16), minPriceIncrement: p.loadLE(Int64.self, 24),
            displayFactor: p.loadLE(Int64.self, 32), expiration: p.loadLE(UInt64.self, 40),
            activation: p.loadLE(UInt64.self, 48), highLimitPrice: p.loadLE(Int64.self, 56),
            lowLimitPrice: p.loadLE(Int64.self, 64), maxPriceVariation: p.loadLE(Int64.self, 72),
            tradingReferencePrice: l.tradingReferencePrice.map { p.loadLE(Int64.self, $0) } ?? DBN.undefinedPrice,
            unitOfMeasureQty: p.loadLE(Int64.self, l.unitOfMeasureQty),
            minPriceIncrementAmount: p.loadLE(Int64.self, l.minPriceIncrementAmount),
            priceRatio: p.loadLE(Int64.self, l.priceRatio), strikePrice: p.loadLE(Int64.self, l.strikePrice),
            rawInstrumentId: l.rawInstrumentIdIs64
                ? p.loadLE(UInt64.self, l.rawInstrumentId) : UInt64(p.loadLE(UInt32.self, l.rawInstrumentId)),
            instAttribValue: p.loadLE(Int32.self, i), underlyingId: p.loadLE(UInt32.self, i + 4),
            marketDepthImplied: p.loadLE(Int32.self, afterId), marketDepth: p.loadLE(Int32.self, afterId + 4),
            marketSegmentId: p.loadLE(UInt32.self, afterId + 8), maxTradeVol: p.loadLE(UInt32.self, afterId + 12),
            minLotSize: p.loadLE(Int32.self, afterId + 16), minLotSizeBlock: p.loadLE(Int32.self, afterId + 20),
            minLotSizeRoundLot: p.loadLE(Int32.self, afterId + 24), minTradeVol: p.loadLE(UInt32.self, afterId + 28),
            contractMultiplier: p.loadLE(Int32.self, multiplierAt), decayQuantity: p.loadLE(Int32.self, multiplierAt + 4),
            originalContractSize: p.loadLE(Int32.self, multiplierAt + 8), applId: p.loadLE(Int16.self, l.applId),
            maturityYear: p.loadLE(UInt16.self, l.applId + 2), decayStartDate: p.loadLE(UInt16.self, l.applId + 4),
            channelId: p.loadLE(UInt16.self, l.applId + 6), currency: p.cString(l.currency, 4),
            settlCurrency: p.cString(l.currency + 4, 4), secsubtype: p.cString(l.currency + 8, 6),
            rawSymbol: p.cString(l.rawSymbol, l.symbolLength), group: p.cString(l.group, 21),
            exchange: p.cString(l.exchange, 5), asset: p.cString(l.asset, l.assetLength), cfi: p.cString(cfi, 7),
            securityType: p.cString(securityType, 7), unitOfMeasure: p.cString(unitOfMeasure, 31),
            underlying: p.cString(underlying, 21), strikePriceCurrency: p.cString(strikeCurrency, 4),
            instrumentClass: p[l.instrumentClass], matchAlgorithm: p[l.matchAlgorithm], mainFraction: p[m],
            priceDisplayFormat: p[m + 1], subFraction: p[l.subFraction], underlyingProduct: p[tail],
            securityUpdateAction: p[tail + 1], maturityMonth: p[tail + 2], maturityDay: p[tail + 3],
            maturityWeek: p[tail + 4], userDefinedInstrument: p[tail + 5], contractMultiplierUnit: Int8(bitPattern: p[tail + 6]),
            flowScheduleType: Int8(bitPattern: p[tail + 7]), tickRule: p[tail + 8])
    }
}

extension UnsafeRawBufferPointer {
    /// Loads a little-endian integer at `offset` (no alignment needed).
    @inline(__always)
    func loadLE<T: FixedWidthInteger>(_: T.Type, _ offset: Int) -> T {
        T(littleEndian: loadUnaligned(fromByteOffset: offset, as: T.self))
    }

    /// NUL-padded text of at most `length` bytes at `offset`.
    func cString(_ offset: Int, _ length: Int) -> String {
        var n = 0
        while n < length && self[offset + n] != 0 { n += 1 }
        return String(decoding: UnsafeRawBufferPointer(rebasing: self[offset..<(offset + n)]), as: UTF8.self)
    }
}
