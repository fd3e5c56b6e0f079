import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct InstrumentArithmeticTests {
    // MARK: makePrice

    @Test(arguments: [
        // (value, expected) for GBP/USD (tick 0.00001): Python's round(value, 5) as NautilusTrader 1.221.0's
        // make_price — half-to-even on the double's exact binary value (1.576165 is 1.5761650000000000382…).
        (1.576165, "1.57617"),
        (2.675, "2.67500"),
        (1.576175, "1.57618"),
        (1.5761649, "1.57616"),
        (1.57616, "1.57616"),
        (-0.000015, "-0.00002"),
        (2.0, "2.00000"),
    ])
    func makePriceRoundsHalfEvenToTheTick(value: Double, expected: String) throws {
        let price = try TestInstruments.gbpusdSim.makePrice(value)
        #expect(price == (try Price(expected)))
        #expect(price.precision == 5)
    }

    @Test func makePriceRoundsToTheTicksDecimalsNotItsGrid() throws {
        // Tick 0.25: rounding is to 2 decimals (as NautilusTrader), not onto the 0.25 grid.
        let es = TestInstruments.esh4Glbx
        #expect(try es.makePrice(4810.13) == Price("4810.13"))
        #expect(try es.makePrice(4810.125) == Price("4810.12"))
        #expect(try es.makePrice(4810.135) == Price("4810.14"))
        // Tick 0.5: 1 decimal.
        #expect(try TestInstruments.xbtusdBitmex.makePrice(10000.25) == Price("10000.2"))
        #expect(try TestInstruments.xbtusdBitmex.makePrice(10000.35) == Price("10000.4"))
    }

    @Test func makePriceFromExactValues() throws {
        let gbpusd = TestInstruments.gbpusdSim
        #expect(gbpusd.makePrice(try Price("1.576165")) == (try Price("1.57616")))
        #expect(gbpusd.makePrice(raw: 1_576_175_000) == (try Price("1.57618")))
        #expect(gbpusd.makePrice(try Price("1.5")) == (try Price("1.50000")))
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e12])
    func makePriceRejectsNonFiniteAndOutOfRange(value: Double) {
        #expect {
            try TestInstruments.gbpusdSim.makePrice(value)
        } throws: { error in
            (error as? ValidationError)?.field == "makePrice"
        }
    }

    // MARK: makeQuantity

    @Test(arguments: [
        (1000.5, false, "1000"),
        (1001.5, false, "1002"),
        (1001.9, true, "1001"),
        (1001.4, false, "1001"),
        (0.0, false, "0"),
    ])
    func makeQuantityForWholeUnits(value: Double, roundDown: Bool, expected: String) throws {
        #expect(try TestInstruments.gbpusdSim.makeQuantity(value, roundDown: roundDown) == Quantity(expected))
    }

    @Test func makeQuantityAtThreeDecimals() throws {
        let btc = TestInstruments.btcusdtBinance
        #expect(try btc.makeQuantity(0.0015) == Quantity("0.002"))
        // 0.0025 is 0.00250000000000000005…: above the tie, so it rounds up (Python: round(0.0025, 3) = 0.003).
        #expect(try btc.makeQuantity(0.0025) == Quantity("0.003"))
        #expect(try btc.makeQuantity(0.0019, roundDown: true) == Quantity("0.001"))
        #expect(btc.makeQuantity(try Quantity("1.23456")) == (try Quantity("1.235")))
        #expect(btc.makeQuantity(try Quantity("1.23456"), roundDown: true) == (try Quantity("1.234")))
    }

    @Test(arguments: [0.4, -1.0, Double.nan])
    func makeQuantityRejects(value: Double) {
        #expect {
            try TestInstruments.gbpusdSim.makeQuantity(value)
        } throws: { error in
            (error as? ValidationError)?.field == "makeQuantity"
        }
    }

    // MARK: The price grid

    @Test func nextBidAndAskPricesOnTheTickGrid() throws {
        let es = TestInstruments.esh4Glbx
        let p = try Price("4810.13")
        #expect(es.nextBidPrice(p) == (try Price("4810.00")))
        #expect(es.nextBidPrice(p, ticks: 1) == (try Price("4809.75")))
        #expect(es.nextAskPrice(p) == (try Price("4810.25")))
        #expect(es.nextAskPrice(p, ticks: 2) == (try Price("4810.75")))
        let onGrid = try Price("4810.25")
        #expect(es.nextBidPrice(onGrid) == onGrid)
        #expect(es.nextAskPrice(onGrid) == onGrid)
        #expect(es.nextBidPrice(try Price("-0.10")) == (try Price("-0.25")))
        #expect(es.nextAskPrice(try Price("-0.10")) == (try Price("0.00")))
    }

    @Test func nextPricesOutsideTheLimitsAreNil() throws {
        let xbt = TestInstruments.xbtusdBitmex
        #expect(xbt.nextBidPrice(try Price("0.7"), ticks: 1) == nil)
        #expect(xbt.nextBidPrice(try Price("0.7")) == (try Price("0.5")))
        #expect(xbt.nextAskPrice(try Price("1000000.0"), ticks: 1) == nil)
    }

    // MARK: Notional

    @Test func linearNotionalInQuoteCurrency() throws {
        let notional = TestInstruments.gbpusdSim.notionalValue(quantity: try Quantity("1000"), price: try Price("1.57616"))
        #expect(notional == (try Money("1576.16", .usd)))
    }

    @Test func futuresNotionalUsesTheMultiplier() throws {
        let notional = TestInstruments.esh4Glbx.notionalValue(quantity: try Quantity("2"), price: try Price("4810.25"))
        #expect(notional == (try Money("481025.00", .usd)))
    }

    @Test func cryptoLinearNotionalAtFullPrecision() throws {
        let notional = TestInstruments.btcusdtBinance.notionalValue(quantity: try Quantity("0.123"), price: try Price("43000.5"))
        #expect(notional == (try Money("5289.0615", .usdt)))
    }

    @Test func inverseNotionalInBaseCurrency() throws {
        // BitMEX XBTUSD: 100 contracts of 1 USD at 10,000.5 = 0.0099995000249… BTC → 0.00999950.
        let xbt = TestInstruments.xbtusdBitmex
        let notional = xbt.notionalValue(quantity: try Quantity("100"), price: try Price("10000.5"))
        #expect(notional == (try Money("0.00999950", .btc)))
        #expect(xbt.notionalValue(quantity: try Quantity("100"), price: try Price("10000.5"), useQuoteForInverse: true)
            == (try Money("100.00", .usd)))
        #expect(xbt.notionalValue(quantity: try Quantity("1"), price: try Price("3.0"))
            == (try Money("0.33333333", .btc)))
    }

    @Test func notionalRoundsHalfToEven() throws {
        let equity = try Equity(
            id: InstrumentId("PENNY.XNAS"), rawSymbol: Symbol("PENNY"), currency: .usd, pricePrecision: 3,
            priceIncrement: Price("0.001"), tsEvent: .zero, tsInit: .zero)
        #expect(equity.notionalValue(quantity: try Quantity("1"), price: try Price("0.125")) == (try Money("0.12", .usd)))
        #expect(equity.notionalValue(quantity: try Quantity("1"), price: try Price("0.135")) == (try Money("0.14", .usd)))
        #expect(equity.notionalValue(quantity: try Quantity("1"), price: try Price("-0.135")) == (try Money("-0.14", .usd)))
    }

    @Test func notionalOfLargeValuesIsExact() throws {
        // 9 billion units at a price of 9 billion: 8.1e19, beyond Int64, exact in Int128 money.
        let big = try CurrencyPair(
            id: InstrumentId("BIG/USD.SIM"), rawSymbol: Symbol("BIG/USD"),
            baseCurrency: Currency(code: "BIG", precision: 0, type: .crypto), quoteCurrency: .usd,
            pricePrecision: 9, priceIncrement: Price("0.000000001"), sizePrecision: 9,
            sizeIncrement: Quantity("0.000000001"), tsEvent: .zero, tsInit: .zero)
        let notional = big.notionalValue(quantity: try Quantity("9000000000.000000001"), price: try Price("9000000000"))
        #expect(notional == (try Money("81000000000000000009.00", .usd)))
    }

    @Test func inverseNotionalAtZeroPriceTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = TestInstruments.xbtusdBitmex.notionalValue(quantity: Quantity(units: 1), price: Price(raw: 0, precision: 1))
        }
    }

    @Test func notionalThroughTheInstrumentEnum() throws {
        let instruments: [Instrument] = [TestInstruments.gbpusdSim.instrument, TestInstruments.xbtusdBitmex.instrument]
        let notionals = try instruments.map { $0.notionalValue(quantity: try Quantity("1000"), price: try Price("2.0")) }
        #expect(notionals == [try Money("2000.00", .usd), try Money("500.00000000", .btc)])
    }

    // MARK: Base quantity

    @Test func baseQuantityFromQuoteQuantity() throws {
        let btc = TestInstruments.btcusdtBinance
        // 1,000 USDT at 43,000.0 = 0.0232558… BTC → 0.023.
        #expect(try btc.calculateBaseQuantity(quantity: Quantity("1000"), lastPrice: Price("43000.0")) == Quantity("0.023"))
        // 107.5 USDT at 100.0 = 1.075 exactly.
        #expect(try btc.calculateBaseQuantity(quantity: Quantity("107.5"), lastPrice: Price("100.0")) == Quantity("1.075"))
        // 0.25 / 100 = 0.0025 → half-to-even → 0.002.
        #expect(try btc.calculateBaseQuantity(quantity: Quantity("0.25"), lastPrice: Price("100.0")) == Quantity("0.002"))
        #expect {
            try btc.calculateBaseQuantity(quantity: Quantity("1"), lastPrice: Price("0.0"))
        } throws: { ($0 as? ValidationError)?.field == "lastPrice" }
    }

    @Test func significantIncrementDecimals() {
        #expect(TestInstruments.esh4Glbx.minPriceIncrementPrecision == 2)
        #expect(TestInstruments.xbtusdBitmex.minPriceIncrementPrecision == 1)
        #expect(TestInstruments.gbpusdSim.minPriceIncrementPrecision == 5)
        #expect(TestInstruments.gbpusdSim.minSizeIncrementPrecision == 0)
        #expect(TestInstruments.btcusdtBinance.minSizeIncrementPrecision == 3)
    }
}

@Suite struct RateTests {
    @Test(arguments: [("0.00002", 20_000, "0.00002"), ("-0.00025", -250_000, "-0.00025"), ("0.030", 30_000_000, "0.03"),
                      ("1", 1_000_000_000, "1"), ("2.5e-3", 2_500_000, "0.0025"), ("0", 0, "0")])
    func parsesAndPrints(text: String, raw: Int64, printed: String) throws {
        let rate = try Rate(text)
        #expect(rate.raw == raw)
        #expect(rate.description == printed)
    }

    @Test(arguments: ["", "abc", "0.0000000001", "1e20"])
    func rejectsBadText(text: String) {
        #expect(throws: ParseError.self) { try Rate(text) }
    }

    @Test func appliesToMoney() throws {
        let notional = try Money("1576.16", .usd)
        #expect(notional.multiplied(by: try Rate("0.00002")) == (try Money("0.03", .usd)))
        #expect(try Money("10000.00", .usd).multiplied(by: Rate("-0.00025")) == (try Money("-2.50", .usd)))
        #expect(try Rate("-0.1") < Rate("0.01"))
    }
}

@Suite struct BinaryRoundingTests {
    /// Expected values are Python's `round(value, decimals) * 10**decimals` (checked with CPython 3.11).
    @Test(arguments: [
        (2.675, 2, Int64(267)), (2.665, 2, 267), (0.125, 2, 12), (0.375, 2, 38), (1.576165, 5, 157_617),
        (-2.675, 2, -267), (1e-12, 5, 0), (123456.5, 0, 123_456), (123457.5, 0, 123_458),
    ])
    func matchesPythonRound(value: Double, decimals: Int, scaled: Int64) {
        #expect(BinaryRounding.scaledRound(value, decimals: decimals) == scaled)
    }

    @Test func rejectsNonFiniteAndHugeValues() {
        #expect(BinaryRounding.scaledRound(.nan, decimals: 2) == nil)
        #expect(BinaryRounding.scaledRound(.infinity, decimals: 2) == nil)
        #expect(BinaryRounding.scaledRound(1e30, decimals: 2) == nil)
    }
}
