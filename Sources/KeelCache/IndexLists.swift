// IndexLists: the cache's venue, instrument, strategy and client indexes of orders and positions.
//
// Design decisions:
// - Each key (a venue, an instrument, a strategy, a client) has an append-only list of entries in add order. An
//   entry joins its lists once, when its order or position is added; queries test the other filters on the
//   object's own fields, so no list needs a hash table of its own.
// - The lists live in one array, and a standard table maps each key to its list's place. The place of the key
//   appended to last is remembered: a strategy's new orders are nearly always for the instrument, venue and
//   strategy of the one before, so an append is one comparison of the key with the last one and an append in
//   place, without hashing a 64-byte id and probing the table (S1: ~72k order and ~6k position appends, ~130
//   instructions each through `[Key: [Element]]`, ~800 each through `[Key: OrderedSet<PositionId>]`).

/// Append-only lists of entries by key, in the order entries were appended; see the file header.
struct IndexLists<Key: Hashable, Element> {
    /// Each key's place in `lists` and `keys`.
    private var places: [Key: Int] = [:]
    /// The keys, in the order their first entry was appended.
    private var keys: [Key] = []
    /// The lists, one per key, at the key's place.
    private var lists: [[Element]] = []
    /// The key appended to last and its place (nil after a removal).
    private var last: (key: Key, place: Int)?

    /// True if no key has a list.
    var isEmpty: Bool { keys.isEmpty }

    /// The list of `key`, or nil if none was appended to it.
    subscript(key: Key) -> [Element]? {
        guard let place = places[key] else { return nil }
        return lists[place]
    }

    /// Appends `element` to the list of `key` (creating it).
    ///
    /// - Returns: True if `key` is the key appended to last (its place was remembered).
    @discardableResult
    mutating func append(_ element: Element, to key: Key) -> Bool {
        if let last, last.key == key {
            lists[last.place].append(element)
            return true
        }
        let place: Int
        if let known = places[key] {
            place = known
        } else {
            place = lists.count
            places[key] = place
            keys.append(key)
            lists.append([])
        }
        last = (key, place)
        lists[place].append(element)
        return false
    }

    /// Appends `element` to the list appended to last, if any (for a caller that knows the key is the same).
    ///
    /// - Returns: False if no list is remembered (after a removal, or before the first append); nothing was
    ///   appended then.
    mutating func appendToLast(_ element: Element) -> Bool {
        guard let last else { return false }
        lists[last.place].append(element)
        return true
    }

    /// Removes the entries `shouldBeRemoved` picks, keeping the others' order; drops the lists left empty.
    ///
    /// - Complexity: O(n) for n entries.
    mutating func removeAll(where shouldBeRemoved: (Element) -> Bool) {
        var keptKeys: [Key] = []
        var keptLists: [[Element]] = []
        for (key, list) in zip(keys, lists) {
            let kept = list.filter { !shouldBeRemoved($0) }
            if !kept.isEmpty {
                keptKeys.append(key)
                keptLists.append(kept)
            }
        }
        keys = keptKeys
        lists = keptLists
        places.removeAll(keepingCapacity: true)
        for (place, key) in keys.enumerated() { places[key] = place }
        last = nil
    }

    /// Removes every list.
    mutating func removeAll() {
        places.removeAll()
        keys.removeAll()
        lists.removeAll()
        last = nil
    }

    /// The keys with their lists, in the order each key's first entry was appended.
    var entries: Zip2Sequence<[Key], [[Element]]> { zip(keys, lists) }

    /// True if every key's place holds its list and every list has a key.
    var isConsistent: Bool {
        places.count == keys.count && keys.count == lists.count
            && keys.indices.allSatisfy { places[keys[$0]] == $0 }
    }
}
