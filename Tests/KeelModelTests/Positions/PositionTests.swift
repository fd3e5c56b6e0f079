import KeelCore
@testable import KeelModel
import KeelTestKit
import Testing

/// Fills for position tests, built through the production initialiser of `OrderFilled`.
enum PositionFixtures {
    static let trader = TraderId("TRADER-001")
    static let strategy = StrategyId("S-001")
    static let account = AccountId("SIM-001")
    static let t0 = UnixNanos(seconds: 1_328_056_140)
    nonisolated(unsafe) static var nextTrade = 0

    static func fill(
        _ side: OrderSide, _ qty: String, _ px: String, instrument: some InstrumentDefinition = TestInstruments.gbpusdSim,
        order: String = "O-1", trade: String? = nil, commission: Money? = nil, at seconds: UInt64 = 0,
        positionId: String = "P-1"
    ) -> OrderFilled {
        let spec = instrument.spec
        return OrderFilled(
            traderId: trader, strategyId: strategy, instrumentId: spec.id, clientOrderId: ClientOrderId(order),
            venueOrderId: VenueOrderId("V-" + order), accountId: account,
            tradeId: TradeId(trade ?? "T-\(order)-\(side)-\(qty)-\(px)"), orderSide: side, orderType: .market,
            lastQty: try! Quantity(qty, precision: spec.sizePrecision), lastPx: try! Price(px, precision: spec.pricePrecision),
            currency: spec.quoteCurrency, liquiditySide: .taker, eventId: UUID4(high: 1, low: seconds),
            tsEvent: t0 + .seconds(seconds), tsInit: t0 + .seconds(seconds), positionId: PositionId(positionId),
            commission: commission)
    }

    static func usd(_ text: String) -> Money { try! Money(text, .usd) }
}

@Suite struct PositionTests {
    typealias F = PositionFixtures

    @Test func opensLongFromAFill() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.57616", commission: F.usd("0.03")))
        #expect(p.side == .long)
        #expect(p.entry == .buy)
        #expect(p.quantity == Quantity(units: 1_000))
        #expect(p.averageOpenPrice == (try Price("1.576160")))
        #expect(p.realizedPnl == F.usd("-0.03"))
        #expect(p.commission(in: .usd) == F.usd("0.03"))
        #expect(p.isOpen)
        #expect(p.id == PositionId("P-1"))
    }

    @Test func closingLongRealizesPnlIncludingCommissions() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.57616", commission: F.usd("0.03")))
        try p.apply(F.fill(.sell, "1000", "1.57716", order: "O-2", commission: F.usd("0.03"), at: 60))
        #expect(p.isClosed)
        #expect(p.side == .flat)
        #expect(p.realizedPnl == F.usd("0.94"))  // 0.001 x 1000 - 0.06
        #expect(p.closingOrderId == ClientOrderId("O-2"))
        #expect(p.durationNanos == .seconds(60))
        #expect(p.avgPxClose == 1.57716)
        #expect(abs(p.realizedReturn - (1.57716 - 1.57616) / 1.57616) < 1e-12)
    }

    @Test func shortPositionGainsWhenPriceFalls() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.sell, "1000", "1.20000"))
        #expect(p.side == .short)
        #expect(p.unrealizedPnl(at: try Price("1.10000")) == F.usd("100.00"))
        try p.apply(F.fill(.buy, "1000", "1.10000", order: "O-2"))
        #expect(p.realizedPnl == F.usd("100.00"))
        #expect(p.isClosed)
    }

    @Test func addingAndReducingKeepsAnExactAverage() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00001"))
        try p.apply(F.fill(.buy, "3000", "1.00003", order: "O-2"))
        #expect(p.averageOpenPrice == (try Price("1.000025")))
        #expect(p.quantity == Quantity(units: 4_000))
        try p.apply(F.fill(.sell, "2000", "1.00005", order: "O-3"))
        #expect(p.realizedPnl == F.usd("0.05"))  // (1.00005 - 1.000025) x 2000
        #expect(p.quantity == Quantity(units: 2_000))
        #expect(p.averageOpenPrice == (try Price("1.000025")))
        #expect(p.peakQuantity == Quantity(units: 4_000))
        #expect(p.side == .long)
        #expect(p.buyQuantity == Quantity(units: 4_000))
        #expect(p.sellQuantity == Quantity(units: 2_000))
    }

    @Test func aFillBeyondTheOpenQuantityFlipsTheSide() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00000"))
        try p.apply(F.fill(.sell, "3000", "1.10000", order: "O-2", at: 5))
        #expect(p.realizedPnl == F.usd("100.00"))
        #expect(p.side == .short)
        #expect(p.entry == .sell)
        #expect(p.quantity == Quantity(units: 2_000))
        #expect(p.averageOpenPrice == (try Price("1.100000")))
        #expect(p.openingOrderId == ClientOrderId("O-2"))
        #expect(p.unrealizedPnl(at: try Price("1.00000")) == F.usd("200.00"))
    }

    @Test func splitFlipDividesQuantityAndCommission() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00000"))
        let flip = F.fill(.sell, "3000", "1.10000", order: "O-2", trade: "T-9", commission: F.usd("0.07"))
        let (closing, opening) = try #require(p.splitFlip(flip))
        #expect(closing.lastQty == Quantity(units: 1_000))
        #expect(opening.lastQty == Quantity(units: 2_000))
        #expect(closing.commission! + opening.commission! == F.usd("0.07"))
        #expect(opening.commission == F.usd("0.05"))
        #expect(closing.tradeId == TradeId("T-9"))
        #expect(opening.tradeId == TradeId("T-9-2"))
        #expect(p.splitFlip(F.fill(.sell, "500", "1.1", order: "O-3")) == nil)
        #expect(p.splitFlip(F.fill(.buy, "5000", "1.1", order: "O-3")) == nil)
        // Netting the reference's way: close with the first part, snapshot, reopen with the second.
        try p.apply(closing)
        let closed = p.snapshot()
        #expect(closed.side == .flat)
        #expect(closed.realizedPnl == F.usd("99.98"))
        let reopened = Position(instrument: TestInstruments.gbpusdSim, fill: opening)
        #expect(reopened.side == .short)
        #expect(reopened.id == closed.id)
    }

    @Test func reopeningAfterFlatStartsANewSide() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00000"))
        try p.apply(F.fill(.sell, "1000", "1.00010", order: "O-2", at: 10))
        #expect(p.isClosed)
        try p.apply(F.fill(.sell, "1000", "1.00020", order: "O-3", at: 20))
        #expect(p.side == .short)
        #expect(p.tsClosed == nil)
        #expect(p.openingOrderId == ClientOrderId("O-3"))
        #expect(p.realizedPnl == F.usd("0.10"))
    }

    @Test func duplicateTradeIdIsRejectedAndChangesNothing() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00000", trade: "T-1"))
        #expect(throws: PositionError.self) { try p.apply(F.fill(.buy, "1000", "1.00000", order: "O-2", trade: "T-1")) }
        #expect(p.quantity == Quantity(units: 1_000))
        #expect(p.eventCount == 1)
    }

    @Test func inversePnlIsInTheBaseCurrency() throws {
        let xbt = TestInstruments.xbtusdBitmex
        let p = Position(instrument: xbt, fill: F.fill(.buy, "100", "10000.0", instrument: xbt))
        #expect(p.notionalValue(at: try Price("10000.0")).currency == xbt.spec.baseCurrency)
        try p.apply(F.fill(.sell, "100", "11000.0", instrument: xbt, order: "O-2"))
        // 100 x (1/10000 - 1/11000) = 0.000909090909… BTC
        #expect(p.realizedPnl.currency == xbt.spec.baseCurrency)
        #expect(p.realizedPnl == (try Money("0.00090909", xbt.spec.baseCurrency!)))
    }

    @Test func linearNotional() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.57616"))
        #expect(p.notionalValue(at: try Price("1.57616")) == F.usd("1576.16"))
    }

    @Test func futuresPnlUsesTheMultiplier() throws {
        let es = TestInstruments.esh4Glbx
        let p = Position(instrument: es, fill: F.fill(.buy, "2", "4810.00", instrument: es))
        try p.apply(F.fill(.sell, "2", "4810.25", instrument: es, order: "O-2"))
        #expect(p.realizedPnl == F.usd("25.00"))  // 0.25 x 2 x 50
    }

    @Test func positionEvents() throws {
        let p = Position(instrument: TestInstruments.gbpusdSim, fill: F.fill(.buy, "1000", "1.00000"))
        let opened = PositionEvent(.opened, of: p, eventId: UUID4(high: 0, low: 1), tsInit: F.t0)
        #expect(opened.kind == .opened)
        #expect(opened.kind.description == "PositionOpened")
        #expect(PositionEvent.kind(after: p, isNew: true) == .opened)
        try p.apply(F.fill(.buy, "1000", "1.00002", order: "O-2"))
        #expect(PositionEvent.kind(after: p, isNew: false) == .changed)
        try p.apply(F.fill(.sell, "2000", "1.00003", order: "O-3"))
        let closed = PositionEvent(.closed, of: p, eventId: UUID4(high: 0, low: 2), tsInit: F.t0)
        #expect(closed.side == .flat)
        #expect(closed.realizedPnl == F.usd("0.04"))
        #expect(closed.closingOrderId == ClientOrderId("O-3"))
    }

    @Test func randomFillSequencesConserveQuantityAndPnl() throws {
        // Property: after any sequence of fills, signed quantity = buys - sells, and closing everything
        // at price P realizes exactly the unrealized PnL at P (plus what was realized before).
        var rng = TestSeed.generator(salt: 40)
        for round in 0..<200 {
            let first = F.fill(.buy, String(1 + rng.nextInt(below: 5)), "1.00000", order: "O-\(round)-0")
            let p = Position(instrument: TestInstruments.gbpusdSim, fill: first)
            for k in 1...20 {
                let side: OrderSide = rng.nextInt(below: 2) == 0 ? .buy : .sell
                let qty = String(1 + rng.nextInt(below: 5))
                let px = "1.\(String(format5(rng.nextInt(below: 100))))"
                try p.apply(F.fill(side, qty, px, order: "O-\(round)-\(k)"))
            }
            let net = p.buyQuantity.raw - p.sellQuantity.raw
            #expect(p.signedQuantityRaw == net, "seed \(TestSeed.value)")
            guard p.isOpen else { continue }
            let mark = try Price("1.00050")
            let expected = p.realizedPnl + p.unrealizedPnl(at: mark)
            try p.apply(F.fill(p.side.closingOrderSide, p.quantity.description, "1.00050", order: "O-\(round)-close"))
            #expect(p.isClosed)
            // Earlier closes are in both sides; only the final close rounds differently: at most 1 cent.
            #expect(abs(Int64(p.realizedPnl.raw - expected.raw)) <= 10_000_000, "seed \(TestSeed.value)")
        }
    }

    func format5(_ v: UInt64) -> String {
        let s = String(v)
        return String(repeating: "0", count: 5 - s.count) + s
    }

    @Test func fillOfAnotherInstrumentTraps() async {
        await #expect(processExitsWith: .failure) {
            let p = Position(instrument: TestInstruments.gbpusdSim, fill: PositionFixtures.fill(.buy, "1000", "1.00000"))
            try? p.apply(PositionFixtures.fill(.buy, "1000", "1.00000", instrument: TestInstruments.eurusdSim, order: "O-2"))
        }
    }

    @Test func closedEventForAnOpenPositionTraps() async {
        await #expect(processExitsWith: .failure) {
            let p = Position(instrument: TestInstruments.gbpusdSim, fill: PositionFixtures.fill(.buy, "1000", "1.00000"))
            _ = PositionEvent(.closed, of: p, eventId: UUID4(high: 0, low: 0), tsInit: .zero)
        }
    }
}

@Suite struct PositionDoubleConversionTests {
    /// The fast conversion gives the standard library's correctly rounded value, at every width (seed 11).
    @Test func int128ToDoubleMatchesTheStandardLibrary() {
        var rng = SeededGenerator(seed: 11)
        for bits in 1...127 {
            for _ in 0..<200 {
                let high = UInt64.random(in: 0...UInt64.max, using: &rng)
                let low = UInt64.random(in: 0...UInt64.max, using: &rng)
                let magnitude = ((UInt128(high) << 64) | UInt128(low)) >> (128 - bits)
                for value in [Int128(magnitude), -Int128(magnitude)] {
                    #expect(Position.double(value) == Double(value), "\(value)")
                }
            }
        }
        // Ties and sticky bits just past 2^64, and the extremes.
        let edges: [Int128] = [
            Int128(UInt64.max), Int128(UInt64.max) + 1, (1 << 64) + (1 << 11), (1 << 64) + (1 << 11) + 1,
            (1 << 64) + (3 << 11), (1 << 100) + (1 << 47), (1 << 100) + (1 << 47) + 1, .max, .min, .min + 1, 0,
            Int128(Int64.min), Int128(Int64.max), Int128(Int64.max) + 1,
        ]
        for value in edges { #expect(Position.double(value) == Double(value), "\(value)") }
    }
}
