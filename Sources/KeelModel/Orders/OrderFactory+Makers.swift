// The nine makers: one per order type, each returning an INITIALIZED order whose OrderInitialized
// event is recorded. Defaults follow NautilusTrader's factory: GTC, no flags, DEFAULT trigger type.

public import KeelCore

extension OrderFactory {
    /// Creates a MARKET order.
    ///
    /// - Parameters:
    ///   - tsInit: The creation time; it also dates the generated client order id.
    ///   - clientOrderId: An explicit id; `nil` generates the next one.
    /// - Throws: `ValidationError` naming the field if the parameters are invalid (zero quantity, GTD …).
    public func market(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, tsInit: UnixNanos,
        timeInForce: TimeInForce = .gtc, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .market, quantity: quantity, timeInForce: timeInForce,
                reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a LIMIT order.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid (GTD without
    ///   `expireTime`, `displayQuantity` above `quantity` …).
    public func limit(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, price: Price, tsInit: UnixNanos,
        timeInForce: TimeInForce = .gtc, expireTime: UnixNanos? = nil, postOnly: Bool = false,
        reduceOnly: Bool = false, quoteQuantity: Bool = false, displayQuantity: Quantity? = nil,
        emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .limit, quantity: quantity, timeInForce: timeInForce, price: price,
                expireTime: expireTime, postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
                triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a STOP_MARKET order.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func stopMarket(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, triggerPrice: Price, tsInit: UnixNanos,
        triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc, expireTime: UnixNanos? = nil,
        reduceOnly: Bool = false, quoteQuantity: Bool = false,
        emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .stopMarket, quantity: quantity, timeInForce: timeInForce,
                triggerPrice: triggerPrice, triggerType: triggerType, expireTime: expireTime,
                reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                emulationTrigger: emulationTrigger, triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a STOP_LIMIT order.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func stopLimit(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, price: Price, triggerPrice: Price,
        tsInit: UnixNanos, triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc,
        expireTime: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        displayQuantity: Quantity? = nil, emulationTrigger: TriggerType? = nil,
        triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .stopLimit, quantity: quantity, timeInForce: timeInForce, price: price,
                triggerPrice: triggerPrice, triggerType: triggerType, expireTime: expireTime,
                postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
                triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a MARKET_TO_LIMIT order: it executes at market, and its unfilled rest works as a LIMIT
    /// at the first fill's price.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func marketToLimit(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, tsInit: UnixNanos,
        timeInForce: TimeInForce = .gtc, expireTime: UnixNanos? = nil, reduceOnly: Bool = false,
        quoteQuantity: Bool = false, displayQuantity: Quantity? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .marketToLimit, quantity: quantity, timeInForce: timeInForce,
                expireTime: expireTime, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a MARKET_IF_TOUCHED order.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func marketIfTouched(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, triggerPrice: Price, tsInit: UnixNanos,
        triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc, expireTime: UnixNanos? = nil,
        reduceOnly: Bool = false, quoteQuantity: Bool = false,
        emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .marketIfTouched, quantity: quantity, timeInForce: timeInForce,
                triggerPrice: triggerPrice, triggerType: triggerType, expireTime: expireTime,
                reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                emulationTrigger: emulationTrigger, triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a LIMIT_IF_TOUCHED order.
    ///
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func limitIfTouched(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, price: Price, triggerPrice: Price,
        tsInit: UnixNanos, triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc,
        expireTime: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        displayQuantity: Quantity? = nil, emulationTrigger: TriggerType? = nil,
        triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .limitIfTouched, quantity: quantity, timeInForce: timeInForce,
                price: price, triggerPrice: triggerPrice, triggerType: triggerType, expireTime: expireTime,
                postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
                triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a TRAILING_STOP_MARKET order.
    ///
    /// - Parameters:
    ///   - trailingOffset: The distance of the trigger from the market, in `trailingOffsetType` units.
    ///   - triggerPrice: An initial trigger price; `nil` lets the emulator or venue derive it.
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func trailingStopMarket(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, trailingOffset: Price, tsInit: UnixNanos,
        trailingOffsetType: TrailingOffsetType = .price, triggerPrice: Price? = nil,
        triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc, expireTime: UnixNanos? = nil,
        reduceOnly: Bool = false, quoteQuantity: Bool = false,
        emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .trailingStopMarket, quantity: quantity, timeInForce: timeInForce,
                triggerPrice: triggerPrice, triggerType: triggerType,
                trailingOffset: trailingOffset, trailingOffsetType: trailingOffsetType, expireTime: expireTime,
                reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                emulationTrigger: emulationTrigger, triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }

    /// Creates a TRAILING_STOP_LIMIT order.
    ///
    /// - Parameters:
    ///   - limitOffset: The distance of the limit price from the trigger, in `trailingOffsetType` units.
    ///   - trailingOffset: The distance of the trigger from the market, in `trailingOffsetType` units.
    /// - Throws: `ValidationError` naming the field if the parameters are invalid.
    public func trailingStopLimit(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity, limitOffset: Price, trailingOffset: Price,
        tsInit: UnixNanos, trailingOffsetType: TrailingOffsetType = .price, price: Price? = nil,
        triggerPrice: Price? = nil, triggerType: TriggerType = .default, timeInForce: TimeInForce = .gtc,
        expireTime: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        displayQuantity: Quantity? = nil, emulationTrigger: TriggerType? = nil,
        triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = [], clientOrderId: ClientOrderId? = nil
    ) throws(ValidationError) -> Order {
        try make(tsInit: tsInit, clientOrderId: clientOrderId) { id, eventId in
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: side, orderType: .trailingStopLimit, quantity: quantity, timeInForce: timeInForce,
                price: price, triggerPrice: triggerPrice, triggerType: triggerType, limitOffset: limitOffset,
                trailingOffset: trailingOffset, trailingOffsetType: trailingOffsetType, expireTime: expireTime,
                postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
                triggerInstrumentId: triggerInstrumentId,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: eventId, tsEvent: tsInit, tsInit: tsInit)
        }
    }
}
