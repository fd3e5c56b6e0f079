// The submit path: pre-trade checks on orders and order lists, the trading-state gate and the submit
// throttle. See RiskEngine.swift for the order of checks and the reference they follow.

import KeelCache
import KeelCommon
import KeelCore
import KeelModel

extension RiskEngine {
    func handleSubmit(_ command: SubmitOrder) {
        if config.bypass {
            forward(.submitOrder(command))
            return
        }
        evaluateLimits()
        let order = command.order
        if order.reduceOnly, let reason = reduceOnlyDenial(order, positionId: command.positionId) {
            return deny([order], failing: 0, reason: reason, listId: nil)
        }
        guard let instrument = cache.instrument(order.instrumentId) else {
            return deny([order], failing: 0, reason: "INSTRUMENT_NOT_FOUND: instrument_id=\(order.instrumentId)", listId: nil)
        }
        if let reason = orderDenial(order, instrument: instrument) {
            return deny([order], failing: 0, reason: reason, listId: nil)
        }
        if let (index, reason) = notionalDenial([order], instrument: instrument) {
            return deny([order], failing: index, reason: reason, listId: nil)
        }
        if let (index, reason) = freeBalanceDenial([order], instrument: instrument) {
            return deny([order], failing: index, reason: reason, listId: nil)
        }
        if let reason = tradingStateDenial([order]) {
            return deny([order], reason: reason)
        }
        guard submitThrottler.tryAcquire(at: clock.timestampNs) else {
            return deny([order], reason: "RATE_LIMIT_EXCEEDED")
        }
        forward(.submitOrder(command))
    }

    func handleSubmitList(_ command: SubmitOrderList) {
        if config.bypass {
            forward(.submitOrderList(command))
            return
        }
        evaluateLimits()
        let orders = command.orders
        var instruments: [InstrumentId: Instrument] = [:]
        for order in orders where instruments[order.instrumentId] == nil {
            guard let instrument = cache.instrument(order.instrumentId) else {
                return deny(orders, reason: "INSTRUMENT_NOT_FOUND: instrument_id=\(order.instrumentId)")
            }
            instruments[order.instrumentId] = instrument
        }
        for (index, order) in orders.enumerated() {
            if let reason = orderDenial(order, instrument: instruments[order.instrumentId]!) {
                return deny(orders, failing: index, reason: reason, listId: command.orderListId)
            }
        }
        guard let representative = instruments[command.instrumentId] else {
            return deny(orders, reason: "INSTRUMENT_NOT_FOUND: instrument_id=\(command.instrumentId)")
        }
        if let (index, reason) = notionalDenial(orders, instrument: representative) {
            return deny(orders, failing: index, reason: reason, listId: command.orderListId)
        }
        if let (index, reason) = freeBalanceDenial(orders, instrument: representative) {
            return deny(orders, failing: index, reason: reason, listId: command.orderListId)
        }
        if let reason = tradingStateDenial(orders) {
            return deny(orders, reason: reason)
        }
        guard submitThrottler.tryAcquire(at: clock.timestampNs) else {
            return deny(orders, reason: "RATE_LIMIT_EXCEEDED")
        }
        forward(.submitOrderList(command))
    }

    /// Denies every order of a command with `reason`.
    func deny(_ orders: [OrderInitialized], reason: String) {
        deniedCount += 1
        for order in orders { denyOrder(order, reason: reason) }
    }

    /// Denies `orders[failing]` with `reason` and, for a list, every other order with `ORDER_LIST_DENIED`.
    func deny(_ orders: [OrderInitialized], failing: Int, reason: String, listId: OrderListId?) {
        deniedCount += 1
        denyOrder(orders[failing], reason: reason)
        guard let listId else { return }
        for (index, order) in orders.enumerated() where index != failing {
            denyOrder(order, reason: "ORDER_LIST_DENIED: order_list_id=\(listId)")
        }
    }

    // MARK: Reduce-only

    /// The denial of a reduce-only submit that would open or increase a position, if it would.
    ///
    /// With a position id (HEDGING), the position must exist and the order must reduce it (the reference).
    /// Without one (NETTING), Keel checks the portfolio's net position in the instrument.
    func reduceOnlyDenial(_ order: OrderInitialized, positionId: PositionId?) -> String? {
        if let positionId {
            guard let position = cache.position(positionId) else { return "POSITION_NOT_FOUND: position_id=\(positionId)" }
            let reduces =
                switch (order.orderSide, position.side) {
                case (.buy, .short), (.sell, .long): order.quantity <= position.quantity
                default: false
                }
            return reduces ? nil : "REDUCE_ONLY_WOULD_INCREASE_POSITION: position_id=\(positionId)"
        }
        let net = portfolio.netPositionRaw(order.instrumentId)
        return reducesNet(side: order.orderSide, quantityRaw: order.quantity.raw, netRaw: net)
            ? nil : "REDUCE_ONLY_WOULD_INCREASE_POSITION: instrument_id=\(order.instrumentId)"
    }

    /// True if a fill of `quantityRaw` on `side` moves a net position of `netRaw` toward flat without
    /// crossing it.
    func reducesNet(side: OrderSide, quantityRaw: Int64, netRaw: Int64) -> Bool {
        switch side {
        case .buy: netRaw < 0 && quantityRaw <= -netRaw
        case .sell: netRaw > 0 && quantityRaw <= netRaw
        case .noOrderSide: false
        }
    }

    // MARK: Per-order checks

    /// The first failure of the per-order checks: price, trigger price, quantity, GTD expiry.
    func orderDenial(_ order: OrderInitialized, instrument: Instrument) -> String? {
        if let price = order.price, let reason = Self.priceDenial(price, instrument: instrument) { return reason }
        if let trigger = order.triggerPrice, let reason = Self.priceDenial(trigger, instrument: instrument) {
            return "trigger \(reason)"
        }
        if let reason = Self.quantityDenial(order.quantity, instrument: instrument, isQuoteQuantity: order.quoteQuantity) {
            return reason
        }
        if order.timeInForce == .gtd {
            guard let expireTime = order.expireTime else { return "MISSING_EXPIRE_TIME" }
            if expireTime <= clock.timestampNs { return "EXPIRE_TIME_IN_PAST: expire_time=\(expireTime.iso8601)" }
        }
        return nil
    }

    /// The reference's price check: precision not above the instrument's, and positive unless the
    /// instrument may trade at negative prices.
    static func priceDenial(_ price: Price, instrument: Instrument) -> String? {
        if price.precision > instrument.pricePrecision {
            return "price \(price) invalid (precision \(price.precision) > \(instrument.pricePrecision))"
        }
        if !allowsNegativePrice(instrument) && price.raw <= 0 { return "price \(price) invalid (<= 0)" }
        return nil
    }

    /// The reference's quantity check: precision not above the instrument's, then (for base quantities)
    /// the instrument's maximum and minimum.
    static func quantityDenial(_ quantity: Quantity, instrument: Instrument, isQuoteQuantity: Bool) -> String? {
        if quantity.precision > instrument.sizePrecision {
            return "quantity \(quantity) invalid (precision \(quantity.precision) > \(instrument.sizePrecision))"
        }
        if isQuoteQuantity { return nil }
        if let max = instrument.maxQuantity, quantity > max {
            return "quantity \(quantity) invalid (> maximum trade size of \(max))"
        }
        if let min = instrument.minQuantity, quantity < min {
            return "quantity \(quantity) invalid (< minimum trade size of \(min))"
        }
        return nil
    }

    /// True for the instruments NautilusTrader lets trade at zero or negative prices: options, futures and
    /// option spreads (by instrument class) and spot commodities.
    static func allowsNegativePrice(_ instrument: Instrument) -> Bool {
        if case .commodity = instrument { return true }
        switch instrument.instrumentClass {
        case .option, .futuresSpread, .optionSpread: return true
        default: return false
        }
    }

    // MARK: Notional checks

    /// The first notional failure among `orders`, priced with `instrument`: the configured maximum per
    /// order, then the instrument's minimum and maximum notional.
    ///
    /// Each order is priced as the reference does: MARKET and MARKET_TO_LIMIT at the ask (BUY) or bid (SELL)
    /// of the last quote, else the last trade (an order with neither is not checked); STOP_MARKET and
    /// MARKET_IF_TOUCHED at the trigger price; trailing orders at their trigger price if set (else not
    /// checked — Keel does not compute the trailing trigger here); the rest at their limit price. A quote
    /// quantity is converted to base at that price (for LIMIT and STOP_LIMIT, at the better of limit and
    /// touch).
    func notionalDenial(_ orders: [OrderInitialized], instrument: Instrument) -> (Int, String)? {
        let maxNotional = maxNotionals[instrument.id]
        for (index, order) in orders.enumerated() {
            guard let price = riskPrice(order, instrument: instrument) else { continue }
            var quantity = order.quantity
            if order.quoteQuantity && !instrument.isInverse {
                do {
                    quantity = try instrument.calculateBaseQuantity(
                        quantity: quantity, lastPrice: worstCasePrice(order, price: price, instrument: instrument))
                } catch {
                    return (index, "QUANTITY_CONVERSION_FAILED: \(error.field) \(error.reason)")
                }
            }
            let notional = instrument.notionalValue(quantity: quantity, price: price, useQuoteForInverse: true)
            if let maxNotional {
                guard maxNotional.currency == notional.currency else {
                    return (index, "INVALID_MAX_NOTIONAL_PER_ORDER: instrument_id=\(instrument.id), value=\(maxNotional)")
                }
                if notional > maxNotional {
                    return (
                        index,
                        "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=\(maxNotional.reasonText), notional=\(notional.reasonText)"
                    )
                }
            }
            if let min = instrument.minNotional, min.currency == notional.currency, notional < min {
                return (index, "NOTIONAL_BELOW_MINIMUM: min_notional=\(min.reasonText), notional=\(notional.reasonText)")
            }
            if let max = instrument.maxNotional, max.currency == notional.currency, notional > max {
                return (index, "NOTIONAL_EXCEEDS_MAXIMUM: max_notional=\(max.reasonText), notional=\(notional.reasonText)")
            }
        }
        return nil
    }

    /// The first free-balance failure among `orders` for a CASH account at the instrument's venue, as the
    /// reference's `_check_orders_risk`: each order's balance impact (−notional for a BUY, +notional for a
    /// SELL, in the quote currency) must not take the free balance below zero, and the cumulative notional
    /// of the buys (and, for an account with a base currency, of the non-reduce-only sells) must not exceed
    /// it; an account without a base currency checks non-reduce-only sells against the free balance of the
    /// instrument's base currency. Margin accounts are not checked (the reference does not check them either).
    func freeBalanceDenial(_ orders: [OrderInitialized], instrument: Instrument) -> (Int, String)? {
        guard let account = cache.account(for: instrument.id.venue), !account.isMarginAccount else { return nil }
        var free = account.balanceFree(in: instrument.quoteCurrency)
        var cumulativeBuy: Money?
        var cumulativeSell: Money?
        for (index, order) in orders.enumerated() {
            guard let price = riskPrice(order, instrument: instrument) else { continue }
            var quantity = order.quantity
            if order.quoteQuantity && !instrument.isInverse {
                guard let base = try? instrument.calculateBaseQuantity(
                    quantity: quantity, lastPrice: worstCasePrice(order, price: price, instrument: instrument))
                else { continue }
                quantity = base
            }
            let notional = instrument.notionalValue(quantity: quantity, price: price, useQuoteForInverse: false)
            let impact = order.orderSide == .buy ? -notional : notional
            if let current = free, current.currency == impact.currency, current.raw + impact.raw < 0 {
                return (index, "NOTIONAL_EXCEEDS_FREE_BALANCE: free=\(current.reasonText), balance_impact=\(impact.reasonText)")
            }
            if order.orderSide == .buy {
                let next = (cumulativeBuy.map { $0.raw } ?? 0) - impact.raw
                cumulativeBuy = Money(raw: next, currency: impact.currency)
                if let current = free, current.currency == impact.currency, next > current.raw {
                    return (index, "CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=\(current.reasonText), cum_notional=\(cumulativeBuy!.reasonText)")
                }
            } else if order.orderSide == .sell, !order.reduceOnly {
                if account.baseCurrency != nil {
                    let next = (cumulativeSell.map { $0.raw } ?? 0) + impact.raw
                    cumulativeSell = Money(raw: next, currency: impact.currency)
                    if let current = free, current.currency == impact.currency, next > current.raw {
                        return (index, "CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=\(current.reasonText), cum_notional=\(cumulativeSell!.reasonText)")
                    }
                } else if let base = instrument.baseCurrency {
                    let cash = Money(rawRounding: Int128(quantity.raw), currency: base)
                    free = account.balanceFree(in: base)
                    let next = (cumulativeSell.map { $0.currency == base ? $0.raw : 0 } ?? 0) + cash.raw
                    cumulativeSell = Money(raw: next, currency: base)
                    if let current = free, next > current.raw {
                        return (index, "CUM_NOTIONAL_EXCEEDS_FREE_BALANCE: free=\(current.reasonText), cum_notional=\(cumulativeSell!.reasonText)")
                    }
                }
            }
        }
        return nil
    }

    /// The price an order is risk-checked at, or nil if it cannot be priced.
    func riskPrice(_ order: OrderInitialized, instrument: Instrument) -> Price? {
        switch order.orderType {
        case .market, .marketToLimit:
            let touch: PriceType = order.orderSide == .buy ? .ask : .bid
            return cache.price(instrumentId: instrument.id, priceType: touch)
                ?? cache.price(instrumentId: instrument.id, priceType: .last)
        case .stopMarket, .marketIfTouched, .trailingStopMarket, .trailingStopLimit:
            return order.triggerPrice
        case .limit, .stopLimit, .limitIfTouched:
            return order.price
        }
    }

    /// The price a quote-quantity LIMIT or STOP_LIMIT could fill at: the better of its limit and the touch.
    func worstCasePrice(_ order: OrderInitialized, price: Price, instrument: Instrument) -> Price {
        guard order.orderType == .limit || order.orderType == .stopLimit, let quote = cache.quote(for: instrument.id) else {
            return price
        }
        return order.orderSide == .buy ? Swift.min(price, quote.askPrice) : Swift.max(price, quote.bidPrice)
    }

    // MARK: Trading state gate

    /// The trading-state denial of submitting `orders`, if any: HALTED denies everything; REDUCING denies
    /// any order that does not reduce the net position in its instrument.
    func tradingStateDenial(_ orders: [OrderInitialized]) -> String? {
        switch tradingState {
        case .active:
            return nil
        case .halted:
            return "TRADING_HALTED"
        case .reducing:
            for order in orders {
                let net = portfolio.netPositionRaw(order.instrumentId)
                // A quote quantity is not comparable with the position: only its side is checked.
                let quantityRaw = order.quoteQuantity ? 0 : order.quantity.raw
                if !reducesNet(side: order.orderSide, quantityRaw: quantityRaw, netRaw: net) {
                    return "TRADING_STATE_REDUCING: order_side=\(order.orderSide), instrument_id=\(order.instrumentId)"
                }
            }
            return nil
        }
    }
}
