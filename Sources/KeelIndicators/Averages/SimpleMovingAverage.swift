// SimpleMovingAverage: the arithmetic mean of the last `period` inputs. A running sum gives O(1)
// updates; it is recomputed from the window once every `period` evictions so rounding drift stays
// bounded on endless streams.

public import KeelModel

/// The simple moving average: `SMA = (x₁ + … + xₙ) / n` over the last `period` inputs.
///
/// Before `period` inputs it is the mean of the inputs so far (NautilusTrader); `initialized` after
/// `period` inputs. Bars contribute their close, trades their price, quotes the price of `priceType`.
public struct SimpleMovingAverage: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current mean (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    /// True once `period` inputs have arrived.
    public private(set) var initialized = false
    private var window: RingBuffer
    private var sum = 0.0
    private var evictions = 0

    /// Creates an average of the last `period` inputs; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The window length, positive.
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, priceType: PriceType = .mid) {
        precondition(period > 0, "Invariant: a simple moving average's period is positive")
        self.period = period
        self.priceType = priceType
        window = RingBuffer(capacity: period)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }

    /// Adds `input` to the window and recomputes the mean.
    ///
    /// - Complexity: O(1) amortised.
    public mutating func update(_ input: Double) {
        count += 1
        if let dropped = window.append(input) {
            evictions += 1
            if evictions == period {
                evictions = 0
                sum = window.sum()
            } else {
                sum += input - dropped
            }
        } else {
            sum += input
        }
        value = sum / Double(window.count)
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
        sum = 0
        evictions = 0
    }
}
