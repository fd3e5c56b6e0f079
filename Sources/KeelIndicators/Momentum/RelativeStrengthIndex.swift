// RelativeStrengthIndex: Wilder's RSI on a 0...1 scale, NautilusTrader's averages.

public import KeelModel

/// The relative strength index: `RSI = 1 − 1 / (1 + avgGain / avgLoss)`, in 0...1 (NautilusTrader's
/// scale; multiply by 100 for the usual one), 1 while the average loss is 0.
///
/// Each input's change from the previous input (0 for the first) feeds a gain and a loss average of
/// kind `movingAverage` (default exponential, `α = 2 / (period + 1)`, as NautilusTrader; `.wilder`
/// with `seed: .simpleAverage` is Wilder's and TA-Lib's RSI). `initialized` after `period` inputs.
/// NautilusTrader keeps the previous input unchanged while the average loss is 0; Keel always moves it.
public struct RelativeStrengthIndex: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The period of the gain and loss averages.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current index in 0...1 (0 before any input).
    public private(set) var value = 0.0
    private var averageGain: MovingAverage
    private var averageLoss: MovingAverage
    private var previous = 0.0

    /// Creates an RSI; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The period of the averages, positive.
    ///   - movingAverage: The kind of the gain and loss averages (default exponential).
    ///   - seed: How exponential or Wilder averages start (default: the first input).
    ///   - priceType: The price a quote contributes (default mid).
    public init(
        period: Int, movingAverage: MovingAverageType = .exponential, seed: ExponentialSeed = .firstValue,
        priceType: PriceType = .mid
    ) {
        precondition(period > 0, "Invariant: a relative strength index's period is positive")
        self.period = period
        self.priceType = priceType
        averageGain = MovingAverage(movingAverage, period: period, seed: seed)
        averageLoss = MovingAverage(movingAverage, period: period, seed: seed)
    }

    /// The kind of the gain and loss averages.
    public var movingAverage: MovingAverageType { averageGain.type }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { averageGain.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { averageGain.count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { averageGain.initialized }

    /// Adds `input`: its change from the previous input goes to the gain or the loss average.
    public mutating func update(_ input: Double) {
        if !hasInputs { previous = input }
        let change = input - previous
        previous = input
        averageGain.update(change > 0 ? change : 0)
        averageLoss.update(change < 0 ? -change : 0)
        let loss = averageLoss.value
        value = loss == 0 ? 1 : 1 - 1 / (1 + averageGain.value / loss)
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
        previous = 0
        averageGain.reset()
        averageLoss.reset()
    }
}
