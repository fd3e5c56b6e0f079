// The reference scenarios (../shared/SCENARIOS.md) as ready-to-run backtests.

public import KeelBacktest
import KeelCore
import KeelData
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

    /// The two runs of scenario S2 (the reference's `s2_quotes.py strategy|replay`).
    public enum S2Variant: String, Sendable, CaseIterable {
        /// `EMACross` on 100-tick mid bars.
        case strategy
        /// The same engine, venue and data with no strategy.
        case replay
    }

    /// The bar type `EMACross` reads in S2: a bar of mid prices every 100 quotes, built by the data engine.
    public static let s2BarType = BarType("EUR/USD.SIM-100-TICK-MID-INTERNAL")

    /// S2: `EMACross` (MARKET orders, EMA 10/20 on 100-tick mid bars, 1,000,000 EUR) on the 2,004,500
    /// EUR/USD quotes of `S2Stream`, HEDGING margin account of 1,000,000 USD, risk engine on with its
    /// default checks (RESULTS.md, "S2 quotes").
    ///
    /// The venue's leverage is 10: the reference's `add_venue` is not given one and defaults a MARGIN
    /// account to 10 (a CASH account to 1). The fill model is the default (no slippage, limit orders
    /// always fill when touched).
    ///
    /// - Parameters:
    ///   - quotes: the stream (`S2Stream.build` or a loaded `S2Stream` CSV), for `EUR/USD.SIM`.
    ///   - variant: with the strategy, or a replay without it.
    public static func s2(quotes: [QuoteTick], variant: S2Variant = .strategy, logger: Logger = Logger(label: "keel.s2")) throws -> BacktestEngine {
        let engine = BacktestEngine(config: BacktestEngineConfig(), logger: logger)
        let venue = Venue("SIM")
        try engine.addVenue(SimulatedVenueConfig(
            venue: venue, omsType: .hedging, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], defaultLeverage: 10))
        let eurusd = try defaultFX(base: .eur, quote: .usd, venue: venue)
        try engine.addInstrument(.currencyPair(eurusd))
        try engine.addData(quotes.map(MarketData.quote), name: "S2 EUR/USD quotes")
        if variant == .strategy {
            engine.addStrategy(EMACross(EMACrossConfig(instrumentId: eurusd.spec.id, barType: s2BarType, tradeSize: Quantity(units: 1_000_000))))
        }
        return engine
    }

    /// S2 with the stream built from NautilusTrader's `quote_tick_data.csv` (`S2Stream`, 211 copies).
    public static func s2(sourcePath: String, variant: S2Variant = .strategy, logger: Logger = Logger(label: "keel.s2")) throws -> BacktestEngine {
        try s2(quotes: S2Stream.build(sourcePath: sourcePath), variant: variant, logger: logger)
    }

    /// The two runs of scenario S3 (the reference's `s3_l3_book.py DATE quote|read`).
    public enum S3Variant: String, Sendable, CaseIterable {
        /// `BookReader` reads the book and joins the best bid and ask once due.
        case quote
        /// `BookReader` only reads the book.
        case read
    }

    /// The instrument of S3, built by hand as the reference does: CME E-mini S&P 500 March 2024
    /// (`ESH4.GLBX`), USD, price precision 2, tick 0.25, multiplier 50, lot 1, activation 2021-09-17 21:30
    /// UTC, expiry 2024-03-15 14:30 UTC, no fees, no margin.
    public static func esh4() throws -> FuturesContract {
        try FuturesContract(
            id: InstrumentId("ESH4.GLBX"), rawSymbol: Symbol("ESH4"), assetClass: .index, exchange: "XCME",
            underlying: "ES", activation: try UnixNanos(iso8601: "2021-09-17T21:30:00Z"),
            expiration: try UnixNanos(iso8601: "2024-03-15T14:30:00Z"), currency: .usd, pricePrecision: 2,
            priceIncrement: try Price("0.25"), multiplier: Quantity(units: 50), lotSize: Quantity(units: 1),
            tsEvent: .zero, tsInit: .zero)
    }

    /// S3: `BookReader` on the Databento MBO file of ESH4 (`esh4-glbx-mdp3-DATE.mbo.dbn.zst`), decoded during
    /// the run on a thread of its own, at a NETTING margin venue `GLBX` of 1,000,000 USD with an L3_MBO book and
    /// the default fill model (RESULTS.md, "S3 L3 order book").
    ///
    /// - Parameters:
    ///   - dataPath: the DBN file (plain or zstd).
    ///   - variant: quote (the reference's S3) or read only.
    /// - Throws: `DBNError` if the file cannot be opened; `BacktestError` for a bad setup.
    public static func s3(dataPath: String, variant: S3Variant = .quote, logger: Logger = Logger(label: "keel.s3")) throws -> BacktestEngine {
        let engine = BacktestEngine(config: BacktestEngineConfig(), logger: logger)
        try engine.addVenue(SimulatedVenueConfig(
            venue: Venue("GLBX"), omsType: .netting, accountType: .margin, baseCurrency: .usd,
            startingBalances: [try Money("1000000.00", .usd)], bookType: .l3MBO))
        let instrument = try esh4()
        try engine.addInstrument(.futuresContract(instrument))
        let id = instrument.spec.id, precision = instrument.spec.pricePrecision
        _ = try DBNDecoder(path: dataPath)  // a missing or corrupt file is reported now, not during the run
        // The file is decoded during the run, on a thread of its own (a read-ahead stream).
        engine.addStream(
            MarketDataStream.dbn(path: dataPath, instrumentId: id) { _ in precision })
        var settings = BookReaderConfig(instrumentId: instrument.spec.id)
        settings.placeOrders = variant == .quote
        engine.addStrategy(BookReader(settings))
        return engine
    }
}
