public import KeelCommon
public import KeelCore

/// Checks the `Clock` port's implementation requirements on a clock that a test can advance.
///
/// Every `Clock` implementation runs this check (see `Clock`'s "Implementation requirements"). The
/// clock must start at `start`; `advance(clock, time)` must move it to `time`, running due callbacks.
/// Returns the failures found, empty when the clock conforms.
public enum ClockConformance {
    public static func check<C: Clock>(
        start: UnixNanos, makeClock: () -> C, advance: (C, UnixNanos) -> Void
    ) -> [String] {
        var failures: [String] = []
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { failures.append(what()) } }

        // Repeating timer with a stop time; an alert; a tie between them resolved by creation order.
        do {
            let clock = makeClock()
            var fired: [(String, UnixNanos, UnixNanos)] = []
            let record: TimeEventCallback = { event in fired.append((event.name.string, event.tsEvent, clock.timestampNs)) }
            try clock.setTimer(name: "t", interval: .seconds(10), startTime: start, stopTime: start + .seconds(30), callback: record)
            try clock.setTimeAlert(name: "a", at: start + .seconds(20), callback: record)
            expect(clock.timerNames == ["a", "t"], "timerNames are sorted: \(clock.timerNames)")
            expect(clock.nextTime(ofTimer: "t") == start + .seconds(10), "first firing of a timer is start + interval")
            advance(clock, start + .seconds(35))
            let names = fired.map(\.0)
            expect(names == ["t", "t", "a", "t"], "events fire in time order, ties by creation order: \(names)")
            expect(fired.map(\.1) == [10, 20, 20, 30].map { start + .seconds($0) }, "events carry their due time")
            expect(fired.allSatisfy { $0.1 == $0.2 }, "the clock reads the event's time while its callback runs")
            expect(clock.timestampNs == start + .seconds(35), "the clock ends at the advanced time")
            expect(clock.timerNames.isEmpty, "a stopped timer and a fired alert are gone: \(clock.timerNames)")
        } catch {
            failures.append("setting valid timers failed: \(error)")
        }

        // Errors: duplicate names, zero interval, stop before the first firing, an alert in the past.
        do {
            let clock = makeClock()
            try? clock.setTimer(name: "x", interval: .seconds(1), startTime: nil, stopTime: nil) { _ in }
            expect((try? clock.setTimer(name: "x", interval: .seconds(1), startTime: nil, stopTime: nil) { _ in }) == nil, "a duplicate timer name is an error")
            expect((try? clock.setTimer(name: "z", interval: .zero, startTime: nil, stopTime: nil) { _ in }) == nil, "a zero interval is an error")
            expect((try? clock.setTimer(name: "s", interval: .seconds(5), startTime: start, stopTime: start + .seconds(1)) { _ in }) == nil, "a stop time before the first firing is an error")
            advance(clock, start + .seconds(10))
            expect((try? clock.setTimeAlert(name: "past", at: start) { _ in }) == nil, "an alert in the past is an error")
            clock.cancelTimer(name: "x")
            clock.cancelTimer(name: "unknown")
            expect(clock.timerNames.isEmpty, "cancelTimer removes a timer")
        }

        // Cancelling inside a callback stops further firings; timers set in a callback fire later.
        do {
            let clock = makeClock()
            var count = 0
            try clock.setTimer(name: "once", interval: .seconds(1), startTime: start, stopTime: nil) { _ in
                count += 1
                clock.cancelTimer(name: "once")
            }
            advance(clock, start + .seconds(5))
            expect(count == 1, "a timer cancelled in its callback fires once (fired \(count))")
        } catch {
            failures.append("setting a valid timer failed: \(error)")
        }
        return failures
    }
}
