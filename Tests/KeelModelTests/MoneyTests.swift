import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct MoneyTests {
    @Test func parsesAndFormats() throws {
        let m = try Money("100010.50", .usd)
        #expect(m.description == "100010.50 USD")
        #expect(try Money(parsing: "100000 JPY").description == "100000 JPY")
        #expect(throws: ParseError.self) { try Money("1.005", .usd) }
        #expect(throws: ParseError.self) { try Money(parsing: "1 XYZ") }
    }

    @Test func largeBalancesDoNotOverflow() throws {
        // ¥10 trillion: beyond Int64 at 10^-9 scale.
        let big = try Money("10000000000000", .jpy)
        #expect((big + big).description == "20000000000000 JPY")
    }

    @Test func rateMultiplicationRoundsToCurrency() throws {
        // Notional 1,576.16 USD * 0.00002 = 0.0315232 -> 0.03 USD.
        let notional = try Money("1576.16", .usd)
        #expect(notional.multiplied(byRateRaw: 20_000) == (try Money("0.03", .usd)))
        #expect(try Money("250.00", .usd).multiplied(byRateRaw: 20_000_000) == (try Money("5.00", .usd)))
        #expect(Money(rawRounding: 5_000_000, currency: .usd) == (try Money("0.01", .usd)))
        #expect(Money(rawRounding: 4_999_999, currency: .usd) == (try Money("0.00", .usd)))
    }

    @Test func mixedCurrencyTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Money.zero(.usd) + Money.zero(.eur)
        }
    }

    /// Sums, differences, negations and zero skip the grid check (they stay on the grid by construction): their
    /// values are those of the checked initialiser, and an overflowing sum still traps.
    @Test func arithmeticStaysOnTheGrid() async throws {
        let a = try Money("1234.56", .usd), b = try Money("0.07", .usd)
        #expect(a + b == Money(raw: a.raw + b.raw, currency: .usd))
        #expect(b - a == (try Money("-1234.49", .usd)))
        #expect(-a == Money(raw: -a.raw, currency: .usd))
        #expect(Money.zero(.jpy) == Money(raw: 0, currency: .jpy) && Money.zero(.jpy).isZero)
        await #expect(processExitsWith: .failure) {
            let top = Money(raw: Int128.max - Int128.max % 10_000_000, currency: .usd)
            _ = top + top
        }
    }

    @Test func offGridRawTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Money(raw: 1, currency: .usd)
        }
    }
}

@Suite struct CurrencyTests {
    @Test func wellKnown() throws {
        #expect(try Currency.named("USD") == .usd)
        #expect(Currency.usd.precision == 2)
        #expect(Currency.jpy.precision == 0)
        #expect(Currency.btc.currencyType == .crypto)
        #expect(Currency.usd.iso4217 == 840)
        #expect(throws: ParseError.self) { try Currency.named("NOPE") }
    }

    @Test func custom() throws {
        let c = try Currency(code: "1000SHIB", precision: 8, type: .crypto)
        #expect(c.code == "1000SHIB")
        #expect(throws: ParseError.self) { try Currency(code: "US D", precision: 2, type: .fiat) }
        #expect(throws: ParseError.self) { try Currency(code: "ABCDEFGHIJKLMNOP", precision: 2, type: .fiat) }
    }
}
