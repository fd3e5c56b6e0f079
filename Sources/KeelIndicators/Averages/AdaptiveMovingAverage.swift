// AdaptiveMovingAverage: Kaufman's adaptive moving average (KAMA), NautilusTrader's start.

public import KeelModel

/// Kaufman's adaptive moving average:
/// `AMA ← AMA + sc·(x − AMA)` with `sc = (ER·(α_fast − α_slow) + α_slow)²`, `α = 2 / (n + 1)` and
/// `ER` the `EfficiencyRatio` over `periodEfficiencyRatio` inputs.
///
/// The first input is the first value (NautilusTrader; TA-Lib's KAMA starts later, so its warm-up
/// differs); `initialized` once the efficiency ratio is.
public struct AdaptiveMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The efficiency ratio's window, in inputs.
    public let periodEfficiencyRatio: Int
    /// The fast period.
    public let periodFast: Int
    /// The slow period.
    public let periodSlow: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current average (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var efficiencyRatio: EfficiencyRatio
    private let alphaFast: Double
    private let alphaSlow: Double

    /// Creates an adaptive average; traps unless `periodEfficiencyRatio ≥ 2` and
    /// `0 < periodFast < periodSlow`.
    ///
    /// - Parameters:
    ///   - periodEfficiencyRatio: The efficiency ratio's window (inputs), at least 2.
    ///   - periodFast: The fast period, positive (typically 2).
    ///   - periodSlow: The slow period, above the fast one (typically 30).
    ///   - priceType: The price a quote contributes (default mid).
    public init(periodEfficiencyRatio: Int, periodFast: Int, periodSlow: Int, priceType: PriceType = .mid) {
        precondition(periodFast > 0, "Invariant: an adaptive moving average's fast period is positive")
        precondition(periodSlow > periodFast, "Invariant: an adaptive moving average's slow period exceeds its fast period")
        self.periodEfficiencyRatio = periodEfficiencyRatio
        self.periodFast = periodFast
        self.periodSlow = periodSlow
        self.priceType = priceType
        efficiencyRatio = EfficiencyRatio(period: periodEfficiencyRatio)
        alphaFast = 2 / Double(periodFast + 1)
        alphaSlow = 2 / Double(periodSlow + 1)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once the efficiency ratio has `periodEfficiencyRatio` inputs.
    public var initialized: Bool { efficiencyRatio.initialized }

    /// Updates the efficiency ratio with `input` and moves the average towards it.
    ///
    /// - Complexity: O(periodEfficiencyRatio).
    public mutating func update(_ input: Double) {
        count += 1
        efficiencyRatio.update(input)
        if count == 1 {
            value = input
            return
        }
        let root = efficiencyRatio.value * (alphaFast - alphaSlow) + alphaSlow
        value += root * root * (input - value)
    }

    /// Updates with the bar's close.
    public mutating func handle(bar: Bar) { update(bar.close.doubleValue) }
    /// Updates with the quote's price of `priceType`.
    public mutating func handle(quote: QuoteTick) { update(quote.doubleValue(priceType)) }
    /// Updates with the trade's price.
    public mutating func handle(trade: TradeTick) { update(trade.price.doubleValue) }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        count = 0
        efficiencyRatio.reset()
    }
}
