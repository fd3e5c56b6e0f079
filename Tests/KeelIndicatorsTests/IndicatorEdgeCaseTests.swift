// Edge cases: constant prices, zero volume, day boundaries, one-sided books, flat ranges, foreign
// instruments, and the places where Keel deliberately departs from a NautilusTrader quirk.

import KeelCore
import KeelIndicators
import KeelModel
import Testing

enum EdgeFixture {
    static let barType = BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")
    static let day: UInt64 = 86_400_000_000_000

    static func price(_ text: String) -> Price {
        do { return try Price(text, precision: 5) } catch { preconditionFailure("\(error)") }
    }

    static func bar(_ o: String, _ h: String, _ l: String, _ c: String, volume: Int64 = 1000, ts: UInt64 = 0) -> Bar {
        Bar(
            barType: barType, open: price(o), high: price(h), low: price(l), close: price(c),
            volume: Quantity(raw: volume * 1_000_000_000, precision: 0), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts))
    }

    static func flat(_ p: String, count: Int, volume: Int64 = 1000) -> [Bar] {
        (0..<count).map { bar(p, p, p, p, volume: volume, ts: UInt64($0) * 60_000_000_000) }
    }

    static func quote(_ id: InstrumentId, bid: String, ask: String, bidSize: Int64 = 1, askSize: Int64 = 1) -> QuoteTick {
        QuoteTick(
            instrumentId: id, bidPrice: price(bid), askPrice: price(ask),
            bidSize: Quantity(raw: bidSize * 1_000_000_000, precision: 0),
            askSize: Quantity(raw: askSize * 1_000_000_000, precision: 0), tsEvent: .zero, tsInit: .zero)
    }

    static func last<I: BarIndicator>(_ indicator: I, _ bars: [Bar], _ output: (I) -> Double) -> Double {
        overBars(indicator, bars, output).last!
    }
}

@Suite struct IndicatorEdgeCaseTests {
    typealias F = EdgeFixture

    @Test func constantPricesGiveTheirLevelOrZero() {
        let bars = F.flat("1.25000", count: 80)
        #expect(F.last(SimpleMovingAverage(period: 20), bars) { $0.value } == 1.25)
        #expect(F.last(ExponentialMovingAverage(period: 10), bars) { $0.value } == 1.25)
        #expect(F.last(WilderMovingAverage(period: 10), bars) { $0.value } == 1.25)
        #expect(F.last(WeightedMovingAverage(period: 10), bars) { $0.value } == 1.25)
        #expect(F.last(DoubleExponentialMovingAverage(period: 10), bars) { $0.value } == 1.25)
        #expect(F.last(HullMovingAverage(period: 16), bars) { $0.value } == 1.25)
        #expect(F.last(AdaptiveMovingAverage(periodEfficiencyRatio: 10, periodFast: 2, periodSlow: 30), bars) { $0.value } == 1.25)
        #expect(F.last(VolumeWeightedAveragePrice(), bars) { $0.value } == 1.25)
        #expect(F.last(MovingAverageConvergenceDivergence(fastPeriod: 12, slowPeriod: 26), bars) { $0.value } == 0)
        // No losses: NautilusTrader's RSI is 1 while the average loss is 0.
        #expect(F.last(RelativeStrengthIndex(period: 14), bars) { $0.value } == 1)
        #expect(F.last(AverageTrueRange(period: 14), bars) { $0.value } == 0)
        #expect(F.last(BollingerBands(period: 20, k: 2), bars) { $0.upper - $0.lower } == 0)
        #expect(F.last(DonchianChannel(period: 20), bars) { $0.middle } == 1.25)
        #expect(F.last(KeltnerChannel(period: 20, kMultiplier: 2), bars) { $0.upper } == 1.25)
        // Ties go to the most recent bar: both lines at 100.
        #expect(F.last(AroonOscillator(period: 14), bars) { $0.aroonUp } == 100)
        #expect(F.last(AroonOscillator(period: 14), bars) { $0.value } == 0)
        // A flat range never opens: %K and %D stay at their initial 0.
        #expect(F.last(Stochastics(periodK: 14, periodD: 3), bars) { $0.valueK } == 0)
        #expect(F.last(CommodityChannelIndex(period: 20), bars) { $0.value } == 0)
        #expect(F.last(RateOfChange(period: 10), bars) { $0.value } == 0)
        #expect(F.last(RateOfChange(period: 10, useLog: true), bars) { $0.value } == 0)
        #expect(F.last(EfficiencyRatio(period: 10), bars) { $0.value } == 0)
        #expect(F.last(VerticalHorizontalFilter(period: 20), bars) { $0.value } == 0)
        #expect(F.last(OnBalanceVolume(), bars) { $0.value } == 0)
        #expect(F.last(Pressure(period: 10), bars) { $0.valueCumulative } == 0)
        // Only the first bar counts as rising (its previous typical price is 0), then nothing moves.
        #expect(F.last(KlingerVolumeOscillator(fastPeriod: 34, slowPeriod: 55, signalPeriod: 13), bars) { $0.value } == 0)
        let regression = overBars(LinearRegression(period: 14), bars) { $0.slope }
        #expect(regression.last == 0)
        #expect(F.last(LinearRegression(period: 14), bars) { $0.r2 }.isNaN)
        #expect(F.last(LinearRegression(period: 14), bars) { $0.value } == 1.25)
    }

    @Test func zeroVolumeLeavesVolumeWeightedValuesUnchanged() {
        var vwap = VolumeWeightedAveragePrice()
        vwap.handle(bar: F.bar("1.00000", "1.30000", "1.00000", "1.20000", volume: 0))
        #expect(vwap.initialized && abs(vwap.value - 3.5 / 3) < 1e-15)
        vwap.handle(bar: F.bar("1.20000", "1.20000", "1.20000", "1.20000", volume: 10, ts: 1))
        #expect(abs(vwap.value - 1.2) < 1e-15)
        vwap.handle(bar: F.bar("1.50000", "1.50000", "1.50000", "1.50000", volume: 0, ts: 2))
        #expect(abs(vwap.value - 1.2) < 1e-15)

        var obv = OnBalanceVolume()
        obv.handle(bar: F.bar("1.00000", "1.30000", "1.00000", "1.20000", volume: 0))
        #expect(obv.value == 0 && obv.initialized)

        var pressure = Pressure(period: 3)
        for bar in F.flat("1.00000", count: 5, volume: 0) { pressure.handle(bar: bar) }
        #expect(pressure.value == 0 && pressure.valueCumulative == 0 && pressure.initialized)
    }

    @Test func volumeWeightedAveragePriceRestartsAtEachUTCDay() {
        var vwap = VolumeWeightedAveragePrice()
        vwap.handle(bar: F.bar("1.00000", "1.00000", "1.00000", "1.00000", volume: 1, ts: F.day - 1))
        vwap.handle(bar: F.bar("3.00000", "3.00000", "3.00000", "3.00000", volume: 1, ts: F.day - 1))
        #expect(vwap.value == 2 && vwap.day == 0)
        vwap.handle(bar: F.bar("5.00000", "5.00000", "5.00000", "5.00000", volume: 1, ts: F.day))
        #expect(vwap.value == 5 && vwap.day == 1 && vwap.count == 3)
    }

    @Test func relativeStrengthMeasuresEachChangeFromThePreviousInput() {
        // NautilusTrader keeps the first input as "previous" while no loss has happened, so it would
        // read the last change as +1 (2 − 1); Keel reads −1 (2 − 3). Gains 8/27, losses 18/27.
        var rsi = RelativeStrengthIndex(period: 2)
        for x in [1.0, 2, 3, 2] { rsi.update(x) }
        #expect(abs(rsi.value - 4.0 / 13.0) < 1e-15)
    }

    @Test func relativeStrengthOfAFallingSeriesIsZero() {
        var rsi = RelativeStrengthIndex(period: 5)
        for x in stride(from: 100.0, to: 50, by: -1) { rsi.update(x) }
        #expect(rsi.value == 0)
    }

    @Test func stochasticsKeepTheirValuesWhileTheRangeIsFlat() {
        var stochastics = Stochastics(periodK: 3, periodD: 2)
        stochastics.handle(bar: F.bar("1.00000", "1.20000", "1.00000", "1.10000"))
        let (k, d) = (stochastics.valueK, stochastics.valueD)
        #expect(abs(k - 50) < 1e-9 && abs(d - 50) < 1e-9)
        var flat = Stochastics(periodK: 2, periodD: 2)
        for bar in F.flat("1.00000", count: 3) { flat.handle(bar: bar) }
        #expect(flat.valueK == 0 && flat.valueD == 0 && flat.initialized)
    }

    @Test func averageTrueRangeFloorBoundsItsValue() {
        var atr = AverageTrueRange(period: 3, valueFloor: 0.001)
        for bar in F.flat("1.00000", count: 4) { atr.handle(bar: bar) }
        #expect(atr.value == 0.001)
        atr.handle(bar: F.bar("1.00000", "1.10000", "1.00000", "1.00000"))
        #expect(abs(atr.value - 0.1 / 3) < 1e-12)
    }

    @Test func spreadAnalyzerIgnoresOtherInstruments() {
        let gbpusd = InstrumentId("GBP/USD.SIM")
        var analyzer = SpreadAnalyzer(capacity: 2, instrumentId: gbpusd)
        analyzer.handle(quote: F.quote(gbpusd, bid: "1.00000", ask: "1.00020"))
        analyzer.handle(quote: F.quote(InstrumentId("EUR/USD.SIM"), bid: "1.00000", ask: "1.10000"))
        #expect(analyzer.count == 1 && !analyzer.initialized)
        #expect(abs(analyzer.current - 0.0002) < 1e-15)
        analyzer.handle(quote: F.quote(gbpusd, bid: "1.00000", ask: "1.00040"))
        analyzer.handle(quote: F.quote(gbpusd, bid: "1.00000", ask: "1.00060"))
        #expect(analyzer.initialized && abs(analyzer.average - 0.0005) < 1e-15)
    }

    @Test func spreadAnalyzerAveragesACrossedQuoteAsNegative() {
        let id = InstrumentId("GBP/USD.SIM")
        var analyzer = SpreadAnalyzer(capacity: 2, instrumentId: id)
        analyzer.handle(quote: F.quote(id, bid: "1.00010", ask: "1.00000"))
        analyzer.handle(quote: F.quote(id, bid: "1.00000", ask: "1.00030"))
        #expect(abs(analyzer.average - 0.0001) < 1e-15)
    }

    @Test func bookImbalanceNeedsBothSides() throws {
        let id = InstrumentId("ESH4.GLBX")
        func delta(_ side: OrderSide, _ price: String, _ size: Int64, id orderId: UInt64) -> OrderBookDelta {
            OrderBookDelta(
                instrumentId: id, action: .add,
                order: BookOrder(
                    side: side, price: F.price(price), size: Quantity(raw: size * 1_000_000_000, precision: 0),
                    orderId: orderId),
                sequence: 0, tsEvent: .zero, tsInit: .zero)
        }
        var book = OrderBook(instrumentId: id, bookType: .l3MBO)
        var ratio = BookImbalanceRatio()
        ratio.handle(book: book)
        #expect(ratio.hasInputs && !ratio.initialized && ratio.value == 0)
        try book.apply(delta(.buy, "100.00000", 30, id: 1))
        try book.apply(delta(.buy, "100.00000", 10, id: 2))
        ratio.handle(book: book)
        #expect(!ratio.initialized && ratio.count == 2)
        try book.apply(delta(.sell, "100.25000", 10, id: 3))
        try book.apply(delta(.sell, "100.50000", 90, id: 4))
        ratio.handle(book: book)
        // Level totals at the top: 40 bid, 10 ask.
        #expect(ratio.initialized && ratio.value == 0.25)
        ratio.update(bidSize: 0, askSize: 0)
        #expect(ratio.value == 0.25 && ratio.count == 4)
    }

    @Test func quotePriceTypesPickBidAskOrMid() {
        let id = InstrumentId("GBP/USD.SIM")
        let quote = F.quote(id, bid: "1.00000", ask: "1.00020")
        for (type, expected) in [(PriceType.bid, 1.0), (.ask, 1.0002), (.mid, 1.0001)] {
            var sma = SimpleMovingAverage(period: 3, priceType: type)
            sma.handle(quote: quote)
            #expect(abs(sma.value - expected) < 1e-15)
        }
    }

    @Test func longStreamsKeepTheSimpleAverageExact() {
        // The running sum is rebuilt from the window every `period` evictions.
        var sma = SimpleMovingAverage(period: 7)
        for i in 0..<100_000 { sma.update(Double(i % 13) * 0.1 + 1e6) }
        var expected = 0.0
        for i in (100_000 - 7)..<100_000 { expected += Double(i % 13) * 0.1 + 1e6 }
        #expect(abs(sma.value - expected / 7) < 1e-9)
    }
}
