public import KeelCore

/// An order was created: every parameter the order starts with.
///
/// It is the first event of every order and the only one an order is built from
/// (`Order.init(_:)`); replaying it and the events after it rebuilds the order.
public struct OrderInitialized: TimestampedData, Hashable {
    // The parameters live in one immutable heap object that every copy shares: the order factory's command,
    // the `Order`, its `events[0]` and the simulated venue's record of the order all hold the same 8-byte
    // reference instead of ~880 bytes each (S1: 24k orders). The three ids only emulated and algorithm
    // orders carry are kept apart (`Extras`, nil for most orders), which saves another 208 bytes per order, and
    // the trader, strategy and instrument ids sit in a `Scope` an order factory's orders share.
    @usableFromInline
    struct Fields: Hashable, Sendable {
        @usableFromInline let scope: Scope
        @usableFromInline let clientOrderId: ClientOrderId
        @usableFromInline let orderSide: OrderSide
        @usableFromInline let orderType: OrderType
        @usableFromInline let quantity: Quantity
        @usableFromInline let timeInForce: TimeInForce
        @usableFromInline let price: Price?
        @usableFromInline let triggerPrice: Price?
        @usableFromInline let triggerType: TriggerType?
        @usableFromInline let limitOffset: Price?
        @usableFromInline let trailingOffset: Price?
        @usableFromInline let trailingOffsetType: TrailingOffsetType
        @usableFromInline let expireTime: UnixNanos?
        @usableFromInline let postOnly: Bool
        @usableFromInline let reduceOnly: Bool
        @usableFromInline let quoteQuantity: Bool
        @usableFromInline let displayQuantity: Quantity?
        @usableFromInline let emulationTrigger: TriggerType?
        @usableFromInline let extras: Extras?
        @usableFromInline let contingencyType: ContingencyType
        @usableFromInline let orderListId: OrderListId?
        @usableFromInline let linkedOrderIds: [ClientOrderId]
        @usableFromInline let parentOrderId: ClientOrderId?
        @usableFromInline let tags: [String]
        @usableFromInline let reconciliation: Bool
        @usableFromInline let eventId: UUID4
        @usableFromInline let tsEvent: UnixNanos
        @usableFromInline let tsInit: UnixNanos
    }

    /// The trader, strategy and instrument: the same for every order an `OrderFactory` makes in one instrument, so
    /// the factory's orders share one (S1: 192 bytes less per order, ~4.4 MB).
    @usableFromInline
    final class Scope: Hashable, Sendable {
        @usableFromInline let traderId: TraderId
        @usableFromInline let strategyId: StrategyId
        @usableFromInline let instrumentId: InstrumentId

        init(traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId) {
            self.traderId = traderId
            self.strategyId = strategyId
            self.instrumentId = instrumentId
        }

        @usableFromInline
        static func == (lhs: Scope, rhs: Scope) -> Bool {
            lhs === rhs
                || (lhs.traderId == rhs.traderId && lhs.strategyId == rhs.strategyId && lhs.instrumentId == rhs.instrumentId)
        }

        @usableFromInline
        func hash(into hasher: inout Hasher) {
            hasher.combine(traderId)
            hasher.combine(strategyId)
            hasher.combine(instrumentId)
        }
    }

    @usableFromInline
    final class Extras: Hashable, Sendable {
        @usableFromInline let triggerInstrumentId: InstrumentId?
        @usableFromInline let execAlgorithmId: ExecAlgorithmId?
        @usableFromInline let execSpawnId: ClientOrderId?

        /// The extras, or nil if all three are nil.
        static func make(_ trigger: InstrumentId?, _ algorithm: ExecAlgorithmId?, _ spawn: ClientOrderId?) -> Extras? {
            trigger == nil && algorithm == nil && spawn == nil ? nil : Extras(trigger, algorithm, spawn)
        }

        private init(_ trigger: InstrumentId?, _ algorithm: ExecAlgorithmId?, _ spawn: ClientOrderId?) {
            triggerInstrumentId = trigger
            execAlgorithmId = algorithm
            execSpawnId = spawn
        }

        @usableFromInline
        static func == (lhs: Extras, rhs: Extras) -> Bool {
            lhs.triggerInstrumentId == rhs.triggerInstrumentId && lhs.execAlgorithmId == rhs.execAlgorithmId
                && lhs.execSpawnId == rhs.execSpawnId
        }

        @usableFromInline
        func hash(into hasher: inout Hasher) {
            hasher.combine(triggerInstrumentId)
            hasher.combine(execAlgorithmId)
            hasher.combine(execSpawnId)
        }
    }

    @usableFromInline
    final class Storage: Sendable {
        @usableFromInline let fields: Fields
        init(_ fields: Fields) { self.fields = fields }
    }

    @usableFromInline let storage: Storage

    /// The trader that owns the order.
    @inlinable public var traderId: TraderId { storage.fields.scope.traderId }
    /// The strategy that created the order.
    @inlinable public var strategyId: StrategyId { storage.fields.scope.strategyId }
    /// The instrument traded.
    @inlinable public var instrumentId: InstrumentId { storage.fields.scope.instrumentId }
    /// The order's id, unique per trader.
    @inlinable public var clientOrderId: ClientOrderId { storage.fields.clientOrderId }
    /// Buy or sell.
    @inlinable public var orderSide: OrderSide { storage.fields.orderSide }
    /// One of the nine order types.
    @inlinable public var orderType: OrderType { storage.fields.orderType }
    /// The quantity to trade (in base units, or quote units if `quoteQuantity`).
    @inlinable public var quantity: Quantity { storage.fields.quantity }
    /// How long the order stays working.
    @inlinable public var timeInForce: TimeInForce { storage.fields.timeInForce }
    /// The limit price (limit types).
    @inlinable public var price: Price? { storage.fields.price }
    /// The trigger price (stop, if-touched and trailing types).
    @inlinable public var triggerPrice: Price? { storage.fields.triggerPrice }
    /// The price that triggers the order (stop, if-touched and trailing types).
    @inlinable public var triggerType: TriggerType? { storage.fields.triggerType }
    /// A trailing-stop-limit's offset of the limit price from the trigger price, in `trailingOffsetType` units.
    @inlinable public var limitOffset: Price? { storage.fields.limitOffset }
    /// A trailing order's offset of the trigger price from the market, in `trailingOffsetType` units.
    @inlinable public var trailingOffset: Price? { storage.fields.trailingOffset }
    /// The unit of `limitOffset` and `trailingOffset`.
    @inlinable public var trailingOffsetType: TrailingOffsetType { storage.fields.trailingOffsetType }
    /// When a `GTD` order expires.
    @inlinable public var expireTime: UnixNanos? { storage.fields.expireTime }
    /// True if the order may only add liquidity (maker).
    @inlinable public var postOnly: Bool { storage.fields.postOnly }
    /// True if the order may only reduce a position.
    @inlinable public var reduceOnly: Bool { storage.fields.reduceOnly }
    /// True if `quantity` is in quote currency units.
    @inlinable public var quoteQuantity: Bool { storage.fields.quoteQuantity }
    /// The visible part of an iceberg order.
    @inlinable public var displayQuantity: Quantity? { storage.fields.displayQuantity }
    /// The trigger type Keel's order emulator uses to hold the order locally, if emulated.
    @inlinable public var emulationTrigger: TriggerType? { storage.fields.emulationTrigger }
    /// The instrument whose prices trigger an emulated order, if not `instrumentId`.
    @inlinable public var triggerInstrumentId: InstrumentId? { storage.fields.extras?.triggerInstrumentId }
    /// How the order depends on the other orders of its list.
    @inlinable public var contingencyType: ContingencyType { storage.fields.contingencyType }
    /// The list the order belongs to.
    @inlinable public var orderListId: OrderListId? { storage.fields.orderListId }
    /// The orders this one is contingent with.
    @inlinable public var linkedOrderIds: [ClientOrderId] { storage.fields.linkedOrderIds }
    /// The parent (OTO) order, for a child order.
    @inlinable public var parentOrderId: ClientOrderId? { storage.fields.parentOrderId }
    /// The execution algorithm the order is routed through.
    @inlinable public var execAlgorithmId: ExecAlgorithmId? { storage.fields.extras?.execAlgorithmId }
    /// The primary order an execution algorithm spawned this one from.
    @inlinable public var execSpawnId: ClientOrderId? { storage.fields.extras?.execSpawnId }
    /// Free-form labels.
    @inlinable public var tags: [String] { storage.fields.tags }
    /// True if the event was generated by reconciliation with the venue.
    @inlinable public var reconciliation: Bool { storage.fields.reconciliation }
    /// The event's unique id.
    @inlinable public var eventId: UUID4 { storage.fields.eventId }
    /// When the order was created.
    @inlinable public var tsEvent: UnixNanos { storage.fields.tsEvent }
    /// When Keel created the event.
    @inlinable public var tsInit: UnixNanos { storage.fields.tsInit }

    /// Creates the event; the parameters are checked when an `Order` is built from it.
    public init(
        traderId: TraderId, strategyId: StrategyId, instrumentId: InstrumentId, clientOrderId: ClientOrderId,
        orderSide: OrderSide, orderType: OrderType, quantity: Quantity, timeInForce: TimeInForce = .gtc,
        price: Price? = nil, triggerPrice: Price? = nil, triggerType: TriggerType? = nil,
        limitOffset: Price? = nil, trailingOffset: Price? = nil, trailingOffsetType: TrailingOffsetType = .noTrailingOffset,
        expireTime: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        displayQuantity: Quantity? = nil, emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        contingencyType: ContingencyType = .noContingency, orderListId: OrderListId? = nil,
        linkedOrderIds: [ClientOrderId] = [], parentOrderId: ClientOrderId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, execSpawnId: ClientOrderId? = nil, tags: [String] = [],
        reconciliation: Bool = false, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        self.init(
            scope: Scope(traderId: traderId, strategyId: strategyId, instrumentId: instrumentId),
            clientOrderId: clientOrderId, orderSide: orderSide, orderType: orderType, quantity: quantity,
            timeInForce: timeInForce, price: price, triggerPrice: triggerPrice, triggerType: triggerType,
            limitOffset: limitOffset, trailingOffset: trailingOffset, trailingOffsetType: trailingOffsetType,
            expireTime: expireTime, postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
            displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
            triggerInstrumentId: triggerInstrumentId, contingencyType: contingencyType, orderListId: orderListId,
            linkedOrderIds: linkedOrderIds, parentOrderId: parentOrderId, execAlgorithmId: execAlgorithmId,
            execSpawnId: execSpawnId, tags: tags, reconciliation: reconciliation, eventId: eventId, tsEvent: tsEvent,
            tsInit: tsInit)
    }

    /// The public initialiser with the trader, strategy and instrument given as a `Scope` (shared by an order
    /// factory's orders).
    init(
        scope: Scope, clientOrderId: ClientOrderId,
        orderSide: OrderSide, orderType: OrderType, quantity: Quantity, timeInForce: TimeInForce = .gtc,
        price: Price? = nil, triggerPrice: Price? = nil, triggerType: TriggerType? = nil,
        limitOffset: Price? = nil, trailingOffset: Price? = nil, trailingOffsetType: TrailingOffsetType = .noTrailingOffset,
        expireTime: UnixNanos? = nil, postOnly: Bool = false, reduceOnly: Bool = false, quoteQuantity: Bool = false,
        displayQuantity: Quantity? = nil, emulationTrigger: TriggerType? = nil, triggerInstrumentId: InstrumentId? = nil,
        contingencyType: ContingencyType = .noContingency, orderListId: OrderListId? = nil,
        linkedOrderIds: [ClientOrderId] = [], parentOrderId: ClientOrderId? = nil,
        execAlgorithmId: ExecAlgorithmId? = nil, execSpawnId: ClientOrderId? = nil, tags: [String] = [],
        reconciliation: Bool = false, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        storage = Storage(
            Fields(
                scope: scope, clientOrderId: clientOrderId,
                orderSide: orderSide, orderType: orderType, quantity: quantity, timeInForce: timeInForce, price: price,
                triggerPrice: triggerPrice, triggerType: triggerType, limitOffset: limitOffset,
                trailingOffset: trailingOffset, trailingOffsetType: trailingOffsetType, expireTime: expireTime,
                postOnly: postOnly, reduceOnly: reduceOnly, quoteQuantity: quoteQuantity,
                displayQuantity: displayQuantity, emulationTrigger: emulationTrigger,
                extras: Extras.make(triggerInstrumentId, execAlgorithmId, execSpawnId), contingencyType: contingencyType,
                orderListId: orderListId, linkedOrderIds: linkedOrderIds, parentOrderId: parentOrderId, tags: tags,
                reconciliation: reconciliation, eventId: eventId, tsEvent: tsEvent, tsInit: tsInit))
    }

    /// True if the two events have equal parameters, ids and timestamps.
    public static func == (lhs: OrderInitialized, rhs: OrderInitialized) -> Bool {
        lhs.storage === rhs.storage || lhs.storage.fields == rhs.storage.fields
    }

    /// Hashes every field.
    public func hash(into hasher: inout Hasher) { hasher.combine(storage.fields) }
}
