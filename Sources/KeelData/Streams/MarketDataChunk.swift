// MarketDataChunk: a run of market data values handed from a stream to the engine at once, read in place.
//
// Design decisions:
// - Values of one kind travel in an array of that kind (`[QuoteTick]`, `[OrderBookDelta]`, …), not as
//   `MarketData`: a `MarketData` is as large as its largest payload, and taking a payload out of the enum
//   copies it (a switch and a ~240-byte memcpy per value), where an element of a typed array is passed to
//   the venue and the data engine by its address, never copied. A stream of one kind (a quote file, an MBO
//   file) fills one typed array; a chunk that meets a second kind turns into a `MarketData` array (`mixed`),
//   so any stream still works, at the old cost.
// - The buffers are reused: `removeAll()` keeps their capacity, so a producer that refills the chunk it is
//   handed (a generator, the merger) allocates nothing per chunk once warm.
// - A chunk holds at most `MarketDataChunk.capacity` values when filled by a stream; the engine reads it
//   whole before asking for the next, so a large chunk only means less overhead, never reordering.

public import KeelCore
public import KeelModel

/// Market data values of one stream, in `tsInit` order, kept in an array of their kind when they are all of
/// one kind (see the file's design notes).
public struct MarketDataChunk: Sendable {
    /// How the chunk holds its values.
    public enum Kind: Sendable, Equatable {
        /// No values.
        case empty
        /// Every value is a quote, in `quotes`.
        case quotes
        /// Every value is a trade, in `trades`.
        case trades
        /// Every value is a bar, in `bars`.
        case bars
        /// Every value is a single book delta, in `deltas`.
        case deltas
        /// Values of several kinds, or of a kind without an array of its own, in `values`.
        case mixed
    }

    /// The values a stream puts into one chunk at most (a chunk of quotes is then ~38 KB, within L2).
    public static let capacity = 256

    /// How the values are held.
    public private(set) var kind: Kind = .empty
    /// The values when `kind` is `.quotes`.
    public private(set) var quotes: [QuoteTick] = []
    /// The values when `kind` is `.trades`.
    public private(set) var trades: [TradeTick] = []
    /// The values when `kind` is `.bars`.
    public private(set) var bars: [Bar] = []
    /// The values when `kind` is `.deltas`.
    public private(set) var deltas: [OrderBookDelta] = []
    /// The values when `kind` is `.mixed`.
    public private(set) var values: [MarketData] = []

    /// An empty chunk.
    public init() {}

    /// The number of values.
    public var count: Int {
        switch kind {
        case .empty: 0
        case .quotes: quotes.count
        case .trades: trades.count
        case .bars: bars.count
        case .deltas: deltas.count
        case .mixed: values.count
        }
    }

    /// Whether the chunk has no values.
    public var isEmpty: Bool { kind == .empty }

    /// Removes every value, keeping the arrays' capacity for the next fill.
    public mutating func removeAll() {
        switch kind {
        case .empty: return
        case .quotes: quotes.removeAll(keepingCapacity: true)
        case .trades: trades.removeAll(keepingCapacity: true)
        case .bars: bars.removeAll(keepingCapacity: true)
        case .deltas: deltas.removeAll(keepingCapacity: true)
        case .mixed: values.removeAll(keepingCapacity: true)
        }
        kind = .empty
    }

    /// Keeps the first `count` values.
    mutating func truncate(to count: Int) {
        guard count < self.count else { return }
        if count == 0 { return removeAll() }
        switch kind {
        case .empty: break
        case .quotes: quotes.removeSubrange(count...)
        case .trades: trades.removeSubrange(count...)
        case .bars: bars.removeSubrange(count...)
        case .deltas: deltas.removeSubrange(count...)
        case .mixed: values.removeSubrange(count...)
        }
    }

    /// Appends a value, in the array of its kind while the chunk holds one kind.
    public mutating func append(_ value: MarketData) {
        switch value {
        case .quote(let q): append(quote: q)
        case .trade(let t): append(trade: t)
        case .bar(let b): append(bar: b)
        case .delta(let d): append(delta: d)
        default: appendMixed(value)
        }
    }

    /// Appends a quote, without wrapping it in `MarketData` (a decoder's fast path).
    public mutating func append(quote: QuoteTick) {
        if !Self.append(quote, as: .quotes, &kind, &quotes) { appendMixed(.quote(quote)) }
    }

    /// Appends a trade, without wrapping it in `MarketData`.
    public mutating func append(trade: TradeTick) {
        if !Self.append(trade, as: .trades, &kind, &trades) { appendMixed(.trade(trade)) }
    }

    /// Appends a bar, without wrapping it in `MarketData`.
    public mutating func append(bar: Bar) {
        if !Self.append(bar, as: .bars, &kind, &bars) { appendMixed(.bar(bar)) }
    }

    /// Appends a single book delta, without wrapping it in `MarketData`.
    public mutating func append(delta: OrderBookDelta) {
        if !Self.append(delta, as: .deltas, &kind, &deltas) { appendMixed(.delta(delta)) }
    }

    /// Appends `value` to `array`, the array of `typed`, when the chunk holds that kind or nothing; false when
    /// it holds another kind.
    @inline(__always)
    private static func append<T>(_ value: T, as typed: Kind, _ kind: inout Kind, _ array: inout [T]) -> Bool {
        if kind != typed {
            guard kind == .empty else { return false }
            kind = typed
            reserve(&array)
        }
        array.append(value)
        return true
    }

    /// Appends `values` to `array`, the array of `typed`, when the chunk holds that kind or nothing; false when
    /// it holds another kind.
    @inline(__always)
    private static func append<T>(contentsOf values: ArraySlice<T>, as typed: Kind, _ kind: inout Kind, _ array: inout [T]) -> Bool {
        guard kind == typed || kind == .empty else { return false }
        kind = typed
        array.append(contentsOf: values)
        return true
    }

    /// Appends a value of a kind the chunk does not hold (or has no array for), turning it mixed.
    private mutating func appendMixed(_ value: MarketData) {
        becomeMixed()
        values.append(value)
    }

    /// Sizes a new chunk's array for a whole chunk at once, instead of growing it nine times on the way to 256.
    @inline(__always) private static func reserve<T>(_ array: inout [T]) {
        if array.capacity == 0 { array.reserveCapacity(capacity) }
    }

    /// Appends quotes made by `body` straight into the quote array (a generator's fast path). When the chunk
    /// holds values of another kind, they are appended as single values instead.
    public mutating func appendQuotes<E: Error>(_ body: (inout [QuoteTick]) throws(E) -> Void) throws(E) {
        switch kind {
        case .empty, .quotes:
            Self.reserve(&quotes)
            try body(&quotes)
            kind = quotes.isEmpty ? .empty : .quotes
        default:
            var made: [QuoteTick] = []
            try body(&made)
            for q in made { append(.quote(q)) }
        }
    }

    /// Appends deltas made by `body` straight into the delta array (a decoder's fast path). When the chunk holds
    /// values of another kind, they are appended as single values instead.
    public mutating func appendDeltas<R, E: Error>(_ body: (inout [OrderBookDelta]) throws(E) -> R) throws(E) -> R {
        switch kind {
        case .empty, .deltas:
            Self.reserve(&deltas)
            defer { kind = deltas.isEmpty ? .empty : .deltas }
            return try body(&deltas)
        default:
            var made: [OrderBookDelta] = []
            defer { for d in made { append(delta: d) } }
            return try body(&made)
        }
    }

    /// Appends the values of `other` (a stream's values in memory handed over a slice at a time).
    mutating func append(contentsOf other: MarketDataChunk, _ range: Range<Int>) {
        guard !range.isEmpty else { return }
        let placed: Bool
        switch other.kind {
        case .quotes: placed = Self.append(contentsOf: other.quotes[range], as: .quotes, &kind, &quotes)
        case .trades: placed = Self.append(contentsOf: other.trades[range], as: .trades, &kind, &trades)
        case .bars: placed = Self.append(contentsOf: other.bars[range], as: .bars, &kind, &bars)
        case .deltas: placed = Self.append(contentsOf: other.deltas[range], as: .deltas, &kind, &deltas)
        case .empty, .mixed: placed = false
        }
        if !placed {
            for i in range { append(other.value(at: i)) }
        }
    }

    /// The value at `index` as a `MarketData` (a copy; the engine reads the typed arrays instead).
    public func value(at index: Int) -> MarketData {
        switch kind {
        case .empty: preconditionFailure("Invariant: a value of an empty market data chunk was asked for")
        case .quotes: .quote(quotes[index])
        case .trades: .trade(trades[index])
        case .bars: .bar(bars[index])
        case .deltas: .delta(deltas[index])
        case .mixed: values[index]
        }
    }

    /// The `tsInit` of the value at `index`, read in place.
    public func tsInit(at index: Int) -> UnixNanos {
        switch kind {
        case .empty: preconditionFailure("Invariant: a value of an empty market data chunk was asked for")
        case .quotes: quotes[index].tsInit
        case .trades: trades[index].tsInit
        case .bars: bars[index].tsInit
        case .deltas: deltas[index].tsInit
        case .mixed: values[index].tsInit
        }
    }

    /// The index of the first value whose `tsInit` is before the previous value's (or `last` for the first),
    /// and its `tsInit`; nil when the chunk is in order. On return `last` is the last value's `tsInit`.
    func firstOutOfOrder(after last: inout UInt64) -> (index: Int, ts: UInt64)? {
        @inline(__always) func scan<T>(_ array: [T], _ ts: (T) -> UnixNanos) -> (Int, UInt64)? {
            var previous = last
            for i in array.indices {
                let t = ts(array[i]).rawValue
                if t < previous {
                    last = previous
                    return (i, t)
                }
                previous = t
            }
            last = previous
            return nil
        }
        switch kind {
        case .empty: return nil
        case .quotes: return scan(quotes) { $0.tsInit }
        case .trades: return scan(trades) { $0.tsInit }
        case .bars: return scan(bars) { $0.tsInit }
        case .deltas: return scan(deltas) { $0.tsInit }
        case .mixed: return scan(values) { $0.tsInit }
        }
    }

    /// Moves the typed values into `values`, for a value of another kind.
    private mutating func becomeMixed() {
        switch kind {
        case .empty: break
        case .mixed: return
        case .quotes:
            values.append(contentsOf: quotes.lazy.map(MarketData.quote))
            quotes.removeAll(keepingCapacity: true)
        case .trades:
            values.append(contentsOf: trades.lazy.map(MarketData.trade))
            trades.removeAll(keepingCapacity: true)
        case .bars:
            values.append(contentsOf: bars.lazy.map(MarketData.bar))
            bars.removeAll(keepingCapacity: true)
        case .deltas:
            values.append(contentsOf: deltas.lazy.map(MarketData.delta))
            deltas.removeAll(keepingCapacity: true)
        }
        kind = .mixed
    }
}
