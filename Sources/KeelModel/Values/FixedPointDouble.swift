import KeelCore

/// Conversion of `Double` values at the edges (indicators, user input) into fixed-point raws.
enum FixedPointDouble {
    /// The raw value (scale 10^9) of `value` rounded to `precision`, ties away from zero.
    ///
    /// - Throws: `ValidationError` for NaN, infinities, a precision above 9, or a value beyond
    ///   ±9.2e9.
    static func raw(_ value: Double, precision: UInt8, field: String) throws(ValidationError) -> Int64 {
        guard value.isFinite else { throw ValidationError(field: field, reason: "\(value) is not a finite number") }
        guard precision <= FixedPoint.maxPrecision else {
            throw ValidationError(field: field, reason: "precision \(precision) exceeds 9")
        }
        // Round at the target precision in the Double domain first (as the value's nearest decimal),
        // then scale exactly in integers.
        let factor = Double(FixedPoint.pow10(Int(precision)))
        let scaled = (value * factor).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.2e18 / Double(FixedPoint.rawStep(precision: precision)) else {
            throw ValidationError(field: field, reason: "\(value) is out of range")
        }
        return Int64(scaled) * FixedPoint.rawStep(precision: precision)
    }
}
