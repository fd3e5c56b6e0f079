import KeelCore
import KeelTestKit
import Testing

@Suite struct UnixNanosTests {
    @Test(arguments: [
        ("1970-01-01T00:00:00Z", UInt64(0)),
        ("2012-02-01T00:29:00Z", UInt64(1_328_056_140_000_000_000)),
        ("2012-02-01 00:29:00+00:00", UInt64(1_328_056_140_000_000_000)),
        ("2013-01-01 22:00:00.295+00:00", UInt64(1_357_077_600_295_000_000)),
        ("2023-12-25T23:59:59.446725000Z", UInt64(1_703_548_799_446_725_000)),
        ("2024-02-29", UInt64(1_709_164_800_000_000_000)),
        ("2020-01-01T12:00:00-05:00", UInt64(1_577_898_000_000_000_000)),
        ("2020-01-01T12:00:00+0130", UInt64(1_577_874_600_000_000_000)),
        ("2554-07-21T23:34:33.709551615Z", UInt64.max),
    ])
    func parsesISO8601(text: String, nanos: UInt64) throws {
        #expect(try UnixNanos(iso8601: text).rawValue == nanos)
    }

    @Test(arguments: ["", "2012-13-01", "2012-02-30", "2023-02-29", "2012-02-01T24:00:00Z", "2012-02-01T00:00:60",
                      "2012-02-01T00:00:00.1234567891Z", "1969-12-31T23:59:59Z", "2554-07-21T23:34:34Z",
                      "2012/02/01", "2012-02-01X", "2012-02-01T00:00:00.Z", "2012-02-01T00:00:00+5"])
    func rejectsBadText(text: String) {
        #expect(throws: ParseError.self) { try UnixNanos(iso8601: text) }
    }

    @Test func errorNamesTheText() {
        do {
            _ = try UnixNanos(iso8601: "2012-02-30")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.contains("'2012-02-30'"))
            #expect(error.description.contains("day 30"))
        }
    }

    /// The ids' `YYYYMMDD-HHMMSS` is the ISO-8601 text's digits, over random instants from 1970 to 2200.
    @Test func datetimeTagIsTheISOTextsDigits() {
        var rng = SeededGenerator(seed: 77)
        let instants = [UInt64(0), 1_328_056_140_000_000_000, 951_782_400_000_000_000]
            + (0..<2_000).map { _ in rng.next() % UInt64(7_258_118_400_000_000_000) }
        for raw in instants {
            let ts = UnixNanos(raw)
            let iso: [UInt8] = ts.iso8601.utf8.filter { $0 >= 48 && $0 <= 57 }
            let expected = String(decoding: iso[0..<8], as: UTF8.self) + "-" + String(decoding: iso[8..<14], as: UTF8.self)
            #expect(ts.datetimeTag == expected, "\(ts.iso8601)")
        }
        #expect(UnixNanos(1_328_056_140_000_000_000).datetimeTag == "20120201-002900")
    }

    @Test func formatsWithNanoseconds() {
        #expect(UnixNanos(1_328_056_140_000_000_001).iso8601 == "2012-02-01T00:29:00.000000001Z")
        #expect(UnixNanos.zero.iso8601 == "1970-01-01T00:00:00.000000000Z")
        #expect(UnixNanos.max.iso8601 == "2554-07-21T23:34:33.709551615Z")
    }

    @Test func roundTripsRandomInstants() throws {
        var rng = TestSeed.generator(salt: 1)
        for _ in 0..<5_000 {
            let t = UnixNanos(rng.next())
            #expect(try UnixNanos(iso8601: t.iso8601) == t, "seed \(TestSeed.value)")
        }
    }

    @Test func civilDateRoundTripsEveryDayOfFourCenturies() {
        for days in Int64(0)..<(146_097 * 1) {
            let (y, m, d) = UnixNanos.civil(fromDays: days)
            #expect(UnixNanos.days(fromCivil: y, m, d) == days)
        }
    }

    @Test func weekdays() throws {
        #expect(UnixNanos.zero.utcWeekday == 4)  // Thursday
        #expect(try UnixNanos(iso8601: "2023-12-25").utcWeekday == 1)  // Monday
        #expect(try UnixNanos(iso8601: "2012-02-05").utcWeekday == 7)  // Sunday
    }

    @Test func arithmetic() {
        let t = UnixNanos(seconds: 10)
        #expect((t + .milliseconds(5)).rawValue == 10_005_000_000)
        #expect((t - .seconds(3)).rawValue == 7_000_000_000)
        #expect(UnixNanos(seconds: 10) - UnixNanos(seconds: 4) == .seconds(6))
    }

    @Test func addingPastTheEndTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = UnixNanos.max + .nanoseconds(1)
        }
    }

    @Test func subtractingBeforeTheEpochTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = UnixNanos.zero - .nanoseconds(1)
        }
    }

    @Test func negativeDurationTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = UnixNanos(seconds: 1) - UnixNanos(seconds: 2)
        }
    }
}
