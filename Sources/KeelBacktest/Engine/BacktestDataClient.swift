// The data client of a simulated venue: in a backtest the engine itself feeds the data, so the client
// only records what was subscribed (for reports and tests) and answers historical requests with the
// data already replayed into the cache.

public import KeelCommon
public import KeelData
public import KeelModel
public import KeelCache
import KeelCore

/// A passive `DataClient` for a backtest venue.
public final class BacktestDataClient: DataClient {
    public let clientId: ClientId
    public let venue: Venue?
    public private(set) var isConnected = false
    /// The streams subscribed, in subscription order.
    public private(set) var subscriptions: [DataSubscription] = []
    private unowned let dataEngine: DataEngine
    private unowned let cache: Cache
    private let clock: any Clock

    /// Creates the client of `venue`; requests are answered through `dataEngine` from `cache`.
    public init(venue: Venue, dataEngine: DataEngine, cache: Cache, clock: any Clock) {
        self.clientId = ClientId(venue.value)
        self.venue = venue
        self.dataEngine = dataEngine
        self.cache = cache
        self.clock = clock
    }

    public func connect() { isConnected = true }
    public func disconnect() { isConnected = false }

    public func subscribe(_ subscription: DataSubscription) {
        if !subscriptions.contains(subscription) { subscriptions.append(subscription) }
    }

    public func unsubscribe(_ subscription: DataSubscription) {
        subscriptions.removeAll { $0 == subscription }
    }

    /// Answers from the cache: the quotes, trades or bars replayed so far within the request's range
    /// (oldest first, at most `limit`, newest kept); other kinds are answered with a failure.
    public func request(_ request: DataRequest) {
        func inRange(_ ts: UnixNanos) -> Bool {
            (request.start.map { ts >= $0 } ?? true) && (request.end.map { ts <= $0 } ?? true)
        }
        func limited<T>(_ values: [T]) -> [T] {
            guard let limit = request.limit, values.count > limit else { return values }
            return Array(values.suffix(limit))
        }
        let payload: DataResponse.Payload
        switch request.subscription {
        case .quotes(let id): payload = .quotes(limited(cache.quotes(for: id).reversed().filter { inRange($0.tsInit) }))
        case .trades(let id): payload = .trades(limited(cache.trades(for: id).reversed().filter { inRange($0.tsInit) }))
        case .bars(let barType): payload = .bars(limited(cache.bars(for: barType).reversed().filter { inRange($0.tsInit) }))
        case .instrument(let id): payload = cache.instrument(id).map { .instruments([$0]) } ?? .failure("unknown instrument \(id)")
        default: payload = .failure("a backtest venue answers requests for quotes, trades, bars and instruments only")
        }
        dataEngine.handle(response: DataResponse(correlationId: request.correlationId, payload: payload, tsInit: clock.timestampNs))
    }
}
