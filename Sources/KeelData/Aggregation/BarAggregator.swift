// BarAggregator: builds the bars of one INTERNAL bar type from the quotes or trades of its instrument.
//
// The DataEngine owns one aggregator per subscribed bar type, feeds it every quote (BID, ASK, MID bar
// types) or trade (LAST) of the bar type's instrument, and publishes what `onBar` receives. Behaviour
// follows NautilusTrader 1.221.0's Cython aggregators (`nautilus_trader/data/aggregation.pyx`, the code
// the reference backtest runs; the Rust port in `crates/data/src/aggregation.rs` agrees):
// - A quote feeds its bid, ask or mid price; the mid size is the truncated mean of the bid and ask
//   sizes' raw values at one more decimal (`QuoteTick.extract_size(MID)`), the mid price
//   `Price.midpoint` (one more decimal). A trade feeds its price and size.
// - Every update is stamped with its `tsInit` (the reference's builders never see `ts_event`), so tick,
//   volume and value bars carry the closing update's `tsInit` as both `tsEvent` and `tsInit`.
// - TICK: a bar every `step` accepted updates.
// - VOLUME: a bar every `step` units of size; an update that crosses the threshold is split, the part
//   that completes the bar goes into it and the rest carries on (possibly completing more bars), each
//   part at the update's price.
// - VALUE: a bar every `step` of notional (price × size, in the quote currency), split likewise.
// - Time bars: see BarAggregator+Time.swift.
//
// Design decisions:
// - One final class for every kind: the kind is a small enum switched on per update, with no protocol,
//   existential or generic parameter on the update path. Bars go out through a closure given at
//   construction and called synchronously (on the kernel thread), so the owner decides where they go.
//   Per update nothing allocates and no text is formed: precondition messages are autoclosures.
// - Exact arithmetic: volumes in raw `Int64`, notionals in `Int128` at 10^-18 (price raw × size raw), so
//   thresholds are met exactly. The reference computes value bars in `Decimal` and rounds each split
//   part to the size precision; Keel splits on the size grid (the part that completes a bar is the
//   needed size rounded to nearest, at least one grid step), so volumes always add up to the input.
// - Updates older than the last accepted one (by `tsInit`) are dropped whole and counted
//   (`droppedUpdates`). The reference drops them inside the builder, after a volume or value
//   aggregator has already started splitting them.
// - Configuration errors (EXTERNAL source, MARK prices, bad steps, no clock for time bars) throw at
//   construction, naming the bar type. Feeding the wrong input (a quote to a LAST aggregator, a trade
//   to a BID/ASK/MID one) or another instrument's data is a bug in the owner and traps.
// - Volume bars: the threshold is `step` whole units (raw `step × 10^9`), as the reference.

public import KeelCommon
import KeelCore
public import KeelModel

/// Aggregates the quotes or trades of one instrument into the bars of one internal bar type.
///
/// Create it with the bar type, the instrument's size precision (the bars' volume precision) and a bar
/// handler; time bar types also need the clock, on which the aggregator sets a timer named after the bar
/// type. Feed it with `handle(quote:)` or `handle(trade:)` as `input` says. Call `stop()` to cancel the
/// timer. Not thread-safe: it lives on the kernel thread.
public final class BarAggregator {
    /// The data an aggregator is fed.
    public enum Input: Hashable, Sendable {
        /// Quotes: bar types with BID, ASK or MID prices.
        case quotes
        /// Trades: bar types with LAST prices.
        case trades
    }

    enum Kind {
        case tick(step: Int)
        case volume(stepRaw: Int64)
        case value(stepNotional: Int128)
        case time(TimeInterval)
    }

    enum TimeInterval {
        case fixed(DurationNanos)
        case months(Int)
    }

    /// The bar type aggregated.
    public let barType: BarType
    /// Whether the aggregator is fed quotes or trades (decided by the bar type's price type).
    public let input: Input
    /// The number of updates dropped because their `tsInit` was earlier than the last accepted one.
    public private(set) var droppedUpdates = 0

    let kind: Kind
    /// `step` for a tick bar type, else 0: the quote path tests it instead of switching on `kind`.
    let tickStep: Int
    let priceType: PriceType
    // Unchecked: every access is a short update or build that ends before `onBar` runs, so the handler
    // can never overlap one (and the dynamic check cost as much as the update itself).
    @exclusivity(unchecked) var builder: BarBuilder
    let onBar: (Bar) -> Void
    /// Value bars: the notional of the bar in progress, in units of 10^-18.
    var cumulativeNotional: Int128 = 0

    // Time bars (see BarAggregator+Time.swift).
    let options: TimeBarOptions
    /// The open of the interval in progress.
    var intervalOpen: UnixNanos = .zero
    /// The close of the first interval: its bar is skipped if `skipFirstNonFullBar` applies.
    var firstClose: UnixNanos = .max
    var buildOnNextUpdate = false
    var pendingOpen: UnixNanos = .zero
    var pendingClose: UnixNanos = .zero
    var cancelTimer: (() -> Void)?
    var setMonthAlert: ((UnixNanos) throws(ClockError) -> Void)?

    /// Creates an aggregator for a tick, volume or value bar type.
    ///
    /// - Parameters:
    ///   - barType: an INTERNAL bar type.
    ///   - sizePrecision: the instrument's size precision, the precision of the bars' volume.
    ///   - onBar: receives each bar as it completes, synchronously.
    /// - Throws: `BarAggregationError` if the bar type cannot be aggregated, or is time-aggregated
    ///   (`missingClock`: use the initialiser with a clock).
    public convenience init(barType: BarType, sizePrecision: UInt8, onBar: @escaping (Bar) -> Void) throws(BarAggregationError) {
        try self.init(validating: barType, sizePrecision: sizePrecision, options: .default, onBar: onBar)
        if case .time = kind {
            throw BarAggregationError(.missingClock, barType: barType, reason: "time bars need a clock")
        }
    }

    /// Creates an aggregator for any internal bar type; a time bar type sets its timer on `clock` now.
    ///
    /// - Parameters:
    ///   - barType: an INTERNAL bar type.
    ///   - sizePrecision: the instrument's size precision, the precision of the bars' volume.
    ///   - clock: the kernel's clock; time bars close on its timer, named after the bar type.
    ///   - options: how time bars are stamped and emitted (ignored for other kinds).
    ///   - onBar: receives each bar as it completes, synchronously.
    /// - Throws: `BarAggregationError` if the bar type cannot be aggregated or the clock refuses the timer.
    public convenience init<C: Clock>(
        barType: BarType, sizePrecision: UInt8, clock: C, options: TimeBarOptions = .default,
        onBar: @escaping (Bar) -> Void
    ) throws(BarAggregationError) {
        try self.init(validating: barType, sizePrecision: sizePrecision, options: options, onBar: onBar)
        if case .time(let interval) = kind { try startTimer(on: clock, interval: interval) }
    }

    /// Creates an aggregator for a bar type of `instrument`, with its size precision.
    ///
    /// - Throws: `BarAggregationError` as `init(barType:sizePrecision:clock:options:onBar:)`, and
    ///   `instrumentMismatch` if the bar type is for another instrument.
    public convenience init<C: Clock>(
        barType: BarType, instrument: some InstrumentDefinition, clock: C, options: TimeBarOptions = .default,
        onBar: @escaping (Bar) -> Void
    ) throws(BarAggregationError) {
        guard instrument.id == barType.instrumentId else {
            throw BarAggregationError(
                .instrumentMismatch, barType: barType, reason: "the instrument given is \(instrument.id)")
        }
        try self.init(
            barType: barType, sizePrecision: instrument.spec.sizePrecision, clock: clock, options: options, onBar: onBar)
    }

    private init(
        validating barType: BarType, sizePrecision: UInt8, options: TimeBarOptions, onBar: @escaping (Bar) -> Void
    ) throws(BarAggregationError) {
        guard barType.aggregationSource == .internal else {
            throw BarAggregationError(.externalSource, barType: barType, reason: "EXTERNAL bars are built by the venue, not aggregated")
        }
        guard sizePrecision <= FixedPoint.maxPrecision else {
            throw BarAggregationError(.invalidSizePrecision, barType: barType, reason: "size precision \(sizePrecision) exceeds 9")
        }
        let spec = barType.spec
        switch spec.priceType {
        case .bid, .ask, .mid: input = .quotes
        case .last: input = .trades
        case .mark:
            throw BarAggregationError(.unsupportedPriceType, barType: barType, reason: "MARK prices are not aggregated from quotes or trades")
        }
        // BarSpecification guarantees a positive step; the guard keeps this type's own promise explicit.
        guard spec.step > 0 else {
            throw BarAggregationError(.invalidStep, barType: barType, reason: "step \(spec.step) is not positive")
        }
        let step = spec.step
        func tooLarge(_ what: String) -> BarAggregationError {
            BarAggregationError(.invalidStep, barType: barType, reason: "step \(step) is too large (\(what) overflows)")
        }
        switch spec.aggregation {
        case .tick:
            kind = .tick(step: step)
        case .volume:
            let (raw, overflow) = Int64(step).multipliedReportingOverflow(by: FixedPoint.scale)
            guard !overflow else { throw tooLarge("the volume threshold") }
            kind = .volume(stepRaw: raw)
        case .value:
            kind = .value(stepNotional: Int128(step) * Int128(FixedPoint.scale) * Int128(FixedPoint.scale))
        case .millisecond, .second, .minute, .hour, .day, .week:
            let unit: UInt64 =
                switch spec.aggregation {
                case .millisecond: UnixNanos.nanosPerMillisecond
                case .second: UnixNanos.nanosPerSecond
                case .minute: UnixNanos.nanosPerMinute
                case .hour: UnixNanos.nanosPerHour
                case .day: UnixNanos.nanosPerDay
                default: 7 * UnixNanos.nanosPerDay
                }
            let (nanos, overflow) = UInt64(step).multipliedReportingOverflow(by: unit)
            guard !overflow else { throw tooLarge("the interval") }
            kind = .time(.fixed(DurationNanos(nanos)))
        case .month:
            guard step <= 12 * 10_000 else { throw tooLarge("the interval") }
            kind = .time(.months(step))
        }
        if case .tick(let step) = kind { tickStep = step } else { tickStep = 0 }
        self.barType = barType
        self.priceType = spec.priceType
        self.builder = BarBuilder(barType: barType, sizePrecision: sizePrecision)
        self.options = options
        self.onBar = onBar
    }

    deinit { cancelTimer?() }

    /// The bar in progress (read-only).
    public var currentBar: BarBuilder { builder }

    // MARK: Updates

    /// Adds a quote's bid, ask or mid price and size (per the bar type's price type).
    ///
    /// Traps if the aggregator is fed trades (`input == .trades`) or the quote is for another instrument.
    public func handle(quote: QuoteTick) {
        precondition(
            quote.instrumentId == barType.instrumentId,
            "Invariant: bar type \(barType) aggregates its own instrument; it was fed a quote for \(quote.instrumentId)")
        handleRouted(quote: quote)
    }

    /// `handle(quote:)` for the data engine, which feeds an aggregator only the quotes of its bar type's
    /// instrument (it is attached to that instrument's route, and the route is chosen by the quote's id), so
    /// the instrument check is skipped. Inlined into the engine's `process(quote:)`: a call would copy the quote.
    ///
    /// Only the per-update work is inlined (S2: ~45 instructions per quote for a MID tick bar); building a bar
    /// and the volume, value and time kinds are calls (`completeTickBar()`, `applyOther`), which keeps the
    /// engine's frame small (building a bar inlined brought a metadata call and six stack allocations into
    /// every quote).
    @inline(__always)
    func handleRouted(quote: QuoteTick) {
        precondition(input == .quotes, "Invariant: bar type \(barType) aggregates trades; it was fed a quote")
        switch priceType {
        case .bid:
            apply(price: quote.bidPrice, sizeRaw: quote.bidSizeRaw, sizePrecision: quote.sizePrecision, tsInit: quote.tsInit)
        case .ask:
            apply(price: quote.askPrice, sizeRaw: quote.askSizeRaw, sizePrecision: quote.sizePrecision, tsInit: quote.tsInit)
        default:
            // The reference's mid size: the mean of the raw sizes, truncated, at one more decimal.
            let (sizeSum, sizeOverflow) = quote.bidSizeRaw.addingReportingOverflow(quote.askSizeRaw)
            let sizeRaw = sizeOverflow ? Self.wideMean(quote.bidSizeRaw, quote.askSizeRaw) : sizeSum / 2
            // `Price.midpoint`, its common case inlined: an even sum halves exactly (always so below
            // precision 9, where raws are multiples of 10).
            let (priceSum, priceOverflow) = quote.bidRaw.addingReportingOverflow(quote.askRaw)
            let mid =
                !priceOverflow && priceSum & 1 == 0
                ? Price(uncheckedRaw: priceSum >> 1, precision: min(quote.pricePrecision &+ 1, FixedPoint.maxPrecision))
                : Self.midpoint(quote.bidPrice, quote.askPrice)
            apply(
                price: mid, sizeRaw: sizeRaw, sizePrecision: min(quote.sizePrecision &+ 1, FixedPoint.maxPrecision),
                tsInit: quote.tsInit)
        }
    }

    /// The truncated mean of two raw sizes whose sum overflows `Int64`.
    @inline(never)
    private static func wideMean(_ a: Int64, _ b: Int64) -> Int64 { Int64((Int128(a) + Int128(b)) / 2) }

    /// `Price.midpoint` as a call, for the rare odd or overflowing sum.
    @inline(never)
    private static func midpoint(_ a: Price, _ b: Price) -> Price { Price.midpoint(a, b) }

    /// Adds a trade's price and size.
    ///
    /// Traps if the aggregator is fed quotes (`input == .quotes`) or the trade is for another instrument.
    public func handle(trade: TradeTick) {
        precondition(input == .trades, "Invariant: bar type \(barType) aggregates quotes; it was fed a trade")
        precondition(
            trade.instrumentId == barType.instrumentId,
            "Invariant: bar type \(barType) aggregates its own instrument; it was fed a trade for \(trade.instrumentId)")
        apply(price: trade.price, sizeRaw: trade.size.raw, sizePrecision: trade.size.precision, tsInit: trade.tsInit)
    }

    @inline(__always)
    private func apply(price: Price, sizeRaw: Int64, sizePrecision: UInt8, tsInit: UnixNanos) {
        guard tsInit >= builder.tsLast else { return dropUpdate() }
        guard tickStep > 0 else { return applyOther(price: price, sizeRaw: sizeRaw, sizePrecision: sizePrecision, tsInit: tsInit) }
        builder.updateInOrder(price: price, sizeRaw: sizeRaw, tsInit: tsInit)
        if builder.count == tickStep { completeTickBar() }
    }

    @inline(never)
    private func dropUpdate() { droppedUpdates += 1 }

    /// Builds and sends the tick bar the last update completed.
    @inline(never)
    private func completeTickBar() { onBar(builder.buildNow()) }

    /// `apply` for volume, value and time bars.
    @inline(never)
    private func applyOther(price: Price, sizeRaw: Int64, sizePrecision: UInt8, tsInit: UnixNanos) {
        switch kind {
        case .tick:
            preconditionFailure("Invariant: tick bars are applied inline (\(barType))")
        case .volume(let stepRaw):
            applyVolume(price: price, sizeRaw: sizeRaw, tsInit: tsInit, stepRaw: stepRaw)
        case .value(let stepNotional):
            applyValue(price: price, sizeRaw: sizeRaw, sizePrecision: sizePrecision, tsInit: tsInit, stepNotional: stepNotional)
        case .time:
            applyTime(price: price, sizeRaw: sizeRaw, tsInit: tsInit)
        }
    }

    private func applyVolume(price: Price, sizeRaw: Int64, tsInit: UnixNanos, stepRaw: Int64) {
        var remaining = sizeRaw
        while remaining > 0 {
            let missing = stepRaw - builder.volumeRaw
            if remaining < missing {
                builder.update(price: price, sizeRaw: remaining, tsInit: tsInit)
                return
            }
            builder.update(price: price, sizeRaw: missing, tsInit: tsInit)
            onBar(builder.buildNow())
            remaining -= missing
        }
    }

    private func applyValue(price: Price, sizeRaw: Int64, sizePrecision: UInt8, tsInit: UnixNanos, stepNotional: Int128) {
        var remaining = sizeRaw
        while remaining > 0 {
            let notional = Int128(price.raw) * Int128(remaining)
            let missing = stepNotional - cumulativeNotional
            if notional < missing {
                cumulativeNotional += notional
                builder.update(price: price, sizeRaw: remaining, tsInit: tsInit)
                return
            }
            // notional ≥ missing > 0, so the price is positive. The size that completes the bar, on the
            // update's size grid: missing / price rounded to nearest (ties up), at least one grid step.
            let grid = Int128(FixedPoint.rawStep(precision: sizePrecision))
            let perStep = Int128(price.raw) * grid
            var steps = (2 * missing + perStep) / (2 * perStep)
            steps = max(steps, 1)
            let part = Int64(min(steps * grid, Int128(remaining)))
            builder.update(price: price, sizeRaw: part, tsInit: tsInit)
            onBar(builder.buildNow())
            cumulativeNotional = 0
            remaining -= part
        }
    }
}
