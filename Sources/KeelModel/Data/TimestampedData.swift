public import KeelCore

/// A value that happened at a source at `tsEvent` and entered Keel at `tsInit`.
///
/// Every market data type and every event carries both timestamps. Streams are merged and replayed in
/// `tsInit` order; `tsEvent` is the source's own time, kept for analysis and latency measurement.
public protocol TimestampedData: Sendable {
    /// When the event happened at its source (exchange time), in nanoseconds since the epoch.
    var tsEvent: UnixNanos { get }
    /// When Keel created this value, in nanoseconds since the epoch.
    var tsInit: UnixNanos { get }
}
