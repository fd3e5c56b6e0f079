// Price: an exact fixed-point price.
//
// Design decisions (figures in the closing note of the foundation issue and in Benchmarks/):
// - `raw` is an `Int64` in units of 10^-9. That covers ±9,223,372,036.854775807 — every traded price,
//   with the nine decimals Databento uses for CME — and keeps `Price` at 16 bytes, so a `QuoteTick`
//   stays small and arithmetic is single instructions. `Money`, which accumulates balances and
//   notionals, uses 128 bits instead (see Money.swift).
// - `precision` (0...9) is how many decimals the value is shown with and the grid it lives on: a raw
//   that is not a multiple of 10^(9 - precision) is an invariant violation.
// - Arithmetic between prices of different precision traps: it is almost always a mixed-instrument bug.
//   Code that needs to combine them says so with `rounded(toPrecision:)` or `withPrecision(_:)`.
//
// | operation                 | result   | precision rule                        |
// |---------------------------|----------|---------------------------------------|
// | Price + Price, Price - Price | Price | both operands' (equal) precision      |
// | -Price                    | Price    | unchanged                             |
// | Price * Int, Price / Int  | Price    | unchanged (division rounds to grid)   |
// | Price.rounded(toPrecision:) | Price  | the given precision                   |

public import KeelCore

/// An exact price: an integer `raw` in units of 10^-9, shown with `precision` decimals.
///
/// Prices may be negative (spreads, some futures) but never NaN or infinite. Build them from decimal
/// text (`try Price("1.23450")`), from a raw value, or from a `Double` at the edges.
@frozen
public struct Price: Hashable, Sendable {
    /// The value in units of 10^-9.
    public let raw: Int64
    /// The number of decimals the value is shown with (0...9).
    public let precision: UInt8

    /// The largest representable price.
    public static let maxRaw: Int64 = .max
    /// The smallest representable price.
    public static let minRaw: Int64 = .min + 1

    /// Creates a price from a raw value known to lie on the grid of `precision`.
    ///
    /// Traps if `precision` exceeds 9 or `raw` is not a multiple of 10^(9 - precision).
    @inlinable
    public init(raw: Int64, precision: UInt8) {
        precondition(precision <= FixedPoint.maxPrecision, "Invariant: a price's precision is at most 9 (got \(precision))")
        precondition(raw % FixedPoint.rawStep(precision: precision) == 0, "Invariant: a price's raw value lies on the grid of its precision (raw \(raw), precision \(precision))")
        precondition(raw != .min, "Invariant: a price's raw value is not Int64.min")
        self.raw = raw
        self.precision = precision
    }

    @inlinable
    package init(uncheckedRaw raw: Int64, precision: UInt8) {
        self.raw = raw
        self.precision = precision
    }

    /// Parses decimal text; the precision is the number of decimals written.
    ///
    /// `"1.23450"` is 1.2345 at precision 5; `"100"` is precision 0. The text goes straight into the raw
    /// integer, never through `Double`.
    ///
    /// - Throws: `ParseError` if the text is not a decimal number, has more than 9 decimals, or is out
    ///   of range.
    public init(_ text: some StringProtocol) throws(ParseError) {
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Price", text: String(text), reason: e.description)
        case .success(let p):
            guard !p.rounded else { throw ParseError(kind: "Price", text: String(text), reason: "more than 9 decimals") }
            guard let raw = Int64(exactly: p.raw), raw != .min else {
                throw ParseError(kind: "Price", text: String(text), reason: "out of range (|price| < 9.2e9)")
            }
            self.init(uncheckedRaw: raw, precision: p.decimals)
        }
    }

    /// Parses decimal text and rounds it to `precision` (ties away from zero).
    ///
    /// - Throws: `ParseError` if the text is not a decimal number or is out of range.
    public init(_ text: some StringProtocol, precision: UInt8) throws(ParseError) {
        guard precision <= FixedPoint.maxPrecision else {
            throw ParseError(kind: "Price", text: String(text), reason: "precision \(precision) exceeds 9")
        }
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Price", text: String(text), reason: e.description)
        case .success(let p):
            guard let raw = Int64(exactly: p.raw), raw != .min else {
                throw ParseError(kind: "Price", text: String(text), reason: "out of range (|price| < 9.2e9)")
            }
            self.init(uncheckedRaw: FixedPoint.round(raw: raw, toPrecision: precision, rule: .toNearestOrAwayFromZero), precision: precision)
        }
    }

    /// Creates a price from a `Double`, rounded to `precision` (ties away from zero).
    ///
    /// For the edges only (indicators, user input). Throws on NaN, infinities and values out of range.
    public init(_ value: Double, precision: UInt8) throws(ValidationError) {
        self.init(uncheckedRaw: try FixedPointDouble.raw(value, precision: precision, field: "Price"), precision: precision)
    }

    /// Creates a price from a `Double` known to be finite and in range; traps otherwise.
    public init(checkedDouble value: Double, precision: UInt8) {
        do { try self.init(value, precision: precision) } catch {
            preconditionFailure("Invariant: a price is finite and in range (\(error))")
        }
    }

    /// The zero price at `precision`.
    @inlinable
    public static func zero(precision: UInt8) -> Price { Price(raw: 0, precision: precision) }

    /// The price as a `Double` (for indicators and statistics; may lose exactness).
    @inlinable
    public var doubleValue: Double { Double(raw) / 1e9 }

    /// The smallest step of this price's precision (e.g. 0.00001 at precision 5).
    @inlinable
    public var tick: Price { Price(uncheckedRaw: FixedPoint.rawStep(precision: precision), precision: precision) }

    /// True if the price is zero.
    @inlinable public var isZero: Bool { raw == 0 }
    /// True if the price is greater than zero.
    @inlinable public var isPositive: Bool { raw > 0 }

    /// This price rounded to `precision` with `rule` (default: to nearest, ties away from zero).
    @inlinable
    public func rounded(toPrecision precision: UInt8, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Price {
        Price(uncheckedRaw: FixedPoint.round(raw: raw, toPrecision: precision, rule: rule), precision: precision)
    }

    /// This price at a higher or equal precision (exact); traps if `precision` is lower than the
    /// current one (use `rounded(toPrecision:)`).
    @inlinable
    public func withPrecision(_ precision: UInt8) -> Price {
        precondition(precision >= self.precision, "Invariant: raising a price's precision is exact; lowering needs rounding")
        return Price(raw: raw, precision: precision)
    }
}

// MARK: Arithmetic

extension Price: Comparable {
    /// Orders by value; prices of different precision compare by value too (comparison is exact).
    @inlinable
    public static func < (lhs: Price, rhs: Price) -> Bool { lhs.raw < rhs.raw }
}

extension Price {
    @inlinable
    public static func + (lhs: Price, rhs: Price) -> Price {
        precondition(lhs.precision == rhs.precision, "Invariant: prices added at one precision (\(lhs.precision) vs \(rhs.precision))")
        return Price(uncheckedRaw: lhs.raw + rhs.raw, precision: lhs.precision)
    }

    @inlinable
    public static func - (lhs: Price, rhs: Price) -> Price {
        precondition(lhs.precision == rhs.precision, "Invariant: prices subtracted at one precision (\(lhs.precision) vs \(rhs.precision))")
        return Price(uncheckedRaw: lhs.raw - rhs.raw, precision: lhs.precision)
    }

    @inlinable
    public static prefix func - (operand: Price) -> Price {
        Price(uncheckedRaw: -operand.raw, precision: operand.precision)
    }

    @inlinable
    public static func += (lhs: inout Price, rhs: Price) { lhs = lhs + rhs }
    @inlinable
    public static func -= (lhs: inout Price, rhs: Price) { lhs = lhs - rhs }

    /// The price times an integer factor (exact; traps on overflow).
    @inlinable
    public static func * (lhs: Price, rhs: Int64) -> Price {
        Price(uncheckedRaw: lhs.raw * rhs, precision: lhs.precision)
    }

    /// The price divided by an integer, rounded to the price's grid with `rule`.
    @inlinable
    public func divided(by divisor: Int64, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Price {
        precondition(divisor != 0, "Invariant: a price is not divided by zero")
        let step = FixedPoint.rawStep(precision: precision)
        // Work in steps so the result stays on the grid: raw / (step * divisor), rounded.
        let steps = FixedPoint.roundedQuotient(Int128(raw), Int128(step) * Int128(divisor), rule: rule)
        return Price(uncheckedRaw: Int64(steps) * step, precision: precision)
    }

    /// The midpoint of two prices, at one more decimal than theirs (so it is exact), capped at 9.
    ///
    /// This is how mid prices are formed from a bid and an ask (e.g. 1.12345 and 1.12346 give 1.123455).
    @inlinable
    public static func midpoint(_ a: Price, _ b: Price) -> Price {
        precondition(a.precision == b.precision, "Invariant: a midpoint of prices at one precision")
        let p = min(a.precision + 1, FixedPoint.maxPrecision)
        // Half of a sum of two values on the grid of precision P is on the grid of P + 1: no rounding,
        // except for an odd sum, which only happens at precision 9 (rounded half away from zero).
        let (sum, overflow) = a.raw.addingReportingOverflow(b.raw)
        if !overflow {
            let half = sum / 2
            if sum & 1 != 0 { return Price(uncheckedRaw: sum > 0 ? half + 1 : half - 1, precision: p) }
            return Price(uncheckedRaw: half, precision: p)
        }
        let wide = Int128(a.raw) + Int128(b.raw)
        let half = Int64(wide / 2)
        if wide % 2 != 0 { return Price(uncheckedRaw: wide > 0 ? half + 1 : half - 1, precision: p) }
        return Price(uncheckedRaw: half, precision: p)
    }
}

extension Price: CustomStringConvertible {
    /// The price with exactly `precision` decimals, e.g. `1.23450`.
    public var description: String { FixedPoint.format(raw: Int128(raw), precision: precision) }
}
