public import KeelCore

/// Orders submitted together (a bracket, an OTO pair) under one `OrderListId`.
///
/// Holds the orders themselves (the same objects the cache will hold), so it is not `Sendable`.
public struct OrderList {
    /// The list's id.
    public let id: OrderListId
    /// The instrument every order of the list trades.
    public let instrumentId: InstrumentId
    /// The strategy that created the list.
    public let strategyId: StrategyId
    /// The orders, in submission order (for a bracket: entry, stop-loss, take-profit).
    public let orders: [Order]
    /// When the list was created.
    public let tsInit: UnixNanos

    /// Creates a list, checking that it is not empty and that every order trades `instrumentId` for
    /// `strategyId` and carries the list's id.
    ///
    /// - Throws: `ValidationError` naming `OrderList.orders` and the first order that does not fit.
    public init(
        id: OrderListId, instrumentId: InstrumentId, strategyId: StrategyId, orders: [Order], tsInit: UnixNanos
    ) throws(ValidationError) {
        guard !orders.isEmpty else { throw ValidationError(field: "OrderList.orders", reason: "must not be empty") }
        for order in orders {
            guard order.instrumentId == instrumentId, order.strategyId == strategyId, order.orderListId == id else {
                throw ValidationError(
                    field: "OrderList.orders",
                    reason: "order \(order.clientOrderId) is not for \(instrumentId), \(strategyId) and list \(id)")
            }
        }
        self.init(uncheckedId: id, instrumentId: instrumentId, strategyId: strategyId, orders: orders, tsInit: tsInit)
    }

    init(uncheckedId id: OrderListId, instrumentId: InstrumentId, strategyId: StrategyId, orders: [Order], tsInit: UnixNanos) {
        self.id = id
        self.instrumentId = instrumentId
        self.strategyId = strategyId
        self.orders = orders
        self.tsInit = tsInit
    }

    /// The first order (a bracket's entry).
    public var first: Order { orders[0] }
}
