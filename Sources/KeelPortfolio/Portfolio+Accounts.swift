// Calculated accounts: balances, locks and margins after fills (NautilusTrader's `AccountsManager`,
// `accounting/manager.pyx`: `update_balances`, `update_orders`, `update_positions`).

import KeelCache
import KeelCommon
import KeelCore
import KeelModel

extension Portfolio {
    /// A fill's effect on the balances: a cash account's notional and base quantity, and commissions the
    /// position events do not carry (any commission for a cash account; one in another currency than the
    /// position's settlement currency for a margin account).
    func applyFill(_ fill: OrderFilled, account: Account, instrument: Instrument) {
        if let commission = fill.commission { account.updateCommissions(commission) }
        let side = fill.orderSide
        if account.isCashAccount {
            var amounts = account.balanceImpact(instrument: instrument, fill: fill)
            if let commission = fill.commission, !commission.isZero {
                if let same = amounts.firstIndex(where: { $0.currency == commission.currency }) {
                    amounts[same] -= commission
                } else {
                    amounts.append(-commission)
                }
            }
            if account.baseCurrency != nil {
                // Single currency: the notional (and commission) converted to the base currency, as one amount.
                var total: Money? = nil
                for amount in amounts {
                    guard let converted = convert(amount, to: account.baseCurrency!, venue: instrument.venue, priceType: Self.fillRateType(side)) else {
                        return record(account.id, "cannot calculate balance: no rate \(amount.currency)/\(account.baseCurrency!) at \(instrument.venue)")
                    }
                    total = total.map { $0 + converted } ?? converted
                }
                if let total, !total.isZero { add(total, to: account, marketOrder: fill.orderType == .market) }
            } else {
                for amount in amounts where !amount.isZero { add(amount, to: account, marketOrder: fill.orderType == .market) }
            }
        } else if let commission = fill.commission, !commission.isZero, commission.currency != Self.settlementCurrency(instrument) {
            addToBalance(account, -commission, instrument: instrument, side: side)
        }
    }

    /// The quote side used to convert a fill's amounts: BID for a sell, ASK for a buy (the reference's
    /// `_update_balance_single_currency`).
    static func fillRateType(_ side: OrderSide) -> PriceType { side == .sell ? .bid : .ask }

    /// The quote side used to convert margins and locks: BID for a buy, ASK for a sell (the reference's
    /// `_calculate_xrate_to_base`).
    static func marginRateType(_ side: OrderSide) -> PriceType { side == .buy ? .bid : .ask }

    /// The currency a position's PnL is settled in (the base currency for inverse instruments).
    static func settlementCurrency(_ instrument: Instrument) -> Currency {
        instrument.isInverse ? (instrument.baseCurrency ?? instrument.settlementCurrency) : instrument.settlementCurrency
    }

    /// Adds `amount` to a margin account's balance, converted to its base currency if it has one.
    func addToBalance(_ account: Account, _ amount: Money, instrument: Instrument, side: OrderSide) {
        var amount = amount
        if let base = account.baseCurrency, amount.currency != base {
            guard let converted = convert(amount, to: base, venue: instrument.venue, priceType: Self.fillRateType(side)) else {
                return record(account.id, "cannot calculate balance: no rate \(amount.currency)/\(base) at \(instrument.venue)")
            }
            amount = converted
        }
        add(amount, to: account, marketOrder: true)
    }

    /// Adds `amount` to the balance in its currency (creating it for a positive amount), keeping the locked
    /// part within the new total.
    private func add(_ amount: Money, to account: Account, marketOrder: Bool) {
        let currency = amount.currency
        let balance: AccountBalance
        if let current = account.balance(in: currency) {
            let total = current.total + amount
            var locked = current.locked
            if total.raw >= 0, locked > total { locked = total }
            if locked.raw < 0 { locked = .zero(currency) }
            balance = AccountBalance(total: total, locked: locked)
        } else {
            guard amount.raw > 0 else {
                return record(account.id, "cannot complete transaction: no \(currency) balance to take \(amount) from")
            }
            balance = AccountBalance(total: amount, locked: .zero(currency))
        }
        do {
            try account.updateBalance(balance)
        } catch {
            record(account.id, "cannot update balance: \(error)")
        }
    }

    /// Locks (cash) or initial margins (margin) of the open passive orders in `instrument`.
    func updateOrderMargins(account: Account, instrument: Instrument) {
        if account.isMarginAccount { return updateInitialMargins(account: account, instrument: instrument) }
        let orders = cache.ordersOpen(instrumentId: instrument.id).filter { Self.holdsMargin($0, account) }
        if account.isCashAccount {
            var locked: [Money] = []
            for order in orders {
                var amount = account.calculateBalanceLocked(
                    instrument: instrument, side: order.side, quantity: order.quantity, price: order.price ?? order.triggerPrice!)
                if let base = account.baseCurrency, amount.currency != base {
                    guard let converted = convert(amount, to: base, venue: instrument.venue, priceType: Self.marginRateType(order.side)) else {
                        pendingCalculations.insert(instrument.id)
                        return record(account.id, "cannot calculate locked balance: no rate \(amount.currency)/\(base) at \(instrument.venue)")
                    }
                    amount = converted
                }
                if let same = locked.firstIndex(where: { $0.currency == amount.currency }) {
                    locked[same] += amount
                } else {
                    locked.append(amount)
                }
            }
            account.clearBalanceLocked(instrumentId: instrument.id)
            for amount in locked.sorted(by: { $0.currency < $1.currency }) {
                account.updateBalanceLocked(instrumentId: instrument.id, locked: amount)
            }
        }
    }

    /// True if `order` locks balance or holds initial margin in `account`: a passive order with a price or trigger
    /// price that is not reduce-only, held in the account (or not yet in any).
    private static func holdsMargin(_ order: Order, _ account: Account) -> Bool {
        order.accountId.map { $0 == account.id } ?? true && order.isPassive && !order.isReduceOnly
            && (order.price != nil || order.triggerPrice != nil)
    }

    /// The initial margins of a margin account: the sum over the open orders, taken in no particular order (an
    /// integer sum; a missing rate is the same for every order of the instrument), without the sorted array of
    /// `Cache.ordersOpen(instrumentId:)`.
    private func updateInitialMargins(account: Account, instrument: Instrument) {
        let currency = account.baseCurrency ?? instrument.costCurrency
        var total = Money.zero(currency)
        var unconverted: Money? = nil
        cache.forEachOpenOrder(instrumentId: instrument.id) { order in
            guard unconverted == nil, Self.holdsMargin(order, account) else { return }
            let margin = account.calculateInitialMargin(instrument: instrument, quantity: order.quantity, price: order.price ?? order.triggerPrice!)
            guard let converted = convert(margin, to: currency, venue: instrument.venue, priceType: Self.marginRateType(order.side)) else {
                unconverted = margin
                return
            }
            total += converted
        }
        if let unconverted {
            pendingCalculations.insert(instrument.id)
            return record(account.id, "cannot calculate initial margin: no rate \(unconverted.currency)/\(currency) at \(instrument.venue)")
        }
        setMargin(account, instrument.id, initial: total, maintenance: nil)
    }

    /// The maintenance margin of the net open position in `instrument` (HEDGING legs folded in `tsOpened` order).
    func updatePositionMargins(account: Account, instrument: Instrument) {
        var positions = cache.positionsOpen(instrumentId: instrument.id)
        // Filtered and sorted only when there is something to filter or sort: S1 holds at most one position, and
        // the two steps cost two arrays per position event.
        if positions.count > 1 || positions.first.map({ $0.accountId != account.id }) == true {
            positions = positions.filter { $0.accountId == account.id }
                .sorted { ($0.tsOpened, $0.id) < ($1.tsOpened, $1.id) }
        }
        let currency = account.baseCurrency ?? instrument.costCurrency
        var netRaw: Int64 = 0
        var netCost: Int128 = 0  // Σ price_raw × qty_raw of the net open quantity
        for position in positions {
            guard let average = position.averageOpenPrice else { continue }
            // The leg's average at the instrument's precision, as the reference formats it.
            let px = Int128(instrument.makePrice(raw: FixedPoint.round(raw: average.raw, toPrecision: instrument.pricePrecision, rule: .toNearestOrEven)).raw)
            let leg = position.signedQuantityRaw
            if netRaw == 0 || (netRaw > 0) == (leg > 0) {
                netCost += px * Int128(leg.magnitude)
                netRaw += leg
            } else if leg.magnitude <= netRaw.magnitude {
                netCost -= netCost * Int128(leg.magnitude) / Int128(netRaw.magnitude)
                netRaw += leg
            } else {
                netRaw += leg
                netCost = px * Int128(netRaw.magnitude)
            }
        }
        guard netRaw != 0 else { return setMargin(account, instrument.id, initial: nil, maintenance: .zero(currency)) }
        let quantity = Quantity(raw: Int64(netRaw.magnitude), precision: instrument.sizePrecision)
        let averageRaw = netCost / Int128(netRaw.magnitude)
        let price = instrument.makePrice(raw: Int64(averageRaw))
        let margin = account.calculateMaintenanceMargin(instrument: instrument, quantity: quantity, price: price)
        guard let converted = convert(margin, to: currency, venue: instrument.venue, priceType: Self.marginRateType(netRaw > 0 ? .buy : .sell)) else {
            pendingCalculations.insert(instrument.id)
            return record(account.id, "cannot calculate maintenance margin: no rate \(margin.currency)/\(currency) at \(instrument.venue)")
        }
        setMargin(account, instrument.id, initial: nil, maintenance: converted)
    }

    /// Sets the initial and/or maintenance margin of `instrumentId`; removes the entry when both are zero.
    private func setMargin(_ account: Account, _ instrumentId: InstrumentId, initial: Money?, maintenance: Money?) {
        account.setMargin(instrumentId: instrumentId, initial: initial, maintenance: maintenance)
    }
}
