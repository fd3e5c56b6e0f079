import Benchmark
import KeelCore
import KeelModel

/// Order state transitions: submitted → accepted → filled applied to fresh LIMIT orders. Orders and
/// events are built before the measurement starts; one operation is one order's three transitions.
func registerOrderBenchmarks() {
    Benchmark("Order: submit, accept, fill (3 transitions per operation)") { benchmark in
        let n = benchmark.scaledIterations.count
        let factory = OrderFactory(traderId: TraderId("TRADER-001"), strategyId: StrategyId("S-001"), seed: 1)
        let instrumentId = InstrumentId("GBP/USD.SIM")
        let account = AccountId("SIM-001")
        let t0 = UnixNanos(seconds: 1_328_056_140)
        var orders: [Order] = []
        var events: [(OrderEvent, OrderEvent, OrderEvent)] = []
        orders.reserveCapacity(n)
        events.reserveCapacity(n)
        for i in 0..<n {
            let o = try! factory.limit(instrumentId: instrumentId, side: .buy, quantity: Quantity(units: 1_000), price: Price(raw: 1_576_160_000, precision: 5), tsInit: t0)
            orders.append(o)
            let id = o.clientOrderId
            let (t, s) = (o.traderId, o.strategyId)
            let e = factory.generateEventId()
            events.append((
                .submitted(OrderSubmitted(traderId: t, strategyId: s, instrumentId: instrumentId, clientOrderId: id, accountId: account, eventId: e, tsEvent: t0, tsInit: t0)),
                .accepted(OrderAccepted(traderId: t, strategyId: s, instrumentId: instrumentId, clientOrderId: id, venueOrderId: VenueOrderId("V-\(i)"), accountId: account, eventId: e, tsEvent: t0, tsInit: t0)),
                .filled(OrderFilled(traderId: t, strategyId: s, instrumentId: instrumentId, clientOrderId: id, venueOrderId: VenueOrderId("V-\(i)"), accountId: account, tradeId: TradeId("T-\(i)"), orderSide: .buy, orderType: .limit, lastQty: Quantity(units: 1_000), lastPx: Price(raw: 1_576_160_000, precision: 5), currency: .usd, liquiditySide: .maker, eventId: e, tsEvent: t0, tsInit: t0, commission: Money(raw: 30_000_000, currency: .usd)))
            ))
        }
        benchmark.startMeasurement()
        for i in benchmark.scaledIterations {
            let o = orders[i]
            let (a, b, c) = events[i]
            try! o.apply(a)
            try! o.apply(b)
            try! o.apply(c)
        }
        benchmark.stopMeasurement()
        blackHole(orders)
    }
}
