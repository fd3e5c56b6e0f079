// Fill, fee and latency models.

import KeelBacktest
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct ModelTests {
    @Test(arguments: [
        (Int64(1_000), "1.57611", LiquiditySide.taker, "0.03"),
        (1_000, "1.57500", .taker, "0.03"),
        (1_000, "1.57700", .maker, "0.03"),
        (100_000, "1.57611", .taker, "3.15"),
        (250_000, "1.00000", .maker, "5.00"),
        (1_000_000, "1.31275", .taker, "26.26"),
    ])
    func makerTakerCommissionIsRoundedToCents(quantity: Int64, price: String, side: LiquiditySide, expected: String) throws {
        let commission = FeeModel.makerTaker.commission(
            instrument: TestInstruments.gbpusdSim.spec, quantity: qty(quantity), price: px(price), liquiditySide: side,
            isFirstFill: true)
        #expect(commission == (try Money(expected, .usd)))
    }

    @Test func fixedFeeIsChargedOncePerOrderOrPerFill() throws {
        let fee = try Money("1.50", .usd)
        let spec = TestInstruments.gbpusdSim.spec
        let once = FeeModel.fixed(fee, chargeOnce: true)
        let every = FeeModel.fixed(fee, chargeOnce: false)
        #expect(once.commission(instrument: spec, quantity: qty(1), price: px("1.5"), liquiditySide: .taker, isFirstFill: true) == fee)
        #expect(once.commission(instrument: spec, quantity: qty(1), price: px("1.5"), liquiditySide: .taker, isFirstFill: false).raw == 0)
        #expect(every.commission(instrument: spec, quantity: qty(1), price: px("1.5"), liquiditySide: .taker, isFirstFill: false) == fee)
    }

    @Test(arguments: [UInt64(42), 7, 0])
    func seededFillModelDrawsTheSameSequence(seed: UInt64) {
        var a = FillModel(probabilityFillOnLimit: 0.2, probabilityFillOnStop: 0.95, probabilitySlippage: 0.5, seed: seed)
        var b = FillModel(probabilityFillOnLimit: 0.2, probabilityFillOnStop: 0.95, probabilitySlippage: 0.5, seed: seed)
        var drawsA: [Bool] = []
        var drawsB: [Bool] = []
        for _ in 0..<200 {
            drawsA += [a.isLimitFilled(), a.isStopFilled(), a.isSlipped()]
            drawsB += [b.isLimitFilled(), b.isStopFilled(), b.isSlipped()]
        }
        #expect(drawsA == drawsB, "seed \(seed)")
        #expect(drawsA.contains(true) && drawsA.contains(false), "seed \(seed)")
        var restarted = a.restarted()
        #expect(restarted.isLimitFilled() == drawsB[0], "seed \(seed)")
    }

    @Test func certainProbabilitiesDrawNothing() {
        var certain = FillModel(seed: 5)
        for _ in 0..<10 { #expect(certain.isLimitFilled() && certain.isStopFilled() && !certain.isSlipped()) }
        var fresh = FillModel(probabilityFillOnLimit: 0.5, seed: 5)
        var used = FillModel(probabilityFillOnLimit: 0.5, seed: 5)
        for _ in 0..<10 { _ = used.isStopFilled() }  // probability 1: no draw
        #expect((0..<50).map { _ in fresh.isLimitFilled() } == (0..<50).map { _ in used.isLimitFilled() })
    }

    @Test(arguments: [(0.0, false), (1.0, true)])
    func limitAtTheTouchFillsByTheModel(probability: Double, fills: Bool) {
        let h = BacktestHarness(fillModel: FillModel(probabilityFillOnLimit: probability, seed: 1))
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57600")
        h.submit(order)
        h.advance(seconds: 1)
        h.quote("1.57600", "1.57600")  // locked at the limit: the order is at the touch
        #expect((order.status == .filled) == fills)
    }

    @Test func certainSlippageMovesTheFillOneTick() throws {
        let h = BacktestHarness(fillModel: FillModel(probabilitySlippage: 1))
        h.quote("1.57610", "1.57620")
        let order = h.market(.buy)
        h.submit(order)
        #expect(try #require(h.fills(order).first).lastPx == px("1.57621"))
    }

    @Test func latencyModelAddsTheBaseToEachType() {
        let model = LatencyModel(base: .milliseconds(1), insert: .milliseconds(2), update: .milliseconds(3), cancel: .milliseconds(4))
        #expect(model.insertLatency == .milliseconds(3))
        #expect(model.updateLatency == .milliseconds(4))
        #expect(model.cancelLatency == .milliseconds(5))
    }
}

@Suite struct MatchingTrapTests {
    @Test func quoteAtAnotherPrecisionTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = BacktestHarness()
            h.exchange.process(quote: QuoteTick(
                instrumentId: BacktestHarness.gbpusd.id, bidPrice: try! Price("1.5761"), askPrice: try! Price("1.5762"),
                bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: h.now, tsInit: h.now))
        }
    }

    @Test func dataForAnInstrumentNotAddedTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = BacktestHarness()
            h.exchange.process(quote: QuoteTick(
                instrumentId: TestInstruments.eurusdSim.id, bidPrice: try! Price("1.10000"), askPrice: try! Price("1.10010"),
                bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: h.now, tsInit: h.now))
        }
    }

    @Test func instrumentOfAnotherVenueTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = BacktestHarness()
            h.exchange.add(instrument: TestInstruments.esh4Glbx.instrument)
        }
    }

    @Test func addingAnInstrumentTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = BacktestHarness()
            h.exchange.add(instrument: BacktestHarness.gbpusd.instrument)
        }
    }

    @Test func probabilityOutsideZeroToOneTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = FillModel(probabilityFillOnLimit: 1.5)
        }
    }

    @Test func barOfMarkPricesTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = BacktestHarness()
            h.bar(.mark, "1.57550", "1.57700", "1.57500", "1.57600")
        }
    }
}
