// CommodityChannelIndex: Lambert's CCI of the typical price.

public import KeelModel

/// The commodity channel index: `CCI = (p − MA_n(p)) / (scalar · MAD)`, `p = (high + low + close) / 3`
/// and `MAD` the mean absolute deviation of the last `period` typical prices about the average.
///
/// The value stays 0 until the average is initialized (after `period` bars), and keeps its previous
/// value while `MAD` is 0 (NautilusTrader; TA-Lib `CCI` with the simple average).
public struct CommodityChannelIndex: BarIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The scale, conventionally 0.015 so that most values fall in −100...100.
    public let scalar: Double
    /// The current index (0 before initialization).
    public private(set) var value = 0.0
    private var average: MovingAverage
    private var window: RingBuffer

    /// Creates a CCI; traps unless `period > 0` and `scalar` is positive and finite.
    ///
    /// - Parameters:
    ///   - period: The window length, positive (typically 20).
    ///   - scalar: The scale (default 0.015).
    ///   - movingAverage: The kind of average (default simple).
    public init(period: Int, scalar: Double = 0.015, movingAverage: MovingAverageType = .simple) {
        precondition(period > 0, "Invariant: a commodity channel index's period is positive")
        precondition(scalar.isFinite && scalar > 0, "Invariant: a commodity channel index's scalar is positive and finite")
        self.period = period
        self.scalar = scalar
        average = MovingAverage(movingAverage, period: period)
        window = RingBuffer(capacity: period)
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { average.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { average.count > 0 }
    /// True once the average has `period` inputs.
    public var initialized: Bool { average.initialized }

    /// Adds one high, low and close.
    ///
    /// - Complexity: O(period).
    public mutating func update(high: Double, low: Double, close: Double) {
        let typical = (high + low + close) / 3
        window.append(typical)
        average.update(typical)
        let mean = average.value
        let deviation = window.meanAbsoluteDeviation(about: mean)
        if average.initialized && deviation != 0 {
            value = (typical - mean) / (scalar * deviation)
        }
    }

    /// Updates with the bar's high, low and close.
    public mutating func handle(bar: Bar) {
        update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        average.reset()
        window.removeAll()
    }
}
