// KeelIndicators: technical indicators updated from bars, quotes, trades and order books.
//
// Design decisions:
// - Each indicator is a `public struct` with value semantics: a strategy owns it as a stored property
//   and updates it in place (`ema.handle(bar: bar)`). No class, no reference counting per update, no
//   existential: composite indicators hold their parts as concrete stored structs, and the one place
//   where the kind of a part is chosen at run time (`MovingAverage`, e.g. the average inside an ATR)
//   switches over a small enum and keeps the chosen average in an optional that is mutated in place
//   (`simple!.update(x)`), so its ring buffer stays uniquely referenced and is never copied.
// - No allocation per update in steady state: every window is a `RingBuffer` (a `[Double]` sized once
//   at init, written in place). A window scan (max, min, weighted sum, deviation) is O(period) per
//   update, as in NautilusTrader; periods are small (≤ a few hundred) and a scan of contiguous
//   doubles is cheaper than a monotonic deque's bookkeeping at those sizes.
// - Doubles, not fixed point: indicators sit at the edge of the exact domain (ARCHITECTURE.md,
//   "Domain model rules"). Inputs are converted explicitly with `Price.doubleValue`, which is the
//   correctly rounded double of the decimal price, so a Keel indicator and a Python reference that
//   parses the same decimal text see bit-identical inputs.
// - Definitions follow NautilusTrader's `crates/indicators` (EMA seeded with the first input and
//   initialized after `period` inputs; ATR a simple average of true range, the first bar's previous
//   close being its own close; RSI in 0...1; ROC over a window of `period` prices; …). Where the
//   reference has a plain bug, Keel implements the evident intent and the type's documentation says
//   so (RSI's stale previous value, the efficiency ratio's unbounded window, the spread analyzer's
//   running mean, VWAP's day boundary, Aroon's asymmetric window).
// - Common surface: `update(_:)` or `update(high:low:close:…)` for raw doubles, `handle(bar:)` /
//   `handle(quote:)` / `handle(trade:)` for Keel data, `initialized`, `hasInputs`, `count` (inputs
//   since creation or `reset()`), `reset()`. The protocols below name that surface so generic code
//   (`some BarIndicator`) can drive any of them without boxing.
// - Bugs trap: a period of zero, a negative multiplier or mismatched weights is a programmer error
//   and fails a `precondition` with an "Invariant: …" message, in release too.
// - Reference values: `Tests/KeelIndicatorsTests/Fixtures` holds vectors made once by
//   `scripts/fixtures/make_indicator_fixtures.py` from real FX and crypto data, with TA-Lib where its
//   definition is the same and with NumPy code written from the definition where it is not.

public import KeelModel

/// The state every indicator reports.
public protocol Indicator {
    /// True once the indicator has seen enough inputs for its value to be meaningful.
    var initialized: Bool { get }
    /// True once the indicator has seen at least one input.
    var hasInputs: Bool { get }
    /// The number of inputs handled since creation or the last `reset()`.
    var count: Int { get }
    /// Returns the indicator to its freshly created state, keeping its parameters and storage.
    mutating func reset()
}

/// An indicator updated from bars.
public protocol BarIndicator: Indicator {
    /// Updates the indicator with one bar.
    mutating func handle(bar: Bar)
}

/// An indicator updated from quotes.
public protocol QuoteIndicator: Indicator {
    /// Updates the indicator with one quote.
    mutating func handle(quote: QuoteTick)
}

/// An indicator updated from trades.
public protocol TradeIndicator: Indicator {
    /// Updates the indicator with one trade.
    mutating func handle(trade: TradeTick)
}

/// The kind of moving average a composite indicator uses inside.
public enum MovingAverageType: Hashable, Sendable, CaseIterable {
    /// The arithmetic mean of the window (`SimpleMovingAverage`).
    case simple
    /// Exponential smoothing with `alpha = 2 / (period + 1)` (`ExponentialMovingAverage`).
    case exponential
    /// Wilder's smoothing, `alpha = 1 / period` (`WilderMovingAverage`).
    case wilder
    /// `2·EMA − EMA(EMA)` (`DoubleExponentialMovingAverage`).
    case doubleExponential
    /// Hull's average of weighted averages (`HullMovingAverage`).
    case hull
    /// Linearly weighted mean of the window (`WeightedMovingAverage`).
    case weighted
}

/// How an exponential average (EMA, Wilder) starts before it has seen `period` inputs.
public enum ExponentialSeed: Hashable, Sendable {
    /// The first input is the first value; every later input is smoothed in (NautilusTrader).
    case firstValue
    /// Until `period` inputs have arrived the value is their simple mean, so the value at the
    /// `period`-th input is the SMA of the first `period` inputs; smoothing starts after it (TA-Lib).
    case simpleAverage
}

extension QuoteTick {
    /// The double value of the price of `priceType` (bid, ask or mid); traps for `last` and `mark`.
    @inline(__always)
    func doubleValue(_ priceType: PriceType) -> Double {
        switch priceType {
        case .bid: bidPrice.doubleValue
        case .ask: askPrice.doubleValue
        case .mid: (bidPrice.doubleValue + askPrice.doubleValue) / 2
        case .last, .mark: preconditionFailure("Invariant: a quote has bid, ask and mid prices (asked for \(priceType))")
        }
    }
}
