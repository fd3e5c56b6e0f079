// CSVTimestamp: byte-level timestamp parsing for vendor CSV files (no String, no Foundation).
//
// Formats seen in ../shared/data: ISO-like `YYYY-MM-DD HH:MM:SS+00:00` (FXCM), with an optional
// fraction of 1–9 digits (TrueFX writes `.295000`, and one row has none), `YYYY-MM-DD` (daily bars),
// HistData's `YYYYMMDD HHMMSSmmm`, and epoch integers in s/ms/µs/ns (Binance, Tardis).
// Text without a zone is local time at `utcOffsetSeconds` (0 = UTC); an explicit zone wins.

import KeelCore

/// How a CSV column writes a timestamp.
public enum CSVTimestampFormat: Hashable, Sendable {
    /// `YYYY-MM-DD[( |T)HH:MM[:SS[.f…]]][Z|±HH:MM|±HHMM|±HH]`.
    case iso8601
    /// HistData's `YYYYMMDD HHMMSS[mmm]`.
    case compactDateTime
    /// Integer seconds since the epoch.
    case epochSeconds
    /// Integer milliseconds since the epoch.
    case epochMilliseconds
    /// Integer microseconds since the epoch.
    case epochMicroseconds
    /// Integer nanoseconds since the epoch.
    case epochNanoseconds
}

/// A parsed timestamp and what its text had.
struct ParsedTimestamp {
    var ts: UnixNanos
    /// True if the text had a fractional-seconds part (or an epoch format finer than seconds).
    var hasFraction: Bool
}

extension CSVTimestampFormat {
    /// Parses `text`; nil with a reason on failure.
    func parse(_ b: UnsafeBufferPointer<UInt8>, utcOffsetSeconds: Int) -> Result<ParsedTimestamp, TimestampTextError> {
        switch self {
        case .epochSeconds, .epochMilliseconds, .epochMicroseconds, .epochNanoseconds:
            guard !b.isEmpty, b.count <= 20 else { return .failure(.init("expected an integer epoch")) }
            var v: UInt64 = 0
            for c in b {
                let d = c &- 48
                guard d < 10 else { return .failure(.init("expected an integer epoch")) }
                let (m, o1) = v.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.addingReportingOverflow(UInt64(d))
                guard !o1, !o2 else { return .failure(.init("out of range")) }
                v = s
            }
            let scale: UInt64 =
                switch self {
                case .epochSeconds: 1_000_000_000
                case .epochMilliseconds: 1_000_000
                case .epochMicroseconds: 1_000
                default: 1
                }
            let (ns, o) = v.multipliedReportingOverflow(by: scale)
            guard !o else { return .failure(.init("out of range")) }
            return .success(ParsedTimestamp(ts: UnixNanos(ns), hasFraction: self != .epochSeconds))
        case .compactDateTime:
            var i = 0
            func num(_ w: Int) -> Int64? {
                guard i + w <= b.count else { return nil }
                var v: Int64 = 0
                for k in i..<(i + w) {
                    let d = b[k] &- 48
                    guard d < 10 else { return nil }
                    v = v * 10 + Int64(d)
                }
                i += w
                return v
            }
            guard let y = num(4), let mo = num(2), let d = num(2) else { return .failure(.init("expected 'YYYYMMDD HHMMSSmmm'")) }
            guard i < b.count, b[i] == 32 else { return .failure(.init("expected a space after the date")) }
            i += 1
            guard let h = num(2), let mi = num(2), let s = num(2) else { return .failure(.init("expected 'HHMMSS' after the date")) }
            var ms: Int64 = 0
            var hasFraction = false
            if i < b.count {
                guard let v = num(3), i == b.count else { return .failure(.init("expected 3 millisecond digits")) }
                ms = v
                hasFraction = true
            }
            return Self.combine(y, mo, d, h, mi, s, nanos: ms * 1_000_000, offset: Int64(utcOffsetSeconds), hasFraction: hasFraction)
        case .iso8601:
            var i = 0
            func num(_ w: Int) -> Int64? {
                guard i + w <= b.count else { return nil }
                var v: Int64 = 0
                for k in i..<(i + w) {
                    let d = b[k] &- 48
                    guard d < 10 else { return nil }
                    v = v * 10 + Int64(d)
                }
                i += w
                return v
            }
            func expect(_ c: UInt8) -> Bool {
                guard i < b.count, b[i] == c else { return false }
                i += 1
                return true
            }
            guard let y = num(4), expect(45), let mo = num(2), expect(45), let d = num(2) else {
                return .failure(.init("expected 'YYYY-MM-DD'"))
            }
            var h: Int64 = 0, mi: Int64 = 0, s: Int64 = 0, nanos: Int64 = 0
            var hasFraction = false
            var offset = Int64(utcOffsetSeconds)
            if i < b.count {
                guard b[i] == 32 || b[i] == 84 else { return .failure(.init("expected ' ' or 'T' after the date")) }
                i += 1
                guard let hh = num(2), expect(58), let mm = num(2) else { return .failure(.init("expected 'HH:MM' after the date")) }
                h = hh
                mi = mm
                if expect(58) {
                    guard let ss = num(2) else { return .failure(.init("expected two digits of seconds")) }
                    s = ss
                    if i < b.count, b[i] == 46 {
                        i += 1
                        var digits = 0
                        while i < b.count, b[i] &- 48 < 10 {
                            digits += 1
                            guard digits <= 9 else { return .failure(.init("more than 9 fractional digits")) }
                            nanos = nanos * 10 + Int64(b[i] - 48)
                            i += 1
                        }
                        guard digits > 0 else { return .failure(.init("a fraction needs digits")) }
                        for _ in digits..<9 { nanos *= 10 }
                        hasFraction = true
                    }
                }
                if i < b.count {
                    let c = b[i]
                    if c == 90 {
                        i += 1
                        offset = 0
                    } else if c == 43 || c == 45 {
                        i += 1
                        guard let oh = num(2) else { return .failure(.init("expected zone hours")) }
                        var om: Int64 = 0
                        if i < b.count {
                            _ = expect(58)
                            guard let m = num(2) else { return .failure(.init("expected zone minutes")) }
                            om = m
                        }
                        offset = (c == 43 ? 1 : -1) * (oh * 3600 + om * 60)
                    }
                    guard i == b.count else { return .failure(.init("unexpected text after the time")) }
                }
            }
            return Self.combine(y, mo, d, h, mi, s, nanos: nanos, offset: offset, hasFraction: hasFraction)
        }
    }

    private static func combine(
        _ y: Int64, _ mo: Int64, _ d: Int64, _ h: Int64, _ mi: Int64, _ s: Int64, nanos: Int64, offset: Int64, hasFraction: Bool
    ) -> Result<ParsedTimestamp, TimestampTextError> {
        guard (1...12).contains(mo), (1...31).contains(d) else { return .failure(.init("month or day out of range")) }
        guard h < 24, mi < 60, s < 60 else { return .failure(.init("time of day out of range")) }
        let days = UnixNanos.days(fromCivil: y, mo, d)
        let seconds = days * 86_400 + h * 3600 + mi * 60 + s - offset
        guard seconds >= 0 else { return .failure(.init("before 1970")) }
        // Four-digit years reach 9999, past UnixNanos's last instant (2554-07-21T23:34:33.709551615Z).
        let (whole, o1) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        let (ns, o2) = whole.addingReportingOverflow(UInt64(nanos))
        guard !o1, !o2 else { return .failure(.init("after 2554-07-21T23:34:33.709551615Z, out of range")) }
        return .success(ParsedTimestamp(ts: UnixNanos(ns), hasFraction: hasFraction))
    }
}

/// Why timestamp text does not parse.
struct TimestampTextError: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
