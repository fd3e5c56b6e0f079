public import KeelCore

/// A listed option on a future, an equity or an index (`ESM4 P4800.GLBX`).
@frozen
public struct OptionContract: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// The exchange's market identifier, if known.
    public let exchange: InlineText?
    /// The underlying's name (e.g. `ES`, `AAPL`).
    public let underlying: InlineText
    /// Call or put.
    public let optionKind: OptionKind
    /// The strike price.
    public let strikePrice: Price
    /// When the option starts trading.
    public let activation: UnixNanos
    /// When the option expires.
    public let expiration: UnixNanos

    /// Creates an option contract, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`OptionContract.strikePrice`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        assetClass: AssetClass,
        exchange: String? = nil,
        underlying: String,
        optionKind: OptionKind,
        strikePrice: Price,
        activation: UnixNanos,
        expiration: UnixNanos,
        currency: Currency,
        pricePrecision: UInt8,
        priceIncrement: Price,
        multiplier: Quantity,
        lotSize: Quantity? = nil,
        limits: InstrumentLimits = .none,
        marginsAndFees: MarginsAndFees = .zero,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        let kind = "OptionContract"
        self.exchange = try exchange.map { text throws(ValidationError) in try inlineField(text, kind: kind, field: "exchange") }
        self.underlying = try inlineField(underlying, kind: kind, field: "underlying")
        guard strikePrice.isPositive else {
            throw ValidationError(field: "\(kind).strikePrice", reason: "\(strikePrice) is not positive")
        }
        try validateLifetime(kind: kind, activation: activation, expiration: expiration)
        self.optionKind = optionKind
        self.strikePrice = strikePrice
        self.activation = activation
        self.expiration = expiration
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: assetClass, instrumentClass: .option,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: 0,
            sizeIncrement: Quantity(units: 1), multiplier: multiplier, lotSize: lotSize, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
