public import KeelCore

/// An exchange-defined spread of futures contracts (a calendar spread such as `ESM4-ESU4`).
///
/// Spread prices may be negative.
@frozen
public struct FuturesSpread: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// The exchange's market identifier, if known.
    public let exchange: InlineText?
    /// The underlying's name (e.g. `ES`).
    public let underlying: InlineText
    /// The exchange's name for the spread strategy (e.g. `EQ` for a calendar spread).
    public let strategyType: InlineText
    /// When the spread starts trading.
    public let activation: UnixNanos
    /// When the spread expires.
    public let expiration: UnixNanos

    /// Creates a futures spread, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`FuturesSpread.strategyType`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        assetClass: AssetClass,
        exchange: String? = nil,
        underlying: String,
        strategyType: String,
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
        let kind = "FuturesSpread"
        self.exchange = try exchange.map { text throws(ValidationError) in try inlineField(text, kind: kind, field: "exchange") }
        self.underlying = try inlineField(underlying, kind: kind, field: "underlying")
        self.strategyType = try inlineField(strategyType, kind: kind, field: "strategyType")
        try validateLifetime(kind: kind, activation: activation, expiration: expiration)
        self.activation = activation
        self.expiration = expiration
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: assetClass, instrumentClass: .futuresSpread,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: 0,
            sizeIncrement: Quantity(units: 1), multiplier: multiplier, lotSize: lotSize, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
