// Rate: an exact dimensionless decimal (a margin ratio, a fee rate, a funding rate).
//
// Design decisions:
// - Same representation as `Price`: an `Int64` raw in units of 10^-9. Every rate we know of fits nine
//   decimals (fee rates are quoted to 1e-6 at most, funding rates to 1e-8), and `Money` already
//   multiplies by a raw at scale 10^9 (`Money.multiplied(byRateRaw:)`), so a rate applies to money with
//   one exact integer multiplication and one explicit rounding.
// - No `Double` constructor: rates come from configuration and venue text, parsed straight into the raw.
// - Unlike `Price`, a rate has no display precision: it prints with as few decimals as it needs
//   (`0.00002`, `-0.00025`, `0.03`), the way NautilusTrader prints its `Decimal` fields.
// - Rates may be negative (maker rebates, negative funding).

public import KeelCore

/// An exact dimensionless decimal — a margin ratio, a fee or a funding rate — as an integer `raw` in
/// units of 10^-9.
///
/// Build it from decimal text (`try Rate("0.00002")`) or from a raw value (`Rate(raw: 20_000)`).
@frozen
public struct Rate: Hashable, Comparable, Sendable {
    /// The value in units of 10^-9 (0.00002 is raw 20_000).
    public let raw: Int64

    /// Creates a rate from its raw value in units of 10^-9.
    @inlinable
    public init(raw: Int64) { self.raw = raw }

    /// Parses decimal text, e.g. `"0.00002"`, `"-0.00025"`, `"1e-4"`.
    ///
    /// - Throws: `ParseError` if the text is not a decimal number, has more than nine significant
    ///   decimals, or is out of range.
    public init(_ text: some StringProtocol) throws(ParseError) {
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Rate", text: String(text), reason: e.description)
        case .success(let p):
            guard !p.rounded else { throw ParseError(kind: "Rate", text: String(text), reason: "more than 9 decimals") }
            guard let raw = Int64(exactly: p.raw) else {
                throw ParseError(kind: "Rate", text: String(text), reason: "out of range (|rate| < 9.2e9)")
            }
            self.raw = raw
        }
    }

    /// The zero rate.
    public static let zero = Rate(raw: 0)

    /// True if the rate is below zero (a rebate, a negative funding rate).
    @inlinable public var isNegative: Bool { raw < 0 }
    /// True if the rate is zero.
    @inlinable public var isZero: Bool { raw == 0 }

    /// The rate as a `Double` (for statistics; may lose exactness).
    @inlinable public var doubleValue: Double { Double(raw) / 1e9 }

    @inlinable
    public static func < (lhs: Rate, rhs: Rate) -> Bool { lhs.raw < rhs.raw }
}

extension Rate: CustomStringConvertible {
    /// The rate with as few decimals as it needs, e.g. `0.00002`, `1`, `-0.00025`.
    public var description: String {
        var precision = FixedPoint.maxPrecision
        while precision > 0 && raw % FixedPoint.rawStep(precision: precision - 1) == 0 { precision -= 1 }
        return FixedPoint.format(raw: Int128(raw), precision: precision)
    }
}

extension Money {
    /// The amount times `rate`, rounded onto the currency's grid with `rule` (default: to nearest,
    /// ties away from zero), e.g. a commission `notional.multiplied(by: instrument.takerFee)`.
    @inlinable
    public func multiplied(by rate: Rate, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Money {
        multiplied(byRateRaw: rate.raw, rule: rule)
    }
}
