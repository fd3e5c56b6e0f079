// KlingerVolumeOscillator: averages of volume signed by the typical price's direction.

public import KeelModel

/// The Klinger volume oscillator (NautilusTrader's form): volume signed by whether the typical price
/// `(high + low + close) / 3` rose (+), fell (−) or held (0) since the previous bar, averaged over a
/// fast and a slow period; `value = MA_signal(MA_fast − MA_slow)`, the signal average fed once the
/// slow one is initialized.
///
/// The first bar's previous typical price is 0, so it counts as rising (NautilusTrader). All three
/// averages are of kind `movingAverage` (default simple). `initialized` once the signal average is,
/// after `slowPeriod + signalPeriod − 1` bars.
public struct KlingerVolumeOscillator: BarIndicator, Sendable {
    /// The fast average's period.
    public let fastPeriod: Int
    /// The slow average's period.
    public let slowPeriod: Int
    /// The signal average's period.
    public let signalPeriod: Int
    /// The current oscillator (0 before the signal average has an input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var fast: MovingAverage
    private var slow: MovingAverage
    private var signal: MovingAverage
    private var previousTypical = 0.0

    /// Creates a Klinger oscillator; traps unless all periods are positive and `fastPeriod < slowPeriod`.
    ///
    /// - Parameters:
    ///   - fastPeriod: The fast average's period (typically 34).
    ///   - slowPeriod: The slow average's period, above the fast one (typically 55).
    ///   - signalPeriod: The signal average's period (typically 13).
    ///   - movingAverage: The kind of the three averages (default simple).
    public init(fastPeriod: Int, slowPeriod: Int, signalPeriod: Int, movingAverage: MovingAverageType = .simple) {
        precondition(fastPeriod > 0, "Invariant: a Klinger oscillator's fast period is positive")
        precondition(slowPeriod > fastPeriod, "Invariant: a Klinger oscillator's slow period exceeds its fast period")
        precondition(signalPeriod > 0, "Invariant: a Klinger oscillator's signal period is positive")
        self.fastPeriod = fastPeriod
        self.slowPeriod = slowPeriod
        self.signalPeriod = signalPeriod
        fast = MovingAverage(movingAverage, period: fastPeriod)
        slow = MovingAverage(movingAverage, period: slowPeriod)
        signal = MovingAverage(movingAverage, period: signalPeriod)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once the signal average has `signalPeriod` inputs.
    public var initialized: Bool { signal.initialized }

    /// Adds one bar's high, low, close and volume.
    public mutating func update(high: Double, low: Double, close: Double, volume: Double) {
        count += 1
        let typical = (high + low + close) / 3
        let signed = typical > previousTypical ? volume : typical < previousTypical ? -volume : 0
        previousTypical = typical
        fast.update(signed)
        slow.update(signed)
        if slow.initialized {
            signal.update(fast.value - slow.value)
            value = signal.value
        }
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
        count = 0
        previousTypical = 0
        fast.reset()
        slow.reset()
        signal.reset()
    }
}
