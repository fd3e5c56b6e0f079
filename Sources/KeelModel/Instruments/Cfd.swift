public import KeelCore

/// A contract for difference on any asset class (`XAUUSD.OANDA`, `US500.IG`).
@frozen
public struct Cfd: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec

    /// Creates a CFD, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`Cfd.sizeIncrement`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        assetClass: AssetClass,
        baseCurrency: Currency? = nil,
        quoteCurrency: Currency,
        pricePrecision: UInt8,
        priceIncrement: Price,
        sizePrecision: UInt8,
        sizeIncrement: Quantity,
        lotSize: Quantity? = nil,
        limits: InstrumentLimits = .none,
        marginsAndFees: MarginsAndFees = .zero,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        spec = try InstrumentSpec(
            kind: "Cfd", id: id, rawSymbol: rawSymbol, assetClass: assetClass, instrumentClass: .cfd,
            baseCurrency: baseCurrency, quoteCurrency: quoteCurrency, settlementCurrency: quoteCurrency,
            isInverse: false, pricePrecision: pricePrecision, priceIncrement: priceIncrement,
            sizePrecision: sizePrecision, sizeIncrement: sizeIncrement, multiplier: Quantity(units: 1),
            lotSize: lotSize, limits: limits, marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
