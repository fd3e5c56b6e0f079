// Money: an exact amount in a currency.
//
// Design decisions:
// - `raw` is an `Int128` in units of 10^-9. Money accumulates: balances, notionals, PnL and margins of
//   whole portfolios. At 64 bits the limit would be ±9.2e9 units — a ¥10bn account or a large notional
//   in KRW would overflow. 128 bits give ±1.7e29 at the same scale, at a cost that only shows per fill,
//   not per quote (figures in Benchmarks/).
// - The amount lies on the grid of its currency's precision (0.01 for USD, 1 for JPY); results of
//   multiplication are rounded onto it explicitly (`Money(rawRounding:currency:)`).
// - Arithmetic between currencies traps; conversion needs an exchange rate and is explicit.

public import KeelCore

/// An exact amount of money: an integer `raw` in units of 10^-9 of `currency`, on its precision grid.
@frozen
public struct Money: Hashable, Sendable {
    /// The amount in units of 10^-9.
    public let raw: Int128
    /// The currency of the amount.
    public let currency: Currency

    /// Creates money from a raw value known to lie on the currency's grid; traps otherwise.
    @inlinable
    public init(raw: Int128, currency: Currency) {
        precondition(raw % Int128(FixedPoint.rawStep(precision: currency.precision)) == 0, "Invariant: money lies on the grid of its currency's precision (raw \(raw), \(currency.code))")
        self.raw = raw
        self.currency = currency
    }

    /// Money from a raw value on the grid by construction (zero, a sum, difference or negation of amounts on
    /// it): no remainder to check (a 128-bit division, ~100 instructions per fill-path operation).
    @inlinable
    init(onGrid raw: Int128, currency: Currency) {
        self.raw = raw
        self.currency = currency
    }

    /// Creates money from any raw value, rounded onto the currency's grid with `rule` (default: to
    /// nearest, ties away from zero).
    @inlinable
    public init(rawRounding raw: Int128, currency: Currency, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) {
        self.raw = Money.round(raw, step: Int128(FixedPoint.rawStep(precision: currency.precision)), rule: rule)
        self.currency = currency
    }

    /// Parses decimal text in `currency`, e.g. `Money("100000.00", .usd)`.
    ///
    /// - Throws: `ParseError` if the text is not a decimal number or has more decimals than the
    ///   currency's precision.
    public init(_ text: some StringProtocol, _ currency: Currency) throws(ParseError) {
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Money", text: String(text), reason: e.description)
        case .success(let p):
            guard !p.rounded, p.raw % Int128(FixedPoint.rawStep(precision: currency.precision)) == 0 else {
                throw ParseError(kind: "Money", text: String(text), reason: "more decimals than \(currency.code)'s precision \(currency.precision)")
            }
            self.raw = p.raw
            self.currency = currency
        }
    }

    /// Parses `"<amount> <CODE>"`, e.g. `"100000.00 USD"`, with a well-known currency.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        let parts = text.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 2 else { throw ParseError(kind: "Money", text: String(text), reason: "expected '<amount> <CURRENCY>'") }
        try self.init(parts[0], try Currency.named(parts[1]))
    }

    /// Creates money from a `Double` rounded to the currency's precision (ties away from zero).
    public init(_ value: Double, _ currency: Currency) throws(ValidationError) {
        self.raw = Int128(try FixedPointDouble.raw(value, precision: currency.precision, field: "Money"))
        self.currency = currency
    }

    /// Zero in `currency`.
    @inlinable
    public static func zero(_ currency: Currency) -> Money { Money(onGrid: 0, currency: currency) }

    /// The amount as a `Double` (for statistics and reports; may lose exactness).
    @inlinable
    public var doubleValue: Double { Double(raw) / 1e9 }

    /// True if the amount is zero.
    @inlinable public var isZero: Bool { raw == 0 }

    @usableFromInline
    static func round(_ raw: Int128, step: Int128, rule: FloatingPointRoundingRule) -> Int128 {
        if step == 1 { return raw }
        return FixedPoint.roundedQuotient(raw, step, rule: rule) * step
    }
}

extension Money: Comparable {
    /// Orders amounts of one currency; comparing different currencies traps.
    @inlinable
    public static func < (lhs: Money, rhs: Money) -> Bool {
        precondition(lhs.currency == rhs.currency, "Invariant: money compared in one currency (\(lhs.currency) vs \(rhs.currency))")
        return lhs.raw < rhs.raw
    }
}

extension Money {
    @inlinable
    public static func + (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Invariant: money added in one currency (\(lhs.currency) vs \(rhs.currency))")
        return Money(onGrid: lhs.raw + rhs.raw, currency: lhs.currency)
    }

    @inlinable
    public static func - (lhs: Money, rhs: Money) -> Money {
        precondition(lhs.currency == rhs.currency, "Invariant: money subtracted in one currency (\(lhs.currency) vs \(rhs.currency))")
        return Money(onGrid: lhs.raw - rhs.raw, currency: lhs.currency)
    }

    @inlinable
    public static prefix func - (operand: Money) -> Money { Money(onGrid: -operand.raw, currency: operand.currency) }

    @inlinable
    public static func += (lhs: inout Money, rhs: Money) { lhs = lhs + rhs }
    @inlinable
    public static func -= (lhs: inout Money, rhs: Money) { lhs = lhs - rhs }

    /// The amount times an integer (exact; traps on overflow).
    @inlinable
    public static func * (lhs: Money, rhs: Int64) -> Money { Money(raw: lhs.raw * Int128(rhs), currency: lhs.currency) }

    /// The amount times a fixed-point rate given as a raw value at scale 10^9 (e.g. a fee rate of
    /// 0.00002 is raw 20_000), rounded onto the currency's grid with `rule`.
    @inlinable
    public func multiplied(byRateRaw rateRaw: Int64, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Money {
        let product = raw * Int128(rateRaw)
        // Divide by 10^9 and round onto the currency grid in one rounding step.
        let step = Int128(FixedPoint.rawStep(precision: currency.precision)) * Int128(FixedPoint.scale)
        let rounded = Money.round(product, step: step, rule: rule)
        return Money(raw: rounded / Int128(FixedPoint.scale), currency: currency)
    }

    /// The absolute amount.
    @inlinable
    public var magnitude: Money { Money(raw: raw < 0 ? -raw : raw, currency: currency) }
}

extension Money: CustomStringConvertible {
    /// The amount with the currency's precision and code, e.g. `100010.50 USD`.
    public var description: String { "\(amountText) \(currency.code)" }

    /// The amount with the currency's precision, without the code, e.g. `100010.50`.
    public var amountText: String { FixedPoint.format(raw: raw, precision: currency.precision) }
}
