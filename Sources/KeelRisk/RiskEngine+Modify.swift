// The modify path, after the reference's `validate_modify_order`: the order exists and is neither closed
// nor pending cancel, the instrument is known, the new price, trigger price and quantity pass the submit
// checks, the trading state allows it, and the modify throttle has room. Failures send
// `OrderModifyRejected` with the reference's texts. A modify of an order the cache does not hold is
// dropped and counted (the reference logs it): there is no order to apply a rejection to.

import KeelCache
import KeelCommon
import KeelCore
import KeelModel

extension RiskEngine {
    func handleModify(_ command: ModifyOrder) {
        if config.bypass {
            forward(.modifyOrder(command))
            return
        }
        guard let order = cache.order(command.clientOrderId) else {
            deniedCount += 1
            return
        }
        evaluateLimits()
        if order.isClosed {
            return rejectModify(order, reason: "Order with command.client_order_id: \(command.clientOrderId) already closed")
        }
        if order.status == .pendingCancel {
            return rejectModify(
                order, reason: "Order with command.client_order_id: \(command.clientOrderId) is already pending cancel")
        }
        guard let instrument = cache.instrument(command.instrumentId) else {
            return rejectModify(order, reason: "no instrument found for \(command.instrumentId)")
        }
        if let price = command.price, let reason = Self.priceDenial(price, instrument: instrument) {
            return rejectModify(order, reason: reason)
        }
        if let trigger = command.triggerPrice, let reason = Self.priceDenial(trigger, instrument: instrument) {
            return rejectModify(order, reason: reason)
        }
        if let quantity = command.quantity,
            let reason = Self.quantityDenial(quantity, instrument: instrument, isQuoteQuantity: order.isQuoteQuantity)
        {
            return rejectModify(order, reason: reason)
        }
        switch tradingState {
        case .active:
            break
        case .halted:
            return rejectModify(order, reason: "TradingState is HALTED: Cannot modify order")
        case .reducing:
            if let quantity = command.quantity, quantity > order.quantity {
                let net = portfolio.netPositionRaw(order.instrumentId)
                let reduces =
                    order.isQuoteQuantity
                    ? reducesNet(side: order.side, quantityRaw: 0, netRaw: net)
                    : reducesNet(side: order.side, quantityRaw: quantity.raw - order.filledQty.raw, netRaw: net)
                if !reduces {
                    return rejectModify(
                        order, reason: "TradingState is REDUCING and update will increase exposure \(instrument.id)")
                }
            }
        }
        guard modifyThrottler.tryAcquire(at: clock.timestampNs) else {
            return rejectModify(order, reason: "Exceeded MAX_ORDER_MODIFY_RATE")
        }
        forward(.modifyOrder(command))
    }
}
