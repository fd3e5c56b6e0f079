// RateLimit: "at most N messages per interval", written as NautilusTrader writes it: `100/00:00:01`.
//
// The text form is `LIMIT/HH:MM:SS[.fraction]` (NautilusTrader's `max_order_submit_rate` and
// `max_order_modify_rate`, parsed there by pandas' `to_timedelta`). Up to nine fractional digits are kept
// exactly; the interval must be positive and the limit at least one.

public import KeelCore

/// A rate limit: at most `limit` messages in any window of length `interval`.
public struct RateLimit: Hashable, Sendable, CustomStringConvertible {
    /// The number of messages allowed per window (at least 1).
    public let limit: Int
    /// The window's length (positive).
    public let interval: DurationNanos

    /// Creates a limit; traps if `limit` is below 1 or `interval` is zero (use `init(parsing:)` for input).
    public init(limit: Int, interval: DurationNanos) {
        precondition(limit >= 1, "Invariant: a rate limit allows at least one message per interval")
        precondition(interval > .zero, "Invariant: a rate limit's interval is positive")
        self.limit = limit
        self.interval = interval
    }

    /// Parses `LIMIT/HH:MM:SS[.fraction]`, e.g. `"100/00:00:01"` or `"10/00:00:00.500"`.
    ///
    /// - Throws: `ParseError` naming the text and what is wrong with it.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        func fail(_ reason: String) -> ParseError { ParseError(kind: "RateLimit", text: String(text), reason: reason) }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { throw fail("expected 'LIMIT/HH:MM:SS'") }
        guard let limit = Int(parts[0]), limit >= 1 else { throw fail("the limit must be a whole number of at least 1") }
        let clock = parts[1].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, let hours = UInt64(clock[0]), let minutes = UInt64(clock[1]), minutes < 60 else {
            throw fail("the interval must read HH:MM:SS[.fraction]")
        }
        let secondParts = clock[2].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(secondParts.count), let seconds = UInt64(secondParts[0]), seconds < 60 else {
            throw fail("the interval's seconds must read SS[.fraction] below 60")
        }
        var nanos: UInt64 = 0
        if secondParts.count == 2 {
            let digits = secondParts[1]
            guard (1...9).contains(digits.count), let fraction = UInt64(digits) else {
                throw fail("the fraction of a second has 1 to 9 digits")
            }
            nanos = fraction
            for _ in digits.count..<9 { nanos *= 10 }
        }
        guard hours <= 1_000_000 else { throw fail("the interval is too long") }
        let total = (hours * 3600 + minutes * 60 + seconds) * UnixNanos.nanosPerSecond + nanos
        guard total > 0 else { throw fail("the interval must be positive") }
        self.init(limit: limit, interval: DurationNanos(total))
    }

    /// NautilusTrader's default for order submits and modifies: 100 per second.
    public static let nautilusDefault = RateLimit(limit: 100, interval: .seconds(1))

    /// The text form, e.g. `100/00:00:01` or `10/00:00:00.500000000`.
    public var description: String {
        let total = interval.rawValue
        let seconds = total / UnixNanos.nanosPerSecond
        let nanos = total % UnixNanos.nanosPerSecond
        func two(_ n: UInt64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        var text = "\(limit)/\(two(seconds / 3600)):\(two(seconds / 60 % 60)):\(two(seconds % 60))"
        if nanos != 0 {
            let digits = String(nanos)
            text += "." + String(repeating: "0", count: 9 - digits.count) + digits
        }
        return text
    }
}
