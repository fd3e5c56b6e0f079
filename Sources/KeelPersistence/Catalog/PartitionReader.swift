// PartitionReader: one partition file, memory-mapped and checked.
//
// Design decisions:
// - Opening checks what is cheap and catches most damage: the magic, version, sizes against the file's
//   length (a truncated file fails here), and the meta digest over header, key and block digests.
//   Records are checked block by block as a reader reaches them (`verifyBlock`), so opening a year of
//   partitions costs nothing until they are read.
// - The mapping is read-only and private. Pages already read are handed back to the kernel
//   (`MADV_DONTNEED`) block by block, so streaming a file larger than memory keeps resident memory at
//   about one block, not the file's size.

import Crypto
import KeelCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A partition file mapped into memory.
final class PartitionReader {
    let path: String
    let header: PartitionHeader
    let base: UnsafeRawPointer
    private let mappedSize: Int
    private let digests: UnsafeRawPointer
    private var releasedUpTo = 0

    /// Opens and checks `path`.
    ///
    /// - Throws: `CatalogError` naming the file and what is wrong with it.
    init(path: String) throws(CatalogError) {
        self.path = path
        let fd = SystemIO.openForReading(path)
        guard fd >= 0 else { throw CatalogError(path: path, field: "", reason: "cannot open: \(SystemIO.lastError)") }
        defer { SystemIO.close(fd) }
        guard let size = SystemIO.size(fd) else { throw CatalogError(path: path, field: "", reason: "cannot read its size: \(SystemIO.lastError)") }
        guard size >= CatalogFormat.headerSize + CatalogFormat.trailerSize else {
            throw CatalogError(path: path, offset: 0, field: "header", reason: "the file has \(size) bytes: too short for a partition")
        }
        guard let map = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), map != MAP_FAILED else {
            throw CatalogError(path: path, field: "", reason: "cannot map: \(SystemIO.lastError)")
        }
        let bytes = UnsafeRawBufferPointer(start: map, count: size)
        do {
            header = try PartitionHeader.decode(bytes, fileSize: size, path: path)
        } catch {
            munmap(map, size)
            throw error
        }
        base = UnsafeRawPointer(map)
        mappedSize = size
        let recordsEnd = header.dataOffset + header.count * header.dataType.recordSize
        digests = base + recordsEnd
        let digestsSize = size - recordsEnd - CatalogFormat.trailerSize
        var meta = SHA256()
        meta.update(bufferPointer: UnsafeRawBufferPointer(start: base, count: header.dataOffset))
        meta.update(bufferPointer: UnsafeRawBufferPointer(start: digests, count: digestsSize))
        let stored = UnsafeRawBufferPointer(start: base + size - CatalogFormat.trailerSize, count: CatalogFormat.digestSize)
        let endMagic = UnsafeRawBufferPointer(start: base + size - 8, count: 8)
        guard endMagic.elementsEqual(CatalogFormat.endMagic) else {
            munmap(map, size)
            throw CatalogError(path: path, offset: size - 8, field: "end_magic", reason: "the file does not end as a partition does: it is truncated or damaged")
        }
        guard meta.finalize().elementsEqual(stored) else {
            munmap(map, size)
            throw CatalogError(path: path, offset: size - CatalogFormat.trailerSize, field: "meta_digest", reason: "the header or block digests do not match their checksum: the file is damaged")
        }
        _ = madvise(map, size, MADV_SEQUENTIAL)
    }

    deinit { munmap(UnsafeMutableRawPointer(mutating: base), mappedSize) }

    var recordSize: Int { header.dataType.recordSize }

    /// The byte offset of record `index`.
    @inline(__always)
    func offset(ofRecord index: Int) -> Int { header.dataOffset + index * recordSize }

    /// The `ts_init` of record `index`.
    @inline(__always)
    func tsInit(ofRecord index: Int) -> UInt64 { RecordCodec.tsInit(base, offset(ofRecord: index)) }

    /// The first record with `ts_init >= ts` (binary search; records are in `ts_init` order).
    func firstRecord(atOrAfter ts: UnixNanos) -> Int {
        var lo = 0, hi = header.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if tsInit(ofRecord: mid) < ts.rawValue { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The record range of block `block`.
    func records(ofBlock block: Int) -> Range<Int> {
        let start = block * header.blockRecords
        return start..<min(header.count, start + header.blockRecords)
    }

    /// Checks block `block`'s records against its stored digest.
    ///
    /// - Throws: `CatalogError` naming the block and its byte range if they differ.
    func verifyBlock(_ block: Int) throws(CatalogError) {
        let range = records(ofBlock: block)
        let start = offset(ofRecord: range.lowerBound)
        let bytes = UnsafeRawBufferPointer(start: base + start, count: range.count * recordSize)
        let stored = UnsafeRawBufferPointer(start: digests + block * CatalogFormat.digestSize, count: CatalogFormat.digestSize)
        guard SHA256.hash(data: bytes).elementsEqual(stored) else {
            throw CatalogError(
                path: path, offset: start, field: "block \(block)",
                reason: "records \(range.lowerBound)..<\(range.upperBound) (bytes \(start)..<\(start + bytes.count)) do not match their checksum: the file is damaged")
        }
    }

    /// Hands the pages of records before `index` back to the kernel.
    func release(recordsBefore index: Int) {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let end = offset(ofRecord: index) / page * page
        guard end > releasedUpTo else { return }
        _ = madvise(UnsafeMutableRawPointer(mutating: base) + releasedUpTo, end - releasedUpTo, MADV_DONTNEED)
        releasedUpTo = end
    }
}
