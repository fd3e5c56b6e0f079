// PortfolioFacade queries: margins, PnL, exposure and net positions, and currency conversion.
//
// - Mark-to-market prices are the reference's (`portfolio.pyx`, `_get_price`): BID for a long position, ASK
//   for a short one, else the last trade price. An instrument with no such price cannot be priced: its
//   unrealized PnL and exposure are nil, and venue totals leave it out.
// - Exposure is the signed notional (long positive, short negative) at that price, in the instrument's quote
//   currency (the base currency for inverse instruments). If the venue's account has a base currency and the
//   exposure is in another one, it is converted with the latest quote of the pair at the venue (BID for long,
//   ASK for short). Without such a quote the exposure is nil: an exposure in an unknown currency amount is not a
//   number a risk check can compare.
// - Conversion looks for a currency pair FROM/TO (rate = its price) or TO/FROM (rate = 1 / its price) among
//   the venue's cached instruments, in the order they were added; no triangulation through a third currency.
//   Results are rounded half-to-even onto the target currency's grid.
// - Realized PnL counts every position of the instrument, open or closed, and the snapshots of closed NETTING
//   positions whose ids were reused (the reference does the same), commissions in the settlement currency
//   included.

import KeelCommon
import KeelCore
public import KeelModel
import KeelCache

extension Portfolio {
    /// The account at `venue`, if any.
    public func account(for venue: Venue) -> Account? { cache.account(for: venue) }

    /// Initial margins held at `venue`, by instrument id.
    public func marginsInit(venue: Venue) -> [(InstrumentId, Money)] {
        guard let account = cache.account(for: venue), account.isMarginAccount else { return [] }
        return account.margins.sorted { $0.instrumentId < $1.instrumentId }.map { ($0.instrumentId, $0.initial) }
    }

    /// Maintenance margins held at `venue`, by instrument id.
    public func marginsMaint(venue: Venue) -> [(InstrumentId, Money)] {
        guard let account = cache.account(for: venue), account.isMarginAccount else { return [] }
        return account.margins.sorted { $0.instrumentId < $1.instrumentId }.map { ($0.instrumentId, $0.maintenance) }
    }

    /// Unrealized PnL of the open positions at `venue`, one amount per currency (by code); instruments that
    /// cannot be priced are left out.
    public func unrealizedPnls(venue: Venue) -> [Money] {
        Self.sumByCurrency(instrumentIds(venue: venue, openOnly: true).compactMap { unrealizedPnl($0) })
    }

    /// Realized PnL at `venue`, commissions included, one amount per currency (by code).
    public func realizedPnls(venue: Venue) -> [Money] {
        Self.sumByCurrency(instrumentIds(venue: venue, openOnly: false).compactMap { realizedPnl($0) })
    }

    /// Net exposure at `venue`, one amount per currency (by code); instruments that cannot be priced or
    /// converted are left out.
    public func netExposures(venue: Venue) -> [Money] {
        Self.sumByCurrency(instrumentIds(venue: venue, openOnly: true).compactMap { netExposure($0) })
    }

    /// Unrealized PnL of the open positions in `instrumentId` at their mark price, in the settlement currency;
    /// zero if there are none; nil if a position cannot be priced.
    public func unrealizedPnl(_ instrumentId: InstrumentId) -> Money? {
        let positions = cache.positionsOpen(instrumentId: instrumentId)
        guard let first = positions.first else {
            return cache.instrument(instrumentId).map { .zero(Self.settlementCurrency($0)) }
        }
        var total = Money.zero(first.settlementCurrency)
        for position in positions {
            guard let price = markPrice(position) else { return nil }
            total += position.unrealizedPnl(at: price)
        }
        return total
    }

    /// Unrealized PnL of the open positions in `instrumentId` at `price`, in the settlement currency.
    public func unrealizedPnl(_ instrumentId: InstrumentId, at price: Price) -> Money? {
        let positions = cache.positionsOpen(instrumentId: instrumentId)
        guard let first = positions.first else { return nil }
        return positions.reduce(Money.zero(first.settlementCurrency)) { $0 + $1.unrealizedPnl(at: price) }
    }

    /// Realized PnL of `instrumentId` (open and closed positions and NETTING snapshots), or nil if it never
    /// traded.
    public func realizedPnl(_ instrumentId: InstrumentId) -> Money? {
        let positions = cache.positions(instrumentId: instrumentId)
        guard let first = positions.first else { return nil }
        var total = Money.zero(first.settlementCurrency)
        for position in positions {
            total += position.realizedPnl
            for snapshot in cache.positionSnapshots(for: position.id) where snapshot.realizedPnl.currency == total.currency {
                total += snapshot.realizedPnl
            }
        }
        return total
    }

    /// Net exposure of `instrumentId`: the signed notional of its open positions at their mark price, converted
    /// to the venue account's base currency if it has one; zero if flat; nil if it cannot be priced or converted.
    public func netExposure(_ instrumentId: InstrumentId) -> Money? {
        guard let instrument = cache.instrument(instrumentId) else { return nil }
        let positions = cache.positionsOpen(instrumentId: instrumentId)
        let base = cache.account(for: instrumentId.venue)?.baseCurrency
        let notionalCurrency = instrument.isInverse ? Self.settlementCurrency(instrument) : instrument.quoteCurrency
        guard !positions.isEmpty else { return .zero(base ?? notionalCurrency) }
        var total: Money? = nil
        for position in positions {
            guard let price = markPrice(position) else { return nil }
            var notional = position.notionalValue(at: price)
            if position.isShort { notional = -notional }
            if let base, notional.currency != base {
                let rateType: PriceType = position.isLong ? .bid : .ask
                guard let converted = convert(notional, to: base, venue: instrumentId.venue, priceType: rateType) else { return nil }
                notional = converted
            }
            total = total.map { $0 + notional } ?? notional
        }
        return total
    }

    /// The net position in `instrumentId` over all strategies, as a signed raw quantity (scale 10^9).
    public func netPositionRaw(_ instrumentId: InstrumentId) -> Int64 {
        cache.netOpenQuantityRaw(instrumentId: instrumentId)
    }

    /// True if the net position in `instrumentId` is long.
    public func isNetLong(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) > 0 }
    /// True if the net position in `instrumentId` is short.
    public func isNetShort(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) < 0 }
    /// True if there is no net position in `instrumentId`.
    public func isFlat(_ instrumentId: InstrumentId) -> Bool { netPositionRaw(instrumentId) == 0 }
    /// True if there is no open position in any instrument.
    public func isCompletelyFlat() -> Bool { cache.positionsOpenCount() == 0 }

    // MARK: Prices and rates

    /// The mark price of `position`: BID if long, ASK if short, else (or if missing) the last trade price.
    func markPrice(_ position: Position) -> Price? {
        let type: PriceType = position.isLong ? .bid : position.isShort ? .ask : .last
        return cache.price(instrumentId: position.instrumentId, priceType: type)
            ?? cache.price(instrumentId: position.instrumentId, priceType: .last)
    }

    /// `amount` in `currency`, converted with the latest `priceType` quote of a pair of the two currencies at
    /// `venue`; `amount` itself if the currencies are equal; nil if no pair has a quote.
    public func convert(_ amount: Money, to currency: Currency, venue: Venue, priceType: PriceType) -> Money? {
        if amount.currency == currency { return amount }
        for instrument in cache.instruments(venue: venue) {
            guard let base = instrument.baseCurrency else { continue }
            let quote = instrument.quoteCurrency
            let direct = base == amount.currency && quote == currency
            let inverse = base == currency && quote == amount.currency
            guard direct || inverse, let price = cache.price(instrumentId: instrument.id, priceType: priceType), price.raw > 0 else {
                continue
            }
            // Money raw is at scale 10^9 like prices; divide once, half-to-even onto the target's grid.
            let step = Int128(FixedPoint.rawStep(precision: currency.precision))
            let numerator = direct ? amount.raw * Int128(price.raw) : amount.raw * Int128(FixedPoint.scale)
            let denominator = (direct ? Int128(FixedPoint.scale) : Int128(price.raw)) * step
            return Money(raw: Self.divideHalfEven(numerator, denominator) * step, currency: currency)
        }
        return nil
    }

    // MARK: Helpers

    private func instrumentIds(venue: Venue, openOnly: Bool) -> [InstrumentId] {
        let positions = openOnly ? cache.positionsOpen(venue: venue) : cache.positions(venue: venue)
        return Array(Set(positions.map(\.instrumentId))).sorted()
    }

    static func sumByCurrency(_ amounts: [Money]) -> [Money] {
        var totals: [Currency: Money] = [:]
        for amount in amounts { totals[amount.currency, default: .zero(amount.currency)] += amount }
        return totals.keys.sorted().map { totals[$0]! }
    }

    static func divideHalfEven(_ a: Int128, _ b: Int128) -> Int128 {
        FixedPoint.roundedQuotient(a, b, rule: .toNearestOrEven)
    }
}
