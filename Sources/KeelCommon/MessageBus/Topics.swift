public import KeelCore
public import KeelModel

/// The standard topics and endpoints of a kernel, with their message types.
///
/// Names follow NautilusTrader's conventions: `data.quotes.<VENUE>.<SYMBOL>`,
/// `data.bars.<BAR_TYPE>`, `events.order.<STRATEGY_ID>`, …
public enum Topics {
    /// Quotes of `instrumentId`: `data.quotes.VENUE.SYMBOL`.
    public static func quotes(_ instrumentId: InstrumentId) -> Topic<QuoteTick> {
        Topic("data.quotes.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Trades of `instrumentId`: `data.trades.VENUE.SYMBOL`.
    public static func trades(_ instrumentId: InstrumentId) -> Topic<TradeTick> {
        Topic("data.trades.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Bars of `barType`: `data.bars.BAR_TYPE`.
    public static func bars(_ barType: BarType) -> Topic<Bar> { Topic("data.bars.\(barType)") }
    /// Order book deltas of `instrumentId`: `data.book.deltas.VENUE.SYMBOL`.
    public static func bookDeltas(_ instrumentId: InstrumentId) -> Topic<OrderBookDeltas> {
        Topic("data.book.deltas.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Depth-10 snapshots of `instrumentId`: `data.book.depth.VENUE.SYMBOL`.
    public static func bookDepth10(_ instrumentId: InstrumentId) -> Topic<OrderBookDepth10> {
        Topic("data.book.depth.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Instrument definitions of `instrumentId`: `data.instrument.VENUE.SYMBOL`.
    public static func instrument(_ instrumentId: InstrumentId) -> Topic<Instrument> {
        Topic("data.instrument.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Trading status of `instrumentId`: `data.status.VENUE.SYMBOL`.
    public static func instrumentStatus(_ instrumentId: InstrumentId) -> Topic<InstrumentStatus> {
        Topic("data.status.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Close prices of `instrumentId`: `data.close.VENUE.SYMBOL`.
    public static func instrumentClose(_ instrumentId: InstrumentId) -> Topic<InstrumentClose> {
        Topic("data.close.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Mark prices of `instrumentId`: `data.mark_prices.VENUE.SYMBOL`.
    public static func markPrices(_ instrumentId: InstrumentId) -> Topic<MarkPriceUpdate> {
        Topic("data.mark_prices.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Index prices of `instrumentId`: `data.index_prices.VENUE.SYMBOL`.
    public static func indexPrices(_ instrumentId: InstrumentId) -> Topic<IndexPriceUpdate> {
        Topic("data.index_prices.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Funding rates of `instrumentId`: `data.funding_rates.VENUE.SYMBOL`.
    public static func fundingRates(_ instrumentId: InstrumentId) -> Topic<FundingRateUpdate> {
        Topic("data.funding_rates.\(instrumentId.venue).\(instrumentId.symbol)")
    }
    /// Custom data of `dataType`: `data.custom.TYPE…`.
    public static func customData(_ dataType: DataType) -> Topic<CustomData> { Topic("data.custom.\(dataType.topic)") }
    /// Signals named `name`: `data.signal.NAME`.
    public static func signal(_ name: String) -> Topic<Signal> { Topic("data.signal.\(name)") }
    /// Order events of `strategyId`: `events.order.STRATEGY_ID`.
    public static func orderEvents(_ strategyId: StrategyId) -> Topic<OrderEvent> { Topic("events.order.\(strategyId)") }
    /// Position events of `strategyId`: `events.position.STRATEGY_ID`.
    public static func positionEvents(_ strategyId: StrategyId) -> Topic<PositionEvent> { Topic("events.position.\(strategyId)") }
    /// Account state events of `accountId`: `events.account.ACCOUNT_ID`.
    public static func accountEvents(_ accountId: AccountId) -> Topic<AccountState> { Topic("events.account.\(accountId)") }
    /// Fills of `instrumentId`: `events.fills.INSTRUMENT_ID`.
    public static func fills(_ instrumentId: InstrumentId) -> Topic<OrderFilled> { Topic("events.fills.\(instrumentId)") }
    /// Risk engine trading-state changes: `events.risk`.
    public static let tradingState = Topic<TradingStateChanged>("events.risk")
}

/// A small value a component publishes to others (NautilusTrader's `Signal`).
public struct Signal: TimestampedData, Hashable {
    /// The signal's name (also its topic suffix).
    public let name: String
    /// The value, as text or a number.
    public let value: Value
    public let tsEvent: UnixNanos
    public let tsInit: UnixNanos

    /// A signal's value.
    public enum Value: Hashable, Sendable {
        case number(Double)
        case text(String)
    }

    public init(name: String, value: Value, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.name = name
        self.value = value
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

/// The risk engine changed its trading state.
public struct TradingStateChanged: TimestampedData, Hashable {
    public let traderId: TraderId
    public let state: TradingState
    /// Why, in words (e.g. "max drawdown 5.2% breached limit 5%").
    public let reason: String
    public let eventId: UUID4
    public let tsEvent: UnixNanos
    public let tsInit: UnixNanos

    public init(traderId: TraderId, state: TradingState, reason: String, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.traderId = traderId
        self.state = state
        self.reason = reason
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
