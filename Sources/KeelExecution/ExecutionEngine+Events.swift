// Event handling: apply a client's event to its order, keep positions, publish.
//
// What NautilusTrader does and Keel keeps (`execution/engine.pyx`, `_handle_event`):
// - The order is looked up by the event's client order id, else through the venue order id; an event found
//   that way is re-addressed to the cached order's ids before it is applied.
// - A fill repeating a trade id the order already has, or exceeding its quantity, is rejected before any
//   position work, so it consumes no position id.
// - The fill's position id is decided before the order sees it: the order's cached position, else the
//   HEDGING/NETTING rule, and the fill is re-issued with that id so the order and the cache record it.

public import KeelModel
import KeelCache
import KeelCommon
import KeelCore

extension ExecutionEngine {
    /// Applies a client's `event` to its order (the `Endpoints.executionProcess` handler): updates the order
    /// and the cache, on fills keeps positions, then publishes.
    ///
    /// Venue input never traps: an unknown order, an invalid transition, a duplicate fill or an overfill is
    /// recorded in `problems` and nothing changes or is published.
    public func process(_ event: OrderEvent) {
        eventCount += 1
        // The common case (the event names a cached order) passes the event on as it is: the event is 672
        // bytes, and returning it from a lookup with the order, then rebinding it, copied it several times.
        if let order = cache.order(event.clientOrderId) {
            guard order.strategyId == event.strategyId, order.instrumentId == event.instrumentId else {
                return record(
                    .orderNotFound, event.clientOrderId,
                    "cannot apply \(event.name): order \(order.clientOrderId) belongs to \(order.strategyId) in \(order.instrumentId), the event names \(event.strategyId) in \(event.instrumentId)"
                )
            }
            return apply(event, to: order)
        }
        guard let (order, addressed) = findOrderByVenueOrderId(for: event) else { return }
        apply(addressed, to: order)
    }

    /// Applies `event` to its cached `order`: on a fill, checks it and books it to its position first.
    private func apply(_ event: OrderEvent, to order: Order) {
        // Every event but a fill goes through without its payload being read here (passing the fill on as an
        // optional made each event build a ~600-byte `OrderFilled?` on the stack).
        guard case .filled(let fill) = event else {
            guard commit(event, to: order) else { return }
            return publish(event, of: order)
        }
        if order.tradeIds.contains(fill.tradeId) {
            return record(.duplicateFill, order.clientOrderId, "duplicate fill: \(order.clientOrderId) trade \(fill.tradeId) already applied")
        }
        if order.status.transition(on: .filled) != nil, fill.lastQty.raw > order.quantity.raw - order.filledQty.raw {
            let note = config.allowOverfills ? " (allowOverfills is not supported by the order model)" : ""
            return record(
                .overfill, order.clientOrderId,
                "overfill rejected: \(order.clientOrderId) last_qty=\(fill.lastQty), filled=\(order.filledQty), quantity=\(order.quantity)\(note)")
        }
        let omsType = self.omsType(strategyId: fill.strategyId, instrumentId: fill.instrumentId)
        let positionId = determinePositionId(fill, omsType: omsType, order: order)
        let booked = fill.with(positionId: positionId)
        let bookedEvent = OrderEvent.filled(booked)
        guard commit(bookedEvent, to: order) else { return }
        handleFill(booked, order: order, omsType: omsType)
        fillPublisher(booked.instrumentId).publish(booked)
        publish(bookedEvent, of: order)
    }

    /// Applies `event` to `order` and updates the cache; false (and a problem) if the order refuses it.
    private func commit(_ event: OrderEvent, to order: Order) -> Bool {
        let mark = cache.indexMark(of: order)
        do {
            try order.apply(event)
        } catch {
            let kind: Problem.Kind =
                switch error.code {
                case .duplicateFill: .duplicateFill
                case .overfill: .overfill
                default: .invalidTransition
                }
            record(kind, order.clientOrderId, error.description)
            return false
        }
        cache.updateOrder(order, since: mark)
        return true
    }

    /// Publishes `event` of `order` to its strategy, then the position events its fill queued.
    private func publish(_ event: OrderEvent, of order: Order) {
        // The queue is taken before the order event goes out (its handlers may process further events). Only
        // fills queue position events; taking an empty queue and emptying it with `keepingCapacity` allocated a
        // new buffer per event.
        var positionEvents: [PositionEvent] = []
        if !pendingPositionEvents.isEmpty { swap(&positionEvents, &pendingPositionEvents) }
        orderEventPublisher(recipient(order.strategyId, order.instrumentId)).publish(event)
        guard !positionEvents.isEmpty else { return }
        for positionEvent in positionEvents {
            positionEventPublisher(recipient(positionEvent.strategyId, positionEvent.instrumentId)).publish(positionEvent)
        }
        // The emptied buffer becomes the queue again (unless the handlers queued into a new one): a fill's
        // position events then need no allocation.
        if pendingPositionEvents.isEmpty {
            positionEvents.removeAll(keepingCapacity: true)
            pendingPositionEvents = positionEvents
        }
    }

    /// The cached order an event with an unknown client order id is for, found through its venue order id, and
    /// the event addressed to it; nil (and a problem) if there is none.
    private func findOrderByVenueOrderId(for event: OrderEvent) -> (Order, OrderEvent)? {
        guard let venueOrderId = event.venueOrderId else {
            record(.orderNotFound, event.clientOrderId, "cannot apply \(event.name): order \(event.clientOrderId) is not in the cache and the event has no venue order id")
            return nil
        }
        guard let clientOrderId = cache.clientOrderId(for: venueOrderId), let order = cache.order(clientOrderId),
            let retagged = event.addressed(to: order)
        else {
            record(.orderNotFound, event.clientOrderId, "cannot apply \(event.name): neither \(event.clientOrderId) nor venue order \(venueOrderId) is in the cache")
            return nil
        }
        return (order, retagged)
    }

    /// The position a fill belongs to (NautilusTrader's `_determine_position_id`).
    private func determinePositionId(_ fill: OrderFilled, omsType: OmsType, order: Order) -> PositionId {
        if let cached = cache.positionId(for: order.clientOrderId) {
            if let assigned = fill.positionId, assigned != cached {
                record(.positionError, order.clientOrderId, "fill \(fill.tradeId) names position \(assigned) but the order's is \(cached); using \(cached)")
            }
            return cached
        }
        switch omsType {
        case .hedging:
            return fill.positionId ?? positionIds.generate(strategyId: fill.strategyId, at: clock.timestampNs)
        case .netting, .unspecified:
            return Self.nettingPositionId(fill.instrumentId, fill.strategyId)
        }
    }
}

extension OrderFilled {
    /// The same fill booked to `positionId` (the event keeps its id and times).
    func with(positionId: PositionId?) -> OrderFilled {
        OrderFilled(
            traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
            venueOrderId: venueOrderId, accountId: accountId, tradeId: tradeId, orderSide: orderSide, orderType: orderType,
            lastQty: lastQty, lastPx: lastPx, currency: currency, liquiditySide: liquiditySide, eventId: eventId,
            tsEvent: tsEvent, tsInit: tsInit, positionId: positionId, commission: commission, reconciliation: reconciliation)
    }
}

extension OrderEvent {
    /// The event re-addressed to `order`'s trader, strategy and client order id (an event the venue sent with
    /// an id the cache only knows through the venue order id); nil for kinds without a venue order id.
    func addressed(to order: Order) -> OrderEvent? {
        let (t, s, i, c) = (order.traderId, order.strategyId, order.instrumentId, order.clientOrderId)
        switch self {
        case .accepted(let e):
            return .accepted(
                OrderAccepted(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: e.venueOrderId,
                    accountId: e.accountId, eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit, reconciliation: e.reconciliation))
        case .canceled(let e):
            return .canceled(
                OrderCanceled(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e.eventId, tsEvent: e.tsEvent,
                    tsInit: e.tsInit, venueOrderId: e.venueOrderId, accountId: e.accountId, reconciliation: e.reconciliation))
        case .expired(let e):
            return .expired(
                OrderExpired(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e.eventId, tsEvent: e.tsEvent,
                    tsInit: e.tsInit, venueOrderId: e.venueOrderId, accountId: e.accountId, reconciliation: e.reconciliation))
        case .triggered(let e):
            return .triggered(
                OrderTriggered(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e.eventId, tsEvent: e.tsEvent,
                    tsInit: e.tsInit, venueOrderId: e.venueOrderId, accountId: e.accountId, reconciliation: e.reconciliation))
        case .updated(let e):
            return .updated(
                OrderUpdated(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, quantity: e.quantity, eventId: e.eventId,
                    tsEvent: e.tsEvent, tsInit: e.tsInit, price: e.price, triggerPrice: e.triggerPrice,
                    venueOrderId: e.venueOrderId, accountId: e.accountId, reconciliation: e.reconciliation))
        case .modifyRejected(let e):
            return .modifyRejected(
                OrderModifyRejected(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: e.reason, eventId: e.eventId,
                    tsEvent: e.tsEvent, tsInit: e.tsInit, venueOrderId: e.venueOrderId, accountId: e.accountId,
                    reconciliation: e.reconciliation))
        case .cancelRejected(let e):
            return .cancelRejected(
                OrderCancelRejected(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: e.reason, eventId: e.eventId,
                    tsEvent: e.tsEvent, tsInit: e.tsInit, venueOrderId: e.venueOrderId, accountId: e.accountId,
                    reconciliation: e.reconciliation))
        case .pendingUpdate(let e):
            return .pendingUpdate(
                OrderPendingUpdate(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: e.accountId, eventId: e.eventId,
                    tsEvent: e.tsEvent, tsInit: e.tsInit, venueOrderId: e.venueOrderId, reconciliation: e.reconciliation))
        case .pendingCancel(let e):
            return .pendingCancel(
                OrderPendingCancel(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: e.accountId, eventId: e.eventId,
                    tsEvent: e.tsEvent, tsInit: e.tsInit, venueOrderId: e.venueOrderId, reconciliation: e.reconciliation))
        case .filled(let e):
            return .filled(
                OrderFilled(
                    traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: e.venueOrderId,
                    accountId: e.accountId, tradeId: e.tradeId, orderSide: e.orderSide, orderType: e.orderType,
                    lastQty: e.lastQty, lastPx: e.lastPx, currency: e.currency, liquiditySide: e.liquiditySide,
                    eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit, positionId: e.positionId,
                    commission: e.commission, reconciliation: e.reconciliation))
        case .initialized, .denied, .emulated, .released, .submitted, .rejected:
            return nil
        }
    }
}
