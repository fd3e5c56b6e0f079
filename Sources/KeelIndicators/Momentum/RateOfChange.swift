// RateOfChange: the relative change across a window of prices.

import Foundation
public import KeelModel

/// The rate of change across the last `period` inputs: `ROC = (x_last − x_first) / x_first`, or
/// `ln(x_last / x_first)` with `useLog`.
///
/// The window holds `period` inputs, so the change spans `period − 1` steps (NautilusTrader; TA-Lib's
/// `ROCP(period − 1)`); during warm-up it spans the inputs so far. `initialized` after `period` inputs.
public struct RateOfChange: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length, in inputs.
    public let period: Int
    /// True for the log return instead of the simple one.
    public let useLog: Bool
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current rate of change (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var window: RingBuffer

    /// Creates a rate of change; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - period: The window length in inputs, positive.
    ///   - useLog: Return `ln(last / first)` instead of `(last − first) / first` (default false).
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, useLog: Bool = false, priceType: PriceType = .mid) {
        precondition(period > 0, "Invariant: a rate of change's period is positive")
        self.period = period
        self.useLog = useLog
        self.priceType = priceType
        window = RingBuffer(capacity: period)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { window.isFull }

    /// Adds `input` and recomputes the change from the oldest input of the window.
    public mutating func update(_ input: Double) {
        count += 1
        window.append(input)
        let first = window.oldest
        value = useLog ? log(input / first) : (input - first) / first
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
        window.removeAll()
    }
}
