// Bar: an OHLCV bar.
//
// Invariants (as NautilusTrader's `Bar::new_checked`): high ≥ open, high ≥ close, high ≥ low, low ≤ open,
// low ≤ close; the four prices at one precision. Volume is a `Quantity`, so it is never negative. A plain
// value without heap storage: the bar type is inline.

public import KeelCore

/// Open, high, low, close and volume of one interval of a bar type.
@frozen
public struct Bar: TimestampedData, Hashable {
    /// What the bar aggregates.
    public let barType: BarType
    /// The first price of the interval.
    public let open: Price
    /// The highest price of the interval.
    public let high: Price
    /// The lowest price of the interval.
    public let low: Price
    /// The last price of the interval.
    public let close: Price
    /// The volume traded (or quoted) in the interval.
    public let volume: Quantity
    /// When the bar closed.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a bar from values known to be consistent; traps if the prices differ in precision or the
    /// high and low do not bound the open and close.
    @inlinable
    public init(
        barType: BarType,
        open: Price,
        high: Price,
        low: Price,
        close: Price,
        volume: Quantity,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        precondition(
            open.precision == high.precision && open.precision == low.precision && open.precision == close.precision,
            "Invariant: a bar's prices have one precision")
        precondition(high >= open && high >= close && high >= low, "Invariant: a bar's high is its highest price")
        precondition(low <= open && low <= close, "Invariant: a bar's low is its lowest price")
        self.barType = barType
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// Creates a bar from external input, checking its invariants.
    ///
    /// - Throws: `ValidationError` naming the field that breaks a rule: `Bar.high`, `Bar.low` or
    ///   `Bar.close` for a precision different from the open's; `Bar.high` if it is below the open, the
    ///   close or the low; `Bar.low` if it is above the open or the close.
    public init(
        validating barType: BarType,
        open: Price,
        high: Price,
        low: Price,
        close: Price,
        volume: Quantity,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        // Explicit checks, not a loop over an array: loaders call this once per row.
        func precision(_ name: String, _ price: Price) throws(ValidationError) {
            guard price.precision == open.precision else {
                throw ValidationError(field: "Bar.\(name)", reason: "precision \(price.precision) differs from open's \(open.precision)")
            }
        }
        func highAbove(_ name: String, _ price: Price) throws(ValidationError) {
            guard high >= price else { throw ValidationError(field: "Bar.high", reason: "\(high) is below the \(name) \(price)") }
        }
        func lowBelow(_ name: String, _ price: Price) throws(ValidationError) {
            guard low <= price else { throw ValidationError(field: "Bar.low", reason: "\(low) is above the \(name) \(price)") }
        }
        try precision("high", high)
        try precision("low", low)
        try precision("close", close)
        try highAbove("open", open)
        try highAbove("close", close)
        try highAbove("low", low)
        try lowBelow("open", open)
        try lowBelow("close", close)
        self.init(
            barType: barType, open: open, high: high, low: low, close: close, volume: volume, tsEvent: tsEvent,
            tsInit: tsInit)
    }

    /// The instrument of the bar.
    @inlinable public var instrumentId: InstrumentId { barType.instrumentId }
}

extension Bar: CustomStringConvertible {
    /// `BAR_TYPE,open,high,low,close,volume,tsEvent`, as NautilusTrader prints bars.
    public var description: String {
        "\(barType),\(open),\(high),\(low),\(close),\(volume),\(tsEvent.rawValue)"
    }
}
