// EfficiencyRatio: Kaufman's efficiency ratio over a rolling window.

public import KeelModel

/// Kaufman's efficiency ratio over the last `period` inputs:
/// `ER = |x_last − x_first| / Σ |xᵢ − xᵢ₋₁|`, the net move over the sum of the moves in the window
/// (0 when nothing moved), in 0...1.
///
/// The window holds `period` inputs, so `period − 1` moves, as NautilusTrader's original (Cython)
/// definition; its Rust port never drops old inputs, which makes the ratio cumulative since the
/// first input — Keel keeps the window. `initialized` after `period` inputs; the value is 0 until
/// two inputs have arrived.
public struct EfficiencyRatio: BarIndicator, QuoteIndicator, TradeIndicator, Sendable {
    /// The window length, in inputs.
    public let period: Int
    /// The price a quote contributes (bid, ask or mid).
    public let priceType: PriceType
    /// The current ratio (0 before two inputs).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    private var inputs: RingBuffer
    private var moves: RingBuffer

    /// Creates an efficiency ratio; traps unless `period ≥ 2`.
    ///
    /// - Parameters:
    ///   - period: The window length in inputs, at least 2.
    ///   - priceType: The price a quote contributes (default mid).
    public init(period: Int, priceType: PriceType = .mid) {
        precondition(period >= 2, "Invariant: an efficiency ratio's window holds at least two inputs")
        self.period = period
        self.priceType = priceType
        inputs = RingBuffer(capacity: period)
        moves = RingBuffer(capacity: period - 1)
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `period` inputs have arrived.
    public var initialized: Bool { count >= period }

    /// Adds `input` and recomputes the ratio over the window.
    ///
    /// - Complexity: O(period).
    public mutating func update(_ input: Double) {
        count += 1
        if !inputs.isEmpty { moves.append(abs(input - inputs.newest)) }
        inputs.append(input)
        guard inputs.count >= 2 else {
            value = 0
            return
        }
        let path = moves.sum()
        value = path == 0 ? 0 : abs(inputs.newest - inputs.oldest) / path
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
        inputs.removeAll()
        moves.removeAll()
    }
}
