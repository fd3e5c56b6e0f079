// ReasonText: the reason texts of the venue's rejections, written into one string's buffer.
//
// Design decisions:
// - S1 rejects about a quarter of its orders (stops already in the market, reduce-only orders without a
//   position), and string interpolation of a text with three prices cost ~10,000 instructions (each price's
//   `description` builds a string and an array; each segment grows the result). The writer formats into a
//   stack buffer and makes the string from it: one allocation per text, of its exact size.
// - The bytes are exactly those of the interpolation it replaces: enum descriptions, and prices as
//   `FixedPoint.format` writes them (sign, integer part, then exactly `precision` fraction digits); an
//   absent price prints as `None`, as the reference prints an optional price.

import KeelCore
import KeelModel

/// Writes a reason text into a string's buffer (see the file header).
struct ReasonText {
    /// The most bytes a text may take: the longest reason has ~100 bytes of words and three prices of at most
    /// 30 bytes each.
    static let capacity = 256

    private let base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0

    private init(base: UnsafeMutablePointer<UInt8>) {
        self.base = base
    }

    /// The text `body` writes.
    static func make(_ body: (inout ReasonText) -> Void) -> String {
        // Written on the stack, then copied into a string of its exact size: the texts live as long as the
        // events that carry them, and a 256-byte capacity per text showed in the run's peak memory.
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: capacity) { buffer in
            var writer = ReasonText(base: buffer.baseAddress!)
            body(&writer)
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[..<writer.count]), as: UTF8.self)
        }
    }

    private mutating func byte(_ value: UInt8) {
        precondition(count < Self.capacity, "Invariant: a reason text fits \(Self.capacity) bytes")
        base[count] = value
        count += 1
    }

    /// Appends a literal.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { for b in $0 { byte(b) } }
    }

    /// Appends a text (an enum's description).
    mutating func append(text: String) {
        var text = text
        text.withUTF8 { for b in $0 { byte(b) } }
    }

    /// Appends `price` as its `description`.
    mutating func append(_ price: Price) {
        let precision = Int(price.precision)
        precondition(precision <= FixedPoint.scaleDigits, "Invariant: precision is at most 9 (got \(precision))")
        let magnitude = price.raw.magnitude
        if price.raw < 0 { byte(UInt8(ascii: "-")) }
        let scale = UInt64(FixedPoint.scale)
        var integer = magnitude / scale
        // The integer part, most significant digit first.
        var digits: (UInt64, UInt64) = (0, 0)  // 16 bytes; an Int64 price has at most 10 integer digits
        var n = 0
        withUnsafeMutableBytes(of: &digits) { slots in
            repeat {
                slots[n] = UInt8(48 + integer % 10)
                integer /= 10
                n += 1
            } while integer > 0
            while n > 0 {
                n -= 1
                byte(slots[n])
            }
        }
        guard precision > 0 else { return }
        byte(UInt8(ascii: "."))
        var fraction = magnitude % scale
        for _ in 0..<(FixedPoint.scaleDigits - precision) { fraction /= 10 }
        var divisor: UInt64 = 1
        for _ in 1..<precision { divisor *= 10 }
        while divisor > 0 {
            byte(UInt8(48 + (fraction / divisor) % 10))
            divisor /= 10
        }
    }

    /// Appends `price` as the reference prints an optional price: its description or `None`.
    mutating func append(_ price: Price?) {
        if let price { append(price) } else { append("None") }
    }
}
