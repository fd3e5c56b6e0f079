// MovingAverageConvergenceDivergence: the difference of a fast and a slow average.

public import KeelModel

/// The MACD line: `MACD = MA_fast(x) − MA_slow(x)`, both averages of kind `movingAverage` (default
/// simple, as NautilusTrader).
///
/// NautilusTrader's MACD is the line only; smooth it with an `ExponentialMovingAverage` for a signal
/// line. `initialized` once both averages are (after `slowPeriod` inputs when `fast < slow`).
public struct MovingAverageConvergenceDivergence: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The fast average's period.
    public let fastPeriod: Int
    /// The slow average's period.
    public let slowPeriod: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current MACD line (0 before any input).
    public private(set) var value = 0.0
    private var fast: MovingAverage
    private var slow: MovingAverage

    /// Creates a MACD; traps unless both periods are positive and `fastPeriod < slowPeriod`.
    ///
    /// - Parameters:
    ///   - fastPeriod: The fast average's period.
    ///   - slowPeriod: The slow average's period, above the fast one.
    ///   - movingAverage: The kind of both averages (default simple).
    ///   - priceType: The price a quote contributes (default mid).
    public init(
        fastPeriod: Int, slowPeriod: Int, movingAverage: MovingAverageType = .simple, priceType: PriceType = .mid
    ) {
        precondition(fastPeriod > 0, "Invariant: a MACD's fast period is positive")
        precondition(slowPeriod > fastPeriod, "Invariant: a MACD's slow period exceeds its fast period")
        self.fastPeriod = fastPeriod
        self.slowPeriod = slowPeriod
        self.priceType = priceType
        fast = MovingAverage(movingAverage, period: fastPeriod)
        slow = MovingAverage(movingAverage, period: slowPeriod)
    }

    /// The kind of both averages.
    public var movingAverage: MovingAverageType { fast.type }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { fast.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { fast.count > 0 }
    /// True once both averages are initialized.
    public var initialized: Bool { fast.initialized && slow.initialized }

    /// Updates both averages with `input`.
    public mutating func update(_ input: Double) {
        fast.update(input)
        slow.update(input)
        value = fast.value - slow.value
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
        fast.reset()
        slow.reset()
    }
}
