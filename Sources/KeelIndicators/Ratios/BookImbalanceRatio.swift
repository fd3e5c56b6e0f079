// BookImbalanceRatio: how balanced the sizes at the top of the book are.

public import KeelModel

/// The top-of-book imbalance: `ratio = min(bidSize, askSize) / max(bidSize, askSize)` of the best
/// bid and ask levels, in 0...1 (1 = balanced).
///
/// An update without both sides (or with both sizes zero) counts but leaves the value unchanged;
/// `initialized` after the first update with both sides (NautilusTrader). An L3 book's best size is
/// the level's total, where NautilusTrader uses the size of the level's first order.
public struct BookImbalanceRatio: QuoteIndicator, Sendable {
    /// The last ratio (0 before any two-sided update).
    public private(set) var value = 0.0
    /// The number of updates since creation or `reset()`.
    public private(set) var count = 0
    /// True once an update had both sides.
    public private(set) var initialized = false

    /// Creates an empty ratio.
    public init() {}

    /// True once an update has arrived.
    public var hasInputs: Bool { count > 0 }

    /// Adds the sizes at the best bid and ask; nil for a missing side.
    public mutating func update(bidSize: Double?, askSize: Double?) {
        count += 1
        guard let bidSize, let askSize else { return }
        let larger = Swift.max(bidSize, askSize)
        guard larger > 0 else { return }
        value = Swift.min(bidSize, askSize) / larger
        initialized = true
    }

    /// Updates with the book's best bid and ask sizes (level totals).
    public mutating func handle(book: OrderBook) {
        update(bidSize: book.bestBidSize?.doubleValue, askSize: book.bestAskSize?.doubleValue)
    }

    /// Updates with the quote's bid and ask sizes.
    public mutating func handle(quote: QuoteTick) {
        update(bidSize: quote.bidSize.doubleValue, askSize: quote.askSize.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        count = 0
        initialized = false
    }
}
