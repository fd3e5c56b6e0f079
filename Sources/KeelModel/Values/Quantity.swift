// Quantity: an exact, non-negative fixed-point amount of an instrument.
//
// Same representation as `Price` (Int64 raw at 10^-9, a precision 0...9), with one more invariant:
// a quantity is never negative. Subtracting a larger quantity traps; signed amounts (a net position)
// are `Int64` raws or `SignedQuantity` where they occur.
//
// The limit is 9,223,372,036.854775807 units — enough for every contract and coin we know of at full
// nine decimals (NautilusTrader's standard-precision limit is of the same order).

public import KeelCore

/// An exact non-negative quantity: an integer `raw` in units of 10^-9, shown with `precision` decimals.
@frozen
public struct Quantity: Hashable, Sendable {
    /// The value in units of 10^-9; never negative.
    public let raw: Int64
    /// The number of decimals the value is shown with (0...9).
    public let precision: UInt8

    /// Creates a quantity from a raw value known to be valid; traps if it is negative or off the grid.
    @inlinable
    public init(raw: Int64, precision: UInt8) {
        precondition(precision <= FixedPoint.maxPrecision, "Invariant: a quantity's precision is at most 9 (got \(precision))")
        precondition(raw >= 0, "Invariant: a quantity is not negative (raw \(raw))")
        precondition(raw % FixedPoint.rawStep(precision: precision) == 0, "Invariant: a quantity's raw value lies on the grid of its precision (raw \(raw), precision \(precision))")
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
    /// - Throws: `ParseError` if the text is not a decimal number, is negative, has more than 9
    ///   decimals, or is out of range.
    public init(_ text: some StringProtocol) throws(ParseError) {
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Quantity", text: String(text), reason: e.description)
        case .success(let p):
            guard !p.rounded else { throw ParseError(kind: "Quantity", text: String(text), reason: "more than 9 decimals") }
            guard p.raw >= 0 else { throw ParseError(kind: "Quantity", text: String(text), reason: "must not be negative") }
            guard let raw = Int64(exactly: p.raw) else {
                throw ParseError(kind: "Quantity", text: String(text), reason: "out of range (< 9.2e9)")
            }
            self.init(uncheckedRaw: raw, precision: p.decimals)
        }
    }

    /// Parses decimal text and rounds it to `precision` (ties away from zero).
    public init(_ text: some StringProtocol, precision: UInt8) throws(ParseError) {
        guard precision <= FixedPoint.maxPrecision else {
            throw ParseError(kind: "Quantity", text: String(text), reason: "precision \(precision) exceeds 9")
        }
        switch FixedPoint.parse(text) {
        case .failure(let e): throw ParseError(kind: "Quantity", text: String(text), reason: e.description)
        case .success(let p):
            guard p.raw >= 0 else { throw ParseError(kind: "Quantity", text: String(text), reason: "must not be negative") }
            guard let raw = Int64(exactly: p.raw) else {
                throw ParseError(kind: "Quantity", text: String(text), reason: "out of range (< 9.2e9)")
            }
            self.init(uncheckedRaw: FixedPoint.round(raw: raw, toPrecision: precision, rule: .toNearestOrAwayFromZero), precision: precision)
        }
    }

    /// Creates a quantity from a `Double`, rounded to `precision` (ties away from zero).
    ///
    /// Throws on NaN, infinities, negative values and values out of range.
    public init(_ value: Double, precision: UInt8) throws(ValidationError) {
        guard !(value < 0) else { throw ValidationError(field: "Quantity", reason: "\(value) is negative") }
        self.init(uncheckedRaw: try FixedPointDouble.raw(value, precision: precision, field: "Quantity"), precision: precision)
    }

    /// Creates a quantity from a whole number of units at `precision`; traps if negative or out of range.
    @inlinable
    public init(units: Int64, precision: UInt8 = 0) {
        self.init(raw: units * FixedPoint.scale, precision: precision)
    }

    /// The zero quantity at `precision`.
    @inlinable
    public static func zero(precision: UInt8) -> Quantity { Quantity(uncheckedRaw: 0, precision: precision) }

    /// The quantity as a `Double` (for statistics; may lose exactness).
    @inlinable
    public var doubleValue: Double { Double(raw) / 1e9 }

    /// True if the quantity is zero.
    @inlinable public var isZero: Bool { raw == 0 }
    /// True if the quantity is greater than zero.
    @inlinable public var isPositive: Bool { raw > 0 }

    /// This quantity rounded to `precision` with `rule` (default: to nearest, ties away from zero).
    @inlinable
    public func rounded(toPrecision precision: UInt8, rule: FloatingPointRoundingRule = .toNearestOrAwayFromZero) -> Quantity {
        Quantity(uncheckedRaw: FixedPoint.round(raw: raw, toPrecision: precision, rule: rule), precision: precision)
    }
}

extension Quantity: Comparable {
    @inlinable
    public static func < (lhs: Quantity, rhs: Quantity) -> Bool { lhs.raw < rhs.raw }
}

extension Quantity {
    @inlinable
    public static func + (lhs: Quantity, rhs: Quantity) -> Quantity {
        precondition(lhs.precision == rhs.precision, "Invariant: quantities added at one precision (\(lhs.precision) vs \(rhs.precision))")
        return Quantity(uncheckedRaw: lhs.raw + rhs.raw, precision: lhs.precision)
    }

    /// The difference; traps if `rhs` is larger than `lhs` (a quantity is never negative).
    @inlinable
    public static func - (lhs: Quantity, rhs: Quantity) -> Quantity {
        precondition(lhs.precision == rhs.precision, "Invariant: quantities subtracted at one precision (\(lhs.precision) vs \(rhs.precision))")
        precondition(lhs.raw >= rhs.raw, "Invariant: a quantity is not negative (\(lhs) - \(rhs))")
        return Quantity(uncheckedRaw: lhs.raw - rhs.raw, precision: lhs.precision)
    }

    /// The difference, or zero if `rhs` is larger.
    @inlinable
    public func saturatingSubtract(_ rhs: Quantity) -> Quantity {
        precondition(precision == rhs.precision, "Invariant: quantities subtracted at one precision")
        return Quantity(uncheckedRaw: Swift.max(0, raw - rhs.raw), precision: precision)
    }

    @inlinable
    public static func += (lhs: inout Quantity, rhs: Quantity) { lhs = lhs + rhs }
    @inlinable
    public static func -= (lhs: inout Quantity, rhs: Quantity) { lhs = lhs - rhs }

    /// The quantity times a non-negative integer factor (exact; traps on overflow).
    @inlinable
    public static func * (lhs: Quantity, rhs: Int64) -> Quantity {
        precondition(rhs >= 0, "Invariant: a quantity is not negative")
        return Quantity(uncheckedRaw: lhs.raw * rhs, precision: lhs.precision)
    }
}

extension Quantity: CustomStringConvertible {
    /// The quantity with exactly `precision` decimals, e.g. `1000` or `0.500`.
    public var description: String { FixedPoint.format(raw: Int128(raw), precision: precision) }
}
