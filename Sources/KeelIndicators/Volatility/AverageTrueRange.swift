// AverageTrueRange: an average of the true range, NautilusTrader's simple average by default.

public import KeelModel

/// The average true range: `ATR = MA_n(TR)`, `TR = max(high, prevClose) − min(low, prevClose)`, the
/// previous bar's close, or the bar's own close for the first bar (NautilusTrader), so the first TR
/// is `high − low`. With `usePrevious: false`, `TR = high − low`.
///
/// The average is simple by default (NautilusTrader); `.wilder` with `seed: .simpleAverage` is
/// Wilder's and TA-Lib's ATR. A positive `valueFloor` is a lower bound on `value`.
/// `initialized` after `period` bars.
public struct AverageTrueRange: BarIndicator, Sendable {
    /// The period of the average.
    public let period: Int
    /// True if the true range reaches to the previous close.
    public let usePrevious: Bool
    /// The lower bound of `value` (0: none).
    public let valueFloor: Double
    /// The current ATR (0 before any input).
    public private(set) var value = 0.0
    private var average: MovingAverage
    private var previousClose = 0.0

    /// Creates an ATR; traps unless `period > 0` and `valueFloor ≥ 0`.
    ///
    /// - Parameters:
    ///   - period: The period of the average, positive.
    ///   - movingAverage: The kind of average (default simple).
    ///   - seed: How an exponential or Wilder average starts (default: the first true range).
    ///   - usePrevious: Reach to the previous close (default true).
    ///   - valueFloor: A lower bound on `value` (default 0: none).
    public init(
        period: Int, movingAverage: MovingAverageType = .simple, seed: ExponentialSeed = .firstValue,
        usePrevious: Bool = true, valueFloor: Double = 0
    ) {
        precondition(period > 0, "Invariant: an average true range's period is positive")
        precondition(valueFloor >= 0, "Invariant: an average true range's floor is not negative")
        self.period = period
        self.usePrevious = usePrevious
        self.valueFloor = valueFloor
        average = MovingAverage(movingAverage, period: period, seed: seed)
    }

    /// The kind of average.
    public var movingAverage: MovingAverageType { average.type }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { average.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { average.count > 0 }
    /// True once `period` bars have arrived.
    public var initialized: Bool { average.initialized }

    /// Adds one bar's high, low and close.
    public mutating func update(high: Double, low: Double, close: Double) {
        if usePrevious {
            if !hasInputs { previousClose = close }
            average.update(Swift.max(high, previousClose) - Swift.min(low, previousClose))
            previousClose = close
        } else {
            average.update(high - low)
        }
        value = valueFloor > 0 && average.value <= valueFloor ? valueFloor : average.value
    }

    /// Updates with the bar's high, low and close.
    public mutating func handle(bar: Bar) {
        update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        previousClose = 0
        average.reset()
    }
}
