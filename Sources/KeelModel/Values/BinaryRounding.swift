// Rounding a Double the way NautilusTrader 1.221.0's `Instrument.make_price`/`make_qty` do: Python's
// `round(value, ndigits)`, which rounds the *exact* binary value of the double half-to-even (so 2.675,
// stored as 2.67499999…, rounds to 2.67). Parity of S1's bracket prices depends on it.
//
// The double is M × 2^E with an integer M < 2^53; M × 10^n fits in 128 bits for n ≤ 9, so the scaled value
// and the remainder of the division by 2^-E are exact integers and ties are detected exactly.

import KeelCore

package enum BinaryRounding {
    /// `value` rounded to `decimals` (0…9) half-to-even on its exact binary value, times 10^decimals; nil
    /// if the result does not fit an `Int64` or `value` is not finite.
    package static func scaledRound(_ value: Double, decimals: Int) -> Int64? {
        precondition(decimals >= 0 && decimals <= 9, "Invariant: rounding to 0...9 decimals")
        guard value.isFinite else { return nil }
        if value == 0 { return 0 }
        let magnitude = value.magnitude
        let mantissa: UInt64
        let exponent: Int
        if magnitude.isNormal {
            mantissa = magnitude.significandBitPattern | (1 << 52)
            exponent = Int(magnitude.exponent) - 52
        } else {
            mantissa = magnitude.significandBitPattern
            exponent = -1074
        }
        let n = UInt128(mantissa) * UInt128(UInt64(FixedPoint.pow10(decimals)))
        let rounded: UInt128
        if exponent >= 0 {
            guard exponent < 64, n.leadingZeroBitCount > exponent else { return nil }
            rounded = n << exponent
        } else {
            let k = -exponent
            if k >= 127 { return 0 }  // n < 2^83, so the value is far below one half
            let q = n >> k
            let r = n & ((UInt128(1) << k) - 1)
            let half = UInt128(1) << (k - 1)
            if r > half || (r == half && q & 1 == 1) { rounded = q + 1 } else { rounded = q }
        }
        guard rounded <= UInt128(Int64.max) else { return nil }
        return value < 0 ? -Int64(rounded) : Int64(rounded)
    }
}
