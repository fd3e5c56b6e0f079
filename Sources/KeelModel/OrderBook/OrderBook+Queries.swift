// OrderBook+Queries: best prices and sizes, levels, sizes at a price, fill estimates, book state.
//
// Sides: level queries take the side of the RESTING orders (`.buy` = bids); fill queries take the
// side of the order that would trade (`.buy` walks the asks), as NautilusTrader's do.

extension OrderBook {
    // MARK: Top of book

    /// The highest bid price, or nil if there are no bids.
    public var bestBidPrice: Price? { bids.levels.last.map { price(bids.priceRaw($0.key)) } }
    /// The lowest ask price, or nil if there are no asks.
    public var bestAskPrice: Price? { asks.levels.last.map { price(asks.priceRaw($0.key)) } }

    /// The best bid and ask as raws, read in place. `mutating` only so that a caller holding the book in a
    /// class property passes it by address: a getter on such a property copies the whole book (and retains
    /// its ladders) first, which the venue paid twice per quote and delta. Inlinable: the venue reads it after
    /// every delta, and the call cost more than the read.
    @inlinable @inline(__always)
    package mutating func bestRaws() -> (bid: Int64?, ask: Int64?) {
        (bids.levels.lastKey.map { bids.priceRaw($0) }, asks.levels.lastKey.map { asks.priceRaw($0) })
    }

    /// `bestBidPrice` and `bestAskPrice`, read in place (see `bestRaws()`).
    package mutating func bestPricesInPlace() -> (bid: Price?, ask: Price?) {
        let (bid, ask) = bestRaws()
        return (bid.map { price($0) }, ask.map { price($0) })
    }

    /// The total size at the best bid level, or nil if there are no bids.
    ///
    /// This is the level's total (NautilusTrader's `best_bid_size` is the size of the level's first
    /// order, which differs in an L3 book; use `orders(side:price:)` for that).
    public var bestBidSize: Quantity? { bids.levels.last.map { size($0.size) } }
    /// The total size at the best ask level, or nil if there are no asks.
    public var bestAskSize: Quantity? { asks.levels.last.map { size($0.size) } }

    /// The best ask minus the best bid (negative when crossed), or nil unless both sides have levels.
    public var spread: Price? {
        guard let bid = bids.levels.last, let ask = asks.levels.last else { return nil }
        return price(asks.priceRaw(ask.key) - bids.priceRaw(bid.key))
    }

    /// The midpoint of the best bid and ask at one more decimal (`Price.midpoint`), or nil unless
    /// both sides have levels.
    public var midpoint: Price? {
        guard let bid = bestBidPrice, let ask = bestAskPrice else { return nil }
        return Price.midpoint(bid, ask)
    }

    /// True if the best bid is above the best ask (legal, e.g. during a pre-open).
    public var isCrossed: Bool {
        guard let bid = bids.levels.last, let ask = asks.levels.last else { return false }
        return bids.priceRaw(bid.key) > asks.priceRaw(ask.key)
    }

    /// True if the best bid equals the best ask.
    public var isLocked: Bool {
        guard let bid = bids.levels.last, let ask = asks.levels.last else { return false }
        return bids.priceRaw(bid.key) == asks.priceRaw(ask.key)
    }

    // MARK: Levels and orders

    /// The number of bid levels.
    public var bidLevelCount: Int { bids.levels.count }
    /// The number of ask levels.
    public var askLevelCount: Int { asks.levels.count }
    /// The number of resting orders: L3 orders, or levels in an L1/L2 book.
    public var orderCount: Int { bookType == .l3MBO ? orderIndex.count : bids.levels.count + asks.levels.count }

    /// The bid levels, best (highest) first, at most `depth` of them.
    ///
    /// - Parameter depth: The maximum number of levels (default: all).
    /// - Complexity: O(min(depth, levels)).
    public func bids(depth: Int = .max) -> [BookLevel] { levels(of: bids, depth: depth) }

    /// The ask levels, best (lowest) first, at most `depth` of them.
    ///
    /// - Parameter depth: The maximum number of levels (default: all).
    /// - Complexity: O(min(depth, levels)).
    public func asks(depth: Int = .max) -> [BookLevel] { levels(of: asks, depth: depth) }

    /// The total size resting at `price` on `side`, zero if there is no such level.
    ///
    /// - Parameters:
    ///   - price: The level's price.
    ///   - side: The side of the resting orders: `.buy` for bids, `.sell` for asks.
    /// - Complexity: O(log n) in the number of levels.
    public func size(at price: Price, side: OrderSide) -> Quantity {
        guard let ladder = ladder(side), let i = ladder.index(ofKey: ladder.key(price.raw)) else {
            return .zero(precision: sizePrecision ?? 0)
        }
        return size(ladder.levels[i].size)
    }

    /// The orders resting at `price` on `side`, oldest first (an L1/L2 level is one order whose id is
    /// the price raw's bit pattern for L2 and the side's raw value for L1, as NautilusTrader keys them).
    ///
    /// - Parameters:
    ///   - side: The side of the resting orders: `.buy` for bids, `.sell` for asks.
    ///   - price: The level's price.
    /// - Complexity: O(orders at the level + log levels).
    public func orders(side: OrderSide, price: Price) -> [BookOrder] {
        guard let ladder = ladder(side), let i = ladder.index(ofKey: ladder.key(price.raw)) else { return [] }
        return orders(of: ladder.levels[i], in: ladder)
    }

    /// The L3 order with `orderId`, or nil (always nil for L1/L2 books).
    ///
    /// - Parameter orderId: The venue's order id.
    public func order(id orderId: UInt64) -> BookOrder? {
        guard let slot = orderIndex[orderId] else { return nil }
        let node = nodes[Int(slot)]
        return BookOrder(
            side: node.isBid ? .buy : .sell, price: price(node.priceRaw), size: size(node.size), orderId: node.orderId)
    }

    // MARK: Fills

    /// The fills an order of `side` for `quantity` would get walking the opposite side of the book,
    /// best price first and, in an L3 book, one fill per resting order in queue order.
    ///
    /// - Parameters:
    ///   - side: The side of the order that trades: `.buy` walks the asks, `.sell` the bids.
    ///   - price: The limit price (nil: no limit); levels worse than it are not reached.
    ///   - quantity: The order's size; the fills sum to at most this (less if the book is thin).
    /// - Returns: The fills, empty if nothing fills.
    /// - Complexity: O(fills).
    public func simulateFills(side: OrderSide, price limit: Price? = nil, quantity: Quantity) -> [BookFill] {
        var fills: [BookFill] = []
        walk(side: side, limit: limit, quantity: quantity) { priceRaw, sizeRaw in
            fills.append(BookFill(price: price(priceRaw), size: Quantity(raw: sizeRaw, precision: quantity.precision)))
        }
        return fills
    }

    /// The volume-weighted average price at which an order of `side` for `quantity` would fill
    /// without a limit, at precision 9 (rounded half away from zero), or nil if nothing fills.
    ///
    /// If the book holds less than `quantity`, this is the average over what it holds.
    ///
    /// - Parameters:
    ///   - quantity: The order's size.
    ///   - side: The side of the order that trades: `.buy` walks the asks.
    /// - Complexity: O(levels walked).
    public func averagePrice(toFill quantity: Quantity, side: OrderSide) -> Price? {
        var notional: Int128 = 0
        var filled: Int128 = 0
        walk(side: side, limit: nil, quantity: quantity) { priceRaw, sizeRaw in
            notional += Int128(priceRaw) * Int128(sizeRaw)
            filled += Int128(sizeRaw)
        }
        guard filled > 0 else { return nil }
        let (q, r) = notional.quotientAndRemainder(dividingBy: filled)
        let rounded = r.magnitude * 2 >= filled.magnitude ? (notional < 0 ? q - 1 : q + 1) : q
        return Price(raw: Int64(rounded), precision: 9)
    }

    /// The worst (last) price an order of `side` for `quantity` would reach without a limit, or nil
    /// if nothing fills.
    ///
    /// - Parameters:
    ///   - quantity: The order's size.
    ///   - side: The side of the order that trades: `.buy` walks the asks.
    /// - Complexity: O(levels walked).
    public func worstPrice(toFill quantity: Quantity, side: OrderSide) -> Price? {
        var worst: Int64?
        walk(side: side, limit: nil, quantity: quantity) { priceRaw, _ in worst = priceRaw }
        return worst.map { price($0) }
    }

    // MARK: Internals

    @inline(__always)
    func price(_ raw: Int64) -> Price { Price(uncheckedRaw: raw, precision: pricePrecision ?? 0) }

    @inline(__always)
    func size(_ raw: Int64) -> Quantity { Quantity(uncheckedRaw: raw, precision: sizePrecision ?? 0) }

    func ladder(_ side: OrderSide) -> BookLadder? {
        switch side {
        case .buy: bids
        case .sell: asks
        case .noOrderSide: nil
        }
    }

    func levels(of ladder: BookLadder, depth: Int) -> [BookLevel] {
        let n = Swift.min(Swift.max(depth, 0), ladder.levels.count)
        var result: [BookLevel] = []
        result.reserveCapacity(n)
        for level in ladder.levels.reversed().prefix(n) {
            result.append(
                BookLevel(
                    price: price(ladder.priceRaw(level.key)), size: size(level.size), orderCount: Int(level.count)))
        }
        return result
    }

    func orders(of level: LevelRecord, in ladder: BookLadder) -> [BookOrder] {
        let side: OrderSide = ladder.isBid ? .buy : .sell
        let priceRaw = ladder.priceRaw(level.key)
        guard bookType == .l3MBO else {
            let id = bookType == .l1MBP ? UInt64(side.rawValue) : UInt64(bitPattern: priceRaw)
            return [BookOrder(side: side, price: price(priceRaw), size: size(level.size), orderId: id)]
        }
        var result: [BookOrder] = []
        result.reserveCapacity(Int(level.count))
        var i = level.head
        while i >= 0 {
            let node = nodes[Int(i)]
            result.append(BookOrder(side: side, price: price(priceRaw), size: size(node.size), orderId: node.orderId))
            i = node.next
        }
        return result
    }

    /// Calls `body(priceRaw, sizeRaw)` for each fill of an order of `side` walking the opposite side.
    func walk(side: OrderSide, limit: Price?, quantity: Quantity, _ body: (Int64, Int64) -> Void) {
        guard let ladder = ladder(side == .buy ? .sell : side == .sell ? .buy : .noOrderSide) else { return }
        if let sizePrecision, quantity.precision != sizePrecision {
            preconditionFailure(
                "Invariant: a fill query's quantity is at the book's size precision \(sizePrecision) (got \(quantity))")
        }
        var remaining = quantity.raw
        for level in ladder.levels.reversed() {
            guard remaining > 0 else { return }
            let priceRaw = ladder.priceRaw(level.key)
            if let limit, ladder.isBid ? priceRaw < limit.raw : priceRaw > limit.raw { return }
            if bookType == .l3MBO {
                var i = level.head
                while i >= 0 && remaining > 0 {
                    let node = nodes[Int(i)]
                    let take = Swift.min(node.size, remaining)
                    body(priceRaw, take)
                    remaining -= take
                    i = node.next
                }
            } else {
                let take = Swift.min(level.size, remaining)
                body(priceRaw, take)
                remaining -= take
            }
        }
    }
}
