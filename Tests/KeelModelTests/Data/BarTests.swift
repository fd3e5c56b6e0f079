import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct BarTypeTests {
    @Test(arguments: [
        "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL",
        "EUR/USD.SIM-100-TICK-MID-INTERNAL",
        "BTCUSDT-PERP.BINANCE-1-MINUTE-LAST-EXTERNAL",
        "BRK.B.XNYS-5-SECOND-ASK-EXTERNAL",
        "ESM4-ESU4.GLBX-1000-VOLUME-LAST-INTERNAL",
        "AUD/USD.SIM-250-MILLISECOND-MID-INTERNAL",
        "AAPL.XNAS-1-MONTH-LAST-EXTERNAL",
        "ETHUSDT.BINANCE-1000000-VALUE-LAST-INTERNAL",
    ])
    func roundTrips(text: String) throws {
        let barType = try BarType(validating: text)
        #expect(barType.description == text)
        #expect(BarType(text) == barType)
    }

    @Test func parsesItsParts() throws {
        let barType = try BarType(validating: "BTCUSDT-PERP.BINANCE-15-MINUTE-LAST-EXTERNAL")
        #expect(barType.instrumentId == InstrumentId("BTCUSDT-PERP.BINANCE"))
        #expect(barType.instrumentId.symbol == Symbol("BTCUSDT-PERP"))
        #expect(barType.spec == BarSpecification(step: 15, aggregation: .minute, priceType: .last))
        #expect(barType.aggregationSource == .external)
        let internalType = try BarType(validating: "EUR/USD.SIM-100-TICK-MID-INTERNAL")
        #expect(internalType.spec.aggregation == .tick)
        #expect(internalType.spec.priceType == .mid)
        #expect(internalType.aggregationSource == .internal)
    }

    @Test(arguments: [
        ("GBP/USD.SIM-0-MINUTE-BID-EXTERNAL", "step '0' is not a positive integer"),
        ("GBP/USD.SIM-x-MINUTE-BID-EXTERNAL", "step 'x' is not a positive integer"),
        ("GBP/USD.SIM-1.5-MINUTE-BID-EXTERNAL", "step '1.5' is not a positive integer"),
        ("GBP/USD.SIM-1-MINUTES-BID-EXTERNAL", "aggregation 'MINUTES'"),
        ("GBP/USD.SIM-1-MINUTE-BOD-EXTERNAL", "price type 'BOD'"),
        ("GBP/USD.SIM-1-MINUTE-BID-OUTSIDE", "aggregation source 'OUTSIDE'"),
        ("GBPUSD-1-MINUTE-BID-EXTERNAL", "instrument id 'GBPUSD'"),
        ("1-MINUTE-BID-EXTERNAL", "expected 'INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE'"),
        ("", "expected 'INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE'"),
        ("GBP/USD.SIM-1-MINUTE-BID-INTERNAL@1-MINUTE-EXTERNAL", "composite"),
    ])
    func parseErrorsNameTheTextAndThePart(text: String, reasonPrefix: String) {
        #expect {
            try BarType(validating: text)
        } throws: { error in
            guard let e = error as? ParseError else { return false }
            return e.kind == "BarType" && e.text == text && e.reason.hasPrefix(reasonPrefix)
        }
    }

    @Test func specificationTextBothWays() throws {
        let spec = try BarSpecification("1-MINUTE-BID")
        #expect(spec.description == "1-MINUTE-BID")
        #expect(throws: ParseError.self) { try BarSpecification("1-MINUTE") }
        #expect(throws: ValidationError(field: "BarSpecification.step", reason: "0 is not positive")) {
            try BarSpecification(validatingStep: 0, aggregation: .minute, priceType: .bid)
        }
    }

    @Test(arguments: [
        ("250-MILLISECOND-MID", UInt64(250_000_000)),
        ("5-SECOND-MID", 5_000_000_000),
        ("1-MINUTE-BID", 60_000_000_000),
        ("4-HOUR-LAST", 14_400_000_000_000),
        ("1-DAY-LAST", 86_400_000_000_000),
        ("1-WEEK-LAST", 604_800_000_000_000),
    ])
    func timedeltaOfTimeBars(text: String, nanos: UInt64) throws {
        let spec = try BarSpecification(text)
        #expect(spec.isTimeAggregated)
        #expect(spec.timedelta == DurationNanos(nanos))
    }

    @Test func nonTimeAndMonthBarsHaveNoFixedTimedelta() throws {
        #expect(try BarSpecification("100-TICK-LAST").timedelta == nil)
        #expect(try !BarSpecification("100-TICK-LAST").isTimeAggregated)
        #expect(try BarSpecification("1-MONTH-LAST").timedelta == nil)
        #expect(try BarSpecification("1-MONTH-LAST").isTimeAggregated)
    }

    @Test func zeroStepTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = BarSpecification(step: 0, aggregation: .minute, priceType: .bid)
        }
    }

    @Test func trappingParseTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = BarType("not a bar type")
        }
    }

    @Test func equalBarTypesHashEquallyAndDistinctOnesStayDistinct() throws {
        let texts = [
            "EUR/USD.SIM-1-MINUTE-BID-EXTERNAL", "EUR/USD.SIM-1-MINUTE-ASK-EXTERNAL", "EUR/USD.SIM-1-MINUTE-BID-INTERNAL",
            "EUR/USD.SIM-2-MINUTE-BID-EXTERNAL", "EUR/USD.SIM-1-HOUR-BID-EXTERNAL", "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL",
            "EUR/USD.SIM-100-TICK-MID-INTERNAL",
        ]
        let types = try texts.map { try BarType(validating: $0) }
        for text in texts { #expect(try BarType(validating: text).hashValue == BarType(text).hashValue) }
        #expect(Set(types).count == texts.count)
        var byType: [BarType: Int] = [:]
        for (index, type) in types.enumerated() { byType[type] = index }
        for (index, text) in texts.enumerated() { #expect(byType[BarType(text)] == index) }
    }
}

@Suite struct BarTests {
    let barType = BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")

    func bar(_ o: String, _ h: String, _ l: String, _ c: String, volume: String = "1000000") throws -> Bar {
        try Bar(
            validating: barType, open: Price(o), high: Price(h), low: Price(l), close: Price(c),
            volume: Quantity(volume), tsEvent: UnixNanos(60), tsInit: UnixNanos(61))
    }

    @Test func constructsAndDescribes() throws {
        let b = try bar("1.57600", "1.57650", "1.57580", "1.57610")
        #expect(b.instrumentId == InstrumentId("GBP/USD.SIM"))
        #expect(b.description == "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL,1.57600,1.57650,1.57580,1.57610,1000000,60")
        // A flat bar with zero volume is valid.
        _ = try bar("1.57600", "1.57600", "1.57600", "1.57600", volume: "0")
    }

    @Test(arguments: [
        ("1.57600", "1.57590", "1.57580", "1.57585", "Bar.high"),  // high < open
        ("1.57600", "1.57650", "1.57580", "1.57660", "Bar.high"),  // high < close
        ("1.57600", "1.57650", "1.57610", "1.57620", "Bar.low"),  // low > open
        ("1.57600", "1.57650", "1.57580", "1.57570", "Bar.low"),  // low > close
        ("1.57600", "1.5765", "1.57580", "1.57610", "Bar.high"),  // precision
        ("1.57600", "1.57650", "1.5758", "1.57610", "Bar.low"),  // precision
        ("1.57600", "1.57650", "1.57580", "1.5761", "Bar.close"),  // precision
    ])
    func invalidBarsNameTheField(o: String, h: String, l: String, c: String, field: String) {
        #expect {
            try bar(o, h, l, c)
        } throws: { ($0 as? ValidationError)?.field == field }
    }

    @Test func highErrorExplainsTheRule() {
        #expect(throws: ValidationError(field: "Bar.high", reason: "1.57500 is below the open 1.57600")) {
            try bar("1.57600", "1.57500", "1.57700", "1.57600")
        }
    }

    @Test func trappingInitialiserRejectsHighBelowLow() async {
        await #expect(processExitsWith: .failure) {
            _ = Bar(
                barType: BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL"), open: Price(raw: 2_000_000_000, precision: 5),
                high: Price(raw: 1_000_000_000, precision: 5), low: Price(raw: 3_000_000_000, precision: 5),
                close: Price(raw: 2_000_000_000, precision: 5), volume: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
        }
    }

    @Test func trappingInitialiserRejectsLowAboveClose() async {
        await #expect(processExitsWith: .failure) {
            _ = Bar(
                barType: BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL"), open: Price(raw: 2_000_000_000, precision: 5),
                high: Price(raw: 3_000_000_000, precision: 5), low: Price(raw: 1_500_000_000, precision: 5),
                close: Price(raw: 1_000_000_000, precision: 5), volume: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
        }
    }

    @Test func trappingInitialiserRejectsMixedPrecision() async {
        await #expect(processExitsWith: .failure) {
            _ = Bar(
                barType: BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL"), open: Price(raw: 2_000_000_000, precision: 5),
                high: Price(raw: 2_000_000_000, precision: 4), low: Price(raw: 2_000_000_000, precision: 5),
                close: Price(raw: 2_000_000_000, precision: 5), volume: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
        }
    }
}
