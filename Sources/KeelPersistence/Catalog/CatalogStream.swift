// CatalogStream: the values of one (type, key) across its day partitions, read lazily in time order.
//
// Design decisions:
// - One partition is mapped at a time; the next is opened when the current one ends, and pages already
//   read are released as each block is left, so memory stays flat however many days are read.
// - Every value is checked as it is decoded (prices and sizes on the partition's precision grid, known
//   enum values, a non-decreasing `ts_init`), so a file that passes its checksum but was written by
//   something else still cannot put an invalid value into a backtest. A failure names the file, the
//   record's byte offset and the field.
// - Decoding builds the value in place from the mapped bytes: no allocation per value. `read(limit:…)` hands
//   each value to a sink of its type, so a backtest's chunk receives it without a `MarketData` wrapper.

import KeelCore
public import KeelModel

/// The values of one data type and instrument (or bar type), in `ts_init` order.
public final class CatalogStream {
    /// `type/key`, e.g. `quotes/EUR/USD.SIM`: the stream's name in messages.
    public let name: String
    /// The data type.
    public let dataType: CatalogDataType
    /// The instrument id or bar type.
    public let key: String
    /// The partitions read, in day order.
    public let partitions: [CatalogPartition]
    /// The total records in the partitions (before the time range is applied).
    public let recordCount: Int

    private let start: UnixNanos?
    private let end: UnixNanos?
    private let verify: Bool
    private let instrumentId: InstrumentId
    private let barType: BarType?

    private var nextPartition = 0
    private var reader: PartitionReader?
    private var index = 0
    private var endIndex = 0
    /// The first record index of the next block to verify and release.
    private var blockEnd = 0
    private var priceStep: Int64 = 1
    private var sizeStep: Int64 = 1
    private var pricePrecision: UInt8 = 0
    private var sizePrecision: UInt8 = 0
    private var lastTs: UInt64 = 0
    private var finished = false

    init(partitions: [CatalogPartition], start: UnixNanos?, end: UnixNanos?, verify: Bool) throws(CatalogError) {
        let first = partitions[0]
        self.partitions = partitions
        self.dataType = first.header.dataType
        self.key = first.header.key
        self.name = "\(dataType)/\(key)"
        self.recordCount = partitions.reduce(0) { $0 + $1.header.count }
        self.start = start
        self.end = end
        self.verify = verify
        if dataType == .bars {
            do { barType = try BarType(validating: key) } catch {
                throw CatalogError(path: first.path, offset: 64, field: "key", reason: "'\(key)' is not a bar type: \(error)")
            }
            instrumentId = barType!.instrumentId
        } else {
            barType = nil
            do { instrumentId = try InstrumentId(validating: key) } catch {
                throw CatalogError(path: first.path, offset: 64, field: "key", reason: "'\(key)' is not an instrument id: \(error)")
            }
        }
    }

    /// The next value, or nil at the end.
    ///
    /// - Throws: `CatalogError` naming the file, offset and field of a damaged block or invalid value.
    public func next() throws(CatalogError) -> MarketData? {
        try decodeNext(MarketData.quote, MarketData.trade, MarketData.bar, MarketData.delta)
    }

    /// Hands the next values, at most `limit` of them, to the sink of their type, where they are built (a
    /// backtest's chunk then receives each value without a `MarketData` wrapper); returns how many. Fewer than
    /// `limit` means the stream has ended.
    ///
    /// - Throws: `CatalogError`, as `next()`; the values before the failing record have been handed over.
    public func read(
        limit: Int, quote: (QuoteTick) -> Void, trade: (TradeTick) -> Void, bar: (Bar) -> Void, delta: (OrderBookDelta) -> Void
    ) throws(CatalogError) -> Int {
        var count = 0
        while count < limit, try decodeNext(quote, trade, bar, delta) != nil { count += 1 }
        return count
    }

    /// Decodes the next record and hands it to the sink of its type; nil at the end.
    @inline(__always)
    private func decodeNext<R>(
        _ onQuote: (QuoteTick) -> R, _ onTrade: (TradeTick) -> R, _ onBar: (Bar) -> R, _ onDelta: (OrderBookDelta) -> R
    ) throws(CatalogError) -> R? {
        if index == blockEnd {
            guard try advance() else { return nil }
        }
        let r = reader.unsafelyUnwrapped
        let offset = r.offset(ofRecord: index)
        let p = r.base + offset
        let tsInit = p.loadUnaligned(fromByteOffset: 8, as: UInt64.self).littleEndian
        if let end, tsInit > end.rawValue {
            finish()
            return nil
        }
        guard tsInit >= lastTs else { throw invalid(offset, "ts_init", "\(UnixNanos(tsInit).iso8601) comes before the previous record's \(UnixNanos(lastTs).iso8601)") }
        lastTs = tsInit
        index += 1
        let tsEvent = UnixNanos(p.loadUnaligned(fromByteOffset: 0, as: UInt64.self).littleEndian)
        switch dataType {
        case .quotes:
            let q = QuoteTick(
                instrumentId: instrumentId, bidPrice: try price(p, 16, offset, "bid_price"), askPrice: try price(p, 24, offset, "ask_price"),
                bidSize: try size(p, 32, offset, "bid_size"), askSize: try size(p, 40, offset, "ask_size"),
                tsEvent: tsEvent, tsInit: UnixNanos(tsInit))
            return onQuote(q)
        case .bars:
            let b = Bar(
                barType: barType.unsafelyUnwrapped, open: try price(p, 16, offset, "open"), high: try price(p, 24, offset, "high"),
                low: try price(p, 32, offset, "low"), close: try price(p, 40, offset, "close"), volume: try size(p, 48, offset, "volume"),
                tsEvent: tsEvent, tsInit: UnixNanos(tsInit))
            guard b.high >= b.low else { throw invalid(offset, "high", "the bar's high \(b.high) is below its low \(b.low)") }
            return onBar(b)
        case .trades:
            guard let aggressor = AggressorSide(rawValue: p.load(fromByteOffset: 32, as: UInt8.self)) else {
                throw invalid(offset + 32, "aggressor_side", "unknown value \(p.load(fromByteOffset: 32, as: UInt8.self))")
            }
            let idLength = Int(p.load(fromByteOffset: 33, as: UInt8.self))
            guard idLength > 0 && idLength <= InlineText.capacity else { throw invalid(offset + 33, "trade_id", "length \(idLength) is not 1...63") }
            // The id's bytes are checked and packed in place: no String per trade.
            let idBytes = UnsafeBufferPointer(start: (p + 40).assumingMemoryBound(to: UInt8.self), count: idLength)
            let tradeId: TradeId
            do { tradeId = TradeId(uncheckedText: try InlineText(validatingBytes: idBytes, kind: TradeId.kind)) } catch {
                throw invalid(offset + 40, "trade_id", "\(error)")
            }
            return onTrade(
                TradeTick(
                    instrumentId: instrumentId, price: try price(p, 16, offset, "price"), size: try size(p, 24, offset, "size"),
                    aggressorSide: aggressor, tradeId: tradeId, tsEvent: tsEvent, tsInit: UnixNanos(tsInit)))
        case .deltas:
            guard let action = BookAction(rawValue: p.load(fromByteOffset: 48, as: UInt8.self)) else {
                throw invalid(offset + 48, "action", "unknown value \(p.load(fromByteOffset: 48, as: UInt8.self))")
            }
            guard let side = OrderSide(rawValue: p.load(fromByteOffset: 49, as: UInt8.self)) else {
                throw invalid(offset + 49, "side", "unknown value \(p.load(fromByteOffset: 49, as: UInt8.self))")
            }
            let order = BookOrder(
                side: side, price: try price(p, 16, offset, "price"), size: try size(p, 24, offset, "size"),
                orderId: p.loadUnaligned(fromByteOffset: 32, as: UInt64.self).littleEndian)
            do {
                return onDelta(
                    try OrderBookDelta.validated(
                        instrumentId: instrumentId, action: action, order: order, flags: p.load(fromByteOffset: 50, as: UInt8.self),
                        sequence: p.loadUnaligned(fromByteOffset: 40, as: UInt64.self).littleEndian, tsEvent: tsEvent, tsInit: UnixNanos(tsInit)))
            } catch {
                throw invalid(offset, error.field, error.reason)
            }
        }
    }

    @inline(__always)
    private func price(_ p: UnsafeRawPointer, _ at: Int, _ offset: Int, _ field: String) throws(CatalogError) -> Price {
        let raw = p.loadUnaligned(fromByteOffset: at, as: Int64.self).littleEndian
        guard raw % priceStep == 0, raw != .min else { throw invalid(offset + at, field, "raw \(raw) is not on the grid of precision \(pricePrecision)") }
        return Price(uncheckedRaw: raw, precision: pricePrecision)
    }

    @inline(__always)
    private func size(_ p: UnsafeRawPointer, _ at: Int, _ offset: Int, _ field: String) throws(CatalogError) -> Quantity {
        let raw = p.loadUnaligned(fromByteOffset: at, as: Int64.self).littleEndian
        guard raw % sizeStep == 0, raw >= 0 else { throw invalid(offset + at, field, "raw \(raw) is negative or not on the grid of precision \(sizePrecision)") }
        return Quantity(uncheckedRaw: raw, precision: sizePrecision)
    }

    private func invalid(_ offset: Int, _ field: String, _ reason: String) -> CatalogError {
        let record = reader.map { ($0.header.dataOffset <= offset ? (offset - $0.header.dataOffset) / $0.recordSize : 0) } ?? 0
        return CatalogError(path: reader?.path ?? name, offset: offset, field: "record \(record).\(field)", reason: reason)
    }

    /// Moves to the next block (verifying it) or the next partition; false at the end.
    private func advance() throws(CatalogError) -> Bool {
        if finished { return false }
        while true {
            if let r = reader, index < endIndex {
                r.release(recordsBefore: index)
                let range = r.records(ofBlock: index / r.header.blockRecords)
                if verify { try r.verifyBlock(range.lowerBound / r.header.blockRecords) }
                blockEnd = min(range.upperBound, endIndex)
                return true
            }
            reader = nil
            guard nextPartition < partitions.count else {
                finish()
                return false
            }
            let part = partitions[nextPartition]
            nextPartition += 1
            let r = try PartitionReader(path: part.path)
            guard r.header.dataType == dataType, r.header.key == key else {
                throw CatalogError(path: part.path, offset: 64, field: "key", reason: "the file holds \(r.header.dataType) of \(r.header.key), not \(name)")
            }
            if let end, r.header.count > 0, r.header.firstTs > end {
                finish()
                return false
            }
            reader = r
            index = start.map { r.firstRecord(atOrAfter: $0) } ?? 0
            endIndex = r.header.count
            blockEnd = index
            pricePrecision = r.header.pricePrecision
            sizePrecision = r.header.sizePrecision
            priceStep = FixedPoint.rawStep(precision: pricePrecision)
            sizeStep = FixedPoint.rawStep(precision: sizePrecision)
        }
    }

    private func finish() {
        finished = true
        reader = nil
        index = 0
        blockEnd = 0
    }
}
