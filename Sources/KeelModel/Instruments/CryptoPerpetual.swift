public import KeelCore

/// A perpetual swap on a crypto asset, linear (`BTCUSDT-PERP.BINANCE`, settles in USDT) or inverse
/// (`BTC/USD.BITMEX`, raw symbol `XBTUSD`, settles in BTC).
@frozen
public struct CryptoPerpetual: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec

    /// Creates a crypto perpetual, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`CryptoPerpetual.multiplier`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        baseCurrency: Currency,
        quoteCurrency: Currency,
        settlementCurrency: Currency,
        isInverse: Bool,
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
        spec = try InstrumentSpec(
            kind: "CryptoPerpetual", id: id, rawSymbol: rawSymbol, assetClass: .cryptocurrency,
            instrumentClass: .swap, baseCurrency: baseCurrency, quoteCurrency: quoteCurrency,
            settlementCurrency: settlementCurrency, isInverse: isInverse, pricePrecision: pricePrecision,
            priceIncrement: priceIncrement, sizePrecision: sizePrecision, sizeIncrement: sizeIncrement,
            multiplier: multiplier, lotSize: lotSize, limits: limits, marginsAndFees: marginsAndFees,
            tsEvent: tsEvent, tsInit: tsInit)
    }
}
