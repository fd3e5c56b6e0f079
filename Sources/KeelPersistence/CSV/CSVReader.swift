// CSVReader: a byte-level, streaming CSV reader.
//
// Design decisions:
// - The file is read in 1 MiB chunks into one buffer; a row is found with `memchr` and split in place
//   into field ranges kept in a preallocated array. A field is handed out as an
//   `UnsafeBufferPointer<UInt8>` into the buffer: no `String` per field, no allocation per row.
//   Decimal fields go straight to `FixedPoint.parse(buffer)`.
// - LF and CRLF line ends. A field wrapped in double quotes loses its quotes; a quote inside a quoted
//   field (`""`) is not supported and is an error naming the line, not a silent mis-split. None of the
//   vendor files Keel loads quote anything.
// - Blank lines are skipped and counted (`blankLines`), never returned as rows with one empty field.
// - A row longer than the buffer grows it (doubling); memory stays proportional to the longest row.
// - Text held in memory (`init(bytes:name:)`, for tests and fuzzing) is copied into the same buffer in
//   place of `fread`, through the same row and field code.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An error in a CSV file: `FILE:LINE: field 'NAME': REASON`.
public struct CSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public let path: String
    /// The 1-based line number (the header is line 1 when present); 0 for file-level errors.
    public let line: Int
    /// The field's logical name (`high`, `bid`, `timestamp`), or nil for a row-level error.
    public let field: String?
    /// What is wrong.
    public let reason: String

    /// Creates an error.
    public init(path: String, line: Int, field: String?, reason: String) {
        self.path = path
        self.line = line
        self.field = field
        self.reason = reason
    }

    /// `gbpusd-m1-bid-2012.csv:17: field 'high': invalid Price '1.5x': …`.
    public var description: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "\(name):\(line): " + (field.map { "field '\($0)': " } ?? "") + reason
    }
}

/// Reads a CSV file row by row without allocating per row.
public final class CSVReader {
    /// The file's path, or the name given to in-memory text.
    public let path: String
    /// The field delimiter.
    public let delimiter: UInt8
    /// The 1-based line number of the current row.
    public private(set) var line = 0
    /// Blank lines skipped so far.
    public private(set) var blankLines = 0
    /// The number of fields in the current row.
    public private(set) var fieldCount = 0

    /// The source: an open file, or (when nil) `memory` read from `memoryPosition`.
    private var file: UnsafeMutablePointer<FILE>?
    private let memory: [UInt8]
    private var memoryPosition = 0
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var start = 0
    private var end = 0
    private var eof = false
    private var starts: [Int] = Array(repeating: 0, count: 64)
    private var ends: [Int] = Array(repeating: 0, count: 64)
    private var rowEnd = 0
    private var rowStart = 0
    private var rowStop = 0

    /// Opens `path`.
    ///
    /// - Throws: `CSVError` (line 0) if the file cannot be opened.
    public convenience init(path: String, delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVError) {
        guard let f = fopen(path, "rb") else {
            throw CSVError(path: path, line: 0, field: nil, reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        self.init(path: path, delimiter: delimiter, file: f, memory: [], capacity: 1 << 20)
    }

    /// Reads the CSV text held in `bytes`, as if they were the contents of a file.
    ///
    /// The bytes go through the same row and field code as a file's (copied into the reader's buffer as
    /// `fread` would, in chunks of at most 1 MiB); tests and fuzzing use this to read text without writing
    /// it to disk.
    ///
    /// - Parameters:
    ///   - bytes: The whole text.
    ///   - name: What `path` and every `CSVError` call the text, e.g. `"fuzz input"`.
    public convenience init(bytes: [UInt8], name: String, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.init(path: name, delimiter: delimiter, file: nil, memory: bytes, capacity: min(1 << 20, max(16, bytes.count)))
    }

    private init(path: String, delimiter: UInt8, file: UnsafeMutablePointer<FILE>?, memory: [UInt8], capacity: Int) {
        self.path = path
        self.delimiter = delimiter
        self.file = file
        self.memory = memory
        self.capacity = capacity
        buffer = .allocate(capacity: capacity)
    }

    deinit {
        if let file { fclose(file) }
        buffer.deallocate()
    }

    /// Advances to the next non-blank row; false at the end of the file.
    ///
    /// - Throws: `CSVError` for a read failure or an unsupported quoted field.
    public func nextRow() throws(CSVError) -> Bool {
        while true {
            start = rowEnd
            // Find the end of the row, reading more if needed.
            var nl: Int? = nil
            while true {
                if end > start, let p = memchr(buffer + start, 10, end - start) {
                    nl = buffer.distance(to: p.assumingMemoryBound(to: UInt8.self))
                    break
                }
                if eof { break }
                try fill()
            }
            if start >= end && nl == nil { return false }
            line += 1
            var stop = nl ?? end
            rowEnd = nl.map { $0 + 1 } ?? end
            if stop > start && buffer[stop - 1] == 13 { stop -= 1 }
            if stop == start {
                blankLines += 1
                continue
            }
            rowStart = start
            rowStop = stop
            try split(start, stop)
            return true
        }
    }

    private func fill() throws(CSVError) {
        // Keep the unconsumed tail, then read more behind it.
        if start > 0 {
            let live = end - start
            if live > 0 { memmove(buffer, buffer + start, live) }
            rowEnd -= start
            end = live
            start = 0
        }
        if end == capacity {
            let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity * 2)
            bigger.update(from: buffer, count: end)
            buffer.deallocate()
            buffer = bigger
            capacity *= 2
        }
        let n = try read(into: buffer + end, count: capacity - end)
        if n == 0 { eof = true }
        end += n
    }

    /// Copies up to `count` source bytes to `destination`; 0 at the end of the source.
    private func read(into destination: UnsafeMutablePointer<UInt8>, count: Int) throws(CSVError) -> Int {
        if let file {
            let n = fread(destination, 1, count, file)
            if n == 0 && ferror(file) != 0 {
                throw CSVError(path: path, line: line, field: nil, reason: "read failed: \(String(cString: strerror(errno)))")
            }
            return n
        }
        let n = min(count, memory.count - memoryPosition)
        if n > 0 {
            memory.withUnsafeBufferPointer { destination.update(from: $0.baseAddress! + memoryPosition, count: n) }
            memoryPosition += n
        }
        return n
    }

    private func split(_ from: Int, _ to: Int) throws(CSVError) {
        var k = 0
        var i = from
        while true {
            if k == starts.count {
                starts.append(contentsOf: repeatElement(0, count: starts.count))
                ends.append(contentsOf: repeatElement(0, count: ends.count))
            }
            if i < to && buffer[i] == 34 {
                // Quoted field: up to the next quote, which must end the field.
                var j = i + 1
                while j < to && buffer[j] != 34 { j += 1 }
                guard j < to, j + 1 == to || buffer[j + 1] == delimiter else {
                    throw CSVError(path: path, line: line, field: "#\(k + 1)", reason: "unsupported or unterminated quoted field")
                }
                starts[k] = i + 1
                ends[k] = j
                k += 1
                i = j + 1
                if i == to { break }
                i += 1
                continue
            }
            var j = i
            while j < to && buffer[j] != delimiter { j += 1 }
            starts[k] = i
            ends[k] = j
            k += 1
            if j >= to { break }
            i = j + 1
        }
        fieldCount = k
    }

    /// The bytes of field `index` of the current row (valid until the next `nextRow()`).
    @inline(__always)
    public func field(_ index: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(index >= 0 && index < fieldCount, "Invariant: a field index is below the row's field count")
        return UnsafeBufferPointer(start: buffer + starts[index], count: ends[index] - starts[index])
    }

    /// The bytes of the current row without its line end (valid until the next `nextRow()`).
    public var rowBytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: buffer + rowStart, count: rowStop - rowStart) }

    /// Field `index` of the current row as text (for headers and messages, not hot loops).
    public func string(_ index: Int) -> String { String(decoding: field(index), as: UTF8.self) }

    /// The whole current row as text (for messages).
    public var rowText: String {
        (0..<fieldCount).map { string($0) }.joined(separator: String(UnicodeScalar(delimiter)))
    }
}
