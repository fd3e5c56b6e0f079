// LinearRegression: a least-squares line through the last `period` inputs, x = 1 … n oldest first.

import Foundation
public import KeelModel

/// A least-squares line `y = slope·x + intercept` through the last `period` inputs at `x = 1 … n`
/// (oldest first), with its end value, angle, forecast oscillator and R².
///
/// `value` is the fitted value at the newest input, `slope·n + intercept` (TA-Lib `LINEARREG`);
/// `degree = atan(slope)` in degrees; `cfo = 100·(fitted − last) / last` (NaN if the last input is 0);
/// `r2 = 1 − SSE/SST` (NaN for a constant window). Values are computed once `period` inputs have
/// arrived (`initialized`), as NautilusTrader.
public struct LinearRegression: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The slope of the fitted line per input.
    public private(set) var slope = 0.0
    /// The fitted line at `x = 0`, one step before the oldest input.
    public private(set) var intercept = 0.0
    /// The angle of the slope in degrees.
    public private(set) var degree = 0.0
    /// The forecast oscillator, `100·(fitted − last) / last`.
    public private(set) var cfo = 0.0
    /// The coefficient of determination of the fit.
    public private(set) var r2 = 0.0
    /// The fitted value at the newest input.
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var window: RingBuffer
    private let xSum: Double
    private let xSquaredSum: Double
    private let divisor: Double

    /// Creates a regression over the last `period` inputs; traps unless `period > 1`.
    ///
    /// - Parameters:
    ///   - period: The window length, at least 2.
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, priceType: PriceType = .mid) {
        precondition(period > 1, "Invariant: a linear regression needs a period of at least 2")
        self.period = period
        self.priceType = priceType
        window = RingBuffer(capacity: period)
        let n = Double(period)
        xSum = n * (n + 1) / 2
        xSquaredSum = n * (n + 1) * (2 * n + 1) / 6
        divisor = n * xSquaredSum - xSum * xSum
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { window.isFull }

    /// Adds `input` to the window and refits the line once the window is full.
    ///
    /// - Complexity: O(period).
    public mutating func update(_ input: Double) {
        count += 1
        window.append(input)
        guard window.isFull else { return }
        let n = Double(period)
        var ySum = 0.0
        var xySum = 0.0
        for i in 0..<period {
            let y = window[i]
            ySum += y
            xySum += Double(i + 1) * y
        }
        slope = (n * xySum - xSum * ySum) / divisor
        intercept = (ySum * xSquaredSum - xSum * xySum) / divisor
        let mean = ySum / n
        var squaredErrors = 0.0
        var squaredTotal = 0.0
        for i in 0..<period {
            let y = window[i]
            let residual = slope * Double(i + 1) + intercept - y
            squaredErrors += residual * residual
            squaredTotal += (y - mean) * (y - mean)
        }
        let last = window.newest
        value = slope * n + intercept
        degree = atan(slope) * 180 / Double.pi
        cfo = last == 0 ? .nan : 100 * (value - last) / last
        r2 = squaredTotal == 0 ? .nan : 1 - squaredErrors / squaredTotal
    }

    /// Updates with the bar's close.
    public mutating func handle(bar: Bar) { update(bar.close.doubleValue) }
    /// Updates with the quote's price of `priceType`.
    public mutating func handle(quote: QuoteTick) { update(quote.doubleValue(priceType)) }
    /// Updates with the trade's price.
    public mutating func handle(trade: TradeTick) { update(trade.price.doubleValue) }

    /// Returns to the freshly created state.
    public mutating func reset() {
        slope = 0
        intercept = 0
        degree = 0
        cfo = 0
        r2 = 0
        value = 0
        count = 0
        window.removeAll()
    }
}
