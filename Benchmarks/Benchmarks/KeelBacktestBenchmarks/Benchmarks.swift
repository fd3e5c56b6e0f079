// The allocation gate of the backtest hot path: quotes streamed through a BacktestEngine — merger,
// clock, simulated exchange with a resting order to match against, data engine with cache writes, an
// internal 100-tick bar aggregator, bus dispatch to a strategy that reads the cache and updates two
// EMAs. Two runs of different lengths: if nothing is allocated per quote, both allocate the same
// (set-up) amount. `Thresholds/` holds the checked-in limits; `scripts/bench-gate.sh` fails when a run
// allocates more.

import Benchmark
import KeelBacktest
import KeelCore
import KeelData
import KeelExamples
import KeelIndicators
import KeelModel
import KeelTestKit
import KeelTrading
import Logging

/// Reads every quote and every 100-tick mid bar; rests one far-away limit order so that the matching
/// engine looks at an order on every quote.
final class QuoteAndBarReader: Strategy {
    let instrumentId = InstrumentId("EUR/USD.SIM")
    var fast = ExponentialMovingAverage(period: 10)
    var slow = ExponentialMovingAverage(period: 20)
    var quotes = 0
    var lastBid: Int64 = 0

    init() { super.init(config: StrategyConfig(strategyId: StrategyId("Gate-001"))) }

    override func onStart() {
        subscribeQuotes(instrumentId)
        subscribeBars(Scenarios.s2BarType)
        let order = try! orderFactory.limit(
            instrumentId: instrumentId, side: .buy, quantity: Quantity(units: 1_000), price: Price(raw: 500_000_000, precision: 5),
            tsInit: clock.timestampNs)
        submitOrder(order)
    }

    override func onQuote(_ quote: QuoteTick) {
        quotes &+= 1
        lastBid = cache.quote(for: instrumentId)!.bidPrice.raw
    }

    override func onBar(_ bar: Bar) {
        fast.update(bar.close.doubleValue)
        slow.update(bar.close.doubleValue)
    }
}

/// The hot path over `quotes` S2 quotes: value by value from a closure (`chunked: false`), or written straight
/// into the engine's chunks as `keel backtest` does for S2 (`chunked: true`).
func gateRun(quotes: Int, chunked: Bool = false) -> Int {
    let source = SharedData.path("data/fx/quote_tick_data.csv")
    let s2 = try! S2Stream(sourcePath: source, repeats: (quotes + 9_499) / 9_500)
    let engine = BacktestEngine(config: BacktestEngineConfig(), logger: Logger(label: "gate"))
    try! engine.addVenue(SimulatedVenueConfig(
        venue: Venue("SIM"), omsType: .hedging, accountType: .margin, baseCurrency: .usd,
        startingBalances: [try! Money("1000000.00", .usd)], defaultLeverage: 10))
    try! engine.addInstrument(.currencyPair(try! Scenarios.defaultFX(base: .eur, quote: .usd)))
    var it = s2.lazyQuotes()
    var left = quotes
    if chunked {
        engine.addStream(MarketDataStream(name: "S2") { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
            chunk.appendQuotes { (out: inout [QuoteTick]) in
                let before = out.count
                it.next(into: &out, limit: min(MarketDataChunk.capacity, before + left))
                left -= out.count - before
            }
        })
    } else {
        engine.addStream(MarketDataStream(name: "S2") { () throws(MarketDataStreamError) -> MarketData? in
            guard left > 0, let q = it.next() else { return nil }
            left -= 1
            return .quote(q)
        })
    }
    let reader = QuoteAndBarReader()
    engine.addStrategy(reader)
    _ = try! engine.run()
    precondition(reader.quotes == quotes)
    return reader.quotes
}

let benchmarks: @Sendable () -> Void = {
    // Only allocations are gated: they are deterministic, unlike times on a shared machine. The
    // tolerance (100 per run, at p90) absorbs the few set-up allocations that vary; one allocation per
    // quote would add 100,000 or 1,000,000.
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal],
        maxDuration: .seconds(20),
        maxIterations: 3,
        thresholds: [.mallocCountTotal: BenchmarkThresholds(absolute: [.p90: 100])]
    )
    Benchmark("HotPath.quotes100k") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(gateRun(quotes: 100_000)) }
    }
    Benchmark("HotPath.quotes1M") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(gateRun(quotes: 1_000_000)) }
    }
    Benchmark("HotPath.chunkedQuotes1M") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(gateRun(quotes: 1_000_000, chunked: true)) }
    }
}
