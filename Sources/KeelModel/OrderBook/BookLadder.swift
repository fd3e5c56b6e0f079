// BookLadder: the price levels of one side of an OrderBook (internal storage).
//
// Levels live in one contiguous array sorted by `key`, ascending, so that the BEST level is LAST:
// a bid's key is its price, an ask's key is its negated price (a price's raw is never Int64.min, so
// negation cannot overflow). Most changes happen at or near the top of the book, where an insert or
// removal moves only the few levels above it; a lookup is a binary search with a fast path for the top.
// A book of 1,000 levels costs at most 10 comparisons to find a level and a memmove of 32-byte
// records for a deep insert.

/// One price level of a side. For an L3 book `head`/`tail` link the level's FIFO queue of order
/// nodes in the book's node pool; for L1/L2 they are -1 and `count` is 1.
struct LevelRecord: Hashable, Sendable {
    /// The sort key: the price raw for bids, its negation for asks.
    var key: Int64
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
struct BookLadder: Hashable, Sendable {
    /// True for the bid side.
    let isBid: Bool
    /// The levels, ascending by key (the best level is last).
    var levels: [LevelRecord] = []

    init(isBid: Bool) { self.isBid = isBid }

    /// The key of a price on this side.
    @inline(__always)
    func key(_ priceRaw: Int64) -> Int64 { isBid ? priceRaw : -priceRaw }

    /// The price raw of a key on this side.
    @inline(__always)
    func priceRaw(_ key: Int64) -> Int64 { isBid ? key : -key }

    /// The index of the first level whose key is not less than `key` (`levels.count` if none).
    ///
    /// - Complexity: O(1) at the top of the book, O(log n) elsewhere.
    @inline(__always)
    func lowerBound(_ key: Int64) -> Int {
        var high = levels.count
        if high == 0 { return 0 }
        // Fast path: most changes touch the best level or a new best level.
        let top = levels[high - 1].key
        if key > top { return high }
        if key == top { return high - 1 }
        var low = 0
        high -= 1
        while low < high {
            let mid = (low &+ high) >> 1
            if levels[mid].key < key { low = mid &+ 1 } else { high = mid }
        }
        return low
    }

    /// The index of the level at `key`, or nil.
    @inline(__always)
    func index(ofKey key: Int64) -> Int? {
        let i = lowerBound(key)
        return i < levels.count && levels[i].key == key ? i : nil
    }
}
