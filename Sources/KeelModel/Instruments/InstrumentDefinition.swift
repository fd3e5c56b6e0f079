// InstrumentDefinition: what every instrument kind shares, and the price, quantity and notional
// arithmetic on it.
//
// Rounding rules (checked against NautilusTrader's `Instrument` trait, crates/model/src/instruments/mod.rs):
// - `makePrice(Double)`: the double is read as its shortest round-trip decimal (as Nautilus does with
//   `Decimal::from_str(&value.to_string())`), rounded half-to-even to the number of significant decimals
//   of the tick (0.25 → 2, 0.50 → 1, 0.00001 → 5), then expressed at `pricePrecision`. Like Nautilus it
//   does not snap to a tick that is not a power of ten (4810.13 stays 4810.13 with tick 0.25); use
//   `nextBidPrice`/`nextAskPrice` for the grid.
// - `makeQuantity(Double, roundDown:)`: the same, at the size increment's decimals, half-to-even by default
//   and toward zero with `roundDown: true`; a positive value that rounds to zero is an error (Nautilus
//   `try_make_qty`).
// - `notionalValue`: exact integer arithmetic (Int128, 256-bit intermediate for linear contracts) and one
//   rounding, half-to-even, onto the notional currency's grid — Nautilus builds the amount as a `Decimal`
//   and `Money::from_decimal` rounds it with `Decimal::round`, which is banker's rounding.
// - `calculateBaseQuantity`: `quantity / lastPrice` rounded half-to-even to the size increment's decimals.
//
// Rules every spec satisfies (checked by the kinds' initialisers, errors name `Kind.field`):
// price/size increments positive and at the price/size precision; multiplier positive; lot size, quantity
// and notional bounds positive; min ≤ max; min/max notional in one currency; min/max price at the price
// precision; margins not negative (fees may be: rebates); inverse instruments have a base currency;
// expiring contracts expire after they activate.

public import KeelCore

/// An instrument kind: a value with an ``InstrumentSpec``.
///
/// Every kind (`CurrencyPair`, `FuturesContract`, …) and the ``Instrument`` enum conform, so the
/// accessors and arithmetic below are written once. Use the protocol generically (`some`), never as `any`.
public protocol InstrumentDefinition: Hashable, Sendable {
    /// The fields every instrument has.
    var spec: InstrumentSpec { get }
}

extension InstrumentSpec: InstrumentDefinition {
    /// The spec itself.
    @inlinable public var spec: InstrumentSpec { self }
}

// MARK: Field accessors

extension InstrumentDefinition {
    /// The instrument's id, `SYMBOL.VENUE`.
    @inlinable public var id: InstrumentId { spec.id }
    /// The venue's native symbol.
    @inlinable public var rawSymbol: Symbol { spec.rawSymbol }
    /// The venue the instrument trades on.
    @inlinable public var venue: Venue { spec.id.venue }
    /// The asset class of the underlying.
    @inlinable public var assetClass: AssetClass { spec.assetClass }
    /// The instrument class.
    @inlinable public var instrumentClass: InstrumentClass { spec.instrumentClass }
    /// The base currency, if any.
    @inlinable public var baseCurrency: Currency? { spec.baseCurrency }
    /// The quote currency.
    @inlinable public var quoteCurrency: Currency { spec.quoteCurrency }
    /// The settlement currency.
    @inlinable public var settlementCurrency: Currency { spec.settlementCurrency }
    /// True for inverse contracts.
    @inlinable public var isInverse: Bool { spec.isInverse }
    /// True if the instrument settles in a currency that is neither its base nor its quote currency.
    ///
    /// Unlike NautilusTrader, stablecoins are not treated as equal to USD here: a contract quoted in USD
    /// and settled in USDT counts as quanto, so its notional is labelled USDT (the amount is the same).
    @inlinable public var isQuanto: Bool {
        let spec = self.spec  // one copy: each `spec` read copies the whole spec out of an `Instrument`
        guard let base = spec.baseCurrency else { return false }
        return spec.settlementCurrency != base && spec.settlementCurrency != spec.quoteCurrency
    }
    /// The currency notional values and costs are expressed in: base if inverse, settlement if quanto,
    /// quote otherwise.
    @inlinable public var costCurrency: Currency {
        let spec = self.spec
        if spec.isInverse, let base = spec.baseCurrency { return base }
        return spec.isQuanto ? spec.settlementCurrency : spec.quoteCurrency
    }
    /// The number of decimals of prices.
    @inlinable public var pricePrecision: UInt8 { spec.pricePrecision }
    /// The number of decimals of quantities.
    @inlinable public var sizePrecision: UInt8 { spec.sizePrecision }
    /// The tick.
    @inlinable public var priceIncrement: Price { spec.priceIncrement }
    /// The smallest quantity step.
    @inlinable public var sizeIncrement: Quantity { spec.sizeIncrement }
    /// The contract multiplier.
    @inlinable public var multiplier: Quantity { spec.multiplier }
    /// The standard lot, if any.
    @inlinable public var lotSize: Quantity? { spec.lotSize }
    /// The smallest order quantity, if bounded.
    @inlinable public var minQuantity: Quantity? { spec.limits.minQuantity }
    /// The largest order quantity, if bounded.
    @inlinable public var maxQuantity: Quantity? { spec.limits.maxQuantity }
    /// The smallest order notional, if bounded.
    @inlinable public var minNotional: Money? { spec.limits.minNotional }
    /// The largest order notional, if bounded.
    @inlinable public var maxNotional: Money? { spec.limits.maxNotional }
    /// The lowest accepted price, if bounded.
    @inlinable public var minPrice: Price? { spec.limits.minPrice }
    /// The highest accepted price, if bounded.
    @inlinable public var maxPrice: Price? { spec.limits.maxPrice }
    /// The initial margin ratio.
    @inlinable public var marginInit: Rate { spec.marginsAndFees.marginInit }
    /// The maintenance margin ratio.
    @inlinable public var marginMaint: Rate { spec.marginsAndFees.marginMaint }
    /// The maker fee rate.
    @inlinable public var makerFee: Rate { spec.marginsAndFees.makerFee }
    /// The taker fee rate.
    @inlinable public var takerFee: Rate { spec.marginsAndFees.takerFee }
    /// When the definition was published at its source.
    @inlinable public var tsEvent: UnixNanos { spec.tsEvent }
    /// When Keel created this definition.
    @inlinable public var tsInit: UnixNanos { spec.tsInit }

    /// The number of significant decimals of the tick (0.25 → 2, 0.50 → 1, 1 → 0).
    @inlinable public var minPriceIncrementPrecision: UInt8 { significantDecimals(spec.priceIncrement.raw) }
    /// The number of significant decimals of the size increment (0.001 → 3, 1 → 0).
    @inlinable public var minSizeIncrementPrecision: UInt8 { significantDecimals(spec.sizeIncrement.raw) }
}

/// The number of decimals a raw value at scale 10^9 needs (trailing zeros dropped).
@inlinable
func significantDecimals(_ raw: Int64) -> UInt8 {
    var p = FixedPoint.maxPrecision
    while p > 0 && raw % FixedPoint.rawStep(precision: p - 1) == 0 { p -= 1 }
    return p
}

// MARK: Making prices and quantities

extension InstrumentDefinition {
    /// Returns `value` as a price of this instrument: rounded to the tick's significant decimals the way
    /// NautilusTrader 1.221.0 does (Python's `round`: half-to-even on the double's exact binary value, so
    /// 1.576165 — stored as 1.57616500000000004 — gives 1.57617), at `pricePrecision`.
    ///
    /// - Throws: `ValidationError` (field `makePrice`) for NaN, infinities and values out of range.
    public func makePrice(_ value: Double) throws(ValidationError) -> Price {
        let spec = self.spec
        let decimals = Int(spec.minPriceIncrementPrecision)
        guard let scaled = BinaryRounding.scaledRound(value, decimals: decimals) else {
            throw ValidationError(field: "makePrice", reason: "\(value) is not a finite price in range")
        }
        let (raw, overflow) = scaled.multipliedReportingOverflow(by: FixedPoint.pow10(FixedPoint.scaleDigits - decimals))
        guard !overflow else { throw ValidationError(field: "makePrice", reason: "\(value) is out of range") }
        return Price(raw: raw, precision: spec.pricePrecision)
    }

    /// Returns `price` at this instrument's precision, rounded half-to-even to the tick's significant decimals.
    @inlinable
    public func makePrice(_ price: Price) -> Price {
        makePrice(raw: price.raw)
    }

    /// Returns the price with raw value `raw` (scale 10^9) rounded half-to-even to the tick's significant
    /// decimals, at `pricePrecision`.
    @inlinable
    public func makePrice(raw: Int64) -> Price {
        let spec = self.spec
        let rounded = FixedPoint.round(raw: raw, toPrecision: spec.minPriceIncrementPrecision, rule: .toNearestOrEven)
        return Price(raw: rounded, precision: spec.pricePrecision)
    }

    /// Returns `value` as a quantity of this instrument: read as its shortest decimal text, rounded to the
    /// size increment's significant decimals (half-to-even, or toward zero if `roundDown`), at `sizePrecision`.
    ///
    /// - Throws: `ValidationError` (field `makeQuantity`) for NaN, infinities, negative values, values out
    ///   of range, and positive values that round to zero.
    public func makeQuantity(_ value: Double, roundDown: Bool = false) throws(ValidationError) -> Quantity {
        guard !(value < 0) else { throw ValidationError(field: "makeQuantity", reason: "\(value) is negative") }
        let raw: Int64
        if roundDown {
            raw = try ShortestDecimal.raw(value, decimals: minSizeIncrementPrecision, rule: .towardZero, field: "makeQuantity")
        } else {
            let decimals = Int(minSizeIncrementPrecision)
            guard let scaled = BinaryRounding.scaledRound(value, decimals: decimals) else {
                throw ValidationError(field: "makeQuantity", reason: "\(value) is not a finite quantity in range")
            }
            let (r, overflow) = scaled.multipliedReportingOverflow(by: FixedPoint.pow10(FixedPoint.scaleDigits - decimals))
            guard !overflow else { throw ValidationError(field: "makeQuantity", reason: "\(value) is out of range") }
            raw = r
        }
        guard raw > 0 || value == 0 else {
            throw ValidationError(field: "makeQuantity", reason: "\(value) rounds to zero at size increment \(spec.sizeIncrement)")
        }
        return Quantity(raw: raw, precision: spec.sizePrecision)
    }

    /// Returns `quantity` at this instrument's size precision, rounded to the size increment's significant
    /// decimals (half-to-even, or toward zero if `roundDown`). May be zero.
    @inlinable
    public func makeQuantity(_ quantity: Quantity, roundDown: Bool = false) -> Quantity {
        let spec = self.spec
        let rounded = FixedPoint.round(raw: quantity.raw, toPrecision: spec.minSizeIncrementPrecision, rule: roundDown ? .towardZero : .toNearestOrEven)
        return Quantity(raw: rounded, precision: spec.sizePrecision)
    }

    // MARK: The price grid

    /// The bid-side price `ticks` ticks below the highest grid price at or below `price`, or nil if it falls
    /// outside the instrument's price limits.
    ///
    /// With tick 0.25: `nextBidPrice(4810.13)` is 4810.00, `nextBidPrice(4810.13, ticks: 1)` is 4809.75.
    public func nextBidPrice(_ price: Price, ticks: Int64 = 0) -> Price? {
        let step = spec.priceIncrement.raw
        let (q, r) = price.raw.quotientAndRemainder(dividingBy: step)
        let floorSteps = r < 0 ? q - 1 : q
        return onGrid(steps: floorSteps - ticks)
    }

    /// The ask-side price `ticks` ticks above the lowest grid price at or above `price`, or nil if it falls
    /// outside the instrument's price limits.
    public func nextAskPrice(_ price: Price, ticks: Int64 = 0) -> Price? {
        let step = spec.priceIncrement.raw
        let (q, r) = price.raw.quotientAndRemainder(dividingBy: step)
        let ceilSteps = r > 0 ? q + 1 : q
        return onGrid(steps: ceilSteps + ticks)
    }

    func onGrid(steps: Int64) -> Price? {
        let (raw, overflow) = steps.multipliedReportingOverflow(by: spec.priceIncrement.raw)
        guard !overflow, raw != .min else { return nil }
        let price = Price(raw: raw, precision: spec.pricePrecision)
        if let lo = spec.limits.minPrice, price < lo { return nil }
        if let hi = spec.limits.maxPrice, price > hi { return nil }
        return price
    }

    // MARK: Notional

    /// The notional value of `quantity` at `price`.
    ///
    /// Linear: `quantity × multiplier × price` in the quote currency (settlement currency if quanto).
    /// Inverse: `quantity × multiplier / price` in the base currency, or — with `useQuoteForInverse` —
    /// `quantity` itself in the quote currency (an inverse contract's quantity is already a quote amount).
    /// The exact result is rounded once, half-to-even, onto the currency's grid.
    ///
    /// Traps if an inverse notional is asked at a zero price, or on overflow.
    public func notionalValue(quantity: Quantity, price: Price, useQuoteForInverse: Bool = false) -> Money {
        let spec = self.spec
        if spec.isInverse {
            if useQuoteForInverse {
                return Money(rawRounding: Int128(quantity.raw), currency: spec.quoteCurrency, rule: .toNearestOrEven)
            }
            precondition(price.raw != 0, "Invariant: an inverse notional is taken at a non-zero price")
            let currency = spec.baseCurrency!  // Validated: an inverse spec has a base currency.
            // raw result = q.raw * m.raw / p.raw; in currency steps: / (p.raw * step).
            let step = Int128(FixedPoint.rawStep(precision: currency.precision))
            let numerator = Int128(quantity.raw) * Int128(spec.multiplier.raw)
            let units = roundedQuotient(numerator, Int128(price.raw) * step)
            return Money(raw: units * step, currency: currency)
        }
        let currency = isQuanto ? spec.settlementCurrency : spec.quoteCurrency
        // raw result = q.raw * m.raw * p.raw / 10^18; in currency steps: / (10^18 * step).
        let step = Int128(FixedPoint.rawStep(precision: currency.precision))
        let qm = Int128(quantity.raw) * Int128(spec.multiplier.raw)
        let product = qm.multipliedFullWidth(by: Int128(price.raw))
        let divisor = Int128(FixedPoint.scale) * Int128(FixedPoint.scale) * step
        let (q, r) = divisor.dividingFullWidth(product)
        let units = roundHalfEven(quotient: q, remainder: r, divisor: divisor)
        return Money(raw: units * step, currency: currency)
    }

    /// The base quantity bought or sold by an order for `quantity` in quote currency at `lastPrice`:
    /// `quantity / lastPrice`, rounded half-to-even to the size increment's decimals, at `sizePrecision`.
    ///
    /// - Throws: `ValidationError` (field `lastPrice`) if `lastPrice` is not positive.
    public func calculateBaseQuantity(quantity: Quantity, lastPrice: Price) throws(ValidationError) -> Quantity {
        guard lastPrice.isPositive else {
            throw ValidationError(field: "lastPrice", reason: "\(lastPrice) is not positive; a base quantity needs a price")
        }
        let step = Int128(FixedPoint.rawStep(precision: minSizeIncrementPrecision))
        // raw result = q.raw * 10^9 / p.raw; in steps: / (p.raw * step).
        let units = roundedQuotient(Int128(quantity.raw) * Int128(FixedPoint.scale), Int128(lastPrice.raw) * step)
        guard let raw = Int64(exactly: units * step) else {
            throw ValidationError(field: "quantity", reason: "\(quantity) / \(lastPrice) is out of range")
        }
        return Quantity(raw: raw, precision: spec.sizePrecision)
    }
}

/// `numerator / denominator` rounded half-to-even.
@usableFromInline
func roundedQuotient(_ numerator: Int128, _ denominator: Int128) -> Int128 {
    let (q, r) = numerator.quotientAndRemainder(dividingBy: denominator)
    return roundHalfEven(quotient: q, remainder: r, divisor: denominator)
}

/// Adjusts a truncated quotient for half-to-even rounding given its remainder.
@usableFromInline
func roundHalfEven(quotient q: Int128, remainder r: Int128, divisor d: Int128) -> Int128 {
    FixedPoint.roundQuotient(q, remainder: r, divisor: d, rule: .toNearestOrEven)
}
