// The quote stream of scenario S2, built exactly as the reference builds it
// (../shared/reference/nautilus/build_s2_stream.py, ../shared/SCENARIOS.md "S2").
//
// The source is NautilusTrader's test file `quote_tick_data.csv`: 9,500 real EUR/USD quotes of
// 2020-01-01, HistData's `YYYYMMDD HHMMSSmmm,bid,ask,0` with no header. The stream is 211 copies of it,
// copy k shifted by k days, so time keeps increasing: 2,004,500 quotes.
//
// - Timestamps are read as UTC (as NautilusTrader read them), prices at 5 decimals (the source writes 6,
//   the last always 0), both sizes 1,000,000 (the `QuoteTickDataWrangler` default), `tsEvent = tsInit`.
// - The CSV the reference writes is `ts_event_ns,bid,ask,bid_size,ask_size` with `\n` line endings;
//   `csvBytes()` and `write(toPath:)` produce the same bytes (sha256 `S2Stream.sha256`).
//
// Design decisions:
// - `S2Stream` keeps only the 9,500 source quotes; the copies are made when asked for (`quotes()`), and
//   the CSV is written copy by copy, each copy's rows differing from the first's only in the timestamp,
//   so writing the 104 MB text formats each price once.

public import KeelCore
public import KeelModel
public import KeelPersistence

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why the S2 stream cannot be built.
public struct S2StreamError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public let message: String
    /// Creates an error with its message.
    public init(_ message: String) { self.message = message }
    /// The message.
    public var description: String { message }
}

/// The 2,004,500-quote EUR/USD stream of scenario S2: the 9,500 source quotes repeated, one day apart.
public struct S2Stream: Sendable {
    /// The copies the reference makes.
    public static let defaultRepeats = 211
    /// The sha256 of the reference's CSV of the stream (211 copies).
    public static let sha256 = "2b37ed7703e22c295f59c5c2237e0dc904f8de4af09d5be4f9b43ef1f6e25db0"
    /// The header of the stream's CSV.
    public static let csvHeader = "ts_event_ns,bid,ask,bid_size,ask_size"
    /// The instrument the quotes are for.
    public static let instrumentId = InstrumentId("EUR/USD.SIM")
    /// How far each copy is shifted from the previous one.
    public static let shift = DurationNanos.days(1)

    /// The source quotes, in file order.
    public let base: [QuoteTick]
    /// The number of copies.
    public let repeats: Int

    /// Reads the source file (HistData layout, UTC, 5 decimals, sizes 1,000,000).
    ///
    /// - Parameters:
    ///   - sourcePath: `quote_tick_data.csv`.
    ///   - repeats: the number of copies (the reference: 211).
    ///   - instrumentId: the instrument of the quotes.
    /// - Throws: `CSVError` for a malformed row; `S2StreamError` if the source is empty, its timestamps
    ///   do not strictly increase, or it spans a day or more (the copies would overlap), as the
    ///   reference's builder asserts.
    public init(sourcePath: String, repeats: Int = S2Stream.defaultRepeats, instrumentId: InstrumentId = S2Stream.instrumentId) throws {
        let (quotes, _) = try CSVLoader.loadQuotes(path: sourcePath, layout: .histData(instrumentId: instrumentId))
        try self.init(base: quotes, repeats: repeats)
    }

    /// A stream of `repeats` copies of `base`.
    ///
    /// - Throws: `S2StreamError` as `init(sourcePath:repeats:instrumentId:)`.
    public init(base: [QuoteTick], repeats: Int = S2Stream.defaultRepeats) throws {
        guard let first = base.first, let last = base.last else { throw S2StreamError("the source has no quotes") }
        guard repeats >= 0 else { throw S2StreamError("repeats \(repeats) is negative") }
        for i in base.indices.dropLast() where base[i].tsInit >= base[i + 1].tsInit {
            throw S2StreamError("the source's timestamps do not strictly increase at row \(i + 2)")
        }
        guard last.tsInit.rawValue - first.tsInit.rawValue < Self.shift.rawValue else {
            throw S2StreamError("the source spans a day or more: its copies would overlap")
        }
        self.base = base
        self.repeats = repeats
    }

    /// The number of quotes in the stream.
    public var count: Int { base.count * repeats }

    /// Builds the stream's quotes from the source file (`tsEvent = tsInit`).
    ///
    /// - Throws: as `init(sourcePath:repeats:instrumentId:)`.
    public static func build(sourcePath: String, repeats: Int = S2Stream.defaultRepeats) throws -> [QuoteTick] {
        try S2Stream(sourcePath: sourcePath, repeats: repeats).quotes()
    }

    /// Every quote of the stream, in time order.
    public func quotes() -> [QuoteTick] {
        var out: [QuoteTick] = []
        out.reserveCapacity(count)
        var quotes = lazyQuotes()
        while let q = quotes.next() { out.append(q) }
        return out
    }

    /// The stream's quotes made one at a time, copy after copy, without holding them: a backtest or an
    /// import of any number of copies uses the memory of the 9,500 source quotes.
    public func lazyQuotes() -> Quotes { Quotes(stream: self) }

    /// An iterator over the stream's quotes, in time order.
    public struct Quotes: IteratorProtocol, Sendable {
        let stream: S2Stream
        var copy = 0
        var index = 0

        /// The next quote, or nil after the last copy.
        public mutating func next() -> QuoteTick? {
            if index == stream.base.count {
                copy += 1
                index = 0
            }
            guard copy < stream.repeats else { return nil }
            let q = stream.base[index]
            index += 1
            let ts = q.tsInit + DurationNanos(UInt64(copy) * S2Stream.shift.rawValue)
            return QuoteTick(
                instrumentId: q.instrumentId, bidPrice: q.bidPrice, askPrice: q.askPrice, bidSize: q.bidSize, askSize: q.askSize,
                tsEvent: ts, tsInit: ts)
        }

        /// Appends the next quotes to `out` until it holds `limit` values or the last copy ends: each quote is
        /// written once, where its reader will find it (a backtest's data chunk).
        public mutating func next(into out: inout [QuoteTick], limit: Int) {
            let base = stream.base
            while out.count < limit {
                if index == base.count {
                    copy += 1
                    index = 0
                }
                guard copy < stream.repeats else { return }
                let ts = base[index].tsInit + DurationNanos(UInt64(copy) * S2Stream.shift.rawValue)
                out.append(QuoteTick(
                    instrumentId: base[index].instrumentId, bidPrice: base[index].bidPrice, askPrice: base[index].askPrice,
                    bidSize: base[index].bidSize, askSize: base[index].askSize, tsEvent: ts, tsInit: ts))
                index += 1
            }
        }
    }

    // MARK: CSV

    /// Writes the stream's CSV in pieces: the header, then one piece per copy.
    public func writeCSV(_ sink: ([UInt8]) throws -> Void) rethrows {
        try sink(Array((Self.csvHeader + "\n").utf8))
        // ",bid,ask,bid_size,ask_size\n" of each source row, formatted once.
        let tails = base.map { q in Array(",\(q.bidPrice),\(q.askPrice),\(q.bidSize),\(q.askSize)\n".utf8) }
        let rowBound = tails.reduce(0) { $0 + $1.count + 20 }
        var chunk: [UInt8] = []
        chunk.reserveCapacity(rowBound)
        for k in 0..<repeats {
            chunk.removeAll(keepingCapacity: true)
            let offset = UInt64(k) * Self.shift.rawValue
            for (q, tail) in zip(base, tails) {
                Self.appendDecimal(q.tsInit.rawValue + offset, to: &chunk)
                chunk.append(contentsOf: tail)
            }
            try sink(chunk)
        }
    }

    /// The stream's CSV text as bytes (about 104 MB for 211 copies).
    public func csvBytes() -> [UInt8] {
        var out: [UInt8] = []
        writeCSV { out.append(contentsOf: $0) }
        return out
    }

    /// Writes the stream's CSV to `path`, replacing any file there.
    ///
    /// - Throws: `S2StreamError` if the file cannot be created or written.
    public func write(toPath path: String) throws(S2StreamError) {
        guard let file = fopen(path, "wb") else { throw S2StreamError("cannot create \(path): errno \(errno)") }
        var failed = false
        writeCSV { bytes in
            if !failed && fwrite(bytes, 1, bytes.count, file) != bytes.count { failed = true }
        }
        if fclose(file) != 0 { failed = true }
        if failed { throw S2StreamError("cannot write \(path): errno \(errno)") }
    }

    /// The layout of the stream's CSV, to load a written stream with `CSVLoader.loadQuotes`.
    public static func csvLayout(instrumentId: InstrumentId = S2Stream.instrumentId) -> CSVQuoteLayout {
        CSVQuoteLayout(
            instrumentId: instrumentId, time: CSVTimeColumns(timestamp: "ts_event_ns", format: .epochNanoseconds),
            bid: "bid", ask: "ask", bidSize: "bid_size", askSize: "ask_size")
    }

    private static func appendDecimal(_ value: UInt64, to out: inout [UInt8]) {
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var n = value
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(n % 10)
                n /= 10
                count += 1
            } while n > 0
            out.append(contentsOf: buffer[(20 - count)...])
        }
    }
}
