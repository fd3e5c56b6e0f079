public import KeelCore

/// A dated futures contract on a crypto asset (`BTCUSDT_240329.BINANCE`), linear or inverse.
///
/// The underlying currency is the base currency.
@frozen
public struct CryptoFuture: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// When the contract starts trading.
    public let activation: UnixNanos
    /// When the contract expires.
    public let expiration: UnixNanos

    /// The underlying asset (the base currency).
    public var underlying: Currency { spec.baseCurrency! }

    /// Creates a crypto future, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`CryptoFuture.expiration`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        underlying: Currency,
        quoteCurrency: Currency,
        settlementCurrency: Currency,
        isInverse: Bool,
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
        let kind = "CryptoFuture"
        try validateLifetime(kind: kind, activation: activation, expiration: expiration)
        self.activation = activation
        self.expiration = expiration
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: .cryptocurrency, instrumentClass: .future,
            baseCurrency: underlying, quoteCurrency: quoteCurrency, settlementCurrency: settlementCurrency,
            isInverse: isInverse, pricePrecision: pricePrecision, priceIncrement: priceIncrement,
            sizePrecision: sizePrecision, sizeIncrement: sizeIncrement, multiplier: multiplier, lotSize: lotSize,
            limits: limits, marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
