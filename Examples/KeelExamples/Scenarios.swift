// The reference scenarios (../shared/SCENARIOS.md) as ready-to-run backtests.

public import KeelBacktest
import KeelCore
public import KeelModel
import KeelPersistence
import KeelRisk
import KeelSystem
public import Logging

/// Builds the backtests of the reference scenarios.
public enum Scenarios {
    /// NautilusTrader's `TestInstrumentProvider.default_fx_ccy(symbol, SIM)`: price precision 5, size
    /// precision 0, lot 1,000, quantity 1,000…10,000,000, notional 1,000…50,000,000, margins 3%, fees 0.002%.
    public static func defaultFX(base: Currency, quote: Currency, venue: Venue = Venue("SIM")) throws -> CurrencyPair {
        let symbol = "\(base.code)/\(quote.code)"
        let pricePrecision: UInt8 = quote == .jpy ? 3 : 5
        return try CurrencyPair(
            id: InstrumentId(symbol: Symbol(symbol), venue: venue), rawSymbol: Symbol(symbol), baseCurrency: base,
            quoteCurrency: quote, pricePrecision: pricePrecision,
            priceIncrement: Price(raw: FixedPoint.rawStep(precision: pricePrecision), precision: pricePrecision),
            sizePrecision: 0, sizeIncrement: Quantity(units: 1), lotSize: Quantity(units: 1_000),
            limits: InstrumentLimits(
                minQuantity: Quantity(units: 1_000), maxQuantity: Quantity(units: 10_000_000),
                minNotional: try Money("1000", quote), maxNotional: try Money("50000000", quote)),
            marginsAndFees: MarginsAndFees(
                marginInit: try Rate("0.03"), marginMaint: try Rate("0.03"), makerFee: try Rate("0.00002"),
                takerFee: try Rate("0.00002")),
            tsEvent: .zero, tsInit: .zero)
    }

    /// S1: `EMACrossBracket` on FXCM GBP/USD 1-minute BID and ASK bars of February 2012, HEDGING margin
    /// account of 100,000 USD, leverage 10, bar execution, risk checks bypassed (RESULTS.md, "S1 bars").
    ///
    /// - Parameter bidPath/askPath: the FXCM CSV files (`gbpusd-m1-bid-2012.csv`, `-ask-`).
    public static func s1(bidPath: String, askPath: String, logger: Logger = Logger(label: "keel.s1")) throws -> BacktestEngine {
        var config = BacktestEngineConfig()
        config.kernel.riskEngine.bypass = true
        let engine = BacktestEngine(config: config, logger: logger)
        let venue = Venue("SIM")
        try engine.addVenue(SimulatedVenueConfig(
            venue: venue, omsType: .hedging, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("100000.00", .usd)], defaultLeverage: 10, barExecution: true))
        let gbpusd = try defaultFX(base: .gbp, quote: .usd)
        try engine.addInstrument(.currencyPair(gbpusd))
        let bidType = BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")
        let askType = BarType("GBP/USD.SIM-1-MINUTE-ASK-EXTERNAL")
        let (bids, _) = try CSVLoader.loadBars(path: bidPath, layout: .fxcm(barType: bidType))
        let (asks, _) = try CSVLoader.loadBars(path: askPath, layout: .fxcm(barType: askType))
        try engine.addData(bids.map(MarketData.bar), name: bidPath)
        try engine.addData(asks.map(MarketData.bar), name: askPath)
        engine.addStrategy(EMACrossBracket(EMACrossBracketConfig(instrumentId: gbpusd.spec.id, barType: bidType, tradeSize: Quantity(units: 1_000))))
        return engine
    }
}
