// Emitting events: each builder updates the venue's record of the order the way the execution engine will
// update the strategy's `Order` (status, quantities, prices), then hands the event to the sink. Reason texts
// are the reference's (engine.pyx `_generate_order_*` callers).

import KeelCore
import KeelModel

extension OrderMatchingEngine {
    func nextEventId() -> UUID4 { UUID4(using: &generator) }

    func emitRejected(_ order: SimulatedOrder, _ reason: String, dueToPostOnly: Bool = false) {
        order.status = .rejected
        sink(.rejected(OrderRejected(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, reason: reason, eventId: nextEventId(),
            tsEvent: timestampNs, tsInit: timestampNs, dueToPostOnly: dueToPostOnly)))
    }

    func emitAccepted(_ order: SimulatedOrder) {
        let venueOrderId = venueOrderId(for: order)
        order.status = .accepted
        sink(.accepted(OrderAccepted(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: venueOrderId, accountId: accountId, eventId: nextEventId(),
            tsEvent: timestampNs, tsInit: timestampNs)))
    }

    func emitCanceled(_ order: SimulatedOrder) {
        let venueOrderId = venueOrderId(for: order)
        order.status = .canceled
        sink(.canceled(OrderCanceled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextEventId(), tsEvent: timestampNs, tsInit: timestampNs,
            venueOrderId: venueOrderId, accountId: accountId)))
    }

    func emitExpired(_ order: SimulatedOrder) {
        order.status = .expired
        sink(.expired(OrderExpired(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextEventId(), tsEvent: timestampNs, tsInit: timestampNs,
            venueOrderId: order.venueOrderId, accountId: accountId)))
    }

    func emitTriggered(_ order: SimulatedOrder) {
        order.status = .triggered
        order.isTriggered = true
        core.refreshIdleBounds()  // a triggered order now acts at its limit price
        sink(.triggered(OrderTriggered(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextEventId(), tsEvent: timestampNs, tsInit: timestampNs,
            venueOrderId: order.venueOrderId, accountId: accountId)))
    }

    func emitUpdated(_ order: SimulatedOrder, quantity: Quantity, price: Price?, triggerPrice: Price?) {
        order.quantity = quantity
        if let price { order.price = price }
        if let triggerPrice { order.triggerPrice = triggerPrice }
        if price != nil || triggerPrice != nil { core.refreshIdleBounds() }
        if order.filledQty.isPositive, order.leavesQty.raw <= 0 { order.status = .filled }
        sink(.updated(OrderUpdated(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, quantity: quantity, eventId: nextEventId(), tsEvent: timestampNs,
            tsInit: timestampNs, price: price, triggerPrice: triggerPrice, venueOrderId: order.venueOrderId,
            accountId: accountId)))
    }

    func emitModifyRejected(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        venueOrderId: VenueOrderId?, reason: String
    ) {
        sink(.modifyRejected(OrderModifyRejected(
            traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
            reason: reason, eventId: nextEventId(), tsEvent: timestampNs, tsInit: timestampNs,
            venueOrderId: venueOrderId, accountId: accountId)))
    }

    func emitModifyRejected(_ order: SimulatedOrder, _ reason: String) {
        emitModifyRejected(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId, reason: reason)
    }

    func emitCancelRejected(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        venueOrderId: VenueOrderId?, reason: String
    ) {
        sink(.cancelRejected(OrderCancelRejected(
            traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
            reason: reason, eventId: nextEventId(), tsEvent: timestampNs, tsInit: timestampNs,
            venueOrderId: venueOrderId, accountId: accountId)))
    }

    func emitFilled(
        _ order: SimulatedOrder, venueOrderId: VenueOrderId, positionId: PositionId?, quantity: Quantity, price: Price,
        commission: Money, liquiditySide: LiquiditySide
    ) {
        order.filledQty = Quantity(raw: order.filledQty.raw + quantity.raw, precision: order.filledQty.precision)
        order.status = order.leavesQty.raw <= 0 ? .filled : .partiallyFilled
        if let positionId {
            order.positionId = positionId
        } else if order.positionId == nil, config.omsType == .netting {
            order.positionId = PositionId("\(order.instrumentId)-\(order.strategyId)")
        }
        sink(.filled(OrderFilled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: venueOrderId, accountId: accountId, tradeId: nextTradeId(),
            orderSide: order.side, orderType: order.orderType, lastQty: quantity, lastPx: price,
            currency: spec.quoteCurrency, liquiditySide: liquiditySide, eventId: nextEventId(), tsEvent: timestampNs,
            tsInit: timestampNs, positionId: positionId, commission: commission)))
    }
}
