// Market data streams and their merge by `tsInit`.
//
// Design decisions:
// - A stream is a struct over an enum of sources (an in-memory array, a closure that yields values — a
//   file decoder, a catalog reader — or such a closure run on a thread of its own, `ReadAhead.swift`):
//   no existential per value.
// - Merging follows the reference: values are ordered by `tsInit`, and values with equal `tsInit` keep
//   the order in which their streams were added (then their order within the stream). This is what a
//   stable sort of all streams concatenated in insertion order gives, without sorting or holding them.
// - With a handful of streams a flat scan of the heads is faster than a heap (hftbacktest's `evs.rs`
//   makes the same choice); past 16 streams a binary heap keyed by (tsInit, stream index) takes over.
//   A single stream (a backtest of one file) passes its values straight through, checked for order.
// - Each stream must be non-decreasing in `tsInit`; a value that goes back in time is corrupt input and
//   is reported with the stream's name and the two timestamps, never reordered silently.

import KeelCore
public import KeelModel
import HeapModule

/// An ordered source of market data.
public struct MarketDataStream {
    enum Source {
        case array([MarketData], index: Int)
        case generator(() throws(MarketDataStreamError) -> MarketData?)
        case readAhead(ReadAhead<MarketData, MarketDataStreamError>)
    }

    /// The stream's name in error messages (a file name, a query).
    public let name: String
    var source: Source

    /// A stream over values in memory; they must be in non-decreasing `tsInit` order.
    public init(name: String, values: [MarketData]) {
        self.name = name
        self.source = .array(values, index: 0)
    }

    /// A stream over values in memory, sorted stably by `tsInit` first (as the reference's `add_data`).
    ///
    /// - Complexity: O(n) when the values are already in order (the usual case: files are), O(n log n)
    ///   otherwise.
    public init(name: String, sorting values: [MarketData]) {
        self.name = name
        var inOrder = true
        var previous = UnixNanos.zero
        for value in values {
            if value.tsInit < previous {
                inOrder = false
                break
            }
            previous = value.tsInit
        }
        if inOrder {
            self.source = .array(values, index: 0)
        } else {
            let sorted = values.indices.sorted { a, b in
                values[a].tsInit != values[b].tsInit ? values[a].tsInit < values[b].tsInit : a < b
            }.map { values[$0] }
            self.source = .array(sorted, index: 0)
        }
    }

    /// A stream that pulls values from `next` (nil at the end), e.g. a file decoder.
    public init(name: String, next: @escaping () throws(MarketDataStreamError) -> MarketData?) {
        self.name = name
        self.source = .generator(next)
    }

    /// A stream whose source runs on a thread of its own (see ReadAhead.swift): `make` builds the source on
    /// that thread when the first value is asked for, and values come over in chunks of `chunkSize`, at most
    /// `depth` chunks ahead. Use it for decoders whose work can overlap the replay.
    ///
    /// - Parameters:
    ///   - name: The stream's name in error messages.
    ///   - chunkSize: Values per hand-over (default 256: a chunk of market data then stays under 64 KiB, in the cache and off the allocator's mmap path).
    ///   - depth: Chunks decoded ahead at most (default 8).
    ///   - make: Builds the source on the producer thread; its error is the stream's first error.
    public init(
        name: String, chunkSize: Int = 256, depth: Int = 8,
        readingAhead make: @escaping MarketDataSourceFactory
    ) {
        self.name = name
        self.source = .readAhead(ReadAhead(chunkSize: chunkSize, depth: depth, make: make))
    }

    /// The next value, or nil at the end.
    @inlinable
    public mutating func next() throws(MarketDataStreamError) -> MarketData? {
        try pull()
    }

    @usableFromInline
    mutating func pull() throws(MarketDataStreamError) -> MarketData? {
        switch source {
        case .array(let values, let index):
            guard index < values.count else { return nil }
            source = .array(values, index: index + 1)
            return values[index]
        case .generator(let next):
            return try next()
        case .readAhead(let reader):
            return try reader.next()
        }
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
    private var streams: [MarketDataStream]
    private var heads: [MarketData?]
    private var lastTs: [UnixNanos]
    private var heap: Heap<HeapKey>?
    private var primed = false

    struct HeapKey: Comparable {
        let ts: UnixNanos
        let stream: Int
        static func < (a: HeapKey, b: HeapKey) -> Bool { a.ts != b.ts ? a.ts < b.ts : a.stream < b.stream }
    }

    /// The number of values returned so far.
    public private(set) var count: UInt64 = 0

    /// Creates a merger over `streams`, in priority order for equal timestamps.
    public init(_ streams: [MarketDataStream]) {
        self.streams = streams
        self.heads = Array(repeating: nil, count: streams.count)
        self.lastTs = Array(repeating: .zero, count: streams.count)
        self.heap = streams.count > 16 ? Heap() : nil
    }

    /// The next value in `tsInit` order, or nil when every stream is exhausted.
    ///
    /// - Throws: `MarketDataStreamError` if a stream goes back in time or its source fails.
    public mutating func next() throws(MarketDataStreamError) -> MarketData? {
        if streams.count == 1 { return try nextOfOnlyStream() }
        if !primed {
            primed = true
            for i in streams.indices { try refill(i) }
        }
        let chosen: Int
        if heap != nil {
            guard let top = heap!.popMin() else { return nil }
            chosen = top.stream
        } else {
            var best = -1
            var bestTs = UnixNanos.max
            for i in heads.indices {
                if let head = heads[i], best < 0 || head.tsInit < bestTs {
                    best = i
                    bestTs = head.tsInit
                }
            }
            guard best >= 0 else { return nil }
            chosen = best
        }
        let value = heads[chosen]!
        try refill(chosen)
        count &+= 1
        return value
    }

    /// One stream: its values pass straight through (no head kept), checked for order.
    @inline(__always)
    private mutating func nextOfOnlyStream() throws(MarketDataStreamError) -> MarketData? {
        guard let value = try streams[0].next() else { return nil }
        let ts = value.tsInit
        if ts < lastTs[0] {
            throw MarketDataStreamError(
                stream: streams[0].name,
                reason: "tsInit \(ts.iso8601) comes after \(lastTs[0].iso8601): a stream must not go back in time")
        }
        lastTs[0] = ts
        count &+= 1
        return value
    }

    private mutating func refill(_ i: Int) throws(MarketDataStreamError) {
        let value = try streams[i].next()
        if let value {
            if value.tsInit < lastTs[i] {
                throw MarketDataStreamError(
                    stream: streams[i].name,
                    reason: "tsInit \(value.tsInit.iso8601) comes after \(lastTs[i].iso8601): a stream must not go back in time")
            }
            lastTs[i] = value.tsInit
            heap?.insert(HeapKey(ts: value.tsInit, stream: i))
        }
        heads[i] = value
    }
}
