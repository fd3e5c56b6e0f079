// DonchianChannel: the highest high and lowest low of the window.

public import KeelModel

/// The Donchian channel: `upper = max(high)` and `lower = min(low)` over the last `period` bars,
/// `middle = (upper + lower) / 2`.
///
/// During warm-up the channel spans the bars so far; `initialized` after `period` bars.
public struct DonchianChannel: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The highest high of the window (0 before any input).
    public private(set) var upper = 0.0
    /// The midpoint of the channel (0 before any input).
    public private(set) var middle = 0.0
    /// The lowest low of the window (0 before any input).
    public private(set) var lower = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var highs: RingBuffer
    private var lows: RingBuffer

    /// Creates a Donchian channel; traps unless `period > 0`.
    ///
    /// - Parameter period: The window length, positive.
    public init(period: Int) {
        precondition(period > 0, "Invariant: a Donchian channel's period is positive")
        self.period = period
        highs = RingBuffer(capacity: period)
        lows = RingBuffer(capacity: period)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { highs.isFull }

    /// Adds one high and low.
    ///
    /// - Complexity: O(period).
    public mutating func update(high: Double, low: Double) {
        count += 1
        highs.append(high)
        lows.append(low)
        upper = highs.max()
        lower = lows.min()
        middle = (upper + lower) / 2
    }

    /// Updates with the bar's high and low.
    public mutating func handle(bar: Bar) { update(high: bar.high.doubleValue, low: bar.low.doubleValue) }
    /// Updates with the quote's ask as high and bid as low.
    public mutating func handle(quote: QuoteTick) {
        update(high: quote.askPrice.doubleValue, low: quote.bidPrice.doubleValue)
    }
    /// Updates with the trade's price as high and low.
    public mutating func handle(trade: TradeTick) {
        let price = trade.price.doubleValue
        update(high: price, low: price)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        upper = 0
        middle = 0
        lower = 0
        count = 0
        highs.removeAll()
        lows.removeAll()
    }
}
