// OrderBookDelta: one change to an order book (add, update, delete an order or level; clear the book).
//
// Design decisions:
// - A flat value (about 130 bytes, no references) so that a decoder can produce millions per second
//   without allocating, and a book can apply it without retain/release traffic.
// - `flags` is the raw Databento flags byte; `recordFlags` names its known bits (`RecordFlags`).
// - Validated constructors come in pairs (STYLE "Errors"). Swift cannot overload an initialiser on
//   `throws` alone, so the trapping twin is the initialiser (values the code already knows are valid:
//   tests, fixtures, code that just built them) and the throwing one is `OrderBookDelta.validated(...)`
//   (decoders and adapters: external input).
// - Rules: an ADD has a BUY or SELL side and a positive size. An UPDATE or DELETE may have no side
//   (Databento sends fills with side 'N'); an L3 book resolves it from its order index, an L1/L2
//   book rejects it. An UPDATE to size zero removes the order (NautilusTrader's rule). A CLEAR
//   ignores its order (use `OrderBookDelta.clear(...)`, which carries `BookOrder.empty`).
//
// Databento MBO → delta (NautilusTrader's loader, which produced the S3 reference numbers):
// 'A' → ADD, 'C' → DELETE (the whole order, even when the cancel's size is smaller than the order's;
// Databento itself means "subtract this size"), 'M' and 'F' → UPDATE (the F record's size — the fill
// size — becomes the order's size), 'R' → CLEAR, 'T' → not a delta (a trade).

public import KeelCore

/// One change to an order book: add, update or delete an order (L3) or a price level (L1, L2), or
/// clear the book.
@frozen
public struct OrderBookDelta: TimestampedData, Hashable, CustomStringConvertible {
    /// The instrument whose book changes.
    public let instrumentId: InstrumentId
    /// What the change does.
    public let action: BookAction
    /// The side of the order (or level) the change applies to.
    public let side: OrderSide
    /// The raw record flags byte (see `RecordFlags`).
    public let flags: UInt8
    /// The precisions of the order's price and size.
    public let pricePrecision: UInt8
    public let sizePrecision: UInt8
    /// The raw price and size of the order (see `Price.raw`, `Quantity.raw`), and its id.
    public let priceRaw: Int64
    public let sizeRaw: Int64
    public let orderId: UInt64
    /// The venue's sequence number of the change.
    public let sequence: UInt64
    /// When the change happened at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created this value.
    public let tsInit: UnixNanos

    /// Creates a delta from values known to be valid; traps if they break a rule of the type.
    ///
    /// Traps if an ADD has no side or a zero size. Use `validated(...)` for external input.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument whose book changes.
    ///   - action: What the change does.
    ///   - order: The order or level the change applies to (ignored by a CLEAR).
    ///   - flags: The raw record flags byte.
    ///   - sequence: The venue's sequence number.
    ///   - tsEvent: When the change happened at the venue.
    ///   - tsInit: When Keel created this value.
    @inlinable
    public init(
        instrumentId: InstrumentId, action: BookAction, order: BookOrder, flags: UInt8 = 0, sequence: UInt64 = 0,
        tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        if action == .add {
            precondition(
                order.side != .noOrderSide, "Invariant: an ADD delta has a BUY or SELL side (order id \(order.orderId))"
            )
            precondition(
                order.size.isPositive, "Invariant: an ADD delta has a positive size (order id \(order.orderId))")
        }
        self.instrumentId = instrumentId
        self.action = action
        self.side = order.side
        self.flags = flags
        self.pricePrecision = order.price.precision
        self.sizePrecision = order.size.precision
        self.priceRaw = order.price.raw
        self.sizeRaw = order.size.raw
        self.orderId = order.orderId
        self.sequence = sequence
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// The order (L3) or level (L1, L2) the change applies to; ignored by a CLEAR.
    @inlinable public var order: BookOrder {
        BookOrder(
            side: side, price: Price(uncheckedRaw: priceRaw, precision: pricePrecision),
            size: Quantity(uncheckedRaw: sizeRaw, precision: sizePrecision), orderId: orderId)
    }

    /// Creates a delta from external input, checking the rules of the type.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument whose book changes.
    ///   - action: What the change does.
    ///   - order: The order or level the change applies to (ignored by a CLEAR).
    ///   - flags: The raw record flags byte.
    ///   - sequence: The venue's sequence number.
    ///   - tsEvent: When the change happened at the venue.
    ///   - tsInit: When Keel created this value.
    /// - Throws: `ValidationError` naming the order id and sequence if an ADD has no side or a zero size.
    @inlinable
    public static func validated(
        instrumentId: InstrumentId, action: BookAction, order: BookOrder, flags: UInt8 = 0, sequence: UInt64 = 0,
        tsEvent: UnixNanos, tsInit: UnixNanos
    ) throws(ValidationError) -> OrderBookDelta {
        if action == .add {
            guard order.side != .noOrderSide else {
                throw ValidationError(
                    field: "OrderBookDelta.order.side",
                    reason: "an ADD needs a BUY or SELL side (order id \(order.orderId), sequence \(sequence))")
            }
            guard order.size.isPositive else {
                throw ValidationError(
                    field: "OrderBookDelta.order.size",
                    reason: "an ADD needs a positive size (order id \(order.orderId), sequence \(sequence))")
            }
        }
        return OrderBookDelta(
            instrumentId: instrumentId, action: action, order: order, flags: flags, sequence: sequence,
            tsEvent: tsEvent, tsInit: tsInit)
    }

    /// Creates a CLEAR delta, which empties the book.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument whose book is cleared.
    ///   - flags: The raw record flags byte.
    ///   - sequence: The venue's sequence number.
    ///   - tsEvent: When the clear happened at the venue.
    ///   - tsInit: When Keel created this value.
    public static func clear(
        instrumentId: InstrumentId, flags: UInt8 = 0, sequence: UInt64 = 0, tsEvent: UnixNanos, tsInit: UnixNanos
    ) -> OrderBookDelta {
        OrderBookDelta(
            instrumentId: instrumentId, action: .clear, order: .empty, flags: flags, sequence: sequence,
            tsEvent: tsEvent, tsInit: tsInit)
    }

    /// The known bits of `flags`.
    @inlinable
    public var recordFlags: RecordFlags { RecordFlags(rawValue: flags) }

    /// True if `F_LAST` is set: the last delta of an event batch.
    @inlinable
    public var isLast: Bool { flags & RecordFlags.last.rawValue != 0 }

    /// The delta as `OrderBookDelta(ESH4.GLBX ADD BookOrder(...), flags 0x80, sequence 7)`.
    public var description: String {
        "OrderBookDelta(\(instrumentId) \(action) \(order), flags 0x\(String(flags, radix: 16)), sequence \(sequence), tsEvent \(tsEvent.rawValue))"
    }
}
