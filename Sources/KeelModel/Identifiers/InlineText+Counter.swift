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
    let digitCount = max(decimalDigitCount(UInt64(count)), min(minimumDigits, 24))
    let stemCount = stem.count
    let total = stemCount + digitCount
    guard total <= InlineText.capacity else { return nil }
    // The digits go straight into a copy of the stem, after its text, by `InlineText`'s documented layout (the
    // text zero padded, the length in the last byte; Identifier+Hashing.swift reads it the same way). A valid
    // stem followed by ASCII digits is valid text, so the bytes are not scanned again (`InlineText(validatingBytes:)`
    // cost ~300 instructions of the ~500 an id took; S1 makes ~52k ids).
    // The digits (KeelCore's `writeDecimalDigits`, two per division) end the text; zeros pad them after the stem.
    var text = stem
    withUnsafeMutableBytes(of: &text) { raw in
        let bytes = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        var end = total &- writeDecimalDigits(UInt64(count), before: bytes + total)
        while end > stemCount {
            raw[end &- 1] = 48
            end &-= 1
        }
        raw[InlineText.capacity] = UInt8(truncatingIfNeeded: total)
    }
    precondition(text.count == total, "Invariant: an InlineText keeps its length in its last byte")
    // Debug builds check that the unscanned text is what the validating initializer makes of the same bytes.
    assert(
        text.withBytes { raw in
            raw.withMemoryRebound(to: UInt8.self) { (try? InlineText(validatingBytes: $0, kind: "counter id")) == text }
        },
        "Invariant: a valid stem followed by decimal digits is valid text")
    return text
}
