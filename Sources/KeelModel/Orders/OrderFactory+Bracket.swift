// Brackets: an entry order with a stop-loss and a take-profit attached, as one order list.
//
// Linkage follows NautilusTrader's `OrderFactory.bracket`: one OrderListId (generated first), then
// client order ids in the order entry, stop-loss, take-profit. The entry is OTO with linkedOrderIds
// [SL, TP]; the stop-loss and take-profit are contingent on each other (OUO by default, as in
// Nautilus' Python factory; OCO on request), have the entry as parent, trade the opposite side and
// are reduce-only.

public import KeelCore

extension OrderFactory {
    /// A bracket's entry order.
    public enum BracketEntry: Hashable, Sendable {
        /// A MARKET entry.
        case market
        /// A LIMIT entry at `price`.
        case limit(price: Price)
        /// A MARKET_IF_TOUCHED entry triggered at `triggerPrice`.
        case marketIfTouched(triggerPrice: Price)
        /// A LIMIT_IF_TOUCHED entry at `price`, triggered at `triggerPrice`.
        case limitIfTouched(price: Price, triggerPrice: Price)
        /// A STOP_MARKET entry triggered at `triggerPrice` (a breakout).
        case stopMarket(triggerPrice: Price)
        /// A STOP_LIMIT entry at `price`, triggered at `triggerPrice`.
        case stopLimit(price: Price, triggerPrice: Price)
    }

    /// A bracket's stop-loss order.
    public enum BracketStopLoss: Hashable, Sendable {
        /// A STOP_MARKET stop-loss triggered at `triggerPrice`.
        case stopMarket(triggerPrice: Price)
        /// A STOP_LIMIT stop-loss at `price`, triggered at `triggerPrice`.
        case stopLimit(price: Price, triggerPrice: Price)
    }

    /// A bracket's take-profit order.
    public enum BracketTakeProfit: Hashable, Sendable {
        /// A LIMIT take-profit at `price`.
        case limit(price: Price)
        /// A LIMIT_IF_TOUCHED take-profit at `price`, triggered at `triggerPrice`.
        case limitIfTouched(price: Price, triggerPrice: Price)
    }

    /// Creates a bracket: an entry, and a stop-loss and take-profit that close the position it opens.
    ///
    /// The three orders share one new `OrderListId` and are returned in the order entry, stop-loss,
    /// take-profit, which is also the order of their client order ids.
    ///
    /// - Parameters:
    ///   - side: The entry's side; the stop-loss and take-profit take the opposite side.
    ///   - entryTimeInForce: The entry's time in force; with `.gtd`, give `entryExpireTime`.
    ///   - contingencyType: How the stop-loss and take-profit depend on each other: `.ouo` (default:
    ///     a fill of one reduces the other) or `.oco`.
    ///   - triggerType: The trigger type of every triggered leg.
    /// - Throws: `ValidationError` naming the leg and field if a leg's parameters are invalid, or if
    ///   `contingencyType` is not OUO or OCO. Nothing is consumed then: ids continue as before.
    public func bracket(
        instrumentId: InstrumentId, side: OrderSide, quantity: Quantity,
        entry: BracketEntry, stopLoss: BracketStopLoss, takeProfit: BracketTakeProfit, tsInit: UnixNanos,
        entryTimeInForce: TimeInForce = .gtc, entryExpireTime: UnixNanos? = nil, entryPostOnly: Bool = false,
        stopLossTimeInForce: TimeInForce = .gtc, stopLossExpireTime: UnixNanos? = nil,
        takeProfitTimeInForce: TimeInForce = .gtc, takeProfitExpireTime: UnixNanos? = nil,
        takeProfitPostOnly: Bool = false, triggerType: TriggerType = .default,
        contingencyType: ContingencyType = .ouo, quoteQuantity: Bool = false,
        emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, tags: [String] = []
    ) throws(ValidationError) -> OrderList {
        guard contingencyType == .ouo || contingencyType == .oco else {
            throw ValidationError(
                field: "OrderFactory.bracket.contingencyType", reason: "must be OUO or OCO (got \(contingencyType))")
        }
        let saved = (clientOrderIdCount, orderListIdCount, generator)
        let listId = generateOrderListId(tsInit: tsInit)
        let entryId = generateClientOrderId(tsInit: tsInit)
        let stopLossId = generateClientOrderId(tsInit: tsInit)
        let takeProfitId = generateClientOrderId(tsInit: tsInit)
        let exitSide = side == .noOrderSide ? side : side.opposite

        func leg(
            _ id: ClientOrderId, _ legSide: OrderSide, _ type: OrderType, price: Price?, trigger: Price?,
            tif: TimeInForce, expire: UnixNanos?, postOnly: Bool, reduceOnly: Bool,
            contingency: ContingencyType, linked: [ClientOrderId], parent: ClientOrderId?
        ) -> OrderInitialized {
            OrderInitialized(
                scope: scope(for: instrumentId), clientOrderId: id,
                orderSide: legSide, orderType: type, quantity: quantity, timeInForce: tif, price: price,
                triggerPrice: trigger, triggerType: trigger == nil ? nil : triggerType, expireTime: expire,
                postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                emulationTrigger: emulationTrigger, triggerInstrumentId: triggerInstrumentId,
                contingencyType: contingency, orderListId: listId, linkedOrderIds: linked, parentOrderId: parent,
                execAlgorithmId: execAlgorithmId, execSpawnId: execAlgorithmId == nil ? nil : id, tags: tags,
                eventId: generateEventId(), tsEvent: tsInit, tsInit: tsInit)
        }

        let (entryType, entryPrice, entryTrigger): (OrderType, Price?, Price?) =
            switch entry {
            case .market: (.market, nil, nil)
            case .limit(let price): (.limit, price, nil)
            case .marketIfTouched(let trigger): (.marketIfTouched, nil, trigger)
            case .limitIfTouched(let price, let trigger): (.limitIfTouched, price, trigger)
            case .stopMarket(let trigger): (.stopMarket, nil, trigger)
            case .stopLimit(let price, let trigger): (.stopLimit, price, trigger)
            }
        let (stopLossType, stopLossPrice, stopLossTrigger): (OrderType, Price?, Price?) =
            switch stopLoss {
            case .stopMarket(let trigger): (.stopMarket, nil, trigger)
            case .stopLimit(let price, let trigger): (.stopLimit, price, trigger)
            }
        let (takeProfitType, takeProfitPrice, takeProfitTrigger): (OrderType, Price?, Price?) =
            switch takeProfit {
            case .limit(let price): (.limit, price, nil)
            case .limitIfTouched(let price, let trigger): (.limitIfTouched, price, trigger)
            }

        let entryEvent = leg(
            entryId, side, entryType, price: entryPrice, trigger: entryTrigger,
            tif: entryTimeInForce, expire: entryExpireTime, postOnly: entryPostOnly, reduceOnly: false,
            contingency: .oto, linked: [stopLossId, takeProfitId], parent: nil)
        let stopLossEvent = leg(
            stopLossId, exitSide, stopLossType, price: stopLossPrice, trigger: stopLossTrigger,
            tif: stopLossTimeInForce, expire: stopLossExpireTime, postOnly: false, reduceOnly: true,
            contingency: contingencyType, linked: [takeProfitId], parent: entryId)
        let takeProfitEvent = leg(
            takeProfitId, exitSide, takeProfitType, price: takeProfitPrice, trigger: takeProfitTrigger,
            tif: takeProfitTimeInForce, expire: takeProfitExpireTime, postOnly: takeProfitPostOnly,
            reduceOnly: true, contingency: contingencyType, linked: [stopLossId], parent: entryId)

        // The legs one by one, not a loop over an array of (name, event) pairs: that array cost an allocation and
        // its destruction per bracket.
        func order(_ name: String, _ event: OrderInitialized) throws(ValidationError) -> Order {
            do {
                return try Order(event)
            } catch {
                (clientOrderIdCount, orderListIdCount, generator) = saved
                let field = error.field.hasPrefix("Order.") ? String(error.field.dropFirst(6)) : error.field
                throw ValidationError(field: "OrderFactory.bracket.\(name).\(field)", reason: error.reason)
            }
        }
        let entryOrder = try order("entry", entryEvent)
        let stopLossOrder = try order("stopLoss", stopLossEvent)
        let takeProfitOrder = try order("takeProfit", takeProfitEvent)
        return OrderList(
            uncheckedId: listId, instrumentId: instrumentId, strategyId: strategyId,
            orders: [entryOrder, stopLossOrder, takeProfitOrder], tsInit: tsInit)
    }
}
