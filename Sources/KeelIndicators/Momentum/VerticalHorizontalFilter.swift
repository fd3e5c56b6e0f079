// VerticalHorizontalFilter: trend versus congestion.

public import KeelModel

/// The vertical horizontal filter: `VHF = (max − min) / (period · MA_n(|Δclose|))`, `max` and `min` over
/// the last `period` closes and the average over the last `period` absolute close-to-close changes
/// (the first bar's change is 0), as NautilusTrader.
///
/// The value is computed once the average is initialized (after `period` bars; NautilusTrader
/// starts one bar later) and is 0 while the closes have not moved.
public struct VerticalHorizontalFilter: BarIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The current filter value (0 before initialization).
    public private(set) var value = 0.0
    private var average: MovingAverage
    private var closes: RingBuffer
    private var previousClose = 0.0

    /// Creates a VHF; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The window length, positive.
    ///   - movingAverage: The kind of average of the changes (default simple).
    public init(period: Int, movingAverage: MovingAverageType = .simple) {
        precondition(period > 0, "Invariant: a vertical horizontal filter's period is positive")
        self.period = period
        average = MovingAverage(movingAverage, period: period)
        closes = RingBuffer(capacity: period)
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { average.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { average.count > 0 }
    /// True once the average has `period` inputs.
    public var initialized: Bool { average.initialized }

    /// Adds one close.
    ///
    /// - Complexity: O(period).
    public mutating func update(_ close: Double) {
        if !hasInputs { previousClose = close }
        closes.append(close)
        average.update(abs(close - previousClose))
        previousClose = close
        guard average.initialized else { return }
        let noise = average.value
        value = noise == 0 ? 0 : (closes.max() - closes.min()) / Double(period) / noise
    }

    /// Updates with the bar's close.
    public mutating func handle(bar: Bar) { update(bar.close.doubleValue) }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        average.reset()
        closes.removeAll()
        previousClose = 0
    }
}
