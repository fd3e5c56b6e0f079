// PlaceTable: values in the order they were added, found by key through an open-addressing table of one-word
// slots (the cache's orders by client order id, its order lists by id).
//
// Design decisions:
// - It replaced an `OrderedDictionary` (~390 instructions per look-up of a 64-byte id), then a standard
//   `[Key: Int]` of places (~200: the probe loop, the key comparisons and the hash call are generic code around
//   the id). A slot is one word: the high half of the key's hash and the place plus one (0: empty). A probe
//   compares the hash halves and only on a match the key of the value at that place, so the table holds no copy
//   of the 64-byte keys (S1: ~82k order look-ups and 24k inserts, 7.6k order lists).
// - Linear probing, at most half full, doubling from 16 slots.
// - The hash is seeded with 0: nothing iterates the slots (iteration is the values' array, in add order).
// - Removal rebuilds the slots (purges are rare and remove many at once).

import KeelModel

/// A value a `PlaceTable` stores under a key of its own.
protocol PlaceKeyed {
    associatedtype PlaceKey: Hashable
    /// The key the value is stored and found under.
    var placeKey: PlaceKey { get }
    /// The key's hash, seeded with 0. Written for each concrete key type: through the generic table, the
    /// identifier's hash was a call instead of inlined into the probe (+3.8 M instructions in S1).
    static func placeHash(_ key: PlaceKey) -> UInt64
}

extension Order: PlaceKeyed {
    var placeKey: ClientOrderId { clientOrderId }
    @inline(__always)
    static func placeHash(_ key: ClientOrderId) -> UInt64 { UInt64(bitPattern: Int64(key._rawHashValue(seed: 0))) }
}

extension OrderList: PlaceKeyed {
    var placeKey: OrderListId { id }
    @inline(__always)
    static func placeHash(_ key: OrderListId) -> UInt64 { UInt64(bitPattern: Int64(key._rawHashValue(seed: 0))) }
}

/// Values in add order, found by their keys through one-word slots (see the file header).
struct PlaceTable<Value: PlaceKeyed> {
    typealias Key = Value.PlaceKey

    /// The slots: 0 if empty, else the high 32 bits of the key's hash and, in the low 32, its place plus one.
    private var slots: [UInt64] = []
    /// The values, in the order they were added.
    private(set) var values: [Value] = []

    var isEmpty: Bool { values.isEmpty }
    var count: Int { values.count }

    private static var tagMask: UInt64 { 0xFFFF_FFFF_0000_0000 }

    @inline(__always)
    private static func hash(_ key: Key) -> UInt64 { Value.placeHash(key) }

    /// The slot holding `key`'s place, or the empty slot where it would go.
    @inline(__always)
    private func slot(of key: Key, hash: UInt64) -> (index: Int, place: Int?) {
        let mask = slots.count &- 1
        let tag = hash & Self.tagMask
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot == 0 { return (index, nil) }
            if slot & Self.tagMask == tag {
                let place = Int(truncatingIfNeeded: slot & 0xFFFF_FFFF) &- 1
                if values[place].placeKey == key { return (index, place) }
            }
            index = (index &+ 1) & mask
        }
    }

    /// The place of the value with `key` in add order.
    func index(forKey key: Key) -> Int? {
        if slots.isEmpty { return nil }
        return slot(of: key, hash: Self.hash(key)).place
    }

    /// The value with `key`.
    subscript(key: Key) -> Value? {
        guard let place = index(forKey: key) else { return nil }
        return values[place]
    }

    /// Stores `value` under its key: appended if the key is new; else, with `replacing`, put in the place of the
    /// value it replaces.
    ///
    /// - Returns: The value already stored under the key, if any (replaced only with `replacing`).
    @discardableResult
    mutating func store(_ value: Value, replacing: Bool) -> Value? {
        precondition(values.count < Int(UInt32.max), "Invariant: a place table holds fewer than 2^32 values")
        if (values.count &+ 1) &* 2 > slots.count { grow() }
        let key = value.placeKey
        let hash = Self.hash(key)
        let (index, found) = slot(of: key, hash: hash)
        if let found {
            let previous = values[found]
            if replacing { values[found] = value }
            return previous
        }
        slots[index] = (hash & Self.tagMask) | UInt64(values.count &+ 1)
        values.append(value)
        return nil
    }

    /// Doubles the slots (16 at first) and places every value again.
    private mutating func grow() {
        slots = Array(repeating: 0, count: Swift.max(16, slots.count &* 2))
        rehash()
    }

    /// Places every value of `values` in the (empty) slots.
    private mutating func rehash() {
        let mask = slots.count &- 1
        for (place, value) in values.enumerated() {
            let hash = Self.hash(value.placeKey)
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index] != 0 { index = (index &+ 1) & mask }
            slots[index] = (hash & Self.tagMask) | UInt64(place &+ 1)
        }
    }

    /// Removes the values `shouldBeRemoved` picks, keeping the others' add order.
    ///
    /// - Complexity: O(n).
    mutating func removeAll(where shouldBeRemoved: (Value) -> Bool) {
        values.removeAll(where: shouldBeRemoved)
        for index in slots.indices { slots[index] = 0 }
        rehash()
    }

    /// Removes every value.
    mutating func removeAll() {
        slots.removeAll()
        values.removeAll()
    }

    /// True if every value is found at its place, and the slots name as many places as there are values.
    var isConsistent: Bool {
        slots.count(where: { $0 != 0 }) == values.count
            && values.indices.allSatisfy { index(forKey: values[$0].placeKey) == $0 }
    }
}

/// The cached orders by client order id, in add order.
typealias OrderTable = PlaceTable<Order>

extension PlaceTable: Sequence where Value == Order {
    /// Stores `order` under `id` (its own client order id), keeping the place of an order it replaces.
    ///
    /// - Returns: The order replaced, if any.
    mutating func updateValue(_ order: Order, forKey id: ClientOrderId) -> Order? {
        precondition(
            order.clientOrderId == id,
            "Invariant: an order is stored under its own id (\(order.clientOrderId) under \(id))")
        return store(order, replacing: true)
    }

    /// The orders with their ids, in add order.
    func makeIterator() -> some IteratorProtocol<(key: ClientOrderId, value: Order)> {
        values.lazy.map { (key: $0.clientOrderId, value: $0) }.makeIterator()
    }
}

/// The cached order lists by id, in add order.
typealias OrderListTable = PlaceTable<OrderList>

extension PlaceTable where Value == OrderList {
    /// Adds `list` under its id unless a list has that id.
    ///
    /// - Returns: True if it was added.
    mutating func insert(_ list: OrderList) -> Bool { store(list, replacing: false) == nil }
}
