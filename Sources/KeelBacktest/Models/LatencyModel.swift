// LatencyModel: how long a command takes to reach the simulated venue, per command type.
//
// Behaviour matched (nautilus_trader/backtest/models/latency.pyx and SimulatedExchange.send /
// generate_inflight_command / process in backtest/engine.pyx @ 1.221.0): each command arrives at
// `command.tsInit + base + <type latency>` (insert for submits, update for modifies, cancel for cancels,
// cancel-alls and batch cancels) and is processed by the first `process(ts)` with `ts >= arrival`; commands
// arriving at the same time keep the order they were sent in. Without a latency model (Keel: `nil`, the
// reference's default in `add_venue`) commands are processed at the next `process(ts)`, in order.
// The reference's own default base latency is 1 ms when a model is built without arguments; Keel's `init`
// makes the same default.

public import KeelCore

/// The delay between a command's creation and its arrival at the simulated venue.
public struct LatencyModel: Hashable, Sendable {
    /// The latency every command has.
    public let base: DurationNanos
    /// The added latency of a submit (single order or list).
    public let insert: DurationNanos
    /// The added latency of a modify.
    public let update: DurationNanos
    /// The added latency of a cancel, cancel-all or batch cancel.
    public let cancel: DurationNanos

    /// Creates a latency model (the reference's defaults: a base of 1 ms, nothing added per type).
    public init(
        base: DurationNanos = DurationNanos(UnixNanos.nanosPerMillisecond), insert: DurationNanos = .zero,
        update: DurationNanos = .zero, cancel: DurationNanos = .zero
    ) {
        self.base = base
        self.insert = insert
        self.update = update
        self.cancel = cancel
    }

    /// The total latency of a submit.
    public var insertLatency: DurationNanos { DurationNanos(base.rawValue + insert.rawValue) }
    /// The total latency of a modify.
    public var updateLatency: DurationNanos { DurationNanos(base.rawValue + update.rawValue) }
    /// The total latency of a cancel.
    public var cancelLatency: DurationNanos { DurationNanos(base.rawValue + cancel.rawValue) }
}
