public import KeelCore

/// A market index (`SPX.XCBO`): quoted for reference and as an underlying, not traded itself.
@frozen
public struct IndexInstrument: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec

    /// Creates an index, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`IndexInstrument.priceIncrement`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        currency: Currency,
        pricePrecision: UInt8,
        priceIncrement: Price,
        sizePrecision: UInt8,
        sizeIncrement: Quantity,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        spec = try InstrumentSpec(
            kind: "IndexInstrument", id: id, rawSymbol: rawSymbol, assetClass: .index, instrumentClass: .spot,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: sizePrecision,
            sizeIncrement: sizeIncrement, multiplier: Quantity(units: 1), lotSize: nil, limits: .none,
            marginsAndFees: .zero, tsEvent: tsEvent, tsInit: tsInit)
    }
}
