// Matching: the iteration over resting orders after each market move, triggers, and the fill price rules.
//
// Behaviour matched (engine.pyx @ 1.221.0 `iterate`, `fill_market_order`, `fill_limit_order`,
// `determine_market_price_and_volume`, `determine_limit_price_and_volume`, `apply_fills`, `fill_order`,
// `trigger_stop_order`, `_trail_stop_order`; matching_core.pyx `match_*`):
// - `iterate` reads the book's best bid/ask into the core (unless a trade with an aggressor set them), matches
//   a snapshot of the resting orders (bids, then asks), then walks the orders again for GTD expiry and
//   trailing, and restores the market that fills moved ("targets") at the first order still working.
// - Limit matched resting → MAKER at the limit price (the book's better price is replaced by the limit);
//   marketable at submission → TAKER at the book price. A stop-limit / limit-if-touched triggered during
//   iteration is MAKER if its trigger lies beyond its limit (BUY trigger > price), else TAKER; at submission
//   always TAKER. A TAKER fill of a triggered order is at the trigger price when the limit is beyond it.
// - Market-style fills on L1: MARKET, MARKET_TO_LIMIT and MARKET_IF_TOUCHED at the touch (the trigger price
//   for a triggered MIT), STOP_MARKET and trailing stops at their trigger price, which becomes the touch. What
//   the L1 book cannot fill fills one tick worse; a resting limit's rest fills at its price (MAKER) or one tick
//   worse (TAKER) unless its price equals the touch.
// - The fill model is asked only when the market touches a MAKER limit exactly (BUY: bid == price) and when a
//   stop is touched exactly; slippage of one tick on every L1 fill with its probability.
// - Reduce-only: an order without a position is canceled when it would fill; a fill larger than the position
//   is cut to it (the order's quantity is updated); after a fill, reduce-only orders of the position follow its
//   quantity (canceled when it is flat).
// - Contingencies after a fill: OTO children are released (given the parent's position id) and processed;
//   OCO siblings are canceled; OUO siblings are canceled when the order is closed, or reduced to its leaves.

import KeelCache
public import KeelCore
public import KeelModel

/// One fill: price and quantity, raw.
struct Fill {
    var priceRaw: Int64
    var quantityRaw: Int64
}

extension OrderMatchingEngine {
    // MARK: Iterate

    /// Matches every resting order against the current market at `ts`.
    public func iterate(_ ts: UnixNanos, aggressor: AggressorSide = .noAggressor) {
        if aggressor == .noAggressor {
            if pendingTop.count > 0 {
                // A deferred L1 change: the book's best prices once written are its sides that have a size.
                if pendingTop.bidSizeRaw > 0 { core.setBid(pendingTop.bidRaw) }
                if pendingTop.askSizeRaw > 0 { core.setAsk(pendingTop.askRaw) }
            } else {
                // Read in place: `bestBidPrice` on the stored struct copied the whole book (and retained its
                // ladders) for each getter, on every quote and delta.
                let (bid, ask) = storedBook.bestRaws()
                if let bid { core.setBid(bid) }
                if let ask { core.setAsk(ask) }
            }
        }
        matchRestingOrders(ts)
    }

    /// `iterate` once the core holds the market: matches, expires and trails the resting orders at `ts`.
    ///
    /// Inlined into each caller for the common case: nothing rests, or only LIMIT orders the market does
    /// not reach and no expiry is due; the passes would change nothing (a passive quote waiting in an L3
    /// replay is this case), and the targets are already clear (they are set only with `hasTargets`, and
    /// cleared with it).
    @inline(__always)
    func matchRestingOrders(_ ts: UnixNanos) {
        timestampNs = ts
        if !hasTargets && restingOrdersAreIdle(ts) { return }
        matchRestingOrdersByVisit(ts)
    }

    /// The passes of `iterate` over the resting orders: match, then expire, trail and restore the targets.
    ///
    /// Each pass visits the resting orders as they were when it began (an order a pass closes or adds is seen
    /// as the pass found it), through copies of the core's two arrays: a copy is one retain of each array's
    /// storage, and the core copies its storage only if the pass changes it. Refilling a buffer with both
    /// sides and emptying it again cost ~2,000 instructions a bar (S1: ~140 M a run), most bars changing nothing.
    private func matchRestingOrdersByVisit(_ ts: UnixNanos) {
        do {
            let (bids, asks) = (core.bids, core.asks)
            for order in bids where !order.isClosed { match(order, initial: false) }
            for order in asks where !order.isClosed { match(order, initial: false) }
        }
        do {
            let (bids, asks) = (core.bids, core.asks)
            for order in bids where !order.isClosed { expireOrTrail(order, ts) }
            for order in asks where !order.isClosed { expireOrTrail(order, ts) }
        }
        targetBidRaw = 0
        targetAskRaw = 0
        targetLastRaw = 0
        hasTargets = false
    }

    /// The second pass's step for one open resting order: expire it if its GTD time has come, else trail it,
    /// then restore the targets a fill set aside.
    @inline(__always)
    private func expireOrTrail(_ order: SimulatedOrder, _ ts: UnixNanos) {
        if config.supportGTDOrders, order.expireTimeNs > 0, ts.rawValue >= order.expireTimeNs {
            core.remove(order)
            expire(order)
            return
        }
        if order.orderType.isTrailing { trail(order) }
        if hasTargets {
            core.setBid(targetBidRaw)
            core.setAsk(targetAskRaw)
            core.setLast(targetLastRaw)
            hasTargets = false
        }
    }

    /// True if no resting order can fill, trigger, expire or trail at `ts` on the current market: no order's
    /// limit or trigger is reached (`RestingTrigger`), none trails, no GTD expiry is due. Read from the core's
    /// `idleBounds`, not by visiting the orders (debug builds check the two agree).
    @inline(__always)
    private func restingOrdersAreIdle(_ ts: UnixNanos) -> Bool {
        let idle = core.isIdle(atNs: ts.rawValue, checkingExpiry: config.supportGTDOrders)
        assert(idle == restingOrdersAreIdleByVisit(ts), "Invariant: the core's idle bounds follow its orders")
        return idle
    }

    /// `restingOrdersAreIdle`, by visiting each resting order.
    private func restingOrdersAreIdleByVisit(_ ts: UnixNanos) -> Bool {
        for order in core.bids where !isIdle(order, ts) { return false }
        for order in core.asks where !isIdle(order, ts) { return false }
        return true
    }

    @inline(__always)
    private func isIdle(_ order: SimulatedOrder, _ ts: UnixNanos) -> Bool {
        if config.supportGTDOrders && order.expireTimeNs > 0 && ts.rawValue >= order.expireTimeNs { return false }
        switch RestingTrigger(order) {
        case .askAtOrBelow(let raw): return !(core.isAskInitialized && core.askRaw <= raw)
        case .askAtOrAbove(let raw): return !(core.isAskInitialized && core.askRaw >= raw)
        case .bidAtOrAbove(let raw): return !(core.isBidInitialized && core.bidRaw >= raw)
        case .bidAtOrBelow(let raw): return !(core.isBidInitialized && core.bidRaw <= raw)
        case .always: return false
        case .never: return true
        }
    }

    // MARK: Matching one order

    func match(_ order: SimulatedOrder, initial: Bool) {
        switch order.orderType {
        case .limit, .marketToLimit:
            if let price = order.price, core.isLimitMatched(side: order.side, priceRaw: price.raw) {
                order.liquiditySide = .maker
                fillLimit(order)
            }
        case .stopMarket:
            matchStopMarket(order)
        case .stopLimit:
            matchStopLimit(order, initial: initial)
        case .marketIfTouched:
            if let trigger = order.triggerPrice, core.isTouchTriggered(side: order.side, triggerRaw: trigger.raw) {
                order.triggeredPrice = trigger
                fillMarket(order)
            }
        case .limitIfTouched:
            matchLimitIfTouched(order, initial: initial)
        case .trailingStopMarket:
            if order.isActivated { matchStopMarket(order) }
        case .trailingStopLimit:
            if order.isActivated { matchStopLimit(order, initial: initial) }
        case .market:
            preconditionFailure("Invariant: a MARKET order never rests in the matching core")
        }
    }

    private func matchStopMarket(_ order: SimulatedOrder) {
        guard let trigger = order.triggerPrice, core.isStopTriggered(side: order.side, triggerRaw: trigger.raw) else { return }
        order.triggeredPrice = trigger
        fillMarket(order)
    }

    private func matchStopLimit(_ order: SimulatedOrder, initial: Bool) {
        guard let price = order.price else { return }
        if order.isTriggered {
            if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
                order.liquiditySide = .maker
                fillLimit(order)
            }
            return
        }
        guard let trigger = order.triggerPrice, core.isStopTriggered(side: order.side, triggerRaw: trigger.raw) else { return }
        order.triggeredPrice = trigger
        order.liquiditySide = liquidity(initial: initial, side: order.side, priceRaw: price.raw, triggerRaw: trigger.raw)
        triggerStop(order)
    }

    private func matchLimitIfTouched(_ order: SimulatedOrder, initial: Bool) {
        guard let price = order.price else { return }
        if order.isTriggered {
            if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
                order.liquiditySide = .maker
                fillLimit(order)
            }
            return
        }
        guard let trigger = order.triggerPrice, core.isTouchTriggered(side: order.side, triggerRaw: trigger.raw) else { return }
        if !initial { order.triggeredPrice = trigger }
        order.liquiditySide = liquidity(initial: initial, side: order.side, priceRaw: price.raw, triggerRaw: trigger.raw)
        triggerStop(order)
    }

    private func liquidity(initial: Bool, side: OrderSide, priceRaw: Int64, triggerRaw: Int64) -> LiquiditySide {
        if initial { return .taker }
        if side == .buy, triggerRaw > priceRaw { return .maker }
        if side == .sell, triggerRaw < priceRaw { return .maker }
        return .taker
    }

    /// A stop-limit or if-touched limit whose trigger fired: report it, then fill what is marketable.
    func triggerStop(_ order: SimulatedOrder) {
        guard let trigger = order.triggerPrice, let price = order.price else { return }
        if order.side == .buy, core.askRaw == trigger.raw, !fillModel.isStopFilled() { return }
        if order.side == .sell, core.bidRaw == trigger.raw, !fillModel.isStopFilled() { return }
        emitTriggered(order)
        if order.side == .buy, trigger.raw > price.raw, price.raw > core.askRaw {
            order.liquiditySide = .maker
            fillLimit(order)
            return
        }
        if order.side == .sell, trigger.raw < price.raw, price.raw < core.bidRaw {
            order.liquiditySide = .maker
            fillLimit(order)
            return
        }
        if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
            if order.isPostOnly {
                core.remove(order)
                emitRejected(
                    order,
                    marketReason("POST_ONLY ", order, " order limit px of ", price, " would have been a TAKER: "),
                    dueToPostOnly: true)
                return
            }
            order.liquiditySide = .taker
            fillLimit(order)
        }
    }

    // MARK: Fills

    /// Fills a marketable order (market-style) against the book.
    func fillMarket(_ order: SimulatedOrder) {
        guard order.filledQty.raw < order.quantity.raw else { return }
        let positionId = positionId(for: order)
        let position = positionId.flatMap { cache.position($0) }
        if config.useReduceOnly, order.isReduceOnly, position == nil {
            cancel(order)
            return
        }
        order.liquiditySide = .taker
        let fills = marketFills(order)
        applyFills(order, fills, liquiditySide: order.liquiditySide, positionId: positionId, position: position?.id)
    }

    /// Fills a limit order (resting or marketable) against the book.
    func fillLimit(_ order: SimulatedOrder) {
        guard let price = order.price else { preconditionFailure("Invariant: a limit fill has a limit price (\(order))") }
        guard order.filledQty.raw < order.quantity.raw else { return }
        if order.liquiditySide == .maker {
            if order.side == .buy, core.bidRaw == price.raw, !fillModel.isLimitFilled() { return }
            if order.side == .sell, core.askRaw == price.raw, !fillModel.isLimitFilled() { return }
        }
        let positionId = positionId(for: order)
        let position = positionId.flatMap { cache.position($0) }
        if config.useReduceOnly, order.isReduceOnly, position == nil {
            cancel(order)
            return
        }
        let fills = limitFills(order)
        applyFills(order, fills, liquiditySide: order.liquiditySide, positionId: positionId, position: position?.id)
    }

    private func bookFills(_ order: SimulatedOrder, limit: Price?) -> [Fill] {
        let leaves = order.leavesQty
        guard leaves.isPositive else { return [] }
        if config.bookType == .l1MBP {
            // The L1 book has one level a side: walk it without building BookFill values.
            // Read in place once the pending top is written: `book` returns a copy of the whole book.
            writePendingTop()
            let level: (price: Price, size: Quantity)?
            if order.side == .buy {
                level = storedBook.bestAskPrice.flatMap { p in storedBook.bestAskSize.map { (p, $0) } }
            } else {
                level = storedBook.bestBidPrice.flatMap { p in storedBook.bestBidSize.map { (p, $0) } }
            }
            guard let level else { return [] }
            if let limit {
                if order.side == .buy, level.price.raw > limit.raw { return [] }
                if order.side == .sell, level.price.raw < limit.raw { return [] }
            }
            let quantity = min(level.size.raw, leaves.raw)
            guard quantity > 0 else { return [] }
            return [Fill(priceRaw: level.price.raw, quantityRaw: quantity)]
        }
        return book.simulateFills(side: order.side, price: limit, quantity: leaves).map {
            Fill(priceRaw: $0.price.raw, quantityRaw: $0.size.raw)
        }
    }

    private func marketFills(_ order: SimulatedOrder) -> [Fill] {
        guard core.isBidInitialized, core.isAskInitialized else { return [] }
        var fills = bookFills(order, limit: nil)
        guard config.bookType == .l1MBP, !fills.isEmpty else { return fills }
        let triggered = order.triggeredPrice
        switch order.orderType {
        case .market, .marketToLimit, .marketIfTouched:
            var priceRaw: Int64
            if order.side == .buy {
                priceRaw = core.isAskInitialized ? core.askRaw : (book.bestAskPrice?.raw ?? 0)
            } else {
                priceRaw = core.isBidInitialized ? core.bidRaw : (book.bestBidPrice?.raw ?? 0)
            }
            if let triggered { priceRaw = triggered.raw }
            core.setLast(priceRaw)
            fills[0].priceRaw = priceRaw
        default:
            var price = (order.orderType == .limit || order.orderType == .limitIfTouched) ? order.price : order.triggerPrice
            if let triggered { price = triggered }
            guard let priceRaw = price?.raw else { return fills }
            if order.side == .buy { core.setAsk(priceRaw) } else { core.setBid(priceRaw) }
            core.setLast(priceRaw)
            fills[0].priceRaw = priceRaw
        }
        return fills
    }

    private func limitFills(_ order: SimulatedOrder) -> [Fill] {
        guard core.isBidInitialized, core.isAskInitialized, let price = order.price else { return [] }
        var fills = bookFills(order, limit: price)
        guard !fills.isEmpty else { return fills }
        let triggered = order.triggeredPrice
        if let triggered, order.liquiditySide == .taker {
            if order.side == .buy, price.raw > triggered.raw {
                fills[0].priceRaw = triggered.raw
                saveTargets()
                core.setAsk(price.raw)
                core.setLast(price.raw)
            } else if order.side == .sell, price.raw < triggered.raw {
                fills[0].priceRaw = triggered.raw
                saveTargets()
                core.setBid(price.raw)
                core.setLast(price.raw)
            }
        }
        if order.liquiditySide == .maker {
            var limitRaw = price.raw
            if order.side == .buy {
                if let triggered, limitRaw > triggered.raw { limitRaw = triggered.raw }
                for i in fills.indices where fills[i].priceRaw < limitRaw {
                    saveTargets()
                    core.setAsk(limitRaw)
                    core.setLast(limitRaw)
                    fills[i].priceRaw = limitRaw
                }
            } else {
                if let triggered, limitRaw < triggered.raw { limitRaw = triggered.raw }
                for i in fills.indices where fills[i].priceRaw > limitRaw {
                    saveTargets()
                    core.setBid(limitRaw)
                    core.setLast(limitRaw)
                    fills[i].priceRaw = limitRaw
                }
            }
        }
        return fills
    }

    private func saveTargets() {
        hasTargets = true
        targetBidRaw = core.bidRaw
        targetAskRaw = core.askRaw
        targetLastRaw = core.lastRaw
    }

    func applyFills(
        _ order: SimulatedOrder, _ fills: [Fill], liquiditySide: LiquiditySide, positionId: PositionId?, position: PositionId?
    ) {
        precondition(liquiditySide != .noLiquiditySide, "Invariant: a fill is MAKER or TAKER (\(order))")
        order.liquiditySide = liquiditySide
        let sizePrecision = spec.sizePrecision
        let pricePrecision = spec.pricePrecision
        let tick = spec.priceIncrement.raw

        if order.timeInForce == .fok {
            let total = fills.reduce(Int64(0)) { $0 + $1.quantityRaw }
            if order.leavesQty.raw > total {
                cancel(order)
                return
            }
        }
        if fills.isEmpty {
            if order.status == .submitted { emitRejected(order, "no market with no fills for \(order.instrumentId)") }
            return
        }
        let venuePositionId = config.omsType == .netting ? nil : positionId

        var initialMarketToLimitFill = false
        var lastFillRaw: Int64? = nil
        for fill in fills {
            var priceRaw = fill.priceRaw
            var quantityRaw = fill.quantityRaw
            if order.filledQty.raw == 0, order.orderType == .marketToLimit {
                emitUpdated(order, quantity: order.quantity, price: Price(raw: priceRaw, precision: pricePrecision), triggerPrice: nil)
                initialMarketToLimitFill = true
            }
            if config.bookType == .l1MBP, fillModel.isSlipped() {
                priceRaw += order.side == .buy ? tick : -tick
            }
            if config.useReduceOnly, order.isReduceOnly, let id = position, let position = cache.position(id),
                quantityRaw > position.quantity.raw
            {
                if position.quantity.raw == 0 { return }
                quantityRaw = position.quantity.raw
                emitUpdated(order, quantity: Quantity(raw: quantityRaw, precision: sizePrecision), price: nil, triggerPrice: nil)
            }
            if quantityRaw == 0 {
                if fills.count == 1, order.status == .submitted { emitRejected(order, "no market for \(order.instrumentId)") }
                return
            }
            fillOrder(
                order, priceRaw: priceRaw, quantityRaw: quantityRaw, liquiditySide: order.liquiditySide,
                venuePositionId: venuePositionId, position: position)
            if order.orderType == .marketToLimit, initialMarketToLimitFill { return }
            lastFillRaw = priceRaw
        }

        if order.timeInForce == .ioc, order.isOpen {
            cancel(order)
            return
        }
        guard config.bookType == .l1MBP, let lastFillRaw else { return }
        switch order.orderType {
        case .market, .marketIfTouched, .stopMarket, .trailingStopMarket:
            if order.isOpen {
                let priceRaw = lastFillRaw + (order.side == .buy ? tick : -tick)
                fillOrder(
                    order, priceRaw: priceRaw, quantityRaw: order.leavesQty.raw, liquiditySide: order.liquiditySide,
                    venuePositionId: venuePositionId, position: position)
            }
        case .limit, .limitIfTouched, .marketToLimit, .stopLimit, .trailingStopLimit:
            if order.isOpen, let price = order.price {
                if !hasTargets {
                    if order.side == .buy, core.isAskInitialized, price.raw == core.askRaw { return }
                    if order.side == .sell, core.isBidInitialized, price.raw == core.bidRaw { return }
                }
                let priceRaw =
                    order.liquiditySide == .maker ? price.raw : lastFillRaw + (order.side == .buy ? tick : -tick)
                fillOrder(
                    order, priceRaw: priceRaw, quantityRaw: order.leavesQty.raw, liquiditySide: order.liquiditySide,
                    venuePositionId: venuePositionId, position: position)
            }
        }
    }

    func fillOrder(
        _ order: SimulatedOrder, priceRaw: Int64, quantityRaw: Int64, liquiditySide: LiquiditySide,
        venuePositionId: PositionId?, position positionBeforeId: PositionId?
    ) {
        precondition(liquiditySide != .noLiquiditySide, "Invariant: a fill is MAKER or TAKER (\(order))")
        order.liquiditySide = liquiditySide
        let lastQtyRaw = min(order.leavesQty.raw, quantityRaw)
        guard lastQtyRaw > 0 else { return }
        let lastQty = Quantity(raw: lastQtyRaw, precision: spec.sizePrecision)
        let lastPx = Price(raw: priceRaw, precision: spec.pricePrecision)
        let commission = feeModel.commission(
            instrument: spec, quantity: lastQty, price: lastPx, liquiditySide: liquiditySide,
            isFirstFill: order.filledQty.raw == 0)
        emitFilled(
            order, venueOrderId: venueOrderId(for: order), positionId: venuePositionId, quantity: lastQty, price: lastPx,
            commission: commission, liquiditySide: liquiditySide)

        if order.isPassive, order.isClosed { core.remove(order) }
        guard config.supportContingentOrders else { return }

        switch order.contingencyType {
        case .oto:
            for childId in order.linkedOrderIds {
                guard let child = orders[childId], !child.isClosed else { continue }
                if child.positionId == nil, let parentPosition = order.positionId { child.positionId = parentPosition }
                if !child.isOpen { processOrder(child) }
            }
        case .oco:
            for siblingId in order.linkedOrderIds {
                guard let sibling = orders[siblingId], !sibling.isClosed else { continue }
                cancel(sibling)
            }
        case .ouo:
            for siblingId in order.linkedOrderIds {
                guard let sibling = orders[siblingId] else { continue }
                if order.isClosed, sibling.isOpen {
                    cancel(sibling)
                } else if order.leavesQty.raw != 0, order.leavesQty.raw != sibling.leavesQty.raw {
                    update(sibling, quantity: order.leavesQty, price: sibling.price, triggerPrice: sibling.triggerPrice, updateContingencies: false)
                }
            }
        default: break
        }

        // Reduce-only orders of the position follow its quantity.
        guard let positionBeforeId, let position = cache.position(positionBeforeId) else { return }
        guard config.useReduceOnly else { return }
        // Ids compare bytewise, which is `String` order for their ASCII, without building strings.
        let reduceOnly = (core.bids + core.asks)
            .filter { $0.positionId == position.id && $0.isReduceOnly && $0.isOpen && $0.isPassive }
            .sorted { $0.clientOrderId < $1.clientOrderId }
        for other in reduceOnly where other.isOpen {
            if position.quantity.raw == 0 {
                cancel(other)
                continue
            }
            var targetRaw = position.quantity.raw
            if let parentId = other.parentOrderId, let parent = orders[parentId], parent.filledQty.raw < position.quantity.raw {
                targetRaw = parent.filledQty.raw
            }
            if other.filledQty.raw > targetRaw { targetRaw = other.filledQty.raw }
            if other.quantity.raw != targetRaw {
                update(
                    other, quantity: Quantity(raw: targetRaw, precision: other.quantity.precision), price: other.price,
                    triggerPrice: other.triggerPrice)
            }
        }
    }

    // MARK: Trailing

    /// Moves a trailing order's trigger (and limit) with the market; activates it first if needed.
    func trail(_ order: SimulatedOrder) {
        if !order.isActivated {
            guard (order.side == .buy ? core.ask : core.bid) != nil else { return }
            order.isActivated = true
        }
        guard let offset = order.trailingOffset else { return }
        let tick = spec.priceIncrement
        var newTrigger: Price? = nil
        var newPrice: Price? = nil
        var trigger = order.triggerPrice
        var price = order.orderType == .trailingStopLimit ? order.price : nil
        let isBuy = order.side == .buy

        func better(_ candidate: Price, than current: Price?) -> Bool {
            guard let current else { return true }
            return isBuy ? current.raw > candidate.raw : current.raw < candidate.raw
        }
        func step(from reference: (last: Price?, bid: Price?, ask: Price?), useLast: Bool) -> Bool {
            let base: Price?
            if useLast { base = reference.last } else { base = isBuy ? reference.ask : reference.bid }
            guard let base else { return false }
            let candidate = TrailingStop.price(
                base: base, side: order.side, offset: offset, offsetType: order.trailingOffsetType, tick: tick)
            if better(candidate, than: trigger) {
                newTrigger = candidate
                trigger = candidate
            }
            if order.orderType == .trailingStopLimit, let limitOffset = order.limitOffset {
                let candidateLimit = TrailingStop.price(
                    base: base, side: order.side, offset: limitOffset, offsetType: order.trailingOffsetType, tick: tick)
                if better(candidateLimit, than: price) {
                    newPrice = candidateLimit
                    price = candidateLimit
                }
            }
            return true
        }
        let market = (last: core.last, bid: core.bid, ask: core.ask)
        switch order.triggerType {
        case .default, .lastPrice, .markPrice:
            guard step(from: market, useLast: true) else { return }
        case .bidAsk:
            guard step(from: market, useLast: false) else { return }
        case .lastOrBidAsk:
            guard market.last != nil, market.bid != nil, market.ask != nil else { return }
            _ = step(from: market, useLast: true)
            _ = step(from: market, useLast: false)
        default:
            return
        }
        guard newTrigger != nil || newPrice != nil else { return }
        emitUpdated(order, quantity: order.quantity, price: newPrice, triggerPrice: newTrigger)
    }
}

/// The reference's trailing-stop arithmetic (nautilus_trader/execution/trailing.pyx @ 1.221.0), in doubles
/// rounded as its `Price(f64, precision)`.
enum TrailingStop {
    static func price(base: Price, side: OrderSide, offset: Price, offsetType: TrailingOffsetType, tick: Price) -> Price {
        let baseValue = base.doubleValue
        var offsetValue = offset.doubleValue
        switch offsetType {
        case .basisPoints: offsetValue = baseValue * (offsetValue / 100) / 100
        case .ticks: offsetValue *= tick.doubleValue
        default: break
        }
        let value = side == .buy ? baseValue + offsetValue : baseValue - offsetValue
        var scale = 1.0
        for _ in 0..<tick.precision { scale *= 10 }
        let units = Int64((value * scale).rounded(.toNearestOrAwayFromZero))
        return Price(raw: units * FixedPoint.rawStep(precision: tick.precision), precision: tick.precision)
    }
}
