public import KeelCore

/// Keel's order emulator released the order for submission at `releasedPrice`.
public struct OrderReleased: TimestampedData, Hashable {
    /// The trader that owns the order.
    public let traderId: TraderId
    /// The strategy that created the order.
    public let strategyId: StrategyId
    /// The instrument traded.
    public let instrumentId: InstrumentId
    /// The order's id.
    public let clientOrderId: ClientOrderId
    /// The market price that released the order.
    public let releasedPrice: Price
    /// The event's unique id.
    public let eventId: UUID4
    /// When the event happened at its source.
    public let tsEvent: UnixNanos
    /// When Keel created the event.
    public let tsInit: UnixNanos

    /// Creates the event.
    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        releasedPrice: Price, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        self.traderId = traderId
        self.strategyId = strategyId
        self.instrumentId = instrumentId
        self.clientOrderId = clientOrderId
        self.releasedPrice = releasedPrice
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
