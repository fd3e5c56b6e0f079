// Clock: the kernel's only source of time.
//
// Design decisions:
// - `Clock` is a port (one of the few protocols on the main path). The kernel holds it as a concrete
//   `TestClock` in backtests and a `LiveClock` in sandbox and live contexts; components that read time
//   take the clock at construction. Nothing in the spine reads the wall clock directly.
// - Timers and time alerts produce `TimeEvent`s with the time they were due. In a backtest the engine
//   advances the `TestClock` to each datum's `tsInit` and runs the due events first, in time order
//   (timers created earlier win ties). In live contexts the `LiveClock`'s scheduler thread only
//   produces the events; they reach the kernel through its inbox, and the kernel runs the callbacks.
// - Callbacks are closures stored per timer (set up once, not per event).

public import KeelCore
public import KeelModel

/// A timer or time alert firing: which one, and the time it was due.
public struct TimeEvent: TimestampedData, Hashable {
    /// The timer's name.
    public let name: InlineText
    /// The event's id.
    public let eventId: UUID4
    /// The time the timer was due.
    public let tsEvent: UnixNanos
    /// When the event was created (equal to `tsEvent` in backtests).
    public let tsInit: UnixNanos

    public init(name: InlineText, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.name = name
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

/// The callback of a timer or time alert. It runs on the kernel thread.
public typealias TimeEventCallback = (TimeEvent) -> Void

/// Why a timer cannot be set.
public struct ClockError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The timer's name.
    public let name: String
    /// What is wrong.
    public let reason: String
    public var description: String { "timer '\(name)': \(reason)" }
}

/// The kernel's source of time: the current time and timers.
///
/// ## Implementation requirements
/// - `timestampNs` never goes backwards.
/// - Timer names are unique per clock; setting a timer with a name in use is an error.
/// - A repeating timer fires at `startTime + k × interval` for k = 1, 2, … while that time is at or before
///   `stopTime`; a time alert fires once at its time. Events carry the time they were due.
/// - Among events due at the same time, the timer set earlier fires first.
/// - `cancelTimer` of an unknown name does nothing.
/// - Callbacks run on the kernel thread only.
///
/// `KeelTestKit` has a conformance check (`ClockConformance`) that every implementation must pass.
public protocol Clock: AnyObject {
    /// The current time.
    var timestampNs: UnixNanos { get }

    /// Sets a repeating timer.
    ///
    /// - Parameters:
    ///   - name: unique among this clock's timers.
    ///   - interval: the time between firings (> 0).
    ///   - startTime: the time the interval counts from (default: now).
    ///   - stopTime: the last time it may fire (default: never stops).
    ///   - callback: runs for every firing.
    /// - Throws: `ClockError` for a duplicate name, a zero interval or a stop time before the first firing.
    func setTimer(
        name: String, interval: DurationNanos, startTime: UnixNanos?, stopTime: UnixNanos?,
        callback: @escaping TimeEventCallback
    ) throws(ClockError)

    /// Sets a one-shot alert at `time`.
    ///
    /// - Throws: `ClockError` for a duplicate name or a time in the past.
    func setTimeAlert(name: String, at time: UnixNanos, callback: @escaping TimeEventCallback) throws(ClockError)

    /// Cancels the timer or alert `name` (nothing happens if there is none).
    func cancelTimer(name: String)

    /// Cancels every timer and alert.
    func cancelTimers()

    /// The names of the active timers and alerts, sorted.
    var timerNames: [String] { get }

    /// When the timer or alert `name` fires next, if it is active.
    func nextTime(ofTimer name: String) -> UnixNanos?
}
