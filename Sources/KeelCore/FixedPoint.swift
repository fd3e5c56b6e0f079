// Fixed-point decimal text, parsed straight into integers.
//
// Design decisions:
// - Keel's prices, quantities and money are integers at one fixed scale of 10^9 (nine decimals), the
//   scale of NautilusTrader's standard-precision mode. Every vendor format we load (FX at 5 decimals,
//   crypto at 8, CME through Databento at exactly 1e-9) fits it without rounding.
// - Text is parsed digit by digit into an `Int128` accumulator, never through `Double`, so "0.1" is
//   exactly 100_000_000 raw. The caller narrows to its raw width and reports overflow.
// - The parser reports the number of decimals written, so that `Price("1.23450")` keeps precision 5.

/// Constants and helpers for Keel's fixed-point scale.
public enum FixedPoint {
    /// The number of decimals of every raw value: raws are integers in units of 10^-9.
    public static let scaleDigits: Int = 9
    /// 10^9: the raw value of 1.
    public static let scale: Int64 = 1_000_000_000
    /// The largest precision a value may be shown with.
    public static let maxPrecision: UInt8 = 9

    /// Powers of ten from 10^0 to 10^18.
    public static let powersOfTen: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1...18 { p.append(p.last! * 10) }
        return p
    }()

    /// 10^`exponent` for 0 ≤ exponent ≤ 18.
    ///
    /// A switch (compiled to a table lookup), not a loop: every checked `Price` and `Quantity` asks for a
    /// grid step, so this is on the path of each delta, quote and fill.
    @inlinable
    public static func pow10(_ exponent: Int) -> Int64 {
        switch exponent {
        case 0: 1
        case 1: 10
        case 2: 100
        case 3: 1_000
        case 4: 10_000
        case 5: 100_000
        case 6: 1_000_000
        case 7: 10_000_000
        case 8: 100_000_000
        case 9: 1_000_000_000
        case 10: 10_000_000_000
        case 11: 100_000_000_000
        case 12: 1_000_000_000_000
        case 13: 10_000_000_000_000
        case 14: 100_000_000_000_000
        case 15: 1_000_000_000_000_000
        case 16: 10_000_000_000_000_000
        case 17: 100_000_000_000_000_000
        case 18: 1_000_000_000_000_000_000
        default: preconditionFailure("Invariant: 10^n is defined here for 0...18 (n = \(exponent))")
        }
    }

    /// The step between two values shown at `precision`, as a raw value (10^(9 - precision)).
    @inlinable
    public static func rawStep(precision: UInt8) -> Int64 {
        precondition(precision <= maxPrecision, "Invariant: precision is at most 9 (got \(precision))")
        return pow10(scaleDigits - Int(precision))
    }

    /// The result of parsing decimal text.
    public struct Parsed: Sendable, Equatable {
        /// The value in units of 10^-9 (rounded to nearest, ties away from zero, when the text had more
        /// than nine decimals).
        public var raw: Int128
        /// How many decimals the text wrote (after applying an exponent), capped at 9.
        public var decimals: UInt8
        /// True if digits beyond the ninth decimal were not all zero and the raw value was rounded.
        public var rounded: Bool
    }

    /// Parses decimal text: an optional sign, digits with an optional point, and an optional exponent
    /// (`1.5`, `-0.00001`, `.5`, `3.`, `2.5e-3`). No spaces, no thousands separators.
    ///
    /// - Returns: the raw value at scale 10^9, or a reason the text is not a decimal number.
    public static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, DecimalTextError> {
        if let fast = parseCommon(bytes) { return .success(fast) }
        return parseGeneral(bytes)
    }

    /// The common case in 64-bit arithmetic: `[-+]digits[.digits]` with at most 9 decimals and 18
    /// digits in all. Returns nil for anything else, which the general parser then handles.
    @inline(__always)
    static func parseCommon(_ bytes: UnsafeBufferPointer<UInt8>) -> Parsed? {
        let n = bytes.count
        guard n > 0, n <= 20 else { return nil }
        var i = 0
        var negative = false
        let first = bytes[0]
        if first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
            negative = first == UInt8(ascii: "-")
            i = 1
        }
        var m: Int64 = 0
        var digits = 0
        var fraction = -1
        while i < n {
            let c = bytes[i]
            let d = c &- 48
            if d < 10 {
                m = m &* 10 &+ Int64(d)
                digits += 1
                if fraction >= 0 { fraction += 1 }
            } else if c == UInt8(ascii: "."), fraction < 0 {
                fraction = 0
            } else {
                return nil
            }
            i += 1
        }
        guard digits > 0, digits <= 18 else { return nil }
        let decimals = Swift.max(fraction, 0)
        guard decimals <= scaleDigits else { return nil }
        // m < 10^18 and decimals <= 9: m * 10^(9 - decimals) may still overflow Int64; check.
        let (raw, overflow) = m.multipliedReportingOverflow(by: pow10(scaleDigits - decimals))
        guard !overflow else { return nil }
        return Parsed(raw: Int128(negative ? -raw : raw), decimals: UInt8(decimals), rounded: false)
    }

    static func parseGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<Parsed, DecimalTextError> {
        let n = bytes.count
        guard n > 0 else { return .failure(.empty) }
        var i = 0
        var negative = false
        if bytes[0] == UInt8(ascii: "-") || bytes[0] == UInt8(ascii: "+") {
            negative = bytes[0] == UInt8(ascii: "-")
            i = 1
        }
        // Mantissa digits as an integer plus the count of digits after the point.
        var mantissa: Int128 = 0
        var significant = 0
        var fractionDigits = 0
        var sawDigit = false
        var sawPoint = false
        var droppedNonZero = false
        var droppedDigits = 0
        while i < n {
            let c = bytes[i]
            if c >= 48 && c <= 57 {
                sawDigit = true
                if significant < 36 {
                    mantissa = mantissa * 10 + Int128(c - 48)
                    if mantissa != 0 { significant += 1 }
                    if sawPoint { fractionDigits += 1 }
                } else {
                    // Beyond 36 significant digits: integer digits still scale, fraction digits are dropped.
                    if sawPoint {
                        if c != 48 { droppedNonZero = true }
                    } else {
                        droppedDigits += 1
                    }
                }
            } else if c == UInt8(ascii: ".") {
                if sawPoint { return .failure(.malformed("a second decimal point")) }
                sawPoint = true
            } else if c == UInt8(ascii: "e") || c == UInt8(ascii: "E") {
                break
            } else {
                return .failure(.malformed("unexpected character '\(Character(Unicode.Scalar(c)))'"))
            }
            i += 1
        }
        guard sawDigit else { return .failure(.malformed("no digits")) }
        if droppedDigits > 0 { return .failure(.outOfRange) }
        var exponent = 0
        if i < n {
            // Exponent.
            i += 1
            var expNegative = false
            if i < n, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
                expNegative = bytes[i] == UInt8(ascii: "-")
                i += 1
            }
            var expDigits = 0
            while i < n {
                let c = bytes[i]
                guard c >= 48 && c <= 57 else { return .failure(.malformed("unexpected character in exponent")) }
                exponent = exponent * 10 + Int(c - 48)
                expDigits += 1
                if exponent > 60 { return .failure(.outOfRange) }
                i += 1
            }
            guard expDigits > 0 else { return .failure(.malformed("exponent has no digits")) }
            if expNegative { exponent = -exponent }
        }
        // value = mantissa * 10^(exponent - fractionDigits); raw = value * 10^9.
        let decimalsWritten = fractionDigits - exponent
        let shift = scaleDigits - decimalsWritten
        var raw: Int128
        var rounded = droppedNonZero
        if shift >= 0 {
            if shift > 38 { if mantissa == 0 { raw = 0 } else { return .failure(.outOfRange) } } else {
                var m = mantissa
                for _ in 0..<shift {
                    let (r, o) = m.multipliedReportingOverflow(by: 10)
                    if o { return .failure(.outOfRange) }
                    m = r
                }
                raw = m
            }
        } else {
            let drop = -shift
            if drop > 38 {
                raw = 0
                rounded = rounded || mantissa != 0
            } else {
                var divisor: Int128 = 1
                for _ in 0..<drop { divisor *= 10 }
                let (q, r) = mantissa.quotientAndRemainder(dividingBy: divisor)
                raw = q
                if r != 0 {
                    rounded = true
                    if r * 2 >= divisor { raw += 1 }
                }
            }
        }
        if negative { raw = -raw }
        let decimals = UInt8(clamping: max(0, min(decimalsWritten, scaleDigits)))
        return .success(Parsed(raw: raw, decimals: decimals, rounded: rounded))
    }

    /// Parses decimal text; see ``parse(_:)-(UnsafeBufferPointer<UInt8>)``.
    @inlinable
    public static func parse(_ text: some StringProtocol) -> Result<Parsed, DecimalTextError> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse($0) }) { return result }
        var s = String(text)
        return s.withUTF8 { parse($0) }
    }

    /// Writes `raw` (at scale 10^9) as decimal text with exactly `precision` decimals, truncating
    /// digits below the precision (callers round first).
    public static func format(raw: Int128, precision: UInt8) -> String {
        precondition(precision <= maxPrecision, "Invariant: precision is at most 9 (got \(precision))")
        let negative = raw < 0
        let magnitude = raw.magnitude
        let scaleU = UInt128(scale)
        let integer = magnitude / scaleU
        var fraction = UInt64(magnitude % scaleU)
        var out = negative ? "-" : ""
        out += String(integer)
        if precision > 0 {
            fraction /= UInt64(pow10(scaleDigits - Int(precision)))
            var digits = [UInt8](repeating: 48, count: Int(precision))
            var k = Int(precision) - 1
            while k >= 0 {
                digits[k] = UInt8(48 + fraction % 10)
                fraction /= 10
                k -= 1
            }
            out += "."
            out += String(decoding: digits, as: UTF8.self)
        }
        return out
    }

    /// Rounds `raw` (scale 10^9) to a multiple of 10^(9 - precision) with `rule`.
    @inlinable
    public static func round(raw: Int64, toPrecision precision: UInt8, rule: FloatingPointRoundingRule) -> Int64 {
        let step = rawStep(precision: precision)
        if step == 1 { return raw }
        return roundedQuotient(raw, step, rule: rule) * step
    }

    /// `numerator / denominator` rounded with `rule` (the one rounding of exact integer division in Keel:
    /// prices to a grid, money to a currency, averages, PnL, margins).
    ///
    /// Traps if `denominator` is zero.
    @inlinable
    public static func roundedQuotient<T: FixedWidthInteger & SignedInteger>(
        _ numerator: T, _ denominator: T, rule: FloatingPointRoundingRule
    ) -> T {
        precondition(denominator != 0, "Invariant: no division by zero")
        let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
        return roundQuotient(q, remainder: r, divisor: denominator, rule: rule)
    }

    /// The truncated quotient `q` of a division by `divisor` with remainder `r` (Swift's truncating
    /// division: `r` has the dividend's sign), rounded with `rule`.
    @inlinable
    public static func roundQuotient<T: FixedWidthInteger & SignedInteger>(
        _ q: T, remainder r: T, divisor d: T, rule: FloatingPointRoundingRule
    ) -> T {
        if r == 0 { return q }
        let negative = (r < 0) != (d < 0)
        let away = negative ? q - 1 : q + 1
        // Compare 2|r| with |d| without overflow: |r| < |d|, so |d| - |r| > 0.
        let rm = r.magnitude
        let rest = d.magnitude - rm
        switch rule {
        case .towardZero: return q
        case .awayFromZero: return away
        case .down: return negative ? q - 1 : q
        case .up: return negative ? q : q + 1
        case .toNearestOrEven: return rm > rest || (rm == rest && q % 2 != 0) ? away : q
        case .toNearestOrAwayFromZero: return rm >= rest ? away : q
        @unknown default: return rm >= rest ? away : q
        }
    }
}

/// Why text is not a decimal number.
public enum DecimalTextError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The text is empty.
    case empty
    /// The text is not a decimal number; the payload says where it goes wrong.
    case malformed(String)
    /// The number does not fit the raw integer.
    case outOfRange

    public var description: String {
        switch self {
        case .empty: "empty text"
        case .malformed(let why): "not a decimal number (\(why))"
        case .outOfRange: "out of range"
        }
    }
}
