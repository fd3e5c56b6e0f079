import Benchmark
import KeelCore
import KeelModel
import KeelTestKit

/// Order book delta application.
///
/// The steady-state benchmarks apply a cycle of 1,000 deltas that returns the book to its starting
/// state, so every sample measures the same work on a warm book: one scaled iteration = 1,000 deltas,
/// so a figure in µs is ns per delta and a malloc count of N is N/1,000 per delta.
func registerOrderBookBenchmarks() {
    let id = InstrumentId("ESH4.GLBX")
    let t = UnixNanos(seconds: 1_703_548_799)
    func px(_ ticks: Int64) -> Price { Price(raw: (4_800_00 + ticks * 25) * 10_000_000, precision: 2) }
    func qty(_ n: Int64) -> Quantity { Quantity(raw: n * 1_000_000_000, precision: 0) }
    func delta(_ action: BookAction, _ side: OrderSide, _ ticks: Int64, _ size: Int64, _ orderId: UInt64) -> OrderBookDelta {
        OrderBookDelta(instrumentId: id, action: action, order: BookOrder(side: side, price: px(ticks), size: qty(size), orderId: orderId), flags: 0, sequence: 0, tsEvent: t, tsInit: t)
    }

    // L3: 10 levels a side, 10 orders a level; the cycle adds 250 orders near the top, updates them,
    // deletes them, then adds and deletes 125 more one by one.
    var l3 = OrderBook(instrumentId: id, bookType: .l3MBO, expectedOrders: 1_024)
    var nextId: UInt64 = 1
    for level in 0..<10 {
        for _ in 0..<10 {
            try! l3.apply(delta(.add, .buy, -Int64(level) - 1, 5, nextId)); nextId += 1
            try! l3.apply(delta(.add, .sell, Int64(level) + 1, 5, nextId)); nextId += 1
        }
    }
    var l3Cycle: [OrderBookDelta] = []
    var rng = SeededGenerator(seed: 3)
    var added: [(OrderSide, Int64, UInt64)] = []
    for k in 0..<250 {
        let side: OrderSide = k % 2 == 0 ? .buy : .sell
        let ticks = (side == .buy ? -1 : 1) * Int64(1 + rng.nextInt(below: 5))
        let oid = 1_000_000 + UInt64(k)
        added.append((side, ticks, oid))
        l3Cycle.append(delta(.add, side, ticks, 3, oid))
    }
    for (side, ticks, oid) in added { l3Cycle.append(delta(.update, side, ticks, 2, oid)) }
    for (side, ticks, oid) in added { l3Cycle.append(delta(.delete, side, ticks, 2, oid)) }
    for k in 0..<125 {
        let oid = 2_000_000 + UInt64(k)
        l3Cycle.append(delta(.add, .buy, -1, 1, oid))
        l3Cycle.append(delta(.delete, .buy, -1, 1, oid))
    }
    precondition(l3Cycle.count == 1_000)
    Benchmark("OrderBook L3: apply delta (steady state, near the top)") { benchmark in
        var book = l3
        for d in l3Cycle { try! book.apply(d) }  // warm the pools
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for d in l3Cycle { try! book.apply(d) }
            blackHole(book.bestBidPrice)
        }
        benchmark.stopMeasurement()
    }

    // L2: 20 levels a side; the cycle updates sizes, creates 250 new levels, removes them, restores sizes.
    var l2 = OrderBook(instrumentId: id, bookType: .l2MBP)
    for level in 0..<20 {
        try! l2.apply(delta(.add, .buy, -Int64(level) * 2 - 2, 10, 0))
        try! l2.apply(delta(.add, .sell, Int64(level) * 2 + 2, 10, 0))
    }
    var l2Cycle: [OrderBookDelta] = []
    for k in 0..<250 {
        let side: OrderSide = k % 2 == 0 ? .buy : .sell
        l2Cycle.append(delta(.update, side, (side == .buy ? -1 : 1) * (Int64(k % 20) * 2 + 2), 7, 0))
    }
    var odd: [(OrderSide, Int64)] = []
    for k in 0..<250 {
        let side: OrderSide = k % 2 == 0 ? .buy : .sell
        let ticks = (side == .buy ? -1 : 1) * (Int64(k % 125) * 2 + 1)
        odd.append((side, ticks))
    }
    var seen = Set<Int64>()
    var created: [(OrderSide, Int64)] = []
    for (side, ticks) in odd where seen.insert(ticks).inserted { created.append((side, ticks)) }
    for (side, ticks) in created { l2Cycle.append(delta(.update, side, ticks, 4, 0)) }
    for (side, ticks) in created { l2Cycle.append(delta(.delete, side, ticks, 0, 0)) }
    for k in 0..<(1_000 - l2Cycle.count) {
        let side: OrderSide = k % 2 == 0 ? .buy : .sell
        l2Cycle.append(delta(.update, side, (side == .buy ? -1 : 1) * (Int64(k % 20) * 2 + 2), 10, 0))
    }
    Benchmark("OrderBook L2: apply delta (steady state, levels created and removed)") { benchmark in
        var book = l2
        for d in l2Cycle { try! book.apply(d) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for d in l2Cycle { try! book.apply(d) }
            blackHole(book.bestAskPrice)
        }
        benchmark.stopMeasurement()
    }

    // The real ES MBO day of scenario S3 (65,819 deltas) into a fresh L3 book, reading the top of the
    // book after every delta as the reference strategy does. One iteration = one whole replay.
    if SharedData.exists(MBOFixture.relativePath) {
        let deltas = try! MBOFixture.deltas()
        Benchmark(
            "OrderBook L3: replay the ES MBO day (65,819 deltas, top read after each)",
            configuration: .init(scalingFactor: .one, maxDuration: .seconds(3), maxIterations: 200)
        ) { benchmark in
            for _ in benchmark.scaledIterations {
                var book = OrderBook(instrumentId: id, bookType: .l3MBO, expectedOrders: 16_384)
                var reads = 0
                for d in deltas {
                    do { try book.apply(d) } catch { reads &+= 1 }
                    if book.bestBidPrice != nil { reads &+= 1 }
                    if book.bestAskPrice != nil { reads &+= 1 }
                }
                blackHole(reads)
            }
        }
    }
}
