public import KeelCore

/// A deliverable or cash-settled futures contract (`ESH4.GLBX`): whole contracts, a multiplier, an
/// activation and an expiration.
@frozen
public struct FuturesContract: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// The exchange's market identifier (e.g. `XCME`), if known.
    public let exchange: InlineText?
    /// The underlying's name (e.g. `ES`).
    public let underlying: InlineText
    /// When the contract starts trading.
    public let activation: UnixNanos
    /// When the contract expires.
    public let expiration: UnixNanos

    /// Creates a futures contract, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`FuturesContract.expiration`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        assetClass: AssetClass,
        exchange: String? = nil,
        underlying: String,
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
        let kind = "FuturesContract"
        self.exchange = try exchange.map { text throws(ValidationError) in try inlineField(text, kind: kind, field: "exchange") }
        self.underlying = try inlineField(underlying, kind: kind, field: "underlying")
        try validateLifetime(kind: kind, activation: activation, expiration: expiration)
        self.activation = activation
        self.expiration = expiration
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: assetClass, instrumentClass: .future,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: 0,
            sizeIncrement: Quantity(units: 1), multiplier: multiplier, lotSize: lotSize, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
