import KeelCore
import Testing

/// The digits written are `String`'s, right-aligned before the end pointer, for every width from 1 to 20 digits.
@Suite struct DecimalDigitsTests {
    @Test func digitsMatchStringFormatting() {
        var values: [UInt64] = [0, 1, 9, 10, 11, 99, 100, 101, 999, 1_000, 12_345, UInt64.max, UInt64.max - 1]
        var power: UInt64 = 1
        for _ in 0..<19 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        for value in values {
            let expected = Array(String(value).utf8)
            #expect(decimalDigitCount(value) == expected.count, "\(value)")
            var buffer = [UInt8](repeating: UInt8(ascii: "#"), count: 24)
            let written = buffer.withUnsafeMutableBufferPointer { writeDecimalDigits(value, before: $0.baseAddress! + 22) }
            #expect(written == expected.count, "\(value)")
            #expect(Array(buffer[(22 - written)..<22]) == expected, "\(value)")
            #expect(buffer[..<(22 - written)].allSatisfy { $0 == UInt8(ascii: "#") } && buffer[22...].allSatisfy { $0 == UInt8(ascii: "#") },
                    "\(value): nothing written outside its digits")
        }
    }
}
