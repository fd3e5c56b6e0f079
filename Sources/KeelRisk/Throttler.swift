// Throttler: a sliding-window rate limiter over the kernel clock's time.
//
// Design decisions:
// - Drop mode only, as the risk engine uses NautilusTrader's throttler (it passes an `output_drop`
//   handler, so submits and modifies over the limit are denied, never buffered). Without a buffer no timer
//   is needed: NautilusTrader's resume alert only ends its "limiting" flag at the moment the window frees,
//   which is exactly when the check below starts answering yes again.
// - The window is half-open, as in NautilusTrader (`delta_next`): a message at time t is allowed if fewer
//   than `limit` messages were *sent* in (t - interval, t]. The message sent `interval` ago has left the
//   window. Refused messages do not count.
// - State is a ring of the send times of the last `limit` sent messages (oldest at `head` once full), grown
//   on demand, so a large limit costs memory only as it is used. `tryAcquire` is O(1), no allocation once
//   the ring is full.
// - Time comes from the caller (the engine reads its `Clock`), never from the wall clock. Time going
//   backwards is a kernel bug and traps.

public import KeelCore

/// A sliding-window rate limiter: at most `rateLimit.limit` acquisitions in any window of `rateLimit.interval`.
public struct Throttler: Hashable, Sendable {
    /// The limit enforced.
    public let rateLimit: RateLimit
    private var times: [UnixNanos] = []
    private var head = 0  // index of the oldest send time once `times` is full
    private var latest: UnixNanos = .zero

    /// The number of acquisitions granted since creation or the last `reset()`.
    public private(set) var sentCount = 0
    /// The number of acquisitions refused since creation or the last `reset()`.
    public private(set) var droppedCount = 0

    /// Creates a throttler enforcing `rateLimit`.
    public init(rateLimit: RateLimit) {
        self.rateLimit = rateLimit
    }

    /// Returns true and records a send at `now` if the window has room; returns false (and records a drop)
    /// otherwise.
    ///
    /// Traps if `now` is earlier than the previous call's time.
    /// - Complexity: O(1).
    public mutating func tryAcquire(at now: UnixNanos) -> Bool {
        precondition(now >= latest, "Invariant: throttler time does not go backwards (\(now) < \(latest))")
        latest = now
        if times.count < rateLimit.limit {
            times.append(now)
            sentCount += 1
            return true
        }
        let oldest = times[head]
        guard now - oldest >= rateLimit.interval else {
            droppedCount += 1
            return false
        }
        times[head] = now
        head = head + 1 == times.count ? 0 : head + 1
        sentCount += 1
        return true
    }

    /// The number of sends inside the window ending at `now`, i.e. in (now - interval, now].
    ///
    /// - Complexity: O(limit).
    public func countInWindow(at now: UnixNanos) -> Int {
        times.reduce(0) { count, time in now - time < rateLimit.interval ? count + 1 : count }
    }

    /// The fraction of the window used at `now`, from 0 to 1 (NautilusTrader's `used()`).
    public func used(at now: UnixNanos) -> Double { Double(countInWindow(at: now)) / Double(rateLimit.limit) }

    /// Forgets every send and zeroes the counters.
    public mutating func reset() {
        times.removeAll(keepingCapacity: true)
        head = 0
        latest = .zero
        sentCount = 0
        droppedCount = 0
    }
}
