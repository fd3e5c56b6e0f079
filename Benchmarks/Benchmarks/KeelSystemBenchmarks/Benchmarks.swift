// Benchmarks of the kernel's hot paths: a quote from the data engine to a strategy's handler (cache
// write and bus dispatch included), and an order from a strategy through the risk engine to its
// execution client. One scaled iteration = 1,000 operations for quotes (µs = ns per quote), and one
// order for orders.

import Benchmark
import KeelCommon
import KeelCore
import KeelModel
import KeelPortfolio
import KeelRisk
import KeelSystem
import KeelTestKit
import KeelTrading

final class QuoteCounter: Strategy {
    let instrumentId: InstrumentId
    var count = 0
    var lastBid: Int64 = 0
    init(_ instrumentId: InstrumentId) {
        self.instrumentId = instrumentId
        super.init(config: StrategyConfig(strategyId: StrategyId("Bench-001")))
    }
    override func onStart() { subscribeQuotes(instrumentId) }
    override func onQuote(_ quote: QuoteTick) {
        count &+= 1
        lastBid = cache.quote(for: instrumentId)!.bidPrice.raw
    }
}

func makeKernel(bypassRisk: Bool) -> (Kernel, QuoteCounter, TestExecutionClient, TestClock) {
    let clock = TestClock(time: UnixNanos(seconds: 1_577_898_000))
    let kernel = Kernel(config: KernelConfig(traderId: TraderId("TRADER-001"), seed: 1, riskEngine: RiskEngineConfig(bypass: bypassRisk)), clock: clock)
    let data = TestDataClient(clientId: ClientId("SIM"), venue: Venue("SIM"))
    let exec = TestExecutionClient(venue: Venue("SIM"), omsType: .netting, msgbus: kernel.msgbus, clock: clock)
    kernel.addDataClient(data)
    kernel.addExecutionClient(exec)
    kernel.cache.add(instrument: TestInstruments.eurusdSim.instrument)
    let strategy = QuoteCounter(TestInstruments.eurusdSim.spec.id)
    kernel.addStrategy(strategy)
    try! kernel.start()
    return (kernel, strategy, exec, clock)
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    Benchmark("Kernel: quote from the data engine to a strategy handler (cache write + dispatch)") { benchmark in
        let (kernel, strategy, _, _) = makeKernel(bypassRisk: true)
        let id = TestInstruments.eurusdSim.spec.id
        let quotes = (0..<1_000).map { i in
            QuoteTick(
                instrumentId: id, bidPrice: Price(raw: 1_121_000_000 + Int64(i % 50) * 10_000, precision: 5),
                askPrice: Price(raw: 1_121_020_000 + Int64(i % 50) * 10_000, precision: 5),
                bidSize: Quantity(units: 1_000_000), askSize: Quantity(units: 1_000_000),
                tsEvent: UnixNanos(seconds: 1_577_898_000), tsInit: UnixNanos(seconds: 1_577_898_000))
        }
        for q in quotes { kernel.dataEngine.process(quote: q) }  // fill the cache's ring
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for q in quotes { kernel.dataEngine.process(quote: q) }
        }
        benchmark.stopMeasurement()
        blackHole(strategy.count)
    }

    for bypass in [false, true] {
        Benchmark(
            "Kernel: submit a market order through \(bypass ? "a bypassed" : "the") risk engine to the execution client",
            configuration: .init(scalingFactor: .one, maxDuration: .seconds(2), maxIterations: 20_000)
        ) { benchmark in
            let (kernel, strategy, exec, _) = makeKernel(bypassRisk: bypass)
            // Allow every submit through the throttle: this measures checks and routing, not rate limits.
            _ = kernel
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                let order = try! strategy.orderFactory.market(
                    instrumentId: strategy.instrumentId, side: .buy, quantity: Quantity(units: 100_000), tsInit: strategy.clock.timestampNs)
                strategy.submitOrder(order)
            }
            benchmark.stopMeasurement()
            blackHole(exec.commands.count)
        }
    }
}
