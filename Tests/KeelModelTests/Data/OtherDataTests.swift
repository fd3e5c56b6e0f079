import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct InstrumentStatusTests {
    @Test func carriesOptionalFields() throws {
        let status = try InstrumentStatus(
            validating: InstrumentId("AAPL.XNAS"), action: .halt, reason: "VOLATILITY_PAUSE", tradingEvent: nil,
            isTrading: false, isQuoting: true, tsEvent: UnixNanos(5), tsInit: UnixNanos(6))
        #expect(status.action == .halt)
        #expect(status.reason?.string == "VOLATILITY_PAUSE")
        #expect(status.tradingEvent == nil)
        #expect(status.isTrading == false && status.isQuoting == true && status.isShortSellRestricted == nil)
        let plain = InstrumentStatus(instrumentId: InstrumentId("AAPL.XNAS"), action: .trading, tsEvent: .zero, tsInit: .zero)
        #expect(plain.reason == nil)
    }

    @Test func badTextNamesTheField() {
        #expect {
            try InstrumentStatus(
                validating: InstrumentId("AAPL.XNAS"), action: .halt, reason: nil,
                tradingEvent: String(repeating: "X", count: 64), tsEvent: .zero, tsInit: .zero)
        } throws: { ($0 as? ValidationError)?.field == "InstrumentStatus.tradingEvent" }
        #expect {
            try InstrumentStatus(
                validating: InstrumentId("AAPL.XNAS"), action: .halt, reason: "", tradingEvent: nil,
                tsEvent: .zero, tsInit: .zero)
        } throws: { ($0 as? ValidationError)?.field == "InstrumentStatus.reason" }
    }
}

@Suite struct ReferencePriceTests {
    let id = InstrumentId("BTCUSDT-PERP.BINANCE")

    @Test func closeMarkIndexAndFunding() throws {
        let close = InstrumentClose(
            instrumentId: InstrumentId("ESH4.GLBX"), closePrice: try Price("4810.25"), closeType: .contractExpired,
            tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(close.closeType == .contractExpired)
        #expect(close.closePrice == (try Price("4810.25")))

        let mark = MarkPriceUpdate(instrumentId: id, value: try Price("43000.1"), tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        let index = IndexPriceUpdate(instrumentId: id, value: try Price("42999.9"), tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(mark.value > index.value)

        let funding = FundingRateUpdate(
            instrumentId: id, rate: try Rate("-0.000125"), interval: .hours(8),
            nextFundingTime: UnixNanos(seconds: 1_700_028_800), tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(funding.rate.raw == -125_000)
        #expect(funding.interval == .hours(8))
        #expect(funding.nextFundingTime == UnixNanos(seconds: 1_700_028_800))
        #expect(FundingRateUpdate(instrumentId: id, rate: .zero, tsEvent: .zero, tsInit: .zero).nextFundingTime == nil)
    }

    @Test func timestampedDataIsUsableGenerically() throws {
        func latency(_ value: some TimestampedData) -> DurationNanos { value.tsInit - value.tsEvent }
        let mark = MarkPriceUpdate(instrumentId: id, value: try Price("1.0"), tsEvent: UnixNanos(10), tsInit: UnixNanos(25))
        #expect(latency(mark) == DurationNanos(15))
    }
}

/// A user-defined payload, as a strategy author would write it.
struct OptionGreeks: CustomDataPayload {
    static let typeName = "OptionGreeks"
    var delta: Rate
    var gamma: Rate
}

/// A second user-defined payload.
struct Sentiment: CustomDataPayload {
    static let typeName = "Sentiment"
    var score: Int
    var source: String
}

@Suite struct CustomDataTests {
    @Test func dataTypeKeepsMetadataOrderAndFormsTheTopic() throws {
        let dataType = try DataType(typeName: "OptionGreeks", metadata: ["instrument_id": "SPY.XNAS", "model": "bs"])
        #expect(dataType.metadata.map(\.key) == ["instrument_id", "model"])
        #expect(dataType["model"] == "bs")
        #expect(dataType["missing"] == nil)
        #expect(dataType.topic == "OptionGreeks.instrument_id=SPY.XNAS.model=bs")
        #expect(DataType(OptionGreeks.self).topic == "OptionGreeks")
        let reordered = try DataType(typeName: "OptionGreeks", metadata: ["model": "bs", "instrument_id": "SPY.XNAS"])
        #expect(reordered != dataType)
    }

    @Test func dataTypeValidation() {
        #expect(throws: ValidationError(field: "DataType.typeName", reason: "must not be empty")) {
            try DataType(typeName: "")
        }
        #expect(throws: ValidationError(field: "DataType.metadata", reason: "key 'a' is repeated")) {
            try DataType(typeName: "X", metadata: ["a": "1", "a": "2"])
        }
    }

    @Test func carriesUserPayloads() throws {
        let greeks = OptionGreeks(delta: try Rate("0.5"), gamma: try Rate("0.01"))
        let data = try CustomData(
            validating: greeks, dataType: DataType(typeName: "OptionGreeks", metadata: ["instrument_id": "SPY.XNAS"]),
            tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(data.payload(as: OptionGreeks.self) == greeks)
        #expect(data.payload(as: Sentiment.self) == nil)
        #expect(data.tsInit == UnixNanos(2))

        let sentiment = CustomData(Sentiment(score: 3, source: "news"), tsEvent: UnixNanos(1), tsInit: UnixNanos(2))
        #expect(sentiment.dataType.typeName == "Sentiment")
        // Heterogeneous custom data in one collection, equality and hashing across payload types.
        let all: [CustomData] = [data, sentiment, data]
        #expect(all[0] == all[2])
        #expect(all[0] != all[1])
        #expect(Set(all).count == 2)
    }

    @Test func mismatchedTypeNameIsRejected() {
        #expect {
            try CustomData(
                validating: Sentiment(score: 1, source: "x"), dataType: DataType(OptionGreeks.self),
                tsEvent: .zero, tsInit: .zero)
        } throws: { ($0 as? ValidationError)?.field == "CustomData.dataType" }
    }

    @Test func trappingInitialiserRejectsMismatchedTypeName() async {
        await #expect(processExitsWith: .failure) {
            _ = CustomData(
                Sentiment(score: 1, source: "x"), dataType: DataType(OptionGreeks.self), tsEvent: .zero, tsInit: .zero)
        }
    }
}
