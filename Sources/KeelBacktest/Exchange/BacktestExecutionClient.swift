// BacktestExecutionClient: the `ExecutionClient` of a simulated venue.
//
// Behaviour matched (nautilus_trader/backtest/execution_client.pyx @ 1.221.0): a submit (single or list)
// reports OrderSubmitted for each order at once, with the client's account, then hands the command to the
// exchange's queue; modifies and cancels go to the queue unchanged. The exchange's engines report everything
// else to `Endpoints.executionProcess`.

public import KeelCommon
import KeelCore
public import KeelExecution
public import KeelModel

/// The execution client of a `SimulatedExchange`.
public final class BacktestExecutionClient: ExecutionClient {
    public let clientId: ClientId
    public var venue: Venue { exchange.venue }
    public var accountId: AccountId { exchange.accountId }
    public var accountType: AccountType { exchange.config.accountType }
    public var baseCurrency: Currency? { exchange.config.baseCurrency }
    public var omsType: OmsType { exchange.config.omsType }
    public private(set) var isConnected = false

    /// The exchange the client trades at.
    public let exchange: SimulatedExchange
    /// `Endpoints.executionProcess`, resolved once.
    private let eventSender: Sender<OrderEvent>
    private let clock: any Clock
    private var generator: SeededGenerator

    /// Creates the client of `exchange`.
    ///
    /// - Parameters:
    ///   - exchange: The simulated venue.
    ///   - msgbus: The bus its OrderSubmitted events go to.
    ///   - clock: The kernel's clock (event times).
    ///   - seed: The seed of the generator of its event ids.
    /// Restarts the client's event ids from its seed (a backtest engine's reset between runs).
    public func reset() {
        generator = SeededGenerator(seed: generator.seed)
    }

    public init(exchange: SimulatedExchange, msgbus: MessageBus, clock: any Clock, seed: UInt64 = 0) {
        self.exchange = exchange
        self.clientId = ClientId(exchange.venue.value)
        self.eventSender = msgbus.sender(for: Endpoints.executionProcess)
        self.clock = clock
        self.generator = SeededGenerator(seed: seed)
    }

    public func connect() { isConnected = true }
    public func disconnect() { isConnected = false }

    public func submitOrder(_ command: SubmitOrder) {
        reportSubmitted(command.order)
        exchange.send(.submitOrder(command))
    }

    public func submitOrderList(_ command: SubmitOrderList) {
        for order in command.orders { reportSubmitted(order) }
        exchange.send(.submitOrderList(command))
    }

    public func modifyOrder(_ command: ModifyOrder) { exchange.send(.modifyOrder(command)) }
    public func cancelOrder(_ command: CancelOrder) { exchange.send(.cancelOrder(command)) }
    public func cancelAllOrders(_ command: CancelAllOrders) { exchange.send(.cancelAllOrders(command)) }
    public func batchCancelOrders(_ command: BatchCancelOrders) { exchange.send(.batchCancelOrders(command)) }
    public func queryOrder(_ command: QueryOrder) {}

    private func reportSubmitted(_ order: OrderInitialized) {
        let now = clock.timestampNs
        eventSender.send(
            .submitted(OrderSubmitted(
                traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
                clientOrderId: order.clientOrderId, accountId: accountId, eventId: UUID4(using: &generator), tsEvent: now,
                tsInit: now)))
    }
}
