// BarBuilder: the open, high, low, close and volume of the bar being aggregated.
//
// Behaviour follows NautilusTrader 1.221.0's `BarBuilder` (`nautilus_trader/data/aggregation.pyx`, the
// Cython class the reference backtest runs; `crates/data/src/aggregation.rs` agrees):
// - The first update after a build sets the open; each update moves the high or low and sets the close.
// - An update whose `tsInit` is earlier than the last accepted one is ignored (not counted).
// - A bar built with no updates since the last build is flat at the last close (open = high = low =
//   close = last close, volume zero); building before any update at all is a bug and traps.
// - Volume is the sum of the update sizes' raw values (sizes may differ in precision: a mid size has one
//   more decimal than the quote's sizes), rounded to `sizePrecision` when the bar is built, as the
//   reference builds `Quantity(volume, size_precision)`.
// - `buildNow()` stamps the bar with the last update's `tsInit` for both `tsEvent` and `tsInit`: the
//   reference keeps only `ts_last = ts_init` (not the update's `ts_event`).
//
// Design decisions:
// - A struct without optionals in its storage: "no update since the last build" is `count == 0`, and
//   `close` keeps the last close after a build, so the flat bar needs no separate `lastClose` slot.
//   Every update is a few compares and adds on inline values; nothing allocates.
// - `reset()` discards the bar in progress but keeps its close as the price a later empty bar is
//   built from. (The reference keeps the close of the previous *built* bar there; the two differ only
//   after a time aggregator skips its first, partial bar, where the reference has no price at all.)

public import KeelCore
public import KeelModel

/// Accumulates the prices and sizes of one bar and builds it.
public struct BarBuilder {
    /// The bar type of the bars built.
    public let barType: BarType
    /// The precision of the built bars' volume (the instrument's size precision).
    public let sizePrecision: UInt8

    // The prices as raw values at one precision (a bar's prices have one): an update stores one word per
    // price it moves, not a raw and a precision each.
    private var openRaw: Int64 = 0
    private var highRaw: Int64 = 0
    private var lowRaw: Int64 = 0
    private var closeRaw: Int64 = 0
    /// The precision of the prices (zero before the first update).
    private var pricePrecision: UInt8 = 0
    /// The raw sum of the sizes since the last build (units of 10^-9, before rounding to `sizePrecision`).
    private(set) var volumeRaw: Int64 = 0

    /// The number of updates since the last build or reset.
    public private(set) var count: Int = 0
    /// The `tsInit` of the last accepted update (zero before the first).
    public private(set) var tsLast: UnixNanos = .zero
    /// True once the builder has accepted an update; it stays true across builds.
    public private(set) var isInitialized = false

    /// Creates an empty builder for `barType` whose bars' volume has `sizePrecision` decimals.
    ///
    /// Traps if `sizePrecision` exceeds 9.
    public init(barType: BarType, sizePrecision: UInt8) {
        precondition(sizePrecision <= FixedPoint.maxPrecision, "Invariant: a size precision is at most 9 (got \(sizePrecision))")
        self.barType = barType
        self.sizePrecision = sizePrecision
    }

    private var openPrice: Price { Price(uncheckedRaw: openRaw, precision: pricePrecision) }
    private var highPrice: Price { Price(uncheckedRaw: highRaw, precision: pricePrecision) }
    private var lowPrice: Price { Price(uncheckedRaw: lowRaw, precision: pricePrecision) }
    private var closePrice: Price { Price(uncheckedRaw: closeRaw, precision: pricePrecision) }

    /// The open of the bar in progress, if it has an update.
    public var open: Price? { count > 0 ? openPrice : nil }
    /// The high of the bar in progress, if it has an update.
    public var high: Price? { count > 0 ? highPrice : nil }
    /// The low of the bar in progress, if it has an update.
    public var low: Price? { count > 0 ? lowPrice : nil }
    /// The close of the bar in progress, if it has an update.
    public var close: Price? { count > 0 ? closePrice : nil }
    /// The close a bar with no updates is built from: the last price seen, if any.
    public var lastClose: Price? { isInitialized ? closePrice : nil }

    /// The volume of the bar in progress, rounded to `sizePrecision` (ties away from zero).
    public var volume: Quantity {
        Quantity(
            raw: FixedPoint.round(raw: volumeRaw, toPrecision: sizePrecision, rule: .toNearestOrAwayFromZero),
            precision: sizePrecision)
    }

    /// Adds a price and size to the bar in progress; returns false (and changes nothing) if `tsInit` is
    /// earlier than the last accepted update's.
    ///
    /// Traps if `price` has a different precision from the prices already in the bar.
    @discardableResult
    public mutating func update(price: Price, size: Quantity, tsInit: UnixNanos) -> Bool {
        update(price: price, sizeRaw: size.raw, tsInit: tsInit)
    }

    /// The hot-path form of `update(price:size:tsInit:)`: the size as a raw value (units of 10^-9) that
    /// the caller knows lies on a size grid and is not negative.
    @discardableResult
    mutating func update(price: Price, sizeRaw: Int64, tsInit: UnixNanos) -> Bool {
        guard tsInit >= tsLast else { return false }
        updateInOrder(price: price, sizeRaw: sizeRaw, tsInit: tsInit)
        return true
    }

    /// `update(price:sizeRaw:tsInit:)` for a caller that has checked `tsInit >= tsLast` (the aggregators drop
    /// an earlier update before it gets here).
    @inline(__always)
    mutating func updateInOrder(price: Price, sizeRaw: Int64, tsInit: UnixNanos) {
        // Prices of one precision compare as their raws. With updates in the bar the builder is initialized, so
        // the common case checks the precision without testing `isInitialized`.
        let raw = price.raw
        if count == 0 {
            if isInitialized { checkPrecision(price) }
            openRaw = raw
            highRaw = raw
            lowRaw = raw
            pricePrecision = price.precision
            isInitialized = true
        } else {
            checkPrecision(price)
            if raw > highRaw {
                highRaw = raw
            } else if raw < lowRaw {
                lowRaw = raw
            }
        }
        closeRaw = raw
        volumeRaw += sizeRaw
        count &+= 1
        tsLast = tsInit
    }

    @inline(__always)
    private func checkPrecision(_ price: Price) {
        precondition(
            price.precision == pricePrecision,
            "Invariant: a bar's prices have one precision (\(barType): \(price.precision) after \(pricePrecision))")
    }

    /// Returns the bar in progress stamped `tsEvent` and `tsInit`, and starts the next one.
    ///
    /// With no updates since the last build the bar is flat at the last close, with zero volume.
    /// Traps if the builder has never had an update (there is no price to build from).
    public mutating func build(tsEvent: UnixNanos, tsInit: UnixNanos) -> Bar {
        precondition(isInitialized, "Invariant: a bar is built after its builder's first update (\(barType))")
        if count == 0 {
            openRaw = closeRaw
            highRaw = closeRaw
            lowRaw = closeRaw
        }
        let bar = Bar(
            barType: barType, open: openPrice, high: highPrice, low: lowPrice, close: closePrice, volume: volume,
            tsEvent: tsEvent, tsInit: tsInit)
        reset()
        return bar
    }

    /// Returns the bar in progress stamped with the last update's `tsInit` (as both `tsEvent` and
    /// `tsInit`), and starts the next one. Traps like `build(tsEvent:tsInit:)`.
    public mutating func buildNow() -> Bar {
        build(tsEvent: tsLast, tsInit: tsLast)
    }

    /// Discards the bar in progress; its close (if any) stays the last close.
    public mutating func reset() {
        count = 0
        volumeRaw = 0
    }
}

extension BarBuilder: CustomStringConvertible {
    /// `BarBuilder(BAR_TYPE,open,high,low,close,volume)`, with `nil` for prices of an empty bar.
    public var description: String {
        func text(_ price: Price?) -> String { price.map { "\($0)" } ?? "nil" }
        return "BarBuilder(\(barType),\(text(open)),\(text(high)),\(text(low)),\(text(close)),\(volume))"
    }
}
