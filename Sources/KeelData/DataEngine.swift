// DataEngine: routes market data from data clients to the cache and the subscribers.
//
// Design decisions:
// - The cache is written before the bus publishes (ARCHITECTURE.md, "Life of a quote"): a handler that
//   reads the cache sees the value it was handed.
// - Internal bar aggregators are fed right after the cache write and before the quote or trade is
//   published, which is where NautilusTrader's aggregators run (bus subscribers at priority 5, ahead of
//   user handlers at 0): a bar completed by a quote reaches subscribers before that quote does.
// - Per instrument, the engine keeps one `Route` record (publishers resolved once, aggregators): one
//   dictionary lookup per datum (none while the instrument stays the same) and no string work. The route
//   is reached unretained (`routes` holds it) and its aggregators are a `HandlerList` of the aggregators
//   themselves, so a quote passes through the engine without reference counting (iterating an array of
//   aggregators cost two retain/release pairs per quote) and each aggregator's update is inlined here (a list
//   of closures cost a thunk call and a copy of the quote, ~60 instructions per quote). Publishing through
//   resolved publishers allocates nothing. The route also holds the cache's quote history of its
//   instrument (`QuoteHistoryHandle`), so the cache does not compare the quote's id a second time.
// - Subscriptions are reference counted per component: the client is asked for a stream on the first
//   subscriber and released on the last.
// - Invalid book deltas from a client are reported (counted and logged), never absorbed silently and
//   never a crash: the book is left as it was for that delta, and the rest of its batch is applied.

public import KeelCache
public import KeelCommon
import KeelCore
public import KeelModel
public import Logging
import OrderedCollections

/// Configuration of the data engine.
public struct DataEngineConfig: Hashable, Sendable {
    /// How internal time bars are stamped and emitted.
    public var timeBarOptions: TimeBarOptions
    /// Validate that data arrives in non-decreasing `tsInit` order per instrument (reports violations).
    public var validateDataSequence: Bool

    public init(timeBarOptions: TimeBarOptions = .default, validateDataSequence: Bool = false) {
        self.timeBarOptions = timeBarOptions
        self.validateDataSequence = validateDataSequence
    }
}

/// The kernel's data engine.
public final class DataEngine {
    /// A problem the engine reported instead of crashing (invalid client data, unroutable commands).
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        public let message: String
        public var description: String { message }
    }

    final class Route {
        let instrumentId: InstrumentId
        let quotes: Publisher<QuoteTick>
        let trades: Publisher<TradeTick>
        let bookDeltas: Publisher<OrderBookDeltas>
        /// The internal bar aggregators fed by the instrument's quotes and trades. The lists hold them: one
        /// removed while it runs (a strategy unsubscribing from its bars in `onBar`) lives until the call
        /// returns.
        let quoteAggregators = HandlerList<BarAggregator>()
        let tradeAggregators = HandlerList<BarAggregator>()
        var lastTsInit: UnixNanos = .zero
        /// The cache's quote history of the instrument, for `Cache.add(quote:through:)`.
        @exclusivity(unchecked) var quoteHistory = QuoteHistoryHandle()
        init(
            instrumentId: InstrumentId, quotes: Publisher<QuoteTick>, trades: Publisher<TradeTick>,
            bookDeltas: Publisher<OrderBookDeltas>
        ) {
            self.instrumentId = instrumentId
            self.quotes = quotes
            self.trades = trades
            self.bookDeltas = bookDeltas
        }
    }

    /// A bar type recently processed, its publisher and the cache's history of it (`recentBarTypes`).
    struct RecentBarType {
        let barType: BarType
        let publisher: Publisher<Bar>
        var history: BarHistoryHandle
    }

    public let traderId: TraderId
    public let config: DataEngineConfig
    private let msgbus: MessageBus
    private let cache: Cache
    private let clock: any Clock
    private var logger: Logger
    private var fsm = ComponentStateMachine()

    private var clients: OrderedDictionary<ClientId, any DataClient> = [:]
    private var defaultClient: ClientId?
    @exclusivity(unchecked) private var routes: [InstrumentId: Route] = [:]
    /// The route of the last instrument processed: a stream of one instrument compares ids instead of hashing.
    /// The route of the last instrument seen, unretained (`routes` holds it; cleared with `routes`): the
    /// per-value paths reach it without a retain/release pair.
    @exclusivity(unchecked) private var lastRoute: Unmanaged<Route>?
    private var barPublishers: [BarType: Publisher<Bar>] = [:]
    /// The last two bar types processed, newest first, with their publishers (copies of their `barPublishers`
    /// entries, cleared with it) and the cache's histories: a backtest's BID and ASK bars alternate, and
    /// comparing a bar type is cheaper than hashing it (once here and once in the cache).
    @exclusivity(unchecked) private var recentBarTypes: (RecentBarType?, RecentBarType?) = (nil, nil)
    private var aggregators: OrderedDictionary<BarType, BarAggregator> = [:]
    /// Subscribers (components) per subscription, in subscription order.
    private var subscribers: OrderedDictionary<DataSubscription, [ComponentId]> = [:]
    /// Which client serves each subscription.
    private var subscriptionClients: [DataSubscription: ClientId] = [:]

    /// Counts of data processed and commands handled.
    @exclusivity(unchecked) public private(set) var dataCount: UInt64 = 0
    public private(set) var commandCount: UInt64 = 0
    public private(set) var requestCount: UInt64 = 0
    /// Problems reported, oldest first.
    public private(set) var problems: [Problem] = []

    /// Creates the engine; call `register()` to attach it to the bus.
    public init(traderId: TraderId, msgbus: MessageBus, cache: Cache, clock: any Clock, config: DataEngineConfig = DataEngineConfig(), logger: Logger) {
        self.traderId = traderId
        self.msgbus = msgbus
        self.cache = cache
        self.clock = clock
        self.config = config
        var logger = logger
        logger[metadataKey: "component"] = "DataEngine"
        self.logger = logger
        try! fsm.trigger(.initialize, componentId: "DataEngine")
    }

    /// The lifecycle state.
    public var state: ComponentState { fsm.state }

    /// Registers the engine's endpoints on the bus.
    public func register() {
        msgbus.register(Endpoints.dataExecute) { [unowned self] command in self.execute(command) }
        msgbus.register(Endpoints.dataRequest) { [unowned self] request in self.request(request) }
    }

    /// Starts the engine and connects its clients.
    public func start() throws(LifecycleError) {
        try fsm.trigger(.start, componentId: "DataEngine")
        for client in clients.values { client.connect() }
        try fsm.trigger(.startCompleted, componentId: "DataEngine")
    }

    /// Stops the engine: stops the aggregators' timers and disconnects its clients.
    public func stop() throws(LifecycleError) {
        try fsm.trigger(.stop, componentId: "DataEngine")
        for aggregator in aggregators.values { aggregator.stop() }
        for client in clients.values { client.disconnect() }
        try fsm.trigger(.stopCompleted, componentId: "DataEngine")
    }

    /// Resets a stopped engine: forgets subscriptions, aggregators and counters.
    public func reset() throws(LifecycleError) {
        try fsm.trigger(.reset, componentId: "DataEngine")
        for aggregator in aggregators.values { aggregator.stop() }
        aggregators.removeAll()
        routes.removeAll()
        lastRoute = nil
        barPublishers.removeAll()
        recentBarTypes = (nil, nil)
        subscribers.removeAll()
        subscriptionClients.removeAll()
        dataCount = 0
        commandCount = 0
        requestCount = 0
        problems.removeAll()
        try fsm.trigger(.resetCompleted, componentId: "DataEngine")
    }

    /// Disposes of the engine: deregisters its endpoints.
    public func dispose() throws(LifecycleError) {
        try fsm.trigger(.dispose, componentId: "DataEngine")
        msgbus.deregister(Endpoints.dataExecute)
        msgbus.deregister(Endpoints.dataRequest)
        try fsm.trigger(.disposeCompleted, componentId: "DataEngine")
    }

    // MARK: Clients

    /// Adds a data client; traps if its id is taken.
    public func register(client: any DataClient) {
        precondition(clients[client.clientId] == nil, "Invariant: data client ids are unique (\(client.clientId))")
        clients[client.clientId] = client
    }

    /// Makes `clientId` the client for subscriptions no other client serves.
    public func setDefaultClient(_ clientId: ClientId) {
        precondition(clients[clientId] != nil, "Invariant: the default data client is registered")
        defaultClient = clientId
    }

    /// The registered client ids, in registration order.
    public var clientIds: [ClientId] { Array(clients.keys) }

    private func client(for clientId: ClientId?, venue: Venue?) -> (any DataClient)? {
        if let clientId { return clients[clientId] }
        if let venue, let match = clients.values.first(where: { $0.venue == venue }) { return match }
        if let defaultClient { return clients[defaultClient] }
        return nil
    }

    // MARK: Commands

    /// Handles a subscribe or unsubscribe command.
    public func execute(_ command: DataCommand) {
        commandCount &+= 1
        switch command.action {
        case .subscribe: subscribe(command)
        case .unsubscribe: unsubscribe(command)
        }
    }

    /// The current subscriptions, in the order they were first made.
    public var subscriptions: [DataSubscription] { Array(subscribers.keys) }

    /// The components subscribed to `subscription`.
    public func subscribers(of subscription: DataSubscription) -> [ComponentId] { subscribers[subscription] ?? [] }

    private func subscribe(_ command: DataCommand) {
        let subscription = command.subscription
        if var existing = subscribers[subscription] {
            if !existing.contains(command.componentId) { existing.append(command.componentId) }
            subscribers[subscription] = existing
            return
        }
        // First subscriber: set up what the engine needs, then ask a client.
        switch subscription {
        case .bars(let barType) where barType.aggregationSource == .internal:
            guard startAggregator(barType) else { return }
            subscribers[subscription] = [command.componentId]
            // The aggregator's input stream is an engine-internal subscription.
            let input: DataSubscription = aggregators[barType]!.input == .quotes ? .quotes(barType.instrumentId) : .trades(barType.instrumentId)
            execute(DataCommand(.subscribe, input, clientId: command.clientId, componentId: ComponentId("DataEngine"), commandId: command.commandId, tsInit: command.tsInit))
            return
        case .bookDeltas(let instrumentId, let bookType):
            if !cache.hasBook(for: instrumentId) {
                cache.add(book: OrderBook(instrumentId: instrumentId, bookType: bookType))
            }
        case .bookDepth10(let instrumentId):
            if !cache.hasBook(for: instrumentId) {
                cache.add(book: OrderBook(instrumentId: instrumentId, bookType: .l2MBP))
            }
        default: break
        }
        subscribers[subscription] = [command.componentId]
        guard let client = client(for: command.clientId, venue: subscription.instrumentId?.venue) else {
            report("no data client for subscription \(subscription) (client \(command.clientId?.value ?? "none"))")
            return
        }
        subscriptionClients[subscription] = client.clientId
        client.subscribe(subscription)
    }

    private func unsubscribe(_ command: DataCommand) {
        let subscription = command.subscription
        guard var existing = subscribers[subscription] else { return }
        existing.removeAll { $0 == command.componentId }
        if !existing.isEmpty {
            subscribers[subscription] = existing
            return
        }
        subscribers[subscription] = nil
        if case .bars(let barType) = subscription, barType.aggregationSource == .internal, let aggregator = aggregators.removeValue(forKey: barType) {
            aggregator.stop()
            if let route = routes[barType.instrumentId] {
                switch aggregator.input {
                case .quotes: route.quoteAggregators.remove(aggregator)
                case .trades: route.tradeAggregators.remove(aggregator)
                }
            }
            // Every aggregator subscribes its input under the engine's id, so the input stays while another
            // aggregator of the instrument still reads it (a 1-minute and a 100-tick bar of the same quotes).
            let stillRead = aggregators.values.contains { $0.input == aggregator.input && $0.barType.instrumentId == barType.instrumentId }
            if !stillRead {
                let input: DataSubscription = aggregator.input == .quotes ? .quotes(barType.instrumentId) : .trades(barType.instrumentId)
                execute(DataCommand(.unsubscribe, input, clientId: command.clientId, componentId: ComponentId("DataEngine"), commandId: command.commandId, tsInit: command.tsInit))
            }
            return
        }
        if let clientId = subscriptionClients.removeValue(forKey: subscription), let client = clients[clientId] {
            client.unsubscribe(subscription)
        }
    }

    private func startAggregator(_ barType: BarType) -> Bool {
        guard let instrument = cache.instrument(barType.instrumentId) else {
            report("cannot aggregate \(barType): instrument \(barType.instrumentId) is not in the cache")
            return false
        }
        let publisher = barPublisher(barType)
        let aggregator: BarAggregator
        do {
            aggregator = try BarAggregator(
                barType: barType, sizePrecision: instrument.spec.sizePrecision, clock: clock,
                options: config.timeBarOptions
            ) { [unowned self] bar in
                self.cache.add(bar: bar)
                publisher.publish(bar)
            }
        } catch {
            report("cannot aggregate \(barType): \(error)")
            return false
        }
        aggregators[barType] = aggregator
        let route = route(for: barType.instrumentId)
        switch aggregator.input {
        case .quotes: route.quoteAggregators.append(aggregator)
        case .trades: route.tradeAggregators.append(aggregator)
        }
        return true
    }

    @inline(__always)
    private func route(for instrumentId: InstrumentId) -> Route { routeRef(for: instrumentId).takeUnretainedValue() }

    @inline(__always)
    private func routeRef(for instrumentId: InstrumentId) -> Unmanaged<Route> {
        if let last = lastRoute, last._withUnsafeGuaranteedRef({ $0.instrumentId == instrumentId }) { return last }
        if let route = routes[instrumentId] {
            lastRoute = Unmanaged.passUnretained(route)
            return lastRoute!
        }
        let route = Route(
            instrumentId: instrumentId, quotes: msgbus.publisher(for: Topics.quotes(instrumentId)),
            trades: msgbus.publisher(for: Topics.trades(instrumentId)),
            bookDeltas: msgbus.publisher(for: Topics.bookDeltas(instrumentId)))
        routes[instrumentId] = route
        lastRoute = Unmanaged.passUnretained(route)
        return lastRoute!
    }

    /// `routeRef(for:)` of a quote's instrument: compares the quote's id in place (passing the id copied it
    /// to the stack on every quote, for the lookup on a change of instrument, which is out of line here).
    @inline(__always)
    private func quoteRoute(_ quote: QuoteTick) -> Unmanaged<Route> {
        if let last = lastRoute, last._withUnsafeGuaranteedRef({ $0.instrumentId == quote.instrumentId }) { return last }
        return routeRefOutOfLine(quote.instrumentId)
    }

    @inline(never)
    private func routeRefOutOfLine(_ instrumentId: InstrumentId) -> Unmanaged<Route> { routeRef(for: instrumentId) }

    private func barPublisher(_ barType: BarType) -> Publisher<Bar> {
        if let p = barPublishers[barType] { return p }
        let p = msgbus.publisher(for: Topics.bars(barType))
        barPublishers[barType] = p
        return p
    }

    /// Makes `barType` the newest of `recentBarTypes`.
    @inline(never)
    private func rememberBarType(_ barType: BarType) {
        recentBarTypes = (
            RecentBarType(barType: barType, publisher: barPublisher(barType), history: BarHistoryHandle()),
            recentBarTypes.0
        )
    }

    // MARK: Requests

    /// Handles a historical data request: routes it to a client, or answers with a failure.
    public func request(_ request: DataRequest) {
        requestCount &+= 1
        guard let client = client(for: request.clientId, venue: request.subscription.instrumentId?.venue) else {
            handle(response: DataResponse(correlationId: request.correlationId, payload: .failure("no data client for \(request.subscription)"), tsInit: clock.timestampNs))
            return
        }
        client.request(request)
    }

    /// Delivers a client's answer to the requester (cached first for instruments).
    public func handle(response: DataResponse) {
        if case .instruments(let instruments) = response.payload {
            for instrument in instruments { cache.add(instrument: instrument) }
        }
        if !msgbus.respond(correlationId: response.correlationId, response) {
            report("response \(response.correlationId) has no waiting request")
        }
    }

    // MARK: Data

    /// Processes a quote: cache, internal bar aggregators, then subscribers.
    @inline(__always)
    public func process(quote: QuoteTick) {
        dataCount &+= 1
        quoteRoute(quote)._withUnsafeGuaranteedRef { route in
            cache.add(quote: quote, through: &route.quoteHistory)
            if config.validateDataSequence { checkSequence(route, quote.tsInit, quote.instrumentId) }
            route.quoteAggregators.forEach { $0.handleRouted(quote: quote) }
            route.quotes.publish(quote)
        }
    }

    /// Processes a trade: cache, internal bar aggregators, then subscribers.
    @inline(__always)
    public func process(trade: TradeTick) {
        dataCount &+= 1
        cache.add(trade: trade)
        routeRef(for: trade.instrumentId)._withUnsafeGuaranteedRef { route in
            if config.validateDataSequence { checkSequence(route, trade.tsInit, trade.instrumentId) }
            route.tradeAggregators.forEach { $0.handle(trade: trade) }
            route.trades.publish(trade)
        }
    }

    /// Processes an external bar: cache, then subscribers.
    public func process(bar: Bar) {
        dataCount &+= 1
        // No copy of a remembered entry is bound here: its history handle must stay the only other owner of the
        // cache's history (`Cache.add(bar:through:)`).
        if recentBarTypes.0?.barType == bar.barType {
            cache.add(bar: bar, through: &recentBarTypes.0!.history)
            recentBarTypes.0!.publisher.publish(bar)
        } else if recentBarTypes.1?.barType == bar.barType {
            cache.add(bar: bar, through: &recentBarTypes.1!.history)
            recentBarTypes.1!.publisher.publish(bar)
        } else {
            rememberBarType(bar.barType)
            cache.add(bar: bar, through: &recentBarTypes.0!.history)
            recentBarTypes.0!.publisher.publish(bar)
        }
    }

    /// Processes book deltas: applies them to the cache's book (if one is kept), then publishes.
    ///
    /// A delta the book rejects leaves it as it was and is reported; the batch goes on and is published
    /// (the reference's book skips such deltas, e.g. a side-less fill of an order already gone).
    public func process(deltas: OrderBookDeltas) {
        dataCount &+= 1
        cache.applyToBook(deltas) { delta, error in report("invalid book delta for \(delta.instrumentId): \(error)") }
        routeRef(for: deltas.instrumentId)._withUnsafeGuaranteedRef { $0.bookDeltas.publish(deltas) }
    }

    /// Processes a depth-10 snapshot: replaces the cache's book (if one is kept), then publishes.
    public func process(depth: OrderBookDepth10) {
        dataCount &+= 1
        // A venue's shared book (backtests) has the snapshot already.
        if cache.hasBook(for: depth.instrumentId) && !cache.isSharedVenueBook(for: depth.instrumentId) {
            let failure: OrderBookError? = cache.withBook(for: depth.instrumentId) { book -> OrderBookError? in
                do throws(OrderBookError) { try book.apply(depth) } catch { return error }
                return nil
            } ?? nil
            if let failure { report("invalid depth snapshot for \(depth.instrumentId): \(failure)") }
        }
        msgbus.publish(Topics.bookDepth10(depth.instrumentId), depth)
    }

    /// Processes an instrument definition: cache, then subscribers.
    public func process(instrument: Instrument) {
        dataCount &+= 1
        cache.add(instrument: instrument)
        msgbus.publish(Topics.instrument(instrument.spec.id), instrument)
    }

    /// Processes a trading status change.
    public func process(status: InstrumentStatus) {
        dataCount &+= 1
        msgbus.publish(Topics.instrumentStatus(status.instrumentId), status)
    }

    /// Processes an instrument close.
    public func process(close: InstrumentClose) {
        dataCount &+= 1
        msgbus.publish(Topics.instrumentClose(close.instrumentId), close)
    }

    /// Processes a mark price: cache, then subscribers.
    public func process(markPrice: MarkPriceUpdate) {
        dataCount &+= 1
        cache.add(markPrice: markPrice)
        msgbus.publish(Topics.markPrices(markPrice.instrumentId), markPrice)
    }

    /// Processes an index price: cache, then subscribers.
    public func process(indexPrice: IndexPriceUpdate) {
        dataCount &+= 1
        cache.add(indexPrice: indexPrice)
        msgbus.publish(Topics.indexPrices(indexPrice.instrumentId), indexPrice)
    }

    /// Processes a funding rate.
    public func process(fundingRate: FundingRateUpdate) {
        dataCount &+= 1
        msgbus.publish(Topics.fundingRates(fundingRate.instrumentId), fundingRate)
    }

    /// Processes custom data: cache, then subscribers of its data type.
    public func process(custom: CustomData) {
        dataCount &+= 1
        cache.add(customData: custom)
        msgbus.publish(Topics.customData(custom.dataType), custom)
    }

    private func checkSequence(_ route: Route, _ tsInit: UnixNanos, _ instrumentId: InstrumentId) {
        if tsInit < route.lastTsInit {
            report("data for \(instrumentId) out of order: tsInit \(tsInit) after \(route.lastTsInit)")
        } else {
            route.lastTsInit = tsInit
        }
    }

    private func report(_ message: String) {
        problems.append(Problem(message: message))
        logger.error("\(message)")
    }
}
