// ByteStream: a file (or a buffer in memory) read forward through one fixed buffer, decompressing zstd
// on the fly.
//
// Design decisions:
// - Compression is detected from the first four bytes (zstd frame magic 28 B5 2F FD, or a skippable
//   frame 0x184D2A5?), never from the file name: Databento ships `.dbn.zst`, users rename files.
// - zstd goes through `ZSTD_decompressStream`, which starts the next frame by itself when one ends, so
//   files made of several concatenated frames (every Databento file here has 2 or 3) decode as one
//   stream. A file that ends inside a frame is an error (the last call's hint is not 0), never a
//   silent short read.
// - Memory is fixed: a 64 KiB window of decoded bytes plus, for zstd, one 128 KiB compressed input
//   buffer. Nothing is ever read whole. Callers ask for `require(n)` bytes at the window's start
//   (n is at most the largest record, a few hundred bytes) and then `consume(n)`.
// - Offsets reported in errors are offsets into the decoded (decompressed) byte stream, which is
//   what the DBN layout describes; `isCompressed` lets the message say so.
// - An in-memory source (`init(bytes:)`, for tests and fuzzing) is read through the same window with
//   `memcpy` in place of `fread`: every other line of the decoder is the one files go through.

import CZstd

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a byte stream could not produce bytes.
enum ByteStreamFailure: Error {
    /// The file could not be opened or read; the payload is the system's reason.
    case io(String)
    /// The compressed data is corrupt; the payload is zstd's reason.
    case zstd(String)
    /// The file ended inside a zstd frame.
    case truncatedFrame
}

/// A forward-only window over a file's (or an in-memory buffer's) decoded bytes.
final class ByteStream {
    /// The window of decoded bytes; `start..<end` are unconsumed.
    private let window: UnsafeMutableRawBufferPointer
    @exclusivity(unchecked) private var start = 0
    @exclusivity(unchecked) private var end = 0
    /// The decoded-stream offset of `window[start]`.
    @exclusivity(unchecked) private(set) var offset: UInt64 = 0
    /// The source: an open file, or (when nil) `memory` read from `memoryPosition`.
    private var file: UnsafeMutablePointer<FILE>?
    private let memory: [UInt8]
    private var memoryPosition = 0
    @exclusivity(unchecked) private var atEOF = false

    /// True if the data is zstd-compressed.
    private(set) var isCompressed = false
    private var zstream: OpaquePointer?
    private var zinput = UnsafeMutableRawBufferPointer(start: nil, count: 0)
    @exclusivity(unchecked) private var zinPos = 0
    @exclusivity(unchecked) private var zinSize = 0
    /// The last `ZSTD_decompressStream` hint: 0 when the last frame ended cleanly.
    @exclusivity(unchecked) private var zhint = 0

    static let windowSize = 64 * 1024
    static let compressedChunk = 128 * 1024

    /// Opens the file at `path`.
    convenience init(path: String) throws(ByteStreamFailure) {
        guard let f = fopen(path, "rb") else { throw .io(String(cString: strerror(errno))) }
        try self.init(file: f, memory: [])
    }

    /// Reads `bytes` as if they were a file's contents.
    convenience init(bytes: [UInt8]) throws(ByteStreamFailure) {
        try self.init(file: nil, memory: bytes)
    }

    private init(file: UnsafeMutablePointer<FILE>?, memory: [UInt8]) throws(ByteStreamFailure) {
        self.file = file
        self.memory = memory
        window = .allocate(byteCount: Self.windowSize, alignment: 16)
        // Sniff the first four bytes for a zstd magic number.
        let n = try read(into: window.baseAddress!, count: 4)
        let m = n == 4 ? UnsafeRawBufferPointer(window).loadLE(UInt32.self, 0) : 0
        isCompressed = n == 4 && (m == 0xFD2F_B528 || m & 0xFFFF_FFF0 == 0x184D_2A50)
        if isCompressed {
            zinput = .allocate(byteCount: Self.compressedChunk, alignment: 16)
            zinput.copyMemory(from: UnsafeRawBufferPointer(rebasing: window[0..<4]))
            zinSize = 4
            zstream = ZSTD_createDStream()
            ZSTD_initDStream(zstream)
        } else {
            end = n
        }
    }

    deinit {
        if let file { fclose(file) }
        if let zstream { ZSTD_freeDStream(zstream) }
        window.deallocate()
        zinput.deallocate()
    }

    /// The number of unconsumed bytes in the window.
    @inline(__always) var available: Int { end - start }

    /// The unconsumed bytes (valid until the next `require` or `consume`).
    @inline(__always) var bytes: UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(window)[start..<end])
    }

    /// Makes at least `count` bytes available unless the stream ends first; returns how many are.
    ///
    /// - Precondition: `count` ≤ the window size.
    @inline(__always)
    func require(_ count: Int) throws(ByteStreamFailure) -> Int {
        if end - start >= count { return end - start }
        return try refill(count)
    }

    /// Drops `count` bytes from the front of the window.
    @inline(__always)
    func consume(_ count: Int) {
        precondition(count <= end - start, "Invariant: a stream consumes only the bytes it has")
        start += count
        offset += UInt64(count)
    }

    private func refill(_ count: Int) throws(ByteStreamFailure) -> Int {
        precondition(count <= Self.windowSize, "Invariant: a request fits the stream's window (\(count) bytes)")
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(window.baseAddress!, window.baseAddress! + start, live) }
            start = 0
            end = live
        }
        while end < count {
            let produced = isCompressed ? try decompress() : try readPlain()
            if produced == 0 { break }
        }
        return end - start
    }

    /// Copies up to `count` source bytes to `destination`; 0 at the end of the source.
    private func read(into destination: UnsafeMutableRawPointer, count: Int) throws(ByteStreamFailure) -> Int {
        if let file {
            let n = fread(destination, 1, count, file)
            if n == 0 && ferror(file) != 0 { throw .io(String(cString: strerror(errno))) }
            return n
        }
        let n = min(count, memory.count - memoryPosition)
        if n > 0 {
            memory.withUnsafeBytes { destination.copyMemory(from: $0.baseAddress! + memoryPosition, byteCount: n) }
            memoryPosition += n
        }
        return n
    }

    private func readPlain() throws(ByteStreamFailure) -> Int {
        guard !atEOF else { return 0 }
        let n = try read(into: window.baseAddress! + end, count: Self.windowSize - end)
        if n == 0 { atEOF = true }
        end += n
        return n
    }

    private func decompress() throws(ByteStreamFailure) -> Int {
        while true {
            if zinPos == zinSize, !atEOF {
                zinPos = 0
                zinSize = try read(into: zinput.baseAddress!, count: Self.compressedChunk)
                if zinSize == 0 { atEOF = true }
            }
            if zinPos == zinSize && atEOF {
                // Input is exhausted: fine between frames, an error inside one.
                if zhint != 0 { throw .truncatedFrame }
                return 0
            }
            var input = ZSTD_inBuffer(src: zinput.baseAddress, size: zinSize, pos: zinPos)
            var output = ZSTD_outBuffer(dst: window.baseAddress! + end, size: Self.windowSize - end, pos: 0)
            let ret = ZSTD_decompressStream(zstream, &output, &input)
            if ZSTD_isError(ret) != 0 { throw .zstd(String(cString: ZSTD_getErrorName(ret))) }
            zhint = ret
            zinPos = input.pos
            end += output.pos
            if output.pos > 0 { return output.pos }
        }
    }
}
