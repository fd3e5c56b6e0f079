// CatalogWriter: market data in time order → partition files, one per (type, instrument or bar type,
// UTC day of ts_init).
//
// Design decisions:
// - Values stream through: each open partition holds one checksum block (about 1 MiB) in memory and
//   writes it out when full, so importing data larger than memory uses constant memory per instrument.
// - An import is all or nothing. Every partition is written under a hidden temporary name beside its
//   final place and renamed only by `finish()`, after every partition is complete and flushed; an error
//   or `cancel()` (also run by `deinit`) removes the temporary files. Existing partitions are never
//   replaced unless the writer was made with `overwrite: true`.
// - Order is checked, never repaired: within one instrument (or bar type) values must be non-decreasing
//   in `ts_init`, as every loader and decoder produces them. A value that goes back in time is an error
//   naming the value's position and both timestamps.
// - One precision per partition: a price or size at another precision than the partition's first value
//   is an error, not a silent conversion.

import Crypto
import KeelCore
public import KeelModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a finished import wrote.
public struct WrittenPartition: Hashable, Sendable {
    /// The partition file.
    public var path: String
    /// Its header.
    public var header: PartitionHeader
}

/// Writes market data into a catalog, one partition per data type, instrument (or bar type) and UTC day.
///
/// ```swift
/// let catalog = try Catalog.create(path: "catalog")
/// let writer = CatalogWriter(catalog: catalog)
/// for quote in quotes { try writer.append(.quote(quote)) }
/// let written = try writer.finish()
/// ```
public final class CatalogWriter {
    /// The catalog written to.
    public let catalog: Catalog
    /// Whether existing partitions may be replaced.
    public let overwrite: Bool
    /// The number of values appended so far.
    public private(set) var count = 0

    private enum Identity: Hashable {
        case instrument(CatalogDataType, InstrumentId)
        case bar(BarType)
    }

    private var open: [Identity: PartitionFileWriter] = [:]
    private var last: (Identity, PartitionFileWriter)?
    private var completed: [PartitionFileWriter] = []
    /// Final paths of every partition of this import, to catch a day written twice.
    private var finalPaths: Set<String> = []
    private var finished = false

    /// Creates a writer into `catalog`.
    ///
    /// - Parameter overwrite: replace partitions that already exist (otherwise finding one is an error).
    public init(catalog: Catalog, overwrite: Bool = false) {
        self.catalog = catalog
        self.overwrite = overwrite
    }

    deinit { cancel() }

    /// Appends one value. Quotes, trades, bars, order book deltas and batches of deltas are stored.
    ///
    /// - Throws: `CatalogError` if the value goes back in time for its instrument, changes precision,
    ///   is of a kind the catalog does not store, its partition already exists (without `overwrite`),
    ///   or a file cannot be written. The writer is then cancelled.
    public func append(_ value: MarketData) throws(CatalogError) {
        precondition(!finished, "Invariant: a CatalogWriter is not used after finish() or cancel()")
        do throws(CatalogError) {
            switch value {
            case .quote(let q): try writer(for: .instrument(.quotes, q.instrumentId), ts: q.tsInit).append(q, index: count)
            case .trade(let t): try writer(for: .instrument(.trades, t.instrumentId), ts: t.tsInit).append(t, index: count)
            case .bar(let b): try writer(for: .bar(b.barType), ts: b.tsInit).append(b, index: count)
            case .delta(let d): try writer(for: .instrument(.deltas, d.instrumentId), ts: d.tsInit).append(d, index: count)
            case .deltas(let batch):
                for d in batch.deltas { try writer(for: .instrument(.deltas, d.instrumentId), ts: d.tsInit).append(d, index: count) }
            default:
                throw CatalogError(
                    path: catalog.path, field: "value \(count)",
                    reason: "the catalog stores quotes, trades, bars and order book deltas, not \(value.kindName)")
            }
        } catch {
            cancel()
            throw error
        }
        count += 1
    }

    /// Completes every partition and moves them into place.
    ///
    /// - Returns: the partitions written, sorted by path.
    /// - Throws: `CatalogError` if a file cannot be completed or renamed; nothing is left half-written
    ///   (partitions renamed before a failed rename stay, and are complete).
    public func finish() throws(CatalogError) -> [WrittenPartition] {
        precondition(!finished, "Invariant: a CatalogWriter finishes once")
        do throws(CatalogError) {
            for w in open.values { try w.close() }
            completed += open.values
            open = [:]
            last = nil
            for w in completed {
                if !overwrite && access(w.finalPath, F_OK) == 0 {
                    throw CatalogError(path: w.finalPath, field: "", reason: "the partition exists; import with overwrite to replace it")
                }
            }
            var written: [WrittenPartition] = []
            for w in completed {
                guard rename(w.tempPath, w.finalPath) == 0 else {
                    throw CatalogError(path: w.finalPath, field: "", reason: "cannot move the partition into place: \(String(cString: strerror(errno)))")
                }
                w.renamed = true
                written.append(WrittenPartition(path: w.finalPath, header: w.header))
            }
            finished = true
            completed = []
            return written.sorted { $0.path < $1.path }
        } catch {
            cancel()
            throw error
        }
    }

    /// Abandons the import: removes every temporary file. Nothing already in the catalog changes.
    public func cancel() {
        for w in completed + Array(open.values) { w.discard() }
        completed = []
        open = [:]
        last = nil
        finished = true
    }

    private func writer(for identity: Identity, ts: UnixNanos) throws(CatalogError) -> PartitionFileWriter {
        let day = ts.rawValue / UnixNanos.nanosPerDay
        if let (id, w) = last, id == identity, w.day == day { return w }
        if let w = open[identity] {
            if w.day == day {
                last = (identity, w)
                return w
            }
            guard day > w.day else {
                throw CatalogError(
                    path: w.finalPath, field: "value \(count)",
                    reason: "ts_init \(ts.iso8601) goes back to an earlier day than \(w.header.lastTs.iso8601): values of one instrument must be in time order")
            }
            try w.close()
            completed.append(w)
        }
        let (type, key): (CatalogDataType, String)
        switch identity {
        case .instrument(let t, let id): (type, key) = (t, id.description)
        case .bar(let barType): (type, key) = (.bars, barType.description)
        }
        let finalPath = try catalog.partitionPath(type: type, key: key, day: day, createFolders: true)
        guard finalPaths.insert(finalPath).inserted else {
            throw CatalogError(path: finalPath, field: "value \(count)", reason: "this day of \(key) was already written by this import: its values are not in time order")
        }
        if !overwrite && access(finalPath, F_OK) == 0 {
            throw CatalogError(path: finalPath, field: "", reason: "the partition exists; import with overwrite to replace it")
        }
        let w = try PartitionFileWriter(finalPath: finalPath, type: type, key: key, day: day)
        open[identity] = w
        last = (identity, w)
        return w
    }
}

/// One partition being written to its temporary file.
final class PartitionFileWriter {
    let finalPath: String
    let tempPath: String
    let day: UInt64
    private(set) var header: PartitionHeader
    private var fd: Int32
    /// One checksum block of records.
    private let block: UnsafeMutableRawBufferPointer
    /// Records in `block` so far.
    private var blockFill = 0
    private var digests: [UInt8] = []
    private var precisionsSet = false
    var renamed = false

    init(finalPath: String, type: CatalogDataType, key: String, day: UInt64) throws(CatalogError) {
        self.finalPath = finalPath
        let slash = finalPath.lastIndex(of: "/").map { finalPath.index(after: $0) } ?? finalPath.startIndex
        self.tempPath = String(finalPath[..<slash]) + "." + String(finalPath[slash...]) + ".tmp-\(getpid())"
        self.day = day
        let blockRecords = CatalogFormat.blockRecords(recordSize: type.recordSize)
        self.header = PartitionHeader(
            dataType: type, pricePrecision: 0, sizePrecision: 0, blockRecords: blockRecords, count: 0, firstTs: .zero,
            lastTs: .zero, dataOffset: CatalogFormat.dataOffset(keyLength: key.utf8.count), key: key)
        self.block = .allocate(byteCount: blockRecords * type.recordSize, alignment: 64)
        fd = SystemIO.openForWriting(tempPath)
        guard fd >= 0 else {
            block.deallocate()
            throw CatalogError(path: tempPath, field: "", reason: "cannot create: \(SystemIO.lastError)")
        }
        // The header is written last, when the counts are known; reserve its place.
        do throws(CatalogError) { try write(header.encoded()) } catch {
            discard()
            throw error
        }
    }

    deinit {
        block.deallocate()
        if fd >= 0 { SystemIO.close(fd) }
    }

    private func checkPrecision(price: UInt8, size: UInt8, index: Int) throws(CatalogError) {
        if !precisionsSet {
            header.pricePrecision = price
            header.sizePrecision = size
            precisionsSet = true
        } else if price != header.pricePrecision || size != header.sizePrecision {
            throw CatalogError(
                path: finalPath, field: "value \(index)",
                reason: "precision \(price)/\(size) (price/size) differs from the partition's \(header.pricePrecision)/\(header.sizePrecision)")
        }
    }

    private func slot(ts: UnixNanos, index: Int) throws(CatalogError) -> UnsafeMutableRawPointer {
        if header.count > 0 && ts < header.lastTs {
            throw CatalogError(
                path: finalPath, field: "value \(index)",
                reason: "ts_init \(ts.iso8601) comes before the previous value's \(header.lastTs.iso8601): values of one instrument must be in time order")
        }
        if header.count == 0 { header.firstTs = ts }
        header.lastTs = ts
        header.count += 1
        if blockFill == header.blockRecords { try flushBlock() }
        defer { blockFill += 1 }
        return block.baseAddress! + blockFill * header.dataType.recordSize
    }

    func append(_ q: QuoteTick, index: Int) throws(CatalogError) {
        try checkPrecision(price: q.bidPrice.precision, size: q.bidSize.precision, index: index)
        RecordCodec.encode(q, into: try slot(ts: q.tsInit, index: index))
    }

    func append(_ t: TradeTick, index: Int) throws(CatalogError) {
        try checkPrecision(price: t.price.precision, size: t.size.precision, index: index)
        RecordCodec.encode(t, into: try slot(ts: t.tsInit, index: index))
    }

    func append(_ b: Bar, index: Int) throws(CatalogError) {
        try checkPrecision(price: b.open.precision, size: b.volume.precision, index: index)
        RecordCodec.encode(b, into: try slot(ts: b.tsInit, index: index))
    }

    func append(_ d: OrderBookDelta, index: Int) throws(CatalogError) {
        // A CLEAR carries no price or size; it takes the partition's precisions when read back.
        if d.action != .clear { try checkPrecision(price: d.order.price.precision, size: d.order.size.precision, index: index) }
        RecordCodec.encode(d, into: try slot(ts: d.tsInit, index: index))
    }

    private func flushBlock() throws(CatalogError) {
        let bytes = UnsafeRawBufferPointer(rebasing: block[0..<(blockFill * header.dataType.recordSize)])
        digests += SHA256.hash(data: bytes)
        try write(bytes)
        blockFill = 0
    }

    /// Writes the last block, the digests, the trailer and the header, and flushes the file to disk.
    func close() throws(CatalogError) {
        if blockFill > 0 { try flushBlock() }
        let headerBytes = header.encoded()
        var meta = SHA256()
        meta.update(data: headerBytes)
        meta.update(data: digests)
        try write(digests)
        try write(Array(meta.finalize()) + CatalogFormat.endMagic)
        let written = headerBytes.withUnsafeBytes { pwrite(fd, $0.baseAddress, $0.count, 0) }
        guard written == headerBytes.count else { throw ioError("cannot write the header") }
        guard fsync(fd) == 0 else { throw ioError("cannot flush") }
        SystemIO.close(fd)
        fd = -1
    }

    /// Removes the temporary file (unless it was renamed into place).
    func discard() {
        if fd >= 0 {
            SystemIO.close(fd)
            fd = -1
        }
        if !renamed { unlink(tempPath) }
    }

    private func write(_ bytes: [UInt8]) throws(CatalogError) {
        let result: Result<Void, CatalogError> = bytes.withUnsafeBytes { b in Result { () throws(CatalogError) in try write(b) } }
        try result.get()
    }

    private func write(_ bytes: UnsafeRawBufferPointer) throws(CatalogError) {
        var done = 0
        while done < bytes.count {
            let n = SystemIO.write(fd, bytes.baseAddress! + done, bytes.count - done)
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ioError("cannot write") }
            done += n
        }
    }

    private func ioError(_ what: String) -> CatalogError {
        CatalogError(path: tempPath, field: "", reason: "\(what): \(SystemIO.lastError)")
    }
}

extension MarketData {
    /// A short name of the kind of value, for messages.
    var kindName: String {
        switch self {
        case .quote: "a quote"
        case .trade: "a trade"
        case .bar: "a bar"
        case .delta: "an order book delta"
        case .deltas: "order book deltas"
        case .depth10: "a depth-10 snapshot"
        case .status: "an instrument status"
        case .close: "an instrument close"
        case .markPrice: "a mark price"
        case .indexPrice: "an index price"
        case .fundingRate: "a funding rate"
        case .custom: "custom data"
        }
    }
}
