// Stochastics: where the close sits in the recent high-low range (%K) and its smoothing (%D).

public import KeelModel

/// The stochastic oscillator: `%K = 100·(close − LL) / (HH − LL)` with `HH`, `LL` the highest high and
/// lowest low of the last `periodK` bars, and `%D` over the last `periodD` bars.
public struct Stochastics: BarIndicator, Sendable {
    /// How `%D` is computed.
    public enum DMethod: Hashable, Sendable {
        /// `%D = 100·Σ(close − LL) / Σ(HH − LL)` over `periodD` bars (NautilusTrader's default).
        case ratio
        /// `%D = SMA_periodD(%K)` (TA-Lib `STOCHF`, most charting packages).
        case movingAverage
    }

    /// The look-back of `HH` and `LL`.
    public let periodK: Int
    /// The smoothing period of `%D`.
    public let periodD: Int
    /// How `%D` is computed.
    public let dMethod: DMethod
    /// The current `%K` in 0...100 (0 before the range first opens).
    public private(set) var valueK = 0.0
    /// The current `%D` in 0...100.
    public private(set) var valueD = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var highs: RingBuffer
    private var lows: RingBuffer
    private var closeMinusLow: RingBuffer
    private var highMinusLow: RingBuffer
    private var averageK: SimpleMovingAverage

    /// Creates a stochastic oscillator; traps unless both periods are positive.
    ///
    /// While `HH == LL` (a flat range) `%K` and `%D` keep their previous values, and with
    /// `.movingAverage` the `%D` average skips that bar (NautilusTrader). `initialized` after `periodK`
    /// bars with `.ratio`, and also once the `%D` average has `periodD` values with `.movingAverage`.
    ///
    /// - Parameters:
    ///   - periodK: The look-back of `HH` and `LL`, positive (typically 14).
    ///   - periodD: The smoothing period of `%D`, positive (typically 3).
    ///   - dMethod: How `%D` is computed (default `.ratio`).
    public init(periodK: Int, periodD: Int, dMethod: DMethod = .ratio) {
        precondition(periodK > 0, "Invariant: a stochastic oscillator's %K period is positive")
        precondition(periodD > 0, "Invariant: a stochastic oscillator's %D period is positive")
        self.periodK = periodK
        self.periodD = periodD
        self.dMethod = dMethod
        highs = RingBuffer(capacity: periodK)
        lows = RingBuffer(capacity: periodK)
        closeMinusLow = RingBuffer(capacity: dMethod == .ratio ? periodD : 0)
        highMinusLow = RingBuffer(capacity: dMethod == .ratio ? periodD : 0)
        averageK = SimpleMovingAverage(period: periodD)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `periodK` bars have arrived (and, with `.movingAverage`, `periodD` values of `%K`).
    public var initialized: Bool {
        highs.isFull && (dMethod == .ratio || averageK.initialized)
    }

    /// Adds one bar's high, low and close.
    ///
    /// - Complexity: O(periodK + periodD).
    public mutating func update(high: Double, low: Double, close: Double) {
        count += 1
        highs.append(high)
        lows.append(low)
        let highest = highs.max()
        let lowest = lows.min()
        if dMethod == .ratio {
            closeMinusLow.append(close - lowest)
            highMinusLow.append(highest - lowest)
        }
        guard highest != lowest else { return }
        valueK = 100 * (close - lowest) / (highest - lowest)
        switch dMethod {
        case .ratio:
            let range = highMinusLow.sum()
            valueD = range == 0 ? 0 : 100 * closeMinusLow.sum() / range
        case .movingAverage:
            averageK.update(valueK)
            valueD = averageK.value
        }
    }

    /// Updates with the bar's high, low and close.
    public mutating func handle(bar: Bar) {
        update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        valueK = 0
        valueD = 0
        count = 0
        highs.removeAll()
        lows.removeAll()
        closeMinusLow.removeAll()
        highMinusLow.removeAll()
        averageK.reset()
    }
}
