// Counter ids: a fixed stem followed by a decimal count, assembled without `String`.
//
// Generated ids (client order ids, venue order ids, trade ids) are a stem that rarely changes plus a counter.
// Built through `String` interpolation and parsed back into an identifier, each cost ~1,500 instructions and an
// allocation (S1: ~115k of them); appending the digits to the stem's bytes and checking the result costs a
// few hundred.

package import KeelCore

/// `stem` followed by `count` in decimal, zero padded to at least `minimumDigits` digits; nil if the text
/// would exceed 63 bytes.
///
/// Traps if `count` is negative.
package func counterText(_ stem: InlineText, _ count: Int, minimumDigits: Int = 1) -> InlineText? {
    precondition(count >= 0, "Invariant: an id counter is not negative")
    // The digits, least significant first, into a small buffer (an Int has at most 19 decimal digits).
    var reversed: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var digitCount = 0
    withUnsafeMutableBytes(of: &reversed) { digits in
        var value = count
        repeat {
            digits[digitCount] = UInt8(truncatingIfNeeded: 48 + value % 10)
            value /= 10
            digitCount += 1
        } while value > 0
        while digitCount < min(minimumDigits, digits.count) {
            digits[digitCount] = UInt8(ascii: "0")
            digitCount += 1
        }
    }
    let stemCount = stem.count
    let total = stemCount + digitCount
    guard total <= InlineText.capacity else { return nil }
    return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: InlineText.capacity) { buffer in
        if stemCount > 0 {
            stem.withBytes { raw in UnsafeMutableRawBufferPointer(buffer).copyMemory(from: raw) }
        }
        withUnsafeBytes(of: &reversed) { digits in
            for i in 0..<digitCount { buffer[stemCount + i] = digits[digitCount - 1 - i] }
        }
        return try? InlineText(validatingBytes: UnsafeBufferPointer(rebasing: buffer[0..<total]), kind: "identifier")
    }
}
