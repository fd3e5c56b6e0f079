// SpreadAnalyzer: the current and average bid-ask spread of one instrument's quotes.

public import KeelModel

/// The bid-ask spread of one instrument: `current = ask − bid` of the last quote and `average` the mean
/// of the last `capacity` spreads.
///
/// Quotes of other instruments are ignored (NautilusTrader). NautilusTrader's Rust analyzer keeps every
/// spread and stops updating its average (then fails) once `capacity` is reached; Keel keeps a rolling
/// window of `capacity` spreads. `initialized` once the window is full.
public struct SpreadAnalyzer: QuoteIndicator, Sendable {
    /// The number of spreads averaged.
    public let capacity: Int
    /// The instrument whose quotes are analysed.
    public let instrumentId: InstrumentId
    /// The spread of the last quote (0 before any).
    public private(set) var current = 0.0
    /// The mean of the last `capacity` spreads (0 before any).
    public private(set) var average = 0.0
    /// The number of quotes handled since creation or `reset()`.
    public private(set) var count = 0
    private var spreads: SimpleMovingAverage

    /// Creates a spread analyzer; traps unless `capacity > 0`.
    ///
    /// - Parameters:
    ///   - capacity: The number of spreads averaged, positive.
    ///   - instrumentId: The instrument whose quotes are analysed.
    public init(capacity: Int, instrumentId: InstrumentId) {
        precondition(capacity > 0, "Invariant: a spread analyzer's capacity is positive")
        self.capacity = capacity
        self.instrumentId = instrumentId
        spreads = SimpleMovingAverage(period: capacity)
    }

    /// True once a quote has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once `capacity` quotes have arrived.
    public var initialized: Bool { spreads.initialized }

    /// Adds one spread, `ask − bid` (negative for a crossed quote).
    public mutating func update(spread: Double) {
        count += 1
        current = spread
        spreads.update(spread)
        average = spreads.value
    }

    /// Updates with the quote's spread if it is for `instrumentId`.
    public mutating func handle(quote: QuoteTick) {
        guard quote.instrumentId == instrumentId else { return }
        update(spread: quote.askPrice.doubleValue - quote.bidPrice.doubleValue)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        current = 0
        average = 0
        count = 0
        spreads.reset()
    }
}
