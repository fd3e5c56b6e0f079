public import KeelCore

/// A share of a company (`AAPL.XNAS`): whole shares (size precision 0), multiplier 1.
@frozen
public struct Equity: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// The International Securities Identification Number, if known.
    public let isin: InlineText?

    /// Creates an equity, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`Equity.priceIncrement`, `Equity.isin`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        isin: String? = nil,
        currency: Currency,
        pricePrecision: UInt8,
        priceIncrement: Price,
        lotSize: Quantity? = nil,
        limits: InstrumentLimits = .none,
        marginsAndFees: MarginsAndFees = .zero,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        self.isin = try isin.map { text throws(ValidationError) in try inlineField(text, kind: "Equity", field: "isin") }
        spec = try InstrumentSpec(
            kind: "Equity", id: id, rawSymbol: rawSymbol, assetClass: .equity, instrumentClass: .spot,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: 0,
            sizeIncrement: Quantity(units: 1), multiplier: Quantity(units: 1), lotSize: lotSize, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
