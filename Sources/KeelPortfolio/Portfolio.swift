// Portfolio: accounts, balances, margins, PnL and exposure, kept from the kernel's events.
//
// Design decisions:
// - A final class, not `Sendable`, on the kernel thread; it reads and writes the cache and listens on the bus,
//   and imports no engine (ARCHITECTURE.md, "Module layout"). Strategies and the risk engine see it through
//   `PortfolioFacade`.
// - Wiring: pattern subscriptions to `events.order.*` and `events.position.*`, the endpoint
//   `Endpoints.portfolioUpdateAccount` for states reported by clients, and quote subscriptions for the
//   instruments it holds positions in. The subscriptions have a high priority (`Portfolio.busPriority`) so the
//   accounts are up to date before strategies' handlers for the same event run. Their handlers reach the
//   portfolio unretained (`Unmanaged`; an `unowned` capture cost a swift_unownedRetainStrong/release pair
//   per quote): the kernel keeps the portfolio for its lifetime, and `deinit` cancels what is left on the bus.
// - Calculated accounts follow NautilusTrader's `AccountsManager` (`accounting/manager.pyx`):
//   - cash: every fill moves the balances by its notional (and, without a base currency, the base quantity)
//     minus the commission (`Account.balanceImpact`); open passive orders lock their notional (BUY) or
//     quantity (SELL), per instrument;
//   - margin: realized PnL and commissions move the balance; open passive orders hold initial margin (order
//     quantity at its price or trigger price) and the net open position of each instrument holds maintenance
//     margin at its average open price (HEDGING legs folded onto one net position in `tsOpened` order, as the
//     reference does), under the account's margin model and leverage; locked = the margins, free = the rest.
//   Amounts in another currency than a single-currency account's base are converted with the latest quote of
//   the currency pair at the instrument's venue (BID for a sell, ASK for a buy, as the reference). A
//   calculation that has no rate yet is recorded as a `Problem` and retried when a quote arrives.
// - Realized PnL of a margin account is taken from the position events: each event carries the position's
//   realized PnL (commissions in the settlement currency included), and the balance moves by the change since
//   the position's previous event. It is exact (Keel positions keep exact cost bases) and equals the
//   reference's per-fill `calculate_pnls` (closing quantity × (close − average open) − commission) up to the
//   reference's float rounding. Consequence: during a fill's order event the balance does not yet include the
//   fill's PnL; it does by the time the position events are out (the reference applies it first). Commissions
//   in another currency than the position's settlement currency are applied at the fill.
// - A new `AccountState` (not reported, `isReported == false`) is applied to the account, written to the cache
//   and published on `events.account.<ID>` after each change.
// - Deterministic: amounts per currency are ordered by currency code, per instrument by instrument id; the
//   dictionaries kept here are only looked up.

public import KeelCache
public import KeelCommon
public import KeelCore
public import KeelModel

/// How Keel keeps an account the portfolio creates from its first reported state.
public struct AccountSettings: Hashable, Sendable {
    /// True if Keel calculates the account's states from fills (backtests, paper trading): NautilusTrader's
    /// calculated accounts. False: the venue's reports are the only source.
    public var isCalculated: Bool
    /// True if a cash account may hold negative balances.
    public var allowsBorrowing: Bool
    /// How margins are calculated (margin accounts).
    public var marginModel: MarginModel
    /// The leverage of instruments without their own (margin accounts).
    public var defaultLeverage: Rate
    /// Leverages per instrument (margin accounts).
    public var leverages: [InstrumentId: Rate]

    /// Creates settings; the defaults are a venue-reported, unleveraged account with the leveraged model.
    public init(
        isCalculated: Bool = false, allowsBorrowing: Bool = false, marginModel: MarginModel = .leveraged,
        defaultLeverage: Rate = Account.unleveraged, leverages: [InstrumentId: Rate] = [:]
    ) {
        self.isCalculated = isCalculated
        self.allowsBorrowing = allowsBorrowing
        self.marginModel = marginModel
        self.defaultLeverage = defaultLeverage
        self.leverages = leverages
    }
}

/// The portfolio of one trader: accounts, balances, margins, PnL and exposure. See the file header.
public final class Portfolio: PortfolioFacade {
    /// Something the portfolio could not calculate, recorded instead of trapping.
    public struct Problem: Hashable, Sendable, CustomStringConvertible {
        /// The account concerned, if any.
        public let accountId: AccountId?
        /// What happened, in words.
        public let message: String
        /// The clock's time when it was recorded.
        public let tsInit: UnixNanos

        /// Creates a problem record.
        public init(accountId: AccountId?, message: String, tsInit: UnixNanos) {
            self.accountId = accountId
            self.message = message
            self.tsInit = tsInit
        }

        /// The account and the message.
        public var description: String { "\(accountId?.value ?? "-"): \(message)" }
    }

    /// The priority of the portfolio's bus subscriptions: above strategies' default 0.
    public static let busPriority = 1_000

    /// The trader the portfolio belongs to.
    public let traderId: TraderId
    let msgbus: MessageBus
    let cache: Cache
    let clock: any Clock
    var generator: SeededGenerator

    var settingsByAccount: [AccountId: AccountSettings] = [:]
    /// The realized PnL of each open position as of its last event (for the balance change of the next one).
    var realizedSeen: [PositionId: Money] = [:]
    // Unchecked: each access is one insert, read or removal that calls out to nothing.
    /// Instruments whose margin or lock calculation waits for a rate. The quote handlers run only while it is
    /// not empty: they are suspended on the bus otherwise (see `syncQuoteHandlers()`).
    @exclusivity(unchecked) var pendingCalculations: Set<InstrumentId> = [] {
        didSet { if pendingCalculations.isEmpty == quoteHandlersActive { syncQuoteHandlers() } }
    }
    var quoteSubscriptions: [InstrumentId: Subscription] = [:]
    /// Whether the quote subscriptions are resumed: always `!pendingCalculations.isEmpty`.
    var quoteHandlersActive = false
    /// The publisher of each account's `events.account.<ID>` topic, resolved on the account's first state (a
    /// state is published after most order events: building the topic name and looking it up each time cost
    /// more than the state itself).
    var accountPublishers: [AccountId: Publisher<AccountState>] = [:]
    /// The last account published to and its publisher (`lastPublisher` is nil until then): comparing the id
    /// costs less than hashing it, and the portfolio of a backtest keeps one account.
    var lastPublishedAccountId = AccountId("NONE-NONE")
    var lastPublisher: Publisher<AccountState>?
    var subscriptions: [Subscription] = []

    /// What the portfolio could not calculate, oldest first.
    public internal(set) var problems: [Problem] = []
    /// The number of account states the portfolio published (calculated or reported).
    public internal(set) var accountStateCount = 0
    /// True while the portfolio is registered on the bus.
    public private(set) var isRegistered = false

    /// Creates a portfolio.
    ///
    /// - Parameters:
    ///   - traderId: The trader.
    ///   - msgbus: The kernel's bus.
    ///   - cache: The kernel's cache: accounts are kept there; positions, orders and prices are read from it.
    ///   - clock: The kernel's clock (`tsInit` of calculated states).
    ///   - seed: The seed of the generator that draws the ids of calculated account states.
    public init(traderId: TraderId, msgbus: MessageBus, cache: Cache, clock: any Clock, seed: UInt64 = 0) {
        self.traderId = traderId
        self.msgbus = msgbus
        self.cache = cache
        self.clock = clock
        self.generator = SeededGenerator(seed: seed)
    }

    deinit {
        // Bus handlers reach the portfolio unretained: none may run once it is gone.
        for subscription in subscriptions { msgbus.cancel(subscription) }
        for subscription in quoteSubscriptions.values { msgbus.cancel(subscription) }
    }

    /// Sets how the account `accountId` is kept when the portfolio creates it from its first reported state.
    /// Has no effect on an account already in the cache.
    public func setAccountSettings(_ settings: AccountSettings, for accountId: AccountId) {
        settingsByAccount[accountId] = settings
    }

    // MARK: Bus wiring

    /// Subscribes to order and position events (patterns), registers `Endpoints.portfolioUpdateAccount`, and
    /// subscribes to quotes of the instruments with open positions in the cache.
    ///
    /// Traps if already registered, or if the endpoint has another handler (a wiring bug).
    public func register() {
        precondition(!isRegistered, "Invariant: a portfolio registers on its bus once")
        // Bus handlers reach the portfolio unretained (see the file header).
        let portfolio = Unmanaged.passUnretained(self)
        subscriptions.append(
            msgbus.subscribe(pattern: "events.order.*", as: OrderEvent.self, priority: Self.busPriority) { event in
                portfolio._withUnsafeGuaranteedRef { $0.onOrderEvent(event) }
            })
        subscriptions.append(
            msgbus.subscribe(pattern: "events.position.*", as: PositionEvent.self, priority: Self.busPriority) { event in
                portfolio._withUnsafeGuaranteedRef { $0.onPositionEvent(event) }
            })
        msgbus.register(Endpoints.portfolioUpdateAccount) { [unowned self] in self.updateAccount($0) }
        isRegistered = true
        for position in cache.positionsOpen() {
            realizedSeen[position.id] = position.realizedPnl
            subscribeQuotes(position.instrumentId)
        }
    }

    /// Forgets what the portfolio derived from a run (realized PnL seen per position, pending calculations,
    /// problems, quote subscriptions of positions) and restarts its id generator; account settings and the
    /// bus registration stay. Call it with the cache reset, before the next run.
    public func reset() {
        for instrumentId in quoteSubscriptions.keys.sorted() { msgbus.unsubscribe(quoteSubscriptions[instrumentId]!) }
        quoteSubscriptions = [:]
        realizedSeen = [:]
        pendingCalculations = []
        problems = []
        accountStateCount = 0
        generator = SeededGenerator(seed: generator.seed)
    }

    /// Removes every subscription and the endpoint (nothing happens if not registered).
    public func deregister() {
        guard isRegistered else { return }
        for subscription in subscriptions { msgbus.unsubscribe(subscription) }
        for instrumentId in quoteSubscriptions.keys.sorted() { msgbus.unsubscribe(quoteSubscriptions[instrumentId]!) }
        subscriptions = []
        quoteSubscriptions = [:]
        msgbus.deregister(Endpoints.portfolioUpdateAccount)
        isRegistered = false
    }

    func subscribeQuotes(_ instrumentId: InstrumentId) {
        guard quoteSubscriptions[instrumentId] == nil else { return }
        let portfolio = Unmanaged.passUnretained(self)
        let subscription = msgbus.subscribe(Topics.quotes(instrumentId), priority: Self.busPriority) {
            quote in portfolio._withUnsafeGuaranteedRef { $0.onQuote(quote) }
        }
        if !quoteHandlersActive { msgbus.suspend(subscription) }
        quoteSubscriptions[instrumentId] = subscription
    }

    /// Resumes the quote subscriptions when a calculation starts waiting for a rate, suspends them when none
    /// waits.
    ///
    /// A quote handler does nothing while `pendingCalculations` is empty, which is nearly always (S2: on every one
    /// of 2M quotes), yet its call cost ~80 instructions per quote. Suspended, it keeps its subscription and its
    /// place in the dispatch order, and a dispatch skips it (the route is not dispatched at all if nothing else
    /// follows it). The flag follows the set on every change (`didSet`), so a handler runs exactly when it ran
    /// before, with something pending, a dispatch in progress included.
    private func syncQuoteHandlers() {
        quoteHandlersActive = !pendingCalculations.isEmpty
        for subscription in quoteSubscriptions.values {
            if quoteHandlersActive { msgbus.resume(subscription) } else { msgbus.suspend(subscription) }
        }
    }

    /// The instruments whose quotes the portfolio follows, sorted.
    public var quoteSubscribedInstruments: [InstrumentId] { quoteSubscriptions.keys.sorted() }

    // MARK: Reported account states

    /// Applies a state a client reported (the `Endpoints.portfolioUpdateAccount` handler): creates the account
    /// in the cache from its first state (with the settings given for it), else applies the state; then
    /// publishes it on `events.account.<ID>`.
    public func updateAccount(_ state: AccountState) {
        if let account = cache.account(state.accountId) {
            do {
                try account.apply(state)
            } catch {
                return record(state.accountId, "cannot apply reported state: \(error)")
            }
            cache.updateAccount(account)
        } else {
            let settings = settingsByAccount[state.accountId] ?? AccountSettings()
            do {
                let account = try Account(
                    state, isCalculated: settings.isCalculated, allowsBorrowing: settings.allowsBorrowing,
                    marginModel: settings.marginModel)
                if account.isMarginAccount {
                    try account.setDefaultLeverage(settings.defaultLeverage)
                    for instrumentId in settings.leverages.keys.sorted() {
                        try account.setLeverage(settings.leverages[instrumentId]!, for: instrumentId)
                    }
                }
                cache.add(account: account)
            } catch {
                return record(state.accountId, "cannot create account: \(error)")
            }
        }
        publish(state)
    }

    // MARK: Events

    func onOrderEvent(_ event: OrderEvent) {
        // One switch reads the fields used: each getter of the 672-byte event (`kind`, `accountId` …) copies it.
        let eventAccountId: AccountId?, instrumentId: InstrumentId, tsEvent: UnixNanos
        switch event {
        case .accepted(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        case .canceled(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        case .expired(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        case .rejected(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        case .updated(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        case .filled(let e): (eventAccountId, instrumentId, tsEvent) = (e.accountId, e.instrumentId, e.tsEvent)
        default: return
        }
        guard let accountId = eventAccountId ?? cache.order(event.clientOrderId)?.accountId,
            let account = cache.account(accountId), account.isCalculated,
            let instrument = cache.instrument(instrumentId)
        else { return }

        let isFill: Bool
        if case .filled(let fill) = event {
            applyFill(fill, account: account, instrument: instrument)
            isFill = true
        } else {
            isFill = false
        }
        updateOrderMargins(account: account, instrument: instrument)
        // A margin account's state after a fill is published with its position events.
        if account.isCashAccount || !isFill {
            emitState(account, tsEvent: tsEvent)
        }
    }

    func onPositionEvent(_ event: PositionEvent) {
        if event.kind == .opened { subscribeQuotes(event.instrumentId) }
        let previous = event.kind == .opened ? nil : realizedSeen[event.positionId]
        // A closed position's next event, if any, is a reopening, which starts from nothing: forgetting it
        // keeps this table to the open positions in a long run.
        realizedSeen[event.positionId] = event.kind == .closed ? nil : event.realizedPnl

        guard let account = cache.account(event.accountId), account.isCalculated, account.isMarginAccount,
            let instrument = cache.instrument(event.instrumentId)
        else { return }
        let change = event.realizedPnl - (previous ?? .zero(event.realizedPnl.currency))
        if !change.isZero {
            addToBalance(account, change, instrument: instrument, side: event.entry == .buy ? .sell : .buy)
        }
        updatePositionMargins(account: account, instrument: instrument)
        emitState(account, tsEvent: event.tsEvent)
    }

    @inline(__always)
    func onQuote(_ quote: QuoteTick) {
        guard !pendingCalculations.isEmpty else { return }
        // Only the time is passed on: passing the 152-byte quote made the handler copy it on every quote.
        recalculatePending(tsEvent: quote.tsEvent)
    }

    private func recalculatePending(tsEvent: UnixNanos) {
        let pending = pendingCalculations.sorted()
        pendingCalculations.removeAll()
        for instrumentId in pending {
            guard let instrument = cache.instrument(instrumentId) else { continue }
            for account in cache.accounts where account.isCalculated {
                updateOrderMargins(account: account, instrument: instrument)
                if account.isMarginAccount { updatePositionMargins(account: account, instrument: instrument) }
                emitState(account, tsEvent: tsEvent)
            }
        }
    }

    // MARK: States

    /// Applies a calculated state of `account` (its current balances and margins), writes it to the cache and
    /// publishes it.
    func emitState(_ account: Account, tsEvent: UnixNanos) {
        // A state whose balances or margins equal the last state's shares that state's array: the account keeps
        // every state, and most order events change the margins but not the balances (S1: 32k states).
        var balances = account.balances
        var margins = account.isMarginAccount ? account.margins : []
        // Read in place: copying the last state out retained and released all its fields.
        let last = account.lastEventArrays
        if last.balances == balances { balances = last.balances }
        if last.margins == margins { margins = last.margins }
        let state = AccountState(
            accountId: account.id, accountType: account.type, baseCurrency: account.baseCurrency, balances: balances,
            margins: margins, isReported: false, eventId: UUID4(using: &generator), tsEvent: tsEvent, tsInit: clock.timestampNs)
        do {
            try account.applyCalculated(state)
        } catch {
            return record(account.id, "cannot apply calculated state: \(error)")
        }
        cache.updateAccount(account)
        publish(state)
    }

    private func publish(_ state: AccountState) {
        accountStateCount += 1
        if let lastPublisher, state.accountId == lastPublishedAccountId { return lastPublisher.publish(state) }
        let publisher: Publisher<AccountState>
        if let known = accountPublishers[state.accountId] {
            publisher = known
        } else {
            publisher = msgbus.publisher(for: Topics.accountEvents(state.accountId))
            accountPublishers[state.accountId] = publisher
        }
        (lastPublishedAccountId, lastPublisher) = (state.accountId, publisher)
        publisher.publish(state)
    }

    func record(_ accountId: AccountId?, _ message: String) {
        problems.append(Problem(accountId: accountId, message: message, tsInit: clock.timestampNs))
    }
}
