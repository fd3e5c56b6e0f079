// Position: the open quantity of one instrument built from fills, with its PnL.
//
// Design decisions:
// - Exact accounting. NautilusTrader keeps `avg_px_open` as an `f64`; Keel keeps the open cost basis as
//   an exact `Int128` (Σ price_raw × qty_raw, scale 10^18) so that the average entry price and realized
//   PnL carry no accumulated floating-point error. `avgPxOpen`/`avgPxClose` are exposed as `Double` for
//   statistics only; PnL is computed from the integers and rounded once, onto the settlement currency's
//   grid (ties away from zero, as `Money(Double)` does in the reference).
// - Realized PnL includes commissions paid in the settlement currency (the reference's convention: the
//   sum of realized PnL equals the change in the account balance).
// - A fill larger than the open quantity on the other side flips the position in place: the closing
//   part is realized at the fill price, the rest opens the opposite side at the fill price. Engines that
//   keep NETTING positions the reference's way (close, snapshot, reopen under the same id) split the
//   fill first with `Position.splitFlip(_:)` and take a `PositionSnapshot` of the closed position.
// - A duplicate trade id is a thrown error (venue input); a fill for another instrument traps (kernel
//   misuse).

public import KeelCore
import OrderedCollections

/// Why a fill cannot be applied to a position.
public struct PositionError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Hashable, Sendable {
        /// The trade id was already applied to this position.
        case duplicateTradeId
    }
    /// The kind of failure.
    public let code: Code
    /// What happened, naming the position and the trade.
    public let message: String

    public var description: String { message }
}

/// A position in one instrument for one strategy, built from fills.
///
/// Apply fills in the order they happened with ``apply(_:)``. The position tracks its side, quantity,
/// exact average entry price, realized PnL (commissions included) and the fills it was built from.
public final class Position {
    // MARK: Identity

    /// The position's id.
    public let id: PositionId
    /// The trader that owns it.
    public let traderId: TraderId
    /// The strategy that owns it.
    public let strategyId: StrategyId
    /// The instrument held.
    public let instrumentId: InstrumentId
    /// The account it is booked to.
    public private(set) var accountId: AccountId
    /// The order whose fill opened the position (or opened its current side after a flip).
    public private(set) var openingOrderId: ClientOrderId
    /// The order whose fill closed the position, once flat.
    public private(set) var closingOrderId: ClientOrderId?

    // MARK: Instrument facts

    /// The contract multiplier.
    public let multiplier: Quantity
    /// True for inverse instruments (PnL in the base currency).
    public let isInverse: Bool
    /// The instrument's quote currency.
    public let quoteCurrency: Currency
    /// The instrument's base currency, if any.
    public let baseCurrency: Currency?
    /// The currency PnL is settled in.
    public let settlementCurrency: Currency
    /// The instrument's price precision.
    public let pricePrecision: UInt8
    /// The instrument's size precision.
    public let sizePrecision: UInt8

    // MARK: State

    /// The side of the first fill of the current side (BUY for long, SELL for short).
    public private(set) var entry: OrderSide
    /// LONG, SHORT or FLAT.
    public private(set) var side: PositionSide
    /// The signed open quantity as a raw value (positive long, negative short), scale 10^9.
    public private(set) var signedQuantityRaw: Int64
    /// The open quantity (absolute).
    public var quantity: Quantity { Quantity(raw: Int64(signedQuantityRaw.magnitude), precision: sizePrecision) }
    /// The largest open quantity the position reached.
    public private(set) var peakQuantity: Quantity
    /// The total bought.
    public private(set) var buyQuantity: Quantity
    /// The total sold.
    public private(set) var sellQuantity: Quantity
    /// Realized PnL in the settlement currency, commissions in that currency included.
    public private(set) var realizedPnl: Money
    /// Commissions by currency, in the order the currencies first appeared.
    private var commissions: OrderedDictionary<Currency, Money>
    /// The fills applied, in order.
    public private(set) var events: [OrderFilled]
    private var tradeIds: Set<TradeId>

    /// Σ price_raw × qty_raw of the open quantity (scale 10^18).
    private var openCost: Int128
    /// Σ price_raw × qty_raw and Σ qty_raw of closing fills of the current side (for `avgPxClose`).
    private var closeValue: Int128
    private var closedQuantityRaw: Int128

    /// When the position was created.
    public let tsInit: UnixNanos
    /// When the current side was opened (the opening fill's `tsEvent`).
    public private(set) var tsOpened: UnixNanos
    /// The `tsEvent` of the last fill.
    public private(set) var tsLast: UnixNanos
    /// When the position went flat, if it is closed.
    public private(set) var tsClosed: UnixNanos?

    /// Opens a position from its first fill.
    ///
    /// - Parameters:
    ///   - instrument: the instrument's specification (multiplier, currencies, precisions).
    ///   - fill: the opening fill; its instrument must be `instrument`'s.
    ///   - positionId: the id to give the position (the fill's own `positionId` if nil; traps if both
    ///     are nil).
    public init(instrument definition: some InstrumentDefinition, fill: OrderFilled, positionId: PositionId? = nil) {
        let instrument = definition.spec
        precondition(fill.instrumentId == instrument.id, "Invariant: a position opens from a fill of its instrument")
        guard let pid = positionId ?? fill.positionId else {
            preconditionFailure("Invariant: a position has an id (from the fill or given)")
        }
        self.id = pid
        self.traderId = fill.traderId
        self.strategyId = fill.strategyId
        self.instrumentId = fill.instrumentId
        self.accountId = fill.accountId
        self.openingOrderId = fill.clientOrderId
        self.closingOrderId = nil
        self.multiplier = instrument.multiplier
        self.isInverse = instrument.isInverse
        self.quoteCurrency = instrument.quoteCurrency
        self.baseCurrency = instrument.baseCurrency
        self.settlementCurrency = instrument.isInverse ? (instrument.baseCurrency ?? instrument.settlementCurrency) : instrument.settlementCurrency
        self.pricePrecision = instrument.pricePrecision
        self.sizePrecision = instrument.sizePrecision
        self.entry = fill.orderSide
        self.side = .flat
        self.signedQuantityRaw = 0
        self.peakQuantity = .zero(precision: instrument.sizePrecision)
        self.buyQuantity = .zero(precision: instrument.sizePrecision)
        self.sellQuantity = .zero(precision: instrument.sizePrecision)
        self.realizedPnl = .zero(self.settlementCurrency)
        self.commissions = [:]
        // Room for an open and a close: most positions take two fills, and growing each collection at the
        // second cost a reallocation.
        self.events = []
        self.events.reserveCapacity(2)
        self.tradeIds = Set(minimumCapacity: 2)
        self.openCost = 0
        self.closeValue = 0
        self.closedQuantityRaw = 0
        self.tsInit = fill.tsInit
        self.tsOpened = fill.tsEvent
        self.tsLast = fill.tsEvent
        self.tsClosed = nil
        do { try apply(fill) } catch { preconditionFailure("Invariant: a new position accepts its first fill (\(error))") }
    }

    // MARK: Queries

    /// True while the position holds a quantity.
    public var isOpen: Bool { side != .flat }
    /// True once the position is flat.
    public var isClosed: Bool { side == .flat }
    /// True if long.
    public var isLong: Bool { side == .long }
    /// True if short.
    public var isShort: Bool { side == .short }
    /// How long the position was open (zero while open).
    public var durationNanos: DurationNanos {
        guard let closed = tsClosed else { return .zero }
        return closed - tsOpened
    }
    /// The trade ids applied, in order.
    public var appliedTradeIds: [TradeId] { events.map(\.tradeId) }
    /// The number of fills applied.
    public var eventCount: Int { events.count }
    /// The last fill applied.
    public var lastEvent: OrderFilled { events[events.count - 1] }

    /// The exact average entry price of the open quantity, as a price one decimal finer than the
    /// instrument's when it is not exact at that precision (nil when flat).
    public var averageOpenPrice: Price? {
        guard signedQuantityRaw != 0 else { return nil }
        let q = Int128(signedQuantityRaw.magnitude)
        let raw = Self.divideRounded(openCost, q)
        let p = min(pricePrecision + 1, FixedPoint.maxPrecision)
        return Price(raw: FixedPoint.round(raw: Int64(raw), toPrecision: p, rule: .toNearestOrAwayFromZero), precision: p)
    }

    /// The average entry price as a `Double` (0 when flat), for statistics.
    public var avgPxOpen: Double {
        guard signedQuantityRaw != 0 else { return lastOpenAverage }
        return Self.double(openCost) / Double(signedQuantityRaw.magnitude) / 1e9
    }
    private var lastOpenAverage: Double = 0

    /// The average price of the closing fills of the current side, if any, as a `Double`.
    public var avgPxClose: Double? {
        guard closedQuantityRaw > 0 else { return nil }
        return Self.double(closeValue) / Self.double(closedQuantityRaw) / 1e9
    }

    /// The return realized by the closing fills: (close − open) / open, signed for the side.
    public var realizedReturn: Double {
        guard let close = avgPxClose, avgPxOpen != 0 else { return 0 }
        let direction: Double = entry == .buy ? 1 : -1
        return (close - avgPxOpen) / avgPxOpen * direction
    }

    /// The unrealized PnL of the open quantity at `price`, in the settlement currency.
    public func unrealizedPnl(at price: Price) -> Money {
        guard signedQuantityRaw != 0 else { return .zero(settlementCurrency) }
        let q = Int128(signedQuantityRaw.magnitude)
        return Money(rawRounding: pnlRaw(closingQuantityRaw: q, closePriceRaw: Int128(price.raw), costOfClosed: openCost, long: signedQuantityRaw > 0), currency: settlementCurrency)
    }

    /// Realized plus unrealized PnL at `price`.
    public func totalPnl(at price: Price) -> Money { realizedPnl + unrealizedPnl(at: price) }

    /// The notional value of the open quantity at `price`: quantity × multiplier × price in the quote
    /// currency, or quantity × multiplier ÷ price in the base currency for inverse instruments.
    public func notionalValue(at price: Price) -> Money {
        let q = Int128(signedQuantityRaw.magnitude)
        let contracts = Self.divideRounded(q * Int128(multiplier.raw), Int128(FixedPoint.scale))
        if isInverse {
            precondition(price.raw > 0, "Invariant: an inverse notional needs a positive price")
            return Money(rawRounding: Self.divideRounded(contracts * Int128(FixedPoint.scale), Int128(price.raw)), currency: settlementCurrency)
        }
        return Money(rawRounding: Self.divideRounded(contracts * Int128(price.raw), Int128(FixedPoint.scale)), currency: quoteCurrency)
    }

    /// The commission paid in `currency`, or nil if none was.
    public func commission(in currency: Currency) -> Money? { commissions[currency] }

    /// The commissions paid, ordered by currency.
    public var commissionsByCurrency: [Money] { commissions.values.elements.sorted { $0.currency < $1.currency } }

    // MARK: Applying fills

    /// Applies a fill: updates quantity, side, average prices, realized PnL and commissions.
    ///
    /// - Throws: `PositionError` with `.duplicateTradeId` if the trade was already applied; the
    ///   position is then unchanged.
    public func apply(_ fill: OrderFilled) throws(PositionError) {
        precondition(fill.instrumentId == instrumentId, "Invariant: a fill applied to a position of its instrument (\(fill.instrumentId) vs \(instrumentId))")
        precondition(fill.lastQty.precision == sizePrecision, "Invariant: a fill's quantity has the instrument's size precision")
        guard !tradeIds.contains(fill.tradeId) else {
            throw PositionError(code: .duplicateTradeId, message: "position \(id): trade \(fill.tradeId) of order \(fill.clientOrderId) was already applied")
        }
        tradeIds.insert(fill.tradeId)
        events.append(fill)
        accountId = fill.accountId

        if let commission = fill.commission {
            commissions[commission.currency, default: .zero(commission.currency)] += commission
            if commission.currency == settlementCurrency { realizedPnl -= commission }
        }

        let q = fill.lastQty.raw
        let px = Int128(fill.lastPx.raw)
        let wasFlat = signedQuantityRaw == 0
        if fill.orderSide == .buy {
            buyQuantity += fill.lastQty
            if signedQuantityRaw < 0 {
                applyClosing(quantityRaw: min(q, Int64(signedQuantityRaw.magnitude)), priceRaw: px, long: false)
            }
        } else {
            sellQuantity += fill.lastQty
            if signedQuantityRaw > 0 {
                applyClosing(quantityRaw: min(q, signedQuantityRaw), priceRaw: px, long: true)
            }
        }
        let before = signedQuantityRaw
        let delta = fill.orderSide == .buy ? q : -q
        signedQuantityRaw += delta
        // The part of the fill that opens or adds (beyond any closing part).
        let opening: Int64
        if before == 0 || (before > 0) == (delta > 0) {
            opening = q
        } else {
            opening = max(0, q - Int64(before.magnitude))
        }
        if opening > 0 {
            if wasFlat || (before != 0 && (before > 0) != (signedQuantityRaw > 0)) {
                // Opening a new side (first fill, reopening, or a flip).
                entry = fill.orderSide
                openingOrderId = fill.clientOrderId
                tsOpened = fill.tsEvent
                tsClosed = nil
                closingOrderId = nil
                closeValue = 0
                closedQuantityRaw = 0
                openCost = 0
            }
            openCost += px * Int128(opening)
        }

        if signedQuantityRaw > 0 {
            side = .long
        } else if signedQuantityRaw < 0 {
            side = .short
        } else {
            side = .flat
            closingOrderId = fill.clientOrderId
            tsClosed = fill.tsEvent
        }
        let open = Quantity(raw: Int64(signedQuantityRaw.magnitude), precision: sizePrecision)
        if open > peakQuantity { peakQuantity = open }
        tsLast = fill.tsEvent
    }

    private func applyClosing(quantityRaw qc: Int64, priceRaw px: Int128, long: Bool) {
        let total = Int128(signedQuantityRaw.magnitude)
        let closing = Int128(qc)
        // The cost of the closed part: its share of the open cost (exact when fully closed).
        let closedCost = closing == total ? openCost : Self.divideRounded(openCost * closing, total)
        lastOpenAverage = Self.double(openCost) / Self.double(total) / 1e9
        let pnl = pnlRaw(closingQuantityRaw: closing, closePriceRaw: px, costOfClosed: closedCost, long: long)
        realizedPnl += Money(rawRounding: pnl, currency: settlementCurrency)
        openCost -= closedCost
        closeValue += px * closing
        closedQuantityRaw += closing
    }

    /// PnL (raw, scale 10^9, not yet on the currency grid) of closing `closingQuantityRaw` at
    /// `closePriceRaw` when the closed part cost `costOfClosed` (scale 10^18).
    private func pnlRaw(closingQuantityRaw q: Int128, closePriceRaw c: Int128, costOfClosed cost: Int128, long: Bool) -> Int128 {
        let direction: Int128 = long ? 1 : -1
        let scale = Int128(FixedPoint.scale)
        if isInverse {
            // q × multiplier × (1/open − 1/close), in the base currency.
            let open = Self.divideRounded(cost, q)  // average open price, raw
            let contracts = Self.divideRounded(q * Int128(multiplier.raw), scale)
            return direction * Self.divideRounded(contracts * (c - open) * scale, open * c)
        }
        // (close × q − cost) × multiplier, in the quote currency.
        let diff = Self.divideRounded(c * q - cost, scale)
        return direction * Self.divideRounded(diff * Int128(multiplier.raw), scale)
    }

    /// `value` as the nearest `Double` (ties to even): the same value as `Double(value)`, which goes through the
    /// standard library's generic integer conversion (~4,200 instructions for an `Int128`; a position event
    /// takes five). A value that fits 64 bits converts in hardware; a wider one keeps its top 64 bits with
    /// the bits below folded into the lowest (a sticky bit, so the one rounding to 53 bits is the same) and is
    /// scaled back by a power of two, which is exact.
    static func double(_ value: Int128) -> Double {
        if let narrow = Int64(exactly: value) { return Double(narrow) }
        let magnitude = value.magnitude
        let shift = 64 - magnitude.leadingZeroBitCount  // ≥ 0: the magnitude needs 64 bits or more
        var top = UInt64(truncatingIfNeeded: magnitude >> shift)
        if magnitude & ((1 << shift) - 1) != 0 { top |= 1 }
        return Double(sign: value < 0 ? .minus : .plus, exponent: shift, significand: Double(top))
    }

    /// a ÷ b rounded to nearest, ties away from zero (b ≠ 0).
    static func divideRounded(_ a: Int128, _ b: Int128) -> Int128 {
        precondition(b != 0, "Invariant: no division by zero in position accounting")
        return FixedPoint.roundedQuotient(a, b, rule: .toNearestOrAwayFromZero)
    }

    // MARK: Netting flips

    /// Splits a fill that would flip this position into the part that closes it and the part that
    /// opens the other side; nil if the fill does not flip the position.
    ///
    /// The two parts keep the fill's ids and price; the second part's trade id gets a `-2` suffix,
    /// and the commission is divided in proportion to the quantities (the remainder goes to the
    /// closing part so that the two sum to the original).
    public func splitFlip(_ fill: OrderFilled) -> (closing: OrderFilled, opening: OrderFilled)? {
        let open = Int64(signedQuantityRaw.magnitude)
        let reduces = (fill.orderSide == .buy && signedQuantityRaw < 0) || (fill.orderSide == .sell && signedQuantityRaw > 0)
        guard reduces, fill.lastQty.raw > open else { return nil }
        let closeQty = Quantity(raw: open, precision: sizePrecision)
        let openQty = fill.lastQty - closeQty
        var closeCommission: Money? = nil
        var openCommission: Money? = nil
        if let c = fill.commission {
            let share = Money(rawRounding: Self.divideRounded(c.raw * Int128(openQty.raw), Int128(fill.lastQty.raw)), currency: c.currency)
            openCommission = share
            closeCommission = c - share
        }
        func part(_ qty: Quantity, _ commission: Money?, _ tradeId: TradeId) -> OrderFilled {
            OrderFilled(
                traderId: fill.traderId, strategyId: fill.strategyId, instrumentId: fill.instrumentId,
                clientOrderId: fill.clientOrderId, venueOrderId: fill.venueOrderId, accountId: fill.accountId,
                tradeId: tradeId, orderSide: fill.orderSide, orderType: fill.orderType, lastQty: qty, lastPx: fill.lastPx,
                currency: fill.currency, liquiditySide: fill.liquiditySide, eventId: fill.eventId, tsEvent: fill.tsEvent,
                tsInit: fill.tsInit, positionId: fill.positionId, commission: commission, reconciliation: fill.reconciliation)
        }
        let secondId = TradeId(InlineText.joined(fill.tradeId.text, UInt8(ascii: "-"), InlineText("2")).map(\.string) ?? fill.tradeId.value)
        return (part(closeQty, closeCommission, fill.tradeId), part(openQty, openCommission, secondId))
    }

    /// A value copy of the position's state, e.g. to keep a closed NETTING position before its id is
    /// reused by the next one.
    public func snapshot() -> PositionSnapshot {
        PositionSnapshot(
            id: id, traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, accountId: accountId,
            openingOrderId: openingOrderId, closingOrderId: closingOrderId, entry: entry, side: side,
            quantity: quantity, peakQuantity: peakQuantity, avgPxOpen: avgPxOpen, avgPxClose: avgPxClose,
            realizedReturn: realizedReturn, realizedPnl: realizedPnl, commissions: commissionsByCurrency,
            tradeIds: appliedTradeIds, tsOpened: tsOpened, tsClosed: tsClosed, tsLast: tsLast)
    }
}

/// An immutable copy of a position's state at one moment.
public struct PositionSnapshot: Hashable, Sendable {
    public let id: PositionId
    public let traderId: TraderId
    public let strategyId: StrategyId
    public let instrumentId: InstrumentId
    public let accountId: AccountId
    public let openingOrderId: ClientOrderId
    public let closingOrderId: ClientOrderId?
    public let entry: OrderSide
    public let side: PositionSide
    public let quantity: Quantity
    public let peakQuantity: Quantity
    public let avgPxOpen: Double
    public let avgPxClose: Double?
    public let realizedReturn: Double
    public let realizedPnl: Money
    public let commissions: [Money]
    public let tradeIds: [TradeId]
    public let tsOpened: UnixNanos
    public let tsClosed: UnixNanos?
    public let tsLast: UnixNanos
}
