import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct AccountBalanceTests {
    @Test func constructsWithTheInvariant() throws {
        let balance = try AccountBalance(validating: Money("1000000.00", .usd), locked: Money("25000.00", .usd), free: Money("975000.00", .usd))
        #expect(balance.currency == .usd)
        #expect(balance.description == "AccountBalance(total=1000000.00 USD, locked=25000.00 USD, free=975000.00 USD)")
        #expect(AccountBalance(total: try Money("10.00000000", .btc), locked: try Money("1.50000000", .btc)).free
            == (try Money("8.50000000", .btc)))
    }

    @Test func totalNotLockedPlusFreeNamesTotal() {
        #expect {
            try AccountBalance(validating: Money("100.00", .usd), locked: Money("10.00", .usd), free: Money("80.00", .usd))
        } throws: { ($0 as? ValidationError)?.field == "AccountBalance.total" }
    }

    @Test func mixedCurrenciesNameTheField() {
        #expect {
            try AccountBalance(validating: Money("100.00", .usd), locked: Money("10.00", .eur), free: Money("90.00", .usd))
        } throws: { ($0 as? ValidationError)?.field == "AccountBalance.locked" }
        #expect {
            try AccountBalance(validating: Money("100.00", .usd), locked: Money("10.00", .usd), free: Money("90.00", .eur))
        } throws: { ($0 as? ValidationError)?.field == "AccountBalance.free" }
    }

    @Test func trappingInitialiserRejectsBrokenSum() async {
        await #expect(processExitsWith: .failure) {
            _ = AccountBalance(
                total: Money(raw: 100_000_000_000, currency: .usd), locked: Money(raw: 0, currency: .usd),
                free: Money(raw: 1_000_000_000, currency: .usd))
        }
    }

    @Test func trappingInitialiserRejectsMixedCurrencies() async {
        await #expect(processExitsWith: .failure) {
            _ = AccountBalance(
                total: Money(raw: 0, currency: .usd), locked: Money(raw: 0, currency: .eur), free: Money(raw: 0, currency: .usd))
        }
    }
}

@Suite struct MarginBalanceTests {
    let id = InstrumentId("ESH4.GLBX")

    @Test func constructs() throws {
        let margin = try MarginBalance(validating: Money("12000.00", .usd), maintenance: Money("11000.00", .usd), instrumentId: id)
        #expect(margin.currency == .usd)
        #expect(margin.instrumentId == id)
        #expect(margin.description == "MarginBalance(initial=12000.00 USD, maintenance=11000.00 USD, instrument_id=ESH4.GLBX)")
    }

    @Test func validationNamesTheField() {
        #expect {
            try MarginBalance(validating: Money("-1.00", .usd), maintenance: Money("0.00", .usd), instrumentId: id)
        } throws: { ($0 as? ValidationError)?.field == "MarginBalance.initial" }
        #expect {
            try MarginBalance(validating: Money("1.00", .usd), maintenance: Money("-1.00", .usd), instrumentId: id)
        } throws: { ($0 as? ValidationError)?.field == "MarginBalance.maintenance" }
        #expect {
            try MarginBalance(validating: Money("1.00", .usd), maintenance: Money("1.00", .eur), instrumentId: id)
        } throws: { ($0 as? ValidationError)?.field == "MarginBalance.maintenance" }
    }

    @Test func trappingInitialiserRejectsMixedCurrencies() async {
        await #expect(processExitsWith: .failure) {
            _ = MarginBalance(
                initial: Money(raw: 0, currency: .usd), maintenance: Money(raw: 0, currency: .eur),
                instrumentId: InstrumentId("ESH4.GLBX"))
        }
    }

    @Test func trappingInitialiserRejectsNegativeMargin() async {
        await #expect(processExitsWith: .failure) {
            _ = MarginBalance(
                initial: Money(raw: -10_000_000, currency: .usd), maintenance: Money(raw: 0, currency: .usd),
                instrumentId: InstrumentId("ESH4.GLBX"))
        }
    }
}
