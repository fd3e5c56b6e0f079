// HullMovingAverage: Alan Hull's average of linearly weighted averages.

public import KeelModel

/// The Hull moving average: `HMA = WMA_√n(2·WMA_{n/2}(x) − WMA_n(x))` with linear weights,
/// `n/2` and `√n` rounded down and at least 1 (NautilusTrader).
///
/// Every WMA averages the inputs it has during warm-up, so the HMA has a value from the first input;
/// `initialized` after `period` inputs.
public struct HullMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The period `n`.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current average (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var half: WeightedMovingAverage
    private var full: WeightedMovingAverage
    private var root: WeightedMovingAverage

    /// Creates a Hull average; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The period `n`, positive.
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, priceType: PriceType = .mid) {
        precondition(period > 0, "Invariant: a Hull moving average's period is positive")
        self.period = period
        self.priceType = priceType
        half = WeightedMovingAverage(period: Swift.max(1, period / 2))
        full = WeightedMovingAverage(period: period)
        root = WeightedMovingAverage(period: Swift.max(1, Int(Double(period).squareRoot())))
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { count >= period }

    /// Updates the three weighted averages with `input`.
    ///
    /// - Complexity: O(period).
    public mutating func update(_ input: Double) {
        count += 1
        half.update(input)
        full.update(input)
        root.update(2 * half.value - full.value)
        value = root.value
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
        half.reset()
        full.reset()
        root.reset()
    }
}
