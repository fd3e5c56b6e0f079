// Every indicator against the committed reference vectors (TA-Lib and NumPy-from-definition; see
// scripts/fixtures/make_indicator_fixtures.py). Tolerance: |keel − ref| ≤ 1e-9·|ref| + 1e-12, and
// + 1e-10 absolute for the regression's slope-derived outputs (their reference values come from
// differences of large sums) and 1e-8 for CCI (a near-zero numerator divided by 0.015·MAD).

import KeelIndicators
import KeelModel
import Testing

@Suite struct IndicatorReferenceTests {
    static let averages: [ReferenceCase] =
        ReferenceCase.each(["numpy:sma20", "talib:sma20"]) { overBars(SimpleMovingAverage(period: 20)) { $0.value } }
        + [ReferenceCase("numpy:ema10") { overBars(ExponentialMovingAverage(period: 10)) { $0.value } }]
        + ReferenceCase.each(["numpy:ema10_smaseed", "talib:ema10_smaseed"]) {
            overBars(ExponentialMovingAverage(period: 10, seed: .simpleAverage)) { $0.value }
        }
        + [
            ReferenceCase("numpy:rma14") { overBars(WilderMovingAverage(period: 14)) { $0.value } },
            ReferenceCase("numpy:wma4_custom") {
                overBars(WeightedMovingAverage(period: 4, weights: [0.1, 0.2, 0.3, 0.4])) { $0.value }
            },
            ReferenceCase("numpy:dema10") { overBars(DoubleExponentialMovingAverage(period: 10)) { $0.value } },
            ReferenceCase("numpy:hma16") { overBars(HullMovingAverage(period: 16)) { $0.value } },
            ReferenceCase("numpy:ama10_2_30") {
                overBars(AdaptiveMovingAverage(periodEfficiencyRatio: 10, periodFast: 2, periodSlow: 30)) { $0.value }
            },
            ReferenceCase("numpy:ema10") {
                series(ExponentialMovingAverage(period: 10), Fixtures.gbpusdTrades, { $0.handle(trade: $1) }) { $0.value }
            },
        ]
        + ReferenceCase.each(["numpy:wma10", "talib:wma10"]) { overBars(WeightedMovingAverage(period: 10)) { $0.value } }
        + ReferenceCase.each(["numpy:lr14_value", "talib:lr14_value"]) { overBars(LinearRegression(period: 14)) { $0.value } }
        + ReferenceCase.each(["numpy:lr14_slope", "talib:lr14_slope"], absoluteTolerance: 1e-10) {
            overBars(LinearRegression(period: 14)) { $0.slope }
        }
        + ReferenceCase.each(["numpy:lr14_intercept", "talib:lr14_intercept"], absoluteTolerance: 1e-10) {
            overBars(LinearRegression(period: 14)) { $0.intercept }
        }
        + ReferenceCase.each(["numpy:lr14_degree", "talib:lr14_degree"], absoluteTolerance: 1e-10) {
            overBars(LinearRegression(period: 14)) { $0.degree }
        }
        + [
            ReferenceCase("numpy:lr14_cfo", absoluteTolerance: 1e-10) { overBars(LinearRegression(period: 14)) { $0.cfo } },
            ReferenceCase("numpy:lr14_r2", absoluteTolerance: 1e-10) { overBars(LinearRegression(period: 14)) { $0.r2 } },
        ]

    static let momentum: [ReferenceCase] =
        [ReferenceCase("numpy:rsi14") { overBars(RelativeStrengthIndex(period: 14)) { $0.value } }]
        + ReferenceCase.each(["numpy:rsi14_wilder", "talib:rsi14_wilder"]) {
            overBars(RelativeStrengthIndex(period: 14, movingAverage: .wilder, seed: .simpleAverage)) { $0.value }
        }
        + [
            ReferenceCase("numpy:macd12_26_simple") {
                overBars(MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26)) { $0.value }
            },
            ReferenceCase("numpy:macd12_26_exponential") {
                overBars(MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26, movingAverage: .exponential)) {
                    $0.value
                }
            },
        ]
        + ReferenceCase.each(["numpy:bb20_upper", "talib:bb20_upper"]) { overBars(BollingerBands(period: 20, k: 2)) { $0.upper } }
        + ReferenceCase.each(["numpy:bb20_middle", "talib:bb20_middle"]) { overBars(BollingerBands(period: 20, k: 2)) { $0.middle } }
        + ReferenceCase.each(["numpy:bb20_lower", "talib:bb20_lower"]) { overBars(BollingerBands(period: 20, k: 2)) { $0.lower } }
        + ReferenceCase.each(["numpy:aroon14_up", "talib:aroon14_up"]) { overBars(AroonOscillator(period: 14)) { $0.aroonUp } }
        + ReferenceCase.each(["numpy:aroon14_down", "talib:aroon14_down"]) { overBars(AroonOscillator(period: 14)) { $0.aroonDown } }
        + ReferenceCase.each(["numpy:aroon14_value", "talib:aroon14_value"]) { overBars(AroonOscillator(period: 14)) { $0.value } }
        + ReferenceCase.each(["numpy:stoch14_3_k", "talib:stoch14_3_k"]) { overBars(Stochastics(periodK: 14, periodD: 3)) { $0.valueK } }
        + [
            ReferenceCase("numpy:stoch14_3_d") { overBars(Stochastics(periodK: 14, periodD: 3)) { $0.valueD } },
            ReferenceCase("talib:stoch14_3_dma") {
                overBars(Stochastics(periodK: 14, periodD: 3, dMethod: .movingAverage)) { $0.valueD }
            },
        ]
        // CCI divides by 0.015·MAD (~1e-7 here): a last-bit difference in the mean becomes ~1e-10 absolute.
        + ReferenceCase.each(["numpy:cci20", "talib:cci20"], absoluteTolerance: 1e-8) { overBars(CommodityChannelIndex(period: 20)) { $0.value } }
        + ReferenceCase.each(["numpy:roc10", "talib:roc10"]) { overBars(RateOfChange(period: 10)) { $0.value } }
        + [
            ReferenceCase("numpy:roc10_log") { overBars(RateOfChange(period: 10, useLog: true)) { $0.value } },
            ReferenceCase("numpy:vhf20") { overBars(VerticalHorizontalFilter(period: 20)) { $0.value } },
            ReferenceCase("numpy:er10") { overBars(EfficiencyRatio(period: 10)) { $0.value } },
        ]

    static let volatility: [ReferenceCase] =
        [
            ReferenceCase("numpy:atr14") { overBars(AverageTrueRange(period: 14)) { $0.value } },
            ReferenceCase("numpy:atr14_nouseprev") { overBars(AverageTrueRange(period: 14, usePrevious: false)) { $0.value } },
        ]
        + ReferenceCase.each(["numpy:atr14_wilder", "talib:atr14_wilder"]) {
            overBars(AverageTrueRange(period: 14, movingAverage: .wilder, seed: .simpleAverage)) { $0.value }
        }
        + ReferenceCase.each(["numpy:dc20_upper", "talib:dc20_upper"]) { overBars(DonchianChannel(period: 20)) { $0.upper } }
        + ReferenceCase.each(["numpy:dc20_lower", "talib:dc20_lower"]) { overBars(DonchianChannel(period: 20)) { $0.lower } }
        + [
            ReferenceCase("numpy:dc20_middle") { overBars(DonchianChannel(period: 20)) { $0.middle } },
            ReferenceCase("numpy:kc20_upper") { overBars(KeltnerChannel(period: 20, kMultiplier: 2)) { $0.upper } },
            ReferenceCase("numpy:kc20_middle") { overBars(KeltnerChannel(period: 20, kMultiplier: 2)) { $0.middle } },
            ReferenceCase("numpy:kc20_lower") { overBars(KeltnerChannel(period: 20, kMultiplier: 2)) { $0.lower } },
        ]

    static let volume: [ReferenceCase] = [
        ReferenceCase("numpy:vwap", in: .eurusd) { overBars(VolumeWeightedAveragePrice(), Fixtures.eurusdBars) { $0.value } },
        ReferenceCase("numpy:obv0", in: .eurusd) { overBars(OnBalanceVolume(), Fixtures.eurusdBars) { $0.value } },
        ReferenceCase("numpy:obv10", in: .eurusd) { overBars(OnBalanceVolume(period: 10), Fixtures.eurusdBars) { $0.value } },
        ReferenceCase("numpy:pressure10", in: .eurusd) { overBars(Pressure(period: 10), Fixtures.eurusdBars) { $0.value } },
        ReferenceCase("numpy:pressure10_cumulative", in: .eurusd) {
            overBars(Pressure(period: 10), Fixtures.eurusdBars) { $0.valueCumulative }
        },
        ReferenceCase("numpy:kvo34_55_13", in: .eurusd) {
            overBars(KlingerVolumeOscillator(fastPeriod: 34, slowPeriod: 55, signalPeriod: 13), Fixtures.eurusdBars) {
                $0.value
            }
        },
        ReferenceCase("numpy:atr14", in: .eurusd) { overBars(AverageTrueRange(period: 14), Fixtures.eurusdBars) { $0.value } },
    ]

    static func overQuotes<I: QuoteIndicator>(_ indicator: I, _ output: (I) -> Double) -> [Double] {
        series(indicator, Fixtures.btcusdtQuotes, { $0.handle(quote: $1) }, output)
    }

    static let quotes: [ReferenceCase] = [
        ReferenceCase("numpy:spread_current", in: .quotes) {
            overQuotes(SpreadAnalyzer(capacity: 20, instrumentId: Fixtures.btcusdt)) { $0.current }
        },
        ReferenceCase("numpy:spread20_average", in: .quotes) {
            overQuotes(SpreadAnalyzer(capacity: 20, instrumentId: Fixtures.btcusdt)) { $0.average }
        },
        ReferenceCase("numpy:ema10_mid", in: .quotes) { overQuotes(ExponentialMovingAverage(period: 10)) { $0.value } },
        ReferenceCase("numpy:ema10_bid", in: .quotes) {
            overQuotes(ExponentialMovingAverage(period: 10, priceType: .bid)) { $0.value }
        },
        ReferenceCase("numpy:ema10_ask", in: .quotes) {
            overQuotes(ExponentialMovingAverage(period: 10, priceType: .ask)) { $0.value }
        },
        ReferenceCase("numpy:imbalance", in: .quotes) { overQuotes(BookImbalanceRatio()) { $0.value } },
        ReferenceCase("numpy:imbalance", in: .quotes) {
            // The same sizes through an L1 order book kept from the quotes.
            var book = OrderBook(instrumentId: Fixtures.btcusdt, bookType: .l1MBP)
            return series(BookImbalanceRatio(), Fixtures.btcusdtQuotes, { ratio, quote in
                do {
                    try book.updateTopOfBook(
                        bid: quote.bidPrice, bidSize: quote.bidSize, ask: quote.askPrice, askSize: quote.askSize,
                        tsEvent: quote.tsEvent)
                } catch { Issue.record("book rejected a quote: \(error)") }
                ratio.handle(book: book)
            }) { $0.value }
        },
    ]

    @Test(arguments: averages) func averageMatchesReference(_ reference: ReferenceCase) { reference.check() }
    @Test(arguments: momentum) func momentumIndicatorMatchesReference(_ reference: ReferenceCase) { reference.check() }
    @Test(arguments: volatility) func volatilityIndicatorMatchesReference(_ reference: ReferenceCase) { reference.check() }
    @Test(arguments: volume) func volumeIndicatorMatchesReference(_ reference: ReferenceCase) { reference.check() }
    @Test(arguments: quotes) func quoteIndicatorMatchesReference(_ reference: ReferenceCase) { reference.check() }
}
