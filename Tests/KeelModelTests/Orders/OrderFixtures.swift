import KeelCore
import KeelModel

/// Builders for orders and their events, through the production initialisers.
enum OrderFixtures {
    static let traderId = TraderId("TRADER-001")
    static let strategyId = StrategyId("S-001")
    static let instrumentId = InstrumentId("AUD/USD.SIM")
    static let accountId = AccountId("SIM-001")
    static let venueOrderId = VenueOrderId("V-1")
    static let t0 = UnixNanos(seconds: 1_328_056_140)  // 2012-02-01T00:29:00Z

    static func factory(seed: UInt64 = 42) -> OrderFactory {
        OrderFactory(traderId: traderId, strategyId: strategyId, seed: seed)
    }

    static func qty(_ text: String) -> Quantity { try! Quantity(text) }
    static func px(_ text: String) -> Price { try! Price(text) }

    /// A STOP_LIMIT order: it can take every event kind (it has a price, a trigger and a TRIGGERED status).
    static func stopLimit(quantity: String = "100") -> Order {
        try! factory().stopLimit(
            instrumentId: instrumentId, side: .buy, quantity: qty(quantity), price: px("1.00010"),
            triggerPrice: px("1.00000"), tsInit: t0)
    }

    static func limit(quantity: String = "4000", price: String = "1.00010", side: OrderSide = .buy) -> Order {
        try! factory().limit(instrumentId: instrumentId, side: side, quantity: qty(quantity), price: px(price), tsInit: t0)
    }


    /// An event of `kind` for `order`; fills take `fillQty` (default: everything left, or 1).
    static func event(
        _ kind: OrderEvent.Kind, for order: Order, fillQty: Quantity? = nil, fillPx: Price? = nil,
        tradeId: String = "T-apply", ts: UInt64 = 1, commission: Money? = nil
    ) -> OrderEvent {
        let e = UUID4(high: UInt64(kind.rawValue), low: ts)
        let tsEvent = t0 + .seconds(ts)
        let (t, s, i, c) = (order.traderId, order.strategyId, order.instrumentId, order.clientOrderId)
        switch kind {
        case .initialized: return .initialized(order.initializedEvent)
        case .denied:
            return .denied(OrderDenied(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: "risk", eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .emulated:
            return .emulated(OrderEmulated(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .released:
            return .released(OrderReleased(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, releasedPrice: px("1.00000"), eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .submitted:
            return .submitted(OrderSubmitted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: accountId, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .accepted:
            return .accepted(OrderAccepted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: venueOrderId, accountId: accountId, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .rejected:
            return .rejected(OrderRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: accountId, reason: "no", eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .canceled:
            return .canceled(OrderCanceled(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .expired:
            return .expired(OrderExpired(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .triggered:
            return .triggered(OrderTriggered(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .pendingUpdate:
            return .pendingUpdate(OrderPendingUpdate(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: accountId, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .pendingCancel:
            return .pendingCancel(OrderPendingCancel(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: accountId, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .modifyRejected:
            return .modifyRejected(OrderModifyRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: "no", eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .cancelRejected:
            return .cancelRejected(OrderCancelRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: "no", eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .updated:
            return .updated(OrderUpdated(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, quantity: order.quantity, eventId: e, tsEvent: tsEvent, tsInit: tsEvent))
        case .filled:
            let lastQty = fillQty ?? (order.leavesQty.isPositive ? order.leavesQty : Quantity(units: 1, precision: order.quantity.precision))
            return .filled(OrderFilled(
                traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: venueOrderId,
                accountId: accountId, tradeId: TradeId(tradeId), orderSide: order.side, orderType: order.orderType,
                lastQty: lastQty, lastPx: fillPx ?? order.price ?? px("1.00000"), currency: .usd, liquiditySide: .maker,
                eventId: e, tsEvent: tsEvent, tsInit: tsEvent, commission: commission))
        }
    }

    /// The events that take a fresh order to `status`.
    static func path(to status: OrderStatus) -> [OrderEvent.Kind] {
        switch status {
        case .initialized: []
        case .denied: [.denied]
        case .emulated: [.emulated]
        case .released: [.emulated, .released]
        case .submitted: [.submitted]
        case .accepted: [.submitted, .accepted]
        case .rejected: [.submitted, .rejected]
        case .canceled: [.submitted, .accepted, .canceled]
        case .expired: [.submitted, .accepted, .expired]
        case .triggered: [.submitted, .accepted, .triggered]
        case .pendingUpdate: [.submitted, .accepted, .pendingUpdate]
        case .pendingCancel: [.submitted, .accepted, .pendingCancel]
        case .partiallyFilled: [.submitted, .accepted, .filled]
        case .filled: [.submitted, .accepted, .filled]
        }
    }

    /// A STOP_LIMIT order of 100 brought to `status` (PARTIALLY_FILLED: 40 filled).
    static func stopLimit(in status: OrderStatus) throws -> Order {
        let order = stopLimit()
        for (k, kind) in path(to: status).enumerated() {
            let fillQty: Quantity? = status == .partiallyFilled ? qty("40") : nil
            try order.apply(event(kind, for: order, fillQty: fillQty, tradeId: "T-path", ts: UInt64(k + 1)))
        }
        return order
    }
}
