import KeelCommon
import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Testing

@Suite struct BarAggregatorTests {
    let t0 = UnixNanos(seconds: 1_577_836_800)  // 2020-01-01T00:00:00Z

    // MARK: Configuration

    @Test(arguments: [
        ("EUR/USD.SIM-100-TICK-MID-EXTERNAL", BarAggregationError.Code.externalSource),
        ("EUR/USD.SIM-1-MINUTE-BID-EXTERNAL", .externalSource),
        ("EUR/USD.SIM-100-TICK-MARK-INTERNAL", .unsupportedPriceType),
        ("EUR/USD.SIM-1-MINUTE-MID-INTERNAL", .missingClock),
        ("EUR/USD.SIM-9223372037-VOLUME-LAST-INTERNAL", .invalidStep),
        ("EUR/USD.SIM-213504-DAY-LAST-INTERNAL", .invalidStep),
    ])
    func configurationErrorsNameTheBarType(text: String, code: BarAggregationError.Code) {
        let barType = BarType(text)
        #expect {
            _ = try BarAggregator(barType: barType, sizePrecision: 0) { _ in }
        } throws: { error in
            guard let error = error as? BarAggregationError else { return false }
            return error.code == code && error.barType == barType && error.description.contains(text)
        }
    }

    @Test func timerNameInUseIsAnError() throws {
        let clock = TestClock(time: t0)
        let barType = BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL")
        let first = try BarAggregator(barType: barType, sizePrecision: 0, clock: clock) { _ in }
        #expect(first.isTimerSet)
        #expect {
            _ = try BarAggregator(barType: barType, sizePrecision: 0, clock: clock) { _ in }
        } throws: { ($0 as? BarAggregationError)?.code == .timer }
    }

    @Test func instrumentMustMatchTheBarType() throws {
        let clock = TestClock(time: t0)
        let gbpusd = TestInstruments.defaultFX(base: .gbp, quote: .usd)
        #expect {
            _ = try BarAggregator(barType: BarType("EUR/USD.SIM-100-TICK-MID-INTERNAL"), instrument: gbpusd, clock: clock) { _ in }
        } throws: { ($0 as? BarAggregationError)?.code == .instrumentMismatch }
        let aggregator = try BarAggregator(
            barType: BarType("GBP/USD.SIM-100-TICK-MID-INTERNAL"), instrument: gbpusd, clock: clock) { _ in }
        #expect(aggregator.currentBar.sizePrecision == 0)
    }

    @Test(arguments: [
        ("BID", BarAggregator.Input.quotes), ("ASK", .quotes), ("MID", .quotes), ("LAST", .trades),
    ])
    func priceTypeDecidesTheInput(priceType: String, input: BarAggregator.Input) throws {
        let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-5-TICK-\(priceType)-INTERNAL"), sizePrecision: 0) { _ in }
        #expect(aggregator.input == input)
        #expect(!aggregator.isTimerSet)
    }

    // MARK: Tick bars

    @Test(arguments: [
        ("BID", "1.00000,1.00004,0.99990,0.99990,3000000"),
        ("ASK", "1.00002,1.00010,0.99996,0.99996,9000000"),
        ("MID", "1.000010,1.000070,0.999930,0.999930,6000000"),
    ])
    func tickBarsFromQuotes(priceType: String, expected: String) throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-3-TICK-\(priceType)-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(quote: quote("1.00000", "1.00002", bidSize: "1000000", askSize: "3000000", at: t0 + .seconds(1)))
        aggregator.handle(quote: quote("1.00004", "1.00010", bidSize: "1000000", askSize: "3000000", at: t0 + .seconds(2)))
        #expect(recorder.bars.isEmpty)
        aggregator.handle(quote: quote("0.99990", "0.99996", bidSize: "1000000", askSize: "3000000", at: t0 + .seconds(3)))
        try #require(recorder.bars.count == 1)
        #expect(ohlcv(recorder.bars[0]) == expected)
        #expect(recorder.bars[0].tsEvent == t0 + .seconds(3) && recorder.bars[0].tsInit == t0 + .seconds(3))
    }

    @Test func midPricesAndSizesHaveOneMoreDecimal() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-2-TICK-MID-INTERNAL"), sizePrecision: 1, onBar: recorder.handler)
        aggregator.handle(quote: quote("1.12345", "1.12346", bidSize: "1", askSize: "2", at: t0))
        aggregator.handle(quote: quote("1.12347", "1.12350", bidSize: "2", askSize: "2", at: t0))
        let bar = try #require(recorder.bars.first)
        #expect(bar.open == price("1.123455") && bar.open.precision == 6)
        #expect(bar.high == price("1.123485") && bar.close.precision == 6)
        #expect(bar.volume == quantity("3.5"))  // 1.5 + 2.0, at the given size precision
    }

    @Test(arguments: [
        ("1.12345", "1.12346"), ("0.000000001", "0.000000002"), ("0.000000001", "0.000000004"),
        ("-0.000000001", "-0.000000002"), ("-1.5", "0.5"),
    ])
    func midPriceIsThePriceMidpoint(bid: String, ask: String) throws {
        // Even sums are halved inline, odd ones (precision 9 only) go through `Price.midpoint`: both agree with it.
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-TICK-MID-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(quote: quote(bid, ask, bidSize: "1", askSize: "1", at: t0))
        let bar = try #require(recorder.bars.first)
        let expected = Price.midpoint(price(bid), price(ask))
        #expect(bar.open.raw == expected.raw && bar.open.precision == expected.precision)
    }

    @Test func midSizeIsTruncatedAtNineDecimals() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-TICK-MID-INTERNAL"), sizePrecision: 9, onBar: recorder.handler)
        aggregator.handle(quote: quote("1.0", "1.0", bidSize: "0.000000001", askSize: "0.000000002", at: t0))
        #expect(recorder.bars.first?.volume == quantity("0.000000001"))
    }

    @Test func tickBarsFromTradesCarryOn() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-3-TICK-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        let trades = [("1.00", "1"), ("1.05", "2"), ("0.98", "1"), ("1.02", "5"), ("1.01", "1"), ("1.03", "1"), ("1.04", "1")]
        for (i, (px, size)) in trades.enumerated() {
            aggregator.handle(trade: trade(px, size, at: t0 + .seconds(UInt64(i))))
        }
        #expect(recorder.bars.map(ohlcv) == ["1.00,1.05,0.98,0.98,4", "1.02,1.03,1.01,1.03,7"])
        #expect(recorder.bars.map(\.tsEvent) == [t0 + .seconds(2), t0 + .seconds(5)])
        #expect(aggregator.currentBar.count == 1)
    }

    @Test func earlierUpdatesAreDroppedAndCounted() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-2-TICK-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(trade: trade("1.00", "1", at: t0 + .seconds(5)))
        aggregator.handle(trade: trade("9.00", "1", at: t0 + .seconds(4)))
        #expect(recorder.bars.isEmpty && aggregator.droppedUpdates == 1)
        aggregator.handle(trade: trade("1.10", "1", at: t0 + .seconds(5)))
        #expect(recorder.bars.map(ohlcv) == ["1.00,1.10,1.00,1.10,2"])
    }

    // MARK: Volume bars

    @Test func volumeBarsSplitUpdatesAcrossBars() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-10-VOLUME-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(trade: trade("1.0", "4", at: t0 + .seconds(1)))
        aggregator.handle(trade: trade("1.1", "15", at: t0 + .seconds(2)))  // 6 completes bar 1, 9 carry on
        aggregator.handle(trade: trade("1.2", "3", at: t0 + .seconds(3)))  // 1 completes bar 2, 2 carry on
        aggregator.handle(trade: trade("0.9", "8", at: t0 + .seconds(4)))  // exactly completes bar 3
        #expect(recorder.bars.map(ohlcv) == ["1.0,1.1,1.0,1.1,10", "1.1,1.2,1.1,1.2,10", "1.2,1.2,0.9,0.9,10"])
        #expect(recorder.bars.map(\.tsEvent) == [t0 + .seconds(2), t0 + .seconds(3), t0 + .seconds(4)])
        #expect(aggregator.currentBar.count == 0)
    }

    @Test func oneLargeUpdateMakesSeveralVolumeBars() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-10-VOLUME-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(trade: trade("2.0", "25", at: t0))
        #expect(recorder.bars.map(ohlcv) == ["2.0,2.0,2.0,2.0,10", "2.0,2.0,2.0,2.0,10"])
        #expect(aggregator.currentBar.volume == quantity("5"))
    }

    @Test func fractionalVolumesSplitExactly() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-10-VOLUME-LAST-INTERNAL"), sizePrecision: 2, onBar: recorder.handler)
        aggregator.handle(trade: trade("1.0", "3.75", at: t0))
        aggregator.handle(trade: trade("1.5", "7.50", at: t0))
        #expect(recorder.bars.map(\.volume) == [quantity("10.00")])
        #expect(aggregator.currentBar.volume == quantity("1.25"))
    }

    @Test func volumeBarsFromMidQuotes() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-3-VOLUME-MID-INTERNAL"), sizePrecision: 1, onBar: recorder.handler)
        aggregator.handle(quote: quote("1.0", "1.2", bidSize: "1", askSize: "2", at: t0))  // mid 1.10, size 1.5
        aggregator.handle(quote: quote("1.2", "1.4", bidSize: "2", askSize: "2", at: t0))  // mid 1.30, size 2.0
        #expect(recorder.bars.map(ohlcv) == ["1.10,1.30,1.10,1.30,3.0"])
        #expect(aggregator.currentBar.volume == quantity("0.5"))
    }

    // MARK: Value bars

    @Test func valueBarsSplitUpdatesByNotional() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-100-VALUE-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(trade: trade("10.0", "4", at: t0 + .seconds(1)))  // 40
        aggregator.handle(trade: trade("20.0", "5", at: t0 + .seconds(2)))  // 100: 3 complete bar 1 (60), 2 carry on (40)
        aggregator.handle(trade: trade("5.0", "30", at: t0 + .seconds(3)))  // 150: 12 complete bar 2 (60), 18 carry on (90)
        #expect(recorder.bars.map(ohlcv) == ["10.0,20.0,10.0,20.0,7", "20.0,20.0,5.0,5.0,14"])
        #expect(recorder.bars.map(\.tsInit) == [t0 + .seconds(2), t0 + .seconds(3)])
        #expect(aggregator.currentBar.volume == quantity("18"))
    }

    @Test func valueSplitsRoundToTheSizeGrid() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-10-VALUE-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        // 10 / 3 = 3.33 units per bar → 3 units each; 1 unit (notional 3) carries on.
        aggregator.handle(trade: trade("3", "10", at: t0))
        #expect(recorder.bars.map(\.volume) == [quantity("3"), quantity("3"), quantity("3")])
        #expect(aggregator.currentBar.volume == quantity("1"))
    }

    @Test func valueSplitTakesAtLeastOneGridStep() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-10-VALUE-LAST-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        aggregator.handle(trade: trade("100", "2", at: t0))  // one unit (100) is worth more than a bar (10)
        #expect(recorder.bars.map(\.volume) == [quantity("1"), quantity("1")])
        #expect(aggregator.currentBar.count == 0)
    }

    @Test func valueBarsWithFractionalSizes() throws {
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1000-VALUE-BID-INTERNAL"), sizePrecision: 0, onBar: recorder.handler)
        // Bid 1.25 × 1000 = 1250: 800 units complete the bar (1000), 200 carry on (250).
        aggregator.handle(quote: quote("1.25", "1.26", bidSize: "1000", askSize: "1000", at: t0))
        #expect(recorder.bars.map(ohlcv) == ["1.25,1.25,1.25,1.25,800"])
        #expect(aggregator.currentBar.volume == quantity("200"))
    }

    // MARK: Traps

    @Test func quoteFedToATradeAggregatorTraps() async {
        await #expect(processExitsWith: .failure) {
            let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-5-TICK-LAST-INTERNAL"), sizePrecision: 0) { _ in }
            aggregator.handle(quote: quote("1.0", "1.1", at: UnixNanos(1)))
        }
    }

    @Test func tradeFedToAQuoteAggregatorTraps() async {
        await #expect(processExitsWith: .failure) {
            let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-5-TICK-BID-INTERNAL"), sizePrecision: 0) { _ in }
            aggregator.handle(trade: trade("1.0", "1", at: UnixNanos(1)))
        }
    }

    @Test func quoteOfAnotherInstrumentTraps() async {
        await #expect(processExitsWith: .failure) {
            let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-5-TICK-BID-INTERNAL"), sizePrecision: 0) { _ in }
            aggregator.handle(quote: quote("1.0", "1.1", at: UnixNanos(1), instrument: InstrumentId("GBP/USD.SIM")))
        }
    }

    @Test func tradeOfAnotherInstrumentTraps() async {
        await #expect(processExitsWith: .failure) {
            let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-5-TICK-LAST-INTERNAL"), sizePrecision: 0) { _ in }
            aggregator.handle(trade: trade("1.0", "1", at: UnixNanos(1), instrument: InstrumentId("GBP/USD.SIM")))
        }
    }
}
