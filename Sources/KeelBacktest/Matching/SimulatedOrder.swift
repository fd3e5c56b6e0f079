// SimulatedOrder: the venue's own record of an order it was sent.
//
// Design decisions:
// - The simulated venue keeps its own state of each order instead of reading the strategy-side `Order` in the
//   cache. NautilusTrader's matching engine reads the cache's `Order` and relies on the execution engine
//   applying each event synchronously before the next line runs (`order.is_closed` right after a fill). Keel's
//   venue updates its record when it emits the event, which gives the same answers in the same places, keeps
//   the `Order` class mutated by one owner only (the execution engine), and lets the engine run (and be
//   tested) with any event sink. A real exchange works this way too.
// - The record holds what the reference's engine mutates on the order outside events (`liquidity_side`,
//   the triggered price, a trailing order's activation) as plain fields. The fixed parameters are read from
//   the submitted `OrderInitialized`, whose storage the strategy-side `Order` shares (one copy per order).
// - A final class, referenced from the registry and from the matching core's side lists; not `Sendable`.
// - Status mapping to the strategy-side questions the reference asks: `isOpen` = ACCEPTED, TRIGGERED,
//   PARTIALLY_FILLED; `isInflight` = SUBMITTED (a held OTO child or an order not yet processed); `isClosed` =
//   REJECTED, CANCELED, EXPIRED, FILLED. An order the venue was never sent is "active local".

import KeelCore
public import KeelModel

/// The status of an order as the simulated venue sees it.
public enum SimulatedOrderStatus: UInt8, Hashable, Sendable {
    /// Received, not yet accepted (an OTO child waits here for its parent to fill).
    case submitted
    /// Working.
    case accepted
    /// A stop-limit, limit-if-touched or trailing-stop-limit order whose trigger fired.
    case triggered
    /// Partly filled and still working.
    case partiallyFilled
    /// Completely filled.
    case filled
    /// Canceled.
    case canceled
    /// Expired.
    case expired
    /// Rejected.
    case rejected

    /// True for REJECTED, CANCELED, EXPIRED and FILLED.
    public var isClosed: Bool {
        switch self {
        case .filled, .canceled, .expired, .rejected: true
        default: false
        }
    }

    /// True for ACCEPTED, TRIGGERED and PARTIALLY_FILLED.
    public var isOpen: Bool {
        switch self {
        case .accepted, .triggered, .partiallyFilled: true
        default: false
        }
    }
}

/// The simulated venue's record of one order: its parameters and its state at the venue.
public final class SimulatedOrder {
    /// The order as it was submitted; the fixed parameters below are read from it.
    public let initialized: OrderInitialized
    /// The trader that owns the order.
    public var traderId: TraderId { initialized.traderId }
    /// The strategy that created the order.
    public var strategyId: StrategyId { initialized.strategyId }
    /// The instrument traded.
    public var instrumentId: InstrumentId { initialized.instrumentId }
    /// The order's id.
    public var clientOrderId: ClientOrderId { initialized.clientOrderId }
    /// Buy or sell.
    public var side: OrderSide { initialized.orderSide }
    /// The order type (a MARKET_TO_LIMIT keeps its type and gains a price at its first fill).
    public var orderType: OrderType { initialized.orderType }
    /// How the trigger price is compared with the market.
    public var triggerType: TriggerType { initialized.triggerType ?? .noTrigger }
    /// A trailing-stop-limit's limit offset.
    public var limitOffset: Price? { initialized.limitOffset }
    /// A trailing order's trigger offset.
    public var trailingOffset: Price? { initialized.trailingOffset }
    /// The unit of the offsets.
    public var trailingOffsetType: TrailingOffsetType { initialized.trailingOffsetType }
    /// How long the order works.
    public var timeInForce: TimeInForce { initialized.timeInForce }
    /// A GTD order's expiry, or 0.
    public var expireTimeNs: UInt64 { initialized.expireTime?.rawValue ?? 0 }
    /// True if the order may only add liquidity.
    public var isPostOnly: Bool { initialized.postOnly }
    /// True if the order may only reduce a position.
    public var isReduceOnly: Bool { initialized.reduceOnly }
    /// How the order depends on its linked orders.
    public var contingencyType: ContingencyType { initialized.contingencyType }
    /// The orders it is contingent with.
    public var linkedOrderIds: [ClientOrderId] { initialized.linkedOrderIds }
    /// The OTO parent, for a child order.
    public var parentOrderId: ClientOrderId? { initialized.parentOrderId }
    /// The order in which the venue received the order (0, 1, 2 …).
    public let sequence: Int

    /// The quantity, changed by updates.
    public internal(set) var quantity: Quantity
    /// The limit price, changed by updates (and set at a MARKET_TO_LIMIT's first fill).
    public internal(set) var price: Price?
    /// The trigger price, changed by updates and trailing.
    public internal(set) var triggerPrice: Price?
    /// The status at the venue.
    public internal(set) var status: SimulatedOrderStatus = .submitted
    /// The quantity filled.
    public internal(set) var filledQty: Quantity
    /// The venue's id, once generated.
    public internal(set) var venueOrderId: VenueOrderId?
    /// The position the venue books the order's fills to (hedging), once known.
    public internal(set) var positionId: PositionId?
    /// Whether the order adds or takes liquidity when it fills next.
    public internal(set) var liquiditySide: LiquiditySide = .noLiquiditySide
    /// The trigger price at which the order was triggered, if it was.
    public internal(set) var triggeredPrice: Price?
    /// True once the venue reported the order TRIGGERED (it stays true through later fills).
    public internal(set) var isTriggered = false
    /// True once a trailing order trails (always at acceptance: Keel orders carry no activation price).
    public internal(set) var isActivated = false
    /// The number of places the order holds in its engine's matching core (see `MatchingCore.contains`).
    var restingCount = 0

    /// Creates the venue's record of a submitted order.
    public init(_ order: OrderInitialized, sequence: Int, positionId: PositionId? = nil) {
        initialized = order
        self.sequence = sequence
        quantity = order.quantity
        price = order.price
        triggerPrice = order.triggerPrice
        filledQty = .zero(precision: order.quantity.precision)
        self.positionId = positionId
    }

    /// The quantity still to fill.
    public var leavesQty: Quantity { Quantity(raw: quantity.raw - filledQty.raw, precision: quantity.precision) }
    /// True while the order works at the venue.
    public var isOpen: Bool { status.isOpen }
    /// True once the order's life at the venue ended.
    public var isClosed: Bool { status.isClosed }
    /// True while the venue holds the order without having accepted it.
    public var isInflight: Bool { status == .submitted }
    /// True for every type but MARKET.
    public var isPassive: Bool { orderType != .market }
    /// True if the order has a limit price.
    public var hasPrice: Bool { price != nil }
    /// True for a BUY order.
    public var isBuy: Bool { side == .buy }
}

extension SimulatedOrder: CustomStringConvertible {
    /// A one-line summary, e.g. `SimulatedOrder(BUY 1000 LIMIT_IF_TOUCHED @ 1.57616 trigger 1.57616, ACCEPTED)`.
    public var description: String {
        var text = "SimulatedOrder(\(clientOrderId) \(side) \(quantity) \(orderType)"
        if let price { text += " @ \(price)" }
        if let triggerPrice { text += " trigger \(triggerPrice)" }
        return text + ", \(status))"
    }
}
