public import KeelCore

/// Keel's order emulator holds the order locally until its trigger.
public struct OrderEmulated: TimestampedData, Hashable {
    /// The trader that owns the order.
    public let traderId: TraderId
    /// The strategy that created the order.
    public let strategyId: StrategyId
    /// The instrument traded.
    public let instrumentId: InstrumentId
    /// The order's id.
    public let clientOrderId: ClientOrderId
    /// The event's unique id.
    public let eventId: UUID4
    /// When the event happened at its source.
    public let tsEvent: UnixNanos
    /// When Keel created the event.
    public let tsInit: UnixNanos

    /// Creates the event.
    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
