// The rules an order's parameters must satisfy, checked once when the order is built.

import KeelCore

extension OrderType {
    /// True for the types that carry a limit price from creation: LIMIT, STOP_LIMIT, LIMIT_IF_TOUCHED.
    ///
    /// TRAILING_STOP_LIMIT may carry one (otherwise it is derived from `limitOffset`); MARKET_TO_LIMIT
    /// gets one at its first fill.
    public var requiresPrice: Bool {
        switch self {
        case .limit, .stopLimit, .limitIfTouched: true
        default: false
        }
    }

    /// True for the types that may carry a limit price.
    public var allowsPrice: Bool {
        switch self {
        case .limit, .stopLimit, .limitIfTouched, .trailingStopLimit, .marketToLimit: true
        default: false
        }
    }

    /// True for the types that carry a trigger price from creation: STOP_MARKET, STOP_LIMIT,
    /// MARKET_IF_TOUCHED, LIMIT_IF_TOUCHED.
    ///
    /// Trailing types may carry one (otherwise it is derived from `trailingOffset`).
    public var requiresTriggerPrice: Bool {
        switch self {
        case .stopMarket, .stopLimit, .marketIfTouched, .limitIfTouched: true
        default: false
        }
    }

    /// True for the types that may carry a trigger price: stop, if-touched and trailing types.
    public var allowsTriggerPrice: Bool {
        switch self {
        case .market, .limit, .marketToLimit: false
        default: true
        }
    }

    /// True for the trailing types.
    public var isTrailing: Bool { self == .trailingStopMarket || self == .trailingStopLimit }

    /// True for the types that have a TRIGGERED status: those that work as a limit order once
    /// triggered (STOP_LIMIT, TRAILING_STOP_LIMIT, LIMIT_IF_TOUCHED). Market-style stops execute when
    /// triggered and have no such status.
    public var isTriggerable: Bool {
        switch self {
        case .stopLimit, .trailingStopLimit, .limitIfTouched: true
        default: false
        }
    }
}

extension Order {
    /// Checks an order's parameters against its type.
    ///
    /// - Throws: `ValidationError` whose field is `Order.<parameter>` and whose reason names the rule.
    static func validate(_ e: OrderInitialized) throws(ValidationError) {
        func fail(_ field: String, _ reason: String) -> ValidationError {
            ValidationError(field: "Order.\(field)", reason: reason)
        }
        let type = e.orderType
        guard e.orderSide != .noOrderSide else { throw fail("orderSide", "must be BUY or SELL") }
        guard e.quantity.isPositive else { throw fail("quantity", "must be positive (got \(e.quantity))") }

        if type.requiresPrice, e.price == nil { throw fail("price", "required for a \(type) order") }
        if !type.allowsPrice, let price = e.price { throw fail("price", "not allowed for a \(type) order (got \(price))") }
        if type == .marketToLimit, e.price != nil {
            throw fail("price", "a MARKET_TO_LIMIT order takes its price from its first fill")
        }
        if type.requiresTriggerPrice, e.triggerPrice == nil { throw fail("triggerPrice", "required for a \(type) order") }
        if !type.allowsTriggerPrice, let trigger = e.triggerPrice {
            throw fail("triggerPrice", "not allowed for a \(type) order (got \(trigger))")
        }
        if type.allowsTriggerPrice {
            guard let trigger = e.triggerType, trigger != .noTrigger else {
                throw fail("triggerType", "required for a \(type) order")
            }
        } else if let trigger = e.triggerType, trigger != .noTrigger {
            throw fail("triggerType", "not allowed for a \(type) order (got \(trigger))")
        }

        if type.isTrailing {
            guard e.trailingOffset != nil else { throw fail("trailingOffset", "required for a \(type) order") }
            guard e.trailingOffsetType != .noTrailingOffset else {
                throw fail("trailingOffsetType", "required for a \(type) order")
            }
        } else {
            if e.trailingOffset != nil { throw fail("trailingOffset", "only for trailing orders, not \(type)") }
            if e.trailingOffsetType != .noTrailingOffset {
                throw fail("trailingOffsetType", "only for trailing orders, not \(type)")
            }
        }
        if type == .trailingStopLimit {
            if e.limitOffset == nil, e.price == nil {
                throw fail("limitOffset", "required for a TRAILING_STOP_LIMIT order without a price")
            }
        } else if e.limitOffset != nil {
            throw fail("limitOffset", "only for TRAILING_STOP_LIMIT orders, not \(type)")
        }

        switch e.timeInForce {
        case .gtd:
            guard let expire = e.expireTime, expire > .zero else {
                throw fail("expireTime", "required for a GTD order")
            }
            if type == .market { throw fail("timeInForce", "GTD is not allowed for a MARKET order") }
        default:
            if let expire = e.expireTime {
                throw fail("expireTime", "only for GTD orders, not \(e.timeInForce) (got \(expire))")
            }
        }

        if e.postOnly, !type.allowsPrice || type == .marketToLimit {
            throw fail("postOnly", "a \(type) order cannot be post-only: it takes liquidity")
        }
        if let display = e.displayQuantity, display > e.quantity {
            throw fail("displayQuantity", "\(display) exceeds the quantity \(e.quantity)")
        }
        if e.contingencyType != .noContingency, e.linkedOrderIds.isEmpty {
            throw fail("linkedOrderIds", "required for a \(e.contingencyType) contingency")
        }
        if e.linkedOrderIds.contains(e.clientOrderId) {
            throw fail("linkedOrderIds", "an order is not linked to itself (\(e.clientOrderId))")
        }
        if e.parentOrderId == e.clientOrderId {
            throw fail("parentOrderId", "an order is not its own parent (\(e.clientOrderId))")
        }
    }
}
