// Time bars: a clock timer closes each interval.
//
// Behaviour follows NautilusTrader 1.221.0's `TimeBarAggregator` (`nautilus_trader/data/aggregation.pyx`)
// with the default left-open intervals, no origin offset and no build delay:
// - At construction the aggregator finds the start of the interval containing now (TimeBarCalendar)
//   and sets a repeating timer named after the bar type, first firing at start + interval (MONTH: a
//   one-shot alert re-armed at each firing for the next calendar boundary).
// - Each firing at time T closes the interval (T − interval, T]: the bar is stamped `tsInit = T` and
//   `tsEvent = T` (`timestampOnClose`, default) or the interval's open. Updates at exactly T reach the
//   aggregator after the timer (the clock fires due timers before the datum at the same time), so they
//   belong to the next bar.
// - An interval with no updates gives a flat bar at the last close (`buildWithNoUpdates`, default) or
//   nothing. Before the very first update there is no price: a firing only remembers its interval, and
//   if the first update arrives at or before that close (same-time race) the bar is built with it,
//   stamped `tsInit` = the update's.
// - `skipFirstNonFullBar` drops the bar of the interval the aggregator started in, unless it started
//   on a boundary (within min(interval / 1000, 1 ms), as the reference's tolerance).
//
// Deliberate differences from the reference, all in corner cases (none affects a default configuration
// with data from the start):
// - The open of each interval is tracked at every firing. The reference updates it only when it builds
//   a bar, so with `timestampOnClose = false` a bar after skipped or empty intervals carries a stale open.
// - The first-interval skip applies to that interval only; the reference skips the first bar it builds,
//   which is a full bar if no data arrived in the first interval.
// - A MONTH alert is re-armed even when an empty month builds nothing; the reference stops re-arming
//   then (`build_with_no_updates = False`), ending monthly bars.

import KeelCommon
import KeelCore
import KeelModel

extension BarAggregator {
    func startTimer<C: Clock>(on clock: C, interval: TimeInterval) throws(BarAggregationError) {
        let now = clock.timestampNs
        let start: UnixNanos
        let first: UnixNanos
        let tolerance: UInt64
        switch interval {
        case .fixed(let length):
            if barType.spec.aggregation == .week {
                guard let monday = TimeBarCalendar.weekStart(of: now) else {
                    throw BarAggregationError(.timer, barType: barType, reason: "week bars start on 1970-01-05 or later (clock at \(now))")
                }
                start = monday
            } else {
                start = TimeBarCalendar.start(of: now, period: length.rawValue)
            }
            first = start + length
            tolerance = min(length.rawValue / 1_000, UnixNanos.nanosPerMillisecond)
        case .months(let step):
            start = TimeBarCalendar.monthStart(of: now, step: step)
            first = TimeBarCalendar.addingMonths(step, to: start)
            tolerance = UnixNanos.nanosPerMillisecond
        }
        intervalOpen = start
        firstClose = options.skipFirstNonFullBar && (now - start).rawValue > tolerance ? first : .max

        let name = barType.description
        let callback: TimeEventCallback = { [weak self] event in self?.timerFired(event) }
        do {
            switch interval {
            case .fixed(let length):
                try clock.setTimer(name: name, interval: length, startTime: start, stopTime: nil, callback: callback)
            case .months:
                try clock.setTimeAlert(name: name, at: first, callback: callback)
                setMonthAlert = { [weak clock] time throws(ClockError) in
                    clock?.cancelTimer(name: name)
                    try clock?.setTimeAlert(name: name, at: time, callback: callback)
                }
            }
        } catch {
            throw BarAggregationError(.timer, barType: barType, reason: error.description)
        }
        cancelTimer = { [weak clock] in clock?.cancelTimer(name: name) }
    }

    /// Cancels the time bar timer (nothing for other kinds); the bar in progress is not emitted.
    /// Calling it again does nothing.
    public func stop() {
        cancelTimer?()
        cancelTimer = nil
        setMonthAlert = nil
    }

    /// True while a time bar aggregator's timer is set (false after `stop()`, and for other kinds).
    public var isTimerSet: Bool { cancelTimer != nil }

    func timerFired(_ event: TimeEvent) {
        let close = event.tsEvent
        let open = intervalOpen
        intervalOpen = close
        if case .time(.months(let step)) = kind, let setMonthAlert {
            do { try setMonthAlert(TimeBarCalendar.addingMonths(step, to: close)) } catch {
                preconditionFailure("Invariant: a monthly bar timer can be re-armed (\(barType): \(error))")
            }
        }
        guard builder.isInitialized else {
            buildOnNextUpdate = true
            pendingOpen = open
            pendingClose = close
            return
        }
        if builder.count == 0 && !options.buildWithNoUpdates { return }
        send(open: open, close: close, tsInit: close)
    }

    func applyTime(price: Price, sizeRaw: Int64, tsInit: UnixNanos) {
        builder.update(price: price, sizeRaw: sizeRaw, tsInit: tsInit)
        if buildOnNextUpdate {
            buildOnNextUpdate = false
            if tsInit <= pendingClose { send(open: pendingOpen, close: pendingClose, tsInit: tsInit) }
        }
    }

    private func send(open: UnixNanos, close: UnixNanos, tsInit: UnixNanos) {
        if close == firstClose {
            builder.reset()
        } else {
            onBar(builder.build(tsEvent: options.timestampOnClose ? close : open, tsInit: tsInit))
        }
    }
}
