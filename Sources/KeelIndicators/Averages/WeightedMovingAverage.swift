// WeightedMovingAverage: a weighted mean of the window, newest input with the last weight.

public import KeelModel

/// The weighted moving average: `WMA = Σ wᵢ·xᵢ / Σ wᵢ` over the last `period` inputs, the newest input
/// taking the last weight (linear weights `1, 2, …, n` unless given).
///
/// Before `period` inputs the newest `k` inputs take the last `k` weights (NautilusTrader);
/// `initialized` after `period` inputs.
public struct WeightedMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The weights, oldest input first; `weights.count == period`.
    public let weights: [Double]
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current average (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    /// True once `period` inputs have arrived.
    public private(set) var initialized = false
    private var window: RingBuffer

    /// Creates a weighted average; traps unless `period > 0` and the weights (if given) are `period`
    /// finite numbers with a positive sum.
    ///
    /// - Parameters:
    ///   - period: The window length, positive.
    ///   - weights: The weights, oldest input first (default linear: `1, 2, …, period`).
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, weights: [Double]? = nil, priceType: PriceType = .mid) {
        precondition(period > 0, "Invariant: a weighted moving average's period is positive")
        let weights = weights ?? (1...period).map(Double.init)
        precondition(weights.count == period, "Invariant: a weighted moving average has one weight per period")
        precondition(weights.allSatisfy(\.isFinite), "Invariant: a weighted moving average's weights are finite")
        precondition(weights.reduce(0, +) > 0, "Invariant: a weighted moving average's weights have a positive sum")
        self.period = period
        self.weights = weights
        self.priceType = priceType
        window = RingBuffer(capacity: period)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }

    /// Adds `input` to the window and recomputes the weighted mean.
    ///
    /// - Complexity: O(period).
    public mutating func update(_ input: Double) {
        count += 1
        window.append(input)
        let n = window.count
        let firstWeight = period - n
        var weighted = 0.0
        var weightSum = 0.0
        for i in 0..<n {
            let w = weights[firstWeight + i]
            weighted += w * window[i]
            weightSum += w
        }
        value = weighted / weightSum
        if !initialized && window.isFull { initialized = true }
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
        initialized = false
        window.removeAll()
    }
}
