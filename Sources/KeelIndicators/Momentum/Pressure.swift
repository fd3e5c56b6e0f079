// Pressure: buying versus selling pressure, scaled by the ATR and relative volume.

public import KeelModel

/// Pressure: `value = ((close − low) − (high − close)) / ATR · volume / MA_n(volume)`, with an ATR of
/// `high − low` (no previous close) and `valueCumulative` the running sum of `value`.
///
/// Both averages are of kind `movingAverage` (default exponential; NautilusTrader's ATR ignores the
/// kind and is always simple, Keel's honours it). When the average volume is 0, or the range is 0,
/// the value is 0 and is not added to the running sum. While the ATR is 0 the bar's own range (or
/// `atrFloor`, whichever is larger) stands in for it. `initialized` after `period` bars.
public struct Pressure: BarIndicator, Sendable {
    /// The period of the ATR and the volume average.
    public let period: Int
    /// The lower bound of the ATR (0: none).
    public let atrFloor: Double
    /// The current pressure (0 before any input).
    public private(set) var value = 0.0
    /// The running sum of `value` since creation or `reset()`.
    public private(set) var valueCumulative = 0.0
    private var atr: AverageTrueRange
    private var averageVolume: MovingAverage

    /// Creates a pressure indicator; traps unless `period > 0` and `atrFloor ≥ 0`.
    ///
    /// - Parameters:
    ///   - period: The period of the ATR and the volume average, positive.
    ///   - movingAverage: The kind of both averages (default exponential).
    ///   - atrFloor: A lower bound on the ATR (default 0: none).
    public init(period: Int, movingAverage: MovingAverageType = .exponential, atrFloor: Double = 0) {
        precondition(period > 0, "Invariant: a pressure indicator's period is positive")
        precondition(atrFloor >= 0, "Invariant: a pressure indicator's ATR floor is not negative")
        self.period = period
        self.atrFloor = atrFloor
        atr = AverageTrueRange(period: period, movingAverage: movingAverage, usePrevious: false, valueFloor: atrFloor)
        averageVolume = MovingAverage(movingAverage, period: period)
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { averageVolume.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { averageVolume.count > 0 }
    /// True once both averages have `period` inputs.
    public var initialized: Bool { atr.initialized && averageVolume.initialized }

    /// Adds one bar's high, low, close and volume.
    public mutating func update(high: Double, low: Double, close: Double, volume: Double) {
        atr.update(high: high, low: low, close: close)
        averageVolume.update(volume)
        let meanVolume = averageVolume.value
        let range = atr.value > 0 ? atr.value : Swift.max(abs(high - low), atrFloor)
        guard meanVolume != 0, range != 0 else {
            value = 0
            return
        }
        value = ((close - low) - (high - close)) / range * (volume / meanVolume)
        valueCumulative += value
    }

    /// Updates with the bar's high, low, close and volume.
    public mutating func handle(bar: Bar) {
        update(
            high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue,
            volume: bar.volume.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        valueCumulative = 0
        atr.reset()
        averageVolume.reset()
    }
}
