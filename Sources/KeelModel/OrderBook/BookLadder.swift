// BookLadder: the price levels of one side of an OrderBook (internal storage).
//
// Levels live in one contiguous window sorted by `key`, ascending, so that the BEST level is LAST:
// a bid's key is its price, an ask's key is its negated price (a price's raw is never Int64.min, so
// negation cannot overflow). The window has room at both ends (LevelStore.swift), so an insert or
// removal moves only the shorter run of levels beside it: the few above a level near the top, the few
// below a deep one.
//
// A lookup gallops outwards from a hinted level and finishes with a binary search: O(1) at the top,
// O(log d) for a level d levels from the hint. An L3 order keeps its level's depth below the top as its
// hint: levels appear and vanish mostly deep in the book, which leaves the depth of the levels above
// unchanged, so in the S3 replay an UPDATE or DELETE finds its level at the first comparison ~68% of the
// time (a plain binary search over the book's few hundred levels took ~9 probes, ~150 instructions of
// every L3 change). A new order starts from the depth its side's previous new order joined.

/// One price level of a side. For an L3 book `head`/`tail` link the level's FIFO queue of order
/// nodes in the book's node pool; for L1/L2 they are -1 and `count` is 1.
@usableFromInline
struct LevelRecord: Hashable, Sendable {
    /// The sort key: the price raw for bids, its negation for asks.
    @usableFromInline var key: Int64
    /// The total size (raw, 10^-9 units) of the level's orders.
    var size: Int64
    /// The number of orders at the level.
    var count: Int32
    /// The first (oldest) order node of the queue, or -1.
    var head: Int32
    /// The last (newest) order node of the queue, or -1.
    var tail: Int32
}

/// The levels of one side of a book, best last.
@usableFromInline
struct BookLadder: Hashable, Sendable {
    /// True for the bid side.
    @usableFromInline let isBid: Bool
    /// The levels, ascending by key (the best level is last).
    @usableFromInline var levels = LevelStore()
    /// The depth below the top of the level the last order joined: where the next new order's search starts.
    var joinDepth: Int32 = 0

    init(isBid: Bool) { self.isBid = isBid }

    /// The key of a price on this side.
    @inline(__always)
    func key(_ priceRaw: Int64) -> Int64 { isBid ? priceRaw : -priceRaw }

    /// The price raw of a key on this side.
    @inlinable @inline(__always)
    func priceRaw(_ key: Int64) -> Int64 { isBid ? key : -key }

    /// The index of the first level whose key is not less than `key` (`levels.count` if none), searched
    /// outwards from the level `depthHint` below the top (0: the best level).
    ///
    /// The search compares the hinted level, then gallops away from it (1, 2, 4 … levels) and finishes with
    /// a binary search, so it costs O(log d) for an answer d levels from the hint: O(1) at the top of the
    /// book with the default hint, and for an L3 order whose level is still where the order last saw it.
    ///
    /// - Complexity: O(log d) for an answer d levels from the hinted level, O(log n) at worst.
    @inline(__always)
    func lowerBound(_ key: Int64, depthHint: Int32 = 0) -> Int {
        levels.withUnsafeLevels { Self.lowerBound(key, in: $0, depthHint: depthHint) }
    }

    @inline(__always)
    private static func lowerBound(_ key: Int64, in levels: UnsafeBufferPointer<LevelRecord>, depthHint: Int32) -> Int {
        let n = levels.count
        if n == 0 { return 0 }
        let h = n &- 1 &- Swift.min(Swift.max(Int(depthHint), 0), n &- 1)
        let hintKey = levels[h].key
        if hintKey == key { return h }
        var low: Int
        var high: Int
        var step = 1
        if hintKey < key {
            // The answer is in (h, n]: gallop up until a level's key reaches `key`.
            low = h &+ 1
            while true {
                high = low &+ step &- 1
                if high >= n {
                    high = n
                    break
                }
                if levels[high].key >= key { break }
                low = high &+ 1
                step &<<= 1
            }
        } else {
            // The answer is in [0, h]: gallop down until a level's key falls below `key`.
            high = h
            while true {
                low = high &- step
                if low < 0 {
                    low = 0
                    break
                }
                if levels[low].key < key {
                    low &+= 1
                    break
                }
                high = low
                step &<<= 1
            }
        }
        // levels[low - 1].key < key (or low == 0) and levels[high].key >= key (or high == n); every index
        // read is in 0 ..< n, so the unchecked buffer is safe.
        while low < high {
            let mid = (low &+ high) >> 1
            if levels[mid].key < key { low = mid &+ 1 } else { high = mid }
        }
        return low
    }

    /// The depth of level `index` below the top (0: the best level), the hint `lowerBound` takes.
    @inline(__always)
    func depth(ofIndex index: Int) -> Int32 { Int32(truncatingIfNeeded: levels.count &- 1 &- index) }

    /// The index of the level at `key`, or nil.
    @inline(__always)
    func index(ofKey key: Int64, depthHint: Int32 = 0) -> Int? {
        let i = lowerBound(key, depthHint: depthHint)
        return i < levels.count && levels[i].key == key ? i : nil
    }
}
