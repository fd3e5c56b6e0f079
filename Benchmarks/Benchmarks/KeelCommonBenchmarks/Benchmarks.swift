// Benchmarks of KeelCommon: message bus dispatch and clock advancing. One scaled iteration = 1,000
// operations, so a figure in µs is ns per operation and a malloc count of N is N/1,000 per operation.

import Benchmark
import KeelCommon
import KeelCore
import KeelModel

let operations = 1_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )

    let id = InstrumentId("GBP/USD.SIM")
    let quote = QuoteTick(
        instrumentId: id, bidPrice: Price(raw: 1_576_160_000, precision: 5), askPrice: Price(raw: 1_576_170_000, precision: 5),
        bidSize: Quantity(units: 1_000_000), askSize: Quantity(units: 1_000_000), tsEvent: .zero, tsInit: .zero)

    for subscribers in [1, 10] {
        Benchmark("MessageBus: publish a quote to \(subscribers) subscriber(s) through a Publisher") { benchmark in
            let bus = MessageBus(traderId: TraderId("TRADER-001"))
            var sink = 0
            for _ in 0..<subscribers { bus.subscribe(Topics.quotes(id)) { q in sink &+= Int(truncatingIfNeeded: q.bidPrice.raw) } }
            let publisher = bus.publisher(for: Topics.quotes(id))
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                for _ in 0..<operations { publisher.publish(quote) }
            }
            benchmark.stopMeasurement()
            blackHole(sink)
        }
    }

    Benchmark("MessageBus: publish a quote by topic (lookup per message, 1 subscriber)") { benchmark in
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        var sink = 0
        bus.subscribe(Topics.quotes(id)) { q in sink &+= Int(truncatingIfNeeded: q.bidPrice.raw) }
        let topic = Topics.quotes(id)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<operations { bus.publish(topic, quote) }
        }
        benchmark.stopMeasurement()
        blackHole(sink)
    }

    Benchmark("TestClock: advance with a timer set but not due") { benchmark in
        let clock = TestClock(time: UnixNanos(seconds: 1))
        try! clock.setTimer(name: "bar", interval: .hours(1_000_000), startTime: nil, stopTime: nil) { _ in }
        var t = clock.timestampNs
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for _ in 0..<operations {
                t = t + .nanoseconds(1)
                clock.advanceTime(to: t)
            }
        }
        benchmark.stopMeasurement()
    }
}
