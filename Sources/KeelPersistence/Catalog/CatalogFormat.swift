// The on-disk format of Keel's data catalog, version 1. `Docs/catalog.md` is the full description;
// this file holds its constants and the record codecs, so the two cannot drift apart.
//
// Design decisions:
// - One file per (data type, instrument or bar type, UTC day of `ts_init`): a query opens only the
//   days and instruments it needs, and a backtest streams one file at a time per instrument.
// - Fixed-size little-endian records at a 64-byte-aligned offset: a memory-mapped file is read in
//   place with unaligned loads, record i is at `dataOffset + i × recordSize`, and a time range is
//   found by binary search on `ts_init` without reading the rest.
// - Precision lives in the header, not in each record: one partition holds one instrument's values,
//   which have one precision; the writer rejects a value whose precision differs.
// - Checksums are SHA-256 (swift-crypto) per block of about 1 MiB of records, checked when a reader
//   first enters the block, so corruption is reported before the data reaches a strategy and a reader
//   never hashes more than it reads. A digest over the header, key and block digests catches a damaged
//   header on open. File size is checked against the header, so a truncated file fails on open.
// - Files are written under a temporary name and renamed into place when complete: a reader never sees
//   a half-written partition.

public import KeelCore
import KeelModel

/// The kinds of market data a catalog stores.
public enum CatalogDataType: UInt8, CaseIterable, Sendable, CustomStringConvertible, Comparable {
    case quotes = 1
    case trades = 2
    case bars = 3
    case deltas = 4

    /// The folder name, also the name used in queries and on the command line.
    public var description: String {
        switch self {
        case .quotes: "quotes"
        case .trades: "trades"
        case .bars: "bars"
        case .deltas: "deltas"
        }
    }

    /// Parses a folder or query name (`quotes`, `trades`, `bars`, `deltas`).
    public init?(name: String) {
        guard let t = Self.allCases.first(where: { $0.description == name }) else { return nil }
        self = t
    }

    /// The size of one record in bytes.
    public var recordSize: Int {
        switch self {
        case .quotes: 48
        case .trades: 104
        case .bars: 56
        case .deltas: 56
        }
    }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Constants of the partition file format.
public enum CatalogFormat {
    /// The first 8 bytes of every partition file.
    public static let magic: [UInt8] = Array("KEELPART".utf8)
    /// The last 8 bytes of every partition file.
    public static let endMagic: [UInt8] = Array("KEELEND1".utf8)
    /// The format version this code writes and reads.
    public static let version: UInt16 = 1
    /// The size of the fixed header.
    public static let headerSize = 64
    /// The size of a SHA-256 digest.
    public static let digestSize = 32
    /// The bytes after the block digests: the meta digest and the end magic.
    public static let trailerSize = 40
    /// The target size of a checksum block.
    public static let blockBytes = 1 << 20
    /// The file name extension of partitions.
    public static let fileExtension = "kcp"
    /// The name of the marker file at the root of a catalog.
    public static let markerName = "KEEL-CATALOG"
    /// The marker file's content.
    public static let markerText = "keel data catalog, format version 1\n"

    /// Records per checksum block for a record size.
    public static func blockRecords(recordSize: Int) -> Int { max(1, blockBytes / recordSize) }

    /// The offset of the first record for a key of `keyLength` bytes.
    public static func dataOffset(keyLength: Int) -> Int { (headerSize + keyLength + 63) / 64 * 64 }

    /// The exact size of a partition file.
    public static func fileSize(dataOffset: Int, count: Int, recordSize: Int, blockRecords: Int) -> Int {
        let blocks = (count + blockRecords - 1) / blockRecords
        return dataOffset + count * recordSize + blocks * digestSize + trailerSize
    }
}

/// The fixed header at the start of a partition file.
public struct PartitionHeader: Hashable, Sendable {
    /// The kind of data.
    public var dataType: CatalogDataType
    /// The precision of every price in the file.
    public var pricePrecision: UInt8
    /// The precision of every size in the file.
    public var sizePrecision: UInt8
    /// Records per checksum block.
    public var blockRecords: Int
    /// The number of records.
    public var count: Int
    /// The first record's `ts_init`.
    public var firstTs: UnixNanos
    /// The last record's `ts_init`.
    public var lastTs: UnixNanos
    /// Where the records start.
    public var dataOffset: Int
    /// The instrument id (quotes, trades, deltas) or bar type (bars) the file holds.
    public var key: String

    /// The number of checksum blocks.
    public var blockCount: Int { (count + blockRecords - 1) / blockRecords }

    /// The size of the partition file this header describes (a reader checks that the file has it).
    public var fileSize: Int {
        CatalogFormat.fileSize(dataOffset: dataOffset, count: count, recordSize: dataType.recordSize, blockRecords: blockRecords)
    }

    /// The header and key as they are stored (the key padded with zeros to `dataOffset`).
    func encoded() -> [UInt8] {
        var out = [UInt8](repeating: 0, count: dataOffset)
        out.replaceSubrange(0..<8, with: CatalogFormat.magic)
        out.storeLE(CatalogFormat.version, at: 8)
        out[10] = dataType.rawValue
        out[11] = pricePrecision
        out[12] = sizePrecision
        out.storeLE(UInt32(dataType.recordSize), at: 16)
        out.storeLE(UInt32(blockRecords), at: 20)
        out.storeLE(UInt64(count), at: 24)
        out.storeLE(firstTs.rawValue, at: 32)
        out.storeLE(lastTs.rawValue, at: 40)
        out.storeLE(UInt32(dataOffset), at: 48)
        let keyBytes = Array(key.utf8)
        out.storeLE(UInt16(keyBytes.count), at: 52)
        out.replaceSubrange(CatalogFormat.headerSize..<(CatalogFormat.headerSize + keyBytes.count), with: keyBytes)
        return out
    }

    /// Decodes and checks a header from the first bytes of a file of `fileSize` bytes.
    ///
    /// - Throws: `CatalogError` naming the file and the field that is wrong.
    static func decode(_ bytes: UnsafeRawBufferPointer, fileSize: Int, path: String) throws(CatalogError) -> PartitionHeader {
        func fail(_ offset: Int, _ field: String, _ reason: String) -> CatalogError {
            CatalogError(path: path, offset: offset, field: field, reason: reason)
        }
        guard bytes.count >= CatalogFormat.headerSize else {
            throw fail(0, "header", "the file has \(bytes.count) bytes, fewer than the \(CatalogFormat.headerSize)-byte header")
        }
        guard bytes.prefix(8).elementsEqual(CatalogFormat.magic) else { throw fail(0, "magic", "not a Keel catalog partition") }
        let version = bytes.loadUnaligned(fromByteOffset: 8, as: UInt16.self).littleEndian
        guard version == CatalogFormat.version else {
            throw fail(8, "version", "format version \(version) is not supported (this Keel reads version \(CatalogFormat.version))")
        }
        guard let type = CatalogDataType(rawValue: bytes[10]) else { throw fail(10, "data_type", "unknown data type \(bytes[10])") }
        guard bytes[11] <= 9 else { throw fail(11, "price_precision", "precision \(bytes[11]) is above 9") }
        guard bytes[12] <= 9 else { throw fail(12, "size_precision", "precision \(bytes[12]) is above 9") }
        let recordSize = Int(bytes.loadUnaligned(fromByteOffset: 16, as: UInt32.self).littleEndian)
        guard recordSize == type.recordSize else {
            throw fail(16, "record_size", "\(recordSize) bytes, but \(type) records have \(type.recordSize)")
        }
        let blockRecords = Int(bytes.loadUnaligned(fromByteOffset: 20, as: UInt32.self).littleEndian)
        guard blockRecords > 0 else { throw fail(20, "block_records", "zero records per block") }
        let count64 = bytes.loadUnaligned(fromByteOffset: 24, as: UInt64.self).littleEndian
        guard count64 <= UInt64(fileSize / recordSize) else {
            throw fail(24, "count", "\(count64) records cannot fit in a file of \(fileSize) bytes")
        }
        let dataOffset = Int(bytes.loadUnaligned(fromByteOffset: 48, as: UInt32.self).littleEndian)
        let keyLength = Int(bytes.loadUnaligned(fromByteOffset: 52, as: UInt16.self).littleEndian)
        guard keyLength > 0, dataOffset == CatalogFormat.dataOffset(keyLength: keyLength), dataOffset <= bytes.count else {
            throw fail(48, "data_offset", "data offset \(dataOffset) does not follow a \(keyLength)-byte key in a \(fileSize)-byte file")
        }
        let count = Int(count64)
        let expected = CatalogFormat.fileSize(dataOffset: dataOffset, count: count, recordSize: recordSize, blockRecords: blockRecords)
        guard fileSize == expected else {
            throw fail(24, "count", "\(count) records need a file of \(expected) bytes, but it has \(fileSize): the file is truncated or damaged")
        }
        let keyBytes = UnsafeRawBufferPointer(rebasing: bytes[CatalogFormat.headerSize..<(CatalogFormat.headerSize + keyLength)])
        guard keyBytes.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { throw fail(CatalogFormat.headerSize, "key", "the key is not printable ASCII") }
        return PartitionHeader(
            dataType: type, pricePrecision: bytes[11], sizePrecision: bytes[12], blockRecords: blockRecords, count: count,
            firstTs: UnixNanos(bytes.loadUnaligned(fromByteOffset: 32, as: UInt64.self).littleEndian),
            lastTs: UnixNanos(bytes.loadUnaligned(fromByteOffset: 40, as: UInt64.self).littleEndian),
            dataOffset: dataOffset, key: String(decoding: keyBytes, as: UTF8.self))
    }
}

/// A catalog file or folder is missing, damaged, or does not hold what was asked.
public struct CatalogError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file or folder.
    public let path: String
    /// The byte offset in the file, when one applies.
    public let offset: Int?
    /// The field or part of the file (`magic`, `count`, `block 3`, `record 17.bid`).
    public let field: String
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    public init(path: String, offset: Int? = nil, field: String, reason: String) {
        self.path = path
        self.offset = offset
        self.field = field
        self.reason = reason
    }

    /// `file: byte 24: field 'count': reason`.
    public var description: String {
        var text = path
        if let offset { text += ": byte \(offset)" }
        if !field.isEmpty { text += ": field '\(field)'" }
        return text + ": " + reason
    }
}

// MARK: Records

/// Encodes market data into records and decodes records back, for one partition's key and precisions.
enum RecordCodec {
    /// The `ts_init` of the record at `offset`.
    @inline(__always)
    static func tsInit(_ base: UnsafeRawPointer, _ offset: Int) -> UInt64 {
        base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self).littleEndian
    }

    static func encode(_ q: QuoteTick, into out: UnsafeMutableRawPointer) {
        out.storeBytes(of: q.tsEvent.rawValue.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: q.tsInit.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: q.bidPrice.raw.littleEndian, toByteOffset: 16, as: Int64.self)
        out.storeBytes(of: q.askPrice.raw.littleEndian, toByteOffset: 24, as: Int64.self)
        out.storeBytes(of: q.bidSize.raw.littleEndian, toByteOffset: 32, as: Int64.self)
        out.storeBytes(of: q.askSize.raw.littleEndian, toByteOffset: 40, as: Int64.self)
    }

    static func encode(_ t: TradeTick, into out: UnsafeMutableRawPointer) {
        out.storeBytes(of: t.tsEvent.rawValue.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: t.tsInit.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: t.price.raw.littleEndian, toByteOffset: 16, as: Int64.self)
        out.storeBytes(of: t.size.raw.littleEndian, toByteOffset: 24, as: Int64.self)
        let tail = out.advanced(by: 32)
        tail.initializeMemory(as: UInt8.self, repeating: 0, count: 72)
        tail.storeBytes(of: t.aggressorSide.rawValue, toByteOffset: 0, as: UInt8.self)
        t.tradeId.text.withBytes { bytes in
            tail.storeBytes(of: UInt8(bytes.count), toByteOffset: 1, as: UInt8.self)
            tail.advanced(by: 8).copyMemory(from: bytes.baseAddress!, byteCount: bytes.count)
        }
    }

    static func encode(_ b: Bar, into out: UnsafeMutableRawPointer) {
        out.storeBytes(of: b.tsEvent.rawValue.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: b.tsInit.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: b.open.raw.littleEndian, toByteOffset: 16, as: Int64.self)
        out.storeBytes(of: b.high.raw.littleEndian, toByteOffset: 24, as: Int64.self)
        out.storeBytes(of: b.low.raw.littleEndian, toByteOffset: 32, as: Int64.self)
        out.storeBytes(of: b.close.raw.littleEndian, toByteOffset: 40, as: Int64.self)
        out.storeBytes(of: b.volume.raw.littleEndian, toByteOffset: 48, as: Int64.self)
    }

    static func encode(_ d: OrderBookDelta, into out: UnsafeMutableRawPointer) {
        out.storeBytes(of: d.tsEvent.rawValue.littleEndian, toByteOffset: 0, as: UInt64.self)
        out.storeBytes(of: d.tsInit.rawValue.littleEndian, toByteOffset: 8, as: UInt64.self)
        out.storeBytes(of: d.order.price.raw.littleEndian, toByteOffset: 16, as: Int64.self)
        out.storeBytes(of: d.order.size.raw.littleEndian, toByteOffset: 24, as: Int64.self)
        out.storeBytes(of: d.order.orderId.littleEndian, toByteOffset: 32, as: UInt64.self)
        out.storeBytes(of: d.sequence.littleEndian, toByteOffset: 40, as: UInt64.self)
        out.storeBytes(of: UInt64(0), toByteOffset: 48, as: UInt64.self)
        out.storeBytes(of: d.action.rawValue, toByteOffset: 48, as: UInt8.self)
        out.storeBytes(of: d.order.side.rawValue, toByteOffset: 49, as: UInt8.self)
        out.storeBytes(of: d.flags, toByteOffset: 50, as: UInt8.self)
    }
}

extension Array where Element == UInt8 {
    mutating func storeLE<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeMutableBytes { $0.storeBytes(of: value.littleEndian, toByteOffset: offset, as: T.self) }
    }
}
