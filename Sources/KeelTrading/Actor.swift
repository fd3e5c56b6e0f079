// Actor: user code that receives data and events (NautilusTrader's `Actor`).
//
// Design decisions:
// - An open class whose hooks (`onStart`, `onQuote`, …) users override; dispatch is a vtable call, no
//   existential. The kernel registers the actor (gives it the clock, bus, cache and portfolio) and
//   drives its lifecycle through `ComponentStateMachine`.
// - Subscribing does two things: it sends a `DataCommand` to the data engine (which asks the data
//   client for the stream) and subscribes the actor's handler to the stream's topic on the bus. Data is
//   delivered to the `on…` hooks only while the actor is RUNNING.
// - Data handlers reach the actor unretained (`Unmanaged`): an `unowned` capture cost two
//   swift_unownedRetainStrong/release pairs per message (~85 instructions). That is safe because no
//   handler outlives its actor: the kernel keeps its actors for its own lifetime, and `deinit` cancels the
//   subscriptions still on the bus (`MessageBus.cancel(_:)`, which also stops a dispatch in progress from
//   calling them).
// - `cache` is read on most callbacks: it comes from an unretained copy of the context's cache (the
//   context holds it and is never replaced), not from a copy of the whole context.
// - Timers are the clock's; their events call `onTimeEvent` unless a callback is given.
// - Not Sendable: an actor lives on the kernel thread.

public import KeelCache
public import KeelCommon
public import KeelCore
public import KeelModel
public import Logging

/// The kernel services an actor uses, handed over when the kernel registers it.
public struct ActorContext {
    public let traderId: TraderId
    public let clock: any Clock
    public let msgbus: MessageBus
    public let cache: Cache
    public let portfolio: any PortfolioFacade
    public let logger: Logger
    /// The seed for this component's own random draws (e.g. event ids), derived from the kernel's seed.
    public let seed: UInt64

    public init(
        traderId: TraderId, clock: any Clock, msgbus: MessageBus, cache: Cache, portfolio: any PortfolioFacade,
        logger: Logger, seed: UInt64
    ) {
        self.traderId = traderId
        self.clock = clock
        self.msgbus = msgbus
        self.cache = cache
        self.portfolio = portfolio
        self.logger = logger
        self.seed = seed
    }
}

/// A component that receives market data and events and runs user logic; subclass and override the
/// `on…` hooks.
open class Actor {
    /// The actor's id (unique in its kernel).
    public let id: ComponentId
    @exclusivity(unchecked) private var fsm = ComponentStateMachine()
    @exclusivity(unchecked) private var context: ActorContext?
    /// `context.cache`, unretained: the context holds it strongly and is set once (see the file header).
    @exclusivity(unchecked) @usableFromInline final var cacheRef: Unmanaged<Cache>?
    /// `context.portfolio`, kept apart: reading it through the context copied the whole context (S1: ~53k reads,
    /// ~70 instructions each).
    @exclusivity(unchecked) private var portfolioRef: (any PortfolioFacade)?
    /// `context.clock`, kept apart for the same reason.
    @exclusivity(unchecked) private var clockRef: (any Clock)?
    private var subscriptions: [DataSubscription: Subscription] = [:]
    private var subscriptionOrder: [DataSubscription] = []
    private var extraSubscriptions: [Subscription] = []
    /// Generator for command and event ids, seeded by the kernel.
    package var ids = SeededGenerator(seed: 0)

    /// Creates an actor with `id`.
    public init(id: ComponentId) {
        self.id = id
    }

    deinit {
        // Handlers reach the actor unretained: none may run once it is gone.
        guard let bus = context?.msgbus else { return }
        for subscription in subscriptions.values { bus.cancel(subscription) }
        for subscription in extraSubscriptions { bus.cancel(subscription) }
    }

    // MARK: Kernel services

    /// The lifecycle state.
    public var state: ComponentState { fsm.state }
    /// True while RUNNING.
    public var isRunning: Bool { fsm.state == .running }
    /// True once registered with a kernel.
    public var isRegistered: Bool { context != nil }

    /// The trader this actor trades for; traps before registration.
    public var traderId: TraderId { requireContext().traderId }
    /// The kernel's clock; traps before registration.
    public var clock: any Clock {
        guard let clockRef else { Self.unregistered(id) }
        return clockRef
    }
    /// The kernel's message bus; traps before registration.
    public var msgbus: MessageBus { requireContext().msgbus }
    /// The kernel's cache; traps before registration.
    @inlinable
    public final var cache: Cache {
        guard let cacheRef else { Self.unregistered(id) }
        return cacheRef.takeUnretainedValue()
    }

    @usableFromInline
    static func unregistered(_ id: ComponentId) -> Never {
        preconditionFailure("Invariant: actor \(id) is registered with a kernel before use")
    }
    /// The kernel's portfolio; traps before registration.
    public var portfolio: any PortfolioFacade {
        guard let portfolioRef else { Self.unregistered(id) }
        return portfolioRef
    }
    /// The actor's logger (metadata `component` and `traderId`); traps before registration.
    public var logger: Logger { requireContext().logger }

    private func requireContext() -> ActorContext {
        guard let context else { Self.unregistered(id) }
        return context
    }

    /// Registers the actor with a kernel's services and moves it to READY. Called by the kernel.
    ///
    /// Traps if the actor is already registered.
    open func register(_ context: ActorContext) {
        precondition(self.context == nil, "Invariant: actor \(id) is registered once")
        self.context = context
        self.cacheRef = Unmanaged.passUnretained(context.cache)
        self.portfolioRef = context.portfolio
        self.clockRef = context.clock
        self.ids = SeededGenerator(seed: context.seed)
        try! fsm.trigger(.initialize, componentId: id.value)
    }

    // MARK: Lifecycle

    /// Starts the actor: runs `onStart` in STARTING, then moves to RUNNING.
    ///
    /// - Throws: `LifecycleError` if the actor cannot start from its state.
    public func start() throws(LifecycleError) {
        try fsm.trigger(.start, componentId: id.value)
        onStart()
        try fsm.trigger(.startCompleted, componentId: id.value)
    }

    /// Stops the actor: runs `onStop`, then moves to STOPPED (subscriptions stay until disposal).
    public func stop() throws(LifecycleError) {
        try fsm.trigger(.stop, componentId: id.value)
        onStop()
        afterOnStop()
        try fsm.trigger(.stopCompleted, componentId: id.value)
    }

    /// Resumes a stopped or degraded actor.
    public func resume() throws(LifecycleError) {
        try fsm.trigger(.resume, componentId: id.value)
        onResume()
        try fsm.trigger(.resumeCompleted, componentId: id.value)
    }

    /// Resets a ready or stopped actor (`onReset` clears its state) back to READY.
    public func reset() throws(LifecycleError) {
        try fsm.trigger(.reset, componentId: id.value)
        onReset()
        afterOnReset()
        try fsm.trigger(.resetCompleted, componentId: id.value)
    }

    /// Disposes of the actor: unsubscribes everything, cancels its timers and runs `onDispose`.
    public func dispose() throws(LifecycleError) {
        try fsm.trigger(.dispose, componentId: id.value)
        unsubscribeAll()
        onDispose()
        try fsm.trigger(.disposeCompleted, componentId: id.value)
    }

    /// Marks the actor DEGRADED (it keeps running in a reduced mode chosen by `onDegrade`).
    public func degrade() throws(LifecycleError) {
        try fsm.trigger(.degrade, componentId: id.value)
        onDegrade()
        try fsm.trigger(.degradeCompleted, componentId: id.value)
    }

    /// Marks the actor FAULTED after an unrecoverable error; `onFault` runs first.
    public func fault() throws(LifecycleError) {
        try fsm.trigger(.fault, componentId: id.value)
        onFault()
        try fsm.trigger(.faultCompleted, componentId: id.value)
    }

    /// Runs after `onStop` while STOPPING: the framework's own clean-up (a strategy cancels orders and
    /// closes positions here if configured).
    func afterOnStop() {}

    /// Runs after `onReset` while RESETTING: the framework's own reset (ids restart from the seed, so a run
    /// after a reset gives the same ids as the first).
    func afterOnReset() {
        unsubscribeAll()
        if let context { ids = SeededGenerator(seed: context.seed) }
    }

    // MARK: Hooks (override)

    /// Called when the actor starts: subscribe to data and set timers here.
    open func onStart() {}
    /// Called when the actor stops.
    open func onStop() {}
    /// Called when a stopped actor resumes.
    open func onResume() {}
    /// Called on reset: clear indicators and state here.
    open func onReset() {}
    /// Called on disposal.
    open func onDispose() {}
    /// Called when the actor degrades.
    open func onDegrade() {}
    /// Called when the actor faults.
    open func onFault() {}
    /// Returns the state to persist across restarts (saved by the kernel under the actor's id).
    open func onSave() -> [String: [UInt8]] { [:] }
    /// Restores state saved by `onSave`.
    open func onLoad(_ state: [String: [UInt8]]) {}
    /// Named figures the actor reports about its run (counters, findings), in display order; `keel
    /// backtest` prints them under the run's summary. Default: none.
    open var runReport: [(name: String, value: String)] { [] }

    /// A quote of a subscribed instrument.
    open func onQuote(_ quote: QuoteTick) {}
    /// A trade of a subscribed instrument.
    open func onTrade(_ trade: TradeTick) {}
    /// A bar of a subscribed bar type.
    open func onBar(_ bar: Bar) {}
    /// Order book deltas of a subscribed instrument (the cache's book is already updated).
    open func onBookDeltas(_ deltas: OrderBookDeltas) {}
    /// The order book of an instrument subscribed with `subscribeBookSnapshots`, at each interval.
    open func onBook(_ book: OrderBook) {}
    /// A depth-10 snapshot of a subscribed instrument.
    open func onBookDepth10(_ depth: OrderBookDepth10) {}
    /// An instrument definition (new or updated).
    open func onInstrument(_ instrument: Instrument) {}
    /// An instrument's trading status changed.
    open func onInstrumentStatus(_ status: InstrumentStatus) {}
    /// An instrument's close price.
    open func onInstrumentClose(_ close: InstrumentClose) {}
    /// A mark price update.
    open func onMarkPrice(_ update: MarkPriceUpdate) {}
    /// An index price update.
    open func onIndexPrice(_ update: IndexPriceUpdate) {}
    /// A funding rate update.
    open func onFundingRate(_ update: FundingRateUpdate) {}
    /// Custom data of a subscribed data type.
    open func onData(_ data: CustomData) {}
    /// A signal of a subscribed name.
    open func onSignal(_ signal: Signal) {}
    /// A timer or time alert set without its own callback.
    open func onTimeEvent(_ event: TimeEvent) {}
    /// Historical data answering one of this actor's requests.
    open func onHistoricalData(_ response: DataResponse) {}

    // MARK: Subscriptions

    /// Subscribes to quotes of `instrumentId`.
    public func subscribeQuotes(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.quotes(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.quotes(instrumentId)) { q in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onQuote(q) } } }
        }
    }

    /// Subscribes to trades of `instrumentId`.
    public func subscribeTrades(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.trades(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.trades(instrumentId)) { t in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onTrade(t) } } }
        }
    }

    /// Subscribes to bars of `barType` (INTERNAL bar types are aggregated by the data engine).
    public func subscribeBars(_ barType: BarType, clientId: ClientId? = nil) {
        subscribe(.bars(barType), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.bars(barType)) { b in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onBar(b) } } }
        }
    }

    /// Subscribes to order book deltas of `instrumentId`; the data engine keeps a `bookType` book in
    /// the cache.
    public func subscribeBookDeltas(_ instrumentId: InstrumentId, bookType: BookType = .l2MBP, clientId: ClientId? = nil) {
        subscribe(.bookDeltas(instrumentId, bookType: bookType), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.bookDeltas(instrumentId)) { d in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onBookDeltas(d) } } }
        }
    }

    /// Subscribes to the order book of `instrumentId` every `interval`: the data engine keeps the book
    /// from deltas, and `onBook` receives the cache's book at each tick of a timer on the kernel clock.
    ///
    /// - Throws: `ClockError` if the timer cannot be set (e.g. a zero interval).
    public func subscribeBookSnapshots(
        _ instrumentId: InstrumentId, bookType: BookType = .l2MBP, interval: DurationNanos, clientId: ClientId? = nil
    ) throws(ClockError) {
        let subscription = DataSubscription.bookDeltas(instrumentId, bookType: bookType)
        let name = "book-snapshots-\(instrumentId)-\(interval.rawValue)"
        try setTimer(name: name, interval: interval) { [unowned self] _ in
            guard self.isRunning, let book = self.cache.book(for: instrumentId) else { return }
            self.onBook(book)
        }
        if snapshotSubscriptions[subscription] == nil {
            snapshotSubscriptions[subscription] = name
            sendDataCommand(.subscribe, subscription, clientId: clientId)
        }
    }

    private var snapshotSubscriptions: [DataSubscription: String] = [:]

    /// Subscribes to depth-10 snapshots of `instrumentId`.
    public func subscribeBookDepth10(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.bookDepth10(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.bookDepth10(instrumentId)) { d in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onBookDepth10(d) } } }
        }
    }

    /// Subscribes to definition updates of `instrumentId`.
    public func subscribeInstrument(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.instrument(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.instrument(instrumentId)) { i in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onInstrument(i) } } }
        }
    }

    /// Subscribes to trading status changes of `instrumentId`.
    public func subscribeInstrumentStatus(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.instrumentStatus(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.instrumentStatus(instrumentId)) { s in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onInstrumentStatus(s) } } }
        }
    }

    /// Subscribes to close prices of `instrumentId`.
    public func subscribeInstrumentClose(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.instrumentClose(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.instrumentClose(instrumentId)) { c in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onInstrumentClose(c) } } }
        }
    }

    /// Subscribes to mark prices of `instrumentId`.
    public func subscribeMarkPrices(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.markPrices(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.markPrices(instrumentId)) { u in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onMarkPrice(u) } } }
        }
    }

    /// Subscribes to index prices of `instrumentId`.
    public func subscribeIndexPrices(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.indexPrices(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.indexPrices(instrumentId)) { u in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onIndexPrice(u) } } }
        }
    }

    /// Subscribes to funding rates of `instrumentId`.
    public func subscribeFundingRates(_ instrumentId: InstrumentId, clientId: ClientId? = nil) {
        subscribe(.fundingRates(instrumentId), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.fundingRates(instrumentId)) { u in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onFundingRate(u) } } }
        }
    }

    /// Subscribes to custom data of `dataType`.
    public func subscribeData(_ dataType: DataType, clientId: ClientId? = nil) {
        subscribe(.custom(dataType), clientId: clientId) { actor, bus in
            bus.subscribe(Topics.customData(dataType)) { d in actor._withUnsafeGuaranteedRef { if $0.isRunning { $0.onData(d) } } }
        }
    }

    /// Subscribes to signals named `name` (published by other components; no data client involved).
    public func subscribeSignal(_ name: String) {
        let s = msgbus.subscribe(Topics.signal(name)) { [unowned self] s in if self.isRunning { self.onSignal(s) } }
        extraSubscriptions.append(s)
    }

    /// Unsubscribes from `subscription` (both the bus topic and the data engine's stream).
    public func unsubscribe(_ subscription: DataSubscription, clientId: ClientId? = nil) {
        guard let s = subscriptions.removeValue(forKey: subscription) else { return }
        subscriptionOrder.removeAll { $0 == subscription }
        msgbus.unsubscribe(s)
        sendDataCommand(.unsubscribe, subscription, clientId: clientId)
    }

    /// The actor's data subscriptions, in the order they were made.
    public var dataSubscriptions: [DataSubscription] { subscriptionOrder }

    private func subscribe(
        _ subscription: DataSubscription, clientId: ClientId?, attach: (Unmanaged<Actor>, MessageBus) -> Subscription
    ) {
        guard subscriptions[subscription] == nil else { return }
        // The handler reaches the actor unretained (see the file header: `deinit` cancels what is left).
        subscriptions[subscription] = attach(Unmanaged.passUnretained(self), msgbus)
        subscriptionOrder.append(subscription)
        sendDataCommand(.subscribe, subscription, clientId: clientId)
    }

    private func sendDataCommand(_ action: DataCommand.Action, _ subscription: DataSubscription, clientId: ClientId?) {
        let command = DataCommand(
            action, subscription, clientId: clientId, componentId: id, commandId: UUID4(using: &ids), tsInit: clock.timestampNs)
        msgbus.send(Endpoints.dataExecute, command)
    }

    private func unsubscribeAll() {
        for subscription in subscriptionOrder.reversed() { unsubscribe(subscription) }
        for (subscription, _) in snapshotSubscriptions.sorted(by: { $0.value < $1.value }) {
            sendDataCommand(.unsubscribe, subscription, clientId: nil)
        }
        snapshotSubscriptions.removeAll()
        for s in extraSubscriptions { msgbus.unsubscribe(s) }
        extraSubscriptions.removeAll()
        for name in ownTimers { clock.cancelTimer(name: name) }
        ownTimers.removeAll()
    }

    // MARK: Requests

    /// Requests historical data; the response arrives in `onHistoricalData` (or `callback`).
    ///
    /// - Returns: the request's correlation id.
    @discardableResult
    public func requestData(
        _ subscription: DataSubscription, start: UnixNanos? = nil, end: UnixNanos? = nil, limit: Int? = nil,
        clientId: ClientId? = nil, callback: ((DataResponse) -> Void)? = nil
    ) -> UUID4 {
        let correlationId = UUID4(using: &ids)
        let request = DataRequest(
            subscription, start: start, end: end, limit: limit, clientId: clientId, componentId: id,
            correlationId: correlationId, tsInit: clock.timestampNs)
        msgbus.request(Endpoints.dataRequest, request, correlationId: correlationId) { [unowned self] (response: DataResponse) in
            if let callback { callback(response) } else { self.onHistoricalData(response) }
        }
        return correlationId
    }

    // MARK: Timers

    private var ownTimers: [String] = []

    /// Sets a repeating timer; its events go to `callback`, or to `onTimeEvent` if nil.
    public func setTimer(
        name: String, interval: DurationNanos, startTime: UnixNanos? = nil, stopTime: UnixNanos? = nil,
        callback: TimeEventCallback? = nil
    ) throws(ClockError) {
        try clock.setTimer(name: name, interval: interval, startTime: startTime, stopTime: stopTime, callback: timerCallback(callback))
        ownTimers.append(name)
    }

    /// Sets a one-shot time alert; its event goes to `callback`, or to `onTimeEvent` if nil.
    public func setTimeAlert(name: String, at time: UnixNanos, callback: TimeEventCallback? = nil) throws(ClockError) {
        try clock.setTimeAlert(name: name, at: time, callback: timerCallback(callback))
        ownTimers.append(name)
    }

    /// Cancels one of this actor's timers.
    public func cancelTimer(name: String) {
        clock.cancelTimer(name: name)
        ownTimers.removeAll { $0 == name }
    }

    private func timerCallback(_ callback: TimeEventCallback?) -> TimeEventCallback {
        if let callback { return callback }
        return { [unowned self] event in self.onTimeEvent(event) }
    }

    // MARK: Publishing

    /// Publishes custom data to its data type's topic.
    public func publishData(_ data: CustomData) {
        msgbus.publish(Topics.customData(data.dataType), data)
    }

    /// Publishes a signal named `name` with `value`, stamped with the clock's time.
    public func publishSignal(name: String, value: Signal.Value) {
        let now = clock.timestampNs
        msgbus.publish(Topics.signal(name), Signal(name: name, value: value, tsEvent: now, tsInit: now))
    }
}
