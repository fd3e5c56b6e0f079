// BacktestEngine: the backtest context of the kernel — historical data, simulated venues, a test clock.
//
// Design decisions:
// - The engine builds a `Kernel` with a `TestClock` and adds, per venue, a `SimulatedExchange` with its
//   `BacktestExecutionClient` and a passive `BacktestDataClient`. Strategies run on the same kernel code
//   as in live trading.
// - Data streams are merged by `tsInit` (`MarketDataMerger`; ties keep the order streams were added, as
//   the reference's stable sort does) and never concatenated or sorted as a whole, so a stream can be a
//   file decoder or catalog reader larger than memory.
// - Data arrives in chunks (`MarketDataMerger.nextChunk`): a chunk of one kind is an array of that kind,
//   and each element goes to its venue and the data engine by address. The typed loops take the array as
//   a parameter, which tells the compiler the elements cannot change during the calls.
// - Per datum the loop follows NautilusTrader 1.221.0 (`BacktestEngine._run`, see
//   ../shared/reference/nautilus/RESULTS.md): (1) advance the clock to the datum's `tsInit`, firing due
//   timers in time order; (2) the datum's venue processes it (moves its market, matches resting orders);
//   (3) the data engine publishes it (strategies may send commands, which the venues queue); (4) every
//   venue processes the commands that arrived by that time, matching them against the current market.
// - At the end the kernel stops (strategies' `onStop` may cancel and close), and the venues process the
//   commands that produced, at the last timestamp.
// - A strategy's L2/L3 book of an instrument is the venue's book, shared through the cache
//   (`Cache.offer(venueBook:)`): the venue applies each datum before the data engine sees it, so the two books
//   would always be equal, and building both applied every delta twice (a fifth of S3's work). The data
//   engine still reports each delta the book rejects. A book subscribed after data arrived, or of another
//   kind, is the cache's own, as before.
// - Accounts are calculated from fills (NautilusTrader's simulated accounts): the engine reports each
//   venue's starting balances once and the portfolio keeps them up to date.
// - An optional `EventLog` is attached at construction (so it sees the venues' starting account states):
//   pattern subscriptions on `events.order.*`, `events.position.*`, `events.account.*` and `events.risk`
//   at the highest priority, and a wrapper around the risk engine's endpoint for commands. Without a
//   log nothing is subscribed or wrapped, so the run loop pays nothing for the feature.

import KeelCache
public import KeelCommon
public import KeelCore
public import KeelData
import KeelExecution
public import KeelModel
import KeelPortfolio
import KeelRisk
public import KeelSystem
public import KeelTrading
public import Logging
import OrderedCollections

/// Configuration of a backtest engine (the kernel's, with NautilusTrader's backtest defaults).
public struct BacktestEngineConfig: Sendable {
    /// The kernel's configuration.
    public var kernel: KernelConfig

    /// Creates a configuration; the trader defaults to `BACKTESTER-001` as in the reference.
    public init(kernel: KernelConfig = KernelConfig(traderId: TraderId("BACKTESTER-001"), loadStateOnStart: false, saveStateOnStop: false)) {
        self.kernel = kernel
    }
}

/// Why a backtest cannot be set up or run.
public struct BacktestError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The summary of a run.
public struct BacktestResult: Sendable {
    /// The data values replayed.
    public let iterations: UInt64
    /// The first and last `tsInit` replayed.
    public let start: UnixNanos?
    public let end: UnixNanos?
    /// Orders submitted, fills and positions over the run.
    public let orders: Int
    public let fills: Int
    public let positions: Int
    /// Final balances per venue account, ordered by account id then currency.
    public let balances: [(AccountId, Money)]
    /// Realized PnL summed over all positions (commissions included), per currency.
    public let realizedPnl: [Money]
    /// Wall time of the run loop, in nanoseconds (measured outside the kernel).
    public let runNanos: UInt64
    /// The SHA-256 of the event log (lowercase hex), when the engine had one.
    public let digest: String?
    /// The lines of the event log, when the engine had one.
    public let eventCount: UInt64
    /// The messages published on the bus and sent to endpoints over the engine's life.
    public let messageCount: UInt64

    /// Data values replayed per second of run time.
    public var iterationsPerSecond: Double { runNanos == 0 ? 0 : Double(iterations) * 1e9 / Double(runNanos) }
    /// Bus messages (events, data, commands) per second of run time.
    public var messagesPerSecond: Double { runNanos == 0 ? 0 : Double(messageCount) * 1e9 / Double(runNanos) }
}

/// Runs strategies over historical data against simulated venues.
public final class BacktestEngine {
    /// The engine's configuration.
    public let config: BacktestEngineConfig
    /// The simulated clock.
    public let clock: TestClock
    /// The kernel the strategies run in.
    public let kernel: Kernel
    private var exchanges: OrderedDictionary<Venue, SimulatedExchange> = [:]
    /// The data sources in the order they were added; array-backed ones replay after a reset (the merger
    /// works on copies), one-shot streams (decoders, generators) do not and are dropped by `reset`.
    private var sources: [(stream: MarketDataStream, replayable: Bool)] = []
    private var venueConfigs: [SimulatedVenueConfig] = []
    private var executionClients: [BacktestExecutionClient] = []
    private var hasRun = false
    private var isDisposed = false
    private var tapAttached = false
    /// Holds the log the bus taps write to: the taps hold it strongly, so recording a message takes no
    /// unowned-reference check of the engine (~100 instructions per message through the runtime).
    private let tap = EventLogTap()
    /// The event log the engine writes, if any (replaced by `reset(eventLog:)`).
    public var eventLog: EventLog? { tap.log }
    /// Called every `progressInterval` data values with the count replayed so far (for progress bars).
    public var progress: ((UInt64) -> Void)?
    /// How often `progress` is called, in data values.
    public var progressInterval: UInt64 = 10_000

    /// Creates an engine and its kernel.
    ///
    /// - Parameter eventLog: a log to record every command and event of the run to (see `EventLog`).
    public init(
        config: BacktestEngineConfig = BacktestEngineConfig(), logger: Logger = Logger(label: "keel.backtest"),
        eventLog: EventLog? = nil
    ) {
        self.config = config
        self.clock = TestClock(time: .zero, seed: config.kernel.seed)
        self.kernel = Kernel(config: config.kernel, clock: clock, logger: logger)
        tap.log = eventLog
        if eventLog != nil { attachTap() }
    }

    /// Taps the bus for the event log: events by pattern, commands by wrapping the risk engine's endpoint.
    /// Attached once; it writes to whichever log the engine holds.
    private func attachTap() {
        guard !tapAttached else { return }
        tapAttached = true
        let bus = kernel.msgbus
        let tap = self.tap
        bus.subscribe(pattern: "events.order.*", as: OrderEvent.self, priority: .max) { tap.log?.record(orderEvent: $0) }
        bus.subscribe(pattern: "events.position.*", as: PositionEvent.self, priority: .max) { tap.log?.record(positionEvent: $0) }
        bus.subscribe(pattern: "events.account.*", as: AccountState.self, priority: .max) { tap.log?.record(accountState: $0) }
        bus.subscribe(Topics.tradingState, priority: .max) { tap.log?.record(tradingState: $0) }
        let riskEngine = kernel.riskEngine
        bus.deregister(Endpoints.riskExecute)
        bus.register(Endpoints.riskExecute) { [unowned riskEngine] command in
            tap.log?.record(command: command)
            riskEngine.execute(command)
        }
    }

    /// The simulated venues, in the order they were added.
    public var venues: [Venue] { Array(exchanges.keys) }

    /// The exchange of `venue`, if added.
    public func exchange(_ venue: Venue) -> SimulatedExchange? { exchanges[venue] }

    // MARK: Setup

    /// Adds a simulated venue with its clients and account.
    ///
    /// - Throws: `BacktestError` if the venue was already added or its leverage is not a valid rate.
    public func addVenue(_ venueConfig: SimulatedVenueConfig) throws(BacktestError) {
        let venue = venueConfig.venue
        guard exchanges[venue] == nil else { throw BacktestError("venue \(venue) was already added") }
        let leverage: Rate
        do { leverage = try Rate("\(venueConfig.defaultLeverage)") } catch {
            throw BacktestError("venue \(venue): default leverage \(venueConfig.defaultLeverage) is not a valid rate")
        }
        let exchange = SimulatedExchange(config: venueConfig, cache: kernel.cache, msgbus: kernel.msgbus)
        exchanges[venue] = exchange
        let execClient = BacktestExecutionClient(
            exchange: exchange, msgbus: kernel.msgbus, clock: clock, seed: Kernel.seed(config.kernel.seed, "exec-\(venue)"))
        kernel.addExecutionClient(execClient)
        executionClients.append(execClient)
        kernel.addDataClient(BacktestDataClient(venue: venue, dataEngine: kernel.dataEngine, cache: kernel.cache, clock: clock))
        kernel.portfolio.setAccountSettings(
            AccountSettings(
                isCalculated: true, allowsBorrowing: false, marginModel: .leveraged, defaultLeverage: leverage, leverages: [:]),
            for: exchange.accountId)
        venueConfigs.append(venueConfig)
        reportStartingBalances(venueConfig, exchange)
    }

    /// Reports a venue's starting balances to the portfolio (at setup, and again after a reset).
    private func reportStartingBalances(_ venueConfig: SimulatedVenueConfig, _ exchange: SimulatedExchange) {
        let venue = venueConfig.venue
        var ids = SeededGenerator(seed: Kernel.seed(config.kernel.seed, "account-\(venue)"))
        let balances = venueConfig.startingBalances.map { AccountBalance(total: $0, locked: .zero($0.currency), free: $0) }
        let state = AccountState(
            accountId: exchange.accountId, accountType: venueConfig.accountType, baseCurrency: venueConfig.baseCurrency,
            balances: balances, isReported: true, eventId: UUID4(using: &ids), tsEvent: clock.timestampNs, tsInit: clock.timestampNs)
        kernel.msgbus.send(Endpoints.portfolioUpdateAccount, state)
    }

    /// Adds an instrument to the cache and to its venue's exchange.
    ///
    /// - Throws: `BacktestError` if the instrument's venue has not been added.
    public func addInstrument(_ instrument: Instrument) throws(BacktestError) {
        let venue = instrument.spec.id.venue
        guard let exchange = exchanges[venue] else {
            throw BacktestError("instrument \(instrument.spec.id): venue \(venue) has not been added (add the venue first)")
        }
        kernel.cache.add(instrument: instrument)
        exchange.add(instrument: instrument)
        // The venue applies every datum before the data engine sees it, so a strategy's L2/L3 book of the
        // instrument can be the venue's own instead of a second book built from the same deltas.
        if let engine = exchange.matchingEngine(instrument.spec.id) { kernel.cache.offer(venueBook: engine.bookBox) }
    }

    /// Adds data held in memory; it is sorted stably by `tsInit` (as the reference's `add_data`).
    ///
    /// - Throws: `BacktestError` if a value's instrument is unknown.
    public func addData(_ values: [MarketData], name: String) throws(BacktestError) {
        for value in values {
            if let id = value.instrumentId, kernel.cache.instrument(id) == nil {
                throw BacktestError("data '\(name)': instrument \(id) has not been added")
            }
        }
        sources.append((MarketDataStream(name: name, sorting: values), true))
        dataCount += values.count
    }

    /// The number of values added with `addData` (streams added with `addStream` are not counted).
    public private(set) var dataCount = 0

    /// Adds a stream of data in `tsInit` order (a decoder, a catalog reader); values are checked as
    /// they are replayed.
    public func addStream(_ stream: MarketDataStream) {
        sources.append((stream, false))
    }

    /// Adds a strategy.
    public func addStrategy(_ strategy: Strategy) { kernel.addStrategy(strategy) }

    /// Adds an actor.
    public func addActor(_ actor: Actor) { kernel.addActor(actor) }

    // MARK: Reset and dispose

    /// Prepares the engine for another run over the same data: the kernel (actors' `onReset`, engines,
    /// cache but its instruments, portfolio), the venues, the clock and the starting balances go back to
    /// their state before the first run. Data added with `addData` replays; one-shot streams added with
    /// `addStream` are dropped (add them again). A run after a reset gives the same events and digest.
    ///
    /// - Parameter eventLog: the log of the next run (a finished log cannot record; nil: none).
    /// - Throws: `BacktestError` if the engine was disposed or the kernel cannot reset.
    public func reset(eventLog: EventLog? = nil) throws(BacktestError) {
        guard !isDisposed else { throw BacktestError("the engine has been disposed") }
        guard hasRun else { return }
        tap.log = nil  // the finished log records nothing more
        do { try kernel.reset() } catch { throw BacktestError("the kernel cannot reset: \(error)") }
        for exchange in exchanges.values { exchange.reset() }
        for client in executionClients { client.reset() }
        clock.reset()
        tap.log = eventLog
        if eventLog != nil { attachTap() }
        for venueConfig in venueConfigs { reportStartingBalances(venueConfig, exchanges[venueConfig.venue]!) }
        sources.removeAll { !$0.replayable }
        hasRun = false
    }

    /// Releases the kernel (actors and engines leave the bus); the engine cannot run afterwards.
    public func dispose() throws(BacktestError) {
        guard !isDisposed else { return }
        do { try kernel.dispose() } catch { throw BacktestError("the kernel cannot be disposed: \(error)") }
        isDisposed = true
    }

    // MARK: Running

    /// Runs over all added data, or the part with `start ≤ tsInit ≤ end`.
    ///
    /// - Throws: `BacktestError` for data out of order, data of an unknown instrument, or a kernel that
    ///   cannot start.
    public func run(start: UnixNanos? = nil, end: UnixNanos? = nil) throws(BacktestError) -> BacktestResult {
        guard !isDisposed else { throw BacktestError("the engine has been disposed") }
        guard !hasRun else { throw BacktestError("the engine has already run: reset() before running again") }
        hasRun = true
        let wallStart = wallClockNow()
        var merger = MarketDataMerger(sources.map(\.stream))
        var first: UnixNanos?
        var last: UnixNanos?
        // Values replayed: those skipped before `start` and the one read past `end` do not count.
        var replayed: UInt64 = 0
        let dataEngine = kernel.dataEngine
        let clock = self.clock
        let venues = Array(exchanges.values)
        // The loop reaches the venues through unretained references: `exchanges` holds them for the whole run,
        // and a retain/release pair per venue call was ~10% of a quote's cost in the loop.
        let venueRefs = venues.map { Unmanaged.passUnretained($0) }
        // The matching engine of the last instrument seen (nil: no venue of that name was added, and only the
        // data engine sees the datum): a stream of one instrument compares ids once per datum, and the datum
        // goes straight to the engine the exchange would pass it to. Not optional: comparing with an optional
        // copied both ids (72 bytes each) per datum.
        var lastInstrument = InstrumentId("?.?")
        var hasLast = false
        var lastEngine: Unmanaged<OrderMatchingEngine>?
        func venueEngine(for instrumentId: InstrumentId) -> Unmanaged<OrderMatchingEngine>? {
            if !hasLast || instrumentId != lastInstrument {
                hasLast = true
                lastInstrument = instrumentId
                lastEngine = exchanges[instrumentId.venue].map { exchange in
                    guard let engine = exchange.matchingEngine(instrumentId) else {
                        preconditionFailure("Invariant: \(instrumentId) was added to \(instrumentId.venue) before its data or orders")
                    }
                    return Unmanaged.passUnretained(engine)
                }
            }
            return lastEngine
        }
        // Values arrive a chunk at a time and are read where the stream wrote them: a chunk of one kind is an
        // array of that kind, whose elements go to the venue and the data engine by address, never copied.
        var chunk = MarketDataChunk()
        var read: UInt64 = 0  // values read, skipped ones included (the progress count)
        // Progress by countdown: a division per datum costs more than the rest of this bookkeeping.
        let progress = self.progress, progressInterval = max(self.progressInterval, 1)
        var nextProgress = progress == nil ? UInt64.max : progressInterval
        enum Step { case skip, run, stop }
        /// Steps (1) of the loop for a datum at `ts`: filters it by `start` and `end`, starts the kernel at the
        /// first, advances the clock.
        @inline(__always) func enter(_ ts: UnixNanos) throws(BacktestError) -> Step {
            read &+= 1
            if let start, ts < start { return .skip }
            if let end, ts > end { return .stop }
            if first == nil {
                // The clock starts at the first datum, so strategies start at the data's time.
                clock.setTime(ts)
                do { try kernel.start() } catch { throw BacktestError("the kernel cannot start: \(error)") }
                first = ts
            }
            last = ts
            replayed &+= 1
            if read >= nextProgress {
                nextProgress = read &+ progressInterval
                progress?(read)
            }
            clock.advanceTime(to: ts)
            return .run
        }
        /// Step (4): every venue processes the commands that arrived by `ts`.
        @inline(__always) func leave(_ ts: UnixNanos) {
            for venue in venueRefs { venue._withUnsafeGuaranteedRef { $0.process(ts) } }
        }
        // Steps (2) and (3) for one datum: its venue, then the data engine.
        @inline(__always) func process(quote q: QuoteTick) {
            venueEngine(for: q.instrumentId)?._withUnsafeGuaranteedRef { $0.process(quote: q) }
            dataEngine.process(quote: q)
        }
        @inline(__always) func process(trade t: TradeTick) {
            venueEngine(for: t.instrumentId)?._withUnsafeGuaranteedRef { $0.process(trade: t) }
            dataEngine.process(trade: t)
        }
        @inline(__always) func process(bar b: Bar) {
            venueEngine(for: b.barType.instrumentId)?._withUnsafeGuaranteedRef { $0.process(bar: b) }
            dataEngine.process(bar: b)
        }
        // One buffer for the one-delta batches: unique again once the batch is released, so it is refilled in
        // place instead of allocated per delta (a handler that keeps a batch keeps its own copy).
        var single: [OrderBookDelta] = []
        single.reserveCapacity(1)
        @inline(__always) func process(delta d: OrderBookDelta) {
            venueEngine(for: d.instrumentId)?._withUnsafeGuaranteedRef { $0.process(delta: d) }
            if single.isEmpty { single.append(d) } else { single[0] = d }
            dataEngine.process(deltas: OrderBookDeltas(single: single))
        }
        func process(_ datum: MarketData) {
            // Each case reads its payload's instrument: no copy of the whole value for a getter.
            switch datum {
            case .quote(let q): process(quote: q)
            case .trade(let t): process(trade: t)
            case .bar(let b): process(bar: b)
            case .delta(let d): process(delta: d)
            case .deltas(let d):
                venueEngine(for: d.instrumentId)?._withUnsafeGuaranteedRef { $0.process(deltas: d) }
                dataEngine.process(deltas: d)
            case .depth10(let d):
                venueEngine(for: d.instrumentId)?._withUnsafeGuaranteedRef { $0.process(depth: d) }
                dataEngine.process(depth: d)
            case .status(let s): dataEngine.process(status: s)
            case .close(let c): dataEngine.process(close: c)
            case .markPrice(let m): dataEngine.process(markPrice: m)
            case .indexPrice(let i): dataEngine.process(indexPrice: i)
            case .fundingRate(let f): dataEngine.process(fundingRate: f)
            case .custom(let c): dataEngine.process(custom: c)
            }
        }
        /// The loop over one chunk's values, each read in place: steps (1) to (4). False: the run stops (past
        /// `end`).
        @inline(__always) func replay<Value>(
            _ values: [Value], _ tsInit: (Value) -> UnixNanos, _ process: (Value) -> Void
        ) throws(BacktestError) -> Bool {
            // A chunk wholly inside the run (the kernel started, its first value at or after `start`, its last
            // at or before `end`; values come in time order) with no progress report due in it: step (1) is
            // the clock alone, and the counts move once for the chunk.
            let count = UInt64(values.count)
            if first != nil, count > 0, read &+ count < nextProgress,
                start.map({ tsInit(values[0]) >= $0 }) ?? true, end.map({ tsInit(values[values.count &- 1]) <= $0 }) ?? true
            {
                for i in values.indices {
                    let ts = tsInit(values[i])
                    clock.advanceTime(to: ts)
                    process(values[i])
                    leave(ts)
                }
                read &+= count
                replayed &+= count
                last = tsInit(values[values.count &- 1])
                return true
            }
            for i in values.indices {
                let ts = tsInit(values[i])
                switch try enter(ts) {
                case .skip: continue
                case .stop: return false
                case .run: break
                }
                process(values[i])
                leave(ts)
            }
            return true
        }
        // The hot kinds' loops take their array as a parameter of a function of their own: the callee then
        // knows the elements cannot change under it and passes each by address; read from the chunk variable,
        // each was copied first.
        @inline(never) func replay(quotes: [QuoteTick]) throws(BacktestError) -> Bool {
            try replay(quotes, { $0.tsInit }) { process(quote: $0) }
        }
        @inline(never) func replay(deltas: [OrderBookDelta]) throws(BacktestError) -> Bool {
            try replay(deltas, { $0.tsInit }) { process(delta: $0) }
        }
        do {
            chunks: while try merger.nextChunk(into: &chunk) {
                let goesOn: Bool
                switch chunk.kind {
                case .quotes: goesOn = try replay(quotes: chunk.quotes)
                case .deltas: goesOn = try replay(deltas: chunk.deltas)
                case .trades: goesOn = try replay(chunk.trades, { $0.tsInit }) { process(trade: $0) }
                case .bars: goesOn = try replay(chunk.bars, { $0.tsInit }) { process(bar: $0) }
                case .mixed: goesOn = try replay(chunk.values, { $0.tsInit }) { process($0) }
                case .empty: goesOn = true
                }
                if !goesOn { break chunks }
            }
        } catch let error as MarketDataStreamError {
            throw BacktestError("data: \(error)")
        } catch let error as BacktestError {
            throw error
        } catch {
            throw BacktestError("\(error)")
        }
        if first != nil {  // the kernel started
            do { try kernel.stop() } catch { throw BacktestError("the kernel cannot stop: \(error)") }
            for exchange in exchanges.values { exchange.process(clock.timestampNs) }
        }
        let wallEnd = wallClockNow()
        return result(iterations: replayed, start: first, end: last, runNanos: wallEnd.rawValue - wallStart.rawValue)
    }

    private func result(iterations: UInt64, start: UnixNanos?, end: UnixNanos?, runNanos: UInt64) -> BacktestResult {
        let cache = kernel.cache
        let orders = cache.orders()
        // Orders, fills and positions purged during the run (ExecutionEngineConfig's purges) still count.
        let purged = cache.purgeTotals
        let fills = purged.fills + orders.reduce(0) { $0 + $1.tradeIds.count }  // one trade id per fill applied
        var balances: [(AccountId, Money)] = []
        for venue in exchanges.keys {
            guard let account = kernel.portfolio.account(for: venue) else { continue }
            for currency in account.currencies {
                if let total = account.balanceTotal(in: currency) { balances.append((account.id, total)) }
            }
        }
        var pnl: OrderedDictionary<Currency, Money> = [:]
        for money in purged.realizedPnl { pnl[money.currency] = money }
        let positions = cache.positions()
        for position in positions {
            pnl[position.realizedPnl.currency, default: .zero(position.realizedPnl.currency)] += position.realizedPnl
        }
        for snapshots in positions.map({ cache.positionSnapshots(for: $0.id) }) {
            for snapshot in snapshots { pnl[snapshot.realizedPnl.currency, default: .zero(snapshot.realizedPnl.currency)] += snapshot.realizedPnl }
        }
        let snapshotCount = positions.reduce(0) { $0 + cache.positionSnapshots(for: $1.id).count }
        return BacktestResult(
            iterations: iterations, start: start, end: end, orders: purged.orders + orders.count, fills: fills,
            positions: purged.positions + positions.count + snapshotCount, balances: balances,
            realizedPnl: pnl.values.elements.sorted { $0.currency < $1.currency }, runNanos: runNanos,
            digest: eventLog?.finish(), eventCount: eventLog?.lineCount ?? 0,
            messageCount: kernel.msgbus.publishCount &+ kernel.msgbus.sendCount)
    }
}

/// The event log a backtest engine's bus taps write to (none between runs, or when the engine has no log).
private final class EventLogTap {
    var log: EventLog?
}
