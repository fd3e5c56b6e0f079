// InstrumentSpec: the fields every instrument has, validated once at construction.
//
// Design decisions:
// - Instruments are values: a shared `InstrumentSpec` (this file) inside one struct per kind
//   (`CurrencyPair`, `FuturesContract`, …) that adds the kind's own fields, and an `Instrument` enum
//   with one case per kind for heterogeneous storage (the cache, the risk engine). No `any Instrument`:
//   reading a field is a switch over a closed set of cases, inlined and allocation free, and adding a
//   kind makes every exhaustive switch fail to compile until it handles the kind. Kind-generic code
//   is written once against `InstrumentDefinition` and used through `some`, never `any`.
// - Rates (margins, fees) are exact `Rate` values (Int64 at 10^-9), never `Double`.
// - Validation happens here, in the kinds' throwing initialisers, with errors that name the kind and
//   the field (`CurrencyPair.priceIncrement`). Trusted construction goes through `requireValid { }`.
// - Instruments are not on the per-event hot path (they are looked up once per order or fill), so the
//   spec's size (a few hundred bytes, inline, no heap) is not a concern; it never allocates.

public import KeelCore

/// Trading limits of an instrument: quantity, notional and price bounds, each optional.
@frozen
public struct InstrumentLimits: Hashable, Sendable {
    /// The smallest order quantity the venue accepts.
    public var minQuantity: Quantity?
    /// The largest order quantity the venue accepts.
    public var maxQuantity: Quantity?
    /// The smallest order notional the venue accepts.
    public var minNotional: Money?
    /// The largest order notional the venue accepts.
    public var maxNotional: Money?
    /// The lowest price the venue accepts.
    public var minPrice: Price?
    /// The highest price the venue accepts.
    public var maxPrice: Price?

    /// Creates limits; every bound defaults to none.
    public init(
        minQuantity: Quantity? = nil,
        maxQuantity: Quantity? = nil,
        minNotional: Money? = nil,
        maxNotional: Money? = nil,
        minPrice: Price? = nil,
        maxPrice: Price? = nil
    ) {
        self.minQuantity = minQuantity
        self.maxQuantity = maxQuantity
        self.minNotional = minNotional
        self.maxNotional = maxNotional
        self.minPrice = minPrice
        self.maxPrice = maxPrice
    }

    /// No limits.
    public static let none = InstrumentLimits()
}

/// Margin ratios and fee rates of an instrument, as exact rates.
@frozen
public struct MarginsAndFees: Hashable, Sendable {
    /// The initial margin as a fraction of notional (0.03 is 3 %); never negative.
    public var marginInit: Rate
    /// The maintenance margin as a fraction of notional; never negative.
    public var marginMaint: Rate
    /// The fee rate for fills that add liquidity; negative for a rebate.
    public var makerFee: Rate
    /// The fee rate for fills that take liquidity; negative for a rebate.
    public var takerFee: Rate

    /// Creates margins and fees; every rate defaults to zero.
    public init(marginInit: Rate = .zero, marginMaint: Rate = .zero, makerFee: Rate = .zero, takerFee: Rate = .zero) {
        self.marginInit = marginInit
        self.marginMaint = marginMaint
        self.makerFee = makerFee
        self.takerFee = takerFee
    }

    /// No margin and no fees.
    public static let zero = MarginsAndFees()
}

/// The fields every instrument has: identity, currencies, precisions, increments, limits, margins, fees.
///
/// A spec is only built by the kinds' validating initialisers (`CurrencyPair(…)`, `Equity(…)`, …), so
/// every spec satisfies the rules listed on ``InstrumentDefinition``.
@frozen
public struct InstrumentSpec: Hashable, Sendable {
    /// The instrument's id, `SYMBOL.VENUE`.
    public let id: InstrumentId
    /// The venue's native symbol (e.g. `XBTUSD` for `BTC/USD.BITMEX`).
    public let rawSymbol: Symbol
    /// The asset class of the underlying.
    public let assetClass: AssetClass
    /// The instrument class (spot, future, option …).
    public let instrumentClass: InstrumentClass
    /// The base currency (currency pairs, crypto derivatives), if the instrument has one.
    public let baseCurrency: Currency?
    /// The currency prices are quoted in.
    public let quoteCurrency: Currency
    /// The currency the instrument settles in.
    public let settlementCurrency: Currency
    /// True if the contract is inverse: its notional is `quantity × multiplier / price` in the base currency.
    public let isInverse: Bool
    /// The number of decimals of prices.
    public let pricePrecision: UInt8
    /// The number of decimals of quantities.
    public let sizePrecision: UInt8
    /// The tick: the smallest price step (at `pricePrecision`).
    public let priceIncrement: Price
    /// The smallest quantity step (at `sizePrecision`).
    public let sizeIncrement: Quantity
    /// The contract multiplier (1 for spot).
    public let multiplier: Quantity
    /// The standard trading lot, if the venue has one.
    public let lotSize: Quantity?
    /// Quantity, notional and price bounds.
    public let limits: InstrumentLimits
    /// Margin ratios and fee rates.
    public let marginsAndFees: MarginsAndFees
    /// When the definition was published at its source.
    public let tsEvent: UnixNanos
    /// When Keel created this definition.
    public let tsInit: UnixNanos

    /// Builds and validates a spec; `kind` prefixes field names in errors (`CurrencyPair.priceIncrement`).
    init(
        kind: String,
        id: InstrumentId,
        rawSymbol: Symbol,
        assetClass: AssetClass,
        instrumentClass: InstrumentClass,
        baseCurrency: Currency?,
        quoteCurrency: Currency,
        settlementCurrency: Currency,
        isInverse: Bool,
        pricePrecision: UInt8,
        priceIncrement: Price,
        sizePrecision: UInt8,
        sizeIncrement: Quantity,
        multiplier: Quantity,
        lotSize: Quantity?,
        limits: InstrumentLimits,
        marginsAndFees: MarginsAndFees,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        func fail(_ field: String, _ reason: String) -> ValidationError {
            ValidationError(field: "\(kind).\(field)", reason: reason)
        }
        guard pricePrecision <= FixedPoint.maxPrecision else { throw fail("pricePrecision", "\(pricePrecision) exceeds 9") }
        guard sizePrecision <= FixedPoint.maxPrecision else { throw fail("sizePrecision", "\(sizePrecision) exceeds 9") }
        guard priceIncrement.precision == pricePrecision else {
            throw fail("priceIncrement", "precision \(priceIncrement.precision) of \(priceIncrement) does not match pricePrecision \(pricePrecision)")
        }
        guard priceIncrement.isPositive else { throw fail("priceIncrement", "\(priceIncrement) is not positive") }
        guard sizeIncrement.precision == sizePrecision else {
            throw fail("sizeIncrement", "precision \(sizeIncrement.precision) of \(sizeIncrement) does not match sizePrecision \(sizePrecision)")
        }
        guard sizeIncrement.isPositive else { throw fail("sizeIncrement", "\(sizeIncrement) is not positive") }
        guard multiplier.isPositive else { throw fail("multiplier", "\(multiplier) is not positive") }
        if let lotSize, !lotSize.isPositive { throw fail("lotSize", "\(lotSize) is not positive") }
        if isInverse && baseCurrency == nil { throw fail("isInverse", "an inverse instrument needs a base currency") }

        if let q = limits.minQuantity, !q.isPositive { throw fail("minQuantity", "\(q) is not positive") }
        if let q = limits.maxQuantity, !q.isPositive { throw fail("maxQuantity", "\(q) is not positive") }
        if let lo = limits.minQuantity, let hi = limits.maxQuantity, lo > hi {
            throw fail("minQuantity", "\(lo) exceeds maxQuantity \(hi)")
        }
        if let m = limits.minNotional, m.raw <= 0 { throw fail("minNotional", "\(m) is not positive") }
        if let m = limits.maxNotional, m.raw <= 0 { throw fail("maxNotional", "\(m) is not positive") }
        if let lo = limits.minNotional, let hi = limits.maxNotional {
            guard lo.currency == hi.currency else {
                throw fail("minNotional", "currency \(lo.currency) differs from maxNotional's \(hi.currency)")
            }
            guard lo.raw <= hi.raw else { throw fail("minNotional", "\(lo) exceeds maxNotional \(hi)") }
        }
        if let p = limits.minPrice, p.precision != pricePrecision {
            throw fail("minPrice", "precision \(p.precision) of \(p) does not match pricePrecision \(pricePrecision)")
        }
        if let p = limits.maxPrice, p.precision != pricePrecision {
            throw fail("maxPrice", "precision \(p.precision) of \(p) does not match pricePrecision \(pricePrecision)")
        }
        if let lo = limits.minPrice, let hi = limits.maxPrice, lo > hi {
            throw fail("minPrice", "\(lo) exceeds maxPrice \(hi)")
        }
        guard !marginsAndFees.marginInit.isNegative else { throw fail("marginInit", "\(marginsAndFees.marginInit) is negative") }
        guard !marginsAndFees.marginMaint.isNegative else { throw fail("marginMaint", "\(marginsAndFees.marginMaint) is negative") }

        self.id = id
        self.rawSymbol = rawSymbol
        self.assetClass = assetClass
        self.instrumentClass = instrumentClass
        self.baseCurrency = baseCurrency
        self.quoteCurrency = quoteCurrency
        self.settlementCurrency = settlementCurrency
        self.isInverse = isInverse
        self.pricePrecision = pricePrecision
        self.sizePrecision = sizePrecision
        self.priceIncrement = priceIncrement
        self.sizeIncrement = sizeIncrement
        self.multiplier = multiplier
        self.lotSize = lotSize
        self.limits = limits
        self.marginsAndFees = marginsAndFees
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

/// Checks that a contract's activation precedes its expiration.
func validateLifetime(kind: String, activation: UnixNanos, expiration: UnixNanos) throws(ValidationError) {
    guard expiration > activation else {
        throw ValidationError(field: "\(kind).expiration", reason: "\(expiration) is not after activation \(activation)")
    }
}

/// Converts descriptive text (an ISIN, an underlying's name) to inline text, naming the field on failure.
func inlineField(_ text: String, kind: String, field: String) throws(ValidationError) -> InlineText {
    do { return try InlineText(validating: text, kind: field) } catch {
        throw ValidationError(field: "\(kind).\(field)", reason: "'\(text)' \(error.reason)")
    }
}
