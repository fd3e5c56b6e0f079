import KeelCache
import KeelCommon
import KeelCore
import KeelExecution
import KeelModel
import KeelPortfolio
import KeelTestKit
import Testing

/// The real spine for portfolio tests: bus, cache, clock, execution engine, portfolio and a test client.
final class PortfolioHarness {
    static let traderId = TraderId("TRADER-001")
    static let strategy = StrategyId("S-001")
    static let t0 = UnixNanos(seconds: 1_700_000_000)
    static let eurusd = TestInstruments.eurusdSim
    static let usdjpy = TestInstruments.usdjpySim
    static let leverage10 = Rate(raw: 10_000_000_000)

    let clock = TestClock(time: t0)
    let bus = MessageBus(traderId: traderId)
    let cache = Cache()
    let engine: ExecutionEngine
    let portfolio: Portfolio
    let client: TestExecutionClient
    let factory = OrderFactory(traderId: traderId, strategyId: strategy, seed: 1)
    var states: [AccountState] = []

    init(accountType: AccountType = .margin, baseCurrency: Currency? = .usd, oms: OmsType = .hedging, balances: [AccountBalance], seed: UInt64 = 5) {
        engine = ExecutionEngine(traderId: Self.traderId, msgbus: bus, cache: cache, clock: clock, seed: seed)
        portfolio = Portfolio(traderId: Self.traderId, msgbus: bus, cache: cache, clock: clock, seed: seed)
        client = TestExecutionClient(accountType: accountType, baseCurrency: baseCurrency, omsType: oms, msgbus: bus, clock: clock)
        engine.register()
        portfolio.register()
        engine.register(client: client)
        cache.add(instrument: Self.eurusd.instrument)
        cache.add(instrument: Self.usdjpy.instrument)
        portfolio.setAccountSettings(AccountSettings(isCalculated: true, defaultLeverage: Self.leverage10), for: client.accountId)
        bus.subscribe(Topics.accountEvents(client.accountId)) { [unowned self] in states.append($0) }
        client.reportAccount(balances: balances)
    }

    var account: Account { cache.account(client.accountId)! }

    func order(_ side: OrderSide, _ quantity: Int64, limit price: String? = nil, instrument: InstrumentId = eurusd.id) -> Order {
        if let price {
            return try! factory.limit(instrumentId: instrument, side: side, quantity: Quantity(units: quantity), price: Price(price), tsInit: clock.timestampNs)
        }
        return try! factory.market(instrumentId: instrument, side: side, quantity: Quantity(units: quantity), tsInit: clock.timestampNs)
    }

    func submitAndAccept(_ order: Order) {
        cache.add(order: order)
        bus.send(Endpoints.executionExecute, .submitOrder(SubmitOrder(
            traderId: Self.traderId, strategyId: Self.strategy, order: order.initializedEvent, commandId: UUID4(high: 1, low: 1),
            tsInit: clock.timestampNs)))
        client.submitted(order)
        client.accepted(order)
    }

    /// Trades `order` in full at `price` with `commission` (USD), booked to `positionId` if given.
    func trade(_ order: Order, at price: String, commission: String? = "0.03", positionId: PositionId? = nil, currency: Currency = .usd) {
        submitAndAccept(order)
        client.filled(order, price: try! Price(price), currency: currency, positionId: positionId, commission: commission.map { try! Money($0, .usd) })
    }

    func quote(_ instrument: InstrumentId = eurusd.id, bid: String, ask: String) {
        let tick = QuoteTick(
            instrumentId: instrument, bidPrice: try! Price(bid), askPrice: try! Price(ask), bidSize: Quantity(units: 1_000_000),
            askSize: Quantity(units: 1_000_000), tsEvent: clock.timestampNs, tsInit: clock.timestampNs)
        cache.add(quote: tick)  // the data engine writes the cache before it publishes
        bus.publish(Topics.quotes(instrument), tick)
    }
}

func usd(_ text: String) -> Money { try! Money(text, .usd) }
func balance(_ total: String, locked: String = "0", _ currency: Currency = .usd) -> AccountBalance {
    AccountBalance(total: try! Money(total, currency), locked: try! Money(locked, currency))
}

@Suite struct PortfolioTests {
    typealias H = PortfolioHarness
    static let sim = Venue("SIM")

    @Test func reportedStateCreatesTheAccountAndIsPublished() {
        let h = H(balances: [balance("100000")])
        #expect(h.account.isCalculated && h.account.isMarginAccount && h.account.leverage(for: H.eurusd.id) == H.leverage10)
        #expect(h.portfolio.account(for: Self.sim) === h.account)
        #expect(h.states.count == 1 && h.states[0].isReported)
        #expect(h.account.balanceTotal() == usd("100000"))
    }

    @Test func marginAccountBalancesAndMarginsAfterFills() {
        let h = H(balances: [balance("100000")])
        // Open long 100,000 EUR/USD at 1.10000, commission 0.03.
        // Balance: 100,000 − 0.03 = 99,999.97.
        // Maintenance margin: 100,000 × 1.10000 = 110,000 notional ÷ leverage 10 × 3 % = 330.00.
        let buy = h.order(.buy, 100_000)
        h.trade(buy, at: "1.10000")
        let position = h.cache.positionsOpen()[0]
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))
        #expect(h.account.balanceFree() == usd("99669.97"))
        #expect(h.portfolio.marginsMaint(venue: Self.sim).map(\.1) == [usd("330.00")])
        #expect(h.portfolio.marginsInit(venue: Self.sim).map(\.1) == [usd("0.00")])

        // A resting limit buy of 100,000 at 1.09000: initial margin 109,000 ÷ 10 × 3 % = 327.00.
        let resting = h.order(.buy, 100_000, limit: "1.09000")
        h.submitAndAccept(resting)
        #expect(h.account.balance() == balance("99999.97", locked: "657.00"))
        #expect(h.portfolio.marginsInit(venue: Self.sim).map(\.1) == [usd("327.00")])
        h.client.canceled(resting)
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))

        // Close at 1.10050: +50.00 realized, commission 0.03: balance 100,000 + 50.00 − 0.06 = 100,049.94, nothing locked.
        h.trade(h.order(.sell, 100_000), at: "1.10050", positionId: position.id)
        #expect(position.isClosed && position.realizedPnl == usd("49.94"))
        #expect(h.account.balance() == balance("100049.94"))
        #expect(h.account.margins.isEmpty)
        #expect(h.account.commission(in: .usd) == usd("0.06"))
        // The balance is the start plus the positions' realized PnL (commissions included).
        let realized = h.cache.positions().reduce(usd("0")) { $0 + $1.realizedPnl }
        #expect(h.account.balanceTotal() == usd("100000") + realized)
        #expect(h.portfolio.realizedPnl(H.eurusd.id) == usd("49.94"))
        #expect(h.portfolio.realizedPnls(venue: Self.sim) == [usd("49.94")])
        #expect(h.portfolio.problems.isEmpty)
        // Every change published a calculated state, after the first reported one.
        #expect(h.states.count > 4 && h.states.dropFirst().allSatisfy { !$0.isReported })
        #expect(h.states.last?.balances == [balance("100049.94")])
    }

    @Test func initialMarginsFollowOrdersThatHoldMarginBetweenEventsOfOrdersThatHoldNone() {
        let h = H(balances: [balance("100000")])
        // Market orders hold no margin: their events leave the (zero) initial margins as they are.
        let position = { h.cache.positionsOpen()[0] }
        h.trade(h.order(.buy, 100_000), at: "1.10000")
        let rejected = h.order(.buy, 100_000)
        h.cache.add(order: rejected)
        h.client.submitted(rejected)
        h.client.rejected(rejected)
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))
        #expect(h.portfolio.marginsInit(venue: Self.sim).map(\.1) == [usd("0.00")])

        // A limit order opened by a pending cancel (no calculation), then an event of an order that holds
        // none: the margins take the open limit order in (109,000 ÷ 10 × 3 % = 327.00).
        let resting = h.order(.buy, 100_000, limit: "1.09000")
        h.cache.add(order: resting)
        h.client.submitted(resting)
        h.client.pendingCancel(resting)
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))
        let market = h.order(.buy, 100_000)
        h.cache.add(order: market)
        h.client.submitted(market)
        h.client.rejected(market)
        #expect(h.account.balance() == balance("99999.97", locked: "657.00"))
        #expect(h.portfolio.marginsInit(venue: Self.sim).map(\.1) == [usd("327.00")])
        h.client.canceled(resting)
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))

        // A reported state's margin is replaced by the next calculation, skipped or not.
        h.client.reportAccount(
            balances: [balance("99999.97", locked: "400.00")],
            margins: [MarginBalance(initial: usd("70.00"), maintenance: usd("330.00"), instrumentId: H.eurusd.id)])
        let another = h.order(.sell, 100_000)
        h.cache.add(order: another)
        h.client.submitted(another)
        h.client.rejected(another)
        #expect(h.account.balance() == balance("99999.97", locked: "330.00"))
        #expect(h.portfolio.marginsInit(venue: Self.sim).map(\.1) == [usd("0.00")])
        h.trade(h.order(.sell, 100_000), at: "1.10000", positionId: position().id)
        #expect(h.account.margins.isEmpty && h.portfolio.problems.isEmpty)
    }

    @Test func balanceTracksRealizedPnlOverManyHedgingFills() {
        // An S1-like run: HEDGING, MARGIN, leverage 10, commission 0.03 per fill; round trips open and close
        // positions at different prices, some with partial closes and a flip.
        let h = H(balances: [balance("100000")])
        let prices = ["1.10000", "1.10013", "1.09987", "1.10021", "1.09995", "1.10040", "1.10002", "1.09960"]
        for (k, price) in prices.enumerated() {
            let side: OrderSide = k % 2 == 0 ? .buy : .sell
            if let open = h.cache.positionsOpen().first {
                // Close half, then the rest (two fills, two commissions).
                let half = h.order(side, 50_000)
                h.trade(half, at: price, positionId: open.id)
                h.trade(h.order(side, 50_000), at: price, positionId: open.id)
            } else {
                h.trade(h.order(side, 100_000), at: price)
            }
        }
        // A flip of a generated position id: the rest opens a new `…F` position.
        let open = h.cache.positionsOpen().first ?? { h.trade(h.order(.buy, 100_000), at: "1.10000"); return h.cache.positionsOpen()[0] }()
        h.trade(h.order(open.isLong ? .sell : .buy, 150_000), at: "1.10010", positionId: open.id)
        let realized = h.cache.positions().reduce(usd("0")) { $0 + $1.realizedPnl }
        #expect(h.account.balanceTotal() == usd("100000") + realized)
        #expect(h.portfolio.problems.isEmpty && h.engine.problems.isEmpty)
        let fills = h.cache.orders().filter { $0.status == .filled }.count
        #expect(h.account.commission(in: .usd) == usd("0.03") * Int64(fills))
    }

    @Test func cashAccountLocksAndSettlesNotional() {
        // A multi-currency cash account holding 1,000,000 USD.
        let h = H(accountType: .cash, baseCurrency: nil, oms: .netting, balances: [balance("1000000")])
        // A limit buy of 100,000 EUR/USD at 1.10000 locks its notional: 110,000.00 USD.
        let buy = h.order(.buy, 100_000, limit: "1.10000")
        h.submitAndAccept(buy)
        #expect(h.account.balance(in: .usd) == balance("1000000", locked: "110000.00"))
        // Filled with a 2.20 USD commission: USD 1,000,000 − 110,000 − 2.20 = 889,997.80, nothing locked;
        // EUR 100,000.00 received.
        h.client.filled(buy, price: try! Price("1.10000"), commission: usd("2.20"))
        #expect(h.account.balance(in: .usd) == balance("889997.80"))
        #expect(h.account.balance(in: .eur) == balance("100000.00", .eur))
        #expect(h.account.currencies == [.eur, .usd])
        // Sell 40,000 EUR at 1.10100: +44,040.00 USD, −40,000 EUR.
        h.trade(h.order(.sell, 40_000), at: "1.10100", commission: nil)
        #expect(h.account.balance(in: .usd) == balance("934037.80"))
        #expect(h.account.balance(in: .eur) == balance("60000.00", .eur))
        #expect(h.portfolio.problems.isEmpty)
    }

    @Test func unrealizedPnlAndExposureUseBidForLongAndAskForShort() {
        let h = H(oms: .netting, balances: [balance("100000")])
        h.trade(h.order(.buy, 100_000), at: "1.10000")
        #expect(h.portfolio.unrealizedPnl(H.eurusd.id) == nil)  // no price yet
        #expect(h.portfolio.netExposure(H.eurusd.id) == nil)
        #expect(h.portfolio.quoteSubscribedInstruments == [H.eurusd.id])
        h.quote(bid: "1.10100", ask: "1.10120")
        // Long: at the bid. 100,000 × (1.10100 − 1.10000) = 100.00; exposure 100,000 × 1.10100 = 110,100.00.
        #expect(h.portfolio.unrealizedPnl(H.eurusd.id) == usd("100.00"))
        #expect(h.portfolio.netExposure(H.eurusd.id) == usd("110100.00"))
        #expect(h.portfolio.unrealizedPnls(venue: Self.sim) == [usd("100.00")])
        #expect(h.portfolio.netExposures(venue: Self.sim) == [usd("110100.00")])
        #expect(h.portfolio.isNetLong(H.eurusd.id) && !h.portfolio.isFlat(H.eurusd.id))
        #expect(h.portfolio.netPositionRaw(H.eurusd.id) == 100_000 * 1_000_000_000)

        // Sell 300,000 (NETTING flip): short 200,000 at 1.10100; at the ask 1.10120: −40.00, exposure −220,240.00.
        h.trade(h.order(.sell, 300_000), at: "1.10100")
        #expect(h.portfolio.isNetShort(H.eurusd.id))
        #expect(h.portfolio.unrealizedPnl(H.eurusd.id) == usd("-40.00"))
        #expect(h.portfolio.netExposure(H.eurusd.id) == usd("-220240.00"))
        h.trade(h.order(.buy, 200_000), at: "1.10120")
        #expect(h.portfolio.isFlat(H.eurusd.id) && h.portfolio.isCompletelyFlat())
        #expect(h.portfolio.netExposure(H.eurusd.id) == usd("0"))
    }

    @Test func exposureInAnotherCurrencyIsConvertedWithTheQuote() {
        // USD/JPY in a USD account: exposure is in JPY and converted with the USD/JPY quote (inverse pair).
        let h = H(oms: .netting, balances: [balance("100000")])
        h.trade(h.order(.buy, 100_000, instrument: H.usdjpy.id), at: "150.000", currency: .jpy)
        // The maintenance margin (15,000,000 JPY ÷ 10 × 3 % = 45,000 JPY) has no USD rate yet: pending.
        #expect(h.portfolio.problems.contains { $0.message.contains("maintenance margin") })
        #expect(h.portfolio.netExposure(H.usdjpy.id) == nil)
        h.quote(H.usdjpy.id, bid: "150.100", ask: "150.120")
        // Exposure: 100,000 × 150.100 = 15,010,000 JPY ÷ 150.100 (bid, long) = 100,000.00 USD.
        #expect(h.portfolio.netExposure(H.usdjpy.id) == usd("100000.00"))
        #expect(h.portfolio.unrealizedPnl(H.usdjpy.id) == (try! Money("10000", .jpy)))
        // The pending margin is calculated when the quote arrives: 45,000 JPY ÷ 150.100 (bid) = 299.80 USD.
        #expect(h.portfolio.marginsMaint(venue: Self.sim).map(\.1) == [usd("299.80")])

        // Close at 150.200: +20,000 JPY realized, converted at the bid (a sell) 150.100: 133.24 USD.
        // Balance: 100,000 − 0.03 − 0.03 (USD commissions) + 133.24 = 100,133.18.
        let position = h.cache.positionsOpen()[0]
        h.trade(h.order(.sell, 100_000, instrument: H.usdjpy.id), at: "150.200", currency: .jpy)
        #expect(position.realizedPnl == (try! Money("20000", .jpy)))
        #expect(h.account.balance() == balance("100133.18"))
        #expect(h.portfolio.convert(try! Money("150100", .jpy), to: .usd, venue: Self.sim, priceType: .bid) == usd("1000.00"))
        #expect(h.portfolio.convert(usd("1"), to: .eur, venue: Self.sim, priceType: .bid) == nil)
    }

    @Test func aPendingCalculationRunsOnTheNextQuoteOfAnyInstrumentHeld() {
        // The EUR/USD quote handler is suspended while nothing is pending; the USD/JPY margin waiting for a rate
        // resumes it, so the next EUR/USD quote recalculates with the USD/JPY quote the cache has by then.
        let h = H(oms: .netting, balances: [balance("100000")])
        h.trade(h.order(.buy, 100_000), at: "1.10000")
        h.trade(h.order(.buy, 100_000, instrument: H.usdjpy.id), at: "150.000", currency: .jpy)
        #expect(h.portfolio.quoteSubscribedInstruments == [H.eurusd.id, H.usdjpy.id])
        let margins = { h.portfolio.marginsMaint(venue: Self.sim).map(\.1) }
        let before = margins()
        h.cache.add(quote: QuoteTick(
            instrumentId: H.usdjpy.id, bidPrice: try! Price("150.100"), askPrice: try! Price("150.120"),
            bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: h.clock.timestampNs, tsInit: h.clock.timestampNs))
        #expect(margins() == before)
        h.quote(bid: "1.10100", ask: "1.10120")
        #expect(margins() != before)
        let states = h.states.count
        // Nothing pending any more: quotes change nothing.
        h.quote(bid: "1.10200", ask: "1.10220")
        h.quote(H.usdjpy.id, bid: "150.200", ask: "150.220")
        #expect(h.states.count == states)
    }

    @Test func queriesForUnknownThingsReturnNothing() {
        let h = H(balances: [balance("100000")])
        #expect(h.portfolio.account(for: Venue("NOPE")) == nil)
        #expect(h.portfolio.marginsInit(venue: Venue("NOPE")).isEmpty)
        #expect(h.portfolio.realizedPnl(InstrumentId("X.NOPE")) == nil)
        #expect(h.portfolio.netExposure(InstrumentId("X.NOPE")) == nil)
        #expect(h.portfolio.unrealizedPnls(venue: Venue("NOPE")).isEmpty)
        #expect(h.portfolio.isFlat(InstrumentId("X.NOPE")) && h.portfolio.isCompletelyFlat())
    }

    static func scenario(seed: UInt64) -> [AccountState] {
        let h = H(balances: [balance("100000")], seed: seed)
        h.trade(h.order(.buy, 100_000), at: "1.10000")
        let position = h.cache.positionsOpen()[0]
        h.submitAndAccept(h.order(.buy, 50_000, limit: "1.09000"))
        h.trade(h.order(.sell, 100_000), at: "1.10050", positionId: position.id)
        return h.states
    }

    @Test func sameInputsGiveIdenticalAccountStates() {
        let first = Self.scenario(seed: 5)
        #expect(first == Self.scenario(seed: 5))
        #expect(first.map(\.eventId) != Self.scenario(seed: 6).map(\.eventId))
    }

    @Test func registeringThePortfolioTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = PortfolioHarness(balances: [balance("100000")])
            h.portfolio.register()
        }
    }
}
