// Rounding a `Double` as the decimal it prints as.
//
// NautilusTrader's `make_price`/`make_qty` convert an `f64` to a `Decimal` through its shortest
// round-trip text (`value.to_string()`) and round that decimal. Swift's `Double.description` is the
// same shortest round-trip text, so parsing it gives the same decimal. The rounding is done on the
// full decimal mantissa (up to 17 digits), never on a value already rounded to nine decimals, so
// `1.2345650000000001` rounds up at five decimals as it should.

import KeelCore

enum ShortestDecimal {
    /// The raw value (scale 10^9) of `value`, read as its shortest decimal text and rounded to
    /// `decimals` (0...9) with `rule`.
    ///
    /// - Throws: `ValidationError` naming `field` for NaN, infinities and values beyond ±9.2e9.
    static func raw(
        _ value: Double,
        decimals: UInt8,
        rule: FloatingPointRoundingRule,
        field: String
    ) throws(ValidationError) -> Int64 {
        guard value.isFinite else { throw ValidationError(field: field, reason: "\(value) is not a finite number") }
        guard abs(value) < 9.2e9 else { throw ValidationError(field: field, reason: "\(value) is out of range") }
        // Split the shortest text into a digit mantissa and a decimal exponent.
        var mantissa: Int128 = 0
        var exponent = 0
        var negative = false
        var inFraction = false
        var sawE = false
        var expNegative = false
        var expValue = 0
        for c in value.description.utf8 {
            if sawE {
                if c == UInt8(ascii: "-") { expNegative = true } else if c >= 48 && c <= 57 { expValue = expValue * 10 + Int(c - 48) }
                continue
            }
            switch c {
            case UInt8(ascii: "-"): negative = true
            case UInt8(ascii: "."): inFraction = true
            case UInt8(ascii: "e"), UInt8(ascii: "E"): sawE = true
            case 48...57:
                mantissa = mantissa * 10 + Int128(c - 48)
                if inFraction { exponent -= 1 }
            default: break
            }
        }
        exponent += expNegative ? -expValue : expValue
        // units = mantissa * 10^(exponent + decimals), rounded to an integer.
        let shift = exponent + Int(decimals)
        var units: Int128
        if shift >= 0 {
            units = mantissa
            for _ in 0..<shift { units *= 10 }
        } else if -shift > 36 {
            units = 0
            if mantissa != 0, rule == .awayFromZero || (rule == .up && !negative) || (rule == .down && negative) {
                units = 1
            }
        } else {
            var divisor: Int128 = 1
            for _ in 0..<(-shift) { divisor *= 10 }
            let (q, r) = mantissa.quotientAndRemainder(dividingBy: divisor)
            units = q
            if r != 0 {
                let twice = r * 2
                switch rule {
                case .towardZero: break
                case .awayFromZero: units += 1
                case .up: if !negative { units += 1 }
                case .down: if negative { units += 1 }
                case .toNearestOrEven: if twice > divisor || (twice == divisor && q % 2 != 0) { units += 1 }
                default: if twice >= divisor { units += 1 }
                }
            }
        }
        if negative { units = -units }
        let raw = units * Int128(FixedPoint.rawStep(precision: decimals))
        guard let narrow = Int64(exactly: raw), narrow != .min else {
            throw ValidationError(field: field, reason: "\(value) is out of range")
        }
        return narrow
    }
}
