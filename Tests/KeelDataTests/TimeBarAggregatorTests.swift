import KeelCommon
import KeelCore
import KeelData
import KeelModel
import Testing

@Suite struct TimeBarAggregatorTests {
    let t0 = UnixNanos(seconds: 1_577_836_800)  // 2020-01-01T00:00:00Z, a Wednesday

    /// Feeds quotes as the backtest loop does: the clock advances to each quote's `tsInit` (due timers
    /// fire first), then the aggregator gets the quote.
    func replay(_ quotes: [QuoteTick], into aggregator: BarAggregator, clock: TestClock) {
        for quote in quotes {
            clock.advanceTime(to: quote.tsInit)
            aggregator.handle(quote: quote)
        }
    }

    @Test func minuteBarsCloseOnTheTimerAndCoverGaps() throws {
        let clock = TestClock(time: t0 + .seconds(30))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL"), sizePrecision: 0, clock: clock, onBar: recorder.handler)
        #expect(clock.nextTime(ofTimer: "EUR/USD.SIM-1-MINUTE-BID-INTERNAL") == t0 + .seconds(60))
        replay([
            quote("1.00000", "1.00002", at: t0 + .seconds(40)),
            quote("1.00020", "1.00022", at: t0 + .seconds(50)),
            quote("0.99990", "0.99992", at: t0 + .seconds(60)),  // at the close: after the timer, so in the next bar
        ], into: aggregator, clock: clock)
        try #require(recorder.bars.count == 1)
        #expect(ohlcv(recorder.bars[0]) == "1.00000,1.00020,1.00000,1.00020,2000000")
        #expect(recorder.bars[0].tsEvent == t0 + .seconds(60) && recorder.bars[0].tsInit == t0 + .seconds(60))

        clock.advanceTime(to: t0 + .minutes(3) + .seconds(10))  // 00:02 has the 00:01:00 quote, 00:03 is empty
        #expect(recorder.bars.map(ohlcv) == [
            "1.00000,1.00020,1.00000,1.00020,2000000",
            "0.99990,0.99990,0.99990,0.99990,1000000",
            "0.99990,0.99990,0.99990,0.99990,0",
        ])
        #expect(recorder.bars.map(\.tsEvent) == [t0 + .minutes(1), t0 + .minutes(2), t0 + .minutes(3)])
        #expect(recorder.bars.map(\.tsInit) == recorder.bars.map(\.tsEvent))
    }

    @Test func timestampOnOpen() throws {
        let clock = TestClock(time: t0 + .seconds(30))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-ASK-INTERNAL"), sizePrecision: 0, clock: clock,
            options: TimeBarOptions(timestampOnClose: false), onBar: recorder.handler)
        replay([quote("1.00000", "1.00002", at: t0 + .seconds(40))], into: aggregator, clock: clock)
        clock.advanceTime(to: t0 + .minutes(3))
        #expect(recorder.bars.map(\.tsEvent) == [t0, t0 + .minutes(1), t0 + .minutes(2)])
        #expect(recorder.bars.map(\.tsInit) == [t0 + .minutes(1), t0 + .minutes(2), t0 + .minutes(3)])
    }

    @Test func noBarsForEmptyIntervalsWhenAsked() throws {
        let clock = TestClock(time: t0)
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-MID-INTERNAL"), sizePrecision: 0, clock: clock,
            options: TimeBarOptions(timestampOnClose: false, buildWithNoUpdates: false), onBar: recorder.handler)
        replay([
            quote("1.00000", "1.00002", at: t0 + .seconds(10)),
            quote("1.00010", "1.00012", at: t0 + .minutes(3) + .seconds(10)),
        ], into: aggregator, clock: clock)
        clock.advanceTime(to: t0 + .minutes(5))
        #expect(recorder.bars.map(ohlcv) == ["1.000010,1.000010,1.000010,1.000010,1000000", "1.000110,1.000110,1.000110,1.000110,1000000"])
        // Each bar opens where its own interval opened, even after empty intervals.
        #expect(recorder.bars.map(\.tsEvent) == [t0, t0 + .minutes(3)])
    }

    @Test func skipsTheFirstBarWhenStartedMidInterval() throws {
        let clock = TestClock(time: t0 + .seconds(30))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL"), sizePrecision: 0, clock: clock,
            options: TimeBarOptions(skipFirstNonFullBar: true), onBar: recorder.handler)
        replay([
            quote("1.00000", "1.00002", at: t0 + .seconds(40)),
            quote("1.00010", "1.00012", at: t0 + .seconds(70)),
        ], into: aggregator, clock: clock)
        clock.advanceTime(to: t0 + .minutes(2))
        #expect(recorder.bars.map(ohlcv) == ["1.00010,1.00010,1.00010,1.00010,1000000"])
        #expect(recorder.bars.map(\.tsEvent) == [t0 + .minutes(2)])
    }

    @Test(arguments: [UInt64(0), 59_000])  // on the boundary, and within the tolerance of min(interval / 1000, 1 ms)
    func keepsTheFirstBarWhenStartedOnABoundary(offsetNanos: UInt64) throws {
        let clock = TestClock(time: t0 + .nanoseconds(offsetNanos))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL"), sizePrecision: 0, clock: clock,
            options: TimeBarOptions(skipFirstNonFullBar: true), onBar: recorder.handler)
        replay([quote("1.00000", "1.00002", at: t0 + .seconds(40))], into: aggregator, clock: clock)
        clock.advanceTime(to: t0 + .minutes(1))
        #expect(recorder.bars.count == 1)
    }

    @Test func firstUpdateAtTheCloseOfAnEmptyIntervalBuildsThatBar() throws {
        let clock = TestClock(time: t0 + .seconds(30))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL"), sizePrecision: 0, clock: clock, onBar: recorder.handler)
        // No price yet when the timer fires at 00:01: nothing is built, but a quote at exactly 00:01 (which
        // arrives after the timer) closes that interval, as in the reference.
        replay([quote("1.00000", "1.00002", at: t0 + .minutes(1))], into: aggregator, clock: clock)
        #expect(recorder.bars.map(ohlcv) == ["1.00000,1.00000,1.00000,1.00000,1000000"])
        #expect(recorder.bars.first?.tsEvent == t0 + .minutes(1))
        clock.advanceTime(to: t0 + .minutes(2))
        #expect(recorder.bars.map(ohlcv).last == "1.00000,1.00000,1.00000,1.00000,0")
    }

    @Test func firstUpdateAfterAnEmptyIntervalWaitsForItsOwnClose() throws {
        let clock = TestClock(time: t0 + .seconds(30))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MINUTE-BID-INTERNAL"), sizePrecision: 0, clock: clock, onBar: recorder.handler)
        replay([quote("1.00000", "1.00002", at: t0 + .seconds(61))], into: aggregator, clock: clock)
        #expect(recorder.bars.isEmpty)
        clock.advanceTime(to: t0 + .minutes(2))
        #expect(recorder.bars.map(\.tsEvent) == [t0 + .minutes(2)])
    }

    @Test(arguments: [
        ("250-MILLISECOND", "2020-01-01T00:00:01.300Z", "2020-01-01T00:00:01.500Z"),
        ("1-SECOND", "2020-01-01T00:00:01.500Z", "2020-01-01T00:00:02Z"),
        ("5-MINUTE", "2020-01-01T00:07:00Z", "2020-01-01T00:10:00Z"),
        // Counted from midnight UTC, not the epoch: 7-minute bars start at 00:00, 00:07, … each day.
        ("7-MINUTE", "2020-01-03T00:10:00Z", "2020-01-03T00:14:00Z"),  // epoch-aligned: 00:16
        ("4-HOUR", "2020-01-01T05:00:00Z", "2020-01-01T08:00:00Z"),
        ("1-DAY", "2020-01-01T05:00:00Z", "2020-01-02T00:00:00Z"),
        ("2-DAY", "2020-01-01T05:00:00Z", "2020-01-03T00:00:00Z"),
        ("1-WEEK", "2020-01-01T05:00:00Z", "2020-01-06T00:00:00Z"),  // from Monday 2019-12-30
        ("1-MONTH", "2020-01-15T05:00:00Z", "2020-02-01T00:00:00Z"),
        ("3-MONTH", "2020-05-10T00:00:00Z", "2020-07-01T00:00:00Z"),  // quarters from 1 January
        ("1-MONTH", "2020-02-01T00:00:00Z", "2020-03-01T00:00:00Z"),
    ])
    func firstCloseIsAligned(spec: String, now: String, firstClose: String) throws {
        let clock = TestClock(time: time(now))
        let text = "EUR/USD.SIM-\(spec)-LAST-INTERNAL"
        let aggregator = try BarAggregator(barType: BarType(text), sizePrecision: 0, clock: clock) { _ in }
        #expect(clock.nextTime(ofTimer: text) == time(firstClose))
        #expect(aggregator.isTimerSet)
    }

    @Test func monthBarsFollowTheCalendar() throws {
        let clock = TestClock(time: time("2020-01-15T00:00:00Z"))
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-MONTH-LAST-INTERNAL"), sizePrecision: 0, clock: clock, onBar: recorder.handler)
        clock.advanceTime(to: time("2020-01-20T00:00:00Z"))
        aggregator.handle(trade: trade("1.5", "2", at: time("2020-01-20T00:00:00Z")))
        clock.advanceTime(to: time("2020-03-15T00:00:00Z"))
        #expect(recorder.bars.map(\.tsEvent) == [time("2020-02-01T00:00:00Z"), time("2020-03-01T00:00:00Z")])
        #expect(recorder.bars.map(ohlcv) == ["1.5,1.5,1.5,1.5,2", "1.5,1.5,1.5,1.5,0"])
        #expect(clock.nextTime(ofTimer: "EUR/USD.SIM-1-MONTH-LAST-INTERNAL") == time("2020-04-01T00:00:00Z"))
    }

    @Test func weekBarsBeforeTheFirstEpochMondayAreRefused() {
        let clock = TestClock(time: .zero)
        #expect {
            _ = try BarAggregator(barType: BarType("EUR/USD.SIM-1-WEEK-LAST-INTERNAL"), sizePrecision: 0, clock: clock) { _ in }
        } throws: { ($0 as? BarAggregationError)?.code == .timer }
    }

    @Test func stopCancelsTheTimer() throws {
        let clock = TestClock(time: t0)
        let recorder = BarRecorder()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-SECOND-BID-INTERNAL"), sizePrecision: 0, clock: clock, onBar: recorder.handler)
        replay([quote("1.00000", "1.00002", at: t0 + .milliseconds(10))], into: aggregator, clock: clock)
        aggregator.stop()
        aggregator.stop()
        #expect(!aggregator.isTimerSet && clock.timerNames.isEmpty)
        clock.advanceTime(to: t0 + .seconds(5))
        #expect(recorder.bars.isEmpty)
    }

    @Test func releasingTheAggregatorCancelsTheTimer() throws {
        let clock = TestClock(time: t0)
        var aggregator: BarAggregator? = try BarAggregator(
            barType: BarType("EUR/USD.SIM-1-SECOND-BID-INTERNAL"), sizePrecision: 0, clock: clock) { _ in }
        #expect(clock.timerNames == ["EUR/USD.SIM-1-SECOND-BID-INTERNAL"])
        aggregator = nil
        #expect(aggregator == nil && clock.timerNames.isEmpty)
    }

    @Test func tickAggregatorsSetNoTimer() throws {
        let clock = TestClock(time: t0)
        let aggregator = try BarAggregator(barType: BarType("EUR/USD.SIM-100-TICK-MID-INTERNAL"), sizePrecision: 0, clock: clock) { _ in }
        #expect(!aggregator.isTimerSet && clock.timerNames.isEmpty)
        aggregator.stop()
    }
}
