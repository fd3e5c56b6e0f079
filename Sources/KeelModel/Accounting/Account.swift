// Account: a venue account's balances, margins and leverage, built from its `AccountState` events.
//
// Design decisions:
// - A final class, not a struct, for the reasons `Order` and `Position` are classes: the cache holds each
//   account once, the portfolio updates it in place on every fill and every reported state, and the risk
//   engine and strategies read the same object. A struct would be copied on each read out of the cache and
//   each write back, and two holders could silently diverge. It is not `Sendable`: it lives on the kernel
//   thread; `AccountState` events, which are values, cross threads and are what gets persisted.
// - One class for the three account types (cash, margin, betting) with the type-specific parts guarded by
//   preconditions, as `Order` is one class for nine order types: no dispatch, no existential.
// - Every collection that a report or an event can reach is ordered: balances by currency code, margins and
//   leverages by instrument id, cash locks by (instrument, currency). No hash-table iteration order escapes.
// - Exact money: margins are computed from the notional's raw `Int128` with one multiplication by the
//   margin rate, one division by the leverage (at 256-bit width) and one rounding, half-to-even, onto the
//   currency's grid. NautilusTrader divides the notional by leverage as a `Decimal` (its older code as an
//   `f64`) and rounds again when building `Money`; the single rounding here can only be closer to exact.
// - Leverage and rates are exact `Rate` values (10 is `Rate(raw: 10_000_000_000)`), never `Double`.
//
// Formulas (NautilusTrader's `StandardMarginModel` and `LeveragedMarginModel`, crates/model/src/accounts/):
// | model     | initial margin                        | maintenance margin                     |
// |-----------|---------------------------------------|----------------------------------------|
// | standard  | notional × marginInit                 | notional × marginMaint                 |
// | leveraged | notional ÷ leverage × marginInit      | notional ÷ leverage × marginMaint      |
// The notional is `InstrumentDefinition.notionalValue(quantity:price:useQuoteForInverse:)`, in the base
// currency for inverse instruments (unless `useQuoteForInverse`), else the quote (settlement if quanto).
//
// Cash accounts lock, per order: a BUY the notional (never negative), a SELL the quantity in the base
// currency (nothing if the instrument has no base currency: the venue enforces the inventory). Locks are
// kept per (instrument, currency) and summed into the balance, clamped to the total so free never goes
// below zero while the total is positive (Nautilus's graceful degradation under venue latency).

public import KeelCore
import OrderedCollections

/// How a margin account turns a notional into a margin requirement.
public enum MarginModel: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Margin is `notional × rate`; leverage is ignored (traditional brokers).
    case standard
    /// Margin is `notional ÷ leverage × rate` (crypto venues, FX simulations). NautilusTrader's default.
    case leveraged

    /// `STANDARD` or `LEVERAGED`.
    public var description: String {
        switch self {
        case .standard: "STANDARD"
        case .leveraged: "LEVERAGED"
        }
    }
}

/// An account at a venue: balances per currency, and for margin accounts leverage and margins per instrument.
///
/// Build it from its first `AccountState`; change it by applying later states (`apply(_:)`) or, when Keel
/// calculates the account itself, through the lock, margin and commission updates below.
public final class Account {
    /// The account's id, `ISSUER-NUMBER`.
    public let id: AccountId
    /// Cash, margin or betting.
    public let type: AccountType
    /// The base currency, or nil for a multi-currency account.
    public let baseCurrency: Currency?
    /// True if Keel calculates the account's state from fills rather than taking it from venue reports.
    public let isCalculated: Bool
    /// True if a cash account's balances may go negative.
    public let allowsBorrowing: Bool
    /// How margins are calculated (margin accounts).
    public let marginModel: MarginModel

    /// Every state applied, oldest first; never empty.
    public private(set) var events: [AccountState]
    /// The leverage of instruments without their own.
    public private(set) var defaultLeverage: Rate

    private var balanceByCurrency: OrderedDictionary<Currency, AccountBalance>
    private var startingByCurrency: OrderedDictionary<Currency, Money>
    private var leverageByInstrument: OrderedDictionary<InstrumentId, Rate> = [:]
    private var marginByInstrument: OrderedDictionary<InstrumentId, MarginBalance> = [:]
    private var locks: OrderedDictionary<LockKey, Money> = [:]
    private var commissionByCurrency: OrderedDictionary<Currency, Money> = [:]

    private struct LockKey: Hashable {
        let instrumentId: InstrumentId
        let currency: Currency
    }

    /// One, the leverage of an unleveraged account.
    public static let unleveraged = Rate(raw: FixedPoint.scale)

    /// Creates an account from its first state.
    ///
    /// - Parameters:
    ///   - state: The first state; it gives the id, type, base currency and starting balances.
    ///   - isCalculated: True if Keel calculates later states from fills (backtests, paper trading).
    ///   - allowsBorrowing: True if a cash account may hold negative balances.
    ///   - marginModel: How margins are calculated (default leveraged, as NautilusTrader).
    /// - Throws: `ValidationError` (field `AccountState.balances`) if a cash account without borrowing
    ///   starts with a negative balance.
    public init(
        _ state: AccountState, isCalculated: Bool = false, allowsBorrowing: Bool = false,
        marginModel: MarginModel = .leveraged
    ) throws(ValidationError) {
        id = state.accountId
        type = state.accountType
        baseCurrency = state.baseCurrency
        self.isCalculated = isCalculated
        self.allowsBorrowing = allowsBorrowing
        self.marginModel = marginModel
        defaultLeverage = Account.unleveraged
        events = []
        balanceByCurrency = [:]
        startingByCurrency = [:]
        try apply(state)
        for balance in balanceByCurrency.values { startingByCurrency[balance.currency] = balance.total }
    }

    // MARK: Applying states

    /// Applies a reported or calculated state: replaces the balance of each currency it names (and, for
    /// margin accounts, the margin of each instrument it names) and appends it to `events`.
    ///
    /// A reported state with balances clears a cash account's locks: the venue's figures already include them.
    ///
    /// - Parameter state: A state of this account (traps if its id or type differ: the kernel routed it wrong).
    /// - Throws: `ValidationError` (field `AccountState.balances`) if a cash account without borrowing would
    ///   hold a negative balance; the account is then unchanged.
    /// - Complexity: O(b + m) for b balances and m margins in `state`, O(c log c) when a new currency appears.
    public func apply(_ state: AccountState) throws(ValidationError) {
        precondition(state.accountId == id, "Invariant: an account applies its own states (\(state.accountId) applied to \(id))")
        precondition(state.accountType == type, "Invariant: an account's type does not change (\(state.accountType) applied to \(type) account \(id))")
        if type == .cash && !allowsBorrowing, let negative = state.balances.first(where: { $0.total.raw < 0 }) {
            throw ValidationError(
                field: "AccountState.balances",
                reason: "balance \(negative.total) of cash account \(id) would be negative (borrowing not allowed)")
        }
        if type == .cash && state.isReported && !state.balances.isEmpty { locks.removeAll() }
        for balance in state.balances { setBalance(balance) }
        if type == .margin {
            for margin in state.margins { marginByInstrument[margin.instrumentId] = margin }
        }
        events.append(state)
    }

    /// Appends a state the account calculated itself, made of its current `balances` and (margin accounts)
    /// `margins`: `apply(_:)` without setting each balance and margin again to the value it already has (the
    /// portfolio publishes one after most order events; S1: 32k). Traps if the state is another account's.
    ///
    /// - Throws: `ValidationError` as `apply(_:)`: a cash account without borrowing with a negative balance.
    package func applyCalculated(_ state: AccountState) throws(ValidationError) {
        precondition(
            state.accountId == id && state.accountType == type && !state.isReported,
            "Invariant: a calculated state is the account's own (\(state.accountId) applied to \(id))")
        if type == .cash && !allowsBorrowing, let negative = state.balances.first(where: { $0.total.raw < 0 }) {
            throw ValidationError(
                field: "AccountState.balances",
                reason: "balance \(negative.total) of cash account \(id) would be negative (borrowing not allowed)")
        }
        events.append(state)
    }

    private func setBalance(_ balance: AccountBalance) {
        let isNew = balanceByCurrency.updateValue(balance, forKey: balance.currency) == nil
        if isNew { balanceByCurrency.sort { $0.key < $1.key } }
    }

    // MARK: Balances

    /// The last state applied.
    public var lastEvent: AccountState { events[events.count - 1] }

    /// The balances and margins of the last state applied, read from it in place (`lastEvent` copies the
    /// whole state out).
    package var lastEventArrays: (balances: [AccountBalance], margins: [MarginBalance]) {
        let last = events.count - 1
        return (events[last].balances, events[last].margins)
    }

    /// Forgets the states whose `tsEvent` is before `cutoff`, always keeping the latest. Each state is a full
    /// snapshot, so the account's balances and margins do not change; `events` and `eventCount` then hold
    /// only the states kept.
    ///
    /// - Returns: The number of states forgotten.
    @discardableResult
    public func purgeEvents(before cutoff: UnixNanos) -> Int {
        guard events.count > 1 else { return 0 }
        let keepFrom = events.firstIndex { $0.tsEvent >= cutoff } ?? events.count - 1
        let first = min(keepFrom, events.count - 1)
        guard first > 0 else { return 0 }
        events.removeSubrange(0..<first)
        return first
    }

    /// The number of states held (applied, less those purged).
    public var eventCount: Int { events.count }
    /// True for a cash account.
    public var isCashAccount: Bool { type == .cash }
    /// True for a margin account.
    public var isMarginAccount: Bool { type == .margin }

    /// The currencies the account holds, ordered by code.
    ///
    /// - Complexity: O(c) for c currencies.
    public var currencies: [Currency] { Array(balanceByCurrency.keys) }

    /// The balances, ordered by currency code.
    ///
    /// - Complexity: O(c) for c currencies.
    public var balances: [AccountBalance] {
        // The dictionary's own array (copy on write), not a copy; none when empty: a state would keep the emptied
        // array's storage alive.
        balanceByCurrency.isEmpty ? [] : balanceByCurrency.values.elements
    }

    /// The total balances the account started with, ordered by currency code.
    ///
    /// - Complexity: O(c) for c currencies.
    public var startingBalances: [Money] { Array(startingByCurrency.values) }

    /// The balance in `currency` (the base currency if nil), or nil if the account holds none.
    ///
    /// - Complexity: O(1).
    public func balance(in currency: Currency? = nil) -> AccountBalance? {
        guard let currency = currency ?? baseCurrency else { return nil }
        return balanceByCurrency[currency]
    }

    /// The total balance in `currency` (the base currency if nil), or nil if the account holds none.
    public func balanceTotal(in currency: Currency? = nil) -> Money? { balance(in: currency)?.total }
    /// The free balance in `currency` (the base currency if nil), or nil if the account holds none.
    public func balanceFree(in currency: Currency? = nil) -> Money? { balance(in: currency)?.free }
    /// The locked balance in `currency` (the base currency if nil), or nil if the account holds none.
    public func balanceLocked(in currency: Currency? = nil) -> Money? { balance(in: currency)?.locked }

    /// Replaces the balances of the currencies given, leaving the others (for calculated accounts).
    ///
    /// - Throws: `ValidationError` (field `AccountState.balances`) if a cash account without borrowing would
    ///   hold a negative balance; the account is then unchanged.
    public func updateBalances(_ balances: [AccountBalance]) throws(ValidationError) {
        if type == .cash && !allowsBorrowing, let negative = balances.first(where: { $0.total.raw < 0 }) {
            throw ValidationError(
                field: "AccountState.balances",
                reason: "balance \(negative.total) of cash account \(id) would be negative (borrowing not allowed)")
        }
        for balance in balances { setBalance(balance) }
    }

    /// `updateBalances(_:)` for one balance, without an array to hold it (the portfolio's update after each
    /// fill and position event).
    ///
    /// - Throws: `ValidationError` as `updateBalances(_:)`.
    package func updateBalance(_ balance: AccountBalance) throws(ValidationError) {
        if type == .cash && !allowsBorrowing && balance.total.raw < 0 {
            throw ValidationError(
                field: "AccountState.balances",
                reason: "balance \(balance.total) of cash account \(id) would be negative (borrowing not allowed)")
        }
        setBalance(balance)
    }

    // MARK: Commissions

    /// Adds a commission paid (for calculated accounts).
    public func updateCommissions(_ commission: Money) {
        guard !commission.isZero else { return }
        commissionByCurrency[commission.currency, default: .zero(commission.currency)] += commission
    }

    /// The commissions paid in `currency`, or nil if none were.
    public func commission(in currency: Currency) -> Money? { commissionByCurrency[currency] }

    /// The commissions paid, ordered by the currency's first appearance.
    public var commissions: [Money] { Array(commissionByCurrency.values) }
}

// MARK: Cash accounts: locks and balance impacts

extension Account {
    /// The balance an order locks until it fills or closes: a BUY locks its notional (zero at a negative
    /// price: it would be a credit), a SELL locks its quantity in the base currency (zero in the quote
    /// currency if the instrument has no base currency: the venue then enforces the inventory).
    ///
    /// - Parameter useQuoteForInverse: Take an inverse instrument's notional in its quote currency.
    public func calculateBalanceLocked(
        instrument: some InstrumentDefinition, side: OrderSide, quantity: Quantity, price: Price,
        useQuoteForInverse: Bool = false
    ) -> Money {
        switch side {
        case .buy:
            let notional = instrument.notionalValue(quantity: quantity, price: price, useQuoteForInverse: useQuoteForInverse)
            return notional.raw < 0 ? .zero(notional.currency) : notional
        case .sell:
            guard let base = instrument.baseCurrency else { return .zero(instrument.quoteCurrency) }
            return Account.money(quantity, in: base)
        case .noOrderSide:
            preconditionFailure("Invariant: an order has a side")
        }
    }

    /// The balance changes a fill causes in a cash account: the notional paid (BUY) or received (SELL), and —
    /// for an account without a base currency — the base quantity received or delivered, base first.
    ///
    /// As NautilusTrader's `calculate_pnls`: an amount in a currency that appears twice (an inverse notional in
    /// the base currency) replaces the earlier one. Commissions are not included.
    ///
    /// - Complexity: O(1).
    public func balanceImpact(instrument: some InstrumentDefinition, fill: OrderFilled) -> [Money] {
        precondition(fill.instrumentId == instrument.id, "Invariant: a fill's balance impact is taken with its instrument")
        let notional = instrument.notionalValue(quantity: fill.lastQty, price: fill.lastPx)
        let isBuy = fill.orderSide == .buy
        var impacts: [Money] = []
        if baseCurrency == nil, let base = instrument.baseCurrency {
            let delivered = Account.money(fill.lastQty, in: base)
            impacts.append(isBuy ? delivered : -delivered)
        }
        let paid = isBuy ? -notional : notional
        if let same = impacts.firstIndex(where: { $0.currency == paid.currency }) {
            impacts[same] = paid
        } else {
            impacts.append(paid)
        }
        return impacts
    }

    /// Sets the balance `instrumentId`'s orders lock in `locked.currency` and recalculates that balance.
    ///
    /// Locks are summed per currency and clamped to a positive total, so free never goes below zero from
    /// locks alone. A lock in a currency the account holds no balance in is kept and counted once it does.
    /// Traps if `locked` is negative.
    public func updateBalanceLocked(instrumentId: InstrumentId, locked: Money) {
        precondition(locked.raw >= 0, "Invariant: a locked balance is not negative (\(locked) for \(instrumentId))")
        locks[LockKey(instrumentId: instrumentId, currency: locked.currency)] = locked
        recalculateLocked(locked.currency)
    }

    /// Clears every lock of `instrumentId` and recalculates the balances concerned.
    ///
    /// - Complexity: O(l) for l locks.
    public func clearBalanceLocked(instrumentId: InstrumentId) {
        let keys = locks.keys.filter { $0.instrumentId == instrumentId }
        for key in keys { locks.removeValue(forKey: key) }
        for key in keys { recalculateLocked(key.currency) }
    }

    private func recalculateLocked(_ currency: Currency) {
        guard let current = balanceByCurrency[currency] else { return }
        var locked = Money.zero(currency)
        for (key, amount) in locks where key.currency == currency {
            let room = current.total - locked
            locked += current.total.raw < 0 ? amount : min(amount, room.raw < 0 ? .zero(currency) : room)
        }
        balanceByCurrency[currency] = AccountBalance(total: current.total, locked: locked)
    }

    /// The quantity as money in `currency`, rounded half-to-even onto its grid.
    static func money(_ quantity: Quantity, in currency: Currency) -> Money {
        Money(rawRounding: Int128(quantity.raw), currency: currency, rule: .toNearestOrEven)
    }
}

// MARK: Margin accounts: leverage and margins

extension Account {
    /// The leverage of `instrumentId`: its own if set, else `defaultLeverage`.
    ///
    /// - Complexity: O(1).
    public func leverage(for instrumentId: InstrumentId) -> Rate { leverageByInstrument[instrumentId] ?? defaultLeverage }

    /// The instruments with their own leverage and that leverage, in the order they were set.
    public var leverages: [(instrumentId: InstrumentId, leverage: Rate)] {
        leverageByInstrument.map { (instrumentId: $0.key, leverage: $0.value) }
    }

    /// True if `instrumentId` trades at leverage 1.
    public func isUnleveraged(_ instrumentId: InstrumentId) -> Bool { leverage(for: instrumentId) == Account.unleveraged }

    /// Sets the leverage of instruments without their own.
    ///
    /// - Throws: `ValidationError` (field `Account.defaultLeverage`) if `leverage` is not positive.
    public func setDefaultLeverage(_ leverage: Rate) throws(ValidationError) {
        guard leverage.raw > 0 else {
            throw ValidationError(field: "Account.defaultLeverage", reason: "\(leverage) is not positive")
        }
        defaultLeverage = leverage
    }

    /// Sets the leverage of `instrumentId`.
    ///
    /// - Throws: `ValidationError` (field `Account.leverage`) if `leverage` is not positive.
    public func setLeverage(_ leverage: Rate, for instrumentId: InstrumentId) throws(ValidationError) {
        guard leverage.raw > 0 else {
            throw ValidationError(field: "Account.leverage", reason: "\(leverage) for \(instrumentId) is not positive")
        }
        leverageByInstrument[instrumentId] = leverage
    }

    /// The margins held, one per instrument, in the order the instruments first got one.
    ///
    /// - Complexity: O(m) for m instruments.
    public var margins: [MarginBalance] {
        // As `balances`: S1's margins empty and refill ~20k times, and each state would keep an empty buffer.
        marginByInstrument.isEmpty ? [] : marginByInstrument.values.elements
    }

    /// The margin held for `instrumentId`, or nil if none.
    public func margin(for instrumentId: InstrumentId) -> MarginBalance? { marginByInstrument[instrumentId] }

    /// The initial margin held for `instrumentId`, or nil if none.
    public func initialMargin(for instrumentId: InstrumentId) -> Money? { marginByInstrument[instrumentId]?.initial }

    /// The maintenance margin held for `instrumentId`, or nil if none.
    public func maintenanceMargin(for instrumentId: InstrumentId) -> Money? { marginByInstrument[instrumentId]?.maintenance }

    /// Sets the initial margin of `instrumentId`'s open orders and recalculates the balance in its currency.
    ///
    /// Traps on a cash account, or if the amount is negative or in another currency than the instrument's
    /// maintenance margin.
    public func updateInitialMargin(instrumentId: InstrumentId, margin: Money) {
        precondition(type == .margin, "Invariant: margins are held by margin accounts (\(id) is \(type))")
        let maintenance = marginByInstrument[instrumentId]?.maintenance ?? .zero(margin.currency)
        marginByInstrument[instrumentId] = MarginBalance(initial: margin, maintenance: maintenance, instrumentId: instrumentId)
        recalculateMargined(margin.currency)
    }

    /// Sets the maintenance margin of `instrumentId`'s open position and recalculates the balance in its
    /// currency.
    ///
    /// Traps on a cash account, or if the amount is negative or in another currency than the instrument's
    /// initial margin.
    public func updateMaintenanceMargin(instrumentId: InstrumentId, margin: Money) {
        precondition(type == .margin, "Invariant: margins are held by margin accounts (\(id) is \(type))")
        let initial = marginByInstrument[instrumentId]?.initial ?? .zero(margin.currency)
        marginByInstrument[instrumentId] = MarginBalance(initial: initial, maintenance: margin, instrumentId: instrumentId)
        recalculateMargined(margin.currency)
    }

    /// Sets the initial and maintenance margins of `instrumentId` at once and recalculates the balance in their
    /// currency: `updateInitialMargin` then `updateMaintenanceMargin`, with one lookup and one recalculation.
    ///
    /// Traps on a cash account, or if an amount is negative or the two are in different currencies.
    public func updateMargin(instrumentId: InstrumentId, initial: Money, maintenance: Money) {
        precondition(type == .margin, "Invariant: margins are held by margin accounts (\(id) is \(type))")
        let margin = MarginBalance(initial: initial, maintenance: maintenance, instrumentId: instrumentId)
        // One hash of the 64-byte id: an instrument's margin is found once and replaced in place (S1 replaces
        // one margin after most order events), or appended.
        if let index = marginByInstrument.index(forKey: instrumentId) {
            if marginByInstrument.values[index] != margin { marginByInstrument.values[index] = margin }
        } else {
            marginByInstrument[instrumentId] = margin
        }
        recalculateMargined(initial.currency)
    }

    /// Sets the margins of `instrumentId` given (nil: keep the one held, or zero) and recalculates the balance;
    /// a margin in another currency than the one held replaces it, and a margin that comes to zero on both
    /// counts is removed. The portfolio's update after each order and position event: the instrument's margin
    /// is found with one hash of its id.
    ///
    /// Traps if both amounts are nil, or (when a margin is kept) on a cash account or a negative amount.
    package func setMargin(instrumentId: InstrumentId, initial: Money?, maintenance: Money?) {
        guard let currency = initial?.currency ?? maintenance?.currency else {
            preconditionFailure("Invariant: a margin update sets the initial or the maintenance margin (\(instrumentId))")
        }
        var index = marginByInstrument.index(forKey: instrumentId)
        var current = index.map { marginByInstrument.values[$0] }
        if let held = current, held.currency != currency {
            marginByInstrument.remove(at: index!)
            recalculateMargined(held.currency)
            (index, current) = (nil, nil)
        }
        let newInitial = initial ?? current?.initial ?? .zero(currency)
        let newMaintenance = maintenance ?? current?.maintenance ?? .zero(currency)
        if newInitial.isZero && newMaintenance.isZero {
            if let index {
                marginByInstrument.remove(at: index)
                recalculateMargined(currency)
            }
            return
        }
        precondition(type == .margin, "Invariant: margins are held by margin accounts (\(id) is \(type))")
        let margin = MarginBalance(initial: newInitial, maintenance: newMaintenance, instrumentId: instrumentId)
        if let index {
            if marginByInstrument.values[index] != margin { marginByInstrument.values[index] = margin }
        } else {
            marginByInstrument[instrumentId] = margin
        }
        recalculateMargined(currency)
    }

    /// Removes the margin of `instrumentId` and recalculates the balance in its currency.
    public func clearMargin(instrumentId: InstrumentId) {
        guard let removed = marginByInstrument.removeValue(forKey: instrumentId) else { return }
        recalculateMargined(removed.currency)
    }

    /// Locked is the sum of the margins in `currency`; free is the rest and may be negative when the margins
    /// exceed the total (the risk engine and the portfolio act on that).
    private func recalculateMargined(_ currency: Currency) {
        // The balance is found once and replaced in place: writing it back through the key hashed it again.
        guard let index = balanceByCurrency.index(forKey: currency) else { return }
        let current = balanceByCurrency.values[index]
        // Summed as raw values (each on the currency's grid, so the sum is): each `Money` sum checked the grid
        // again with a 128-bit remainder.
        var lockedRaw: Int128 = 0
        for margin in marginByInstrument.values where margin.currency == currency {
            lockedRaw += margin.initial.raw + margin.maintenance.raw
        }
        // Most order events leave the margins' sum as it was (S1: about a third): the balance is then kept.
        if lockedRaw == current.locked.raw { return }
        let locked = Money(raw: lockedRaw, currency: currency)
        balanceByCurrency.values[index] = AccountBalance(total: current.total, locked: locked)
    }

    /// The initial (order) margin for `quantity` of `instrument` at `price`, under the account's margin model
    /// and the instrument's leverage, rounded half-to-even onto the notional currency's grid.
    ///
    /// Traps on a cash account.
    public func calculateInitialMargin(
        instrument: some InstrumentDefinition, quantity: Quantity, price: Price, useQuoteForInverse: Bool = false
    ) -> Money {
        let spec = instrument.spec
        return calculateMargin(
            spec: spec, quantity: quantity, price: price, rate: spec.marginInit, useQuoteForInverse: useQuoteForInverse)
    }

    /// The maintenance (position) margin for `quantity` of `instrument` at `price`, under the account's margin
    /// model and the instrument's leverage, rounded half-to-even onto the notional currency's grid.
    ///
    /// Traps on a cash account.
    public func calculateMaintenanceMargin(
        instrument: some InstrumentDefinition, quantity: Quantity, price: Price, useQuoteForInverse: Bool = false
    ) -> Money {
        let spec = instrument.spec
        return calculateMargin(
            spec: spec, quantity: quantity, price: price, rate: spec.marginMaint,
            useQuoteForInverse: useQuoteForInverse)
    }

    /// Takes the instrument's spec, read once by the caller: each field read through an `Instrument` copies the
    /// whole spec out of its box (S1: five copies per margin).
    private func calculateMargin(
        spec instrument: InstrumentSpec, quantity: Quantity, price: Price, rate: Rate, useQuoteForInverse: Bool
    ) -> Money {
        precondition(type == .margin, "Invariant: margins are calculated for margin accounts (\(id) is \(type))")
        let notional = instrument.notionalValue(quantity: quantity, price: price, useQuoteForInverse: useQuoteForInverse)
        // Margin raw = notional.raw × rate.raw ÷ divisor, where divisor is 10^9 (standard) or leverage.raw
        // (leveraged: notional ÷ (leverage.raw / 10^9) × rate.raw / 10^9). One half-to-even rounding onto
        // the currency grid: divide by divisor × step instead, then scale back up by step.
        let divisor: Int128 = marginModel == .standard ? Int128(FixedPoint.scale) : Int128(leverage(for: instrument.id).raw)
        return Account.scaled(notional, by: rate, over: divisor)
    }

    /// `amount × rate.raw ÷ divisor`, rounded half-to-even onto `amount`'s currency grid, at 256-bit width.
    static func scaled(_ amount: Money, by rate: Rate, over divisor: Int128) -> Money {
        let step = Int128(FixedPoint.rawStep(precision: amount.currency.precision))
        let product = amount.raw.multipliedFullWidth(by: Int128(rate.raw))
        let fullDivisor = divisor * step
        let (q, r) = fullDivisor.dividingFullWidth(product)
        return Money(raw: roundHalfEven(quotient: q, remainder: r, divisor: fullDivisor) * step, currency: amount.currency)
    }
}

extension Account: CustomStringConvertible {
    /// `Account(id=SIM-001, type=MARGIN, base=USD)`.
    public var description: String { "Account(id=\(id), type=\(type), base=\(baseCurrency?.code ?? "None"))" }
}
