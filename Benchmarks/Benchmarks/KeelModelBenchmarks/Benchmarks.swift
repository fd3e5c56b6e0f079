// Benchmarks of KeelModel's hot values: decimal parsing, fixed-point arithmetic at 64 and 128 bits,
// identifier hashing and copying. Setup stays outside the measured loops; every result goes to
// `blackHole`. Figures are per operation: each benchmark runs `scaledIterations` operations per sample.

import Benchmark
import KeelCore
import KeelModel

/// Price with a 128-bit raw: the alternative representation measured against `Price` (64-bit raw).
struct Price128: Hashable, Comparable {
    let raw: Int128
    let precision: UInt8
    static func < (a: Price128, b: Price128) -> Bool { a.raw < b.raw }
    static func + (a: Price128, b: Price128) -> Price128 {
        precondition(a.precision == b.precision)
        return Price128(raw: a.raw + b.raw, precision: a.precision)
    }
}

let operations = 1_000

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .throughput],
        scalingFactor: .kilo,
        maxDuration: .seconds(2),
        maxIterations: 1_000
    )
    registerOrderBenchmarks()
    registerOrderBookBenchmarks()

    // Control: proves the malloc counter works here (expect `operations` mallocs per scaled iteration).
    Benchmark("Control: one heap allocation per operation") { benchmark in
        for _ in benchmark.scaledIterations {
            for i in 0..<operations { blackHole([i, i + 1]) }
        }
    }

    let texts = (0..<operations).map { i in "1.\(String(12_000 + (i * 37) % 9_000))\(i % 10)" }
    Benchmark("Price: decimal text to Price (64-bit raw)") { benchmark in
        for _ in benchmark.scaledIterations {
            for t in texts { blackHole(try? Price(t)) }
        }
    }

    // Parsing straight from bytes, as a CSV loader does (no String per field).
    let joined = Array(texts.joined(separator: ",").utf8)
    Benchmark("Price: decimal bytes to raw (FixedPoint.parse from a buffer)") { benchmark in
        for _ in benchmark.scaledIterations {
            joined.withUnsafeBufferPointer { buf in
                var start = 0
                for i in 0...buf.count where i == buf.count || buf[i] == UInt8(ascii: ",") {
                    let field = UnsafeBufferPointer(rebasing: buf[start..<i])
                    if case .success(let p) = FixedPoint.parse(field) { blackHole(p.raw) }
                    start = i + 1
                }
            }
        }
    }

    let prices = (0..<operations).map { Price(raw: Int64($0) * 10_000 + 1_570_000_000, precision: 5) }
    Benchmark("Price: add and compare (64-bit raw)") { benchmark in
        for _ in benchmark.scaledIterations {
            var acc = Price.zero(precision: 5)
            for p in prices {
                acc = acc + p
                if acc > p { acc = acc - p }
            }
            blackHole(acc)
        }
    }

    let prices128 = prices.map { Price128(raw: Int128($0.raw), precision: 5) }
    Benchmark("Price: add and compare (128-bit raw, alternative)") { benchmark in
        for _ in benchmark.scaledIterations {
            var acc = Price128(raw: 0, precision: 5)
            for p in prices128 {
                acc = acc + p
                if acc > p { acc = Price128(raw: acc.raw - p.raw, precision: 5) }
            }
            blackHole(acc)
        }
    }

    // Notional: price (Int64) x quantity (Int64) -> Int128 money, then a fee rate.
    let qty = Quantity(units: 1_000)
    Benchmark("Money: notional and fee of a fill (Int128)") { benchmark in
        for _ in benchmark.scaledIterations {
            var total = Money.zero(.usd)
            for p in prices {
                let notional = Money(rawRounding: Int128(p.raw) * Int128(qty.raw) / 1_000_000_000, currency: .usd)
                total += notional.multiplied(byRateRaw: 20_000)
            }
            blackHole(total)
        }
    }

    Benchmark("Price: round to precision") { benchmark in
        for _ in benchmark.scaledIterations {
            for p in prices { blackHole(p.rounded(toPrecision: 3)) }
        }
    }

    let ids = (0..<operations).map { InstrumentId(symbol: Symbol("SYM\($0)/USD"), venue: Venue("SIM")) }
    Benchmark("InstrumentId: hash") { benchmark in
        for _ in benchmark.scaledIterations {
            for id in ids { blackHole(id.hashValue) }
        }
    }

    Benchmark("InstrumentId: copy and compare") { benchmark in
        for _ in benchmark.scaledIterations {
            var copies = 0
            var last = ids[0]
            for id in ids {
                let copy = id
                if copy == last { copies += 1 }
                last = copy
            }
            blackHole(copies)
        }
    }

    var table: [InstrumentId: Int] = [:]
    for (i, id) in ids.enumerated() { table[id] = i }
    Benchmark("InstrumentId: dictionary lookup") { benchmark in
        for _ in benchmark.scaledIterations {
            var sum = 0
            for id in ids { sum &+= table[id] ?? 0 }
            blackHole(sum)
        }
    }

    let orderIds = (0..<operations).map { ClientOrderId("O-20120201-002900-001-000-\($0)") }
    Benchmark("ClientOrderId: hash (27 bytes, beyond String's inline 15)") { benchmark in
        for _ in benchmark.scaledIterations {
            for id in orderIds { blackHole(id.hashValue) }
        }
    }
    let orderStrings = orderIds.map(\.value)
    Benchmark("String: hash of the same order ids (for comparison)") { benchmark in
        for _ in benchmark.scaledIterations {
            for s in orderStrings { blackHole(s.hashValue) }
        }
    }
}
