// MatchingCore: the market as the matching engine sees it (bid, ask, last) and the resting orders by side.
//
// Behaviour matched (nautilus_trader/execution/matching_core.pyx @ 1.221.0):
// - bid/ask/last are raw prices with "initialized" flags; a side with no market never matches or triggers.
// - Limit matched: BUY when ask <= price, SELL when bid >= price. Stop triggered: BUY when ask >= trigger, SELL
//   when bid <= trigger. Touch (if-touched) triggered: BUY when ask <= trigger, SELL when bid >= trigger.
// - Resting orders are kept per side, sorted by a key (limit price; trigger price until triggered, then limit
//   price, for stop-limit, limit-if-touched and trailing-stop-limit), bids descending and asks ascending, with
//   equal keys in arrival order. The reference sorts only when an order is added (a stable sort of the whole
//   side by the keys at that moment), so a modified order keeps its place until the next addition; Keel does
//   the same (a stable insertion sort, linear on an already sorted side).
// - An iteration visits a snapshot of bids then asks; an order closed during the pass is skipped.
// - Most iterations change nothing: the resting orders are away from the market (a passive quote waiting
//   through an L3 replay; a bracket's stop and target waiting through a bar replay). The core keeps `IdleBounds`
//   — per side, the prices at which the market reaches a resting order's limit or trigger, the earliest GTD
//   expiry, whether an order trails — refreshed when an order is added, removed, repriced or triggered, so the
//   engine tells such an iteration in a few comparisons instead of walking the orders (a walk retained each
//   array and order: ~200 instructions of each S3 delta, ~450 of each S1 bar step).
// The matching decisions that call back into the engine (fill, trigger) live in the engine
// (OrderMatchingEngine+Matching.swift); this type holds the state they read.

public import KeelModel

/// The market prices and the resting orders of one instrument's matching engine.
public struct MatchingCore {
    /// The best bid, raw, valid when `isBidInitialized`.
    public internal(set) var bidRaw: Int64 = 0
    /// The best ask, raw, valid when `isAskInitialized`.
    public internal(set) var askRaw: Int64 = 0
    /// The last trade price, raw, valid when `isLastInitialized`.
    public internal(set) var lastRaw: Int64 = 0
    /// True once a bid was seen.
    public internal(set) var isBidInitialized = false
    /// True once an ask was seen.
    public internal(set) var isAskInitialized = false
    /// True once a last price was seen.
    public internal(set) var isLastInitialized = false
    /// The instrument's price precision.
    public let pricePrecision: UInt8

    /// The resting BUY orders, best (highest key) first.
    public internal(set) var bids: [SimulatedOrder] = []
    /// The resting SELL orders, best (lowest key) first.
    public internal(set) var asks: [SimulatedOrder] = []

    /// What the resting orders need of the market before an iteration can change anything (see `IdleBounds`).
    private(set) var idleBounds = IdleBounds()

    init(pricePrecision: UInt8) {
        self.pricePrecision = pricePrecision
        bids.reserveCapacity(16)
        asks.reserveCapacity(16)
    }

    /// The best bid, if any.
    public var bid: Price? { isBidInitialized ? Price(raw: bidRaw, precision: pricePrecision) : nil }
    /// The best ask, if any.
    public var ask: Price? { isAskInitialized ? Price(raw: askRaw, precision: pricePrecision) : nil }
    /// The last price, if any.
    public var last: Price? { isLastInitialized ? Price(raw: lastRaw, precision: pricePrecision) : nil }

    mutating func setBid(_ raw: Int64) {
        isBidInitialized = true
        bidRaw = raw
    }

    mutating func setAsk(_ raw: Int64) {
        isAskInitialized = true
        askRaw = raw
    }

    mutating func setLast(_ raw: Int64) {
        isLastInitialized = true
        lastRaw = raw
    }

    mutating func reset() {
        for order in bids { order.restingCount = 0 }
        for order in asks { order.restingCount = 0 }
        bids.removeAll(keepingCapacity: true)
        asks.removeAll(keepingCapacity: true)
        idleBounds = IdleBounds()
        bidRaw = 0
        askRaw = 0
        lastRaw = 0
        isBidInitialized = false
        isAskInitialized = false
        isLastInitialized = false
    }

    // MARK: Orders

    /// True if `order` rests in the core.
    ///
    /// Read from the order's count of places in the core (kept by `add`, `remove` and `reset`): scanning the
    /// side made callers copy the core, retaining both arrays.
    func contains(_ order: SimulatedOrder) -> Bool {
        assert((order.restingCount > 0) == (order.side == .buy ? bids : asks).contains { $0 === order },
            "Invariant: an order's resting count follows the core's sides")
        return order.restingCount > 0
    }

    /// Adds `order` and re-sorts its side (stable).
    mutating func add(_ order: SimulatedOrder) {
        order.restingCount += 1
        if order.side == .buy {
            bids.append(order)
            Self.stableSort(&bids, descending: true)
        } else {
            asks.append(order)
            Self.stableSort(&asks, descending: false)
        }
        refreshIdleBounds()
    }

    /// Removes `order` if it rests here.
    mutating func remove(_ order: SimulatedOrder) {
        if order.side == .buy {
            if let index = bids.firstIndex(where: { $0 === order }) {
                bids.remove(at: index)
                order.restingCount -= 1
            }
        } else {
            if let index = asks.firstIndex(where: { $0 === order }) {
                asks.remove(at: index)
                order.restingCount -= 1
            }
        }
        refreshIdleBounds()
    }

    /// Recomputes `idleBounds` from the resting orders: after an order is added, removed or repriced.
    ///
    /// - Complexity: O(n) in the number of resting orders.
    mutating func refreshIdleBounds() {
        var bounds = IdleBounds()
        for order in bids { bounds.include(order) }
        for order in asks { bounds.include(order) }
        idleBounds = bounds
    }

    /// True if no resting order can fill, trigger, expire or trail on the current market at `timeNs` (expiry
    /// only when `checkingExpiry`): read from `idleBounds` in a few comparisons, with no optional to unwrap (a
    /// quote replay asks it for every quote).
    @inline(__always)
    func isIdle(atNs timeNs: UInt64, checkingExpiry: Bool) -> Bool {
        if idleBounds.isEmpty { return true }  // nothing rests: a replay, or a strategy of market orders
        if idleBounds.hasAlwaysActive || (checkingExpiry && timeNs >= idleBounds.earliestExpireTimeNs) { return false }
        if isAskInitialized && (askRaw <= idleBounds.askAtOrBelowRaw || askRaw > idleBounds.askAboveRaw) { return false }
        if isBidInitialized && (bidRaw > idleBounds.bidAboveRaw || bidRaw <= idleBounds.bidAtOrBelowRaw) { return false }
        return true
    }

    /// The price an order is ranked by within its side.
    static func sortKey(_ order: SimulatedOrder) -> Int64 {
        switch order.orderType {
        case .limit, .marketToLimit: return order.price?.raw ?? 0
        case .stopMarket, .marketIfTouched, .trailingStopMarket: return order.triggerPrice?.raw ?? 0
        case .stopLimit, .limitIfTouched, .trailingStopLimit:
            return order.isTriggered ? (order.price?.raw ?? 0) : (order.triggerPrice?.raw ?? order.price?.raw ?? 0)
        case .market: preconditionFailure("Invariant: a MARKET order never rests in the matching core")
        }
    }

    private static func stableSort(_ orders: inout [SimulatedOrder], descending: Bool) {
        // Insertion sort: stable, and linear when only the appended element is out of place.
        guard orders.count > 1 else { return }
        for i in 1..<orders.count {
            let item = orders[i]
            let key = sortKey(item)
            var j = i - 1
            while j >= 0 {
                let other = sortKey(orders[j])
                let outOfOrder = descending ? other < key : other > key
                if !outOfOrder { break }
                orders[j + 1] = orders[j]
                j -= 1
            }
            orders[j + 1] = item
        }
    }

    // MARK: Market predicates

    /// True if a limit order of `side` at `priceRaw` is marketable.
    @inlinable
    public func isLimitMatched(side: OrderSide, priceRaw: Int64) -> Bool {
        switch side {
        case .buy: isAskInitialized && askRaw <= priceRaw
        case .sell: isBidInitialized && bidRaw >= priceRaw
        case .noOrderSide: false
        }
    }

    /// True if a stop order of `side` at `triggerRaw` is triggered.
    @inlinable
    public func isStopTriggered(side: OrderSide, triggerRaw: Int64) -> Bool {
        switch side {
        case .buy: isAskInitialized && askRaw >= triggerRaw
        case .sell: isBidInitialized && bidRaw <= triggerRaw
        case .noOrderSide: false
        }
    }

    /// True if an if-touched order of `side` at `triggerRaw` is triggered.
    @inlinable
    public func isTouchTriggered(side: OrderSide, triggerRaw: Int64) -> Bool {
        switch side {
        case .buy: isAskInitialized && askRaw <= triggerRaw
        case .sell: isBidInitialized && bidRaw >= triggerRaw
        case .noOrderSide: false
        }
    }
}

/// The market move on which a resting order acts when an iteration visits it (fills, or triggers), as
/// `OrderMatchingEngine.match` decides it; what it does not cover (trailing, an order without the prices its
/// type needs) is `.always`.
enum RestingTrigger: Equatable {
    /// BUY: acts when the ask is at or below the price (limit, if-touched, triggered stop-limit).
    case askAtOrBelow(Int64)
    /// BUY: acts when the ask is at or above the price (stop-market, untriggered stop-limit).
    case askAtOrAbove(Int64)
    /// SELL: acts when the bid is at or above the price (limit, if-touched, triggered stop-limit).
    case bidAtOrAbove(Int64)
    /// SELL: acts when the bid is at or below the price (stop-market, untriggered stop-limit).
    case bidAtOrBelow(Int64)
    /// May act on any market (trailing orders trail at every iteration).
    case always
    /// Never acts (no side).
    case never

    /// The trigger of `order` in its current state (type, side, prices, triggered or not).
    init(_ order: SimulatedOrder) {
        let isBuy: Bool
        switch order.side {
        case .buy: isBuy = true
        case .sell: isBuy = false
        case .noOrderSide:
            self = .never
            return
        }
        // `atMost`: the order acts when the market reaches its price from above (BUY) / below (SELL).
        let priceRaw: Int64?
        let towards: Bool
        switch order.orderType {
        case .limit, .marketToLimit:
            (priceRaw, towards) = (order.price?.raw, true)
        case .stopMarket:
            (priceRaw, towards) = (order.triggerPrice?.raw, false)
        case .marketIfTouched:
            (priceRaw, towards) = (order.triggerPrice?.raw, true)
        case .stopLimit:
            guard order.price != nil else {
                self = .never  // `match` needs the limit price
                return
            }
            (priceRaw, towards) = order.isTriggered ? (order.price?.raw, true) : (order.triggerPrice?.raw, false)
        case .limitIfTouched:
            guard order.price != nil else {
                self = .never
                return
            }
            (priceRaw, towards) = order.isTriggered ? (order.price?.raw, true) : (order.triggerPrice?.raw, true)
        case .trailingStopMarket, .trailingStopLimit, .market:
            self = .always
            return
        }
        guard let priceRaw else {
            self = .never  // `match` does nothing without the price it compares
            return
        }
        switch (isBuy, towards) {
        case (true, true): self = .askAtOrBelow(priceRaw)
        case (true, false): self = .askAtOrAbove(priceRaw)
        case (false, true): self = .bidAtOrAbove(priceRaw)
        case (false, false): self = .bidAtOrBelow(priceRaw)
        }
    }
}

/// What the resting orders of a matching core need of the market before an iteration can change anything.
///
/// An iteration is idle — it fills, triggers, expires and trails nothing — when no resting order's trigger
/// (`RestingTrigger`) is reached by the market, none is due to expire and none trails. The bounds answer that
/// without visiting the orders: the highest price at or below which an ask acts on a BUY order, the lowest at or
/// above which it does, and the same for the bid on SELL orders; the earliest GTD expiry.
struct IdleBounds: Hashable, Sendable {
    /// True if no order rests.
    var isEmpty = true
    /// True if a resting order may act on any market (a trailing order).
    var hasAlwaysActive = false
    /// The highest price at or below which the ask acts on a resting BUY order (limits, if-touched);
    /// `Int64.min` if none (no price is `Int64.min`).
    var askAtOrBelowRaw = Int64.min
    /// One less than the lowest price at or above which the ask acts on a resting BUY order (stops): the ask acts
    /// when above it; `Int64.max` if none.
    var askAboveRaw = Int64.max
    /// One less than the lowest price at or above which the bid acts on a resting SELL order (limits,
    /// if-touched): the bid acts when above it; `Int64.max` if none.
    var bidAboveRaw = Int64.max
    /// The highest price at or below which the bid acts on a resting SELL order (stops); `Int64.min` if none.
    var bidAtOrBelowRaw = Int64.min
    /// The earliest GTD expiry of the resting orders (nanoseconds), `UInt64.max` if none expires.
    var earliestExpireTimeNs = UInt64.max

    /// The bounds of a core with no resting orders.
    init() {}

    mutating func include(_ order: SimulatedOrder) {
        isEmpty = false
        // Prices are never `Int64.min` (a `Price` invariant), so `raw - 1` does not overflow.
        switch RestingTrigger(order) {
        case .askAtOrBelow(let raw): askAtOrBelowRaw = Swift.max(askAtOrBelowRaw, raw)
        case .askAtOrAbove(let raw): askAboveRaw = Swift.min(askAboveRaw, raw - 1)
        case .bidAtOrAbove(let raw): bidAboveRaw = Swift.min(bidAboveRaw, raw - 1)
        case .bidAtOrBelow(let raw): bidAtOrBelowRaw = Swift.max(bidAtOrBelowRaw, raw)
        case .always: hasAlwaysActive = true
        case .never: break
        }
        let expireTimeNs = order.expireTimeNs
        if expireTimeNs > 0 { earliestExpireTimeNs = Swift.min(earliestExpireTimeNs, expireTimeNs) }
    }
}
