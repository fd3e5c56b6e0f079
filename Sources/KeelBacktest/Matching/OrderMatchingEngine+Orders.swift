// Orders: submission checks and the acceptance path of each order type, modification and cancellation.
//
// Behaviour matched (engine.pyx @ 1.221.0 `process_order`, `_process_*_order`, `process_modify`,
// `process_cancel`, `process_cancel_all`, `_update_*_order`, `accept_order`, `cancel_order`, `expire_order`,
// `update_order`, `_update_contingent_orders`, `_cancel_contingent_orders`; SimulatedExchange
// `_process_trading_command` and `_process_modify_submitted_order`):
// - An OTO child whose parent is ACCEPTED or TRIGGERED is held (stays SUBMITTED) until the parent fills. A
//   child of a list whose parent was rejected is still processed; an OCO/OUO child whose sibling is already
//   closed is rejected "Contingent order {id} already closed"; a reduce-only order without an open position
//   on the reducing side is rejected "REDUCE_ONLY {TYPE} {SIDE} order would have increased position" (S1's
//   bracket rejections, RESULTS.md caveat 2).
// - Stops and if-touched orders already triggered at submission are rejected with the market in the reason
//   when `rejectStopOrders` (S1 depends on it); otherwise a STOP_MARKET/MIT fills at once and a
//   STOP_LIMIT/LIT is accepted, triggered and filled if marketable (TAKER).
// - Post-only limits that would take are rejected (`dueToPostOnly`). IOC/FOK limits not marketable are
//   canceled after acceptance.
// - Modify and cancel find only orders resting in the matching core ("ClientOrderId('…') not found"
//   otherwise); a held bracket child (SUBMITTED) is modified in place by the exchange. Cancel-all cancels the
//   instrument's open orders in client-order-id order, for every strategy, as the reference's cache query does.

import KeelCache
public import KeelCommon
public import KeelCore
import KeelModel

extension OrderMatchingEngine {
    // MARK: Commands

    /// Processes a submitted order at `ts`.
    public func process(submit command: SubmitOrder, at ts: UnixNanos) {
        timestampNs = ts
        guard let order = register(command.order, positionId: command.positionId) else { return }
        processOrder(order)
    }

    /// Processes a submitted order list at `ts`: every order is registered first, then processed in order.
    public func process(submitList command: SubmitOrderList, at ts: UnixNanos) {
        timestampNs = ts
        // The list's orders go into a buffer the engine keeps (taken out while in use, so a nested list would
        // get its own): one allocation per engine rather than per list.
        var registered = spareOrderBuffer
        spareOrderBuffer = []
        for initialized in command.orders {
            if let order = register(initialized, positionId: command.positionId) { registered.append(order) }
        }
        for order in registered { processOrder(order) }
        registered.removeAll(keepingCapacity: true)
        spareOrderBuffer = registered
    }

    /// Processes a modification at `ts`.
    public func process(modify command: ModifyOrder, at ts: UnixNanos) {
        timestampNs = ts
        if let held = orders[command.clientOrderId], held.status == .submitted {
            // A held bracket child: the venue changes it in place.
            emitUpdated(
                held, quantity: command.quantity ?? held.quantity, price: command.price ?? held.price,
                triggerPrice: command.triggerPrice ?? held.triggerPrice)
            return
        }
        guard let order = orders[command.clientOrderId], core.contains(order) else {
            return emitModifyRejected(
                traderId: command.traderId, strategyId: command.strategyId, instrumentId: command.instrumentId,
                clientOrderId: command.clientOrderId, venueOrderId: command.venueOrderId,
                reason: "ClientOrderId('\(command.clientOrderId)') not found")
        }
        update(order, quantity: command.quantity ?? order.quantity, price: command.price, triggerPrice: command.triggerPrice)
    }

    /// Processes a cancellation at `ts`.
    public func process(cancel command: CancelOrder, at ts: UnixNanos) {
        timestampNs = ts
        guard let order = orders[command.clientOrderId], core.contains(order) else {
            return emitCancelRejected(
                traderId: command.traderId, strategyId: command.strategyId, instrumentId: command.instrumentId,
                clientOrderId: command.clientOrderId, venueOrderId: command.venueOrderId,
                reason: "ClientOrderId('\(command.clientOrderId)') not found")
        }
        if order.isInflight || order.isOpen { cancel(order) }
    }

    /// Processes a batch of cancellations at `ts`, one by one.
    public func process(batchCancel command: BatchCancelOrders, at ts: UnixNanos) {
        for cancel in command.cancels { process(cancel: cancel, at: ts) }
    }

    /// Cancels the instrument's open orders (one side or both) at `ts`.
    public func process(cancelAll command: CancelAllOrders, at ts: UnixNanos) {
        timestampNs = ts
        if core.bids.isEmpty && core.asks.isEmpty { return }  // S1: most of its cancel-alls
        // Ids compare bytewise, which is `String` order for their ASCII, without building strings.
        let open = (core.bids + core.asks).sorted { $0.clientOrderId < $1.clientOrderId }
        for order in open {
            if command.orderSide != .noOrderSide, command.orderSide != order.side { continue }
            if order.isInflight || order.isOpen { cancel(order) }
        }
    }

    private func register(_ initialized: OrderInitialized, positionId: PositionId?) -> SimulatedOrder? {
        // One hash of the 64-byte id: the record is inserted, and in the rare case the id was known, the known
        // record is put back and returned (as a look-up first would have).
        let order = SimulatedOrder(initialized, sequence: orderSequence, positionId: positionId)
        if let known = orders.updateValue(order, forKey: initialized.clientOrderId) {
            orders[initialized.clientOrderId] = known
            return known
        }
        precondition(
            initialized.instrumentId == instrument.id,
            "Invariant: an order reaches its instrument's matching engine (\(initialized.instrumentId) at \(instrument.id))")
        orderSequence += 1
        if orders.count >= nextPurgeAt {
            // Closed groups are forgotten whenever the table has doubled since the last pass: amortised O(1)
            // per order, and a long run holds its open orders and at most as many closed ones.
            purgeClosedOrders()
            nextPurgeAt = max(Self.firstPurgeAt, orders.count * 2)
        }
        return order
    }

    // MARK: Submission

    /// Checks and processes an order the venue holds (new, or a released OTO child).
    func processOrder(_ order: SimulatedOrder) {
        if order.isClosed || core.contains(order) { return }  // Already processed.

        if let activation = instrument.activation, timestampNs < activation {
            return emitRejected(order, "Contract \(instrument.id) not yet active, activation \(activation.iso8601)")
        }
        if let expiration = instrument.expiration, timestampNs > expiration {
            return emitRejected(order, "Contract \(instrument.id) has expired, expiration \(expiration.iso8601)")
        }

        if config.supportContingentOrders, let parentId = order.parentOrderId {
            if let parent = orders[parentId] {
                if parent.status == .rejected, order.isOpen {
                    return emitRejected(order, "REJECT OTO from \(parentId)")
                } else if parent.status == .accepted || parent.status == .triggered {
                    return  // Held until the parent fills.
                }
            }
            if order.contingencyType == .oco || order.contingencyType == .ouo {
                for linkedId in order.linkedOrderIds {
                    guard let linked = orders[linkedId] else { continue }
                    if !order.isClosed, linked.isClosed {
                        return emitRejected(order, "Contingent order \(linkedId) already closed")
                    }
                }
            }
        }

        let sizePrecision = spec.sizePrecision
        let pricePrecision = spec.pricePrecision
        if order.quantity.precision != sizePrecision {
            return emitRejected(
                order,
                "Invalid size precision for order \(order.clientOrderId), was \(order.quantity.precision) when \(instrument.id) size precision is \(sizePrecision)")
        }
        if let price = order.price, price.precision != pricePrecision {
            return emitRejected(
                order,
                "Invalid price precision for order \(order.clientOrderId), was \(price.precision) when \(instrument.id) price precision is \(pricePrecision)")
        }
        if let trigger = order.triggerPrice, trigger.precision != pricePrecision {
            return emitRejected(
                order,
                "Invalid trigger price precision for order \(order.clientOrderId), was \(trigger.precision) when \(instrument.id) price precision is \(pricePrecision)")
        }

        let position = positionForOrder(order)
        if order.side == .sell, config.accountType != .margin, case .equity = instrument,
            position.map({ !wouldReduce(order, $0) }) ?? true
        {
            return emitRejected(
                order,
                "SHORT SELLING not permitted on a CASH account with position \(position.map { "\($0.id)" } ?? "None") and order \(order)")
        }
        if config.useReduceOnly, order.isReduceOnly, !order.isClosed {
            let increases: Bool
            if let position {
                increases = position.isClosed || (order.side == .buy && position.isLong) || (order.side == .sell && position.isShort)
            } else {
                increases = true
            }
            if increases {
                return emitRejected(order, ReasonText.make { text in
                    text.append("REDUCE_ONLY ")
                    text.append(text: order.orderType.description)
                    text.append(" ")
                    text.append(text: order.side.description)
                    text.append(" order would have increased position")
                })
            }
        }

        switch order.orderType {
        case .market: processMarket(order)
        case .marketToLimit: processMarketToLimit(order)
        case .limit: processLimit(order)
        case .stopMarket: processTriggeredMarket(order, touch: false)
        case .stopLimit: processTriggeredLimit(order, touch: false)
        case .marketIfTouched: processTriggeredMarket(order, touch: true)
        case .limitIfTouched: processTriggeredLimit(order, touch: true)
        case .trailingStopMarket, .trailingStopLimit: processTrailing(order)
        }
    }

    private func wouldReduce(_ order: SimulatedOrder, _ position: Position) -> Bool {
        switch (order.side, position.side) {
        case (.buy, .short), (.sell, .long): order.leavesQty <= position.quantity
        default: false
        }
    }

    /// `{prefix}{TYPE} {SIDE}{middle}{price}{suffix}bid={bid}, ask={ask}`: the reference's texts of an order
    /// refused because of where the market is (an absent bid or ask reads `None`), written without interpolation.
    func marketReason(
        _ prefix: StaticString, _ order: SimulatedOrder, _ middle: StaticString, _ price: Price, _ suffix: StaticString
    ) -> String {
        ReasonText.make { text in
            text.append(prefix)
            text.append(text: order.orderType.description)
            text.append(" ")
            text.append(text: order.side.description)
            text.append(middle)
            text.append(price)
            text.append(suffix)
            text.append("bid=")
            text.append(core.bid)
            text.append(", ask=")
            text.append(core.ask)
        }
    }

    private func hasMarket(for order: SimulatedOrder) -> Bool {
        order.side == .buy ? core.isAskInitialized : core.isBidInitialized
    }

    private func processMarket(_ order: SimulatedOrder) {
        if order.timeInForce == .atTheOpen || order.timeInForce == .atTheClose { return }  // Auctions: not simulated.
        guard hasMarket(for: order) else { return emitRejected(order, "no market for \(order.instrumentId)") }
        fillMarket(order)
    }

    private func processMarketToLimit(_ order: SimulatedOrder) {
        guard hasMarket(for: order) else { return emitRejected(order, "no market for \(order.instrumentId)") }
        fillMarket(order)
        if order.isOpen { accept(order) }
    }

    private func processLimit(_ order: SimulatedOrder) {
        if order.timeInForce == .atTheOpen || order.timeInForce == .atTheClose { return }  // Auctions: not simulated.
        guard let price = order.price else { return }
        let matched = core.isLimitMatched(side: order.side, priceRaw: price.raw)
        if order.isPostOnly, matched {
            return emitRejected(
                order,
                marketReason("POST_ONLY ", order, " order limit px of ", price, " would have been a TAKER: "),
                dueToPostOnly: true)
        }
        accept(order)
        if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
            if order.liquiditySide == .noLiquiditySide { order.liquiditySide = .taker }
            fillLimit(order)
        } else if order.timeInForce == .fok || order.timeInForce == .ioc {
            cancel(order)
        }
    }

    /// STOP_MARKET and MARKET_IF_TOUCHED: rejected (`rejectStopOrders`) or filled at once if already triggered
    /// — stops trigger through the market, if-touched orders on touching it — else accepted to rest.
    private func processTriggeredMarket(_ order: SimulatedOrder, touch: Bool) {
        guard let trigger = order.triggerPrice else { return }
        if isTriggered(order, trigger, touch: touch) {
            if config.rejectStopOrders {
                return emitRejected(
                    order, marketReason("", order, " order stop px of ", trigger, " was in the market: "))
            }
            return fillMarket(order)
        }
        accept(order)
    }

    /// STOP_LIMIT and LIMIT_IF_TOUCHED: rejected (`rejectStopOrders`) or accepted, triggered and matched as a
    /// limit if already triggered; else accepted to rest.
    private func processTriggeredLimit(_ order: SimulatedOrder, touch: Bool) {
        guard let trigger = order.triggerPrice, let price = order.price else { return }
        if isTriggered(order, trigger, touch: touch) {
            if config.rejectStopOrders {
                return emitRejected(
                    order,
                    marketReason("", order, " order trigger stop px of ", trigger, " was in the market: "))
            }
            accept(order)
            emitTriggered(order)
            if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
                order.liquiditySide = .taker
                fillLimit(order)
            }
            return
        }
        accept(order)
    }

    private func isTriggered(_ order: SimulatedOrder, _ trigger: Price, touch: Bool) -> Bool {
        touch
            ? core.isTouchTriggered(side: order.side, triggerRaw: trigger.raw)
            : core.isStopTriggered(side: order.side, triggerRaw: trigger.raw)
    }

    private func processTrailing(_ order: SimulatedOrder) {
        // Keel orders have no activation price: the order activates at the current market.
        if (order.side == .buy ? core.ask : core.bid) != nil { order.isActivated = true }
        if order.isActivated, let trigger = order.triggerPrice,
            core.isStopTriggered(side: order.side, triggerRaw: trigger.raw)
        {
            return emitRejected(
                order, marketReason("", order, " order trigger stop px of ", trigger, " was in the market: "))
        }
        accept(order)
    }

    // MARK: Lifecycle

    func accept(_ order: SimulatedOrder) {
        if order.isClosed { return }
        if order.status != .accepted {
            emitAccepted(order)
            if order.orderType.isTrailing, order.triggerPrice == nil { trail(order) }
        }
        core.add(order)
    }

    func cancel(_ order: SimulatedOrder, cancelContingencies: Bool = true) {
        core.remove(order)
        emitCanceled(order)
        if config.supportContingentOrders, order.contingencyType != .noContingency, cancelContingencies {
            cancelContingentOrders(of: order)
        }
    }

    func expire(_ order: SimulatedOrder) {
        if config.supportContingentOrders, order.contingencyType != .noContingency {
            cancelContingentOrders(of: order)
        }
        emitExpired(order)
    }

    private func cancelContingentOrders(of order: SimulatedOrder) {
        for linkedId in order.linkedOrderIds {
            guard let linked = orders[linkedId], !linked.isClosed else { continue }
            cancel(linked, cancelContingencies: false)
        }
    }

    // MARK: Updates

    /// Changes `order`'s quantity, price or trigger, with the reference's checks per type.
    func update(
        _ order: SimulatedOrder, quantity: Quantity, price: Price?, triggerPrice: Price?, updateContingencies: Bool = true
    ) {
        let price = price ?? order.price
        let trigger = triggerPrice ?? order.triggerPrice
        switch order.orderType {
        case .limit, .marketToLimit:
            if let price { updateLimit(order, quantity, price) }
        case .stopMarket, .marketIfTouched:
            if let trigger { updateStopOrTouch(order, quantity, trigger) }
        case .stopLimit, .limitIfTouched:
            if let price, let trigger { updateTriggeredLimit(order, quantity, price, trigger) }
        case .trailingStopMarket:
            if order.isActivated {
                if let trigger { updateStopOrTouch(order, quantity, trigger) }
            } else {
                emitUpdated(order, quantity: quantity, price: nil, triggerPrice: triggerPrice)
            }
        case .trailingStopLimit:
            if order.isActivated {
                if let price, let trigger { updateTriggeredLimit(order, quantity, price, trigger) }
            } else {
                emitUpdated(order, quantity: quantity, price: price, triggerPrice: triggerPrice)
            }
        case .market:
            preconditionFailure("Invariant: a MARKET order is never updated at the venue (\(order))")
        }
        if config.supportContingentOrders, order.contingencyType != .noContingency, updateContingencies {
            updateContingentOrders(of: order)
        }
    }

    private func updateLimit(_ order: SimulatedOrder, _ quantity: Quantity, _ price: Price) {
        if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
            if order.isPostOnly {
                return emitModifyRejected(
                    order,
                    marketReason("POST_ONLY ", order, " order new limit px of ", price, " would have been a TAKER: "))
            }
            emitUpdated(order, quantity: quantity, price: price, triggerPrice: nil)
            order.liquiditySide = .taker
            fillLimit(order)
            return
        }
        emitUpdated(order, quantity: quantity, price: price, triggerPrice: nil)
    }

    private func updateStopOrTouch(_ order: SimulatedOrder, _ quantity: Quantity, _ trigger: Price) {
        let inMarket =
            order.orderType == .marketIfTouched
            ? core.isTouchTriggered(side: order.side, triggerRaw: trigger.raw)
            : core.isStopTriggered(side: order.side, triggerRaw: trigger.raw)
        if inMarket {
            return emitModifyRejected(
                order, marketReason("", order, " order new stop px of ", trigger, " was in the market: "))
        }
        emitUpdated(order, quantity: quantity, price: nil, triggerPrice: trigger)
    }

    private func updateTriggeredLimit(_ order: SimulatedOrder, _ quantity: Quantity, _ price: Price, _ trigger: Price) {
        if !order.isTriggered {
            let inMarket =
                order.orderType == .limitIfTouched
                ? core.isTouchTriggered(side: order.side, triggerRaw: trigger.raw)
                : core.isStopTriggered(side: order.side, triggerRaw: trigger.raw)
            if inMarket {
                return emitModifyRejected(
                    order,
                    marketReason("", order, " order new trigger stop px of ", trigger, " was in the market: "))
            }
        } else if core.isLimitMatched(side: order.side, priceRaw: price.raw) {
            if order.isPostOnly {
                return emitModifyRejected(
                    order,
                    marketReason("POST_ONLY ", order, " order  new limit px of ", price, " would have been a TAKER: "))
            }
            emitUpdated(order, quantity: quantity, price: price, triggerPrice: nil)
            order.liquiditySide = .taker
            fillLimit(order)
            return
        }
        emitUpdated(order, quantity: quantity, price: price, triggerPrice: trigger)
    }

    private func updateContingentOrders(of order: SimulatedOrder) {
        for linkedId in order.linkedOrderIds {
            guard let linked = orders[linkedId], linked.orderType != .market, !linked.isClosed else { continue }
            if order.leavesQty.raw == 0 {
                cancel(linked)
            } else if linked.leavesQty.raw != order.leavesQty.raw {
                update(
                    linked, quantity: order.leavesQty, price: linked.price, triggerPrice: linked.triggerPrice,
                    updateContingencies: false)
            }
        }
    }
}
