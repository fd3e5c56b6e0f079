// Applying events: the order state machine in motion.
//
// What throws and what traps:
// - Everything the venue (or a reconciliation report) can cause throws `OrderError` and leaves the
//   order unchanged: an event the state machine does not allow in the current status, a fill that
//   repeats a trade id, a fill beyond the order quantity, a fill of the wrong side or precision, a
//   trigger for an order type without a TRIGGERED status, an update the order cannot take.
// - What only a bug in Keel can cause traps, with the rule: an event for another order or another
//   strategy (the engine routed it to the wrong order), and a second `OrderInitialized` (an order is
//   initialized once, by being created).
// All checks run before the first mutation, so a thrown error never leaves a half-applied event.

extension Order {
    /// Applies `event` to the order: checks it against the state machine, updates the order and
    /// appends the event to `events`.
    ///
    /// - Parameter event: An event for this order (`event.clientOrderId == clientOrderId`), other
    ///   than `OrderInitialized`. Traps otherwise.
    /// - Throws: `OrderError` if the event is not allowed: an invalid transition from the current
    ///   status, a duplicate trade id, an overfill, a fill or update that does not fit the order, or
    ///   a trigger for a type that has no TRIGGERED status. The order is unchanged then.
    /// - Complexity: O(f) for a fill, where f is the number of fills so far (duplicate check); O(1)
    ///   amortized otherwise.
    public func apply(_ event: OrderEvent) throws(OrderError) {
        let header = event.header  // one switch over the event, not one per field (see `OrderEvent.header`)
        precondition(
            header.clientOrderId == clientOrderId,
            "Invariant: an event is applied to the order it names (event for \(header.clientOrderId), order \(clientOrderId))")
        precondition(
            header.strategyId == strategyId,
            "Invariant: an order's events carry its strategy (event from \(header.strategyId), order of \(strategyId))")
        let kind = header.kind
        precondition(kind != .initialized, "Invariant: an order is initialized once, by being created (\(clientOrderId))")

        try check(event, kind: kind)
        guard let next = status.transition(on: kind) else {
            throw failure(.invalidTransition, kind, "no transition from \(status) on \(kind.name)")
        }

        // PENDING_* requests remember the status to return to; the rejections that end them, and
        // repeated requests, must not overwrite it.
        let source = status
        if kind != .modifyRejected, kind != .cancelRejected, source != .pendingUpdate, source != .pendingCancel {
            previousStatus = source
        }
        status = next

        switch event {
        case .initialized: break  // excluded above
        case .denied(let e): tsClosed = e.tsEvent
        case .emulated: break
        case .released: emulationTrigger = nil
        case .submitted(let e):
            accountIdPlace = textPlace(e.accountId.text)
            tsSubmitted = e.tsEvent
        case .accepted(let e):
            accountIdPlace = textPlace(e.accountId.text)
            setVenueOrderId(e.venueOrderId)
            tsAccepted = e.tsEvent
        case .rejected(let e): tsClosed = e.tsEvent
        case .canceled(let e): tsClosed = e.tsEvent
        case .expired(let e): tsClosed = e.tsEvent
        case .triggered(let e): tsTriggered = e.tsEvent
        case .pendingUpdate, .pendingCancel: break
        case .modifyRejected:
            if source == .pendingUpdate, let previousStatus { status = previousStatus }
        case .cancelRejected:
            if source == .pendingCancel, let previousStatus { status = previousStatus }
        case .updated(let e): applyUpdate(e, source: source)
        case .filled(let e): applyFill(e, source: source)
        }
        tsLast = header.tsEvent
        record(event, header)
    }

    /// The checks that depend on the event's content, run before any change.
    private func check(_ event: OrderEvent, kind: OrderEvent.Kind) throws(OrderError) {
        switch event {
        case .triggered:
            guard orderType.isTriggerable else {
                throw failure(.invalidEventForOrderType, kind, "a \(orderType) order has no TRIGGERED status")
            }
        case .filled(let fill):
            if tradeIds.contains(fill.tradeId) {
                throw failure(.duplicateFill, kind, "trade \(fill.tradeId) was already applied")
            }
            guard fill.orderSide == side else {
                throw failure(.invalidEventForOrderType, kind, "a \(fill.orderSide) fill for a \(side) order")
            }
            guard fill.lastQty.precision == quantity.precision, fill.lastQty.isPositive else {
                throw failure(
                    .invalidEventForOrderType, kind,
                    "fill quantity \(fill.lastQty) is not positive at the order's precision \(quantity.precision)")
            }
            // Checked only when the transition is allowed, so a fill on a FILLED order reports the
            // transition, not an overfill.
            if status.transition(on: kind) != nil, fill.lastQty.raw > quantity.raw - filledQty.raw {
                throw failure(
                    .overfill, kind,
                    "fill of \(fill.lastQty) exceeds the \(quantity.saturatingSubtract(filledQty)) left of \(quantity) (trade \(fill.tradeId))")
            }
        case .updated(let update):
            if update.price != nil, !orderType.allowsPrice {
                throw failure(.invalidEventForOrderType, kind, "a \(orderType) order has no price to update")
            }
            if update.triggerPrice != nil, !orderType.allowsTriggerPrice {
                throw failure(.invalidEventForOrderType, kind, "a \(orderType) order has no trigger price to update")
            }
            guard update.quantity.precision == quantity.precision, update.quantity.isPositive else {
                throw failure(
                    .invalidUpdate, kind,
                    "quantity \(update.quantity) is not positive at the order's precision \(quantity.precision)")
            }
            guard update.quantity >= filledQty else {
                throw failure(.invalidUpdate, kind, "quantity \(update.quantity) is below the filled quantity \(filledQty)")
            }
        default: break
        }
    }

    private func failure(_ code: OrderError.Code, _ kind: OrderEvent.Kind, _ reason: String) -> OrderError {
        OrderError(code: code, clientOrderId: clientOrderId, status: status, eventKind: kind, reason: reason)
    }

    private func setVenueOrderId(_ id: VenueOrderId) {
        venueOrderIdPlace = textPlace(id.text)
        if !venueOrderIds.contains(id) { venueOrderIds.append(id) }
    }

    private func applyUpdate(_ update: OrderUpdated, source: OrderStatus) {
        if source == .pendingUpdate || source == .pendingCancel, let previousStatus { status = previousStatus }
        if let id = update.venueOrderId, id != venueOrderId { setVenueOrderId(id) }
        quantity = update.quantity
        leavesQty = quantity - filledQty
        if let price = update.price { self.price = price }
        if let trigger = update.triggerPrice { triggerPrice = trigger }
        // A venue that reports the quantity cut to what is filled has closed the order.
        if update.reconciliation, filledQty.isPositive, leavesQty.isZero {
            status = .filled
            tsClosed = update.tsEvent
        }
    }

    private func applyFill(_ fill: OrderFilled, source: OrderStatus) {
        filledQty += fill.lastQty
        leavesQty = quantity - filledQty
        if leavesQty.isZero {
            status = .filled
            tsClosed = fill.tsEvent
        } else if source == .canceled || source == .expired {
            status = source  // a late partial fill does not reopen the order
        } else if source == .pendingUpdate || source == .pendingCancel {
            status = source  // the request is still open; it returns to PARTIALLY_FILLED
            previousStatus = .partiallyFilled
        } else {
            status = .partiallyFilled
        }

        if venueOrderIdPlace == 0 || !venueOrderIds.contains(fill.venueOrderId) { setVenueOrderId(fill.venueOrderId) }
        if accountIdPlace == 0 { accountIdPlace = textPlace(fill.accountId.text) }
        if let position = fill.positionId { positionId = position }
        tradeIds.append(fill.tradeId)
        liquiditySide = fill.liquiditySide
        if tsAccepted == nil { tsAccepted = fill.tsEvent }

        fillNotionalRaw += Int128(fill.lastQty.raw) * Int128(fill.lastPx.raw)
        fillPricePrecision = max(fillPricePrecision ?? 0, fill.lastPx.precision)
        if let commission = fill.commission { addCommission(commission) }

        if orderType == .marketToLimit {
            // The unfilled rest works as a limit order at the first fill's price.
            orderType = .limit
            price = fill.lastPx
        }
    }

    private func addCommission(_ commission: Money) {
        if let index = commissions.firstIndex(where: { $0.currency == commission.currency }) {
            commissions[index] += commission
        } else {
            commissions.append(commission)
        }
    }
}
