// OrderBook+Invariants: the O(n) whole-structure check tests call after each step.

extension OrderBook {
    /// Traps unless the book's storage is consistent: levels strictly sorted with the best last, no
    /// empty level, L1 has at most one level per side, L2/L1 levels have one order each, and for L3
    /// every level's queue links are consistent, its size and count are the sum and number of its
    /// orders, every order is indexed at its node, and live plus free nodes account for the pool.
    ///
    /// - Complexity: O(levels + orders).
    public func checkInvariants() {
        var linked = 0
        for ladder in [bids, asks] {
            let name = ladder.isBid ? "bid" : "ask"
            if bookType == .l1MBP {
                precondition(ladder.levels.count <= 1, "Invariant: an L1 book has at most one \(name) level")
            }
            if !ladder.levels.isEmpty {
                precondition(
                    pricePrecision != nil && sizePrecision != nil, "Invariant: a book with levels knows its precisions")
            }
            var previous: Int64?
            for level in ladder.levels {
                if let previous {
                    precondition(previous < level.key, "Invariant: \(name) levels are strictly sorted, best last")
                }
                previous = level.key
                precondition(
                    level.count > 0 && level.size > 0,
                    "Invariant: no empty \(name) level (price raw \(ladder.priceRaw(level.key)))")
                guard bookType == .l3MBO else {
                    precondition(
                        level.count == 1 && level.head == -1 && level.tail == -1,
                        "Invariant: an MBP level is one order without a queue")
                    continue
                }
                var sum: Int64 = 0
                var count: Int32 = 0
                var prev: Int32 = -1
                var i = level.head
                while i >= 0 {
                    let node = nodes[Int(i)]
                    precondition(node.prev == prev, "Invariant: queue links are consistent (order id \(node.orderId))")
                    precondition(
                        node.isBid == ladder.isBid && node.priceRaw == ladder.priceRaw(level.key),
                        "Invariant: an order rests at its own side and price (order id \(node.orderId))")
                    precondition(
                        node.size > 0, "Invariant: a resting order has a positive size (order id \(node.orderId))")
                    precondition(
                        orderIndex[node.orderId] == i,
                        "Invariant: the order index points at the order's node (order id \(node.orderId))")
                    sum += node.size
                    count += 1
                    prev = i
                    i = node.next
                    precondition(count <= level.count, "Invariant: a level's queue is no longer than its count")
                }
                precondition(level.tail == prev, "Invariant: a level's tail is its last order")
                precondition(
                    sum == level.size,
                    "Invariant: a level's size is the sum of its orders' sizes (price raw \(ladder.priceRaw(level.key)))"
                )
                precondition(
                    count == level.count,
                    "Invariant: a level's count is the number of its orders (price raw \(ladder.priceRaw(level.key)))")
                linked += Int(count)
            }
        }
        if bookType == .l3MBO {
            precondition(
                linked == orderIndex.count,
                "Invariant: every indexed order is in a level (\(orderIndex.count) indexed, \(linked) linked)")
            var free = 0
            var i = freeNode
            while i >= 0 {
                precondition(nodes[Int(i)].size == -1, "Invariant: the free list holds only free nodes")
                free += 1
                precondition(free <= nodes.count, "Invariant: the free list has no cycle")
                i = nodes[Int(i)].next
            }
            precondition(free + linked == nodes.count, "Invariant: live and free nodes account for the pool")
        } else {
            precondition(orderIndex.isEmpty && nodes.isEmpty, "Invariant: an MBP book has no order nodes")
        }
    }
}
