// Strategy: an actor that trades (NautilusTrader's `Strategy`).
//
// A strategy has an order factory (deterministic ids, `O-YYYYMMDD-HHMMSS-TTT-SSS-C`), and order
// management that turns calls into commands sent to the risk engine: submit an order or an order list,
// modify, cancel, cancel all, close a position, close all positions. Order and position events for the
// strategy arrive on its topics and are dispatched to the `onOrder…`/`onPosition…` hooks (while
// RUNNING, and also while stopping so that `onStop` cleanup sees its fills).

import KeelCache
import KeelCommon
import KeelCore
public import KeelModel

/// Configuration shared by every strategy.
public struct StrategyConfig: Hashable, Sendable {
    /// The strategy id (`NAME-TAG`, unique per trader).
    public var strategyId: StrategyId
    /// The OMS the strategy wants (overrides the venue's; `unspecified` keeps the venue's).
    public var omsType: OmsType
    /// Instruments whose external orders (placed outside Keel) this strategy claims at start.
    public var externalOrderClaims: [InstrumentId]
    /// Cancel open orders when the strategy stops.
    public var cancelOrdersOnStop: Bool
    /// Close open positions when the strategy stops.
    public var closePositionsOnStop: Bool

    public init(
        strategyId: StrategyId, omsType: OmsType = .unspecified, externalOrderClaims: [InstrumentId] = [],
        cancelOrdersOnStop: Bool = true, closePositionsOnStop: Bool = false
    ) {
        self.strategyId = strategyId
        self.omsType = omsType
        self.externalOrderClaims = externalOrderClaims
        self.cancelOrdersOnStop = cancelOrdersOnStop
        self.closePositionsOnStop = closePositionsOnStop
    }
}

/// An actor that manages orders and positions; subclass and override the hooks.
open class Strategy: Actor {
    /// The strategy's configuration.
    public let config: StrategyConfig
    /// The strategy's id.
    public var strategyId: StrategyId { config.strategyId }
    private var factory: OrderFactory?
    private var eventSubscriptions: [Subscription] = []
    /// `Endpoints.riskExecute`, resolved at registration: every command goes through it.
    private var riskSender: Sender<TradingCommand>?

    /// Creates a strategy from its configuration.
    public init(config: StrategyConfig) {
        self.config = config
        super.init(id: ComponentId(config.strategyId.value))
    }

    /// The order factory (ids and `OrderInitialized` events); traps before registration.
    public var orderFactory: OrderFactory {
        guard let factory else { preconditionFailure("Invariant: strategy \(strategyId) is registered before it makes orders") }
        return factory
    }

    open override func register(_ context: ActorContext) {
        super.register(context)
        factory = OrderFactory(traderId: context.traderId, strategyId: strategyId, seed: context.seed ^ 0x0FAC_7081)
        let bus = context.msgbus
        riskSender = bus.sender(for: Endpoints.riskExecute)
        eventSubscriptions.append(bus.subscribe(Topics.orderEvents(strategyId)) { [unowned self] event in self.handleOrderEvent(event) })
        eventSubscriptions.append(bus.subscribe(Topics.positionEvents(strategyId)) { [unowned self] event in self.handlePositionEvent(event) })
    }

    /// Restarts the order factory's counters and ids as well.
    override func afterOnReset() {
        super.afterOnReset()
        factory?.reset()
    }

    /// Cancels orders and closes positions after the user's `onStop`, as configured.
    override func afterOnStop() {
        if config.cancelOrdersOnStop {
            for instrumentId in Set(cache.ordersOpen(strategyId: strategyId).map(\.instrumentId)).sorted() {
                cancelAllOrders(instrumentId)
            }
        }
        if config.closePositionsOnStop {
            for instrumentId in Set(cache.positionsOpen(strategyId: strategyId).map(\.instrumentId)).sorted() {
                closeAllPositions(instrumentId)
            }
        }
    }

    private var receivesEvents: Bool { state == .running || state == .stopping || state == .starting }

    // MARK: Order management

    /// Sends `command` to the risk engine; traps before registration.
    private func sendToRisk(_ command: TradingCommand) {
        guard let riskSender else {
            preconditionFailure("Invariant: strategy \(strategyId) is registered before it sends commands")
        }
        riskSender.send(command)
    }

    /// Submits `order` (built by `orderFactory`): adds it to the cache and sends `SubmitOrder` to the
    /// risk engine.
    ///
    /// - Parameters:
    ///   - positionId: the position to attach the order to (HEDGING).
    ///   - clientId: the execution client (default: by venue).
    public func submitOrder(_ order: Order, positionId: PositionId? = nil, clientId: ClientId? = nil) {
        precondition(order.strategyId == strategyId, "Invariant: a strategy submits its own orders")
        cache.add(order: order, positionId: positionId, clientId: clientId)
        let command = SubmitOrder(
            traderId: traderId, strategyId: strategyId, order: order.initializedEvent, positionId: positionId,
            clientId: clientId, commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        sendToRisk(.submitOrder(command))
    }

    /// Submits an order list (e.g. a bracket from `orderFactory.bracket`).
    public func submitOrderList(_ list: OrderList, positionId: PositionId? = nil, clientId: ClientId? = nil) {
        precondition(list.strategyId == strategyId, "Invariant: a strategy submits its own order lists")
        cache.add(orderList: list)
        for order in list.orders { cache.add(order: order, positionId: positionId, clientId: clientId) }
        let command = SubmitOrderList(
            traderId: traderId, strategyId: strategyId, orderListId: list.id, instrumentId: list.instrumentId,
            orders: list.orders.map(\.initializedEvent), positionId: positionId, clientId: clientId,
            commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        sendToRisk(.submitOrderList(command))
    }

    /// Asks to modify a working order's quantity, price or trigger price (nil keeps the value).
    public func modifyOrder(_ order: Order, quantity: Quantity? = nil, price: Price? = nil, triggerPrice: Price? = nil, clientId: ClientId? = nil) {
        let command = ModifyOrder(
            traderId: traderId, strategyId: strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
            venueOrderId: order.venueOrderId, quantity: quantity, price: price, triggerPrice: triggerPrice,
            clientId: clientId, commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        sendToRisk(.modifyOrder(command))
    }

    /// Asks to cancel a working order.
    public func cancelOrder(_ order: Order, clientId: ClientId? = nil) {
        let command = CancelOrder(
            traderId: traderId, strategyId: strategyId, instrumentId: order.instrumentId, clientOrderId: order.clientOrderId,
            venueOrderId: order.venueOrderId, clientId: clientId, commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        sendToRisk(.cancelOrder(command))
    }

    /// Asks to cancel all of this strategy's working orders in `instrumentId` (one side if given).
    public func cancelAllOrders(_ instrumentId: InstrumentId, side: OrderSide = .noOrderSide, clientId: ClientId? = nil) {
        let command = CancelAllOrders(
            traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, orderSide: side, clientId: clientId,
            commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        sendToRisk(.cancelAllOrders(command))
    }

    /// Closes `position` with a reduce-only MARKET order for its whole quantity.
    public func closePosition(_ position: Position, clientId: ClientId? = nil, tags: [String] = []) {
        guard position.isOpen else { return }
        let order = try! orderFactory.market(
            instrumentId: position.instrumentId, side: position.side.closingOrderSide, quantity: position.quantity,
            tsInit: clock.timestampNs, reduceOnly: true, tags: tags)
        submitOrder(order, positionId: position.id, clientId: clientId)
    }

    /// Closes all of this strategy's open positions in `instrumentId` (one side if given).
    public func closeAllPositions(_ instrumentId: InstrumentId, side: PositionSide? = nil, clientId: ClientId? = nil) {
        for position in cache.positionsOpen(instrumentId: instrumentId, strategyId: strategyId) where side == nil || position.side == side {
            closePosition(position, clientId: clientId)
        }
    }

    // MARK: Event hooks (override)

    /// Every order event of this strategy, before the specific hook.
    open func onOrderEvent(_ event: OrderEvent) {}
    open func onOrderInitialized(_ event: OrderInitialized) {}
    open func onOrderDenied(_ event: OrderDenied) {}
    open func onOrderEmulated(_ event: OrderEmulated) {}
    open func onOrderReleased(_ event: OrderReleased) {}
    open func onOrderSubmitted(_ event: OrderSubmitted) {}
    open func onOrderRejected(_ event: OrderRejected) {}
    open func onOrderAccepted(_ event: OrderAccepted) {}
    open func onOrderCanceled(_ event: OrderCanceled) {}
    open func onOrderExpired(_ event: OrderExpired) {}
    open func onOrderTriggered(_ event: OrderTriggered) {}
    open func onOrderPendingUpdate(_ event: OrderPendingUpdate) {}
    open func onOrderPendingCancel(_ event: OrderPendingCancel) {}
    open func onOrderModifyRejected(_ event: OrderModifyRejected) {}
    open func onOrderCancelRejected(_ event: OrderCancelRejected) {}
    open func onOrderUpdated(_ event: OrderUpdated) {}
    open func onOrderFilled(_ event: OrderFilled) {}
    /// Every position event of this strategy, before the specific hook.
    open func onPositionEvent(_ event: PositionEvent) {}
    open func onPositionOpened(_ event: PositionEvent) {}
    open func onPositionChanged(_ event: PositionEvent) {}
    open func onPositionClosed(_ event: PositionEvent) {}

    private func handleOrderEvent(_ event: OrderEvent) {
        guard receivesEvents else { return }
        onOrderEvent(event)
        switch event {
        case .initialized(let e): onOrderInitialized(e)
        case .denied(let e): onOrderDenied(e)
        case .emulated(let e): onOrderEmulated(e)
        case .released(let e): onOrderReleased(e)
        case .submitted(let e): onOrderSubmitted(e)
        case .accepted(let e): onOrderAccepted(e)
        case .rejected(let e): onOrderRejected(e)
        case .canceled(let e): onOrderCanceled(e)
        case .expired(let e): onOrderExpired(e)
        case .triggered(let e): onOrderTriggered(e)
        case .pendingUpdate(let e): onOrderPendingUpdate(e)
        case .pendingCancel(let e): onOrderPendingCancel(e)
        case .modifyRejected(let e): onOrderModifyRejected(e)
        case .cancelRejected(let e): onOrderCancelRejected(e)
        case .updated(let e): onOrderUpdated(e)
        case .filled(let e): onOrderFilled(e)
        }
    }

    private func handlePositionEvent(_ event: PositionEvent) {
        guard receivesEvents else { return }
        onPositionEvent(event)
        switch event.kind {
        case .opened: onPositionOpened(event)
        case .changed: onPositionChanged(event)
        case .closed: onPositionClosed(event)
        }
    }
}
