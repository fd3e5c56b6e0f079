// Checks that aggregating an update allocates nothing once warm. Runs only when the process has the
// per-thread malloc counter of scripts/malloc-count/ preloaded (see the header of malloc_count.c);
// otherwise the test is skipped, since Swift has no portable way to count allocations in-process.

#if canImport(Glibc)
import Glibc
#endif
import KeelCommon
import KeelCore
import KeelData
import KeelModel
import Testing

@Suite struct AllocationTests {
    typealias Counter = @convention(c) () -> UInt64

    static func counter() -> Counter? {
        #if canImport(Glibc)
        guard let symbol = dlsym(nil, "keel_thread_malloc_count") else { return nil }
        return unsafeBitCast(symbol, to: Counter.self)
        #else
        return nil
        #endif
    }

    static var counterLoaded: Bool { counter() != nil }

    @Test(
        .enabled(if: counterLoaded, "needs LD_PRELOAD of scripts/malloc-count (see malloc_count.c)"),
        arguments: ["100-TICK-MID", "2500000-VOLUME-BID", "3000000-VALUE-ASK", "1-SECOND-MID", "1-MINUTE-BID"])
    func aggregatingAllocatesNothingPerUpdate(spec: String) throws {
        let count = try #require(Self.counter())
        let start = UnixNanos(seconds: 1_577_836_800)
        let quotes = (0..<20_000).map { i in
            let bid = Price(raw: 1_121_000_000 + Int64((i * 7_919) % 400) * 10_000, precision: 5)
            let ask = Price(raw: bid.raw + Int64(i % 5 + 1) * 10_000, precision: 5)
            let ts = start + .milliseconds(UInt64(i) * 150)
            return QuoteTick(
                instrumentId: eurusd, bidPrice: bid, askPrice: ask, bidSize: Quantity(units: 1_000_000),
                askSize: Quantity(units: 1_500_000), tsEvent: ts, tsInit: ts)
        }
        let clock = TestClock(time: start)
        final class Sink { var bars = 0 }
        let sink = Sink()
        let aggregator = try BarAggregator(
            barType: BarType("EUR/USD.SIM-\(spec)-INTERNAL"), sizePrecision: 0, clock: clock) { _ in sink.bars += 1 }
        // Index loops: in debug builds iterating an array of large values allocates in the iterator itself.
        for i in 0..<2_000 {
            clock.advanceTime(to: quotes[i].tsInit)
            aggregator.handle(quote: quotes[i])
        }
        let barsBefore = sink.bars
        let before = count()
        for i in 2_000..<quotes.count {
            clock.advanceTime(to: quotes[i].tsInit)
            aggregator.handle(quote: quotes[i])
        }
        let allocations = count() - before
        let bars = sink.bars - barsBefore
        #expect(bars > 0, "the measured stretch emits bars")
        if aggregator.isTimerSet {
            // TestClock (KeelCommon) allocates once per timer firing (measured in a debug build: 1,000
            // firings of an empty timer, 1,004 allocations); here every firing emits one bar.
            #expect(allocations <= bars, "\(allocations) allocations for 18,000 updates and \(bars) bars")
        } else {
            #expect(allocations == 0, "\(allocations) allocations for 18,000 updates and \(bars) bars")
        }
    }
}
