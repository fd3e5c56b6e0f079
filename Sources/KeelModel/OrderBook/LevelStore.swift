// LevelStore: the sorted levels of one book side, in one array with room at both ends (internal storage).
//
// Design decisions:
// - A side's levels are kept sorted with the best level last (see BookLadder.swift). Inserting or removing a
//   level in a plain array moves every level above it; in the S3 replay many levels appear and vanish DEEP
//   in the book (hundreds of levels below the top), and those memmoves cost ~1,000 instructions each, about
//   6% of the book's work. Here the levels occupy a window `storage[start ..< start + count]` with free room
//   on both sides, and an insertion or removal moves the SHORTER run beside it: a deep level moves the few
//   levels under it, a top level the few above it.
// - Access costs one addition over an array's (`start + i`); `Deque` (swift-collections) moves the shorter
//   side too, but its ring-buffer subscript cost more than the moves it saved (S3: +8.6 M instructions).
// - The window is recentred in a storage twice as large when an insertion finds no room on either side, so
//   steady state allocates nothing; `removeAll` keeps the capacity.
// - Slots outside the window hold stale records; nothing reads them (equality and hashing see the window).

/// The levels of one side of a book in ascending key order, as a random-access collection indexed from 0.
@usableFromInline
struct LevelStore: RandomAccessCollection, MutableCollection, Hashable, Sendable {
    /// The levels live in `storage[start ..< start + count]`.
    @usableFromInline private(set) var storage: [LevelRecord] = []
    @usableFromInline private(set) var start = 0
    /// The number of levels.
    @usableFromInline private(set) var count = 0

    init() {}

    @usableFromInline var startIndex: Int { 0 }
    @usableFromInline var endIndex: Int { count }

    @usableFromInline @inline(__always)
    func index(after i: Int) -> Int { i &+ 1 }

    @usableFromInline @inline(__always)
    func index(before i: Int) -> Int { i &- 1 }

    @usableFromInline
    subscript(position: Int) -> LevelRecord {
        @inline(__always) get {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "Invariant: a level index is in bounds")
            return storage[start &+ position]
        }
        @inline(__always) _modify {
            precondition(UInt(bitPattern: position) < UInt(bitPattern: count), "Invariant: a level index is in bounds")
            yield &storage[start &+ position]
        }
    }

    /// Runs `body` on the levels as one buffer, index 0 the first level: searches read it without the
    /// per-access offset and bounds checks of the subscript.
    @inline(__always)
    func withUnsafeLevels<Result>(_ body: (UnsafeBufferPointer<LevelRecord>) -> Result) -> Result {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start ..< start &+ count])) }
    }

    /// The last (best) level, or nil if there are none.
    var last: LevelRecord? {
        @inline(__always) get { withUnsafeLevels { $0.last } }
    }

    /// Inserts `record` at `index`, moving the shorter run of levels beside it.
    ///
    /// - Complexity: O(min(index, count − index)); amortised O(1) extra when the storage grows.
    mutating func insert(_ record: LevelRecord, at index: Int) {
        precondition(index >= 0 && index <= count, "Invariant: a level is inserted within the levels")
        let roomBelow = start > 0
        let roomAbove = start &+ count < storage.count
        if roomBelow && (index < count &- index || !roomAbove) {
            move(from: start, count: index, by: -1)
            start &-= 1
        } else if roomAbove {
            move(from: start &+ index, count: count &- index, by: 1)
        } else {
            grow()
            insert(record, at: index)
            return
        }
        storage[start &+ index] = record
        count &+= 1
    }

    /// Makes `record` the only level (an L1 side): in place when there is one level already, which is the
    /// steady state of a quote stream.
    @inline(__always)
    mutating func setOnly(_ record: LevelRecord) {
        if count == 1 {
            storage[start] = record
        } else {
            removeAll(keepingCapacity: true)
            append(record)
        }
    }

    /// The key of the last (best) level, or nil if there are none: the read of the best price, inlinable into
    /// callers in other modules.
    @inlinable
    var lastKey: Int64? { count > 0 ? storage[start &+ count &- 1].key : nil }

    /// Appends `record` after the last level.
    mutating func append(_ record: LevelRecord) { insert(record, at: count) }

    /// Removes the level at `index`, moving the shorter run of levels beside it.
    ///
    /// - Complexity: O(min(index, count − index)).
    mutating func remove(at index: Int) {
        precondition(index >= 0 && index < count, "Invariant: a removed level is within the levels")
        if index < count &- 1 &- index {
            move(from: start, count: index, by: 1)
            start &+= 1
        } else {
            move(from: start &+ index &+ 1, count: count &- 1 &- index, by: -1)
        }
        count &-= 1
    }

    /// Removes every level, keeping the storage when `keepingCapacity`.
    mutating func removeAll(keepingCapacity: Bool = false) {
        if !keepingCapacity { storage = [] }
        count = 0
        start = storage.count / 2
    }

    /// Moves `count` records starting at storage slot `from` by `offset` slots (the ranges may overlap).
    @inline(__always)
    private mutating func move(from: Int, count: Int, by offset: Int) {
        guard count > 0 else { return }
        storage.withUnsafeMutableBufferPointer { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base + (from &+ offset)).copyMemory(
                from: UnsafeRawPointer(base + from), byteCount: count &* MemoryLayout<LevelRecord>.stride)
        }
    }

    /// Recentres the levels in a storage twice as large (at least 16 slots).
    private mutating func grow() {
        let capacity = Swift.max(16, storage.count * 2)
        var grown = [LevelRecord](
            repeating: LevelRecord(key: 0, size: 0, count: 0, head: -1, tail: -1), count: capacity)
        let newStart = (capacity - count) / 2
        for i in 0..<count { grown[newStart + i] = storage[start + i] }
        storage = grown
        start = newStart
    }

    @usableFromInline
    static func == (lhs: LevelStore, rhs: LevelStore) -> Bool { lhs.elementsEqual(rhs) }

    @usableFromInline
    func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for level in self { hasher.combine(level) }
    }
}
