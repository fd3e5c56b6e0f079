// Every precondition of KeelIndicators has an exit test: invalid parameters are programmer errors
// and trap, in release too.

import KeelCore
import KeelIndicators
import KeelModel
import Testing

/// The traps of KeelIndicators, one case each.
enum IndicatorTrap: String, CaseIterable, Codable, Sendable {
    case smaPeriodZero, emaPeriodZero, wilderPeriodZero, wmaPeriodZero, wmaWeightCount, wmaWeightSum, wmaWeightNaN
    case demaPeriodZero, hmaPeriodZero, movingAveragePeriodZero, amaFastZero, amaSlowNotAboveFast, amaEfficiencyOne
    case linearRegressionPeriodOne, vwapNegativeVolume, rsiPeriodZero, macdFastZero, macdSlowNotAboveFast
    case bollingerPeriodZero, bollingerKZero, bollingerKInfinite, aroonPeriodZero, stochasticsKZero, stochasticsDZero
    case cciPeriodZero, cciScalarZero, obvNegativePeriod, rocPeriodZero, vhfPeriodZero, pressurePeriodZero
    case pressureNegativeFloor, kvoFastZero, kvoSlowNotAboveFast, kvoSignalZero, atrPeriodZero, atrNegativeFloor
    case donchianPeriodZero, keltnerPeriodZero, keltnerNegativeMultiplier, efficiencyRatioPeriodOne
    case spreadAnalyzerCapacityZero, quoteWithLastPriceType

    func trigger() {
        switch self {
        case .smaPeriodZero: _ = SimpleMovingAverage(period: 0)
        case .emaPeriodZero: _ = ExponentialMovingAverage(period: 0)
        case .wilderPeriodZero: _ = WilderMovingAverage(period: 0)
        case .wmaPeriodZero: _ = WeightedMovingAverage(period: 0)
        case .wmaWeightCount: _ = WeightedMovingAverage(period: 3, weights: [1, 2])
        case .wmaWeightSum: _ = WeightedMovingAverage(period: 2, weights: [1, -1])
        case .wmaWeightNaN: _ = WeightedMovingAverage(period: 2, weights: [1, .nan])
        case .demaPeriodZero: _ = DoubleExponentialMovingAverage(period: 0)
        case .hmaPeriodZero: _ = HullMovingAverage(period: 0)
        case .movingAveragePeriodZero: _ = MovingAverage(.simple, period: 0)
        case .amaFastZero: _ = AdaptiveMovingAverage(periodEfficiencyRatio: 10, periodFast: 0, periodSlow: 30)
        case .amaSlowNotAboveFast: _ = AdaptiveMovingAverage(periodEfficiencyRatio: 10, periodFast: 5, periodSlow: 5)
        case .amaEfficiencyOne: _ = AdaptiveMovingAverage(periodEfficiencyRatio: 1, periodFast: 2, periodSlow: 30)
        case .linearRegressionPeriodOne: _ = LinearRegression(period: 1)
        case .vwapNegativeVolume:
            var vwap = VolumeWeightedAveragePrice()
            vwap.update(price: 1, volume: -1, timestamp: .zero)
        case .rsiPeriodZero: _ = RelativeStrengthIndex(period: 0)
        case .macdFastZero: _ = MovingAverageConvergenceDivergence(fastPeriod: 0, slowPeriod: 26)
        case .macdSlowNotAboveFast: _ = MovingAverageConvergenceDivergence(fastPeriod: 26, slowPeriod: 12)
        case .bollingerPeriodZero: _ = BollingerBands(period: 0, k: 2)
        case .bollingerKZero: _ = BollingerBands(period: 20, k: 0)
        case .bollingerKInfinite: _ = BollingerBands(period: 20, k: .infinity)
        case .aroonPeriodZero: _ = AroonOscillator(period: 0)
        case .stochasticsKZero: _ = Stochastics(periodK: 0, periodD: 3)
        case .stochasticsDZero: _ = Stochastics(periodK: 14, periodD: 0)
        case .cciPeriodZero: _ = CommodityChannelIndex(period: 0)
        case .cciScalarZero: _ = CommodityChannelIndex(period: 20, scalar: 0)
        case .obvNegativePeriod: _ = OnBalanceVolume(period: -1)
        case .rocPeriodZero: _ = RateOfChange(period: 0)
        case .vhfPeriodZero: _ = VerticalHorizontalFilter(period: 0)
        case .pressurePeriodZero: _ = Pressure(period: 0)
        case .pressureNegativeFloor: _ = Pressure(period: 10, atrFloor: -1)
        case .kvoFastZero: _ = KlingerVolumeOscillator(fastPeriod: 0, slowPeriod: 55, signalPeriod: 13)
        case .kvoSlowNotAboveFast: _ = KlingerVolumeOscillator(fastPeriod: 55, slowPeriod: 34, signalPeriod: 13)
        case .kvoSignalZero: _ = KlingerVolumeOscillator(fastPeriod: 34, slowPeriod: 55, signalPeriod: 0)
        case .atrPeriodZero: _ = AverageTrueRange(period: 0)
        case .atrNegativeFloor: _ = AverageTrueRange(period: 14, valueFloor: -0.1)
        case .donchianPeriodZero: _ = DonchianChannel(period: 0)
        case .keltnerPeriodZero: _ = KeltnerChannel(period: 0, kMultiplier: 2)
        case .keltnerNegativeMultiplier: _ = KeltnerChannel(period: 20, kMultiplier: -2)
        case .efficiencyRatioPeriodOne: _ = EfficiencyRatio(period: 1)
        case .spreadAnalyzerCapacityZero: _ = SpreadAnalyzer(capacity: 0, instrumentId: InstrumentId("GBP/USD.SIM"))
        case .quoteWithLastPriceType:
            var ema = ExponentialMovingAverage(period: 3, priceType: .last)
            let price = Price(raw: 1_000_000_000, precision: 5)
            let size = Quantity(raw: 1_000_000_000, precision: 0)
            ema.handle(
                quote: QuoteTick(
                    instrumentId: InstrumentId("GBP/USD.SIM"), bidPrice: price, askPrice: price, bidSize: size,
                    askSize: size, tsEvent: .zero, tsInit: .zero))
        }
    }
}

@Suite struct IndicatorTrapTests {
    @Test(arguments: IndicatorTrap.allCases) func invalidParametersTrap(_ trap: IndicatorTrap) async {
        await #expect(processExitsWith: .failure) { [trap] in trap.trigger() }
    }
}
