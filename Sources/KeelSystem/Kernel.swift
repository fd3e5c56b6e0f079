// Kernel: builds and owns every component of a trading node and runs their lifecycle.
//
// Design decisions:
// - One entry point for every context. Backtest, sandbox and live differ only in the clock and in the
//   data and execution clients handed to the kernel; everything the kernel builds is the same code.
// - Wiring is the bus: engines register their endpoints and never import each other (the risk engine
//   reads the portfolio through `PortfolioFacade`).
// - Determinism: every component that draws ids gets a seed derived from the kernel's seed and the
//   component's id (FNV-1a of the id text), so adding a strategy does not change another's ids.
// - Crash-only: `start()` loads state from the cache database when one is configured (the same path
//   after a crash as after a clean stop) and hands each actor its saved `onSave` state; `stop()` saves it.
// - Not Sendable; everything runs on the thread that owns the kernel.

public import KeelCache
public import KeelCommon
import KeelCore
public import KeelData
public import KeelExecution
public import KeelModel
public import KeelPortfolio
public import KeelRisk
public import KeelTrading
public import Logging

/// Everything needed to build a kernel.
public struct KernelConfig: Sendable {
    /// The trader (`NAME-TAG`).
    public var traderId: TraderId
    /// The seed of every random draw and id in the kernel.
    public var seed: UInt64
    public var cache: CacheConfig
    public var dataEngine: DataEngineConfig
    public var riskEngine: RiskEngineConfig
    public var executionEngine: ExecutionEngineConfig
    /// Load the cache and actors' saved state from the cache database on start.
    public var loadStateOnStart: Bool
    /// Save actors' state to the cache database on stop.
    public var saveStateOnStop: Bool

    public init(
        traderId: TraderId, seed: UInt64 = 42, cache: CacheConfig = CacheConfig(),
        dataEngine: DataEngineConfig = DataEngineConfig(), riskEngine: RiskEngineConfig = RiskEngineConfig(),
        executionEngine: ExecutionEngineConfig = ExecutionEngineConfig(), loadStateOnStart: Bool = true,
        saveStateOnStop: Bool = true
    ) {
        self.traderId = traderId
        self.seed = seed
        self.cache = cache
        self.dataEngine = dataEngine
        self.riskEngine = riskEngine
        self.executionEngine = executionEngine
        self.loadStateOnStart = loadStateOnStart
        self.saveStateOnStop = saveStateOnStop
    }
}

/// An error from the kernel's lifecycle.
public struct KernelError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The kernel of a trading node: clock, bus, cache, engines, portfolio, actors and strategies.
public final class Kernel {
    public let config: KernelConfig
    public let clock: any Clock
    public let msgbus: MessageBus
    public let cache: Cache
    public let dataEngine: DataEngine
    public let riskEngine: RiskEngine
    public let executionEngine: ExecutionEngine
    public let portfolio: Portfolio
    public let logger: Logger
    private let database: (any CacheDatabase)?
    private var fsm = ComponentStateMachine()

    /// The actors (strategies included), in the order they were added.
    public private(set) var actors: [Actor] = []
    /// The strategies, in the order they were added.
    public var strategies: [Strategy] { actors.compactMap { $0 as? Strategy } }

    /// Builds every component and wires it to the bus.
    ///
    /// - Parameters:
    ///   - clock: a `TestClock` for backtests, a `LiveClock` for sandbox and live.
    ///   - database: where the cache persists (nil: in memory only).
    ///   - logger: the node's logger; components add their own metadata.
    public init(config: KernelConfig, clock: any Clock, database: (any CacheDatabase)? = nil, logger: Logger = Logger(label: "keel")) {
        self.config = config
        self.clock = clock
        self.database = database
        var logger = logger
        logger[metadataKey: "traderId"] = "\(config.traderId)"
        self.logger = logger
        msgbus = MessageBus(traderId: config.traderId)
        cache = Cache(config: config.cache, database: database)
        dataEngine = DataEngine(traderId: config.traderId, msgbus: msgbus, cache: cache, clock: clock, config: config.dataEngine, logger: logger)
        executionEngine = ExecutionEngine(
            traderId: config.traderId, msgbus: msgbus, cache: cache, clock: clock, config: config.executionEngine,
            seed: Self.seed(config.seed, "ExecEngine"))
        portfolio = Portfolio(traderId: config.traderId, msgbus: msgbus, cache: cache, clock: clock, seed: Self.seed(config.seed, "Portfolio"))
        riskEngine = RiskEngine(
            traderId: config.traderId, msgbus: msgbus, cache: cache, portfolio: portfolio, clock: clock,
            config: config.riskEngine, seed: Self.seed(config.seed, "RiskEngine"))
        dataEngine.register()
        executionEngine.register()
        portfolio.register()
        riskEngine.register()
        try! fsm.trigger(.initialize, componentId: "Kernel")
    }

    /// The kernel's lifecycle state.
    public var state: ComponentState { fsm.state }

    /// A seed for component `id`: the kernel seed mixed with the FNV-1a hash of the id text.
    public static func seed(_ kernelSeed: UInt64, _ id: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in id.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return kernelSeed ^ hash
    }

    // MARK: Components

    /// Adds an actor and registers it with the kernel's services; traps if its id is taken.
    public func addActor(_ actor: Actor) {
        precondition(!actors.contains { $0.id == actor.id }, "Invariant: actor ids are unique in a kernel (\(actor.id))")
        var actorLogger = logger
        actorLogger[metadataKey: "component"] = "\(actor.id)"
        actor.register(
            ActorContext(
                traderId: config.traderId, clock: clock, msgbus: msgbus, cache: cache, portfolio: portfolio,
                logger: actorLogger, seed: Self.seed(config.seed, actor.id.value)))
        if let strategy = actor as? Strategy {
            executionEngine.registerOmsType(strategy.config.omsType, for: strategy.strategyId)
            if !strategy.config.externalOrderClaims.isEmpty {
                executionEngine.registerExternalOrderClaims(strategy.config.externalOrderClaims, for: strategy.strategyId)
            }
        }
        actors.append(actor)
    }

    /// Adds a strategy (an actor that trades).
    public func addStrategy(_ strategy: Strategy) { addActor(strategy) }

    /// Adds a data client; `isDefault` makes it serve subscriptions no other client serves.
    public func addDataClient(_ client: any DataClient, isDefault: Bool = false) {
        dataEngine.register(client: client)
        if isDefault { dataEngine.setDefaultClient(client.clientId) }
    }

    /// Adds an execution client; `isDefault` makes it receive commands no other client serves.
    public func addExecutionClient(_ client: any ExecutionClient, isDefault: Bool = false) {
        executionEngine.register(client: client)
        if isDefault { executionEngine.setDefault(client: client) }
    }

    // MARK: Lifecycle

    /// Starts the node: loads persisted state, starts the engines (connecting clients), then the actors.
    ///
    /// - Throws: `KernelError` if the state cannot be loaded or a component cannot start.
    public func start() throws(KernelError) {
        try trigger(.start)
        if config.loadStateOnStart, database != nil {
            do { try cache.loadFromDatabase() } catch { throw KernelError(message: "loading state failed: \(error)") }
        }
        try lifecycle { () throws(LifecycleError) in
            try dataEngine.start()
            try executionEngine.start()
            try riskEngine.start()
        }
        for actor in actors {
            if config.loadStateOnStart, let saved = try loadActorState(actor.id) { actor.onLoad(saved) }
            try lifecycle { () throws(LifecycleError) in try actor.start() }
        }
        try trigger(.startCompleted)
    }

    /// Stops the node: stops the actors (saving their state), then the engines.
    public func stop() throws(KernelError) {
        try trigger(.stop)
        for actor in actors where actor.state == .running || actor.state == .degraded {
            try lifecycle { () throws(LifecycleError) in try actor.stop() }
            if config.saveStateOnStop { saveActorState(actor) }
        }
        try lifecycle { () throws(LifecycleError) in
            try riskEngine.stop()
            try executionEngine.stop()
            try dataEngine.stop()
        }
        try trigger(.stopCompleted)
    }

    /// Resets a stopped node for another run: actors and engines back to READY, the cache emptied of all
    /// but its instruments, the portfolio's derived state forgotten.
    public func reset() throws(KernelError) {
        try trigger(.reset)
        cache.reset()
        portfolio.reset()
        try lifecycle { () throws(LifecycleError) in
            for actor in actors { try actor.reset() }
            try dataEngine.reset()
            try executionEngine.reset()
            try riskEngine.reset()
        }
        try trigger(.resetCompleted)
    }

    /// Disposes of the node: actors and engines release their subscriptions and endpoints.
    public func dispose() throws(KernelError) {
        if fsm.state == .running { try stop() }
        try trigger(.dispose)
        try lifecycle { () throws(LifecycleError) in
            for actor in actors { try actor.dispose() }
            try dataEngine.dispose()
            try executionEngine.dispose()
            try riskEngine.dispose()
        }
        portfolio.deregister()
        try? database?.close()
        try trigger(.disposeCompleted)
    }

    private func trigger(_ trigger: ComponentTrigger) throws(KernelError) {
        do { try fsm.trigger(trigger, componentId: "Kernel") } catch { throw KernelError(message: "\(error)") }
    }

    private func lifecycle(_ body: () throws(LifecycleError) -> Void) throws(KernelError) {
        do { try body() } catch { throw KernelError(message: "\(error)") }
    }

    // MARK: Actor state

    private static let stateKeyPrefix = "actor-state:"

    private func saveActorState(_ actor: Actor) {
        let state = actor.onSave()
        guard !state.isEmpty else { return }
        // Encoded as: count, then per key (sorted) key length, key bytes, value length, value bytes.
        var bytes: [UInt8] = []
        func append(_ n: Int) { withUnsafeBytes(of: UInt32(n).littleEndian) { bytes.append(contentsOf: $0) } }
        append(state.count)
        for key in state.keys.sorted() {
            let k = Array(key.utf8)
            append(k.count)
            bytes.append(contentsOf: k)
            append(state[key]!.count)
            bytes.append(contentsOf: state[key]!)
        }
        cache.add(key: Self.stateKeyPrefix + actor.id.value, value: bytes)
    }

    private func loadActorState(_ id: ComponentId) throws(KernelError) -> [String: [UInt8]]? {
        guard let bytes = cache.get(key: Self.stateKeyPrefix + id.value) else { return nil }
        let corrupt = KernelError(message: "saved state of actor \(id) is corrupt (\(bytes.count) bytes)")
        var offset = 0
        func read() -> Int? {
            guard offset + 4 <= bytes.count else { return nil }
            var n: UInt32 = 0
            for i in 0..<4 { n |= UInt32(bytes[offset + i]) << (8 * UInt32(i)) }
            offset += 4
            return Int(n)
        }
        guard let count = read() else { throw corrupt }
        var state: [String: [UInt8]] = [:]
        for _ in 0..<count {
            guard let kn = read(), offset + kn <= bytes.count else { throw corrupt }
            let key = String(decoding: bytes[offset..<(offset + kn)], as: UTF8.self)
            offset += kn
            guard let vn = read(), offset + vn <= bytes.count else { throw corrupt }
            state[key] = Array(bytes[offset..<(offset + vn)])
            offset += vn
        }
        guard offset == bytes.count else { throw corrupt }
        return state
    }
}
