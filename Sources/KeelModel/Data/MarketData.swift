// MarketData: one value for every kind of market data, for streams that mix kinds (a backtest's merged
// data, a catalog query, an event log). An enum, not an existential: iterating a stream of them
// allocates nothing and switches on a tag.

public import KeelCore

/// Any market data value Keel replays or receives.
public enum MarketData: TimestampedData {
    case quote(QuoteTick)
    case trade(TradeTick)
    case bar(Bar)
    case delta(OrderBookDelta)
    case deltas(OrderBookDeltas)
    case depth10(OrderBookDepth10)
    case status(InstrumentStatus)
    case close(InstrumentClose)
    case markPrice(MarkPriceUpdate)
    case indexPrice(IndexPriceUpdate)
    case fundingRate(FundingRateUpdate)
    case custom(CustomData)

    /// When the value entered Keel: the key streams are merged and replayed by.
    @inlinable
    public var tsInit: UnixNanos {
        switch self {
        case .quote(let d): d.tsInit
        case .trade(let d): d.tsInit
        case .bar(let d): d.tsInit
        case .delta(let d): d.tsInit
        case .deltas(let d): d.tsInit
        case .depth10(let d): d.tsInit
        case .status(let d): d.tsInit
        case .close(let d): d.tsInit
        case .markPrice(let d): d.tsInit
        case .indexPrice(let d): d.tsInit
        case .fundingRate(let d): d.tsInit
        case .custom(let d): d.tsInit
        }
    }

    /// When it happened at its source.
    @inlinable
    public var tsEvent: UnixNanos {
        switch self {
        case .quote(let d): d.tsEvent
        case .trade(let d): d.tsEvent
        case .bar(let d): d.tsEvent
        case .delta(let d): d.tsEvent
        case .deltas(let d): d.tsEvent
        case .depth10(let d): d.tsEvent
        case .status(let d): d.tsEvent
        case .close(let d): d.tsEvent
        case .markPrice(let d): d.tsEvent
        case .indexPrice(let d): d.tsEvent
        case .fundingRate(let d): d.tsEvent
        case .custom(let d): d.tsEvent
        }
    }

    /// The instrument the value is about (nil for custom data).
    public var instrumentId: InstrumentId? {
        switch self {
        case .quote(let d): d.instrumentId
        case .trade(let d): d.instrumentId
        case .bar(let d): d.barType.instrumentId
        case .delta(let d): d.instrumentId
        case .deltas(let d): d.instrumentId
        case .depth10(let d): d.instrumentId
        case .status(let d): d.instrumentId
        case .close(let d): d.instrumentId
        case .markPrice(let d): d.instrumentId
        case .indexPrice(let d): d.instrumentId
        case .fundingRate(let d): d.instrumentId
        case .custom: nil
        }
    }
}
