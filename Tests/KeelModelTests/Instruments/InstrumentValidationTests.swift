import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// A constructor call that must fail, and the field its error must name.
struct InvalidInstrument: Sendable, CustomTestStringConvertible {
    let field: String
    let build: @Sendable () throws -> Void
    var testDescription: String { field }
}

private let t0 = UnixNanos(seconds: 1_700_000_000)
private let t1 = UnixNanos(seconds: 1_710_000_000)

private func pair(
    pricePrecision: UInt8 = 5,
    priceIncrement: String = "0.00001",
    sizePrecision: UInt8 = 0,
    sizeIncrement: String = "1",
    lotSize: Quantity? = nil,
    limits: InstrumentLimits = .none,
    marginsAndFees: MarginsAndFees = .zero
) throws {
    _ = try CurrencyPair(
        id: InstrumentId("GBP/USD.SIM"), rawSymbol: Symbol("GBP/USD"), baseCurrency: .gbp, quoteCurrency: .usd,
        pricePrecision: pricePrecision, priceIncrement: Price(priceIncrement), sizePrecision: sizePrecision,
        sizeIncrement: Quantity(sizeIncrement), lotSize: lotSize, limits: limits, marginsAndFees: marginsAndFees,
        tsEvent: t0, tsInit: t0)
}

private func future(multiplier: String = "50", activation: UnixNanos = t0, expiration: UnixNanos = t1) throws {
    _ = try FuturesContract(
        id: InstrumentId("ESH4.GLBX"), rawSymbol: Symbol("ESH4"), assetClass: .index, underlying: "ES",
        activation: activation, expiration: expiration, currency: .usd, pricePrecision: 2,
        priceIncrement: Price("0.25"), multiplier: Quantity(multiplier), tsEvent: t0, tsInit: t0)
}

@Suite struct InstrumentValidationTests {
    static let invalid: [InvalidInstrument] = [
        InvalidInstrument(field: "CurrencyPair.pricePrecision") { try pair(pricePrecision: 10) },
        InvalidInstrument(field: "CurrencyPair.priceIncrement") { try pair(priceIncrement: "0.0001") },
        InvalidInstrument(field: "CurrencyPair.priceIncrement") { try pair(priceIncrement: "0.00000") },
        InvalidInstrument(field: "CurrencyPair.sizeIncrement") { try pair(sizeIncrement: "1.0") },
        InvalidInstrument(field: "CurrencyPair.sizeIncrement") { try pair(sizeIncrement: "0") },
        InvalidInstrument(field: "CurrencyPair.lotSize") { try pair(lotSize: Quantity(units: 0)) },
        InvalidInstrument(field: "CurrencyPair.minQuantity") {
            try pair(limits: InstrumentLimits(minQuantity: Quantity(units: 2000), maxQuantity: Quantity(units: 1000)))
        },
        InvalidInstrument(field: "CurrencyPair.maxQuantity") {
            try pair(limits: InstrumentLimits(maxQuantity: Quantity(units: 0)))
        },
        InvalidInstrument(field: "CurrencyPair.minNotional") {
            try pair(limits: InstrumentLimits(minNotional: Money("2000", .usd), maxNotional: Money("1000", .usd)))
        },
        InvalidInstrument(field: "CurrencyPair.minNotional") {
            try pair(limits: InstrumentLimits(minNotional: Money("1", .usd), maxNotional: Money("1000", .eur)))
        },
        InvalidInstrument(field: "CurrencyPair.maxNotional") {
            try pair(limits: InstrumentLimits(maxNotional: Money("-1", .usd)))
        },
        InvalidInstrument(field: "CurrencyPair.minPrice") {
            try pair(limits: InstrumentLimits(minPrice: Price("2.00000"), maxPrice: Price("1.00000")))
        },
        InvalidInstrument(field: "CurrencyPair.maxPrice") {
            try pair(limits: InstrumentLimits(maxPrice: Price("2.0")))
        },
        InvalidInstrument(field: "CurrencyPair.marginInit") {
            try pair(marginsAndFees: MarginsAndFees(marginInit: Rate("-0.01")))
        },
        InvalidInstrument(field: "CurrencyPair.marginMaint") {
            try pair(marginsAndFees: MarginsAndFees(marginMaint: Rate("-0.01")))
        },
        InvalidInstrument(field: "FuturesContract.multiplier") { try future(multiplier: "0") },
        InvalidInstrument(field: "FuturesContract.expiration") { try future(activation: t1, expiration: t0) },
        InvalidInstrument(field: "FuturesContract.expiration") { try future(activation: t0, expiration: t0) },
        InvalidInstrument(field: "Equity.isin") {
            _ = try Equity(
                id: InstrumentId("AAPL.XNAS"), rawSymbol: Symbol("AAPL"), isin: " US0378331005", currency: .usd,
                pricePrecision: 2, priceIncrement: Price("0.01"), tsEvent: t0, tsInit: t0)
        },
        InvalidInstrument(field: "OptionContract.strikePrice") {
            _ = try OptionContract(
                id: InstrumentId("X.GLBX"), rawSymbol: Symbol("X"), assetClass: .index, underlying: "ES",
                optionKind: .call, strikePrice: Price("0.00"), activation: t0, expiration: t1, currency: .usd,
                pricePrecision: 2, priceIncrement: Price("0.05"), multiplier: Quantity("50"), tsEvent: t0, tsInit: t0)
        },
        InvalidInstrument(field: "CryptoFuture.expiration") {
            _ = try CryptoFuture(
                id: InstrumentId("BTC-F.X"), rawSymbol: Symbol("BTC-F"), underlying: .btc, quoteCurrency: .usd,
                settlementCurrency: .btc, isInverse: true, activation: t1, expiration: t0, pricePrecision: 1,
                priceIncrement: Price("0.5"), sizePrecision: 0, sizeIncrement: Quantity("1"), tsEvent: t0, tsInit: t0)
        },
    ]

    @Test(arguments: invalid)
    func invalidFieldIsNamed(_ testCase: InvalidInstrument) {
        #expect {
            try testCase.build()
        } throws: { error in
            (error as? ValidationError)?.field == testCase.field
        }
    }

    @Test func errorMessageExplainsTheRule() {
        #expect(throws: ValidationError(
            field: "CurrencyPair.priceIncrement",
            reason: "precision 4 of 0.0001 does not match pricePrecision 5")
        ) {
            try pair(priceIncrement: "0.0001")
        }
    }

    @Test func negativeFeesAreRebatesAndAllowed() throws {
        try pair(marginsAndFees: MarginsAndFees(makerFee: Rate("-0.00025"), takerFee: Rate("0.00075")))
    }

    @Test func requireValidTrapsOnInvalidInput() async {
        await #expect(processExitsWith: .failure) {
            _ = requireValid {
                try CurrencyPair(
                    id: InstrumentId("GBP/USD.SIM"), rawSymbol: Symbol("GBP/USD"), baseCurrency: .gbp,
                    quoteCurrency: .usd, pricePrecision: 5, priceIncrement: Price(raw: 10_000, precision: 4),
                    sizePrecision: 0, sizeIncrement: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
            }
        }
    }
}
