// OrderIdIndex: an L3 book's map from order id to node slot (internal storage).
//
// Design decisions:
// - Every L3 delta looks an order id up, and an ADD or DELETE also inserts or removes one, so the map is
//   on the hot path of a replay. `Dictionary<UInt64, Int32>` hashes each key with SipHash (about a third
//   of an L3 delta's cost in the S3 replay); order ids are not attacker-chosen inside a backtest, so a
//   multiplicative (Fibonacci) hash of the key is enough and costs a multiply and a shift. It places
//   blocks of four consecutive ids (see `home`), for the cache's sake.
// - Open addressing with linear probing in one flat array of (key, slot) pairs, at most half full
//   (capacity a power of two, doubled when needed); a negative slot marks an empty bucket, so every key
//   — 0 included — can be stored. Removal shifts the following entries of the probe run back instead
//   of leaving tombstones, so lookups never slow down as orders come and go.
// - Nothing iterates the map (the book walks its levels), so its bucket order cannot leak into results.

/// Order id → node slot, for the orders of an L3 book.
struct OrderIdIndex: Sendable {
    struct Entry: Sendable {
        var key: UInt64
        /// The node slot; negative for an empty bucket.
        var value: Int32
    }

    private var entries: [Entry]
    /// 64 − log2(capacity): the hash's top bits give the home bucket.
    private var shift: UInt64
    /// The number of ids held.
    private(set) var count = 0

    static let minimumCapacity = 16

    /// An empty index with room for `capacity` ids before it grows.
    init(capacity: Int = 0) {
        let buckets = Self.buckets(for: capacity)
        entries = Array(repeating: Entry(key: 0, value: -1), count: buckets)
        shift = UInt64(64 - buckets.trailingZeroBitCount)
    }

    /// The power-of-two bucket count that holds `count` ids at most half full.
    private static func buckets(for count: Int) -> Int {
        var buckets = minimumCapacity
        while buckets < count * 2 { buckets *= 2 }
        return buckets
    }

    var isEmpty: Bool { count == 0 }

    /// The home bucket of `key`: ids go in blocks of four consecutive ids — the block placed by the hash, the
    /// id's two low bits choosing the bucket in it — so that orders a venue numbers one after another (most
    /// ADDs of the S3 day are the previous id + 1) share a cache line: the check that a new id is absent then
    /// reads memory the previous ADD just touched instead of missing the cache (the largest single stall
    /// of an L3 delta when the buckets were spread one by one).
    @inline(__always)
    private func home(_ key: UInt64) -> Int {
        let block = Int(truncatingIfNeeded: ((key >> 2) &* 0x9E37_79B9_7F4A_7C15) >> (shift + 2))
        return block << 2 | Int(truncatingIfNeeded: key & 3)
    }

    /// The bucket holding `key`, or the empty bucket where it would go; valid until the index next changes.
    @inline(__always)
    func find(_ key: UInt64) -> (index: Int, found: Bool) {
        let mask = entries.count - 1
        var i = home(key)
        while true {
            let entry = entries[i]
            if entry.value < 0 { return (i, false) }
            if entry.key == key { return (i, true) }
            i = (i &+ 1) & mask
        }
    }

    /// The slot of `key`, or nil; setting nil removes it.
    subscript(key: UInt64) -> Int32? {
        @inline(__always) get {
            let (i, found) = find(key)
            return found ? entries[i].value : nil
        }
        set {
            guard let newValue else {
                removeValue(forKey: key)
                return
            }
            let (i, found) = find(key)
            if found {
                precondition(newValue >= 0, "Invariant: an order's node slot is not negative (\(newValue))")
                entries[i].value = newValue
            } else {
                insert(key, newValue, at: i)
            }
        }
    }

    /// The slot held in `bucket`, a bucket `find` reported found.
    @inline(__always)
    func value(at bucket: Int) -> Int32 { entries[bucket].value }

    /// Stores `value` for `key`, which `find` just reported absent with `bucket` (one probe instead of two).
    @inline(__always)
    mutating func insert(_ key: UInt64, _ value: Int32, at bucket: Int) {
        precondition(value >= 0, "Invariant: an order's node slot is not negative (\(value))")
        var i = bucket
        if (count &+ 1) &* 2 > entries.count {
            grow()
            i = find(key).index
        }
        count &+= 1
        entries[i] = Entry(key: key, value: value)
    }

    /// Removes `key`; returns its slot, or nil if it was not held.
    @discardableResult
    mutating func removeValue(forKey key: UInt64) -> Int32? {
        let (i, found) = find(key)
        guard found else { return nil }
        let removed = entries[i].value
        remove(at: i)
        return removed
    }

    /// Removes the id in `bucket`, a bucket `find` reported found.
    mutating func remove(at bucket: Int) {
        var i = bucket
        let mask = entries.count - 1
        // Backward shift: move later entries of the run into the hole when their home allows it.
        var j = i
        while true {
            j = (j &+ 1) & mask
            let entry = entries[j]
            if entry.value < 0 { break }
            let k = home(entry.key)
            // The entry at j may move to i unless its home lies cyclically in (i, j].
            let staysPut = i <= j ? (i < k && k <= j) : (i < k || k <= j)
            if !staysPut {
                entries[i] = entry
                i = j
            }
        }
        entries[i] = Entry(key: 0, value: -1)
        count -= 1
    }

    /// Forgets every id.
    mutating func removeAll(keepingCapacity: Bool = false) {
        if keepingCapacity {
            for i in entries.indices { entries[i] = Entry(key: 0, value: -1) }
        } else {
            self = OrderIdIndex()
        }
        count = 0
    }

    /// Makes room for `capacity` ids without growing.
    mutating func reserveCapacity(_ capacity: Int) {
        guard capacity * 2 > entries.count else { return }
        rehash(buckets: Self.buckets(for: capacity))
    }

    private mutating func grow() { rehash(buckets: entries.count * 2) }

    private mutating func rehash(buckets: Int) {
        let old = entries
        entries = Array(repeating: Entry(key: 0, value: -1), count: buckets)
        shift = UInt64(64 - buckets.trailingZeroBitCount)
        let mask = buckets - 1
        for entry in old where entry.value >= 0 {
            var i = home(entry.key)
            while entries[i].value >= 0 { i = (i &+ 1) & mask }
            entries[i] = entry
        }
    }
}
