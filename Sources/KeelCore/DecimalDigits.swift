// DecimalDigits: the decimal digits of an unsigned integer written into bytes, for text built without `String`
// (generated identifiers, the event log's numbers).
//
// Design decisions:
// - Two digits per division, from a table of the pairs "00" to "99": most numbers written are 19-digit
//   timestamps, and a division per digit was the largest part of writing them.
// - The table is a string literal, a constant in the binary: no lazy global initialisation on each use.

/// "00" "01" … "99", two ASCII bytes each.
@usableFromInline
let decimalDigitPairs: StaticString = """
    00010203040506070809101112131415161718192021222324252627282930313233343536373839\
    40414243444546474849505152535455565758596061626364656667686970717273747576777879\
    8081828384858687888990919293949596979899
    """

/// The number of decimal digits of `value` (1 for 0).
@inlinable
public func decimalDigitCount(_ value: UInt64) -> Int {
    var n = 1
    var probe = value
    while probe >= 100 {
        probe /= 100
        n &+= 2
    }
    return probe >= 10 ? n &+ 1 : n
}

/// Writes the decimal digits of `value` into the `decimalDigitCount(value)` bytes that end just before `end`.
///
/// - Returns: The number of bytes written.
@inlinable
@discardableResult
public func writeDecimalDigits(_ value: UInt64, before end: UnsafeMutablePointer<UInt8>) -> Int {
    let pairs = decimalDigitPairs.utf8Start
    var rest = value
    var at = end
    while rest >= 100 {
        let pair = Int(truncatingIfNeeded: rest % 100)
        rest /= 100
        at -= 2
        at[0] = pairs[pair &* 2]
        at[1] = pairs[pair &* 2 &+ 1]
    }
    if rest >= 10 {
        let pair = Int(truncatingIfNeeded: rest)
        at -= 2
        at[0] = pairs[pair &* 2]
        at[1] = pairs[pair &* 2 &+ 1]
    } else {
        at -= 1
        at[0] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest)
    }
    return end - at
}
