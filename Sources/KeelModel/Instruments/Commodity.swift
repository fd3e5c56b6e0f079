public import KeelCore

/// A spot commodity (`XAU/USD.SIM` as metal, `CL.SPOT`).
@frozen
public struct Commodity: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec

    /// Creates a spot commodity, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`Commodity.priceIncrement`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
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
            kind: "Commodity", id: id, rawSymbol: rawSymbol, assetClass: .commodity, instrumentClass: .spot,
            baseCurrency: nil, quoteCurrency: quoteCurrency, settlementCurrency: quoteCurrency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: sizePrecision,
            sizeIncrement: sizeIncrement, multiplier: Quantity(units: 1), lotSize: lotSize, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
