// OrderBook+Apply: the changes — deltas, batches, depth snapshots, top-of-book quotes.
//
// Every entry point validates before it mutates, so a thrown `OrderBookError` leaves the book as it
// was. Error messages are built only on the error path; the success path does no String work.

public import KeelCore

extension OrderBook {
    /// Applies one delta: add, update or delete an order (L3) or level (L1, L2), or clear the book.
    ///
    /// See the semantics per book type in the header of OrderBook.swift.
    ///
    /// - Parameter delta: The change; its instrument is not checked against the book's (the caller
    ///   routes deltas by instrument).
    /// - Throws: `OrderBookError` (`.unknownOrderId`, `.duplicateOrderId`, `.unknownPriceLevel`,
    ///   `.missingSide`, `.sideMismatch`, `.precisionMismatch`, `.sequenceRegression`); the book is
    ///   then unchanged.
    /// - Complexity: O(log n) in the number of levels of the side (O(1) at the top of the book), plus
    ///   a move of the levels above a new or removed level.
    public mutating func apply(_ delta: OrderBookDelta) throws(OrderBookError) {
        if rejectsSequenceRegression && delta.sequence < lastSequence {
            throw OrderBookError(
                code: .sequenceRegression, sequence: delta.sequence,
                message: "sequence \(delta.sequence) follows \(lastSequence)")
        }
        switch delta.action {
        case .clear:
            removeAllOrders()
        case .add, .update, .delete:
            switch bookType {
            case .l1MBP: try applyLevelChange(delta, topOnly: true)
            case .l2MBP: try applyLevelChange(delta, topOnly: false)
            case .l3MBO: try applyOrderChange(delta)
            }
        }
        record(sequence: delta.sequence, tsEvent: delta.tsEvent)
    }

    /// Applies a batch of deltas in order.
    ///
    /// The batch is not atomic: if a delta is rejected, the deltas before it stay applied and the
    /// ones after it are not applied.
    ///
    /// - Parameter deltas: The batch.
    /// - Throws: The `OrderBookError` of the first rejected delta.
    /// - Complexity: The sum of the deltas' costs.
    public mutating func apply(_ deltas: OrderBookDeltas) throws(OrderBookError) {
        for delta in deltas.deltas {
            try apply(delta)
        }
    }

    /// Replaces the book's contents with a depth snapshot (padding entries are skipped); counts as one
    /// update.
    ///
    /// An L1 book keeps only the best level of each side. An L3 book adds each level as one order
    /// with the level's `orderId`, so the ids must be distinct.
    ///
    /// - Parameter depth: The snapshot.
    /// - Throws: `OrderBookError` `.precisionMismatch` if its prices or sizes are at another precision
    ///   than the book's or each other's, `.invalidSnapshot` if an L3 book would get duplicate order
    ///   ids, `.sequenceRegression` if configured; the book is then unchanged.
    /// - Complexity: O(n) in the book's size (to clear it) plus O(levels).
    public mutating func apply(_ depth: OrderBookDepth10) throws(OrderBookError) {
        if rejectsSequenceRegression && depth.sequence < lastSequence {
            throw OrderBookError(
                code: .sequenceRegression, sequence: depth.sequence,
                message: "sequence \(depth.sequence) follows \(lastSequence)")
        }
        var pricePrecision = self.pricePrecision
        var sizePrecision = self.sizePrecision
        var ids: Set<UInt64> = []
        for order in depth.bids + depth.asks where !OrderBookDepth10.isPadding(order) {
            if pricePrecision == nil { pricePrecision = order.price.precision }
            if sizePrecision == nil { sizePrecision = order.size.precision }
            guard order.price.precision == pricePrecision, order.size.precision == sizePrecision else {
                throw OrderBookError(
                    code: .precisionMismatch, sequence: depth.sequence,
                    message:
                        "snapshot level \(order.price) x \(order.size) is not at price precision \(pricePrecision ?? 0) and size precision \(sizePrecision ?? 0)"
                )
            }
            if bookType == .l3MBO && !ids.insert(order.orderId).inserted {
                throw OrderBookError(
                    code: .invalidSnapshot, sequence: depth.sequence,
                    message: "order id \(order.orderId) appears twice in the snapshot")
            }
        }
        removeAllOrders()
        for order in depth.bids.prefix(bookType == .l1MBP ? 1 : OrderBookDepth10.depth)
            + depth.asks.prefix(bookType == .l1MBP ? 1 : OrderBookDepth10.depth)
        where !OrderBookDepth10.isPadding(order) {
            addUnchecked(order)
        }
        self.pricePrecision = pricePrecision
        self.sizePrecision = sizePrecision
        record(sequence: depth.sequence, tsEvent: depth.tsEvent)
    }

    /// Sets an L1 book's best bid and ask from a quote; counts as one update.
    ///
    /// A zero size empties that side. The sequence number defaults to `lastSequence + 1`, as
    /// NautilusTrader numbers quote updates.
    ///
    /// - Parameters:
    ///   - bid: The best bid price.
    ///   - bidSize: The size at the best bid (zero: no bid).
    ///   - ask: The best ask price.
    ///   - askSize: The size at the best ask (zero: no ask).
    ///   - sequence: The sequence number to record (default: `lastSequence + 1`).
    ///   - tsEvent: When the quote happened at the venue.
    /// - Throws: `OrderBookError` `.wrongBookType` unless the book is L1, `.precisionMismatch` if a
    ///   price or size is at another precision than the book's, `.sequenceRegression` if configured;
    ///   the book is then unchanged.
    public mutating func updateTopOfBook(
        bid: Price, bidSize: Quantity, ask: Price, askSize: Quantity, sequence: UInt64? = nil, tsEvent: UnixNanos
    ) throws(OrderBookError) {
        let sequence = sequence ?? lastSequence &+ 1
        guard bookType == .l1MBP else {
            throw OrderBookError(
                code: .wrongBookType, sequence: sequence,
                message: "a top-of-book update needs an L1_MBP book, not \(bookType)")
        }
        if rejectsSequenceRegression && sequence < lastSequence {
            throw OrderBookError(
                code: .sequenceRegression, sequence: sequence, message: "sequence \(sequence) follows \(lastSequence)")
        }
        guard bid.precision == ask.precision, bidSize.precision == askSize.precision,
            pricePrecision.map({ $0 == bid.precision }) ?? true, sizePrecision.map({ $0 == bidSize.precision }) ?? true
        else {
            throw OrderBookError(
                code: .precisionMismatch, sequence: sequence,
                message:
                    "quote \(bidSize) @ \(bid) / \(askSize) @ \(ask) is not at the book's precisions (price \(pricePrecision ?? bid.precision), size \(sizePrecision ?? bidSize.precision))"
            )
        }
        Self.setTop(&bids, priceRaw: bid.raw, sizeRaw: bidSize.raw)
        Self.setTop(&asks, priceRaw: ask.raw, sizeRaw: askSize.raw)
        pricePrecision = bid.precision
        sizePrecision = bidSize.precision
        record(sequence: sequence, tsEvent: tsEvent)
    }

    /// Sets an L1 book's best bid and ask from raws whose precisions the caller has checked: the simulated
    /// venue's per-quote path, the change `updateTopOfBook(bid:bidSize:ask:askSize:tsEvent:)` makes, without
    /// building and re-validating `Price`s and without the error path (a wrong book type or a precision
    /// other than the book's traps: the caller's data is checked against its instrument already).
    ///
    /// - Parameters:
    ///   - bidRaw: The best bid price, raw.
    ///   - bidSizeRaw: The size at the best bid, raw (zero: no bid).
    ///   - askRaw: The best ask price, raw.
    ///   - askSizeRaw: The size at the best ask, raw (zero: no ask).
    ///   - pricePrecision: The precision of both prices.
    ///   - sizePrecision: The precision of both sizes.
    ///   - tsEvent: When the quote happened at the venue.
    ///   - quoteCount: The number of consecutive quotes this one is the last of (default 1). A quote replaces
    ///     both sides, so the book after several is the book after the last, with the counters advanced by all:
    ///     `updateCount` and the default sequence number grow by `quoteCount`. A caller may therefore write
    ///     only the last of a run of quotes nobody read the book between.
    package mutating func updateTopOfBook(
        bidRaw: Int64, bidSizeRaw: Int64, askRaw: Int64, askSizeRaw: Int64, pricePrecision: UInt8, sizePrecision: UInt8,
        tsEvent: UnixNanos, quoteCount: UInt64 = 1
    ) {
        precondition(quoteCount > 0, "Invariant: a top-of-book update stands for at least one quote")
        let sequence = lastSequence &+ quoteCount
        precondition(bookType == .l1MBP, "Invariant: a top-of-book update goes to an L1_MBP book")
        precondition(
            !(rejectsSequenceRegression && sequence < lastSequence), "Invariant: a quote's sequence does not regress")
        precondition(
            (self.pricePrecision ?? pricePrecision) == pricePrecision && (self.sizePrecision ?? sizePrecision) == sizePrecision,
            "Invariant: a quote is at the book's precisions")
        Self.setTop(&bids, priceRaw: bidRaw, sizeRaw: bidSizeRaw)
        Self.setTop(&asks, priceRaw: askRaw, sizeRaw: askSizeRaw)
        self.pricePrecision = pricePrecision
        self.sizePrecision = sizePrecision
        lastSequence = sequence
        tsLast = tsEvent
        updateCount &+= quoteCount
    }

    /// Empties the book and resets its counters and learned precisions, as if newly created.
    ///
    /// - Complexity: O(1) amortised (storage capacity is kept).
    public mutating func reset() {
        removeAllOrders()
        updateCount = 0
        lastSequence = 0
        tsLast = .zero
        pricePrecision = nil
        sizePrecision = nil
    }

    // MARK: Internals

    @inline(__always)
    mutating func record(sequence: UInt64, tsEvent: UnixNanos) {
        lastSequence = sequence
        tsLast = tsEvent
        updateCount &+= 1
    }

    mutating func removeAllOrders() {
        bids.levels.removeAll(keepingCapacity: true)
        asks.levels.removeAll(keepingCapacity: true)
        nodes.removeAll(keepingCapacity: true)
        freeNode = -1
        orderIndex.removeAll(keepingCapacity: true)
    }

    /// Throws `.precisionMismatch` if the order's price (and size, if `checkSize`) are not at the
    /// book's precision.
    @inline(__always)
    func checkPrecision(_ order: BookOrder, checkPrice: Bool, checkSize: Bool, sequence: UInt64) throws(OrderBookError)
    {
        if checkPrice, let p = pricePrecision, p != order.price.precision {
            throw OrderBookError(
                code: .precisionMismatch, sequence: sequence,
                message: "price \(order.price) of order id \(order.orderId) is not at the book's precision \(p)")
        }
        if checkSize, let s = sizePrecision, s != order.size.precision {
            throw OrderBookError(
                code: .precisionMismatch, sequence: sequence,
                message: "size \(order.size) of order id \(order.orderId) is not at the book's precision \(s)")
        }
    }

    @inline(__always)
    mutating func learnPrecision(_ order: BookOrder) {
        if pricePrecision == nil { pricePrecision = order.price.precision }
        if sizePrecision == nil { sizePrecision = order.size.precision }
    }

    /// Adds a validated order of a known side for the book's type (used by snapshots).
    mutating func addUnchecked(_ order: BookOrder) {
        let isBid = order.side == .buy
        switch bookType {
        case .l1MBP:
            if isBid {
                Self.setTop(&bids, priceRaw: order.price.raw, sizeRaw: order.size.raw)
            } else {
                Self.setTop(&asks, priceRaw: order.price.raw, sizeRaw: order.size.raw)
            }
        case .l2MBP:
            if isBid {
                Self.setLevel(&bids, priceRaw: order.price.raw, sizeRaw: order.size.raw)
            } else {
                Self.setLevel(&asks, priceRaw: order.price.raw, sizeRaw: order.size.raw)
            }
        case .l3MBO:
            insertOrder(id: order.orderId, isBid: isBid, priceRaw: order.price.raw, sizeRaw: order.size.raw)
        }
    }

    // MARK: L1 and L2

    mutating func applyLevelChange(_ delta: OrderBookDelta, topOnly: Bool) throws(OrderBookError) {
        let order = delta.order
        guard order.side != .noOrderSide else {
            throw OrderBookError(
                code: .missingSide, sequence: delta.sequence,
                message:
                    "\(delta.action) at \(order.price) has no side (order id \(order.orderId)); an \(bookType) book cannot resolve it"
            )
        }
        let isBid = order.side == .buy
        let removes = delta.action == .delete || order.size.isZero
        try checkPrecision(order, checkPrice: !(topOnly && removes), checkSize: !removes, sequence: delta.sequence)
        if removes {
            let removed: Bool
            if topOnly {
                removed = isBid ? Self.removeTop(&bids) : Self.removeTop(&asks)
            } else {
                removed =
                    isBid
                    ? Self.removeLevel(&bids, priceRaw: order.price.raw)
                    : Self.removeLevel(&asks, priceRaw: order.price.raw)
            }
            guard removed else {
                throw OrderBookError(
                    code: .unknownPriceLevel, sequence: delta.sequence,
                    message: topOnly
                        ? "\(delta.action) of the \(order.side) side, which is empty"
                        : "\(delta.action) of \(order.side) level \(order.price), which the book does not hold")
            }
        } else {
            if topOnly {
                if isBid {
                    Self.setTop(&bids, priceRaw: order.price.raw, sizeRaw: order.size.raw)
                } else {
                    Self.setTop(&asks, priceRaw: order.price.raw, sizeRaw: order.size.raw)
                }
            } else {
                if isBid {
                    Self.setLevel(&bids, priceRaw: order.price.raw, sizeRaw: order.size.raw)
                } else {
                    Self.setLevel(&asks, priceRaw: order.price.raw, sizeRaw: order.size.raw)
                }
            }
            learnPrecision(order)
        }
    }

    /// L1: makes `(price, size)` the side's only level; a zero size empties the side.
    @inline(__always)
    static func setTop(_ ladder: inout BookLadder, priceRaw: Int64, sizeRaw: Int64) {
        guard sizeRaw > 0 else {
            ladder.levels.removeAll(keepingCapacity: true)
            return
        }
        ladder.levels.setOnly(LevelRecord(key: ladder.key(priceRaw), size: sizeRaw, count: 1, head: -1, tail: -1))
    }

    /// L1: empties the side; false if it was empty.
    static func removeTop(_ ladder: inout BookLadder) -> Bool {
        guard !ladder.levels.isEmpty else { return false }
        ladder.levels.removeAll(keepingCapacity: true)
        return true
    }

    /// L2: sets the size of the level at `priceRaw`, inserting it if absent.
    static func setLevel(_ ladder: inout BookLadder, priceRaw: Int64, sizeRaw: Int64) {
        let key = ladder.key(priceRaw)
        let i = ladder.lowerBound(key)
        if i < ladder.levels.count && ladder.levels[i].key == key {
            ladder.levels[i].size = sizeRaw
        } else {
            ladder.levels.insert(LevelRecord(key: key, size: sizeRaw, count: 1, head: -1, tail: -1), at: i)
        }
    }

    /// L2: removes the level at `priceRaw`; false if absent.
    static func removeLevel(_ ladder: inout BookLadder, priceRaw: Int64) -> Bool {
        guard let i = ladder.index(ofKey: ladder.key(priceRaw)) else { return false }
        ladder.levels.remove(at: i)
        return true
    }

    // MARK: L3

    @inline(__always)
    mutating func applyOrderChange(_ delta: OrderBookDelta) throws(OrderBookError) {
        let order = delta.order
        switch delta.action {
        case .add:
            try checkPrecision(order, checkPrice: true, checkSize: true, sequence: delta.sequence)
            // One probe of the index both checks the id is new and finds its bucket.
            let (bucket, found) = orderIndex.find(order.orderId)
            guard !found else {
                throw OrderBookError(
                    code: .duplicateOrderId, sequence: delta.sequence,
                    message: "ADD of order id \(order.orderId) at \(order.price), which the book already holds")
            }
            let isBid = order.side == .buy
            let slot = allocateNode(
                id: order.orderId, isBid: isBid, priceRaw: order.price.raw, sizeRaw: order.size.raw)
            orderIndex.insert(order.orderId, slot, at: bucket)
            linkNode(slot, isBid: isBid)
            learnPrecision(order)
        case .update, .delete:
            let (bucket, found) = orderIndex.find(order.orderId)
            guard found else {
                throw OrderBookError(
                    code: .unknownOrderId, sequence: delta.sequence,
                    message:
                        "\(delta.action) of order id \(order.orderId) at \(order.price), which the book does not hold")
            }
            let slot = orderIndex.value(at: bucket)
            let node = nodes[Int(slot)]
            if order.side != .noOrderSide && (order.side == .buy) != node.isBid {
                throw OrderBookError(
                    code: .sideMismatch, sequence: delta.sequence,
                    message:
                        "\(delta.action) of order id \(order.orderId) as \(order.side), but it rests on the \(node.isBid ? "bid" : "ask") side"
                )
            }
            if delta.action == .delete || order.size.isZero {
                unlinkNode(slot, isBid: node.isBid)
                orderIndex.remove(at: bucket)
                releaseNode(slot)
                return
            }
            try checkPrecision(order, checkPrice: true, checkSize: true, sequence: delta.sequence)
            if order.price.raw == node.priceRaw {
                resizeOrder(slot, to: order.size.raw)
            } else {
                // A move to another price: the order keeps its node and index entry, and joins the tail of
                // its new level's queue.
                unlinkNode(slot, isBid: node.isBid)
                nodes[Int(slot)] = OrderNode(
                    orderId: node.orderId, size: order.size.raw, priceRaw: order.price.raw, prev: -1, next: -1,
                    levelDepth: 0, isBid: node.isBid)
                linkNode(slot, isBid: node.isBid)
            }
        case .clear:
            preconditionFailure("Invariant: a CLEAR is applied before reaching the order change path")
        }
    }

    /// Puts a new order at the tail of its level's queue; the id must not be indexed.
    mutating func insertOrder(id: UInt64, isBid: Bool, priceRaw: Int64, sizeRaw: Int64) {
        let slot = allocateNode(id: id, isBid: isBid, priceRaw: priceRaw, sizeRaw: sizeRaw)
        orderIndex[id] = slot
        linkNode(slot, isBid: isBid)
    }

    /// Takes a node from the free list (or grows the pool) and fills it with an unlinked order.
    @inline(__always)
    mutating func allocateNode(id: UInt64, isBid: Bool, priceRaw: Int64, sizeRaw: Int64) -> Int32 {
        let node = OrderNode(
            orderId: id, size: sizeRaw, priceRaw: priceRaw, prev: -1, next: -1, levelDepth: 0, isBid: isBid)
        if freeNode >= 0 {
            let slot = freeNode
            freeNode = nodes[Int(slot)].next
            nodes[Int(slot)] = node
            return slot
        }
        precondition(nodes.count < Int(Int32.max), "Invariant: an L3 book holds fewer than 2^31 orders")
        nodes.append(node)
        return Int32(truncatingIfNeeded: nodes.count &- 1)
    }

    /// Returns an unlinked, unindexed node to the free list.
    @inline(__always)
    mutating func releaseNode(_ slot: Int32) {
        nodes[Int(slot)].size = -1  // marks the node free (checked by checkInvariants)
        nodes[Int(slot)].prev = -1
        nodes[Int(slot)].next = freeNode
        freeNode = slot
    }

    @inline(__always)
    mutating func linkNode(_ slot: Int32, isBid: Bool) {
        if isBid { Self.link(slot, into: &bids, nodes: &nodes) } else { Self.link(slot, into: &asks, nodes: &nodes) }
    }

    @inline(__always)
    mutating func unlinkNode(_ slot: Int32, isBid: Bool) {
        if isBid {
            Self.unlink(slot, from: &bids, nodes: &nodes)
        } else {
            Self.unlink(slot, from: &asks, nodes: &nodes)
        }
    }

    /// Changes an order's size in place, keeping its queue position.
    mutating func resizeOrder(_ slot: Int32, to sizeRaw: Int64) {
        let node = nodes[Int(slot)]
        let depth =
            node.isBid
            ? Self.resize(node, by: sizeRaw &- node.size, in: &bids)
            : Self.resize(node, by: sizeRaw &- node.size, in: &asks)
        nodes[Int(slot)].size = sizeRaw
        nodes[Int(slot)].levelDepth = depth
    }

    /// Adds `change` to the size of `node`'s level; returns the level's depth.
    static func resize(_ node: OrderNode, by change: Int64, in ladder: inout BookLadder) -> Int32 {
        guard let i = ladder.index(ofKey: ladder.key(node.priceRaw), depthHint: node.levelDepth) else {
            preconditionFailure("Invariant: an indexed order's level exists (order id \(node.orderId))")
        }
        ladder.levels[i].size += change
        return ladder.depth(ofIndex: i)
    }

    /// Appends the node (unlinked, with its price and size set) to the tail of its level's queue, creating
    /// the level if needed, and records the level's depth in the node.
    static func link(_ slot: Int32, into ladder: inout BookLadder, nodes: inout [OrderNode]) {
        let s = Int(slot)
        let key = ladder.key(nodes[s].priceRaw)
        let i = ladder.lowerBound(key, depthHint: ladder.joinDepth)
        if i < ladder.levels.count && ladder.levels[i].key == key {
            let tail = ladder.levels[i].tail
            let depth = ladder.depth(ofIndex: i)
            ladder.joinDepth = depth
            nodes[s].prev = tail
            nodes[s].levelDepth = depth
            nodes[Int(tail)].next = slot
            ladder.levels[i].tail = slot
            ladder.levels[i].size += nodes[s].size
            ladder.levels[i].count += 1
        } else {
            ladder.levels.insert(LevelRecord(key: key, size: nodes[s].size, count: 1, head: slot, tail: slot), at: i)
            let depth = ladder.depth(ofIndex: i)
            ladder.joinDepth = depth
            nodes[s].levelDepth = depth
        }
    }

    /// Takes the node out of its level's queue, removing the level if it empties.
    static func unlink(_ slot: Int32, from ladder: inout BookLadder, nodes: inout [OrderNode]) {
        let node = nodes[Int(slot)]
        guard let i = ladder.index(ofKey: ladder.key(node.priceRaw), depthHint: node.levelDepth) else {
            preconditionFailure("Invariant: an indexed order's level exists (order id \(node.orderId))")
        }
        if ladder.levels[i].count == 1 {
            ladder.levels.remove(at: i)
            return
        }
        if node.prev >= 0 { nodes[Int(node.prev)].next = node.next } else { ladder.levels[i].head = node.next }
        if node.next >= 0 { nodes[Int(node.next)].prev = node.prev } else { ladder.levels[i].tail = node.prev }
        ladder.levels[i].size -= node.size
        ladder.levels[i].count -= 1
    }
}
