// A seeded, portable random number generator.
//
// Determinism is a contract of Keel: a backtest with the same data, configuration and seed gives the
// same event log on every machine. `SystemRandomNumberGenerator` cannot give that, and Swift's standard
// library promises no particular algorithm for `random(in:)`, so components that need randomness own a
// `SeededGenerator` and draw from it through the explicit helpers below.

/// xoshiro256** seeded through SplitMix64: fast, 256 bits of state, identical output on every platform.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The seed this generator was created with.
    public let seed: UInt64

    /// Creates a generator whose sequence is a pure function of `seed`.
    public init(seed: UInt64) {
        self.seed = seed
        var sm = seed
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        s0 = splitMix(&sm)
        s1 = splitMix(&sm)
        s2 = splitMix(&sm)
        s3 = splitMix(&sm)
    }

    /// Returns the next 64 random bits.
    @inlinable
    public mutating func next() -> UInt64 { nextBits() }

    @usableFromInline
    mutating func nextBits() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = (s3 << 45) | (s3 >> 19)
        return result
    }

    /// A double uniformly distributed in [0, 1), from the top 53 bits of the next draw.
    public mutating func nextUnitDouble() -> Double {
        Double(next() >> 11) * (1.0 / 9_007_199_254_740_992.0)
    }

    /// True with probability `p` (0 ≤ p ≤ 1). Always draws, so the sequence does not depend on `p`.
    public mutating func nextBool(probability p: Double) -> Bool {
        precondition(p >= 0 && p <= 1, "Invariant: a probability is within 0...1 (got \(p))")
        let u = nextUnitDouble()
        return u < p
    }

    /// An integer uniformly distributed in `0..<upperBound`, by Lemire's multiply-and-reject method.
    public mutating func nextInt(below upperBound: UInt64) -> UInt64 {
        precondition(upperBound > 0, "Invariant: the range of a random integer is not empty")
        while true {
            let x = next()
            let m = x.multipliedFullWidth(by: upperBound)
            if m.low >= upperBound { return m.high }
            let threshold = (0 &- upperBound) % upperBound
            if m.low >= threshold { return m.high }
        }
    }
}

/// A version-4 UUID as 16 bytes, drawn from a `SeededGenerator` so that event ids are reproducible.
public struct UUID4: Hashable, Sendable, CustomStringConvertible {
    public let high: UInt64
    public let low: UInt64

    /// Draws a UUID from `generator`, setting the version (4) and variant (RFC 4122) bits.
    public init(using generator: inout SeededGenerator) {
        var h = generator.next()
        var l = generator.next()
        h = (h & 0xFFFF_FFFF_FFFF_0FFF) | 0x0000_0000_0000_4000
        l = (l & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        self.high = h
        self.low = l
    }

    /// Creates a UUID from its two halves (no version check).
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// Parses the canonical 8-4-4-4-12 hexadecimal form.
    public init(_ text: String) throws(ParseError) {
        let hex = text.utf8.filter { $0 != UInt8(ascii: "-") }
        let dashes = text.utf8.enumerated().filter { $0.element == UInt8(ascii: "-") }.map(\.offset)
        guard hex.count == 32, dashes == [8, 13, 18, 23] else {
            throw ParseError(kind: "UUID", text: text, reason: "expected 8-4-4-4-12 hexadecimal digits")
        }
        var words: [UInt64] = [0, 0]
        for (k, c) in hex.enumerated() {
            let v: UInt8
            switch c {
            case 48...57: v = c - 48
            case 97...102: v = c - 87
            case 65...70: v = c - 55
            default: throw ParseError(kind: "UUID", text: text, reason: "'\(Character(Unicode.Scalar(c)))' is not hexadecimal")
            }
            words[k / 16] = words[k / 16] << 4 | UInt64(v)
        }
        self.high = words[0]
        self.low = words[1]
    }

    public var description: String {
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: digits - s.count) + s
        }
        return "\(hex(high >> 32, 8))-\(hex(high >> 16 & 0xFFFF, 4))-\(hex(high & 0xFFFF, 4))-\(hex(low >> 48, 4))-\(hex(low & 0xFFFF_FFFF_FFFF, 12))"
    }
}
