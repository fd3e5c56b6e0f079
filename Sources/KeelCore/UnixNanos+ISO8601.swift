// Civil-date arithmetic (proleptic Gregorian calendar, UTC) for ISO-8601 text.
//
// The conversion between a day count and (year, month, day) uses the classic era-based method:
// 400-year eras of 146,097 days, with the year starting on March 1 so that the leap day is last.

extension UnixNanos {
    /// The ISO-8601 text of this instant in UTC with nanoseconds, e.g. `2012-02-01T00:29:00.000000000Z`.
    public var iso8601: String {
        let days = rawValue / Self.nanosPerDay
        let nanosOfDay = rawValue % Self.nanosPerDay
        let (y, m, d) = Self.civil(fromDays: Int64(days))
        let secondsOfDay = nanosOfDay / Self.nanosPerSecond
        let fraction = nanosOfDay % Self.nanosPerSecond
        var out = ""
        out.reserveCapacity(30)
        Self.append(y, width: 4, to: &out)
        out.append("-")
        Self.append(Int64(m), width: 2, to: &out)
        out.append("-")
        Self.append(Int64(d), width: 2, to: &out)
        out.append("T")
        Self.append(Int64(secondsOfDay / 3600), width: 2, to: &out)
        out.append(":")
        Self.append(Int64(secondsOfDay / 60 % 60), width: 2, to: &out)
        out.append(":")
        Self.append(Int64(secondsOfDay % 60), width: 2, to: &out)
        out.append(".")
        Self.append(Int64(fraction), width: 9, to: &out)
        out.append("Z")
        return out
    }

    /// Parses ISO-8601 text into a timestamp.
    ///
    /// Accepts `YYYY-MM-DD`, and `YYYY-MM-DD[T| ]HH:MM[:SS[.f…]]` followed by an optional zone `Z`,
    /// `±HH:MM`, `±HHMM` or `±HH`. Up to nine fractional digits are kept exactly; text without a zone
    /// is read as UTC.
    ///
    /// - Throws: `ParseError` naming the text and the part that is wrong, or an instant before 1970.
    public init(iso8601 text: some StringProtocol) throws(ParseError) {
        var utf8 = Array(text.utf8)
        func fail(_ reason: String) -> ParseError { ParseError(kind: "ISO-8601 timestamp", text: String(text), reason: reason) }
        var i = 0
        func number(_ width: Int, _ what: String) throws(ParseError) -> Int64 {
            guard i + width <= utf8.count else { throw fail("\(what) is missing") }
            var v: Int64 = 0
            for k in i..<(i + width) {
                let c = utf8[k]
                guard c >= 48 && c <= 57 else { throw fail("\(what) must be \(width) digits") }
                v = v * 10 + Int64(c - 48)
            }
            i += width
            return v
        }
        func expect(_ c: UInt8, _ what: String) throws(ParseError) {
            guard i < utf8.count, utf8[i] == c else { throw fail("expected '\(Character(Unicode.Scalar(c)))' \(what)") }
            i += 1
        }
        // Trim surrounding spaces.
        while let last = utf8.last, last == 32 { utf8.removeLast() }
        while i < utf8.count, utf8[i] == 32 { i += 1 }

        let year = try number(4, "year")
        try expect(45, "after the year")
        let month = try number(2, "month")
        try expect(45, "after the month")
        let day = try number(2, "day")
        guard (1...12).contains(month) else { throw fail("month \(month) is not 1...12") }
        guard day >= 1 && day <= Self.daysIn(month: month, year: year) else { throw fail("day \(day) does not exist in \(year)-\(month)") }
        var hour: Int64 = 0, minute: Int64 = 0, second: Int64 = 0, nanos: Int64 = 0
        var offsetSeconds: Int64 = 0
        if i < utf8.count {
            guard utf8[i] == 84 || utf8[i] == 116 || utf8[i] == 32 else { throw fail("expected 'T' or ' ' after the date") }
            i += 1
            hour = try number(2, "hour")
            try expect(58, "after the hour")
            minute = try number(2, "minute")
            if i < utf8.count, utf8[i] == 58 {
                i += 1
                second = try number(2, "second")
                if i < utf8.count, utf8[i] == 46 || utf8[i] == 44 {
                    i += 1
                    var digits = 0
                    while i < utf8.count, utf8[i] >= 48 && utf8[i] <= 57 {
                        digits += 1
                        guard digits <= 9 else { throw fail("more than 9 fractional digits") }
                        nanos = nanos * 10 + Int64(utf8[i] - 48)
                        i += 1
                    }
                    guard digits > 0 else { throw fail("a fraction needs at least one digit") }
                    for _ in digits..<9 { nanos *= 10 }
                }
            }
            guard hour < 24 else { throw fail("hour \(hour) is not 0...23") }
            guard minute < 60 else { throw fail("minute \(minute) is not 0...59") }
            guard second < 60 else { throw fail("second \(second) is not 0...59 (leap seconds are not representable)") }
            if i < utf8.count {
                let c = utf8[i]
                if c == 90 || c == 122 {
                    i += 1
                } else if c == 43 || c == 45 {
                    let sign: Int64 = c == 43 ? 1 : -1
                    i += 1
                    let oh = try number(2, "zone hours")
                    var om: Int64 = 0
                    if i < utf8.count {
                        if utf8[i] == 58 { i += 1 }
                        om = try number(2, "zone minutes")
                    }
                    guard oh <= 23 && om <= 59 else { throw fail("zone offset out of range") }
                    offsetSeconds = sign * (oh * 3600 + om * 60)
                } else {
                    throw fail("unexpected text after the time")
                }
            }
            guard i == utf8.count else { throw fail("unexpected text after the zone") }
        }
        let days = Self.days(fromCivil: year, month, day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetSeconds
        guard seconds >= 0 else { throw fail("instant is before 1970-01-01T00:00:00Z") }
        let (total, overflow) = UInt64(seconds).multipliedReportingOverflow(by: Self.nanosPerSecond)
        let (withNanos, overflow2) = total.addingReportingOverflow(UInt64(nanos))
        guard !overflow, !overflow2 else { throw fail("instant is after 2554-07-21T23:34:33.709551615Z") }
        self.init(withNanos)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    package static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let monthIndex = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * monthIndex + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of a day count since 1970-01-01.
    package static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The calendar date (UTC) of this instant.
    public var utcDate: (year: Int, month: Int, day: Int) {
        let (y, m, d) = Self.civil(fromDays: Int64(rawValue / Self.nanosPerDay))
        return (Int(y), Int(m), Int(d))
    }

    /// Appends the UTC `YYYYMMDD-HHMMSS` of this instant to `out` (the date-time part of generated order,
    /// order list and position ids), digit by digit: no string is built.
    public func appendDatetimeTag(to out: inout [UInt8]) {
        let (y, m, d) = Self.civil(fromDays: Int64(rawValue / Self.nanosPerDay))
        let secondOfDay = Int64(rawValue / Self.nanosPerSecond % 86_400)
        @inline(__always) func digits(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 {
                out.append(UInt8(48 + v / divisor % 10))
                v %= divisor
                divisor /= 10
            }
        }
        digits(Int64(y), 4)
        digits(Int64(m), 2)
        digits(Int64(d), 2)
        out.append(UInt8(ascii: "-"))
        digits(secondOfDay / 3600, 2)
        digits(secondOfDay / 60 % 60, 2)
        digits(secondOfDay % 60, 2)
    }

    /// The UTC `YYYYMMDD-HHMMSS` of this instant.
    public var datetimeTag: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(15)
        appendDatetimeTag(to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The day of the week in UTC, 1 = Monday … 7 = Sunday (ISO-8601).
    public var utcWeekday: Int {
        let days = Int64(rawValue / Self.nanosPerDay)
        // 1970-01-01 was a Thursday (4).
        return Int((days + 3) % 7) + 1
    }

    private static func append(_ value: Int64, width: Int, to out: inout String) {
        var digits = [UInt8](repeating: 48, count: width)
        var v = value
        var k = width - 1
        while k >= 0 {
            digits[k] = UInt8(48 + v % 10)
            v /= 10
            k -= 1
        }
        out.append(String(decoding: digits, as: UTF8.self))
    }
}
