// SimulatedExchange: a venue in a backtest or sandbox — one matching engine per instrument and a queue of the
// commands sent to it.
//
// Behaviour matched (nautilus_trader/backtest/engine.pyx @ 1.221.0, `SimulatedExchange.send`, `process`,
// `_process_trading_command`, `add_instrument`):
// - Commands are queued, not processed when sent (the reference's `use_message_queue=True`): a strategy that
//   submits during a data callback sees its order processed by the next `process(ts)` — after the datum, at the
//   same timestamp — in the order sent. With a latency model, a command arrives at `tsInit + latency` and is
//   processed by the first `process(ts)` at or after that time (commands arriving together keep their order).
// - Instruments get 1-based raw ids in the order they are added; the engine's ids read `SIM-1-001`.
// - Market data goes straight to the instrument's engine (`process(quote:)` …).
// Not yet here: account state (balances, margin and cash checks), simulation modules; the BacktestEngine and
// its account handling come next in issue 5.

public import KeelCache
public import KeelCommon
public import KeelCore
import DequeModule
public import KeelModel

/// The configuration of a simulated venue.
public struct SimulatedVenueConfig: Sendable {
    /// The venue.
    public var venue: Venue
    /// NETTING or HEDGING.
    public var omsType: OmsType
    /// Cash or margin.
    public var accountType: AccountType
    /// The account's base currency, or nil for multi-currency.
    public var baseCurrency: Currency?
    /// The starting balances.
    public var startingBalances: [Money]
    /// The default leverage of a margin account (default: 10 for margin accounts, 1 otherwise, as the
    /// reference's `add_venue`).
    public var defaultLeverage: Double
    /// The switches of every matching engine.
    public var matching: MatchingEngineConfig
    /// The fill model (each engine draws from its own stream of it).
    public var fillModel: FillModel
    /// The fee model.
    public var feeModel: FeeModel
    /// The latency model, or nil: commands are processed at the next `process(ts)`.
    public var latencyModel: LatencyModel?
    /// The seed of the engines' event id generators.
    public var seed: UInt64
    /// Next-bar-open execution (beyond the reference; off by default): with bar execution, commands sent
    /// while a bar is processed are held and acted on at the *next* bar's open — a signal at a bar's close
    /// fills at the following bar's open price and time, never inside the bar that produced the signal.
    public var nextBarOpen: Bool = false

    /// Creates a venue configuration (defaults as the reference's `add_venue`).
    public init(
        venue: Venue, omsType: OmsType, accountType: AccountType, baseCurrency: Currency?, startingBalances: [Money],
        defaultLeverage: Double? = nil, bookType: BookType = .l1MBP, barExecution: Bool = true,
        barAdaptiveHighLowOrdering: Bool = false, tradeExecution: Bool = false, rejectStopOrders: Bool = true,
        supportGTDOrders: Bool = true, supportContingentOrders: Bool = true, useReduceOnly: Bool = true,
        usePositionIds: Bool = true, fillModel: FillModel = FillModel(), feeModel: FeeModel = .makerTaker,
        latencyModel: LatencyModel? = nil, seed: UInt64 = 0
    ) {
        self.venue = venue
        self.omsType = omsType
        self.accountType = accountType
        self.baseCurrency = baseCurrency
        self.startingBalances = startingBalances
        // The reference's add_venue: leverage 10 for margin accounts, 1 otherwise, unless given.
        self.defaultLeverage = defaultLeverage ?? (accountType == .margin ? 10 : 1)
        self.matching = MatchingEngineConfig(
            bookType: bookType, omsType: omsType, accountType: accountType, barExecution: barExecution,
            barAdaptiveHighLowOrdering: barAdaptiveHighLowOrdering, tradeExecution: tradeExecution,
            rejectStopOrders: rejectStopOrders, supportGTDOrders: supportGTDOrders,
            supportContingentOrders: supportContingentOrders, usePositionIds: usePositionIds, useReduceOnly: useReduceOnly)
        self.fillModel = fillModel
        self.feeModel = feeModel
        self.latencyModel = latencyModel
        self.seed = seed
    }
}

/// A simulated venue: matching engines per instrument and the queue of commands sent to it.
public final class SimulatedExchange {
    /// The venue's configuration.
    public let config: SimulatedVenueConfig
    /// The account the venue's events are booked to (`<VENUE>-001`).
    public let accountId: AccountId

    private let cache: Cache
    private let sink: (OrderEvent) -> Void
    @exclusivity(unchecked) private var engines: [InstrumentId: OrderMatchingEngine] = [:]
    /// The engine of the last instrument looked up: a stream of one instrument compares ids, not hashes.
    /// The engine of the last instrument seen, unretained: `engines` holds it (a retain/release pair per datum
    /// otherwise); cleared with `engines`.
    @exclusivity(unchecked) private var lastEngine: Unmanaged<OrderMatchingEngine>?
    private var instrumentOrder: [InstrumentId] = []
    @exclusivity(unchecked) private var queue: Deque<TradingCommand> = []
    @exclusivity(unchecked) private var inflight: [(arrival: UnixNanos, sequence: Int, command: TradingCommand)] = []
    private var inflightSequence = 0
    /// True while a command is queued or in flight: `process(_:)`, called on every datum, tests this one byte
    /// rather than the counts of two collections (two dependent loads each).
    @exclusivity(unchecked) private var hasPendingCommands = false
    /// Next-bar-open mode: commands waiting for their instrument's next bar open.
    @exclusivity(unchecked) private var heldForOpen: [InstrumentId: [TradingCommand]] = [:]

    /// The venue's id.
    public var venue: Venue { config.venue }

    /// Creates a venue whose events go to `Endpoints.executionProcess` on `msgbus`.
    public convenience init(config: SimulatedVenueConfig, cache: Cache, msgbus: MessageBus) {
        let sender = msgbus.sender(for: Endpoints.executionProcess)
        self.init(config: config, cache: cache) { sender.send($0) }
    }

    /// Creates a venue whose events go to `sink`.
    public init(config: SimulatedVenueConfig, cache: Cache, sink: @escaping (OrderEvent) -> Void) {
        self.config = config
        self.accountId = AccountId("\(config.venue.value)-001")
        self.cache = cache
        self.sink = sink
    }

    /// Adds `instrument` with its own matching engine (raw ids 1, 2, … in order of addition).
    ///
    /// Traps if the instrument is of another venue or already added.
    public func add(instrument: Instrument) {
        precondition(instrument.id.venue == config.venue, "Invariant: \(instrument.id) is traded at \(config.venue)")
        precondition(engines[instrument.id] == nil, "Invariant: \(instrument.id) is added once to \(config.venue)")
        let rawId = UInt32(instrumentOrder.count + 1)
        let engine = OrderMatchingEngine(
            instrument: instrument, rawId: rawId, accountId: accountId, config: config.matching,
            fillModel: config.fillModel.forStream(UInt64(rawId - 1)), feeModel: config.feeModel, cache: cache,
            seed: config.seed &+ UInt64(rawId), sink: sink)
        if config.nextBarOpen {
            let id = instrument.id
            engine.onBarOpen = { [unowned self] ts in self.releaseHeld(id, at: ts) }
        }
        engines[instrument.id] = engine
        instrumentOrder.append(instrument.id)
    }

    /// The matching engine of `instrumentId`, if added.
    public func matchingEngine(_ instrumentId: InstrumentId) -> OrderMatchingEngine? { engines[instrumentId] }

    /// The instruments, in order of addition.
    public var instrumentIds: [InstrumentId] { instrumentOrder }

    /// The number of commands waiting (queued or in flight).
    public var pendingCommandCount: Int { queue.count + inflight.count }

    // MARK: Market data

    // These only pass each datum to its instrument's engine, and must stay so: `BacktestEngine.run` hands data
    // straight to `matchingEngine(_:)` (one lookup fewer per datum), skipping them.

    /// Passes `quote` to its instrument's engine.
    public func process(quote: QuoteTick) { requireEngine(quote.instrumentId)._withUnsafeGuaranteedRef { $0.process(quote: quote) } }
    /// Passes `trade` to its instrument's engine.
    public func process(trade: TradeTick) { requireEngine(trade.instrumentId)._withUnsafeGuaranteedRef { $0.process(trade: trade) } }
    /// Passes `bar` to its instrument's engine.
    public func process(bar: Bar) { requireEngine(bar.barType.instrumentId)._withUnsafeGuaranteedRef { $0.process(bar: bar) } }
    /// Passes `delta` to its instrument's engine.
    public func process(delta: OrderBookDelta) { requireEngine(delta.instrumentId)._withUnsafeGuaranteedRef { $0.process(delta: delta) } }
    /// Passes `deltas` to their instrument's engine.
    public func process(deltas: OrderBookDeltas) { requireEngine(deltas.instrumentId)._withUnsafeGuaranteedRef { $0.process(deltas: deltas) } }
    /// Passes `depth` to its instrument's engine.
    public func process(depth: OrderBookDepth10) { requireEngine(depth.instrumentId)._withUnsafeGuaranteedRef { $0.process(depth: depth) } }

    // MARK: Commands

    /// Queues `command`; it is processed by a later `process(ts)`.
    public func send(_ command: TradingCommand) {
        guard let latency = config.latencyModel else {
            queue.append(command)
            hasPendingCommands = true
            return
        }
        let delay: DurationNanos
        switch command {
        case .submitOrder, .submitOrderList: delay = latency.insertLatency
        case .modifyOrder: delay = latency.updateLatency
        case .cancelOrder, .cancelAllOrders, .batchCancelOrders: delay = latency.cancelLatency
        case .queryOrder: return  // Queries are not simulated.
        }
        let arrival = command.tsInit + delay
        let entry = (arrival: arrival, sequence: inflightSequence, command: command)
        inflightSequence += 1
        let index = inflight.firstIndex { ($0.arrival, $0.sequence) > (arrival, entry.sequence) } ?? inflight.endIndex
        inflight.insert(entry, at: index)
        hasPendingCommands = true
    }

    /// Processes every command that has arrived by `ts`, in order.
    @inline(__always)
    public func process(_ ts: UnixNanos) {
        // The common case, on every datum: nothing waits. Checked inline in the caller's loop; the call and
        // its frame cost more than the check.
        if !hasPendingCommands { return }
        processCommands(ts)
    }

    private func processCommands(_ ts: UnixNanos) {
        var arrived = 0
        while arrived < inflight.count, inflight[arrived].arrival <= ts { arrived += 1 }
        if arrived > 0 {
            for entry in inflight[0..<arrived] { queue.append(entry.command) }
            inflight.removeFirst(arrived)
        }
        while let command = queue.popFirst() {
            if config.nextBarOpen && config.matching.barExecution {
                heldForOpen[command.instrumentId, default: []].append(command)
            } else {
                execute(command, at: ts)
            }
        }
        // The queue is drained (commands sent while it drained included); only commands in flight still wait.
        hasPendingCommands = !inflight.isEmpty
    }

    /// Next-bar-open mode: acts on the commands sent before `ts` for `instrumentId`, at the bar's open.
    private func releaseHeld(_ instrumentId: InstrumentId, at ts: UnixNanos) {
        guard let held = heldForOpen[instrumentId], !held.isEmpty else { return }
        var later: [TradingCommand] = []
        for command in held {
            if command.tsInit < ts { execute(command, at: ts) } else { later.append(command) }
        }
        heldForOpen[instrumentId] = later
    }

    /// The number of commands held for a next bar's open (next-bar-open mode).
    public var heldCommandCount: Int { heldForOpen.values.reduce(0) { $0 + $1.count } }

    /// Drops queued commands and resets every engine.
    public func reset() {
        queue.removeAll()
        heldForOpen.removeAll()
        inflight.removeAll()
        inflightSequence = 0
        hasPendingCommands = false
        for id in instrumentOrder { engines[id]!.reset() }
    }

    private func execute(_ command: TradingCommand, at ts: UnixNanos) {
        let engine = requireEngine(command.instrumentId).takeUnretainedValue()
        switch command {
        case .submitOrder(let c): engine.process(submit: c, at: ts)
        case .submitOrderList(let c): engine.process(submitList: c, at: ts)
        case .modifyOrder(let c): engine.process(modify: c, at: ts)
        case .cancelOrder(let c): engine.process(cancel: c, at: ts)
        case .cancelAllOrders(let c): engine.process(cancelAll: c, at: ts)
        case .batchCancelOrders(let c): engine.process(batchCancel: c, at: ts)
        case .queryOrder: break
        }
    }

    @inline(__always)
    private func requireEngine(_ instrumentId: InstrumentId) -> Unmanaged<OrderMatchingEngine> {
        if let last = lastEngine, last._withUnsafeGuaranteedRef({ $0.spec.id == instrumentId }) { return last }
        guard let engine = engines[instrumentId] else {
            preconditionFailure("Invariant: \(instrumentId) was added to \(config.venue) before its data or orders")
        }
        let unmanaged = Unmanaged.passUnretained(engine)
        lastEngine = unmanaged
        return unmanaged
    }
}
