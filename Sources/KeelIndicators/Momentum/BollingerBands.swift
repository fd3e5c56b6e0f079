// BollingerBands: an average of the typical price with bands k population deviations away.

public import KeelModel

/// Bollinger Bands of the typical price `p = (high + low + close) / 3`:
/// `middle = MA_n(p)`, `upper = middle + k·σ`, `lower = middle − k·σ`, `σ` the population standard
/// deviation of the last `period` typical prices about `middle`.
///
/// During warm-up the bands use the inputs so far; `initialized` after `period` inputs. A quote's
/// typical price is `(ask + bid + mid) / 3`, a trade's its price (NautilusTrader).
public struct BollingerBands: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The width of the bands in standard deviations.
    public let k: Double
    /// The upper band (0 before any input).
    public private(set) var upper = 0.0
    /// The middle band, the average (0 before any input).
    public private(set) var middle = 0.0
    /// The lower band (0 before any input).
    public private(set) var lower = 0.0
    private var average: MovingAverage
    private var window: RingBuffer

    /// Creates Bollinger Bands; traps unless `period > 0` and `k` is positive and finite.
    ///
    /// - Parameters:
    ///   - period: The window length, positive (typically 20).
    ///   - k: The width in standard deviations, positive (typically 2).
    ///   - movingAverage: The kind of the middle band's average (default simple).
    public init(period: Int, k: Double, movingAverage: MovingAverageType = .simple) {
        precondition(period > 0, "Invariant: Bollinger Bands' period is positive")
        precondition(k.isFinite && k > 0, "Invariant: Bollinger Bands' k is positive and finite")
        self.period = period
        self.k = k
        average = MovingAverage(movingAverage, period: period)
        window = RingBuffer(capacity: period)
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int { average.count }
    /// True once an input has arrived.
    public var hasInputs: Bool { average.count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { window.isFull }

    /// Adds one high, low and close and recomputes the bands.
    ///
    /// - Complexity: O(period).
    public mutating func update(high: Double, low: Double, close: Double) {
        let typical = (high + low + close) / 3
        window.append(typical)
        average.update(typical)
        middle = average.value
        let deviation = window.standardDeviation(about: middle)
        upper = middle + k * deviation
        lower = middle - k * deviation
    }

    /// Updates with the bar's high, low and close.
    public mutating func handle(bar: Bar) {
        update(high: bar.high.doubleValue, low: bar.low.doubleValue, close: bar.close.doubleValue)
    }
    /// Updates with the quote's ask, bid and mid.
    public mutating func handle(quote: QuoteTick) {
        update(high: quote.askPrice.doubleValue, low: quote.bidPrice.doubleValue, close: quote.doubleValue(.mid))
    }
    /// Updates with the trade's price as high, low and close.
    public mutating func handle(trade: TradeTick) {
        let price = trade.price.doubleValue
        update(high: price, low: price, close: price)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        upper = 0
        middle = 0
        lower = 0
        average.reset()
        window.removeAll()
    }
}
