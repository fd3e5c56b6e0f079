import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct DataPropertyTests {
    /// Every standard bar type text round-trips, for every aggregation, price type and source.
    @Test func barTypeTextRoundTripsExhaustively() throws {
        for id in ["GBP/USD.SIM", "BTCUSDT-PERP.BINANCE", "BRK.B.XNYS", "A-B-C.D-E"] {
            for aggregation in BarAggregation.allCases {
                for priceType in PriceType.allCases {
                    for source in AggregationSource.allCases {
                        for step in [1, 15, 1_000_000] {
                            let barType = BarType(
                                instrumentId: InstrumentId(id),
                                spec: BarSpecification(step: step, aggregation: aggregation, priceType: priceType),
                                aggregationSource: source)
                            #expect(try BarType(validating: barType.description) == barType)
                        }
                    }
                }
            }
        }
    }

    /// Market data values stay small and inline (guards against an accidental heap field or padding).
    @Test func layoutSizes() {
        #expect(MemoryLayout<QuoteTick>.size <= 152)
        #expect(MemoryLayout<TradeTick>.size <= 184)
        #expect(MemoryLayout<Bar>.size <= 184)
    }
}

@Suite struct InstrumentPropertyTests {
    /// For random prices, the next bid and ask prices bracket the price on the tick grid, at most one tick apart.
    @Test func nextPricesBracketOnTheGrid() {
        var rng = TestSeed.generator(salt: 41)
        let es = TestInstruments.esh4Glbx
        let tick = es.priceIncrement.raw
        for _ in 0..<10_000 {
            let raw = (Int64(rng.nextInt(below: 2_000_000)) - 1_000_000) * FixedPoint.rawStep(precision: 2)
            let price = Price(raw: raw, precision: 2)
            guard let bid = es.nextBidPrice(price), let ask = es.nextAskPrice(price) else {
                Issue.record("no limits on ESH4, seed \(TestSeed.value)")
                return
            }
            #expect(bid <= price && price <= ask, "seed \(TestSeed.value)")
            #expect(bid.raw % tick == 0 && ask.raw % tick == 0, "seed \(TestSeed.value)")
            #expect(ask.raw - bid.raw == (raw % tick == 0 ? 0 : tick), "seed \(TestSeed.value)")
        }
    }

    /// makePrice of a price already at the tick's decimals returns it unchanged.
    @Test func makePriceIsIdempotentOnGridValues() throws {
        var rng = TestSeed.generator(salt: 42)
        let gbpusd = TestInstruments.gbpusdSim
        for _ in 0..<10_000 {
            let raw = Int64(rng.nextInt(below: 300_000)) * FixedPoint.rawStep(precision: 5)
            let price = Price(raw: raw, precision: 5)
            #expect(gbpusd.makePrice(price) == price, "seed \(TestSeed.value)")
            #expect(try gbpusd.makePrice(price.doubleValue) == price, "seed \(TestSeed.value)")
        }
    }
}
