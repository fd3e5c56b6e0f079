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
    // The digits of `count`: compared with powers of ten rather than divided down (no power is formed past 10^18,
    // the last below `Int.max`).
    var digitCount = 1
    var power = 10
    while digitCount < 19, count >= power {
        digitCount += 1
        power &*= 10
    }
    digitCount = max(digitCount, min(minimumDigits, 24))
    let stemCount = stem.count
    let total = stemCount + digitCount
    guard total <= InlineText.capacity else { return nil }
    // The digits go straight into a copy of the stem, after its text, by `InlineText`'s documented layout (the
    // text zero padded, the length in the last byte; Identifier+Hashing.swift reads it the same way). A valid
    // stem followed by ASCII digits is valid text, so the bytes are not scanned again (`InlineText(validatingBytes:)`
    // cost ~300 instructions of the ~500 an id took; S1 makes ~52k ids).
    // Two digits per division, read from a table of the pairs "00" to "99" (a literal: no lazy global), then the
    // last one or two, then the zero padding.
    let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """
    var text = stem
    withUnsafeMutableBytes(of: &text) { raw in
        let pair = pairs.utf8Start
        var value = count
        var end = total
        while value >= 100 {
            let low = value % 100
            value /= 100
            raw[end &- 1] = pair[2 &* low &+ 1]
            raw[end &- 2] = pair[2 &* low]
            end &-= 2
        }
        if value >= 10 {
            raw[end &- 1] = pair[2 &* value &+ 1]
            raw[end &- 2] = pair[2 &* value]
            end &-= 2
        } else {
            raw[end &- 1] = UInt8(truncatingIfNeeded: 48 &+ value)
            end &-= 1
        }
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
