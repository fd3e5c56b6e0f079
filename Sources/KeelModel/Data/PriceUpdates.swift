// Derivative reference prices: mark price, index price and funding rate updates. Plain values.

public import KeelCore

/// A venue's mark price for an instrument (used for margin and unrealized PnL of derivatives).
@frozen
public struct MarkPriceUpdate: TimestampedData, Hashable {
    /// The instrument.
    public let instrumentId: InstrumentId
    /// The mark price.
    public let value: Price
    /// When the venue computed it.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a mark price update.
    @inlinable
    public init(instrumentId: InstrumentId, value: Price, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.instrumentId = instrumentId
        self.value = value
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

/// A venue's index (spot reference) price for an instrument.
@frozen
public struct IndexPriceUpdate: TimestampedData, Hashable {
    /// The instrument.
    public let instrumentId: InstrumentId
    /// The index price.
    public let value: Price
    /// When the venue computed it.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates an index price update.
    @inlinable
    public init(instrumentId: InstrumentId, value: Price, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.instrumentId = instrumentId
        self.value = value
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

/// A perpetual's funding rate: the exact rate, its interval and the next funding time, if known.
@frozen
public struct FundingRateUpdate: TimestampedData, Hashable {
    /// The perpetual.
    public let instrumentId: InstrumentId
    /// The funding rate per interval (e.g. 0.0001 = 0.01 %); may be negative.
    public let rate: Rate
    /// The funding interval, if the venue states it (e.g. 8 hours).
    public let interval: DurationNanos?
    /// When funding is next exchanged, if known.
    public let nextFundingTime: UnixNanos?
    /// When the venue published the rate.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a funding rate update.
    @inlinable
    public init(
        instrumentId: InstrumentId,
        rate: Rate,
        interval: DurationNanos? = nil,
        nextFundingTime: UnixNanos? = nil,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        self.instrumentId = instrumentId
        self.rate = rate
        self.interval = interval
        self.nextFundingTime = nextFundingTime
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
