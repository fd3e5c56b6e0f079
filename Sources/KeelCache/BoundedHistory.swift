// BoundedHistory: a newest-first ring of at most `capacity` values, reserved at full capacity up front so
// that pushing into a full history neither allocates nor copies (one `removeLast`, one `prepend`).

import DequeModule

/// At most `capacity` values, newest first; pushing into a full history drops the oldest.
struct BoundedHistory<Element> {
    private(set) var items: Deque<Element>
    let capacity: Int

    /// Creates an empty history with storage reserved for `capacity` values.
    init(capacity: Int) {
        precondition(capacity > 0, "Invariant: a history holds at least one value")
        self.capacity = capacity
        self.items = Deque(minimumCapacity: capacity)
    }

    /// Adds `element` as the newest value, dropping the oldest if the history is full.
    ///
    /// - Complexity: O(1), allocation free once reserved.
    @inline(__always)
    mutating func push(_ element: Element) {
        if items.count == capacity { items.removeLast() }
        items.prepend(element)
    }

    /// The value `index` steps back from the newest (0 is the newest), or nil if there is none.
    @inline(__always)
    func at(_ index: Int) -> Element? {
        index >= 0 && index < items.count ? items[index] : nil
    }

    /// The number of values held.
    var count: Int { items.count }

    /// The values, newest first.
    var newestFirst: [Element] { Array(items) }
}
