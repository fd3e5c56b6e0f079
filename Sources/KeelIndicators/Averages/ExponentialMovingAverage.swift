// ExponentialMovingAverage and WilderMovingAverage: exponential smoothing with alpha 2/(n+1) and 1/n.
// Both share `ExponentialSmoother`, which also implements the TA-Lib seeding (`.simpleAverage`).

public import KeelModel

/// Exponential smoothing shared by the EMA and Wilder's average:
/// `value ← alpha·x + (1 − alpha)·value`, started as `seed` says.
struct ExponentialSmoother: Sendable {
    let period: Int
    let alpha: Double
    let seed: ExponentialSeed
    private(set) var value = 0.0
    private(set) var count = 0
    private var seedSum = 0.0

    init(period: Int, alpha: Double, seed: ExponentialSeed) {
        self.period = period
        self.alpha = alpha
        self.seed = seed
    }

    var initialized: Bool { count >= period }

    @inline(__always)
    mutating func update(_ input: Double) {
        count += 1
        if count == 1 {
            value = input
            seedSum = input
            return
        }
        if seed == .simpleAverage && count <= period {
            seedSum += input
            value = seedSum / Double(count)
            return
        }
        value = alpha * input + (1 - alpha) * value
    }

    mutating func reset() {
        value = 0
        count = 0
        seedSum = 0
    }
}

/// The exponential moving average: `EMA ← α·x + (1 − α)·EMA` with `α = 2 / (period + 1)`.
///
/// Seeded with the first input (NautilusTrader; `seed: .simpleAverage` gives TA-Lib's SMA seed);
/// `initialized` after `period` inputs. Bars contribute their close, trades their price, quotes the
/// price of `priceType`.
public struct ExponentialMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The period `n` of `α = 2 / (n + 1)`.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    private var smoother: ExponentialSmoother

    /// Creates an EMA; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The period, positive.
    ///   - priceType: The price a quote contributes (default mid).
    ///   - seed: How the average starts (default: the first input, as NautilusTrader).
    public init(period: Int, priceType: PriceType = .mid, seed: ExponentialSeed = .firstValue) {
        precondition(period > 0, "Invariant: an exponential moving average's period is positive")
        self.period = period
        self.priceType = priceType
        smoother = ExponentialSmoother(period: period, alpha: 2 / (Double(period) + 1), seed: seed)
    }

    /// The smoothing factor, `2 / (period + 1)`.
    public var alpha: Double { smoother.alpha }
    /// How the average starts.
    public var seed: ExponentialSeed { smoother.seed }
    /// The current average (0 before any input).
    public var value: Double { smoother.value }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { smoother.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { smoother.count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { smoother.initialized }

    /// Smooths `input` into the average.
    public mutating func update(_ input: Double) { smoother.update(input) }
    /// Updates with the bar's close.
    public mutating func handle(bar: Bar) { update(bar.close.doubleValue) }
    /// Updates with the quote's price of `priceType`.
    public mutating func handle(quote: QuoteTick) { update(quote.doubleValue(priceType)) }
    /// Updates with the trade's price.
    public mutating func handle(trade: TradeTick) { update(trade.price.doubleValue) }
    /// Returns to the freshly created state.
    public mutating func reset() { smoother.reset() }
}

/// Wilder's moving average (RMA, SMMA): `RMA ← α·x + (1 − α)·RMA` with `α = 1 / period`.
///
/// Seeded with the first input (NautilusTrader's `WilderMovingAverage`; `seed: .simpleAverage` gives
/// the SMA seed Wilder and TA-Lib use in RSI and ATR); `initialized` after `period` inputs.
public struct WilderMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The period `n` of `α = 1 / n`.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    private var smoother: ExponentialSmoother

    /// Creates a Wilder average; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The period, positive.
    ///   - priceType: The price a quote contributes (default mid).
    ///   - seed: How the average starts (default: the first input, as NautilusTrader).
    public init(period: Int, priceType: PriceType = .mid, seed: ExponentialSeed = .firstValue) {
        precondition(period > 0, "Invariant: a Wilder moving average's period is positive")
        self.period = period
        self.priceType = priceType
        smoother = ExponentialSmoother(period: period, alpha: 1 / Double(period), seed: seed)
    }

    /// The smoothing factor, `1 / period`.
    public var alpha: Double { smoother.alpha }
    /// How the average starts.
    public var seed: ExponentialSeed { smoother.seed }
    /// The current average (0 before any input).
    public var value: Double { smoother.value }
    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { smoother.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { smoother.count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { smoother.initialized }

    /// Smooths `input` into the average.
    public mutating func update(_ input: Double) { smoother.update(input) }
    /// Updates with the bar's close.
    public mutating func handle(bar: Bar) { update(bar.close.doubleValue) }
    /// Updates with the quote's price of `priceType`.
    public mutating func handle(quote: QuoteTick) { update(quote.doubleValue(priceType)) }
    /// Updates with the trade's price.
    public mutating func handle(trade: TradeTick) { update(trade.price.doubleValue) }
    /// Returns to the freshly created state.
    public mutating func reset() { smoother.reset() }
}
