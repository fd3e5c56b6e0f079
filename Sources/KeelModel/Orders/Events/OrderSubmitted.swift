public import KeelCore

/// The order was sent to the venue.
public struct OrderSubmitted: TimestampedData, Hashable {
    /// The trader that owns the order.
    public let traderId: TraderId
    /// The strategy that created the order.
    public let strategyId: StrategyId
    /// The instrument traded.
    public let instrumentId: InstrumentId
    /// The order's id.
    public let clientOrderId: ClientOrderId
    /// The account the order was sent for.
    public let accountId: AccountId
    /// The event's unique id.
    public let eventId: UUID4
    /// When the event happened at its source.
    public let tsEvent: UnixNanos
    /// When Keel created the event.
    public let tsInit: UnixNanos

    /// Creates the event.
    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        accountId: AccountId, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.accountId = accountId
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
