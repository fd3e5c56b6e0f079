// TestExecutionClient: an execution client for tests. It records the commands it receives, in order, and
// lets the test play the venue: each builder makes the event a venue would report for an order, through
// the production initialisers, and sends it to `Endpoints.executionProcess` on the client's bus, as a real
// client does. Event ids come from the client's own seeded generator and times from the kernel's clock, so
// a scenario replays with identical events.

public import KeelCommon
import KeelCore
public import KeelExecution
public import KeelModel

/// An `ExecutionClient` whose venue is the test: it records commands and emits the events the test asks for.
public final class TestExecutionClient: ExecutionClient {
    public let clientId: ClientId
    public let venue: Venue
    public let accountId: AccountId
    public let accountType: AccountType
    public let baseCurrency: Currency?
    public let omsType: OmsType
    public private(set) var isConnected = false

    /// Every command received, in order.
    public private(set) var commands: [TradingCommand] = []
    /// Every event this client sent, in order.
    public private(set) var sentEvents: [OrderEvent] = []
    /// The number of `connect()` calls.
    public private(set) var connectCount = 0
    /// The number of `disconnect()` calls.
    public private(set) var disconnectCount = 0

    private let msgbus: MessageBus
    private let clock: any Clock
    private var generator: SeededGenerator
    private var venueOrderCount = 0
    private var tradeCount = 0

    /// Creates a client for `venue` on `msgbus`.
    ///
    /// - Parameters:
    ///   - clientId: Its id (default: the venue's name).
    ///   - accountId: The account its events book to (default `<VENUE>-001`).
    ///   - seed: The seed of the generator that draws its event ids.
    public init(
        venue: Venue = Venue("SIM"), clientId: ClientId? = nil, accountId: AccountId? = nil, accountType: AccountType = .margin,
        baseCurrency: Currency? = .usd, omsType: OmsType = .netting, msgbus: MessageBus, clock: any Clock, seed: UInt64 = 7
    ) {
        self.venue = venue
        self.clientId = clientId ?? ClientId(venue.value)
        self.accountId = accountId ?? AccountId("\(venue.value)-001")
        self.accountType = accountType
        self.baseCurrency = baseCurrency
        self.omsType = omsType
        self.msgbus = msgbus
        self.clock = clock
        self.generator = SeededGenerator(seed: seed)
    }

    // MARK: ExecutionClient

    public func connect() {
        connectCount += 1
        isConnected = true
    }

    public func disconnect() {
        disconnectCount += 1
        isConnected = false
    }

    public func submitOrder(_ command: SubmitOrder) { commands.append(.submitOrder(command)) }
    public func submitOrderList(_ command: SubmitOrderList) { commands.append(.submitOrderList(command)) }
    public func modifyOrder(_ command: ModifyOrder) { commands.append(.modifyOrder(command)) }
    public func cancelOrder(_ command: CancelOrder) { commands.append(.cancelOrder(command)) }
    public func cancelAllOrders(_ command: CancelAllOrders) { commands.append(.cancelAllOrders(command)) }
    public func batchCancelOrders(_ command: BatchCancelOrders) { commands.append(.batchCancelOrders(command)) }
    public func queryOrder(_ command: QueryOrder) { commands.append(.queryOrder(command)) }

    /// The names of the commands received, in order (e.g. `["SubmitOrder", "CancelOrder"]`).
    public var commandNames: [String] { commands.map(\.name) }

    // MARK: Playing the venue

    /// Sends `event` to the execution engine, as the venue's report.
    public func send(_ event: OrderEvent) {
        sentEvents.append(event)
        msgbus.send(Endpoints.executionProcess, event)
    }

    /// Reports `OrderSubmitted` for `order`.
    @discardableResult
    public func submitted(_ order: Order) -> OrderEvent {
        emit(.submitted(OrderSubmitted(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, eventId: nextId(), tsEvent: now, tsInit: now)))
    }

    /// Reports `OrderAccepted` for `order` with `venueOrderId` (default `V-<n>`, counting from 1).
    @discardableResult
    public func accepted(_ order: Order, venueOrderId: VenueOrderId? = nil) -> OrderEvent {
        let id = venueOrderId ?? nextVenueOrderId()
        return emit(.accepted(OrderAccepted(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: id, accountId: accountId, eventId: nextId(), tsEvent: now, tsInit: now)))
    }

    /// Reports `OrderRejected` for `order`.
    @discardableResult
    public func rejected(_ order: Order, reason: String = "REJECTED_BY_TEST") -> OrderEvent {
        emit(.rejected(OrderRejected(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, reason: reason, eventId: nextId(), tsEvent: now, tsInit: now)))
    }

    /// Reports `OrderCanceled` for `order`.
    @discardableResult
    public func canceled(_ order: Order) -> OrderEvent {
        emit(.canceled(OrderCanceled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextId(), tsEvent: now, tsInit: now, venueOrderId: order.venueOrderId,
            accountId: accountId)))
    }

    /// Reports `OrderExpired` for `order`.
    @discardableResult
    public func expired(_ order: Order) -> OrderEvent {
        emit(.expired(OrderExpired(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextId(), tsEvent: now, tsInit: now, venueOrderId: order.venueOrderId,
            accountId: accountId)))
    }

    /// Reports `OrderTriggered` for `order`.
    @discardableResult
    public func triggered(_ order: Order) -> OrderEvent {
        emit(.triggered(OrderTriggered(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: nextId(), tsEvent: now, tsInit: now, venueOrderId: order.venueOrderId,
            accountId: accountId)))
    }

    /// Reports `OrderPendingCancel` for `order`.
    @discardableResult
    public func pendingCancel(_ order: Order) -> OrderEvent {
        emit(.pendingCancel(OrderPendingCancel(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, eventId: nextId(), tsEvent: now, tsInit: now,
            venueOrderId: order.venueOrderId)))
    }

    /// Reports `OrderCancelRejected` for `order`.
    @discardableResult
    public func cancelRejected(_ order: Order, reason: String = "CANCEL_REJECTED_BY_TEST") -> OrderEvent {
        emit(.cancelRejected(OrderCancelRejected(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, reason: reason, eventId: nextId(), tsEvent: now, tsInit: now,
            venueOrderId: order.venueOrderId, accountId: accountId)))
    }

    /// Reports `OrderUpdated` for `order` (quantity default: unchanged).
    @discardableResult
    public func updated(_ order: Order, quantity: Quantity? = nil, price: Price? = nil, triggerPrice: Price? = nil) -> OrderEvent {
        emit(.updated(OrderUpdated(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, quantity: quantity ?? order.quantity, eventId: nextId(), tsEvent: now, tsInit: now,
            price: price, triggerPrice: triggerPrice, venueOrderId: order.venueOrderId, accountId: accountId)))
    }

    /// Reports a fill of `order`.
    ///
    /// - Parameters:
    ///   - quantity: The quantity filled (default: everything left).
    ///   - price: The fill price.
    ///   - currency: The fill price's currency (the instrument's quote currency).
    ///   - tradeId: The venue's trade id (default `E-<n>`, counting from 1).
    ///   - positionId: The venue's position id (HEDGING venues), if any.
    ///   - commission: The commission charged, if any.
    @discardableResult
    public func filled(
        _ order: Order, quantity: Quantity? = nil, price: Price, currency: Currency = .usd, tradeId: TradeId? = nil,
        positionId: PositionId? = nil, commission: Money? = nil, liquiditySide: LiquiditySide = .taker
    ) -> OrderEvent {
        let venueOrderId = order.venueOrderId ?? nextVenueOrderId()
        return emit(.filled(fill(
            order, quantity: quantity ?? order.leavesQty, price: price, currency: currency, tradeId: tradeId ?? nextTradeId(),
            venueOrderId: venueOrderId, positionId: positionId, commission: commission, liquiditySide: liquiditySide)))
    }

    /// Builds (without sending) the `OrderFilled` a venue would report; for tests that replay or alter one.
    public func fill(
        _ order: Order, quantity: Quantity, price: Price, currency: Currency = .usd, tradeId: TradeId,
        venueOrderId: VenueOrderId? = nil, positionId: PositionId? = nil, commission: Money? = nil,
        liquiditySide: LiquiditySide = .taker
    ) -> OrderFilled {
        OrderFilled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: venueOrderId ?? order.venueOrderId ?? VenueOrderId("V-0"),
            accountId: accountId, tradeId: tradeId, orderSide: order.side, orderType: order.orderType, lastQty: quantity,
            lastPx: price, currency: currency, liquiditySide: liquiditySide, eventId: nextId(), tsEvent: now, tsInit: now,
            positionId: positionId, commission: commission)
    }

    /// Reports the account's state (`AccountState`, reported by the venue) to `Endpoints.portfolioUpdateAccount`.
    @discardableResult
    public func reportAccount(balances: [AccountBalance], margins: [MarginBalance] = []) -> AccountState {
        let state = AccountState(
            accountId: accountId, accountType: accountType, baseCurrency: baseCurrency, balances: balances, margins: margins,
            isReported: true, eventId: nextId(), tsEvent: now, tsInit: now)
        msgbus.send(Endpoints.portfolioUpdateAccount, state)
        return state
    }

    // MARK: Internals

    private var now: UnixNanos { clock.timestampNs }
    private func nextId() -> UUID4 { UUID4(using: &generator) }

    private func nextVenueOrderId() -> VenueOrderId {
        venueOrderCount += 1
        return VenueOrderId("V-\(venueOrderCount)")
    }

    private func nextTradeId() -> TradeId {
        tradeCount += 1
        return TradeId("E-\(tradeCount)")
    }

    private func emit(_ event: OrderEvent) -> OrderEvent {
        send(event)
        return event
    }
}
