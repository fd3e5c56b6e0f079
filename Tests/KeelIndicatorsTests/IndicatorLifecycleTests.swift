// Initialization counts, `hasInputs`/`count`, and `reset()` for every indicator: after a reset the
// indicator reports no inputs and then reproduces a fresh indicator's outputs bit for bit.

import KeelIndicators
import KeelModel
import Testing

/// One indicator's lifecycle expectations.
struct LifecycleCase: Sendable, CustomTestStringConvertible {
    let name: String
    /// The number of inputs after which `initialized` first becomes true.
    let initializedAfter: Int
    let run: @Sendable (Int) -> Void

    var testDescription: String { name }

    static func of<I: Indicator & Sendable, Input: Sendable>(
        _ name: String, initializedAfter: Int, inputs: @escaping @Sendable () -> [Input],
        _ make: @escaping @Sendable () -> I, handle: @escaping @Sendable (inout I, Input) -> Void,
        output: @escaping @Sendable (I) -> Double
    ) -> LifecycleCase {
        LifecycleCase(name: name, initializedAfter: initializedAfter) { expected in
            let inputs = inputs()
            var indicator = make()
            #expect(!indicator.initialized && !indicator.hasInputs && indicator.count == 0)
            var firstInitialized: Int?
            for (i, input) in inputs.enumerated() {
                handle(&indicator, input)
                #expect(indicator.count == i + 1 && indicator.hasInputs)
                if indicator.initialized && firstInitialized == nil { firstInitialized = i + 1 }
                if firstInitialized != nil && !indicator.initialized { Issue.record("\(name) lost initialization") }
            }
            #expect(firstInitialized == expected, "\(name)")

            // Reset part-way, then replay everything: identical to a fresh run.
            var reused = make()
            for input in inputs.prefix(inputs.count / 2) { handle(&reused, input) }
            reused.reset()
            #expect(!reused.initialized && !reused.hasInputs && reused.count == 0, "\(name) after reset")
            let fresh = series(make(), inputs, handle, output)
            let replay = series(reused, inputs, handle, output)
            let same = zip(fresh, replay).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
            #expect(same, "\(name): a reset indicator reproduces a fresh one")
        }
    }

    static func bars<I: BarIndicator & Sendable>(
        _ name: String, initializedAfter: Int, eurusd: Bool = false, _ make: @escaping @Sendable () -> I,
        output: @escaping @Sendable (I) -> Double
    ) -> LifecycleCase {
        of(
            name, initializedAfter: initializedAfter, inputs: { eurusd ? Fixtures.eurusdBars : Fixtures.gbpusdBars }, make,
            handle: { $0.handle(bar: $1) }, output: output)
    }

    static func quotes<I: QuoteIndicator & Sendable>(
        _ name: String, initializedAfter: Int, _ make: @escaping @Sendable () -> I,
        output: @escaping @Sendable (I) -> Double
    ) -> LifecycleCase {
        of(
            name, initializedAfter: initializedAfter, inputs: { Fixtures.btcusdtQuotes }, make,
            handle: { $0.handle(quote: $1) }, output: output)
    }
}

@Suite struct IndicatorLifecycleTests {
    static let cases: [LifecycleCase] = [
        .bars("SMA(20)", initializedAfter: 20, { SimpleMovingAverage(period: 20) }) { $0.value },
        .bars("EMA(10)", initializedAfter: 10, { ExponentialMovingAverage(period: 10) }) { $0.value },
        .bars("EMA(1)", initializedAfter: 1, { ExponentialMovingAverage(period: 1) }) { $0.value },
        .bars("EMA(10, SMA seed)", initializedAfter: 10, { ExponentialMovingAverage(period: 10, seed: .simpleAverage) }) {
            $0.value
        },
        .bars("RMA(14)", initializedAfter: 14, { WilderMovingAverage(period: 14) }) { $0.value },
        .bars("WMA(10)", initializedAfter: 10, { WeightedMovingAverage(period: 10) }) { $0.value },
        .bars("DEMA(10)", initializedAfter: 10, { DoubleExponentialMovingAverage(period: 10) }) { $0.value },
        .bars("HMA(16)", initializedAfter: 16, { HullMovingAverage(period: 16) }) { $0.value },
        .bars("AMA(10,2,30)", initializedAfter: 10, { AdaptiveMovingAverage(periodEfficiencyRatio: 10, periodFast: 2, periodSlow: 30) }) {
            $0.value
        },
        .bars("LinearRegression(14)", initializedAfter: 14, { LinearRegression(period: 14) }) { $0.value },
        .bars("VWAP", initializedAfter: 1, eurusd: true, { VolumeWeightedAveragePrice() }) { $0.value },
        .bars("RSI(14)", initializedAfter: 14, { RelativeStrengthIndex(period: 14) }) { $0.value },
        .bars("MACD(12,26)", initializedAfter: 26, { MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26) }) {
            $0.value
        },
        .bars("BollingerBands(20,2)", initializedAfter: 20, { BollingerBands(period: 20, k: 2) }) { $0.upper },
        .bars("Aroon(14)", initializedAfter: 15, { AroonOscillator(period: 14) }) { $0.value },
        .bars("Stochastics(14,3)", initializedAfter: 14, { Stochastics(periodK: 14, periodD: 3) }) { $0.valueD },
        .bars("Stochastics(14,3,MA)", initializedAfter: 14, { Stochastics(periodK: 14, periodD: 3, dMethod: .movingAverage) }) {
            $0.valueD
        },
        .bars("CCI(20)", initializedAfter: 20, { CommodityChannelIndex(period: 20) }) { $0.value },
        .bars("OBV", initializedAfter: 1, eurusd: true, { OnBalanceVolume() }) { $0.value },
        .bars("OBV(10)", initializedAfter: 10, eurusd: true, { OnBalanceVolume(period: 10) }) { $0.value },
        .bars("ROC(10)", initializedAfter: 10, { RateOfChange(period: 10) }) { $0.value },
        .bars("VHF(20)", initializedAfter: 20, { VerticalHorizontalFilter(period: 20) }) { $0.value },
        .bars("Pressure(10)", initializedAfter: 10, eurusd: true, { Pressure(period: 10) }) { $0.valueCumulative },
        .bars("KVO(34,55,13)", initializedAfter: 67, eurusd: true, {
            KlingerVolumeOscillator(fastPeriod: 34, slowPeriod: 55, signalPeriod: 13)
        }) { $0.value },
        .bars("ATR(14)", initializedAfter: 14, { AverageTrueRange(period: 14) }) { $0.value },
        .bars("ATR(14, Wilder)", initializedAfter: 14, { AverageTrueRange(period: 14, movingAverage: .wilder) }) { $0.value },
        .bars("DonchianChannel(20)", initializedAfter: 20, { DonchianChannel(period: 20) }) { $0.middle },
        .bars("KeltnerChannel(20,2)", initializedAfter: 20, { KeltnerChannel(period: 20, kMultiplier: 2) }) { $0.upper },
        .bars("EfficiencyRatio(10)", initializedAfter: 10, { EfficiencyRatio(period: 10) }) { $0.value },
        .quotes("SpreadAnalyzer(20)", initializedAfter: 20, { SpreadAnalyzer(capacity: 20, instrumentId: Fixtures.btcusdt) }) {
            $0.average
        },
        .quotes("BookImbalanceRatio", initializedAfter: 1, { BookImbalanceRatio() }) { $0.value },
        .quotes("EMA(10) of quotes", initializedAfter: 10, { ExponentialMovingAverage(period: 10) }) { $0.value },
    ]

    @Test(arguments: cases) func initializesAfterItsPeriodAndResets(_ lifecycle: LifecycleCase) {
        lifecycle.run(lifecycle.initializedAfter)
    }

    @Test(arguments: MovingAverageType.allCases) func movingAverageOfEachKindMatchesItsStandaloneType(_ type: MovingAverageType) {
        var average = MovingAverage(type, period: 12)
        var values = [Double]()
        for bar in Fixtures.gbpusdBars {
            average.update(bar.close.doubleValue)
            values.append(average.value)
        }
        let standalone: [Double] =
            switch type {
            case .simple: overBars(SimpleMovingAverage(period: 12)) { $0.value }
            case .exponential: overBars(ExponentialMovingAverage(period: 12)) { $0.value }
            case .wilder: overBars(WilderMovingAverage(period: 12)) { $0.value }
            case .doubleExponential: overBars(DoubleExponentialMovingAverage(period: 12)) { $0.value }
            case .hull: overBars(HullMovingAverage(period: 12)) { $0.value }
            case .weighted: overBars(WeightedMovingAverage(period: 12)) { $0.value }
            }
        #expect(values == standalone)
        #expect(average.count == Fixtures.gbpusdBars.count && average.initialized)
        average.reset()
        #expect(average.count == 0 && !average.initialized && !average.hasInputs && average.value == 0)
    }
}
