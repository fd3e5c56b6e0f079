// ExecutionEngine: routes trading commands to execution clients and applies their events to orders and
// positions.
//
// Design decisions:
// - A final class, not `Sendable`, confined to the kernel thread like the cache and the bus
//   (ARCHITECTURE.md, "Threading and determinism"). No locks, tasks or actors.
// - Wired through the bus only: `Endpoints.executionExecute` takes commands (from the risk engine),
//   `Endpoints.executionProcess` takes events (from clients). The engine imports no other engine.
// - Routing follows NautilusTrader's `_find_client_for_command`: the command's client id, then the issuer of
//   the order's account id, then the instrument's venue, then the default client.
// - A command no client can take: NautilusTrader logs an error and drops it, which leaves a submitted order
//   in INITIALIZED for ever. Keel denies a submit (an `OrderDenied` the strategy receives, reason "no execution
//   client …") and records a `Problem` for every other command. The same goes for a submit whose instrument is
//   not cached (NautilusTrader logs and drops that too).
// - Venue input never traps. An event for an unknown order, an invalid transition, a duplicate fill or an
//   overfill is recorded as a `Problem` (with text) and the order is left unchanged; nothing is published for
//   it. NautilusTrader publishes an event whose transition was invalid (and even handles such a fill); Keel
//   does not, so strategies and positions only ever see what the order state machine accepted.
// - Order of effects per event, as the data engine: the cache is written before anything is published. For a
//   fill: order applied and cached, position opened/changed/closed and cached, then `events.fills.<ID>`, then
//   `events.order.<STRATEGY>`, then the position events in the order they happened (NautilusTrader holds
//   position events back until the order event is out, for the same reason).
// - Positions per OMS (the strategy's override wins over the client's): NETTING keeps one position per
//   instrument and strategy, id `"{instrumentId}-{strategyId}"`; HEDGING uses the fill's position id or
//   generates `P-…` ids (`PositionIdGenerator`). A NETTING flip splits the fill (`Position.splitFlip`), closes
//   and snapshots the old position and opens a new one with the rest under the same id; a HEDGING flip of a
//   generated id opens the rest under a new `…F` id.
// - Deterministic: event ids come from the engine's own `SeededGenerator`; dictionaries are only looked up
//   (clients are kept in registration order), so nothing reaching an event depends on hash order.
// - Publishers are resolved once per strategy / instrument and kept, so the hot path does no topic string
//   work after the first event.

public import KeelCache
public import KeelCommon
public import KeelCore
public import KeelModel
import OrderedCollections

/// The execution engine's configuration.
public struct ExecutionEngineConfig: Hashable, Sendable {
    /// NautilusTrader's `allow_overfills`. Keel's `Order` rejects every overfill (KeelModel), so the engine
    /// always reports an overfill as a `Problem` and leaves the order unchanged; `true` only changes the
    /// problem's text. Kept so configurations translate one to one.
    public var allowOverfills: Bool
    /// Snapshot a closed NETTING position in the cache before its id is reused (a reopen or a flip), as
    /// NautilusTrader always does. Turning it off forgets the closed position's history when it reopens.
    public var snapshotPositions: Bool

    /// How often closed orders are purged from the cache (NautilusTrader's `purge_closed_orders_interval_mins`);
    /// nil never purges. Purging keeps a long run's memory flat; see `Cache.purgeClosedOrders`.
    public var purgeClosedOrdersInterval: DurationNanos?
    /// How long an order stays in the cache after it closes (`purge_closed_orders_buffer_mins`).
    public var purgeClosedOrdersBuffer: DurationNanos
    /// How often closed positions are purged (`purge_closed_positions_interval_mins`); nil never purges.
    public var purgeClosedPositionsInterval: DurationNanos?
    /// How long a position stays in the cache after it closes (`purge_closed_positions_buffer_mins`).
    public var purgeClosedPositionsBuffer: DurationNanos
    /// How often old account states are purged (`purge_account_events_interval_mins`); nil never purges.
    public var purgeAccountEventsInterval: DurationNanos?
    /// How far back account states are kept (`purge_account_events_lookback_mins`); the latest always is.
    public var purgeAccountEventsLookback: DurationNanos

    /// Creates a configuration.
    public init(
        allowOverfills: Bool = false, snapshotPositions: Bool = true,
        purgeClosedOrdersInterval: DurationNanos? = nil, purgeClosedOrdersBuffer: DurationNanos = .zero,
        purgeClosedPositionsInterval: DurationNanos? = nil, purgeClosedPositionsBuffer: DurationNanos = .zero,
        purgeAccountEventsInterval: DurationNanos? = nil, purgeAccountEventsLookback: DurationNanos = .zero
    ) {
        self.allowOverfills = allowOverfills
        self.snapshotPositions = snapshotPositions
        self.purgeClosedOrdersInterval = purgeClosedOrdersInterval
        self.purgeClosedOrdersBuffer = purgeClosedOrdersBuffer
        self.purgeClosedPositionsInterval = purgeClosedPositionsInterval
        self.purgeClosedPositionsBuffer = purgeClosedPositionsBuffer
        self.purgeAccountEventsInterval = purgeAccountEventsInterval
        self.purgeAccountEventsLookback = purgeAccountEventsLookback
    }

    /// True if any purge is configured.
    public var purges: Bool {
        purgeClosedOrdersInterval != nil || purgeClosedPositionsInterval != nil || purgeAccountEventsInterval != nil
    }
}

/// Routes trading commands to execution clients and applies their events to orders and positions.
///
/// Build it with the kernel's bus, cache and clock, `register()` it on the bus, then register clients. See the
/// file header for the design.
public final class ExecutionEngine {
    /// Something the engine could not do, recorded instead of trapping (venue input, unroutable commands).
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The kind of problem.
        public enum Kind: UInt8, Hashable, Sendable, CustomStringConvertible {
            /// No client could take a command.
            case noClient
            /// A command or fill named an instrument the cache does not hold.
            case instrumentNotFound
            /// An event (or command) named an order the cache does not hold.
            case orderNotFound
            /// A submit carried an order that cannot be built, or a position id its OMS does not allow.
            case invalidCommand
            /// The order state machine refused an event (invalid transition, or an event that does not fit).
            case invalidTransition
            /// A fill repeated a trade id already applied.
            case duplicateFill
            /// A fill exceeded the order's quantity.
            case overfill
            /// A fill could not be applied to its position.
            case positionError

            /// A short name, e.g. `DUPLICATE_FILL`.
            public var description: String {
                switch self {
                case .noClient: "NO_CLIENT"
                case .instrumentNotFound: "INSTRUMENT_NOT_FOUND"
                case .orderNotFound: "ORDER_NOT_FOUND"
                case .invalidCommand: "INVALID_COMMAND"
                case .invalidTransition: "INVALID_TRANSITION"
                case .duplicateFill: "DUPLICATE_FILL"
                case .overfill: "OVERFILL"
                case .positionError: "POSITION_ERROR"
                }
            }
        }

        /// The kind of problem.
        public let kind: Kind
        /// The order concerned, if any.
        public let clientOrderId: ClientOrderId?
        /// What happened, in words.
        public let message: String
        /// The clock's time when it was recorded.
        public let tsInit: UnixNanos

        /// Creates a problem record.
        public init(kind: Kind, clientOrderId: ClientOrderId?, message: String, tsInit: UnixNanos) {
            self.kind = kind
            self.clientOrderId = clientOrderId
            self.message = message
            self.tsInit = tsInit
        }

        /// `KIND: message`.
        public var description: String { "\(kind): \(message)" }
    }

    /// The trader the engine works for.
    public let traderId: TraderId
    /// The engine's configuration.
    public let config: ExecutionEngineConfig
    let msgbus: MessageBus
    let cache: Cache
    let clock: any Clock

    var generator: SeededGenerator
    var positionIds: PositionIdGenerator
    var lifecycle = ComponentStateMachine()

    var clientsById: OrderedDictionary<ClientId, any ExecutionClient> = [:]
    var clientIdByVenue: [Venue: ClientId] = [:]
    var defaultClientId: ClientId?
    var omsOverrides: [StrategyId: OmsType] = [:]

    var orderEventPublishers: [StrategyId: Publisher<OrderEvent>] = [:]
    /// The last order-event publisher used and its strategy: a run's events mostly go to one strategy, and
    /// comparing its id is cheaper than hashing it.
    var lastOrderEventPublisher: Publisher<OrderEvent>?
    /// The strategy of `lastOrderEventPublisher`.
    var lastOrderEventStrategyId: StrategyId?
    /// The strategy that claimed the external orders of each instrument.
    var externalOrderClaims: [InstrumentId: StrategyId] = [:]
    var positionEventPublishers: [StrategyId: Publisher<PositionEvent>] = [:]
    var fillPublishers: [InstrumentId: Publisher<OrderFilled>] = [:]
    /// Position events of the event being processed, published after its order event.
    var pendingPositionEvents: [PositionEvent] = []

    /// The number of commands received.
    public private(set) var commandCount: Int = 0
    /// The number of events received from clients.
    public internal(set) var eventCount: Int = 0
    /// What the engine could not do, oldest first.
    public internal(set) var problems: [Problem] = []
    /// True while the engine's endpoints are registered on the bus.
    public private(set) var isRegistered = false

    /// Creates an engine in state READY.
    ///
    /// - Parameters:
    ///   - traderId: The trader; its tag goes into generated position ids.
    ///   - msgbus: The kernel's bus; `register()` puts the engine's endpoints on it.
    ///   - cache: The kernel's cache: orders are looked up and positions kept there.
    ///   - clock: The kernel's clock: `tsInit` of generated events and generated position ids.
    ///   - config: See `ExecutionEngineConfig`.
    ///   - seed: The seed of the generator that draws the engine's event ids.
    public init(
        traderId: TraderId, msgbus: MessageBus, cache: Cache, clock: any Clock,
        config: ExecutionEngineConfig = ExecutionEngineConfig(), seed: UInt64 = 0
    ) {
        self.traderId = traderId
        self.msgbus = msgbus
        self.cache = cache
        self.clock = clock
        self.config = config
        self.generator = SeededGenerator(seed: seed)
        self.positionIds = PositionIdGenerator(traderId: traderId)
        do { try lifecycle.trigger(.initialize, componentId: Self.componentId) } catch {
            preconditionFailure("Invariant: a new component initializes (\(error))")  // unreachable: PRE_INITIALIZED → READY
        }
    }

    static let componentId = "ExecEngine"

    // MARK: Lifecycle

    /// The engine's lifecycle state.
    public var state: ComponentState { lifecycle.state }

    /// Starts the engine: connects every client, in registration order.
    ///
    /// - Throws: `LifecycleError` if the state does not allow starting.
    public func start() throws(LifecycleError) {
        try lifecycle.trigger(.start, componentId: Self.componentId)
        for client in clientsById.values { client.connect() }
        startPurgeTimers()
        try lifecycle.trigger(.startCompleted, componentId: Self.componentId)
    }

    private static let purgeTimerNames = ["ExecEngine_PURGE_CLOSED_ORDERS", "ExecEngine_PURGE_CLOSED_POSITIONS", "ExecEngine_PURGE_ACCOUNT_EVENTS"]

    /// Sets the clock timers of the configured purges (each fires first one interval after the start).
    private func startPurgeTimers() {
        let cache = self.cache
        let config = self.config
        let timers: [(DurationNanos?, TimeEventCallback)] = [
            (config.purgeClosedOrdersInterval, { cache.purgeClosedOrders(tsNow: $0.tsEvent, buffer: config.purgeClosedOrdersBuffer) }),
            (config.purgeClosedPositionsInterval, { cache.purgeClosedPositions(tsNow: $0.tsEvent, buffer: config.purgeClosedPositionsBuffer) }),
            (config.purgeAccountEventsInterval, { cache.purgeAccountEvents(tsNow: $0.tsEvent, lookback: config.purgeAccountEventsLookback) }),
        ]
        for (name, (interval, callback)) in zip(Self.purgeTimerNames, timers) {
            guard let interval else { continue }
            do {
                try clock.setTimer(name: name, interval: interval, startTime: nil, stopTime: nil, callback: callback)
            } catch {
                preconditionFailure("Invariant: the execution engine's purge timers are set once, with a positive interval (\(error))")
            }
        }
    }

    /// Stops the engine: disconnects every client, in registration order.
    ///
    /// - Throws: `LifecycleError` if the state does not allow stopping.
    public func stop() throws(LifecycleError) {
        try lifecycle.trigger(.stop, componentId: Self.componentId)
        for name in Self.purgeTimerNames { clock.cancelTimer(name: name) }
        for client in clientsById.values { client.disconnect() }
        try lifecycle.trigger(.stopCompleted, componentId: Self.componentId)
    }

    /// Resets counters, problems, the event id generator and the position id counts.
    ///
    /// - Throws: `LifecycleError` unless the engine is READY or STOPPED.
    public func reset() throws(LifecycleError) {
        try lifecycle.trigger(.reset, componentId: Self.componentId)
        commandCount = 0
        eventCount = 0
        problems = []
        generator = SeededGenerator(seed: generator.seed)
        positionIds.reset()
        try lifecycle.trigger(.resetCompleted, componentId: Self.componentId)
    }

    /// Disposes of the engine: deregisters it from the bus.
    ///
    /// - Throws: `LifecycleError` unless the engine is READY or STOPPED.
    public func dispose() throws(LifecycleError) {
        try lifecycle.trigger(.dispose, componentId: Self.componentId)
        if isRegistered { deregister() }
        try lifecycle.trigger(.disposeCompleted, componentId: Self.componentId)
    }

    // MARK: Bus wiring

    /// Registers `Endpoints.executionExecute` and `Endpoints.executionProcess` on the bus.
    ///
    /// Traps if either endpoint already has a handler (two engines on one bus is a wiring bug).
    public func register() {
        precondition(!isRegistered, "Invariant: an execution engine registers its endpoints once")
        msgbus.register(Endpoints.executionExecute) { [unowned self] command in self.execute(command) }
        msgbus.register(Endpoints.executionProcess) { [unowned self] event in self.process(event) }
        isRegistered = true
    }

    /// Removes the engine's endpoints from the bus (nothing happens if they are not registered).
    public func deregister() {
        guard isRegistered else { return }
        msgbus.deregister(Endpoints.executionExecute)
        msgbus.deregister(Endpoints.executionProcess)
        isRegistered = false
    }

    // MARK: Clients

    /// Registers `client` and routes commands for its venue to it (unless another client already has the
    /// venue: the first keeps it).
    ///
    /// Traps if a client with its id is already registered (a wiring bug).
    public func register(client: any ExecutionClient) {
        precondition(clientsById[client.clientId] == nil, "Invariant: an execution client is registered once (\(client.clientId))")
        clientsById[client.clientId] = client
        if clientIdByVenue[client.venue] == nil { clientIdByVenue[client.venue] = client.clientId }
    }

    /// Makes `client` the default: it takes commands no other client is routed for. Registers it first if
    /// needed.
    public func setDefault(client: any ExecutionClient) {
        if let registered = clientsById[client.clientId] {
            precondition(registered === client, "Invariant: a client id names one client (\(client.clientId))")
        } else {
            register(client: client)
        }
        defaultClientId = client.clientId
    }

    /// Routes commands for `venue` to `client` (registering it first if needed), replacing any earlier route.
    public func route(venue: Venue, to client: any ExecutionClient) {
        if clientsById[client.clientId] == nil { register(client: client) }
        clientIdByVenue[venue] = client.clientId
    }

    /// Removes `client` and every route to it.
    public func deregister(client: any ExecutionClient) {
        guard clientsById.removeValue(forKey: client.clientId) != nil else { return }
        for venue in clientIdByVenue.keys.sorted() where clientIdByVenue[venue] == client.clientId {
            clientIdByVenue[venue] = nil
        }
        if defaultClientId == client.clientId { defaultClientId = nil }
    }

    /// The registered client ids, in registration order.
    public var registeredClients: [ClientId] { Array(clientsById.keys) }

    /// The default client's id, if one is set.
    public var defaultClient: ClientId? { defaultClientId }

    /// The client registered under `clientId`, if any.
    public func client(_ clientId: ClientId) -> (any ExecutionClient)? { clientsById[clientId] }

    /// Sets the OMS type `strategyId`'s positions are kept under, overriding the venue's
    /// (NautilusTrader's `register_oms_type`); `.unspecified` removes the override.
    public func registerOmsType(_ omsType: OmsType, for strategyId: StrategyId) {
        omsOverrides[strategyId] = omsType == .unspecified ? nil : omsType
    }

    /// The OMS type `strategyId`'s positions in `instrumentId` are kept under: the strategy's override, else the
    /// routed client's OMS, else NETTING.
    public func omsType(strategyId: StrategyId, instrumentId: InstrumentId) -> OmsType {
        if let override = omsOverrides[strategyId] { return override }
        let clientId = clientIdByVenue[instrumentId.venue] ?? defaultClientId
        if let clientId, let oms = clientsById[clientId]?.omsType, oms != .unspecified { return oms }
        return .netting
    }

    /// True if every registered client is connected.
    public var isConnected: Bool { clientsById.values.allSatisfy(\.isConnected) }

    /// The number of position ids generated for `strategyId` so far.
    public func positionIdCount(for strategyId: StrategyId) -> Int { positionIds.count(for: strategyId) }

    // MARK: Commands

    /// Routes `command` to its client (the `Endpoints.executionExecute` handler).
    ///
    /// A submit whose order is not cached adds it first (NautilusTrader's behaviour). A command no client
    /// takes is denied (submits) or recorded as a `Problem` (the others).
    public func execute(_ command: TradingCommand) {
        commandCount += 1
        let client = findClient(for: command)
        switch command {
        case .submitOrder(let submit): handleSubmit(submit, client: client)
        case .submitOrderList(let list): handleSubmitList(list, client: client)
        case .modifyOrder(let modify):
            guard let client else { return recordNoClient(command, modify.clientOrderId) }
            client.modifyOrder(modify)
        case .cancelOrder(let cancel):
            guard let client else { return recordNoClient(command, cancel.clientOrderId) }
            client.cancelOrder(cancel)
        case .cancelAllOrders(let cancelAll):
            guard let client else { return recordNoClient(command, nil) }
            client.cancelAllOrders(cancelAll)
        case .batchCancelOrders(let batch):
            guard let client else { return recordNoClient(command, nil) }
            client.batchCancelOrders(batch)
        case .queryOrder(let query):
            guard let client else { return recordNoClient(command, query.clientOrderId) }
            client.queryOrder(query)
        }
    }

    /// The client for `command`: its client id, else the issuer of the order's account, else the instrument's
    /// venue, else the default client.
    func findClient(for command: TradingCommand) -> (any ExecutionClient)? {
        if let id = command.clientId, let client = clientsById[id] { return client }
        let orderId: ClientOrderId? =
            switch command {
            case .modifyOrder(let c): c.clientOrderId
            case .cancelOrder(let c): c.clientOrderId
            case .queryOrder(let c): c.clientOrderId
            default: nil
            }
        if let orderId, let issuer = cache.order(orderId)?.accountId?.issuer {
            if let client = clientsById[ClientId(issuer)] { return client }
            if let venue = try? Venue(validating: issuer), let id = clientIdByVenue[venue], let client = clientsById[id] {
                return client
            }
        }
        if let id = clientIdByVenue[command.instrumentId.venue], let client = clientsById[id] { return client }
        return defaultClientId.flatMap { clientsById[$0] }
    }

    private func handleSubmit(_ command: SubmitOrder, client: (any ExecutionClient)?) {
        guard let order = cachedOrAdded(command.order, positionId: command.positionId, clientId: command.clientId) else { return }
        guard let client else {
            return deny(order, reason: "no execution client for client_id=\(command.clientId?.value ?? "None"), venue=\(command.instrumentId.venue)")
        }
        if let reason = positionIdDenial(command.positionId, command.instrumentId, command.strategyId) {
            return deny(order, reason: reason)
        }
        guard cache.instrument(command.instrumentId) != nil else {
            return deny(order, reason: "no instrument \(command.instrumentId) in the cache")
        }
        client.submitOrder(command)
    }

    private func handleSubmitList(_ command: SubmitOrderList, client: (any ExecutionClient)?) {
        // Why the list is denied is decided first (it only reads), so that the orders are collected only when
        // they are to be denied: building the array for every list cost an allocation and its growth.
        var reason: String? = nil
        if client == nil {
            reason = "no execution client for client_id=\(command.clientId?.value ?? "None"), venue=\(command.instrumentId.venue)"
        } else if command.positionId != nil, command.orders.contains(where: { $0.instrumentId != command.instrumentId }) {
            reason = "position id \(command.positionId!) is not valid for a mixed-instrument order list"
        } else if let denial = positionIdDenial(command.positionId, command.instrumentId, command.strategyId) {
            reason = denial
        } else if cache.instrument(command.instrumentId) == nil {
            reason = "no instrument \(command.instrumentId) in the cache"
        }
        var denied: [Order] = []
        for initialized in command.orders {
            guard let order = cachedOrAdded(initialized, positionId: command.positionId, clientId: command.clientId) else { return }
            if reason != nil { denied.append(order) }
        }
        if let reason {
            for order in denied { deny(order, reason: reason) }
            return
        }
        client!.submitOrderList(command)
    }

    /// The cached order, or one built from `initialized` and added to the cache; nil (and a problem) if it
    /// cannot be built, or if the cached order was already submitted: a client order id goes to a venue once
    /// (venues reject duplicates, and the simulated venue forgets closed orders).
    private func cachedOrAdded(_ initialized: OrderInitialized, positionId: PositionId?, clientId: ClientId?) -> Order? {
        if let order = cache.order(initialized.clientOrderId) {
            guard order.status == .initialized || order.status == .released else {
                record(.invalidCommand, order.clientOrderId, "cannot submit \(order.clientOrderId): already submitted (status \(order.status))")
                return nil
            }
            return order
        }
        do {
            let order = try Order(initialized)
            cache.add(order: order, positionId: positionId, clientId: clientId)
            return order
        } catch {
            record(.invalidCommand, initialized.clientOrderId, "cannot build order \(initialized.clientOrderId): \(error)")
            return nil
        }
    }

    /// Why `positionId` cannot be used under the strategy's OMS, or nil if it can (NautilusTrader's
    /// `_check_position_id_against_oms`: NETTING allows only `"{instrumentId}-{strategyId}"`).
    private func positionIdDenial(_ positionId: PositionId?, _ instrumentId: InstrumentId, _ strategyId: StrategyId) -> String? {
        guard let positionId, omsType(strategyId: strategyId, instrumentId: instrumentId) == .netting else { return nil }
        let expected = Self.nettingPositionId(instrumentId, strategyId)
        if positionId == expected { return nil }
        return "position id \(positionId) is not valid for NETTING OMS; expected \(expected) (use HEDGING for custom position ids)"
    }

    /// Denies `order`: applies an `OrderDenied`, updates the cache and publishes the event.
    func deny(_ order: Order, reason: String) {
        let denied = OrderEvent.denied(
            OrderDenied(
                traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
                clientOrderId: order.clientOrderId, reason: reason, eventId: nextEventId(), tsEvent: clock.timestampNs,
                tsInit: clock.timestampNs))
        let mark = cache.indexMark(of: order)
        do {
            try order.apply(denied)
        } catch {
            return record(.invalidTransition, order.clientOrderId, "cannot deny \(order.clientOrderId) (\(reason)): \(error)")
        }
        cache.updateOrder(order, since: mark)
        orderEventPublisher(recipient(order.strategyId, order.instrumentId)).publish(denied)
    }

    private func recordNoClient(_ command: TradingCommand, _ orderId: ClientOrderId?) {
        record(
            .noClient, orderId,
            "cannot execute \(command.name): no execution client for client_id=\(command.clientId?.value ?? "None"), venue=\(command.instrumentId.venue)"
        )
    }

    // MARK: Helpers

    /// The NETTING position id of `instrumentId` and `strategyId`: `"{instrumentId}-{strategyId}"`.
    public static func nettingPositionId(_ instrumentId: InstrumentId, _ strategyId: StrategyId) -> PositionId {
        PositionId("\(instrumentId)-\(strategyId)")
    }

    func nextEventId() -> UUID4 { UUID4(using: &generator) }

    func record(_ kind: Problem.Kind, _ clientOrderId: ClientOrderId?, _ message: String) {
        problems.append(Problem(kind: kind, clientOrderId: clientOrderId, message: message, tsInit: clock.timestampNs))
    }

    /// Makes `strategyId` the recipient of the events of external orders (placed outside Keel, strategy
    /// `EXTERNAL`) in `instrumentIds`, and of their positions.
    ///
    /// Traps if another strategy already claimed one of the instruments: an external order has one owner.
    public func registerExternalOrderClaims(_ instrumentIds: [InstrumentId], for strategyId: StrategyId) {
        for instrumentId in instrumentIds {
            if let existing = externalOrderClaims[instrumentId] {
                precondition(existing == strategyId, "Invariant: one strategy claims the external orders of \(instrumentId) (\(existing) and \(strategyId))")
            }
            externalOrderClaims[instrumentId] = strategyId
        }
    }

    /// The strategy that claimed external orders in `instrumentId`, if any.
    public func externalOrderClaim(for instrumentId: InstrumentId) -> StrategyId? { externalOrderClaims[instrumentId] }

    /// The strategy whose topics carry events of an order or position of `strategyId` in `instrumentId`:
    /// the owner, or for external orders the claiming strategy.
    func recipient(_ strategyId: StrategyId, _ instrumentId: InstrumentId) -> StrategyId {
        // Without claims (a backtest's strategies place every order) the id is not even compared.
        guard !externalOrderClaims.isEmpty, strategyId.isExternal, let claim = externalOrderClaims[instrumentId] else {
            return strategyId
        }
        return claim
    }

    func orderEventPublisher(_ strategyId: StrategyId) -> Publisher<OrderEvent> {
        // Compared in place: copying the id and publisher out as a pair cost more than the hash it saves.
        if let publisher = lastOrderEventPublisher, lastOrderEventStrategyId == strategyId { return publisher }
        let publisher: Publisher<OrderEvent>
        if let known = orderEventPublishers[strategyId] {
            publisher = known
        } else {
            publisher = msgbus.publisher(for: Topics.orderEvents(strategyId))
            orderEventPublishers[strategyId] = publisher
        }
        (lastOrderEventStrategyId, lastOrderEventPublisher) = (strategyId, publisher)
        return publisher
    }

    func positionEventPublisher(_ strategyId: StrategyId) -> Publisher<PositionEvent> {
        if let publisher = positionEventPublishers[strategyId] { return publisher }
        let publisher = msgbus.publisher(for: Topics.positionEvents(strategyId))
        positionEventPublishers[strategyId] = publisher
        return publisher
    }

    func fillPublisher(_ instrumentId: InstrumentId) -> Publisher<OrderFilled> {
        if let publisher = fillPublishers[instrumentId] { return publisher }
        let publisher = msgbus.publisher(for: Topics.fills(instrumentId))
        fillPublishers[instrumentId] = publisher
        return publisher
    }
}
