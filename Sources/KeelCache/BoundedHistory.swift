// BoundedHistory: a newest-first ring of at most `capacity` values.
//
// Design decisions:
// - A final class over a buffer allocated at full capacity up front: pushing into a full history overwrites
//   the oldest slot in place, with no allocation, no copy of the other values and no uniqueness check. The
//   cache holds one per instrument (bar type, data type) in a dictionary and remembers the last one it used
//   as an unretained reference, so the quote path touches neither the dictionary nor a reference count.
//   (It was a struct over a `Deque` in a dictionary slot: each push paid three uniqueness checks, a
//   `removeLast` and a `prepend`, ~110 instructions beside the copy of the value.)
// - Values are stored whole (a quote keeps its instrument id): the copy into the ring is one `memcpy`
//   either way, and reads hand back the stored value without rebuilding it.

import KeelModel

/// At most `capacity` values, newest first; pushing into a full history drops the oldest.
final class BoundedHistory<Element> {
    /// The most values held.
    let capacity: Int
    private let storage: UnsafeMutablePointer<Element>
    /// The slot of the newest value (meaningful when `count > 0`).
    @exclusivity(unchecked) private var head = 0
    /// The number of values held.
    @exclusivity(unchecked) private(set) var count = 0

    /// Creates an empty history with storage for `capacity` values.
    init(capacity: Int) {
        precondition(capacity > 0, "Invariant: a history holds at least one value")
        self.capacity = capacity
        self.storage = .allocate(capacity: capacity)
    }

    deinit {
        // The held values occupy `count` slots from `head` on, wrapping at the end of the buffer.
        let first = min(count, capacity - head)
        (storage + head).deinitialize(count: first)
        storage.deinitialize(count: count - first)
        storage.deallocate()
    }

    /// Adds `element` as the newest value, dropping the oldest if the history is full.
    ///
    /// - Complexity: O(1), allocation free.
    @inline(__always)
    func push(_ element: Element) {
        // Wrapping arithmetic: `head` is positive where it is decremented, and `count` below `capacity`
        // where it is incremented.
        head = head == 0 ? capacity &- 1 : head &- 1
        if count == capacity {
            // The slot before the newest is the oldest's: overwrite it.
            (storage + head).pointee = element
        } else {
            (storage + head).initialize(to: element)
            count &+= 1
        }
    }

    /// The value `index` steps back from the newest (0 is the newest), or nil if there is none.
    @inline(__always)
    func at(_ index: Int) -> Element? {
        guard index >= 0 && index < count else { return nil }
        let slot = head + index
        return storage[slot < capacity ? slot : slot - capacity]
    }

    /// The values, newest first.
    var newestFirst: [Element] { (0..<count).map { at($0)! } }
}

/// The histories of one kind of tick (quotes or trades), one per instrument, created on the instrument's first
/// tick, with the last instrument's history remembered unretained (the table holds it; cleared with it), so a
/// stream of one instrument compares 64 bytes instead of hashing them and touches no reference count. The id
/// and the reference are two fields: reading an optional tuple copied the 64-byte id out first.
struct TickHistories<Element> {
    /// Every instrument's history.
    private(set) var byInstrument: [InstrumentId: BoundedHistory<Element>] = [:]
    /// The instrument of `memo`.
    private(set) var memoId = InstrumentId("MEMO.NONE")
    /// The history last used, unretained.
    private(set) var memo: Unmanaged<BoundedHistory<Element>>?

    /// The history of `instrumentId`, created with `capacity` on its first tick, remembered as the last one
    /// used.
    mutating func history(_ instrumentId: InstrumentId, capacity: Int) -> BoundedHistory<Element> {
        let history: BoundedHistory<Element>
        if let existing = byInstrument[instrumentId] {
            history = existing
        } else {
            history = BoundedHistory(capacity: capacity)
            byInstrument[instrumentId] = history
        }
        memoId = instrumentId
        memo = Unmanaged.passUnretained(history)
        return history
    }

    /// The tick `index` steps back from the newest of `instrumentId` (0 is the newest), or nil.
    func element(_ instrumentId: InstrumentId, at index: Int) -> Element? {
        if let memo, memoId == instrumentId { return memo._withUnsafeGuaranteedRef { $0.at(index) } }
        return byInstrument[instrumentId]?.at(index)
    }

    /// Forgets every history.
    mutating func removeAll() {
        byInstrument.removeAll()
        memo = nil
    }
}
