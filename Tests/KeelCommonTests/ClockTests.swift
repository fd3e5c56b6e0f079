import KeelCommon
import KeelCore
import KeelModel
import KeelTestKit
import Synchronization
import Testing

@Suite struct TestClockTests {
    let start = UnixNanos(seconds: 1_328_056_140)

    @Test func conformsToTheClockPort() {
        let failures = ClockConformance.check(start: start, makeClock: { TestClock(time: start) }, advance: { $0.advanceTime(to: $1) })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func advanceHandsEventsAndCallbacksInOrder() throws {
        let clock = TestClock(time: start)
        var order: [String] = []
        try clock.setTimer(name: "bar", interval: .minutes(1), startTime: start, stopTime: nil) { _ in order.append("cb") }
        clock.advanceTime(to: start + .minutes(3)) { event, callback in
            order.append(event.name.string + "@" + event.tsEvent.iso8601)
            callback(event)
        }
        #expect(order == [
            "bar@2012-02-01T00:30:00.000000000Z", "cb", "bar@2012-02-01T00:31:00.000000000Z", "cb",
            "bar@2012-02-01T00:32:00.000000000Z", "cb",
        ])
    }

    @Test func eventIdsAreReproducible() throws {
        func ids(seed: UInt64) throws -> [UUID4] {
            let clock = TestClock(time: start, seed: seed)
            var out: [UUID4] = []
            try clock.setTimer(name: "t", interval: .seconds(1), startTime: nil, stopTime: nil) { out.append($0.eventId) }
            clock.advanceTime(to: start + .seconds(3))
            return out
        }
        #expect(try ids(seed: 1) == ids(seed: 1))
        #expect(try ids(seed: 1) != ids(seed: 2))
    }

    @Test func timerSetInACallbackFiresInTheSameAdvance() throws {
        let clock = TestClock(time: start)
        var fired: [String] = []
        try clock.setTimeAlert(name: "first", at: start + .seconds(1)) { _ in
            fired.append("first")
            try? clock.setTimeAlert(name: "second", at: clock.timestampNs + .seconds(1)) { _ in fired.append("second") }
        }
        clock.advanceTime(to: start + .seconds(5))
        #expect(fired == ["first", "second"])
    }

    @Test func goingBackwardsTraps() async {
        await #expect(processExitsWith: .failure) {
            let clock = TestClock(time: UnixNanos(seconds: 10))
            clock.advanceTime(to: UnixNanos(seconds: 9))
        }
    }
}

@Suite struct LiveClockTests {
    @Test func readsWallTime() throws {
        let clock = LiveClock { _ in }
        let now = clock.timestampNs
        #expect(now > (try UnixNanos(iso8601: "2025-01-01")))
        #expect(clock.timestampNs >= now)
    }

    @Test func timerEventsReachTheSinkAndCallbacksRunOnDispatch() async throws {
        let inbox = Mutex<[TimeEvent]>([])
        let clock = LiveClock { event in inbox.withLock { $0.append(event) } }
        var dispatched: [UnixNanos] = []
        let start = clock.timestampNs
        try clock.setTimer(name: "tick", interval: .milliseconds(20), startTime: start, stopTime: start + .milliseconds(60)) {
            dispatched.append($0.tsEvent)
        }
        // Wait (bounded) for the three firings to reach the inbox.
        for _ in 0..<200 where inbox.withLock({ $0.count }) < 3 { try await Task.sleep(for: .milliseconds(10)) }
        let events = inbox.withLock { $0 }
        #expect(events.count == 3)
        #expect(dispatched.isEmpty, "callbacks run only when the kernel dispatches")
        for event in events { clock.dispatch(event) }
        #expect(dispatched == [20, 40, 60].map { start + .milliseconds($0) })
        #expect(clock.timerNames.isEmpty)
    }
}
