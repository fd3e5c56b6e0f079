// LiveClock: wall-clock time for sandbox and live contexts.
//
// The clock's timers are kept by a scheduler thread that sleeps until the next deadline and hands each
// due `TimeEvent` to a sink — in a live node, the kernel's inbox. The kernel drains the inbox on its own
// thread and calls `dispatch(_:)`, which runs the timer's callback there. Callbacks therefore never run
// on the scheduler thread, and the kernel never blocks on time.

public import KeelCore
import KeelModel
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads the system's real-time clock (UTC) in nanoseconds.
public func wallClockNow() -> UnixNanos {
    var ts = timespec()
    clock_gettime(CLOCK_REALTIME, &ts)
    return UnixNanos(UInt64(ts.tv_sec) * UnixNanos.nanosPerSecond + UInt64(ts.tv_nsec))
}

/// A clock that reads wall time; its timer events reach the kernel through a sink (the live inbox).
public final class LiveClock: Clock {
    private let scheduler: LiveTimerScheduler
    private var callbacks: [String: TimeEventCallback] = [:]

    /// Creates a live clock whose timer events are handed to `sink` on the scheduler thread.
    ///
    /// - Parameter sink: must be cheap and thread-safe (e.g. the kernel inbox's `enqueue`).
    public init(sink: @escaping @Sendable (TimeEvent) -> Void) {
        self.scheduler = LiveTimerScheduler(sink: sink)
    }

    deinit { scheduler.shutdown() }

    public var timestampNs: UnixNanos { wallClockNow() }

    /// Runs the callback of the timer that produced `event`, if it is still set. Call it on the kernel
    /// thread for every `TimeEvent` taken from the inbox.
    public func dispatch(_ event: TimeEvent) {
        let name = event.name.string
        guard let callback = callbacks[name] else { return }
        // Forget the callback once the timer's last event has been dispatched.
        if scheduler.takeFinal(name: name, at: event.tsEvent) { callbacks[name] = nil }
        callback(event)
    }

    public func setTimer(
        name: String, interval: DurationNanos, startTime: UnixNanos? = nil, stopTime: UnixNanos? = nil,
        callback: @escaping TimeEventCallback
    ) throws(ClockError) {
        let text = try validName(name)
        guard interval > .zero else { throw ClockError(name: name, reason: "interval must be positive") }
        let first = (startTime ?? timestampNs) + interval
        if let stop = stopTime, stop < first {
            throw ClockError(name: name, reason: "stop time \(stop) is before the first firing at \(first)")
        }
        callbacks[name] = callback
        scheduler.add(name: text, interval: interval, first: first, stop: stopTime)
    }

    public func setTimeAlert(name: String, at time: UnixNanos, callback: @escaping TimeEventCallback) throws(ClockError) {
        let text = try validName(name)
        callbacks[name] = callback
        scheduler.add(name: text, interval: .zero, first: max(time, timestampNs), stop: nil)
    }

    private func validName(_ name: String) throws(ClockError) -> InlineText {
        let text: InlineText
        do { text = try InlineText(validating: name, kind: "timer name") } catch {
            throw ClockError(name: name, reason: error.reason)
        }
        guard !scheduler.isActive(name) else { throw ClockError(name: name, reason: "a timer with this name is already set") }
        return text
    }

    public func cancelTimer(name: String) {
        scheduler.remove(name: name)
        callbacks[name] = nil
    }

    public func cancelTimers() {
        scheduler.removeAll()
        callbacks.removeAll()
    }

    public var timerNames: [String] { scheduler.names }

    public func nextTime(ofTimer name: String) -> UnixNanos? { scheduler.next(of: name) }
}

/// The scheduler thread of a `LiveClock`. All state is guarded by one condition lock.
final class LiveTimerScheduler: @unchecked Sendable {
    private struct Entry {
        let name: InlineText
        let nameString: String
        let interval: DurationNanos
        var next: UnixNanos
        let stop: UnixNanos?
        let sequence: UInt64
    }

    private let condition = NSCondition()
    private var entries: [Entry] = []
    /// The due time of the last event of each timer that has finished, until the kernel dispatches it.
    private var finals: [String: UnixNanos] = [:]
    private var sequence: UInt64 = 0
    private var running = true
    private var started = false
    private var ids: SeededGenerator
    private let sink: @Sendable (TimeEvent) -> Void

    init(sink: @escaping @Sendable (TimeEvent) -> Void) {
        self.sink = sink
        var system = SystemRandomNumberGenerator()
        self.ids = SeededGenerator(seed: system.next())
    }

    func add(name: InlineText, interval: DurationNanos, first: UnixNanos, stop: UnixNanos?) {
        condition.lock()
        sequence += 1
        entries.append(Entry(name: name, nameString: name.string, interval: interval, next: first, stop: stop, sequence: sequence))
        if !started {
            started = true
            let thread = Thread { [self] in run() }
            thread.name = "keel-live-clock"
            thread.start()
        }
        condition.signal()
        condition.unlock()
    }

    func remove(name: String) {
        condition.lock()
        entries.removeAll { $0.nameString == name }
        finals[name] = nil
        condition.signal()
        condition.unlock()
    }

    func removeAll() {
        condition.lock()
        entries.removeAll()
        finals.removeAll()
        condition.signal()
        condition.unlock()
    }

    /// True (and forgotten) if `time` is the last event of the finished timer `name`.
    func takeFinal(name: String, at time: UnixNanos) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        guard finals[name] == time else { return false }
        finals[name] = nil
        return true
    }

    func isActive(_ name: String) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        return entries.contains { $0.nameString == name }
    }

    var names: [String] {
        condition.lock()
        defer { condition.unlock() }
        return entries.map(\.nameString).sorted()
    }

    func next(of name: String) -> UnixNanos? {
        condition.lock()
        defer { condition.unlock() }
        return entries.first { $0.nameString == name }?.next
    }

    func shutdown() {
        condition.lock()
        running = false
        condition.signal()
        condition.unlock()
    }

    private func run() {
        condition.lock()
        while running {
            guard let index = earliest() else {
                condition.wait()
                continue
            }
            let due = entries[index].next
            let now = wallClockNow()
            if due > now {
                let seconds = Double((due - now).rawValue) / 1e9
                _ = condition.wait(until: Date(timeIntervalSinceNow: seconds))
                continue
            }
            let entry = entries[index]
            if entry.interval == .zero {
                entries.remove(at: index)
                finals[entry.nameString] = due
            } else {
                let following = entry.next + entry.interval
                if let stop = entry.stop, following > stop {
                    entries.remove(at: index)
                    finals[entry.nameString] = due
                } else {
                    entries[index].next = following
                }
            }
            let event = TimeEvent(name: entry.name, eventId: UUID4(using: &ids), tsEvent: due, tsInit: now)
            condition.unlock()
            sink(event)
            condition.lock()
        }
        condition.unlock()
    }

    private func earliest() -> Int? {
        var best: Int? = nil
        for i in entries.indices {
            if let b = best {
                if entries[i].next < entries[b].next || (entries[i].next == entries[b].next && entries[i].sequence < entries[b].sequence) { best = i }
            } else {
                best = i
            }
        }
        return best
    }
}
