// Data commands: subscriptions and historical requests, from actors to the data engine and on to data
// clients.

public import KeelCore
public import KeelModel

/// What an actor can subscribe to.
public enum DataSubscription: Hashable, Sendable, CustomStringConvertible {
    case quotes(InstrumentId)
    case trades(InstrumentId)
    case bars(BarType)
    /// Order book deltas; the data engine keeps a book of `bookType` for the instrument.
    case bookDeltas(InstrumentId, bookType: BookType)
    case bookDepth10(InstrumentId)
    case instrument(InstrumentId)
    case instrumentStatus(InstrumentId)
    case instrumentClose(InstrumentId)
    case markPrices(InstrumentId)
    case indexPrices(InstrumentId)
    case fundingRates(InstrumentId)
    case custom(DataType)

    /// The instrument the subscription is about, if any.
    public var instrumentId: InstrumentId? {
        switch self {
        case .quotes(let i), .trades(let i), .bookDeltas(let i, _), .bookDepth10(let i), .instrument(let i),
            .instrumentStatus(let i), .instrumentClose(let i), .markPrices(let i), .indexPrices(let i), .fundingRates(let i):
            i
        case .bars(let b): b.instrumentId
        case .custom: nil
        }
    }

    public var description: String {
        switch self {
        case .quotes(let i): "quotes \(i)"
        case .trades(let i): "trades \(i)"
        case .bars(let b): "bars \(b)"
        case .bookDeltas(let i, let t): "book deltas \(i) \(t)"
        case .bookDepth10(let i): "book depth10 \(i)"
        case .instrument(let i): "instrument \(i)"
        case .instrumentStatus(let i): "instrument status \(i)"
        case .instrumentClose(let i): "instrument close \(i)"
        case .markPrices(let i): "mark prices \(i)"
        case .indexPrices(let i): "index prices \(i)"
        case .fundingRates(let i): "funding rates \(i)"
        case .custom(let t): "custom \(t)"
        }
    }
}

/// Subscribe to, or unsubscribe from, a data stream.
public struct DataCommand: TimestampedData, Hashable {
    /// Subscribe or unsubscribe.
    public enum Action: UInt8, Hashable, Sendable { case subscribe, unsubscribe }

    public let action: Action
    public let subscription: DataSubscription
    /// The data client to ask (default: by the instrument's venue).
    public let clientId: ClientId?
    /// The component asking.
    public let componentId: ComponentId
    public let commandId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        _ action: Action, _ subscription: DataSubscription, clientId: ClientId? = nil, componentId: ComponentId,
        commandId: UUID4, tsInit: UnixNanos
    ) {
        self.action = action
        self.subscription = subscription
        self.clientId = clientId
        self.componentId = componentId
        self.commandId = commandId
        self.tsInit = tsInit
    }
}

/// A request for historical data in `[start, end]`, answered with a `DataResponse`.
public struct DataRequest: TimestampedData, Hashable {
    /// The data asked for (the same kinds as subscriptions).
    public let subscription: DataSubscription
    public let start: UnixNanos?
    public let end: UnixNanos?
    /// At most this many values (newest kept), if set.
    public let limit: Int?
    public let clientId: ClientId?
    public let componentId: ComponentId
    /// The id the response comes back with.
    public let correlationId: UUID4
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(
        _ subscription: DataSubscription, start: UnixNanos? = nil, end: UnixNanos? = nil, limit: Int? = nil,
        clientId: ClientId? = nil, componentId: ComponentId, correlationId: UUID4, tsInit: UnixNanos
    ) {
        self.subscription = subscription
        self.start = start
        self.end = end
        self.limit = limit
        self.clientId = clientId
        self.componentId = componentId
        self.correlationId = correlationId
        self.tsInit = tsInit
    }
}

/// Historical data answering a `DataRequest`.
public struct DataResponse: TimestampedData {
    /// The values, oldest first.
    public enum Payload: Sendable {
        case quotes([QuoteTick])
        case trades([TradeTick])
        case bars([Bar])
        case instruments([Instrument])
        case custom([CustomData])
        /// The request failed; the text says why.
        case failure(String)
    }

    public let correlationId: UUID4
    public let payload: Payload
    public let tsInit: UnixNanos
    public var tsEvent: UnixNanos { tsInit }

    public init(correlationId: UUID4, payload: Payload, tsInit: UnixNanos) {
        self.correlationId = correlationId
        self.payload = payload
        self.tsInit = tsInit
    }
}
