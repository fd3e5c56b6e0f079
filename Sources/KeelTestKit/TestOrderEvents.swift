// Order events for tests, built through the production initialisers from the order they are for, the way a
// venue (or the simulated exchange) would report them. Event ids are derived from the time, so a scenario
// replays with identical ids.

public import KeelCore
public import KeelModel

/// Builders of the events a venue reports for an order.
public enum TestOrderEvents {
    /// The account the events book to, `SIM-001`.
    public static let accountId = AccountId("SIM-001")

    private static func eventId(_ kind: OrderEvent.Kind, _ ts: UnixNanos) -> UUID4 {
        UUID4(high: 0x4000 | UInt64(kind.rawValue), low: ts.rawValue)
    }

    /// `OrderSubmitted` for `order` at `ts`.
    public static func submitted(_ order: Order, at ts: UnixNanos, accountId: AccountId = accountId) -> OrderEvent {
        .submitted(OrderSubmitted(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, eventId: eventId(.submitted, ts), tsEvent: ts, tsInit: ts))
    }

    /// `OrderAccepted` for `order` at `ts`, with the venue's id `venueOrderId`.
    public static func accepted(_ order: Order, venueOrderId: VenueOrderId, at ts: UnixNanos, accountId: AccountId = accountId) -> OrderEvent {
        .accepted(OrderAccepted(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: venueOrderId, accountId: accountId,
            eventId: eventId(.accepted, ts), tsEvent: ts, tsInit: ts))
    }

    /// `OrderPendingCancel` for `order` at `ts`.
    public static func pendingCancel(_ order: Order, at ts: UnixNanos, accountId: AccountId = accountId) -> OrderEvent {
        .pendingCancel(OrderPendingCancel(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, accountId: accountId, eventId: eventId(.pendingCancel, ts), tsEvent: ts,
            tsInit: ts, venueOrderId: order.venueOrderId))
    }

    /// `OrderCanceled` for `order` at `ts`.
    public static func canceled(_ order: Order, at ts: UnixNanos, accountId: AccountId = accountId) -> OrderEvent {
        .canceled(OrderCanceled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: eventId(.canceled, ts), tsEvent: ts, tsInit: ts,
            venueOrderId: order.venueOrderId, accountId: accountId))
    }

    /// `OrderEmulated` for `order` at `ts`.
    public static func emulated(_ order: Order, at ts: UnixNanos) -> OrderEvent {
        .emulated(OrderEmulated(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, eventId: eventId(.emulated, ts), tsEvent: ts, tsInit: ts))
    }

    /// `OrderReleased` for `order` at `ts`, released at `price`.
    public static func released(_ order: Order, price: Price, at ts: UnixNanos) -> OrderEvent {
        .released(OrderReleased(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, releasedPrice: price, eventId: eventId(.released, ts), tsEvent: ts, tsInit: ts))
    }

    /// `OrderFilled` for `quantity` of `order` at `price` and `ts`, as the raw fill a venue reports.
    ///
    /// - Parameters:
    ///   - tradeId: The venue's trade id (default `T-<ts>`).
    ///   - positionId: The position the fill books to (HEDGING), if any.
    public static func filled(
        _ order: Order, quantity: Quantity, price: Price, at ts: UnixNanos, tradeId: TradeId? = nil,
        positionId: PositionId? = nil, commission: Money? = nil, currency: Currency = .usd,
        liquiditySide: LiquiditySide = .taker, accountId: AccountId = accountId
    ) -> OrderFilled {
        OrderFilled(
            traderId: order.traderId, strategyId: order.strategyId, instrumentId: order.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: order.venueOrderId ?? VenueOrderId("V-\(order.clientOrderId)"),
            accountId: accountId, tradeId: tradeId ?? TradeId("T-\(ts.rawValue)"), orderSide: order.side,
            orderType: order.orderType, lastQty: quantity, lastPx: price, currency: currency, liquiditySide: liquiditySide,
            eventId: eventId(.filled, ts), tsEvent: ts, tsInit: ts, positionId: positionId, commission: commission)
    }
}
