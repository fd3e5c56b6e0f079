// Catalog: a folder of partition files, and queries over it.
//
// Layout (`Docs/catalog.md`):
//
//     DIR/KEEL-CATALOG                                  marker: this folder is a Keel catalog
//     DIR/<type>/<key>/<YYYY-MM-DD>.kcp                 one partition
//
// `<type>` is quotes, trades, bars or deltas; `<key>` the instrument id (or bar type) with every byte
// outside `A-Z a-z 0-9 . _ -` written as `%XX` (so `EUR/USD.SIM` is `EUR%2FUSD.SIM`); the day is the
// UTC day of the values' `ts_init`.
//
// Design decisions:
// - A query returns one stream per (type, key), each reading its days one after another, lazily: one
//   partition is mapped at a time per stream. Streams of different keys are merged by `ts_init` by the
//   caller (a backtest's `MarketDataMerger`), which breaks ties by stream order, so the order of
//   streams is part of the query's meaning: the order of the `keys` asked for, then data type, then key.
// - Listing reads only headers (and checks each file's meta digest); `verify()` reads everything.

public import KeelCore
import KeelModel

/// A Keel data catalog on disk.
public struct Catalog: Sendable {
    /// The catalog's folder.
    public let path: String

    /// Opens the catalog at `path`.
    ///
    /// - Throws: `CatalogError` if `path` is not a folder holding a catalog marker.
    public init(path: String) throws(CatalogError) {
        let path = Self.trimmed(path)
        guard SystemIO.isDirectory(path) else { throw CatalogError(path: path, field: "", reason: "no such catalog folder") }
        guard SystemIO.list(path)?.contains(CatalogFormat.markerName) == true else {
            throw CatalogError(path: path, field: "", reason: "not a Keel catalog (no \(CatalogFormat.markerName) file); create one with `keel data import`")
        }
        self.path = path
    }

    private init(uncheckedPath: String) { self.path = uncheckedPath }

    /// Opens the catalog at `path`, creating the folder and its marker if needed.
    ///
    /// - Throws: `CatalogError` if the folder cannot be created or holds something else.
    public static func create(path: String) throws(CatalogError) -> Catalog {
        let path = trimmed(path)
        if let existing = try? Catalog(path: path) { return existing }
        if SystemIO.isDirectory(path), let names = SystemIO.list(path), !names.isEmpty {
            throw CatalogError(path: path, field: "", reason: "the folder is not empty and is not a Keel catalog")
        }
        guard SystemIO.makeDirectories(path) else { throw CatalogError(path: path, field: "", reason: "cannot create the folder: \(SystemIO.lastError)") }
        let marker = path + "/" + CatalogFormat.markerName
        let fd = SystemIO.openForWriting(marker)
        guard fd >= 0 else { throw CatalogError(path: marker, field: "", reason: "cannot create: \(SystemIO.lastError)") }
        let text = Array(CatalogFormat.markerText.utf8)
        let n = text.withUnsafeBytes { SystemIO.write(fd, $0.baseAddress!, $0.count) }
        SystemIO.close(fd)
        guard n == text.count else { throw CatalogError(path: marker, field: "", reason: "cannot write: \(SystemIO.lastError)") }
        return Catalog(uncheckedPath: path)
    }

    private static func trimmed(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    // MARK: Layout

    /// The file of one partition.
    func partitionPath(type: CatalogDataType, key: String, day: UInt64, createFolders: Bool) throws(CatalogError) -> String {
        let folder = "\(path)/\(type)/\(Self.escape(key))"
        if createFolders && !SystemIO.makeDirectories(folder) {
            throw CatalogError(path: folder, field: "", reason: "cannot create the folder: \(SystemIO.lastError)")
        }
        return "\(folder)/\(Self.dayName(day)).\(CatalogFormat.fileExtension)"
    }

    /// `YYYY-MM-DD` of a day number since the epoch.
    static func dayName(_ day: UInt64) -> String {
        let (y, m, d) = UnixNanos.civil(fromDays: Int64(day))
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(y)-\(two(m))-\(two(d))"
    }

    /// The key as a folder name: bytes outside `A-Z a-z 0-9 . _ -` as `%XX`.
    public static func escape(_ key: String) -> String {
        var out = ""
        for b in key.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                out += "%" + String(decoding: [hex[Int(b >> 4)], hex[Int(b & 15)]], as: UTF8.self)
            }
        }
        return out
    }

    // MARK: Listing

    /// Every partition in the catalog (headers only), sorted by type, key and day.
    ///
    /// - Throws: `CatalogError` for a partition that is damaged, or a file in the catalog's folders that
    ///   is not a partition.
    public func partitions() throws(CatalogError) -> [CatalogPartition] {
        var out: [CatalogPartition] = []
        for type in CatalogDataType.allCases {
            let typeFolder = "\(path)/\(type)"
            guard SystemIO.isDirectory(typeFolder), let keys = SystemIO.list(typeFolder) else { continue }
            for keyFolder in keys {
                let folder = "\(typeFolder)/\(keyFolder)"
                guard let files = SystemIO.list(folder) else { throw CatalogError(path: folder, field: "", reason: "cannot read the folder") }
                for file in files where !file.hasPrefix(".") {
                    guard file.hasSuffix(".\(CatalogFormat.fileExtension)") else {
                        throw CatalogError(path: "\(folder)/\(file)", field: "", reason: "not a partition file (expected YYYY-MM-DD.\(CatalogFormat.fileExtension))")
                    }
                    let filePath = "\(folder)/\(file)"
                    let reader = try PartitionReader(path: filePath)
                    guard reader.header.dataType == type, Self.escape(reader.header.key) == keyFolder else {
                        throw CatalogError(
                            path: filePath, offset: 64, field: "key",
                            reason: "the file holds \(reader.header.dataType) of \(reader.header.key) but lies in \(type)/\(keyFolder)")
                    }
                    out.append(CatalogPartition(path: filePath, day: String(file.dropLast(CatalogFormat.fileExtension.count + 1)), header: reader.header))
                }
            }
        }
        return out
    }

    /// Reads every record of every partition, checking every block's checksum and every value.
    ///
    /// - Returns: the number of records checked.
    /// - Throws: the first `CatalogError` found.
    public func verify() throws(CatalogError) -> Int {
        var n = 0
        for stream in try query(CatalogQuery()) {
            while try stream.next() != nil { n += 1 }
        }
        return n
    }

    // MARK: Queries

    /// The streams answering `query`, in merge priority order (see `CatalogQuery.keys`).
    ///
    /// - Throws: `CatalogError` if a matching partition is damaged, or the query names a key the
    ///   catalog does not hold.
    public func query(_ query: CatalogQuery) throws(CatalogError) -> [CatalogStream] {
        var groups: [String: [CatalogPartition]] = [:]
        var order: [(rank: Int, type: CatalogDataType, key: String, group: String)] = []
        var matchedKeys = Set<Int>()
        for p in try partitions() {
            if let types = query.types, !types.contains(p.header.dataType) { continue }
            var rank = 0
            if let keys = query.keys {
                guard let i = keys.firstIndex(where: { CatalogQuery.matches($0, key: p.header.key, type: p.header.dataType) }) else { continue }
                rank = i
                matchedKeys.insert(i)
            }
            if let start = query.start, p.header.lastTs < start { continue }
            if let end = query.end, p.header.firstTs > end { continue }
            let group = "\(p.header.dataType)/\(p.header.key)"
            if groups[group] == nil { order.append((rank, p.header.dataType, p.header.key, group)) }
            groups[group, default: []].append(p)
        }
        if let keys = query.keys, let missing = keys.indices.first(where: { !matchedKeys.contains($0) }) {
            let types = query.types.map { $0.map(\.description).joined(separator: ", ") } ?? "any type"
            throw CatalogError(path: path, field: "keys", reason: "no \(types) data for '\(keys[missing])' in the catalog (in the time range asked)")
        }
        order.sort { ($0.rank, $0.type, $0.key) < ($1.rank, $1.type, $1.key) }
        var streams: [CatalogStream] = []
        for entry in order {
            let parts = groups[entry.group]!.sorted { $0.day < $1.day }
            streams.append(try CatalogStream(partitions: parts, start: query.start, end: query.end, verify: query.verify))
        }
        return streams
    }
}

/// One partition as listed by `Catalog.partitions()`.
public struct CatalogPartition: Hashable, Sendable {
    /// The file.
    public var path: String
    /// The UTC day, `YYYY-MM-DD`.
    public var day: String
    /// Its header: type, key, count, time range, precisions.
    public var header: PartitionHeader
}

/// What to read from a catalog.
public struct CatalogQuery: Hashable, Sendable {
    /// The data types to read (nil: all).
    public var types: [CatalogDataType]?
    /// The instrument ids or bar types to read (nil: all). An instrument id selects that instrument's
    /// quotes, trades and deltas and every bar type of it; a bar type selects those bars. The order is
    /// the priority of values with equal `ts_init`: values for the first key come first.
    public var keys: [String]?
    /// Only values with `ts_init >= start`.
    public var start: UnixNanos?
    /// Only values with `ts_init <= end`.
    public var end: UnixNanos?
    /// Check each block's checksum as it is read (default). Turning it off trusts the files.
    public var verify: Bool

    /// Creates a query; every filter defaults to "all".
    public init(types: [CatalogDataType]? = nil, keys: [String]? = nil, start: UnixNanos? = nil, end: UnixNanos? = nil, verify: Bool = true) {
        self.types = types
        self.keys = keys
        self.start = start
        self.end = end
        self.verify = verify
    }

    static func matches(_ wanted: String, key: String, type: CatalogDataType) -> Bool {
        if wanted == key { return true }
        // A bar type starts with its instrument id and a dash: `EUR/USD.SIM-1-MINUTE-BID-EXTERNAL`.
        return type == .bars && key.count > wanted.count && key.hasPrefix(wanted) && key.utf8.dropFirst(wanted.utf8.count).first == UInt8(ascii: "-")
    }
}
