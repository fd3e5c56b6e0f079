// DoubleExponentialMovingAverage: Mulloy's DEMA from two first-value-seeded EMAs.

public import KeelModel

/// The double exponential moving average: `DEMA = 2·EMA(x) − EMA(EMA(x))`, both EMAs with
/// `α = 2 / (period + 1)` and seeded with their first input (NautilusTrader).
///
/// `initialized` after `period` inputs. (TA-Lib's DEMA seeds each EMA with an SMA, so its values differ.)
public struct DoubleExponentialMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The period of both EMAs.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current average (0 before any input).
    public private(set) var value = 0.0
    private var inner: ExponentialMovingAverage
    private var outer: ExponentialMovingAverage

    /// Creates a DEMA; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The period of both EMAs, positive.
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, priceType: PriceType = .mid) {
        precondition(period > 0, "Invariant: a double exponential moving average's period is positive")
        self.period = period
        self.priceType = priceType
        inner = ExponentialMovingAverage(period: period)
        outer = ExponentialMovingAverage(period: period)
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { inner.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { inner.count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { inner.count >= period }

    /// Updates both EMAs with `input` and recomputes `2·EMA − EMA(EMA)`.
    public mutating func update(_ input: Double) {
        inner.update(input)
        outer.update(inner.value)
        value = 2 * inner.value - outer.value
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
        inner.reset()
        outer.reset()
    }
}
