public import KeelCore

/// A change in a position: it opened, changed (added, reduced, flipped) or closed.
///
/// One struct for the three kinds (told apart by `kind`), carrying the position's state after the
/// fill, so that handlers and event logs need no existential.
public struct PositionEvent: TimestampedData, Hashable {
    /// The kinds of position event.
    public enum Kind: UInt8, Hashable, Sendable, CustomStringConvertible {
        case opened, changed, closed
        public var description: String {
            switch self {
            case .opened: "PositionOpened"
            case .changed: "PositionChanged"
            case .closed: "PositionClosed"
            }
        }
    }

    public let kind: Kind
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let positionId: PositionId
    public let accountId: AccountId
    public let openingOrderId: ClientOrderId
    public let closingOrderId: ClientOrderId?
    public let entry: OrderSide
    public let side: PositionSide
    /// The open quantity after the fill.
    public let quantity: Quantity
    public let peakQuantity: Quantity
    /// The fill that caused the event.
    public let lastQty: Quantity
    public let lastPx: Price
    public let currency: Currency
    public let avgPxOpen: Double
    public let avgPxClose: Double?
    public let realizedReturn: Double
    public let realizedPnl: Money
    /// Unrealized PnL at the last fill's price.
    public let unrealizedPnl: Money
    public let durationNanos: DurationNanos
    public let tsOpened: UnixNanos
    public let tsClosed: UnixNanos?
    public let eventId: UUID4
    public let tsEvent: UnixNanos
    public let tsInit: UnixNanos

    /// The event for `position`'s state after its last fill.
    ///
    /// - Parameters:
    ///   - kind: opened, changed or closed; traps if `closed` is asked of an open position or
    ///     `opened`/`changed` of a flat one.
    ///   - eventId: the event's id, from the caller's seeded generator.
    ///   - tsInit: when Keel created the event.
    public init(_ kind: Kind, of position: Position, eventId: UUID4, tsInit: UnixNanos) {
        precondition((kind == .closed) == position.isClosed, "Invariant: a PositionClosed event is for a flat position, other events for an open one")
        let fill = position.lastEvent
        self.kind = kind
        self.traderId = position.traderId
        self.strategyId = position.strategyId
        self.instrumentId = position.instrumentId
        self.positionId = position.id
        self.accountId = position.accountId
        self.openingOrderId = position.openingOrderId
        self.closingOrderId = position.closingOrderId
        self.entry = position.entry
        self.side = position.side
        self.quantity = position.quantity
        self.peakQuantity = position.peakQuantity
        self.lastQty = fill.lastQty
        self.lastPx = fill.lastPx
        self.currency = position.quoteCurrency
        self.avgPxOpen = position.avgPxOpen
        self.avgPxClose = position.avgPxClose
        self.realizedReturn = position.realizedReturn
        self.realizedPnl = position.realizedPnl
        self.unrealizedPnl = position.unrealizedPnl(at: fill.lastPx)
        self.durationNanos = position.durationNanos
        self.tsOpened = position.tsOpened
        self.tsClosed = position.tsClosed
        self.eventId = eventId
        self.tsEvent = fill.tsEvent
        self.tsInit = tsInit
    }

    /// The kind of event a fill produced, given whether the position existed before it.
    public static func kind(after position: Position, isNew: Bool) -> Kind {
        if position.isClosed { return .closed }
        return isNew ? .opened : .changed
    }
}
