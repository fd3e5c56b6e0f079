import KeelCore
@testable import KeelData
import Testing

@Suite struct TimeBarCalendarTests {
    @Test(arguments: [
        ("2020-01-15T05:00:00Z", 1, "2020-01-01T00:00:00Z"),
        ("2020-12-31T23:59:59Z", 1, "2020-12-01T00:00:00Z"),
        ("2020-05-10T00:00:00Z", 3, "2020-04-01T00:00:00Z"),
        ("2020-04-01T00:00:00Z", 3, "2020-04-01T00:00:00Z"),
        ("2020-03-31T23:59:59Z", 3, "2020-01-01T00:00:00Z"),
        ("2020-11-30T00:00:00Z", 5, "2020-11-01T00:00:00Z"),  // 1 Jan, 1 Jun, 1 Nov
    ])
    func monthStart(now: String, step: Int, expected: String) throws {
        #expect(TimeBarCalendar.monthStart(of: try UnixNanos(iso8601: now), step: step) == (try UnixNanos(iso8601: expected)))
    }

    @Test(arguments: [
        ("2020-01-31T10:00:00Z", 1, "2020-02-29T10:00:00Z"),  // clamped to the month's length
        ("2021-01-31T00:00:00Z", 1, "2021-02-28T00:00:00Z"),
        ("2020-11-01T00:00:00Z", 3, "2021-02-01T00:00:00Z"),
        ("2021-02-01T00:00:00Z", -3, "2020-11-01T00:00:00Z"),
        ("2020-03-31T00:00:00Z", -1, "2020-02-29T00:00:00Z"),
    ])
    func addingMonths(start: String, months: Int, expected: String) throws {
        let result = TimeBarCalendar.addingMonths(months, to: try UnixNanos(iso8601: start))
        #expect(result == (try UnixNanos(iso8601: expected)))
    }

    @Test func weekStartsOnMonday() throws {
        let monday = try UnixNanos(iso8601: "2020-01-06T00:00:00Z")
        for offset in stride(from: UInt64(0), to: 7 * UnixNanos.nanosPerDay, by: Int(UnixNanos.nanosPerHour * 5)) {
            #expect(TimeBarCalendar.weekStart(of: monday + .nanoseconds(offset)) == monday)
        }
        #expect(TimeBarCalendar.weekStart(of: try UnixNanos(iso8601: "1970-01-04T23:59:59Z")) == nil)
        #expect(TimeBarCalendar.weekStart(of: try UnixNanos(iso8601: "1970-01-05T00:00:00Z")) == UnixNanos(4 * UnixNanos.nanosPerDay))
    }
}

@Suite struct TimeBarCalendarTrapTests {
    @Test func boundaryBefore1970Traps() async {
        await #expect(processExitsWith: .failure) {
            _ = TimeBarCalendar.addingMonths(-1, to: .zero)
        }
    }
}
