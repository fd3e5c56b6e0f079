// Order: one type for the nine order types, driven by its events.
//
// Design decisions:
// - A final class, not a struct. The kernel's cache holds each order once and the execution engine
//   applies events to it in place; strategies, the risk engine and the emulator look at the same
//   object. A struct would be copied on every read out of the cache and every write back, and two
//   holders could silently diverge. The class holds only value-typed fields, is not `Sendable`
//   (it lives on the kernel thread) and is never shared across threads; events, which are values,
//   cross threads instead.
// - One type with optional fields, not nine classes: `orderType` selects which fields are set, and
//   `Order.init(_:)` checks the combination once (a LIMIT has a price, a STOP_MARKET has a trigger
//   price and no price, a GTD order has an expiry …). Nautilus has nine structs behind an enum; with
//   one class there is no dispatch and no existential.
// - The order is event sourced: it is built from its `OrderInitialized` and changes only through
//   `apply(_:)`, which appends the event to `events`. Replaying the events rebuilds the order.
// - The `OrderInitialized` is stored once (`initializedEvent`) and the parameters that never change are read
//   from it; only the ones events change (`orderType`, `quantity`, `price`, `triggerPrice`,
//   `emulationTrigger`) are fields of their own. Later events are stored compactly and `events` rebuilds
//   them (Order+EventRecords.swift). Copying every parameter into a field and keeping the event and a boxed
//   copy of it in `events` made an order ~2 KB before its first event (S1: 24k orders, 47 MB).
// - `avgPx` is exact. Nautilus keeps a `Decimal` (formerly `f64`) average. Keel keeps the running sum
//   of `lastQty.raw * lastPx.raw` as an `Int128` (exact: the filled quantity never exceeds the order
//   quantity, so the sum stays below 2^127) and divides once when asked, rounding only beyond the
//   ninth decimal. See Order+Fills.swift.
// - Commissions are kept as an array in order of first appearance of each currency (one or two
//   entries in practice), so iteration order is deterministic without a hash map.

public import KeelCore

/// An order: its parameters, its status in the order state machine, and what has been filled.
///
/// Build orders with an `OrderFactory`, or from an `OrderInitialized` event with `init(_:)`. Change
/// them only by applying events (`apply(_:)`).
public final class Order {
    // MARK: Identity

    /// The trader that owns the order.
    @inlinable public var traderId: TraderId { initializedEvent.traderId }
    /// The strategy that created the order.
    @inlinable public var strategyId: StrategyId { initializedEvent.strategyId }
    /// The instrument traded.
    @inlinable public var instrumentId: InstrumentId { initializedEvent.instrumentId }
    /// The order's id, unique per trader.
    @inlinable public var clientOrderId: ClientOrderId { initializedEvent.clientOrderId }
    /// Buy or sell.
    @inlinable public var side: OrderSide { initializedEvent.orderSide }

    // MARK: Parameters

    /// The order type. A MARKET_TO_LIMIT order becomes a LIMIT at its first fill's price.
    @exclusivity(unchecked) public internal(set) var orderType: OrderType
    /// The quantity to trade; changed by `OrderUpdated`.
    @exclusivity(unchecked) public internal(set) var quantity: Quantity
    /// The limit price (limit types, and MARKET_TO_LIMIT after its first fill).
    @exclusivity(unchecked) public internal(set) var price: Price?
    /// The trigger price (stop, if-touched and trailing types).
    @exclusivity(unchecked) public internal(set) var triggerPrice: Price?
    /// The price that triggers the order (stop, if-touched and trailing types).
    @inlinable public var triggerType: TriggerType? { initializedEvent.triggerType }
    /// A trailing-stop-limit's offset of the limit price from the trigger price.
    @inlinable public var limitOffset: Price? { initializedEvent.limitOffset }
    /// A trailing order's offset of the trigger price from the market.
    @inlinable public var trailingOffset: Price? { initializedEvent.trailingOffset }
    /// The unit of `limitOffset` and `trailingOffset`.
    @inlinable public var trailingOffsetType: TrailingOffsetType { initializedEvent.trailingOffsetType }
    /// How long the order stays working.
    @inlinable public var timeInForce: TimeInForce { initializedEvent.timeInForce }
    /// When a `GTD` order expires.
    @inlinable public var expireTime: UnixNanos? { initializedEvent.expireTime }
    /// True if the order may only add liquidity.
    @inlinable public var isPostOnly: Bool { initializedEvent.postOnly }
    /// True if the order may only reduce a position.
    @inlinable public var isReduceOnly: Bool { initializedEvent.reduceOnly }
    /// True if `quantity` is in quote currency units.
    @inlinable public var isQuoteQuantity: Bool { initializedEvent.quoteQuantity }
    /// The visible part of an iceberg order.
    @inlinable public var displayQuantity: Quantity? { initializedEvent.displayQuantity }
    /// The emulation trigger while Keel's emulator holds the order; cleared when it is released.
    @exclusivity(unchecked) public internal(set) var emulationTrigger: TriggerType?
    /// The instrument whose prices trigger an emulated order, if not `instrumentId`.
    @inlinable public var triggerInstrumentId: InstrumentId? { initializedEvent.triggerInstrumentId }
    /// How the order depends on the other orders of its list.
    @inlinable public var contingencyType: ContingencyType { initializedEvent.contingencyType }
    /// The list the order belongs to.
    @inlinable public var orderListId: OrderListId? { initializedEvent.orderListId }
    /// The orders this one is contingent with.
    @inlinable public var linkedOrderIds: [ClientOrderId] { initializedEvent.linkedOrderIds }
    /// The parent (OTO) order, for a child order.
    @inlinable public var parentOrderId: ClientOrderId? { initializedEvent.parentOrderId }
    /// The execution algorithm the order is routed through.
    @inlinable public var execAlgorithmId: ExecAlgorithmId? { initializedEvent.execAlgorithmId }
    /// The primary order an execution algorithm spawned this one from.
    @inlinable public var execSpawnId: ClientOrderId? { initializedEvent.execSpawnId }
    /// Free-form labels.
    @inlinable public var tags: [String] { initializedEvent.tags }

    // MARK: State
    //
    // Every mutable property is `@exclusivity(unchecked)`: they change only in `apply(_:)` and its helpers,
    // by straight-line assignments and appends that call out to nothing, so a dynamic exclusivity check
    // could never fire; it cost ~250 instructions per access (S1: ~0.3 M per run).

    /// The order's status in the state machine.
    @exclusivity(unchecked) public internal(set) var status: OrderStatus
    /// The status before the last transition; PENDING_* requests return to it when they fail.
    @exclusivity(unchecked) public internal(set) var previousStatus: OrderStatus?
    /// The venue's id for the order, once known.
    public var venueOrderId: VenueOrderId? { eventText(at: venueOrderIdPlace).map(VenueOrderId.init(uncheckedText:)) }
    /// Where `venueOrderId` is among the order's texts (`eventText(at:)`; 0 for none): the text is kept once, for
    /// the field and the event records, rather than as a 72-byte optional field as well.
    /// Every venue id the order has had, oldest first (venues may change it on modification).
    @exclusivity(unchecked) public internal(set) var venueOrderIds: [VenueOrderId] = []
    /// The position the order's fills belong to, once known.
    @exclusivity(unchecked) public internal(set) var positionId: PositionId?
    /// The account the order is held in, once submitted.
    public var accountId: AccountId? { eventText(at: accountIdPlace).map(AccountId.init(uncheckedText:)) }
    /// Where `accountId` is among the order's texts (`eventText(at:)`; 0 for none), as `venueOrderIdPlace`.
    /// The trade id of the last fill.
    public var lastTradeId: TradeId? { tradeIds.last }
    /// The trade ids of all fills, in order; a fill with a trade id already here is rejected.
    @exclusivity(unchecked) public internal(set) var tradeIds: [TradeId] = []
    /// Whether the last fill added or took liquidity.
    @exclusivity(unchecked) public internal(set) var liquiditySide: LiquiditySide = .noLiquiditySide
    /// The quantity filled so far.
    @exclusivity(unchecked) public internal(set) var filledQty: Quantity
    /// The quantity still to fill: `quantity - filledQty`.
    @exclusivity(unchecked) public internal(set) var leavesQty: Quantity
    /// The sum of `lastQty.raw * lastPx.raw` over the fills: the exact notional at scale 10^-18.
    @exclusivity(unchecked) public internal(set) var fillNotionalRaw: Int128 = 0
    /// The precision of the fill prices (the finest seen), used to show `avgPx`.
    @exclusivity(unchecked) public internal(set) var fillPricePrecision: UInt8?
    /// The commissions charged, one entry per currency in order of first appearance.
    @exclusivity(unchecked) public internal(set) var commissions: [Money] = []
    /// The first two events applied after `initializedEvent`, compactly (see Order+EventRecords.swift).
    @exclusivity(unchecked) var firstRecord: OrderEventRecord?
    @exclusivity(unchecked) var secondRecord: OrderEventRecord?
    /// The events applied after those two.
    @exclusivity(unchecked) var moreRecords: [OrderEventRecord] = []
    @exclusivity(unchecked) var venueOrderIdPlace = 0
    @exclusivity(unchecked) var accountIdPlace = 0
    /// The first two venue order ids and account ids the records refer to (`InlineText.empty` until used): nearly
    /// every order has one account id and at most one venue order id, and keeping them in the order rather than
    /// in an array of their own saved an allocation per order (S1: 24k) and 48 bytes.
    @exclusivity(unchecked) var firstEventText = InlineText.empty
    @exclusivity(unchecked) var secondEventText = InlineText.empty
    /// Any further texts `records` refer to, each once.
    @exclusivity(unchecked) var moreEventTexts: [InlineText] = []

    /// The `OrderInitialized` event the order was built from (also `events[0]`); the order's fixed
    /// parameters are read from it.
    public let initializedEvent: OrderInitialized

    // MARK: Timestamps

    /// The id of the `OrderInitialized` event.
    @inlinable public var initId: UUID4 { initializedEvent.eventId }
    /// When the order was created.
    @inlinable public var tsInit: UnixNanos { initializedEvent.tsEvent }
    /// When the order was submitted, if it was.
    @exclusivity(unchecked) public internal(set) var tsSubmitted: UnixNanos?
    /// When the venue accepted the order (or first filled it), if it did.
    @exclusivity(unchecked) public internal(set) var tsAccepted: UnixNanos?
    /// When the order was triggered, if it was.
    @exclusivity(unchecked) public internal(set) var tsTriggered: UnixNanos?
    /// When the order closed, if it did.
    @exclusivity(unchecked) public internal(set) var tsClosed: UnixNanos?
    /// The `tsEvent` of the last event applied.
    @exclusivity(unchecked) public internal(set) var tsLast: UnixNanos

    /// Creates an order in status INITIALIZED from its first event, checking its parameters.
    ///
    /// - Throws: `ValidationError` naming the field (`Order.price`, `Order.expireTime` …) if the
    ///   parameters do not fit the order type: a LIMIT without a price, a GTD order without an expire
    ///   time, a zero quantity, a display quantity above the quantity, a post-only MARKET order ….
    public init(_ initialized: OrderInitialized) throws(ValidationError) {
        try Order.validate(initialized)
        initializedEvent = initialized
        orderType = initialized.orderType
        quantity = initialized.quantity
        price = initialized.price
        triggerPrice = initialized.triggerPrice
        emulationTrigger = initialized.emulationTrigger
        status = .initialized
        filledQty = .zero(precision: initialized.quantity.precision)
        leavesQty = initialized.quantity
        tsLast = initialized.tsEvent
    }

    /// Creates an order from an `OrderInitialized` the code knows to be valid; traps otherwise.
    public convenience init(validated initialized: OrderInitialized) {
        do { try self.init(initialized) } catch {
            preconditionFailure("Invariant: an order built from trusted parameters is valid (\(error))")
        }
    }
}

extension Order: CustomStringConvertible {
    /// A one-line summary, e.g. `Order(BUY 100 AUD/USD.SIM LIMIT @ 1.00000 GTC, status=ACCEPTED, …)`.
    public var description: String {
        var text = "Order(\(side) \(quantity) \(instrumentId) \(orderType)"
        if let price { text += " @ \(price)" }
        if let triggerPrice { text += " trigger \(triggerPrice)" }
        text += " \(timeInForce), status=\(status), clientOrderId=\(clientOrderId)"
        if let venueOrderId { text += ", venueOrderId=\(venueOrderId)" }
        return text + ")"
    }
}
