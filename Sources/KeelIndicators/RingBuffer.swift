// RingBuffer: the fixed-capacity window behind every rolling indicator. Storage is allocated once at
// init; appending to a full ring overwrites the oldest element in place, so updates never allocate.

/// A first-in first-out window of at most `capacity` doubles; appending to a full window drops the oldest.
struct RingBuffer: Sendable {
    private var storage: [Double]
    /// The index in `storage` of the oldest element.
    private var head = 0
    /// The number of elements held.
    private(set) var count = 0
    /// The maximum number of elements held.
    let capacity: Int

    /// Creates an empty window of `capacity` elements (zero is allowed: the window then stays empty).
    init(capacity: Int) {
        precondition(capacity >= 0, "Invariant: a window's capacity is not negative")
        self.capacity = capacity
        storage = Array(repeating: 0, count: capacity)
    }

    /// True if the window holds `capacity` elements.
    var isFull: Bool { count == capacity }

    /// True if the window holds nothing.
    var isEmpty: Bool { count == 0 }

    /// Appends `value`, dropping and returning the oldest element if the window was full.
    @discardableResult
    mutating func append(_ value: Double) -> Double? {
        guard capacity > 0 else { return value }
        if count < capacity {
            var slot = head + count
            if slot >= capacity { slot -= capacity }
            storage[slot] = value
            count += 1
            return nil
        }
        let dropped = storage[head]
        storage[head] = value
        head += 1
        if head == capacity { head = 0 }
        return dropped
    }

    /// The element `offset` places after the oldest (0 is the oldest, `count - 1` the newest).
    subscript(offset: Int) -> Double {
        precondition(offset >= 0 && offset < count, "Invariant: a window offset is within its count")
        var slot = head + offset
        if slot >= capacity { slot -= capacity }
        return storage[slot]
    }

    /// The oldest element; the window must not be empty.
    var oldest: Double { self[0] }

    /// The newest element; the window must not be empty.
    var newest: Double { self[count - 1] }

    /// Empties the window, keeping its storage.
    mutating func removeAll() {
        head = 0
        count = 0
    }

    /// Calls `body` with each element, oldest first.
    @inline(__always)
    func forEach(_ body: (Double) -> Void) {
        var slot = head
        for _ in 0..<count {
            body(storage[slot])
            slot += 1
            if slot == capacity { slot = 0 }
        }
    }

    /// The sum of the elements, oldest first (0 for an empty window).
    func sum() -> Double {
        var total = 0.0
        forEach { total += $0 }
        return total
    }

    /// The largest element (−∞ for an empty window).
    func max() -> Double {
        var result = -Double.infinity
        forEach { if $0 > result { result = $0 } }
        return result
    }

    /// The smallest element (+∞ for an empty window).
    func min() -> Double {
        var result = Double.infinity
        forEach { if $0 < result { result = $0 } }
        return result
    }

    /// The population standard deviation of the elements about `mean` (0 for an empty window).
    func standardDeviation(about mean: Double) -> Double {
        guard count > 0 else { return 0 }
        var total = 0.0
        forEach { total += ($0 - mean) * ($0 - mean) }
        return (total / Double(count)).squareRoot()
    }

    /// The mean absolute deviation of the elements about `mean` (0 for an empty window).
    func meanAbsoluteDeviation(about mean: Double) -> Double {
        guard count > 0 else { return 0 }
        var total = 0.0
        forEach { total += abs($0 - mean) }
        return total / Double(count)
    }
}
