import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// Account states and accounts for tests, through the production initialisers.
enum AccountFixtures {
    static let accountId = AccountId("SIM-001")

    static func money(_ text: String, _ currency: Currency) -> Money { try! Money(text, currency) }

    static func balance(_ total: String, _ currency: Currency, locked: String = "0") -> AccountBalance {
        AccountBalance(total: money(total, currency), locked: money(locked, currency))
    }

    static func state(
        _ type: AccountType, base: Currency? = .usd, balances: [AccountBalance], margins: [MarginBalance] = [],
        reported: Bool = true, id: AccountId = accountId, ts: UInt64 = 0
    ) -> AccountState {
        AccountState(
            accountId: id, accountType: type, baseCurrency: base, balances: balances, margins: margins,
            isReported: reported, eventId: UUID4(high: 7, low: ts), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts))
    }

    static func cash(_ total: String = "1000000.00", base: Currency? = .usd) -> Account {
        try! Account(state(.cash, base: base, balances: [balance(total, base ?? .usd)]), isCalculated: true)
    }

    static func margin(_ total: String = "1000000.00", model: MarginModel = .leveraged, leverage: Rate? = nil) -> Account {
        let account = try! Account(state(.margin, balances: [balance(total, .usd)]), isCalculated: true, marginModel: model)
        if let leverage { try! account.setDefaultLeverage(leverage) }
        return account
    }

    static func qty(_ text: String) -> Quantity { try! Quantity(text) }
    static func px(_ text: String) -> Price { try! Price(text) }
    static let ten = Rate(raw: 10_000_000_000)
}

@Suite struct AccountTests {
    typealias F = AccountFixtures

    /// `purgeEvents(before:)` forgets the states before the cutoff, always keeps the latest, and leaves the
    /// balances as they were (each state is a full snapshot).
    @Test func purgingStatesKeepsTheLatestAndTheBalances() throws {
        typealias F = AccountFixtures
        let account = try Account(F.state(.cash, balances: [F.balance("1000.00", .usd)], ts: 0), isCalculated: true)
        for (ts, total) in [(10, "1010.00"), (20, "1020.00"), (30, "1030.00")] as [(UInt64, String)] {
            try account.apply(F.state(.cash, balances: [F.balance(total, .usd)], ts: ts))
        }
        #expect(account.eventCount == 4)
        #expect(account.purgeEvents(before: UnixNanos(20)) == 2)
        #expect(account.events.map(\.tsEvent) == [UnixNanos(20), UnixNanos(30)])
        #expect(account.purgeEvents(before: UnixNanos(1_000)) == 1)
        #expect(account.events.map(\.tsEvent) == [UnixNanos(30)])
        #expect(account.purgeEvents(before: UnixNanos(1_000)) == 0)
        #expect(account.balanceTotal(in: .usd) == F.money("1030.00", .usd))
    }

    @Test func buildsFromItsFirstState() {
        let account = F.cash()
        #expect(account.id == F.accountId)
        #expect(account.type == .cash)
        #expect(account.isCashAccount && !account.isMarginAccount)
        #expect(account.baseCurrency == .usd)
        #expect(account.eventCount == 1)
        #expect(account.balanceTotal() == F.money("1000000.00", .usd))
        #expect(account.balanceFree(in: .usd) == F.money("1000000.00", .usd))
        #expect(account.balanceLocked() == F.money("0", .usd))
        #expect(account.startingBalances == [F.money("1000000.00", .usd)])
        #expect(account.description == "Account(id=SIM-001, type=CASH, base=USD)")
    }

    @Test func balancesAreOrderedByCurrencyCode() throws {
        let state = F.state(.cash, base: nil, balances: [F.balance("10", .usdt), F.balance("1", .btc), F.balance("5", .eth)])
        let account = try Account(state)
        #expect(account.currencies == [.btc, .eth, .usdt])
        try account.apply(F.state(.cash, base: nil, balances: [F.balance("3", .ada)], ts: 1))
        #expect(account.currencies == [.ada, .btc, .eth, .usdt])
        #expect(account.balances.map(\.currency) == [.ada, .btc, .eth, .usdt])
        #expect(account.balance() == nil)  // no base currency
    }

    @Test func applyingAStateReplacesNamedBalancesAndKeepsOthers() throws {
        let account = try Account(F.state(.cash, base: nil, balances: [F.balance("10", .usdt), F.balance("1", .btc)]))
        try account.apply(F.state(.cash, base: nil, balances: [F.balance("2", .btc, locked: "0.5")], ts: 5))
        #expect(account.balance(in: .btc) == F.balance("2", .btc, locked: "0.5"))
        #expect(account.balance(in: .usdt) == F.balance("10", .usdt))
        #expect(account.eventCount == 2)
        #expect(account.lastEvent.tsEvent == UnixNanos(5))
        #expect(account.startingBalances == [F.money("1", .btc), F.money("10", .usdt)])
    }

    @Test func cashAccountRejectsNegativeBalanceWithoutBorrowing() throws {
        let account = F.cash()
        #expect {
            try account.apply(F.state(.cash, balances: [F.balance("-1.00", .usd)], ts: 1))
        } throws: { ($0 as? ValidationError)?.field == "AccountState.balances" }
        #expect(account.eventCount == 1)
        let borrowing = try Account(F.state(.cash, balances: [F.balance("10.00", .usd)]), allowsBorrowing: true)
        try borrowing.apply(F.state(.cash, balances: [F.balance("-1.00", .usd)], ts: 1))
        #expect(borrowing.balanceTotal() == F.money("-1.00", .usd))
    }

    @Test func marginAccountMayGoNegative() throws {
        let account = F.margin()
        try account.apply(F.state(.margin, balances: [F.balance("-5.00", .usd)], ts: 1))
        #expect(account.balanceTotal() == F.money("-5.00", .usd))
    }

    @Test func commissionsAccumulatePerCurrency() {
        let account = F.cash()
        account.updateCommissions(F.money("2.50", .usd))
        account.updateCommissions(F.money("1.25", .aud))
        account.updateCommissions(F.money("0.50", .usd))
        #expect(account.commission(in: .usd) == F.money("3.00", .usd))
        #expect(account.commissions == [F.money("3.00", .usd), F.money("1.25", .aud)])
        #expect(account.commission(in: .eur) == nil)
    }

    @Test func applyingAnotherAccountsStateTraps() async {
        await #expect(processExitsWith: .failure) {
            let account = AccountFixtures.cash()
            try? account.apply(AccountFixtures.state(.cash, balances: [], id: AccountId("OTHER-001")))
        }
    }

    @Test func applyingAnotherTypeTraps() async {
        await #expect(processExitsWith: .failure) {
            let account = AccountFixtures.cash()
            try? account.apply(AccountFixtures.state(.margin, balances: []))
        }
    }

    @Test func stateWithRepeatedCurrencyTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = AccountFixtures.state(.cash, balances: [AccountFixtures.balance("1", .usd), AccountFixtures.balance("2", .usd)])
        }
    }
}

@Suite struct CashAccountTests {
    typealias F = AccountFixtures
    let gbpusd = TestInstruments.gbpusdSim

    @Test func buyLocksTheNotionalSellLocksTheBaseQuantity() {
        let account = F.cash()
        #expect(account.calculateBalanceLocked(instrument: gbpusd, side: .buy, quantity: F.qty("1000"), price: F.px("1.57616"))
            == F.money("1576.16", .usd))
        #expect(account.calculateBalanceLocked(instrument: gbpusd, side: .sell, quantity: F.qty("1000"), price: F.px("1.57616"))
            == F.money("1000.00", .gbp))
    }

    @Test func sellOfAnInstrumentWithoutBaseLocksNothing() {
        let account = F.cash()
        let locked = account.calculateBalanceLocked(
            instrument: TestInstruments.esh4Glbx, side: .sell, quantity: F.qty("2"), price: F.px("4800.00"))
        #expect(locked == .zero(.usd))
    }

    @Test func buyOfAnInverseContractLocksBaseOrQuote() {
        let account = F.cash()
        let xbt = TestInstruments.xbtusdBitmex
        #expect(account.calculateBalanceLocked(instrument: xbt, side: .buy, quantity: F.qty("100000"), price: F.px("50000.0"))
            == F.money("2.00000000", .btc))
        #expect(
            account.calculateBalanceLocked(
                instrument: xbt, side: .buy, quantity: F.qty("100000"), price: F.px("50000.0"), useQuoteForInverse: true)
                == F.money("100000.00", .usd))
    }

    @Test func locksAreSummedPerCurrencyAndCleared() {
        let account = F.cash("10000.00")
        account.updateBalanceLocked(instrumentId: gbpusd.id, locked: F.money("1576.16", .usd))
        account.updateBalanceLocked(instrumentId: TestInstruments.eurusdSim.id, locked: F.money("1000.00", .usd))
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "2576.16"))
        account.updateBalanceLocked(instrumentId: gbpusd.id, locked: F.money("500.00", .usd))
        #expect(account.balanceLocked() == F.money("1500.00", .usd))
        account.clearBalanceLocked(instrumentId: TestInstruments.eurusdSim.id)
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "500.00"))
    }

    @Test func locksBeyondTheTotalAreClamped() {
        let account = F.cash("1000.00")
        account.updateBalanceLocked(instrumentId: gbpusd.id, locked: F.money("800.00", .usd))
        account.updateBalanceLocked(instrumentId: TestInstruments.eurusdSim.id, locked: F.money("800.00", .usd))
        #expect(account.balance() == F.balance("1000.00", .usd, locked: "1000.00"))
        #expect(account.balanceFree() == .zero(.usd))
    }

    @Test func aReportedStateClearsLocks() throws {
        let account = F.cash("1000.00")
        account.updateBalanceLocked(instrumentId: gbpusd.id, locked: F.money("800.00", .usd))
        try account.apply(F.state(.cash, balances: [F.balance("1000.00", .usd, locked: "100.00")], ts: 1))
        #expect(account.balanceLocked() == F.money("100.00", .usd))
        account.updateBalanceLocked(instrumentId: TestInstruments.eurusdSim.id, locked: F.money("1.00", .usd))
        #expect(account.balanceLocked() == F.money("1.00", .usd))  // the old lock is gone
    }

    @Test func balanceImpactOfFills() {
        let buy = PositionFixtures.fill(.buy, "1000", "1.57616")
        let sell = PositionFixtures.fill(.sell, "1000", "1.57616", order: "O-2")
        let single = F.cash()
        #expect(single.balanceImpact(instrument: gbpusd, fill: buy) == [F.money("-1576.16", .usd)])
        #expect(single.balanceImpact(instrument: gbpusd, fill: sell) == [F.money("1576.16", .usd)])
        let multi = F.cash(base: nil)
        #expect(multi.balanceImpact(instrument: gbpusd, fill: buy) == [F.money("1000.00", .gbp), F.money("-1576.16", .usd)])
        #expect(multi.balanceImpact(instrument: gbpusd, fill: sell) == [F.money("-1000.00", .gbp), F.money("1576.16", .usd)])
    }

    @Test func negativeLockTraps() async {
        await #expect(processExitsWith: .failure) {
            AccountFixtures.cash().updateBalanceLocked(
                instrumentId: TestInstruments.gbpusdSim.id, locked: AccountFixtures.money("-1.00", .usd))
        }
    }
}

@Suite struct MarginAccountTests {
    typealias F = AccountFixtures
    let eurusd = TestInstruments.eurusdSim

    @Test func leverageDefaultsToOneAndIsSetPerInstrument() throws {
        let account = F.margin()
        #expect(account.leverage(for: eurusd.id) == Account.unleveraged)
        #expect(account.isUnleveraged(eurusd.id))
        try account.setDefaultLeverage(F.ten)
        try account.setLeverage(Rate(raw: 20_000_000_000), for: TestInstruments.gbpusdSim.id)
        #expect(account.leverage(for: eurusd.id) == F.ten)
        #expect(account.leverage(for: TestInstruments.gbpusdSim.id) == Rate(raw: 20_000_000_000))
        #expect(account.leverages.map(\.instrumentId) == [TestInstruments.gbpusdSim.id])
    }

    @Test func nonPositiveLeverageIsRejected() {
        let account = F.margin()
        #expect { try account.setDefaultLeverage(.zero) } throws: { ($0 as? ValidationError)?.field == "Account.defaultLeverage" }
        #expect { try account.setLeverage(Rate(raw: -1), for: eurusd.id) } throws: {
            ($0 as? ValidationError)?.field == "Account.leverage"
        }
    }

    /// S1/S2: EUR/USD, margin_init 0.03, leverage 10: 100,000 at 1.10000 is 110,000 USD of notional,
    /// 11,000 after leverage, 330 USD of margin.
    @Test func leveragedModelDividesTheNotionalByLeverage() {
        let account = F.margin(leverage: F.ten)
        #expect(account.calculateInitialMargin(instrument: eurusd, quantity: F.qty("100000"), price: F.px("1.10000"))
            == F.money("330.00", .usd))
        #expect(account.calculateMaintenanceMargin(instrument: eurusd, quantity: F.qty("100000"), price: F.px("1.10000"))
            == F.money("330.00", .usd))
    }

    @Test func standardModelIgnoresLeverage() {
        let account = F.margin(model: .standard, leverage: F.ten)
        #expect(account.calculateInitialMargin(instrument: eurusd, quantity: F.qty("100000"), price: F.px("1.10000"))
            == F.money("3300.00", .usd))
    }

    /// One half-to-even rounding onto the cent: 15.00 × 0.03 ÷ 10 = 0.045 → 0.04, 25.00 → 0.075 → 0.08.
    @Test(arguments: [("0.01500", "0.04"), ("0.02500", "0.08"), ("0.01501", "0.05")])
    func marginRoundsHalfToEvenOnce(price: String, expected: String) {
        let account = F.margin(leverage: F.ten)
        #expect(account.calculateInitialMargin(instrument: eurusd, quantity: F.qty("1000"), price: F.px(price))
            == F.money(expected, .usd))
    }

    /// XBTUSD: 100,000 contracts at 11,493.6 are 8.70049419 BTC of notional; margin_init 0.01 → 0.08700494 BTC.
    @Test func inverseMarginIsInTheBaseCurrency() {
        let account = F.margin()
        let xbt = TestInstruments.xbtusdBitmex
        #expect(account.calculateInitialMargin(instrument: xbt, quantity: F.qty("100000"), price: F.px("11493.6"))
            == F.money("0.08700494", .btc))
        #expect(
            account.calculateInitialMargin(
                instrument: xbt, quantity: F.qty("100000"), price: F.px("11493.6"), useQuoteForInverse: true)
                == F.money("1000.00", .usd))
    }

    @Test func marginsLockTheBalance() {
        let account = F.margin("10000.00")
        account.updateInitialMargin(instrumentId: eurusd.id, margin: F.money("330.00", .usd))
        account.updateMaintenanceMargin(instrumentId: eurusd.id, margin: F.money("100.00", .usd))
        #expect(account.margin(for: eurusd.id) == MarginBalance(initial: F.money("330.00", .usd), maintenance: F.money("100.00", .usd), instrumentId: eurusd.id))
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "430.00"))
        account.updateInitialMargin(instrumentId: TestInstruments.gbpusdSim.id, margin: F.money("70.00", .usd))
        #expect(account.balanceLocked() == F.money("500.00", .usd))
        #expect(account.margins.map(\.instrumentId) == [eurusd.id, TestInstruments.gbpusdSim.id])
        account.clearMargin(instrumentId: eurusd.id)
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "70.00"))
        #expect(account.initialMargin(for: eurusd.id) == nil)
    }

    @Test func setMarginKeepsReplacesAndRemoves() {
        let account = F.margin("10000.00")
        let gbpusd = TestInstruments.gbpusdSim.id
        account.setMargin(instrumentId: eurusd.id, initial: F.money("330.00", .usd), maintenance: nil)
        account.setMargin(instrumentId: gbpusd, initial: F.money("70.00", .usd), maintenance: nil)
        account.setMargin(instrumentId: eurusd.id, initial: nil, maintenance: F.money("100.00", .usd))
        #expect(account.margin(for: eurusd.id) == MarginBalance(initial: F.money("330.00", .usd), maintenance: F.money("100.00", .usd), instrumentId: eurusd.id))
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "500.00"))
        account.setMargin(instrumentId: eurusd.id, initial: F.money("330.00", .usd), maintenance: nil)  // unchanged
        #expect(account.margins.map(\.instrumentId) == [eurusd.id, gbpusd])
        #expect(account.balanceLocked() == F.money("500.00", .usd))
        // Zero on both counts removes the margin; zero when none is held changes nothing.
        account.setMargin(instrumentId: eurusd.id, initial: .zero(.usd), maintenance: .zero(.usd))
        account.setMargin(instrumentId: eurusd.id, initial: .zero(.usd), maintenance: nil)
        #expect(account.margin(for: eurusd.id) == nil)
        #expect(account.balance() == F.balance("10000.00", .usd, locked: "70.00"))
        // A margin in another currency replaces the one held (and its lock), and goes last.
        account.setMargin(instrumentId: gbpusd, initial: nil, maintenance: F.money("1.00", .gbp))
        #expect(account.margin(for: gbpusd) == MarginBalance(initial: .zero(.gbp), maintenance: F.money("1.00", .gbp), instrumentId: gbpusd))
        #expect(account.balanceLocked() == F.money("0.00", .usd))
    }

    @Test func reportedMarginsReplaceTheInstrumentsMargins() throws {
        let account = F.margin("10000.00")
        let margin = MarginBalance(initial: F.money("1.00", .usd), maintenance: F.money("2.00", .usd), instrumentId: eurusd.id)
        try account.apply(F.state(.margin, balances: [F.balance("10000.00", .usd, locked: "3.00")], margins: [margin], ts: 1))
        #expect(account.margin(for: eurusd.id) == margin)
        #expect(account.maintenanceMargin(for: eurusd.id) == F.money("2.00", .usd))
    }

    @Test func marginOnACashAccountTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = AccountFixtures.cash().calculateInitialMargin(
                instrument: TestInstruments.eurusdSim, quantity: AccountFixtures.qty("1000"), price: AccountFixtures.px("1.10000"))
        }
    }
}
