// AroonOscillator: how recently the window's high and low were made.

public import KeelModel

/// The Aroon indicator over the last `period + 1` highs and lows:
/// `up = 100·(period − bars since the highest high) / period`,
/// `down = 100·(period − bars since the lowest low) / period`, `value = up − down`.
///
/// Ties go to the most recent extreme. Both lines look at the same `period + 1` inputs (TA-Lib's
/// `AROON`); NautilusTrader's down line skips the oldest low of its window and its up line takes the
/// oldest of tied highs, which Keel does not copy. Values are 0 until `initialized`, after
/// `period + 1` inputs. Quotes contribute their mid and trades their price as both high and low.
public struct AroonOscillator: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The look-back period.
    public let period: Int
    /// The up line in 0...100.
    public private(set) var aroonUp = 0.0
    /// The down line in 0...100.
    public private(set) var aroonDown = 0.0
    /// The oscillator, `aroonUp − aroonDown`, in −100...100.
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var highs: RingBuffer
    private var lows: RingBuffer

    /// Creates an Aroon indicator; traps unless `period > 0`.
    ///
    /// - Parameter period: The look-back period, positive (typically 25).
    public init(period: Int) {
        precondition(period > 0, "Invariant: an Aroon oscillator's period is positive")
        self.period = period
        highs = RingBuffer(capacity: period + 1)
        lows = RingBuffer(capacity: period + 1)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period + 1` inputs have arrived.
    public var initialized: Bool { highs.isFull }

    /// Adds one high and low and recomputes the lines once the window is full.
    ///
    /// - Complexity: O(period).
    public mutating func update(high: Double, low: Double) {
        count += 1
        highs.append(high)
        lows.append(low)
        guard highs.isFull else { return }
        var highest = -Double.infinity
        var highestAt = 0
        var lowest = Double.infinity
        var lowestAt = 0
        for i in 0...period {
            if highs[i] >= highest {
                highest = highs[i]
                highestAt = i
            }
            if lows[i] <= lowest {
                lowest = lows[i]
                lowestAt = i
            }
        }
        // Offset `period` is the newest input, so `offset` bars ago is `period − offset`.
        let p = Double(period)
        aroonUp = 100 * Double(highestAt) / p
        aroonDown = 100 * Double(lowestAt) / p
        value = aroonUp - aroonDown
    }

    /// Updates with the bar's high and low.
    public mutating func handle(bar: Bar) { update(high: bar.high.doubleValue, low: bar.low.doubleValue) }
    /// Updates with the quote's mid as high and low.
    public mutating func handle(quote: QuoteTick) {
        let mid = quote.doubleValue(.mid)
        update(high: mid, low: mid)
    }
    /// Updates with the trade's price as high and low.
    public mutating func handle(trade: TradeTick) {
        let price = trade.price.doubleValue
        update(high: price, low: price)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        aroonUp = 0
        aroonDown = 0
        value = 0
        count = 0
        highs.removeAll()
        lows.removeAll()
    }
}
