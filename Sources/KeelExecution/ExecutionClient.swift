// ExecutionClient: the port between the execution engine and one venue (or the simulator).
//
// Design decisions:
// - A small protocol, one method per trading command, as NautilusTrader's `ExecutionClient`. The engine
//   holds clients as `any ExecutionClient`: commands are per user action, not per market data event, so
//   the existential costs nothing that matters (STYLE "Ports are protocols").
// - Clients report back through the bus they were built with, never by return value: order events to
//   `Endpoints.executionProcess`, account states to `Endpoints.portfolioUpdateAccount`. One path for the
//   simulator, a paper venue and a live adapter, so the engine cannot tell them apart.
// - Methods do not throw. A venue's refusal is an event (`OrderRejected`, `OrderCancelRejected` …); a
//   network fault is the adapter's to retry or report as such an event.

public import KeelCommon
public import KeelModel

/// A venue's execution client: takes trading commands for its venue and reports what happens to them.
///
/// ## Implementation requirements
/// - `clientId`, `venue`, `accountId`, `accountType`, `baseCurrency` and `omsType` do not change after the
///   client is registered with an engine.
/// - Every command method returns without blocking the kernel thread. What the venue answers is reported
///   by sending `OrderEvent`s to `Endpoints.executionProcess` (and `AccountState`s to
///   `Endpoints.portfolioUpdateAccount`) on the client's `MessageBus`: synchronously on the kernel thread in
///   backtests, through the kernel's inbox in live contexts.
/// - Events are built through the production initialisers, carry the command's `traderId`, `strategyId`,
///   `instrumentId` and `clientOrderId`, the client's `accountId`, and event ids from a seeded generator
///   (or the venue's own ids), so that a backtest replays bit for bit.
/// - A command the venue refuses produces the matching rejection event (`OrderRejected`,
///   `OrderModifyRejected`, `OrderCancelRejected`); methods never trap on venue input.
/// - `connect()` and `disconnect()` are idempotent; `isConnected` reflects the last one that completed.
///
/// `KeelTestKit.ExecutionClientConformance` checks the static part of this contract.
public protocol ExecutionClient: AnyObject {
    /// The client's id, used to route commands that name it.
    var clientId: ClientId { get }
    /// The venue the client trades at; commands for its instruments are routed here by default.
    var venue: Venue { get }
    /// The account the client's fills and states book to.
    var accountId: AccountId { get }
    /// Cash, margin or betting.
    var accountType: AccountType { get }
    /// The account's base currency, or nil for a multi-currency account.
    var baseCurrency: Currency? { get }
    /// The venue's order management system: NETTING or HEDGING positions.
    var omsType: OmsType { get }
    /// True once `connect()` completed and until `disconnect()`.
    var isConnected: Bool { get }

    /// Connects to the venue (idempotent).
    func connect()
    /// Disconnects from the venue (idempotent).
    func disconnect()

    /// Sends one new order to the venue.
    func submitOrder(_ command: SubmitOrder)
    /// Sends a list of orders (bracket, OTO, OCO …) to the venue.
    func submitOrderList(_ command: SubmitOrderList)
    /// Asks the venue to modify a working order.
    func modifyOrder(_ command: ModifyOrder)
    /// Asks the venue to cancel a working order.
    func cancelOrder(_ command: CancelOrder)
    /// Asks the venue to cancel every working order of a strategy in an instrument (one side, or both).
    func cancelAllOrders(_ command: CancelAllOrders)
    /// Asks the venue to cancel several orders in one request.
    func batchCancelOrders(_ command: BatchCancelOrders)
    /// Asks the venue for an order's current state.
    func queryOrder(_ command: QueryOrder)
}
