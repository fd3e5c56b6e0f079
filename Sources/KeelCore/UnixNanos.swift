// UnixNanos: the one timestamp type of Keel.
//
// Design decisions:
// - A `UInt64` of nanoseconds since the Unix epoch (UTC), as NautilusTrader's `UnixNanos`. It covers
//   1970 to 2554, which is the range every data vendor uses, at the resolution of every feed.
// - Arithmetic traps on overflow and underflow (Swift's default): a timestamp before the epoch or past
//   2554 is corrupt data, never a value to wrap around.
// - ISO-8601 text both ways without Foundation: the civil-date conversion is a few integer operations,
//   deterministic and allocation free except for the resulting `String`.

/// A point in time: nanoseconds since the Unix epoch, UTC.
///
/// `UnixNanos` is the timestamp of every data value and event in Keel (`tsEvent`, `tsInit`).
/// Adding or subtracting past the representable range traps.
@frozen
public struct UnixNanos: Hashable, Comparable, Sendable {
    /// Nanoseconds since 1970-01-01T00:00:00Z.
    public var rawValue: UInt64

    /// Creates a timestamp from nanoseconds since the epoch.
    @inlinable
    public init(_ nanoseconds: UInt64) { self.rawValue = nanoseconds }

    /// Creates a timestamp from nanoseconds since the epoch.
    @inlinable
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The epoch itself, 1970-01-01T00:00:00Z.
    public static let zero = UnixNanos(0)
    /// The latest representable instant (2554-07-21T23:34:33.709551615Z).
    public static let max = UnixNanos(UInt64.max)

    /// Nanoseconds in one microsecond, millisecond, second, minute, hour and day.
    public static let nanosPerMicrosecond: UInt64 = 1_000
    public static let nanosPerMillisecond: UInt64 = 1_000_000
    public static let nanosPerSecond: UInt64 = 1_000_000_000
    public static let nanosPerMinute: UInt64 = 60 * nanosPerSecond
    public static let nanosPerHour: UInt64 = 60 * nanosPerMinute
    public static let nanosPerDay: UInt64 = 24 * nanosPerHour

    /// Creates a timestamp from whole seconds since the epoch; traps if out of range.
    @inlinable
    public init(seconds s: UInt64) { self.init(s * Self.nanosPerSecond) }
    /// Creates a timestamp from milliseconds since the epoch; traps if out of range.
    @inlinable
    public init(milliseconds ms: UInt64) { self.init(ms * Self.nanosPerMillisecond) }
    /// Creates a timestamp from microseconds since the epoch; traps if out of range.
    @inlinable
    public init(microseconds us: UInt64) { self.init(us * Self.nanosPerMicrosecond) }

    /// Whole seconds since the epoch (truncated).
    @inlinable
    public var secondsSinceEpoch: UInt64 { rawValue / Self.nanosPerSecond }
    /// Whole milliseconds since the epoch (truncated).
    @inlinable
    public var millisecondsSinceEpoch: UInt64 { rawValue / Self.nanosPerMillisecond }

    @inlinable
    public static func < (lhs: UnixNanos, rhs: UnixNanos) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The timestamp `duration` nanoseconds later; traps past 2554.
    @inlinable
    public static func + (lhs: UnixNanos, rhs: DurationNanos) -> UnixNanos { UnixNanos(lhs.rawValue + rhs.rawValue) }
    /// The timestamp `duration` nanoseconds earlier; traps before 1970.
    @inlinable
    public static func - (lhs: UnixNanos, rhs: DurationNanos) -> UnixNanos { UnixNanos(lhs.rawValue - rhs.rawValue) }
    /// The duration from `rhs` to `lhs`; traps if `rhs` is later than `lhs`.
    @inlinable
    public static func - (lhs: UnixNanos, rhs: UnixNanos) -> DurationNanos {
        precondition(lhs >= rhs, "Invariant: a duration between timestamps is not negative (\(lhs.rawValue) - \(rhs.rawValue))")
        return DurationNanos(lhs.rawValue - rhs.rawValue)
    }
    @inlinable
    public static func += (lhs: inout UnixNanos, rhs: DurationNanos) { lhs = lhs + rhs }
}

/// A non-negative span of time in nanoseconds.
@frozen
public struct DurationNanos: Hashable, Comparable, Sendable {
    /// The length of the span in nanoseconds.
    public var rawValue: UInt64

    @inlinable
    public init(_ nanoseconds: UInt64) { self.rawValue = nanoseconds }

    public static let zero = DurationNanos(0)

    @inlinable public static func nanoseconds(_ n: UInt64) -> DurationNanos { DurationNanos(n) }
    @inlinable public static func microseconds(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerMicrosecond) }
    @inlinable public static func milliseconds(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerMillisecond) }
    @inlinable public static func seconds(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerSecond) }
    @inlinable public static func minutes(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerMinute) }
    @inlinable public static func hours(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerHour) }
    @inlinable public static func days(_ n: UInt64) -> DurationNanos { DurationNanos(n * UnixNanos.nanosPerDay) }

    @inlinable
    public static func < (lhs: DurationNanos, rhs: DurationNanos) -> Bool { lhs.rawValue < rhs.rawValue }
    @inlinable
    public static func + (lhs: DurationNanos, rhs: DurationNanos) -> DurationNanos { DurationNanos(lhs.rawValue + rhs.rawValue) }
    @inlinable
    public static func * (lhs: DurationNanos, rhs: UInt64) -> DurationNanos { DurationNanos(lhs.rawValue * rhs) }
}

extension UnixNanos: CustomStringConvertible {
    /// The ISO-8601 form, e.g. `2012-02-01T00:29:00.000000000Z`.
    public var description: String { iso8601 }
}

extension DurationNanos: CustomStringConvertible {
    public var description: String { "\(rawValue)ns" }
}
