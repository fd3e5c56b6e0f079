import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct QuoteTickTests {
    let id = InstrumentId("GBP/USD.SIM")
    let ts = UnixNanos(seconds: 1_700_000_000)

    func quote(_ bid: String, _ ask: String, _ bidSize: String = "1000000", _ askSize: String = "2000000") throws -> QuoteTick {
        try QuoteTick(
            validating: id, bidPrice: Price(bid), askPrice: Price(ask), bidSize: Quantity(bidSize),
            askSize: Quantity(askSize), tsEvent: ts, tsInit: ts)
    }

    @Test func constructsAndDescribes() throws {
        let q = try quote("1.57615", "1.57617")
        #expect(q.instrumentId == id)
        #expect(q.tsEvent == ts && q.tsInit == ts)
        #expect(q.description == "GBP/USD.SIM,1.57615,1.57617,1000000,2000000,1700000000000000000")
    }

    @Test func midAndSpread() throws {
        let q = try quote("1.57615", "1.57618")
        #expect(q.midPrice == (try Price("1.576165")))
        #expect(q.spread == (try Price("0.00003")))
        #expect(q.price(.bid) == q.bidPrice)
        #expect(q.price(.ask) == q.askPrice)
        #expect(q.price(.mid) == q.midPrice)
        #expect(q.size(.mid) == (try Quantity("1500000")))
        #expect(q.size(.bid) == (try Quantity("1000000")))
    }

    @Test func crossedQuotesAreAllowed() throws {
        // FXCM data has bid > ask in hundreds of bars: real data, not an error.
        let q = try quote("1.57620", "1.57615")
        #expect(q.isCrossed)
        #expect(q.spread == (try Price("-0.00005")))
        #expect(!(try quote("1.57615", "1.57615")).isCrossed)
    }

    @Test func mismatchedPricePrecisionNamesTheAsk() {
        #expect(throws: ValidationError(field: "QuoteTick.askPrice", reason: "precision 4 differs from bidPrice's 5")) {
            try quote("1.57615", "1.5762")
        }
    }

    @Test func mismatchedSizePrecisionNamesTheAskSize() {
        #expect {
            try quote("1.57615", "1.57617", "1", "1.0")
        } throws: { ($0 as? ValidationError)?.field == "QuoteTick.askSize" }
    }

    @Test func isPlainValueWithoutHeapStorage() {
        #expect(_isPOD(QuoteTick.self))
        #expect(_isPOD(TradeTick.self))
        #expect(_isPOD(Bar.self))
        #expect(_isPOD(InstrumentStatus.self))
        #expect(_isPOD(InstrumentClose.self))
        #expect(_isPOD(MarkPriceUpdate.self))
        #expect(_isPOD(IndexPriceUpdate.self))
        #expect(_isPOD(FundingRateUpdate.self))
    }

    @Test func trappingInitialiserRejectsMismatchedPrecision() async {
        await #expect(processExitsWith: .failure) {
            _ = QuoteTick(
                instrumentId: InstrumentId("GBP/USD.SIM"), bidPrice: Price(raw: 1_576_150_000, precision: 5),
                askPrice: Price(raw: 1_576_200_000, precision: 4), bidSize: Quantity(units: 1),
                askSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
        }
    }

    @Test func trappingInitialiserRejectsMismatchedSizePrecision() async {
        await #expect(processExitsWith: .failure) {
            _ = QuoteTick(
                instrumentId: InstrumentId("GBP/USD.SIM"), bidPrice: Price(raw: 1_576_150_000, precision: 5),
                askPrice: Price(raw: 1_576_160_000, precision: 5), bidSize: Quantity(units: 1, precision: 0),
                askSize: Quantity(units: 1, precision: 1), tsEvent: .zero, tsInit: .zero)
        }
    }

    @Test func lastPriceOfAQuoteTraps() async {
        await #expect(processExitsWith: .failure) {
            let q = QuoteTick(
                instrumentId: InstrumentId("GBP/USD.SIM"), bidPrice: Price(raw: 1_576_150_000, precision: 5),
                askPrice: Price(raw: 1_576_160_000, precision: 5), bidSize: Quantity(units: 1),
                askSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
            _ = q.price(.last)
        }
    }

    @Test func lastSizeOfAQuoteTraps() async {
        await #expect(processExitsWith: .failure) {
            let q = QuoteTick(
                instrumentId: InstrumentId("GBP/USD.SIM"), bidPrice: Price(raw: 1_576_150_000, precision: 5),
                askPrice: Price(raw: 1_576_160_000, precision: 5), bidSize: Quantity(units: 1),
                askSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
            _ = q.size(.mark)
        }
    }
}

@Suite struct TradeTickTests {
    @Test func constructsAndDescribes() throws {
        let t = try TradeTick(
            validating: InstrumentId("BTCUSDT-PERP.BINANCE"), price: Price("43000.5"), size: Quantity("0.123"),
            aggressorSide: .buyer, tradeId: TradeId("123456789"), tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(t.description == "BTCUSDT-PERP.BINANCE,43000.5,0.123,BUYER,123456789,1")
        #expect(t.tsInit == UnixNanos(2))
    }

    @Test func zeroSizeIsRejected() {
        #expect {
            try TradeTick(
                validating: InstrumentId("BTCUSDT-PERP.BINANCE"), price: Price("43000.5"), size: Quantity("0.000"),
                aggressorSide: .seller, tradeId: TradeId("1"), tsEvent: .zero, tsInit: .zero)
        } throws: { ($0 as? ValidationError)?.field == "TradeTick.size" }
    }

    @Test func trappingInitialiserRejectsZeroSize() async {
        await #expect(processExitsWith: .failure) {
            _ = TradeTick(
                instrumentId: InstrumentId("BTCUSDT-PERP.BINANCE"), price: Price(raw: 1, precision: 9),
                size: Quantity.zero(precision: 3), aggressorSide: .noAggressor, tradeId: TradeId("1"),
                tsEvent: .zero, tsInit: .zero)
        }
    }
}
