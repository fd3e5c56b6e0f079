// Market data streams and their merge by `tsInit`.
//
// Design decisions:
// - A stream is a struct over values in memory, a closure that yields values (a file decoder, a catalog
//   reader), a closure that fills chunks (a generator), or a source run on a thread of its own
//   (`ReadAhead.swift`, which hands over whole chunks): no existential per value.
// - The engine reads a stream a chunk at a time (`MarketDataMerger.nextChunk`, `MarketDataChunk`): a single
//   stream (the common case) fills the chunk itself, in an array of its values' kind, and the engine passes
//   each element on by address. Returned one at a time through the stream, the merger and the loop, a
//   quote was copied ~10 times (S2 replay: 566 → ~110 instructions a quote for the data path). `next()`
//   stays for readers that want single values (imports, several streams).
// - Values in memory are held like a chunk: in an array of their kind when they are all of one kind (a
//   quote file: 152 bytes a quote instead of a ~240-byte `MarketData`), handed over a slice at a time.
// - Bars of one bar type in memory (a bar file) are kept as raw rows and rebuilt as read: a `MarketData` is
//   ~240 bytes, a bar's numbers 56, and a loaded file stays in memory for the whole run (it may be replayed
//   after a reset).
// - Several streams are merged value by value: the merger keeps each head's `tsInit` beside it, so choosing
//   the next stream never touches the values, and moves the chosen value into the chunk. Streams that are all
//   bars in memory (bid and ask files) are merged row by row straight into a chunk of bars.
// - Merging follows the reference: values are ordered by `tsInit`, and values with equal `tsInit` keep
//   the order in which their streams were added (then their order within the stream). This is what a
//   stable sort of all streams concatenated in insertion order gives, without sorting or holding them.
// - With a handful of streams a flat scan of the heads is faster than a heap (hftbacktest's `evs.rs`
//   makes the same choice); past 16 streams a binary heap keyed by (tsInit, stream index) takes over.
// - Each stream must be non-decreasing in `tsInit`; a value that goes back in time is corrupt input and
//   is reported with the stream's name and the two timestamps, never reordered silently. Chunks keep the
//   order of events of `next()`: the values before the offending one (or before a source's error) are
//   delivered first, then the error.

public import KeelCore
public import KeelModel
import HeapModule

/// A source of market data that appends up to `MarketDataChunk.capacity` values to the chunk it is handed
/// (none at the end); values it appended before throwing are still delivered, then the error.
public typealias MarketDataFiller = (inout MarketDataChunk) throws(MarketDataStreamError) -> Void

/// An ordered source of market data.
public struct MarketDataStream {
    /// The stream's name in error messages (a file name, a query).
    public let name: String
    // Values in memory read by index, a closure that yields values one at a time (a file decoder, a catalog
    // reader), a closure that fills chunks (a generator), or a reader of chunks made on another thread.
    // Stored side by side rather than as an enum with payloads, so that reading neither re-wraps nor copies
    // the values in memory.
    /// Values in memory, in arrays of their kind when they are all of one kind.
    var stored = MarketDataChunk()
    var index = 0
    let generator: (() throws(MarketDataStreamError) -> MarketData?)?
    let filler: MarketDataFiller?
    let reader: ReadAhead<MarketDataChunk, MarketDataStreamError>?
    /// Bars of one bar type, when the values in memory are that: kept as raw rows (56 bytes a bar instead of a
    /// ~240-byte `MarketData`) and rebuilt as they are read. S1's 60k bars: 14.5 MB → 3.4 MB for the whole run.
    var bars: CompactBars?
    /// A chunk of a filler or reader being read value by value (`next()`), and the next value's index in it.
    var pending = MarketDataChunk()
    var pendingIndex = 0
    /// An error met after values that were delivered first; thrown by the next read.
    var failure: MarketDataStreamError?

    /// A stream over values in memory; they must be in non-decreasing `tsInit` order.
    public init(name: String, values: [MarketData]) {
        self.name = name
        self.generator = nil
        self.filler = nil
        self.reader = nil
        for value in values { stored.append(value) }
    }

    /// A stream over values in memory, sorted stably by `tsInit` first (as the reference's `add_data`).
    ///
    /// - Complexity: O(n) when the values are already in order (the usual case: files are), O(n log n)
    ///   otherwise.
    public init(name: String, sorting values: [MarketData]) {
        self.name = name
        self.generator = nil
        self.filler = nil
        self.reader = nil
        var inOrder = true
        var previous = UnixNanos.zero
        for value in values {
            if value.tsInit < previous {
                inOrder = false
                break
            }
            previous = value.tsInit
        }
        let sorted = inOrder ? values : values.indices.sorted { a, b in
            values[a].tsInit != values[b].tsInit ? values[a].tsInit < values[b].tsInit : a < b
        }.map { values[$0] }
        if let compact = CompactBars(sorted) {
            self.bars = compact
        } else {
            for value in sorted { stored.append(value) }
        }
    }

    /// A stream that pulls values from `next` (nil at the end), e.g. a file decoder.
    public init(name: String, next: @escaping () throws(MarketDataStreamError) -> MarketData?) {
        self.name = name
        self.generator = next
        self.filler = nil
        self.reader = nil
    }

    /// A stream whose source fills chunks (see `MarketDataFiller`): the fastest way in for a generator, which
    /// writes its values straight into the chunk the engine reads (`MarketDataChunk.appendQuotes`).
    public init(name: String, filling: @escaping MarketDataFiller) {
        self.name = name
        self.generator = nil
        self.filler = filling
        self.reader = nil
    }

    /// A stream whose source runs on a thread of its own (see ReadAhead.swift): `make` builds the source on
    /// that thread when the first value is asked for, and values come over in chunks of `chunkSize`, at most
    /// `depth` chunks ahead. Use it for decoders whose work can overlap the replay.
    ///
    /// - Parameters:
    ///   - name: The stream's name in error messages.
    ///   - chunkSize: Values per hand-over (default `MarketDataChunk.capacity`, 256: a chunk of market data then
    ///     stays under 64 KiB, in the cache and off the allocator's mmap path).
    ///   - depth: Chunks decoded ahead at most (default 8).
    ///   - make: Builds the source on the producer thread; its error is the stream's first error.
    public init(
        name: String, chunkSize: Int = MarketDataChunk.capacity, depth: Int = 8,
        readingAhead make: @escaping MarketDataSourceFactory
    ) {
        precondition(chunkSize > 0, "Invariant: a read-ahead stream has a positive chunk size")
        // A chunk filler of `chunkSize` values from the source, run as any other read-ahead filler.
        self.init(name: name, depth: depth, fillingAhead: { () throws(MarketDataStreamError) -> MarketDataFiller in
            let next = try make()
            return { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
                while chunk.count < chunkSize, let value = try next() { chunk.append(value) }
            }
        })
    }

    /// A stream whose chunks are filled on a thread of its own (see ReadAhead.swift): `make` builds a
    /// `MarketDataFiller` on that thread when the first value is asked for, and each chunk it fills is handed
    /// over whole, at most `depth` chunks ahead. The fastest way in for a decoder: it appends its values to
    /// the chunk where they are built (`MarketDataChunk.append(delta:)`).
    ///
    /// - Parameters:
    ///   - name: The stream's name in error messages.
    ///   - depth: Chunks filled ahead at most (default 8).
    ///   - make: Builds the filler on the producer thread; its error is the stream's first error.
    public init(name: String, depth: Int = 8, fillingAhead make: @escaping @Sendable () throws(MarketDataStreamError) -> MarketDataFiller) {
        self.name = name
        self.generator = nil
        self.filler = nil
        self.reader = ReadAhead(chunkSize: 1, depth: depth) { () throws(MarketDataStreamError) -> () throws(MarketDataStreamError) -> MarketDataChunk? in
            let fill = try make()
            var failure: MarketDataStreamError?
            return { () throws(MarketDataStreamError) -> MarketDataChunk? in
                var chunk = MarketDataChunk()
                try Self.fill(&chunk, keeping: &failure, fill)
                return chunk.isEmpty ? nil : chunk
            }
        }
    }

    /// The next value, or nil at the end.
    public mutating func next() throws(MarketDataStreamError) -> MarketData? {
        if let generator { return try generator() }
        if bars != nil { return bars!.next() }
        if filler == nil && reader == nil {
            guard index < stored.count else { return nil }
            index &+= 1
            return stored.value(at: index &- 1)
        }
        if pendingIndex == pending.count {
            var chunk = MarketDataChunk()
            swap(&chunk, &pending)  // refilled outside `self`, keeping its arrays
            chunk.removeAll()
            pendingIndex = 0
            try fillFromSource(&chunk)
            pending = chunk
            if pending.isEmpty { return nil }
        }
        pendingIndex &+= 1
        return pending.value(at: pendingIndex &- 1)
    }

    /// Appends the next values to `chunk`, at most `MarketDataChunk.capacity` of them; none at the end.
    ///
    /// - Throws: the source's error, once the values before it have been delivered.
    public mutating func fill(_ chunk: inout MarketDataChunk) throws(MarketDataStreamError) {
        if pendingIndex < pending.count {  // values left by `next()`
            chunk.append(contentsOf: pending, pendingIndex..<pending.count)
            pendingIndex = pending.count
            return
        }
        if let generator {
            try Self.fill(&chunk, keeping: &failure) { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
                while chunk.count < MarketDataChunk.capacity, let value = try generator() { chunk.append(value) }
            }
            return
        }
        if bars != nil {
            bars!.fill(&chunk)
            return
        }
        if filler == nil && reader == nil {
            let end = min(index &+ MarketDataChunk.capacity, stored.count)
            chunk.append(contentsOf: stored, index..<end)
            index = end
            return
        }
        try fillFromSource(&chunk)
    }

    /// Appends the filler's or the reader's next values to `chunk`.
    private mutating func fillFromSource(_ chunk: inout MarketDataChunk) throws(MarketDataStreamError) {
        if let failure { throw failure }
        if let reader {
            guard let next = try reader.next() else { return }
            if chunk.isEmpty { chunk = next } else { chunk.append(contentsOf: next, 0..<next.count) }
            return
        }
        try Self.fill(&chunk, keeping: &failure, filler!)
    }

    /// Runs `fill` on `chunk`, keeping a source's order of values and errors: an error after values were
    /// appended waits in `failure`, the values go first, and the next call throws it.
    private static func fill(
        _ chunk: inout MarketDataChunk, keeping failure: inout MarketDataStreamError?, _ fill: MarketDataFiller
    ) throws(MarketDataStreamError) {
        if let failure { throw failure }
        do throws(MarketDataStreamError) { try fill(&chunk) } catch {
            if chunk.isEmpty { throw error }
            failure = error
        }
    }
}

/// Bars sharing one bar type and one price and size precision, as raw integers.
struct CompactBars {
    struct Row {
        let open, high, low, close, volume: Int64
        let tsEvent, tsInit: UInt64
    }

    let barType: BarType
    let pricePrecision: UInt8
    let sizePrecision: UInt8
    let rows: [Row]
    var index = 0

    /// The rows of `values`, or nil unless every value is a bar of the first value's type and precisions.
    init?(_ values: [MarketData]) {
        guard case .bar(let first)? = values.first else { return nil }
        barType = first.barType
        pricePrecision = first.open.precision
        sizePrecision = first.volume.precision
        var rows: [Row] = []
        rows.reserveCapacity(values.count)
        for value in values {
            guard case .bar(let b) = value, b.barType == barType, b.open.precision == pricePrecision,
                b.volume.precision == sizePrecision
            else { return nil }
            rows.append(Row(
                open: b.open.raw, high: b.high.raw, low: b.low.raw, close: b.close.raw, volume: b.volume.raw,
                tsEvent: b.tsEvent.rawValue, tsInit: b.tsInit.rawValue))
        }
        self.rows = rows
    }

    /// Appends the next bars to `chunk`, at most `MarketDataChunk.capacity` of them.
    mutating func fill(_ chunk: inout MarketDataChunk) {
        while chunk.count < MarketDataChunk.capacity, let bar = next() { chunk.append(bar) }
    }

    mutating func next() -> MarketData? {
        guard index < rows.count else { return nil }
        index &+= 1
        return .bar(bar(at: index &- 1))
    }

    /// The `tsInit` of the next bar, `UInt64.max` at the end.
    var nextTs: UInt64 { index < rows.count ? rows[index].tsInit : .max }

    /// The bar of row `i`.
    @inline(__always)
    func bar(at i: Int) -> Bar {
        let r = rows[i]
        let p = pricePrecision
        return Bar(
            barType: barType, open: Price(raw: r.open, precision: p), high: Price(raw: r.high, precision: p),
            low: Price(raw: r.low, precision: p), close: Price(raw: r.close, precision: p),
            volume: Quantity(raw: r.volume, precision: sizePrecision), tsEvent: UnixNanos(r.tsEvent), tsInit: UnixNanos(r.tsInit))
    }
}

/// A stream broke its order or its source failed.
public struct MarketDataStreamError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The stream's name.
    public let stream: String
    /// What went wrong.
    public let reason: String

    public init(stream: String, reason: String) {
        self.stream = stream
        self.reason = reason
    }

    public var description: String { "\(stream): \(reason)" }
}

/// Merges streams into one sequence ordered by `tsInit`, ties broken by stream order.
public struct MarketDataMerger {
    /// The streams merged value by value (empty when there is one stream, or only bar streams).
    private var streams: [MarketDataStream] = []
    /// The next value of each stream, moved out (never copied) when it is chosen.
    private var heads: [MarketData?] = []
    /// The `tsInit` of each head (`UInt64.max` once the stream is exhausted), scanned instead of the
    /// heads themselves so that choosing a stream reads 8 bytes per stream.
    private var headTs: [UInt64] = []
    private var lastTs: [UInt64] = []
    private var heap: Heap<HeapKey>?
    private var primed = false
    /// The stream, when there is only one: held outside `streams` and read in place, so that passing a
    /// value through checks no array for uniqueness. `streams` is then empty.
    private var only: MarketDataStream?
    private var onlyLastTs: UInt64 = 0
    /// An error met by `nextChunk` after values it returned first.
    private var pendingFailure: MarketDataStreamError?
    /// The streams' bars, when every stream is bars in memory (a bid file and an ask file): merged row by row
    /// into bars, with no `MarketData` in between (S1: ~1,100 → ~100 instructions a bar). Such a stream was
    /// sorted when it was made, so it cannot go back in time, and memory cannot fail: nothing to check.
    /// `streams` is then empty.
    private var barStreams: [CompactBars] = []

    struct HeapKey: Comparable {
        let ts: UInt64
        let stream: Int
        static func < (a: HeapKey, b: HeapKey) -> Bool { a.ts != b.ts ? a.ts < b.ts : a.stream < b.stream }
    }

    /// The number of values returned so far.
    public private(set) var count: UInt64 = 0
    /// The `tsInit` of the value last returned by `next()`.
    public private(set) var currentTs = UnixNanos.zero

    /// Creates a merger over `streams`, in priority order for equal timestamps.
    public init(_ streams: [MarketDataStream]) {
        if streams.count == 1 {
            self.only = streams[0]
            return
        }
        if streams.count <= 16, streams.allSatisfy({ $0.bars != nil }) {
            self.barStreams = streams.map { $0.bars! }
            return
        }
        self.streams = streams
        self.heads = Array(repeating: nil, count: streams.count)
        self.headTs = Array(repeating: .max, count: streams.count)
        self.lastTs = Array(repeating: 0, count: streams.count)
        self.heap = streams.count > 16 ? Heap() : nil
    }

    /// The next value in `tsInit` order, or nil when every stream is exhausted.
    ///
    /// - Throws: `MarketDataStreamError` if a stream goes back in time or its source fails.
    public mutating func next() throws(MarketDataStreamError) -> MarketData? {
        if only != nil { return try nextOfOnlyStream() }
        if !barStreams.isEmpty {
            guard let i = nextBarStream() else { return nil }
            let bar = barStreams[i].bar(at: barStreams[i].index)
            barStreams[i].index &+= 1
            currentTs = bar.tsInit
            count &+= 1
            return .bar(bar)
        }
        if streams.isEmpty { return nil }
        if !primed {
            primed = true
            for i in streams.indices { try refill(i) }
        }
        let chosen: Int
        if heap != nil {
            guard let top = heap!.popMin() else { return nil }
            chosen = top.stream
        } else {
            var best = 0
            var bestTs = headTs[0]
            for i in 1..<headTs.count where headTs[i] < bestTs {
                best = i
                bestTs = headTs[i]
            }
            if bestTs == .max {  // all exhausted, or values stamped at the very end of time
                guard let i = heads.firstIndex(where: { $0 != nil }) else { return nil }
                best = i
            }
            chosen = best
        }
        let value = heads[chosen].take()
        currentTs = UnixNanos(headTs[chosen])
        try refill(chosen)
        count &+= 1
        return value
    }

    /// The next values in `tsInit` order, at most `MarketDataChunk.capacity` of them, replacing `chunk`'s;
    /// false when every stream is exhausted. A single stream fills the chunk itself, in the arrays of its
    /// values' kind, so the caller reads them where the source wrote them; several streams are merged value
    /// by value into it.
    ///
    /// - Throws: `MarketDataStreamError` if a stream goes back in time or its source fails, once the values
    ///   before the offending one have been returned.
    public mutating func nextChunk(into chunk: inout MarketDataChunk) throws(MarketDataStreamError) -> Bool {
        chunk.removeAll()
        if let failure = pendingFailure {
            pendingFailure = nil
            throw failure
        }
        if only != nil {
            try only!.fill(&chunk)
            if chunk.isEmpty { return false }
            var last = onlyLastTs
            if let (index, ts) = chunk.firstOutOfOrder(after: &last) {
                let error = MarketDataStreamError(stream: only!.name, reason: Self.backInTimeReason(ts, last))
                if index == 0 { throw error }
                chunk.truncate(to: index)
                pendingFailure = error
            }
            onlyLastTs = last
        } else if !barStreams.isEmpty {
            while chunk.count < MarketDataChunk.capacity, let i = nextBarStream() {
                chunk.append(bar: barStreams[i].bar(at: barStreams[i].index))
                barStreams[i].index &+= 1
            }
            if chunk.isEmpty { return false }
        } else {
            do throws(MarketDataStreamError) {
                while chunk.count < MarketDataChunk.capacity, let value = try next() { chunk.append(value) }
            } catch {
                if chunk.isEmpty { throw error }
                pendingFailure = error
            }
            return !chunk.isEmpty  // `next()` counted them
        }
        count &+= UInt64(chunk.count)
        currentTs = chunk.tsInit(at: chunk.count &- 1)
        return true
    }

    /// One stream: no heads, each value checked and passed straight through.
    private mutating func nextOfOnlyStream() throws(MarketDataStreamError) -> MarketData? {
        guard let value = try only!.next() else { return nil }
        let ts = value.tsInit.rawValue
        if ts < onlyLastTs {
            throw MarketDataStreamError(stream: only!.name, reason: Self.backInTimeReason(ts, onlyLastTs))
        }
        onlyLastTs = ts
        currentTs = UnixNanos(ts)
        count &+= 1
        return value
    }

    /// The bar stream whose next bar comes first (the first such stream on equal `tsInit`), nil when all are
    /// exhausted.
    @inline(__always)
    private func nextBarStream() -> Int? {
        var best = 0
        var bestTs = barStreams[0].nextTs
        for i in 1..<barStreams.count {
            let ts = barStreams[i].nextTs
            if ts < bestTs {
                best = i
                bestTs = ts
            }
        }
        if bestTs == .max {  // all exhausted, or bars stamped at the very end of time
            return barStreams.firstIndex { $0.index < $0.rows.count }
        }
        return best
    }

    private mutating func refill(_ i: Int) throws(MarketDataStreamError) {
        if let value = try streams[i].next() {
            let ts = value.tsInit.rawValue
            if ts < lastTs[i] { throw backInTime(i, ts) }
            lastTs[i] = ts
            headTs[i] = ts
            heads[i] = consume value
            heap?.insert(HeapKey(ts: ts, stream: i))
        } else {
            headTs[i] = .max
        }
    }

    private func backInTime(_ i: Int, _ ts: UInt64) -> MarketDataStreamError {
        MarketDataStreamError(stream: streams[i].name, reason: Self.backInTimeReason(ts, lastTs[i]))
    }

    private static func backInTimeReason(_ ts: UInt64, _ last: UInt64) -> String {
        "tsInit \(UnixNanos(ts).iso8601) comes after \(UnixNanos(last).iso8601): a stream must not go back in time"
    }
}
