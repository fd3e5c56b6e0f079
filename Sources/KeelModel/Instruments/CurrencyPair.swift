public import KeelCore

/// A spot currency pair, fiat (`GBP/USD.SIM`) or crypto (`BTCUSDT.BINANCE`).
///
/// Settles in its quote currency; the multiplier is 1. The asset class is `cryptocurrency` if either
/// currency is a crypto currency, `fx` otherwise.
@frozen
public struct CurrencyPair: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec

    /// Creates a currency pair, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`CurrencyPair.priceIncrement`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        baseCurrency: Currency,
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
        let crypto = baseCurrency.currencyType == .crypto || quoteCurrency.currencyType == .crypto
        spec = try InstrumentSpec(
            kind: "CurrencyPair", id: id, rawSymbol: rawSymbol, assetClass: crypto ? .cryptocurrency : .fx,
            instrumentClass: .spot, baseCurrency: baseCurrency, quoteCurrency: quoteCurrency,
            settlementCurrency: quoteCurrency, isInverse: false, pricePrecision: pricePrecision,
            priceIncrement: priceIncrement, sizePrecision: sizePrecision, sizeIncrement: sizeIncrement,
            multiplier: Quantity(units: 1), lotSize: lotSize, limits: limits, marginsAndFees: marginsAndFees,
            tsEvent: tsEvent, tsInit: tsInit)
    }
}
