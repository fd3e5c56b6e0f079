// QuoteTick: the top of book at one instant.
//
// Design decisions:
// - A plain value with no heap storage (`InstrumentId` is inline text), so a stream of quotes is copied
//   and stored without reference counting.
// - 120 bytes: the id (65), the two precisions (one per pair, as the invariants below require), four raw
//   integers and two timestamps; the prices and sizes are rebuilt when read. As four `Price`/`Quantity`
//   fields (16 bytes each, padded) a quote took 152 bytes, and Swift copies a value over 128 bytes (a
//   memcpy) each time one is passed on from an array or to a closure: five to six times per quote on a
//   backtest's path, ~180 instructions.
// - A crossed or locked quote (bid ≥ ask) is valid: venues and vendors publish them (FXCM bars have
//   bid > ask in hundreds of bars), and rejecting them would drop real data. `isCrossed` reports it.
// - Invariants: bid and ask at one precision, bid and ask sizes at one precision. The throwing
//   initialiser is for external input; the trapping one for values the code built itself.

public import KeelCore

/// The best bid and ask of an instrument, with their sizes.
@frozen
public struct QuoteTick: TimestampedData, Hashable {
    /// The instrument quoted.
    public let instrumentId: InstrumentId
    /// The precision of the bid and ask prices.
    public let pricePrecision: UInt8
    /// The precision of the bid and ask sizes.
    public let sizePrecision: UInt8
    /// The raw values of the bid, ask and their sizes (see `Price.raw`, `Quantity.raw`).
    public let bidRaw: Int64
    public let askRaw: Int64
    public let bidSizeRaw: Int64
    public let askSizeRaw: Int64
    /// When the quote was published at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a quote from values known to be consistent; traps if the bid and ask (or their sizes)
    /// differ in precision.
    @inlinable
    public init(
        instrumentId: InstrumentId,
        bidPrice: Price,
        askPrice: Price,
        bidSize: Quantity,
        askSize: Quantity,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        precondition(bidPrice.precision == askPrice.precision, "Invariant: a quote's bid and ask have one precision")
        precondition(bidSize.precision == askSize.precision, "Invariant: a quote's bid and ask sizes have one precision")
        self.instrumentId = instrumentId
        self.pricePrecision = bidPrice.precision
        self.sizePrecision = bidSize.precision
        self.bidRaw = bidPrice.raw
        self.askRaw = askPrice.raw
        self.bidSizeRaw = bidSize.raw
        self.askSizeRaw = askSize.raw
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// The best bid price.
    @inlinable public var bidPrice: Price { Price(uncheckedRaw: bidRaw, precision: pricePrecision) }
    /// The best ask price.
    @inlinable public var askPrice: Price { Price(uncheckedRaw: askRaw, precision: pricePrecision) }
    /// The size at the best bid.
    @inlinable public var bidSize: Quantity { Quantity(uncheckedRaw: bidSizeRaw, precision: sizePrecision) }
    /// The size at the best ask.
    @inlinable public var askSize: Quantity { Quantity(uncheckedRaw: askSizeRaw, precision: sizePrecision) }

    /// Creates a quote from external input, checking its invariants.
    ///
    /// - Throws: `ValidationError` naming `QuoteTick.askPrice` or `QuoteTick.askSize` if its precision
    ///   differs from the bid's.
    public init(
        validating instrumentId: InstrumentId,
        bidPrice: Price,
        askPrice: Price,
        bidSize: Quantity,
        askSize: Quantity,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        guard bidPrice.precision == askPrice.precision else {
            throw ValidationError(field: "QuoteTick.askPrice", reason: "precision \(askPrice.precision) differs from bidPrice's \(bidPrice.precision)")
        }
        guard bidSize.precision == askSize.precision else {
            throw ValidationError(field: "QuoteTick.askSize", reason: "precision \(askSize.precision) differs from bidSize's \(bidSize.precision)")
        }
        self.init(
            instrumentId: instrumentId, bidPrice: bidPrice, askPrice: askPrice, bidSize: bidSize, askSize: askSize,
            tsEvent: tsEvent, tsInit: tsInit)
    }

    /// The mid price, exact at one more decimal than the quote (capped at 9).
    @inlinable public var midPrice: Price { Price.midpoint(bidPrice, askPrice) }

    /// The spread, `askPrice - bidPrice` (negative for a crossed quote).
    @inlinable public var spread: Price { askPrice - bidPrice }

    /// True if the bid is above the ask (real in vendor data; see the file header).
    @inlinable public var isCrossed: Bool { bidPrice > askPrice }

    /// The price of `priceType`: bid, ask or mid; traps for `last` and `mark`, which a quote has not.
    @inlinable
    public func price(_ priceType: PriceType) -> Price {
        switch priceType {
        case .bid: bidPrice
        case .ask: askPrice
        case .mid: midPrice
        case .last, .mark: preconditionFailure("Invariant: a quote has bid, ask and mid prices (asked for \(priceType))")
        }
    }

    /// The size of `priceType`: bid, ask, or for mid the average of the two (rounded half away from
    /// zero to the sizes' precision); traps for `last` and `mark`.
    @inlinable
    public func size(_ priceType: PriceType) -> Quantity {
        switch priceType {
        case .bid: bidSize
        case .ask: askSize
        case .mid:
            Quantity(
                raw: FixedPoint.round(
                    raw: Int64((Int128(bidSize.raw) + Int128(askSize.raw)) / 2), toPrecision: bidSize.precision,
                    rule: .toNearestOrAwayFromZero),
                precision: bidSize.precision)
        case .last, .mark: preconditionFailure("Invariant: a quote has bid, ask and mid sizes (asked for \(priceType))")
        }
    }
}

extension QuoteTick: CustomStringConvertible {
    /// `ID,bid,ask,bidSize,askSize,tsEvent`, as NautilusTrader prints quotes.
    public var description: String {
        "\(instrumentId),\(bidPrice),\(askPrice),\(bidSize),\(askSize),\(tsEvent.rawValue)"
    }
}
