// TimeBarCalendar: where time bars start, as NautilusTrader 1.221.0 places them
// (`get_start_time` / `find_closest_smaller_time` in `nautilus_trader/data/aggregation.pyx`,
// `get_time_bar_start` in `crates/model/src/data/bar.rs`), with no origin offset:
// - MILLISECOND … DAY: aligned from midnight UTC of the current day, not from the epoch:
//   start = midnight + ⌊(now − midnight) / interval⌋ × interval. For intervals that divide a day the two
//   are the same; a 7-MINUTE bar starts at 00:00, 00:07, … every day, and a 2-DAY bar at today's midnight.
// - WEEK: Monday 00:00 UTC of the current week, then every 7 × step days.
// - MONTH: counted from 1 January 00:00 UTC of the current year in steps of `step` months; the start is
//   the last such boundary at or before now. Each close is the open plus `step` calendar months.
//
// Calendar arithmetic is proleptic Gregorian on days since 1970-01-01, through KeelCore's civil-date
// functions; only dates from 1970 on occur because `UnixNanos` is unsigned.

import KeelCore

enum TimeBarCalendar {
    static let nanosPerDay = UnixNanos.nanosPerDay

    /// The start of the `period`-long interval containing `now`, counted from midnight UTC of its day.
    static func start(of now: UnixNanos, period: UInt64) -> UnixNanos {
        let midnight = now.rawValue / nanosPerDay * nanosPerDay
        return UnixNanos(midnight + (now.rawValue - midnight) / period * period)
    }

    /// Monday 00:00 UTC of the week containing `now`, or nil before the first Monday of the epoch
    /// (1970-01-05), which `UnixNanos` cannot hold the week before of.
    static func weekStart(of now: UnixNanos) -> UnixNanos? {
        let days = now.rawValue / nanosPerDay
        let daysSinceMonday = (days + 3) % 7  // 1970-01-01 was a Thursday
        guard days >= daysSinceMonday else { return nil }
        return UnixNanos((days - daysSinceMonday) * nanosPerDay)
    }

    /// The last boundary at or before `now` of `step`-month intervals counted from 1 January of `now`'s year.
    static func monthStart(of now: UnixNanos, step: Int) -> UnixNanos {
        let date = UnixNanos.civil(fromDays: Int64(now.rawValue / nanosPerDay))
        var start = UnixNanos(UInt64(UnixNanos.days(fromCivil: date.year, 1, 1)) * nanosPerDay)
        while start <= now { start = addingMonths(step, to: start) }
        return addingMonths(-step, to: start)
    }

    /// `time` plus `months` calendar months (negative to subtract); the day of month is clamped to the
    /// target month's length and the time of day is kept.
    static func addingMonths(_ months: Int, to time: UnixNanos) -> UnixNanos {
        let dayNumber = Int64(time.rawValue / nanosPerDay)
        let timeOfDay = time.rawValue % nanosPerDay
        let date = UnixNanos.civil(fromDays: dayNumber)
        let monthIndex = date.year * 12 + (date.month - 1) + Int64(months)
        let year = monthIndex >= 0 ? monthIndex / 12 : (monthIndex - 11) / 12
        let month = monthIndex - year * 12 + 1
        let day = min(date.day, daysInMonth(year: year, month: month))
        let result = UnixNanos.days(fromCivil: year, month, day)
        precondition(result >= 0, "Invariant: a time bar boundary is not before 1970")
        return UnixNanos(UInt64(result) * nanosPerDay + timeOfDay)
    }

    static func daysInMonth(year: Int64, month: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
