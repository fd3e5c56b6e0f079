public import KeelCore

/// An option on a crypto asset (`BTC-29MAR24-70000-C.DERIBIT`), often inverse (premium in the underlying).
@frozen
public struct CryptoOption: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// Call or put.
    public let optionKind: OptionKind
    /// The strike price, in the quote currency.
    public let strikePrice: Price
    /// When the option starts trading.
    public let activation: UnixNanos
    /// When the option expires.
    public let expiration: UnixNanos

    /// The underlying asset (the base currency).
    public var underlying: Currency { spec.baseCurrency! }

    /// Creates a crypto option, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`CryptoOption.strikePrice`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        underlying: Currency,
        quoteCurrency: Currency,
        settlementCurrency: Currency,
        isInverse: Bool,
        optionKind: OptionKind,
        strikePrice: Price,
        activation: UnixNanos,
        expiration: UnixNanos,
        pricePrecision: UInt8,
        priceIncrement: Price,
        sizePrecision: UInt8,
        sizeIncrement: Quantity,
        multiplier: Quantity = Quantity(units: 1),
        lotSize: Quantity? = nil,
        limits: InstrumentLimits = .none,
        marginsAndFees: MarginsAndFees = .zero,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        let kind = "CryptoOption"
        guard strikePrice.isPositive else {
            throw ValidationError(field: "\(kind).strikePrice", reason: "\(strikePrice) is not positive")
        }
        try validateLifetime(kind: kind, activation: activation, expiration: expiration)
        self.optionKind = optionKind
        self.strikePrice = strikePrice
        self.activation = activation
        self.expiration = expiration
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: .cryptocurrency, instrumentClass: .option,
            baseCurrency: underlying, quoteCurrency: quoteCurrency, settlementCurrency: settlementCurrency,
            isInverse: isInverse, pricePrecision: pricePrecision, priceIncrement: priceIncrement,
            sizePrecision: sizePrecision, sizeIncrement: sizeIncrement, multiplier: multiplier, lotSize: lotSize,
            limits: limits, marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
