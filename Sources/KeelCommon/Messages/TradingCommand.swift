// Trading commands: what strategies ask of the risk engine, the execution engine and venues.
//
// Commands are immutable `Sendable` values so that they can cross the live inbox and be written to an
// event log. A submit command carries the order's `OrderInitialized` event (its full specification);
// the kernel looks up the live `Order` object in the cache by its client order id.

public import KeelCore
public import KeelModel

/// Submit one order.
public struct SubmitOrder: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    /// The order's full specification.
    public let order: OrderInitialized
    /// The position to attach the order to (HEDGING), if any.
    public let positionId: PositionId?
    /// The execution client to route to (default: by venue).
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }
    public var instrumentId: InstrumentId { order.instrumentId }
    public var clientOrderId: ClientOrderId { order.clientOrderId }

    public init(
        traderId: TraderId, strategyId: StrategyId, order: OrderInitialized, positionId: PositionId? = nil,
        clientId: ClientId? = nil, commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.order = order
        self.positionId = positionId
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Submit a list of orders together (a bracket, an OTO pair).
public struct SubmitOrderList: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let orderListId: OrderListId
    public let instrumentId: InstrumentId
    /// The orders' specifications, in list order (for a bracket: entry, stop-loss, take-profit).
    public let orders: [OrderInitialized]
    public let positionId: PositionId?
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, orderListId: OrderListId, instrumentId: InstrumentId,
        orders: [OrderInitialized], positionId: PositionId? = nil, clientId: ClientId? = nil, commandId: UUID4,
        tsInit: UnixNanos
    ) {
        precondition(!orders.isEmpty, "Invariant: an order list is not empty")
        self.traderId = traderId
        self.strategyId = strategyId
        self.orderListId = orderListId
        self.instrumentId = instrumentId
        self.orders = orders
        self.positionId = positionId
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Modify a working order's quantity, price or trigger price.
public struct ModifyOrder: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let clientOrderId: ClientOrderId
    public let venueOrderId: VenueOrderId?
    public let quantity: Quantity?
    public let price: Price?
    public let triggerPrice: Price?
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        venueOrderId: VenueOrderId?, quantity: Quantity?, price: Price?, triggerPrice: Price?, clientId: ClientId? = nil,
        commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.venueOrderId = venueOrderId
        self.quantity = quantity
        self.price = price
        self.triggerPrice = triggerPrice
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Cancel one working order.
public struct CancelOrder: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let clientOrderId: ClientOrderId
    public let venueOrderId: VenueOrderId?
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        venueOrderId: VenueOrderId?, clientId: ClientId? = nil, commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.venueOrderId = venueOrderId
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Cancel every working order of a strategy in an instrument (optionally one side only).
public struct CancelAllOrders: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    /// BUY or SELL to cancel one side only; `noOrderSide` for both.
    public let orderSide: OrderSide
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, orderSide: OrderSide = .noOrderSide,
        clientId: ClientId? = nil, commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.orderSide = orderSide
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Cancel several orders in one request.
public struct BatchCancelOrders: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let cancels: [CancelOrder]
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, cancels: [CancelOrder],
        clientId: ClientId? = nil, commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.cancels = cancels
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Ask the venue for an order's current state.
public struct QueryOrder: TimestampedData, Hashable {
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let clientOrderId: ClientOrderId
    public let venueOrderId: VenueOrderId?
    public let clientId: ClientId?
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        venueOrderId: VenueOrderId?, clientId: ClientId? = nil, commandId: UUID4, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.venueOrderId = venueOrderId
        self.clientId = clientId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// Every trading command, as one value for routing and event logs (no existential).
///
/// `indirect`: the payload sits in one immutable heap box made when the command is built, so each hop of the
/// command path (strategy → risk engine → execution engine → client → venue queue) copies a reference, not the
/// whole payload (a submit carries its order's `OrderInitialized`: ~1 KB), as `OrderEvent` does.
public indirect enum TradingCommand: TimestampedData, Hashable {
    case submitOrder(SubmitOrder)
    case submitOrderList(SubmitOrderList)
    case modifyOrder(ModifyOrder)
    case cancelOrder(CancelOrder)
    case cancelAllOrders(CancelAllOrders)
    case batchCancelOrders(BatchCancelOrders)
    case queryOrder(QueryOrder)

    /// The command's kind, e.g. `SubmitOrder`.
    public var name: String {
        switch self {
        case .submitOrder: "SubmitOrder"
        case .submitOrderList: "SubmitOrderList"
        case .modifyOrder: "ModifyOrder"
        case .cancelOrder: "CancelOrder"
        case .cancelAllOrders: "CancelAllOrders"
        case .batchCancelOrders: "BatchCancelOrders"
        case .queryOrder: "QueryOrder"
        }
    }

    public var traderId: TraderId {
        switch self {
        case .submitOrder(let c): c.traderId
        case .submitOrderList(let c): c.traderId
        case .modifyOrder(let c): c.traderId
        case .cancelOrder(let c): c.traderId
        case .cancelAllOrders(let c): c.traderId
        case .batchCancelOrders(let c): c.traderId
        case .queryOrder(let c): c.traderId
        }
    }

    public var strategyId: StrategyId {
        switch self {
        case .submitOrder(let c): c.strategyId
        case .submitOrderList(let c): c.strategyId
        case .modifyOrder(let c): c.strategyId
        case .cancelOrder(let c): c.strategyId
        case .cancelAllOrders(let c): c.strategyId
        case .batchCancelOrders(let c): c.strategyId
        case .queryOrder(let c): c.strategyId
        }
    }

    public var instrumentId: InstrumentId {
        switch self {
        case .submitOrder(let c): c.instrumentId
        case .submitOrderList(let c): c.instrumentId
        case .modifyOrder(let c): c.instrumentId
        case .cancelOrder(let c): c.instrumentId
        case .cancelAllOrders(let c): c.instrumentId
        case .batchCancelOrders(let c): c.instrumentId
        case .queryOrder(let c): c.instrumentId
        }
    }

    public var clientId: ClientId? {
        switch self {
        case .submitOrder(let c): c.clientId
        case .submitOrderList(let c): c.clientId
        case .modifyOrder(let c): c.clientId
        case .cancelOrder(let c): c.clientId
        case .cancelAllOrders(let c): c.clientId
        case .batchCancelOrders(let c): c.clientId
        case .queryOrder(let c): c.clientId
        }
    }

    public var commandId: UUID4 {
        switch self {
        case .submitOrder(let c): c.commandId
        case .submitOrderList(let c): c.commandId
        case .modifyOrder(let c): c.commandId
        case .cancelOrder(let c): c.commandId
        case .cancelAllOrders(let c): c.commandId
        case .batchCancelOrders(let c): c.commandId
        case .queryOrder(let c): c.commandId
        }
    }

    public var tsInit: UnixNanos {
        switch self {
        case .submitOrder(let c): c.tsInit
        case .submitOrderList(let c): c.tsInit
        case .modifyOrder(let c): c.tsInit
        case .cancelOrder(let c): c.tsInit
        case .cancelAllOrders(let c): c.tsInit
        case .batchCancelOrders(let c): c.tsInit
        case .queryOrder(let c): c.tsInit
        }
    }

    public var tsEvent: UnixNanos { tsInit }
}
