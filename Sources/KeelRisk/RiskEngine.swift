// RiskEngine: every trading command passes it; what fails a check never reaches a venue.
//
// Design decisions:
// - Behaviour follows NautilusTrader's risk engine at the pinned reference (`crates/risk/src/engine/mod.rs`
//   and `OrderDeniedReason` in `crates/model/src/events/order/denied_reason.rs`, a95c8042b0): the same
//   checks in the same order, and the same reason texts — the `CODE: key=value` codes and the older
//   free-text ones (`price 0 invalid (<= 0)`, `quantity 1 invalid (< minimum trade size of 100)`) where the
//   reference still produces those. Money in reasons prints as the reference's `Money(1.00, USD)`.
// - Submit order of checks: bypass → (Keel) portfolio limits → reduce-only against the command's position
//   → instrument known → limit price, trigger price ("trigger " prefix), quantity precision and bounds →
//   GTD expiry → notional (per-order config, instrument min, instrument max) → trading state → submit
//   throttle → `Endpoints.executionExecute`. The first failure produces one `OrderDenied` per order, sent
//   to `Endpoints.executionProcess`, where the execution engine applies it and publishes it.
// - Order lists are all or nothing: when one order fails, it is denied with its own reason and every other
//   order of the list with `ORDER_LIST_DENIED: order_list_id=…`. (The reference does this for notional
//   failures; for a price or quantity failure it denies only the failing order and strands the rest as
//   INITIALIZED — Keel denies the rest too.) Lists skip the reduce-only check, as in the reference: a
//   bracket's children reduce a position that does not exist yet.
// - Throttles deny, never buffer (the reference's throttlers have a drop handler): a submit over the
//   limit is denied with `RATE_LIMIT_EXCEEDED`, a modify is rejected (`OrderModifyRejected`) with
//   `Exceeded MAX_ORDER_MODIFY_RATE`. A list takes one slot. Time is the kernel clock's.
// - Trading state. HALTED denies submits (`TRADING_HALTED`) and modifies, never cancels or queries.
//   REDUCING lets a submit through only if it reduces the net position without flipping it: a BUY while
//   net short, a SELL while net long, for at most the net quantity. The pinned reference denies only a BUY
//   while net long and a SELL while net short, so it let a flat book open new positions while "reducing";
//   Keel denies those too (as NautilusTrader's later `is_reducing_submission` does). A modify in REDUCING
//   is rejected if it raises the quantity of an order that does not reduce the net position.
// - Cancels, cancel-alls, batch cancels and queries always pass: they only ever lower risk.
// - Keel extensions beyond the reference:
//   * A reduce-only submit without a position id is checked against the portfolio's net position in the
//     instrument (NETTING): it must be opposite to it and no larger, else
//     `REDUCE_ONLY_WOULD_INCREASE_POSITION: instrument_id=…`.
//   * Portfolio limits (see RiskEngine+PortfolioLimits.swift) move the trading state on their own and
//     publish `TradingStateChanged` on `Topics.tradingState`.
//   * Not yet: the reference's free-balance and margin checks (NOTIONAL_EXCEEDS_FREE_BALANCE, …) and its
//     trailing-stop trigger computation for orders without a trigger price (those are not notional-checked).
// - Denied orders the cache does not hold yet are added to it first (as the reference does), so the
//   execution engine can apply the denial; an order the cache holds in a status other than INITIALIZED is
//   not denied again.
// - Not `Sendable`, no locks: the engine lives on the kernel thread. Event ids come from a generator seeded
//   at construction, so a backtest's denials are identical run to run.

public import KeelCache
public import KeelCommon
import KeelCore
public import KeelModel

/// The risk engine: pre-trade checks, rate throttles, trading state and portfolio limits for one trader.
///
/// Build it, call `register()` to receive `Endpoints.riskExecute`, and drive its lifecycle with
/// `start()`/`stop()`/`reset()`/`dispose()`. Commands that pass are sent on to `Endpoints.executionExecute`.
public final class RiskEngine {
    /// The component id used in lifecycle errors.
    public static let componentId = "RiskEngine"
    /// The name of the clock alert that starts each UTC day's loss accounting.
    public static let dailyResetTimerName = "RiskEngine.daily-reset"

    /// The trader whose commands the engine checks.
    public let traderId: TraderId
    /// The configuration the engine was built with.
    public let config: RiskEngineConfig

    let msgbus: MessageBus
    /// `Endpoints.executionExecute`, resolved once: commands that pass go through it.
    let executionSender: Sender<TradingCommand>
    /// `Endpoints.executionProcess`, resolved once: denials and rejections go through it.
    let eventSender: Sender<OrderEvent>
    let cache: Cache
    let portfolio: any PortfolioFacade
    let clock: any Clock
    var ids: SeededGenerator
    var lifecycle = ComponentStateMachine()

    var submitThrottler: Throttler
    var modifyThrottler: Throttler
    var maxNotionals: [InstrumentId: Money]

    /// The current trading state: ACTIVE, REDUCING or HALTED.
    public internal(set) var tradingState: TradingState = .active
    /// Why the trading state is what it is (the reason of the last `TradingStateChanged`).
    public internal(set) var tradingStateReason = "INITIAL"
    var stateCause: StateCause = .manual

    // Portfolio limit state.
    var peakEquity: [AccountId: Money] = [:]
    var dailyBaseline: Money?
    var dailyBaselineDay: UInt64?
    /// The latest portfolio limit readings (from the last evaluation).
    public internal(set) var limitReadings = LimitReadings()

    /// The number of commands received (NautilusTrader's `command_count`).
    public internal(set) var commandCount = 0
    /// The number of commands sent on to `Endpoints.executionExecute`.
    public internal(set) var passedCount = 0
    /// The number of commands stopped: submits and lists denied, modifies rejected or dropped.
    public internal(set) var deniedCount = 0
    /// The number of `OrderDenied` events sent (one per order of a denied list).
    public internal(set) var orderDeniedCount = 0
    /// The number of `OrderModifyRejected` events sent.
    public internal(set) var modifyRejectedCount = 0
    /// The number of `TradingStateChanged` events published.
    public internal(set) var tradingStateChangeCount = 0

    /// Creates an engine in state READY.
    ///
    /// Traps if `config` is invalid (`RiskEngineConfig.validate()`): configuration is checked where it is
    /// read from input.
    ///
    /// - Parameters:
    ///   - portfolio: Net positions, exposures and PnL (the kernel passes its `Portfolio`).
    ///   - clock: The kernel's clock; throttles, GTD checks and the daily reset read it.
    ///   - seed: Seeds the generator of event ids.
    public init(
        traderId: TraderId, msgbus: MessageBus, cache: Cache, portfolio: any PortfolioFacade, clock: any Clock,
        config: RiskEngineConfig = RiskEngineConfig(), seed: UInt64 = 0
    ) {
        do { try config.validate() } catch {
            preconditionFailure("Invariant: the risk engine's configuration is valid (\(error))")
        }
        self.traderId = traderId
        self.msgbus = msgbus
        self.executionSender = msgbus.sender(for: Endpoints.executionExecute)
        self.eventSender = msgbus.sender(for: Endpoints.executionProcess)
        self.cache = cache
        self.portfolio = portfolio
        self.clock = clock
        self.config = config
        self.ids = SeededGenerator(seed: seed ^ 0x5215_C0DE)
        self.submitThrottler = Throttler(rateLimit: config.maxOrderSubmitRate)
        self.modifyThrottler = Throttler(rateLimit: config.maxOrderModifyRate)
        self.maxNotionals = config.maxNotionalPerOrder
        transition(.initialize)
    }

    // MARK: Wiring and lifecycle

    /// Registers the engine as the handler of `Endpoints.riskExecute`; traps if another handler has it.
    public func register() {
        msgbus.register(Endpoints.riskExecute) { [weak self] command in self?.execute(command) }
    }

    /// The engine's lifecycle state.
    public var state: ComponentState { lifecycle.state }

    /// Starts the engine; with a daily loss limit, arms the alert at the next UTC midnight.
    ///
    /// - Throws: `LifecycleError` if the engine is not READY (or STOPPED: use `resume()`).
    public func start() throws(LifecycleError) {
        try lifecycle.trigger(.start, componentId: Self.componentId)
        armDailyReset()
        transition(.startCompleted)
    }

    /// Stops the engine and cancels its daily reset alert. Commands are still checked while stopped, as in
    /// NautilusTrader (the kernel stops sending them).
    ///
    /// - Throws: `LifecycleError` if the engine is not RUNNING (or STARTING, RESUMING, DEGRADED).
    public func stop() throws(LifecycleError) {
        try lifecycle.trigger(.stop, componentId: Self.componentId)
        clock.cancelTimer(name: Self.dailyResetTimerName)
        transition(.stopCompleted)
    }

    /// Resumes a stopped engine.
    ///
    /// - Throws: `LifecycleError` if the engine is not STOPPED or DEGRADED.
    public func resume() throws(LifecycleError) {
        try lifecycle.trigger(.resume, componentId: Self.componentId)
        armDailyReset()
        transition(.resumeCompleted)
    }

    /// Resets counters, throttles, per-instrument notional limits and portfolio limit baselines, and
    /// returns the trading state to ACTIVE (publishing the change if there is one), as the reference does.
    ///
    /// - Throws: `LifecycleError` if the engine is not READY or STOPPED.
    public func reset() throws(LifecycleError) {
        try lifecycle.trigger(.reset, componentId: Self.componentId)
        submitThrottler.reset()
        modifyThrottler.reset()
        maxNotionals = config.maxNotionalPerOrder
        commandCount = 0
        passedCount = 0
        deniedCount = 0
        orderDeniedCount = 0
        modifyRejectedCount = 0
        peakEquity = [:]
        dailyBaseline = nil
        dailyBaselineDay = nil
        limitReadings = LimitReadings()
        if tradingState != .active { changeTradingState(to: .active, cause: .manual, reason: "RESET") }
        transition(.resetCompleted)
    }

    /// Disposes of the engine: deregisters its endpoint.
    ///
    /// - Throws: `LifecycleError` if the engine is not READY or STOPPED.
    public func dispose() throws(LifecycleError) {
        try lifecycle.trigger(.dispose, componentId: Self.componentId)
        clock.cancelTimer(name: Self.dailyResetTimerName)
        msgbus.deregister(Endpoints.riskExecute)
        transition(.disposeCompleted)
    }

    private func transition(_ trigger: ComponentTrigger) {
        do { try lifecycle.trigger(trigger, componentId: Self.componentId) } catch {
            preconditionFailure("Invariant: a risk engine's lifecycle step completes (\(error))")
        }
    }

    // MARK: Settings

    /// The submit rate limit.
    public var maxOrderSubmitRate: RateLimit { config.maxOrderSubmitRate }
    /// The modify rate limit.
    public var maxOrderModifyRate: RateLimit { config.maxOrderModifyRate }

    /// The maximum notional per order for `instrumentId`, if set.
    public func maxNotionalPerOrder(_ instrumentId: InstrumentId) -> Money? { maxNotionals[instrumentId] }

    /// Sets (or, with nil, removes) the maximum notional per order for `instrumentId`.
    ///
    /// Traps if `value` is not positive.
    public func setMaxNotionalPerOrder(_ value: Money?, for instrumentId: InstrumentId) {
        if let value { precondition(value.raw > 0, "Invariant: max notional per order is positive (\(value))") }
        maxNotionals[instrumentId] = value
    }

    /// The fraction of the submit throttle's window in use now, from 0 to 1.
    public var submitThrottleUsed: Double { submitThrottler.used(at: clock.timestampNs) }
    /// The fraction of the modify throttle's window in use now, from 0 to 1.
    public var modifyThrottleUsed: Double { modifyThrottler.used(at: clock.timestampNs) }

    // MARK: Trading state

    /// Sets the trading state by hand and publishes `TradingStateChanged`; does nothing if it is already
    /// `state` (as the reference). A manual state is never lifted automatically; portfolio limits can still
    /// escalate it (ACTIVE → REDUCING → HALTED).
    public func setTradingState(_ state: TradingState, reason: String = "MANUAL") {
        guard state != tradingState else { return }
        changeTradingState(to: state, cause: .manual, reason: reason)
    }

    func changeTradingState(to state: TradingState, cause: StateCause, reason: String) {
        tradingState = state
        tradingStateReason = reason
        stateCause = cause
        tradingStateChangeCount += 1
        let now = clock.timestampNs
        msgbus.publish(
            Topics.tradingState,
            TradingStateChanged(
                traderId: traderId, state: state, reason: reason, eventId: UUID4(using: &ids), tsEvent: now, tsInit: now))
    }

    // MARK: Commands

    /// Checks `command` and sends it on to `Endpoints.executionExecute`, or denies (rejects) it.
    public func execute(_ command: TradingCommand) {
        commandCount += 1
        // With `bypass`, a submit is sent on as it came: unwrapping its payload and wrapping it in a new command
        // copied it into a new heap box per command.
        if config.bypass {
            switch command {
            case .submitOrder, .submitOrderList: return forward(command)
            default: break
            }
        }
        switch command {
        case .submitOrder(let submit): handleSubmit(submit)
        case .submitOrderList(let list): handleSubmitList(list)
        case .modifyOrder(let modify): handleModify(modify)
        case .cancelOrder, .cancelAllOrders, .batchCancelOrders, .queryOrder: forward(command)
        }
    }

    func forward(_ command: TradingCommand) {
        passedCount += 1
        executionSender.send(command)
    }

    /// Denies one order: sends `OrderDenied` to the execution engine, adding the order to the cache first if
    /// it is not there. An order the cache holds past INITIALIZED is left alone.
    func denyOrder(_ initialized: OrderInitialized, reason: String) {
        if let cached = cache.order(initialized.clientOrderId) {
            guard cached.status == .initialized else { return }
        } else if let order = try? Order(initialized) {
            cache.add(order: order)
        }
        orderDeniedCount += 1
        let now = clock.timestampNs
        eventSender.send(
            .denied(OrderDenied(
                traderId: initialized.traderId, strategyId: initialized.strategyId,
                instrumentId: initialized.instrumentId, clientOrderId: initialized.clientOrderId, reason: reason,
                eventId: UUID4(using: &ids), tsEvent: now, tsInit: now)))
    }

    /// Rejects a modification of `order` with `OrderModifyRejected`.
    func rejectModify(_ order: Order, reason: String) {
        deniedCount += 1
        modifyRejectedCount += 1
        let now = clock.timestampNs
        eventSender.send(
            .modifyRejected(OrderModifyRejected(
                traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
                clientOrderId: order.clientOrderId, reason: reason, eventId: UUID4(using: &ids), tsEvent: now,
                tsInit: now, venueOrderId: order.venueOrderId, accountId: order.accountId)))
    }
}

/// What put the trading state where it is, which decides whether a portfolio limit may lift it.
enum StateCause: Hashable {
    /// Set by hand (or the initial state): never lifted automatically.
    case manual
    /// Gross exposure over its limit: lifted when exposure is back within it.
    case grossExposure
    /// Daily loss over its limit on UTC day `day`: lifted when a later day starts.
    case dailyLoss(day: UInt64)
    /// Drawdown over its limit: sticky until set by hand.
    case drawdown
}

/// The portfolio limit figures of the last evaluation, for monitoring and tests.
public struct LimitReadings: Hashable, Sendable {
    /// The gross exposure, if a gross exposure limit is set.
    public var grossExposure: Money?
    /// The loss since the UTC day started (negative for a gain), if a daily loss limit is set.
    public var dailyLoss: Money?
    /// The largest drawdown over the accounts, if a drawdown limit is set.
    public var drawdown: Rate?

    /// Creates empty readings.
    public init(grossExposure: Money? = nil, dailyLoss: Money? = nil, drawdown: Rate? = nil) {
        self.grossExposure = grossExposure
        self.dailyLoss = dailyLoss
        self.drawdown = drawdown
    }
}

extension Money {
    /// The reference's debug form of money in reasons, e.g. `Money(1.00, USD)`.
    var reasonText: String { "Money(\(amountText), \(currency.code))" }
}
