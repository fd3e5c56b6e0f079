// Instrument fixtures for tests, built through the production initialisers.
//
// Values follow NautilusTrader's `TestInstrumentProvider` where it has the instrument
// (`default_fx_ccy`, `xbtusd_bitmex`, `btcusdt_perp_binance`); `esh4Glbx` follows the CME contract specs.

import KeelCore
public import KeelModel

/// Instruments for tests.
public enum TestInstruments {
    /// A default FX pair at the simulated venue, as NautilusTrader's `default_fx_ccy`: price precision 5
    /// (3 for JPY quotes), whole units, lot 1,000, quantity 1,000 to 10,000,000, notional 1,000 to
    /// 50,000,000 in the quote currency, margins 3 %, fees 0.002 %.
    public static func defaultFX(base: Currency, quote: Currency, venue: Venue = Venue("SIM")) -> CurrencyPair {
        let symbol = Symbol("\(base.code)/\(quote.code)")
        let pricePrecision: UInt8 = quote == .jpy ? 3 : 5
        return requireValid {
            try CurrencyPair(
                id: InstrumentId(symbol: symbol, venue: venue),
                rawSymbol: symbol,
                baseCurrency: base,
                quoteCurrency: quote,
                pricePrecision: pricePrecision,
                priceIncrement: Price(raw: FixedPoint.rawStep(precision: pricePrecision), precision: pricePrecision),
                sizePrecision: 0,
                sizeIncrement: Quantity(units: 1),
                lotSize: Quantity(units: 1_000),
                limits: InstrumentLimits(
                    minQuantity: Quantity(units: 1_000),
                    maxQuantity: Quantity(units: 10_000_000),
                    minNotional: Money(raw: 1_000 * Int128(FixedPoint.scale), currency: quote),
                    maxNotional: Money(raw: 50_000_000 * Int128(FixedPoint.scale), currency: quote)),
                marginsAndFees: MarginsAndFees(
                    marginInit: Rate(raw: 30_000_000), marginMaint: Rate(raw: 30_000_000),
                    makerFee: Rate(raw: 20_000), takerFee: Rate(raw: 20_000)),
                tsEvent: .zero,
                tsInit: .zero)
        }
    }

    /// `GBP/USD.SIM`, NautilusTrader's `default_fx_ccy("GBP/USD")`.
    public static let gbpusdSim = defaultFX(base: .gbp, quote: .usd)

    /// `EUR/USD.SIM`, NautilusTrader's `default_fx_ccy("EUR/USD")`.
    public static let eurusdSim = defaultFX(base: .eur, quote: .usd)

    /// `USD/JPY.SIM` (price precision 3).
    public static let usdjpySim = defaultFX(base: .usd, quote: .jpy)

    /// The CME E-mini S&P 500 March 2024 future, `ESH4.GLBX`: tick 0.25, multiplier 50, whole contracts,
    /// expiring 2024-03-15 14:30 UTC; no margins or fees. Activation is set one year before expiry.
    public static let esh4Glbx: FuturesContract = requireValid {
        try FuturesContract(
            id: InstrumentId("ESH4.GLBX"),
            rawSymbol: Symbol("ESH4"),
            assetClass: .index,
            exchange: "XCME",
            underlying: "ES",
            activation: UnixNanos(seconds: 1_678_887_000),  // 2023-03-15T13:30:00Z
            expiration: UnixNanos(seconds: 1_710_513_000),  // 2024-03-15T14:30:00Z
            currency: .usd,
            pricePrecision: 2,
            priceIncrement: Price(raw: 250_000_000, precision: 2),
            multiplier: Quantity(units: 50),
            lotSize: Quantity(units: 1),
            tsEvent: .zero,
            tsInit: .zero)
    }

    /// Binance's USDT-margined BTC perpetual, `BTCUSDT-PERP.BINANCE` (raw symbol `BTCUSDT`), as
    /// NautilusTrader's `btcusdt_perp_binance`: tick 0.1, size 0.001, linear, settles in USDT.
    public static let btcusdtBinance: CryptoPerpetual = requireValid {
        try CryptoPerpetual(
            id: InstrumentId("BTCUSDT-PERP.BINANCE"),
            rawSymbol: Symbol("BTCUSDT"),
            baseCurrency: .btc,
            quoteCurrency: .usdt,
            settlementCurrency: .usdt,
            isInverse: false,
            pricePrecision: 1,
            priceIncrement: Price(raw: 100_000_000, precision: 1),
            sizePrecision: 3,
            sizeIncrement: Quantity(raw: 1_000_000, precision: 3),
            limits: InstrumentLimits(
                minQuantity: Quantity(raw: 1_000_000, precision: 3),
                maxQuantity: Quantity(raw: 1_000 * FixedPoint.scale, precision: 3),
                minNotional: Money(raw: 10 * Int128(FixedPoint.scale), currency: .usdt),
                minPrice: Price(raw: 261_100_000_000, precision: 1),
                maxPrice: Price(raw: 809_484 * FixedPoint.scale, precision: 1)),
            marginsAndFees: MarginsAndFees(
                marginInit: Rate(raw: 50_000_000), marginMaint: Rate(raw: 25_000_000),
                makerFee: Rate(raw: 200_000), takerFee: Rate(raw: 180_000)),
            tsEvent: .zero,
            tsInit: .zero)
    }

    /// BitMEX's inverse BTC perpetual, `BTC/USD.BITMEX` (raw symbol `XBTUSD`), as NautilusTrader's
    /// `xbtusd_bitmex`: one contract is 1 USD, margined and settled in BTC, tick 0.5.
    public static let xbtusdBitmex: CryptoPerpetual = requireValid {
        try CryptoPerpetual(
            id: InstrumentId("BTC/USD.BITMEX"),
            rawSymbol: Symbol("XBTUSD"),
            baseCurrency: .btc,
            quoteCurrency: .usd,
            settlementCurrency: .btc,
            isInverse: true,
            pricePrecision: 1,
            priceIncrement: Price(raw: 500_000_000, precision: 1),
            sizePrecision: 0,
            sizeIncrement: Quantity(units: 1),
            limits: InstrumentLimits(
                minNotional: Money(raw: Int128(FixedPoint.scale), currency: .usd),
                maxNotional: Money(raw: 10_000_000 * Int128(FixedPoint.scale), currency: .usd),
                minPrice: Price(raw: 500_000_000, precision: 1),
                maxPrice: Price(raw: 1_000_000 * FixedPoint.scale, precision: 1)),
            marginsAndFees: MarginsAndFees(
                marginInit: Rate(raw: 10_000_000), marginMaint: Rate(raw: 3_500_000),
                makerFee: Rate(raw: -250_000), takerFee: Rate(raw: 750_000)),
            tsEvent: .zero,
            tsInit: .zero)
    }
}
