// OnBalanceVolume: signed volume, summed over a window or since the start.

public import KeelModel

/// On-balance volume: the sum of `+volume` for bars closing above their open, `−volume` for bars
/// closing below it and 0 otherwise, over the last `period` bars, or since the first bar when
/// `period` is 0 (NautilusTrader).
///
/// The sign comes from the bar's own open (NautilusTrader), not the previous close (Granville, TA-Lib
/// `OBV`). `initialized` after `period` bars (after the first when `period` is 0).
public struct OnBalanceVolume: BarIndicator, Sendable {
    /// The window in bars, 0 for a running total.
    public let period: Int
    /// The current sum (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var window: RingBuffer

    /// Creates an OBV; traps if `period` is negative.
    ///
    /// - Parameter period: The window in bars; 0 (the default) sums every bar since the start.
    public init(period: Int = 0) {
        precondition(period >= 0, "Invariant: an on-balance volume's period is not negative")
        self.period = period
        window = RingBuffer(capacity: period)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True after `period` bars (after one bar when `period` is 0).
    public var initialized: Bool { count >= Swift.max(period, 1) }

    /// Adds one bar's open, close and volume.
    ///
    /// - Complexity: O(1).
    public mutating func update(open: Double, close: Double, volume: Double) {
        count += 1
        let signed = close > open ? volume : close < open ? -volume : 0
        if period == 0 {
            value += signed
        } else {
            let dropped = window.append(signed) ?? 0
            value += signed - dropped
        }
    }

    /// Updates with the bar's open, close and volume.
    public mutating func handle(bar: Bar) {
        update(open: bar.open.doubleValue, close: bar.close.doubleValue, volume: bar.volume.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        count = 0
        window.removeAll()
    }
}
