// Counter ids: a fixed stem followed by a decimal count, assembled without `String`.
//
// Generated ids (client order ids, venue order ids, trade ids) are a stem that rarely changes plus a counter.
// Built through `String` interpolation and parsed back into an identifier, each cost ~1,500 instructions and an
// allocation (S1: ~115k of them); writing the digits into a copy of the stem's bytes costs well under a
// hundred.

package import KeelCore

/// `stem` followed by `count` in decimal, zero padded to at least `minimumDigits` digits; nil if the text
/// would exceed 63 bytes.
///
/// Traps if `count` is negative.
package func counterText(_ stem: InlineText, _ count: Int, minimumDigits: Int = 1) -> InlineText? {
    precondition(count >= 0, "Invariant: an id counter is not negative")
    var digitCount = 1
    var rest = count / 10
    while rest > 0 {
        digitCount += 1
        rest /= 10
    }
    digitCount = max(digitCount, min(minimumDigits, 24))
    let stemCount = stem.count
    let total = stemCount + digitCount
    guard total <= InlineText.capacity else { return nil }
    // The digits go straight into a copy of the stem, after its text, by `InlineText`'s documented layout (the
    // text zero padded, the length in the last byte; Identifier+Hashing.swift reads it the same way). A valid
    // stem followed by ASCII digits is valid text, so the bytes are not scanned again (`InlineText(validatingBytes:)`
    // cost ~300 instructions of the ~500 an id took; S1 makes ~52k ids).
    var text = stem
    withUnsafeMutableBytes(of: &text) { raw in
        var value = count
        var index = total - 1
        while index >= stemCount {
            raw[index] = UInt8(truncatingIfNeeded: 48 + value % 10)
            value /= 10
            index -= 1
        }
        raw[InlineText.capacity] = UInt8(truncatingIfNeeded: total)
    }
    precondition(text.count == total, "Invariant: an InlineText keeps its length in its last byte")
    return text
}
