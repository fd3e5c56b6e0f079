// KeltnerChannel: an average of the typical price with bands a multiple of the ATR away.

public import KeelModel

/// The Keltner channel: `middle = MA_n(p)` of the typical price `p = (high + low + close) / 3`,
/// `upper = middle + k·ATR_n`, `lower = middle − k·ATR_n` (NautilusTrader: both averages simple by
/// default, the ATR as `AverageTrueRange`).
///
/// `initialized` once the middle average is (after `period` bars).
public struct KeltnerChannel: BarIndicator, Sendable {
    /// The period of the average and the ATR.
    public let period: Int
    /// The band width in ATRs.
    public let kMultiplier: Double
    /// The upper band (0 before any input).
    public private(set) var upper = 0.0
    /// The middle band (0 before any input).
    public private(set) var middle = 0.0
    /// The lower band (0 before any input).
    public private(set) var lower = 0.0
    private var average: MovingAverage
    private var atr: AverageTrueRange

    /// Creates a Keltner channel; traps unless `period > 0` and `kMultiplier` is finite and not negative.
    ///
    /// - Parameters:
    ///   - period: The period of the average and the ATR, positive.
    ///   - kMultiplier: The band width in ATRs.
    ///   - movingAverage: The kind of the middle average (default simple).
    ///   - atrMovingAverage: The kind of the ATR's average (default simple).
    ///   - usePrevious: Whether the true range reaches to the previous close (default true).
    ///   - atrFloor: A lower bound on the ATR (default 0: none).
    public init(
        period: Int, kMultiplier: Double, movingAverage: MovingAverageType = .simple,
        atrMovingAverage: MovingAverageType = .simple, usePrevious: Bool = true, atrFloor: Double = 0
    ) {
        precondition(period > 0, "Invariant: a Keltner channel's period is positive")
        precondition(kMultiplier.isFinite && kMultiplier >= 0, "Invariant: a Keltner channel's multiplier is finite and not negative")
        self.period = period
        self.kMultiplier = kMultiplier
        average = MovingAverage(movingAverage, period: period)
        atr = AverageTrueRange(
            period: period, movingAverage: atrMovingAverage, usePrevious: usePrevious, valueFloor: atrFloor)
    }

    /// The current ATR.
    public var atrValue: Double { atr.value }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { average.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { average.count > 0 }
    /// True once the middle average has `period` inputs.
    public var initialized: Bool { average.initialized }

    /// Adds one bar's high, low and close.
    public mutating func update(high: Double, low: Double, close: Double) {
        average.update((high + low + close) / 3)
        atr.update(high: high, low: low, close: close)
        middle = average.value
        upper = middle + kMultiplier * atr.value
        lower = middle - kMultiplier * atr.value
    }

    /// Updates with the bar's high, low and close.
    public mutating func handle(bar: Bar) {
        update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        upper = 0
        middle = 0
        lower = 0
        average.reset()
        atr.reset()
    }
}
