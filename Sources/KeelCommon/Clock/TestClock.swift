// TestClock: time that moves only when the kernel moves it.

public import KeelCore
import KeelModel

/// A clock for backtests and tests: time is set and advanced explicitly, and due timers fire in time
/// order as it advances.
///
/// Timers live in a flat array scanned for the earliest deadline: a kernel has a handful of timers, and
/// a scan of a few entries beats a heap. When no timer is due, advancing costs one comparison.
public final class TestClock: Clock {
    struct Timer {
        let name: InlineText
        let nameString: String
        let interval: DurationNanos  // zero for a one-shot alert
        var next: UnixNanos
        let stop: UnixNanos?
        let sequence: UInt64
        let callback: TimeEventCallback
    }

    // Unchecked and usable from inline code: `advanceTime(to:)` is inlined into the backtest loop, where a
    // dynamic exclusivity check would cost more than the advance. Each access is a read or a store that calls
    // out to nothing.
    @exclusivity(unchecked) @usableFromInline var now: UnixNanos
    private var timers: [Timer] = []
    @exclusivity(unchecked) @usableFromInline var nextDeadline: UnixNanos = .max
    private var sequence: UInt64 = 0
    private var ids: SeededGenerator

    /// Creates a clock at `time`; event ids are drawn from a generator seeded with `seed`.
    public init(time: UnixNanos = .zero, seed: UInt64 = 0) {
        self.now = time
        self.ids = SeededGenerator(seed: seed ^ 0x7E57_C10C)
    }

    public var timestampNs: UnixNanos { now }

    /// Back to `time` with no timers and the id generator restarted: the clock as a new run starts it.
    public func reset(to time: UnixNanos = .zero) {
        timers.removeAll()
        nextDeadline = .max
        sequence = 0
        now = time
        ids = SeededGenerator(seed: ids.seed)
    }

    /// Sets the time without firing timers; traps if `time` is earlier than now.
    public func setTime(_ time: UnixNanos) {
        precondition(time >= now, "Invariant: the clock does not go backwards (\(time) < \(now))")
        now = time
    }

    /// Advances to `time`, calling `handle` with each due timer event and its callback, in time order
    /// (ties: the timer set first). The clock reads the event's time while `handle` runs; timers set
    /// during `handle` that fall due by `time` fire in the same advance. Finally the clock reads `time`.
    ///
    /// Traps if `time` is earlier than now.
    @inline(__always)
    public func advanceTime(to time: UnixNanos, _ handle: (TimeEvent, TimeEventCallback) -> Void) {
        precondition(time >= now, "Invariant: the clock does not go backwards (\(time) < \(now))")
        if time >= nextDeadline { fireDue(upTo: time, handle) }
        now = time
    }

    /// Advances to `time`, running each due timer's callback (see `advanceTime(to:_:)`).
    ///
    /// Inlinable: the backtest loop advances the clock once per datum, and with no timer due an advance is a
    /// comparison and a store (S2: a call cost 14 instructions per quote).
    @inlinable
    public func advanceTime(to time: UnixNanos) {
        precondition(time >= now, "Invariant: the clock does not go backwards (\(time) < \(now))")
        if time >= nextDeadline { fireDue(upTo: time) }
        now = time
    }

    /// Fires the timers due by `time`, running their callbacks.
    @usableFromInline
    func fireDue(upTo time: UnixNanos) {
        fireDue(upTo: time) { event, callback in callback(event) }
    }

    private func fireDue(upTo time: UnixNanos, _ handle: (TimeEvent, TimeEventCallback) -> Void) {
        while let index = earliestDue(upTo: time) {
            let timer = timers[index]
            now = timer.next
            let event = TimeEvent(name: timer.name, eventId: UUID4(using: &ids), tsEvent: timer.next, tsInit: timer.next)
            if timer.interval == .zero {
                timers.remove(at: index)
            } else {
                let following = timer.next + timer.interval
                if let stop = timer.stop, following > stop {
                    timers.remove(at: index)
                } else {
                    timers[index].next = following
                }
            }
            recomputeDeadline()
            handle(event, timer.callback)
        }
    }

    private func earliestDue(upTo time: UnixNanos) -> Int? {
        var best: Int? = nil
        for i in timers.indices where timers[i].next <= time {
            if let b = best {
                if timers[i].next < timers[b].next || (timers[i].next == timers[b].next && timers[i].sequence < timers[b].sequence) {
                    best = i
                }
            } else {
                best = i
            }
        }
        return best
    }

    private func recomputeDeadline() {
        nextDeadline = timers.reduce(UnixNanos.max) { min($0, $1.next) }
    }

    public func setTimer(
        name: String, interval: DurationNanos, startTime: UnixNanos? = nil, stopTime: UnixNanos? = nil,
        callback: @escaping TimeEventCallback
    ) throws(ClockError) {
        let text = try validName(name)
        guard interval > .zero else { throw ClockError(name: name, reason: "interval must be positive") }
        let start = startTime ?? now
        let first = start + interval
        if let stop = stopTime, stop < first {
            throw ClockError(name: name, reason: "stop time \(stop) is before the first firing at \(first)")
        }
        sequence += 1
        timers.append(Timer(name: text, nameString: name, interval: interval, next: first, stop: stopTime, sequence: sequence, callback: callback))
        recomputeDeadline()
    }

    public func setTimeAlert(name: String, at time: UnixNanos, callback: @escaping TimeEventCallback) throws(ClockError) {
        let text = try validName(name)
        guard time >= now else { throw ClockError(name: name, reason: "alert time \(time) is in the past (now \(now))") }
        sequence += 1
        timers.append(Timer(name: text, nameString: name, interval: .zero, next: time, stop: nil, sequence: sequence, callback: callback))
        recomputeDeadline()
    }

    private func validName(_ name: String) throws(ClockError) -> InlineText {
        let text: InlineText
        do { text = try InlineText(validating: name, kind: "timer name") } catch {
            throw ClockError(name: name, reason: error.reason)
        }
        guard !timers.contains(where: { $0.name == text }) else { throw ClockError(name: name, reason: "a timer with this name is already set") }
        return text
    }

    public func cancelTimer(name: String) {
        timers.removeAll { $0.nameString == name }
        recomputeDeadline()
    }

    public func cancelTimers() {
        timers.removeAll()
        nextDeadline = .max
    }

    public var timerNames: [String] { timers.map(\.nameString).sorted() }

    public func nextTime(ofTimer name: String) -> UnixNanos? { timers.first { $0.nameString == name }?.next }

    /// The earliest time any timer fires, if any is set.
    public var nextTimerTime: UnixNanos? { nextDeadline == .max && timers.isEmpty ? nil : nextDeadline }
}
