import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelRisk
import KeelTestKit
import Testing

@Suite struct RiskEngineTests {
    typealias H = RiskHarness

    // MARK: Passing and counting

    @Test func validLimitOrderPassesToExecution() {
        let h = H()
        let order = h.submit(h.limit())
        #expect(h.executed.count == 1)
        if case .submitOrder(let command) = h.executed.first {
            #expect(command.clientOrderId == order.clientOrderId)
        } else {
            Issue.record("expected a SubmitOrder, got \(h.executed)")
        }
        #expect(h.processed.isEmpty)
        #expect(h.engine.commandCount == 1 && h.engine.passedCount == 1 && h.engine.deniedCount == 0)
    }

    @Test func cancelsAndQueriesAlwaysPass() {
        let h = H()
        h.engine.setTradingState(.halted)
        let order = h.limit()
        h.cache.add(order: order)
        h.cancel(order)
        h.msgbus.send(
            Endpoints.riskExecute,
            .cancelAllOrders(CancelAllOrders(
                traderId: H.traderId, strategyId: H.strategyId, instrumentId: H.gbpusd.id,
                commandId: h.factory.generateEventId(), tsInit: h.now)))
        h.msgbus.send(
            Endpoints.riskExecute,
            .queryOrder(QueryOrder(
                traderId: H.traderId, strategyId: H.strategyId, instrumentId: H.gbpusd.id,
                clientOrderId: order.clientOrderId, venueOrderId: nil, commandId: h.factory.generateEventId(),
                tsInit: h.now)))
        #expect(h.executed.map(\.name) == ["CancelOrder", "CancelAllOrders", "QueryOrder"])
        #expect(h.engine.passedCount == 3)
    }

    // MARK: Submit checks, one by one

    @Test func unknownInstrumentIsDenied() {
        let h = H()
        h.submit(h.limit(instrumentId: TestInstruments.eurusdSim.id))
        #expect(h.denialReasons == ["INSTRUMENT_NOT_FOUND: instrument_id=EUR/USD.SIM"])
        #expect(h.executed.isEmpty)
        #expect(h.engine.deniedCount == 1 && h.engine.orderDeniedCount == 1)
    }

    @Test(arguments: [
        ("1.300001", "price 1.300001 invalid (precision 6 > 5)"),
        ("0.00000", "price 0.00000 invalid (<= 0)"),
        ("-0.10000", "price -0.10000 invalid (<= 0)"),
    ])
    func invalidLimitPriceIsDenied(price: String, reason: String) {
        let h = H()
        h.submit(h.limit(price: price))
        #expect(h.denialReasons == [reason])
        #expect(h.executed.isEmpty)
    }

    @Test func lowerPricePrecisionPasses() {
        let h = H()
        h.submit(h.limit(price: "1.3"))
        #expect(h.executed.count == 1)
    }

    @Test(arguments: [
        ("0.00000", "trigger price 0.00000 invalid (<= 0)"),
        ("1.200001", "trigger price 1.200001 invalid (precision 6 > 5)"),
    ])
    func invalidTriggerPriceIsDenied(trigger: String, reason: String) {
        let h = H()
        h.submit(h.stopMarket(trigger: trigger))
        #expect(h.denialReasons == [reason])
    }

    @Test func negativePricesPassForInstrumentsThatAllowThem() {
        let spread = requireValid {
            try FuturesSpread(
                id: InstrumentId("ESM4-ESU4.GLBX"), rawSymbol: Symbol("ESM4-ESU4"), assetClass: .index, exchange: "XCME",
                underlying: "ES", strategyType: "EQ", activation: UnixNanos(seconds: 1_700_000_000),
                expiration: UnixNanos(seconds: 1_800_000_000), currency: .usd, pricePrecision: 2,
                priceIncrement: Price(raw: 10_000_000, precision: 2), multiplier: Quantity(units: 50),
                lotSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
        }
        let h = H(instruments: [H.gbpusd.instrument, spread.instrument])
        h.submit(
            requireValid {
                try h.factory.limit(
                    instrumentId: spread.id, side: .buy, quantity: Quantity(units: 1), price: try Price("-5.25"),
                    tsInit: h.now)
            })
        #expect(h.processed.isEmpty)
        #expect(h.executed.count == 1)
    }

    @Test(arguments: [
        ("1000.5", "quantity 1000.5 invalid (precision 1 > 0)"),
        ("10000001", "quantity 10000001 invalid (> maximum trade size of 10000000)"),
        ("999", "quantity 999 invalid (< minimum trade size of 1000)"),
    ])
    func invalidQuantityIsDenied(quantity: String, reason: String) {
        let h = H()
        h.submit(h.limit(.buy, quantity, price: "0.10000"))
        #expect(h.denialReasons == [reason])
    }

    @Test func quantityAtTheBoundsPasses() {
        let h = H()
        h.submit(h.limit(.buy, "1000", price: "1.30000"))
        h.submit(h.limit(.buy, "10000000", price: "1.30000"))
        #expect(h.processed.isEmpty)
        #expect(h.executed.count == 2)
    }

    @Test func gtdExpiredAtOrBeforeNowIsDenied() {
        let h = H()
        h.clock.advanceTime(to: H.start + .seconds(10))
        h.submit(h.limit(timeInForce: .gtd, expireTime: h.now))
        h.submit(h.limit(timeInForce: .gtd, expireTime: H.start))
        h.submit(h.limit(timeInForce: .gtd, expireTime: h.now + .nanoseconds(1)))
        #expect(
            h.denialReasons == [
                "EXPIRE_TIME_IN_PAST: expire_time=2024-01-02T00:00:10.000000000Z",
                "EXPIRE_TIME_IN_PAST: expire_time=2024-01-02T00:00:00.000000000Z",
            ])
        #expect(h.executed.count == 1)
    }

    @Test func gtdWithoutExpireTimeIsDeniedEvenIfTheOrderCannotBeBuilt() {
        let h = H()
        let initialized = OrderInitialized(
            traderId: H.traderId, strategyId: H.strategyId, instrumentId: H.gbpusd.id,
            clientOrderId: ClientOrderId("O-RAW-1"), orderSide: .buy, orderType: .limit,
            quantity: Quantity(units: 100_000), timeInForce: .gtd, price: requireValid { try Price("1.30000") },
            eventId: h.factory.generateEventId(), tsEvent: h.now, tsInit: h.now)
        h.msgbus.send(
            Endpoints.riskExecute,
            .submitOrder(SubmitOrder(
                traderId: H.traderId, strategyId: H.strategyId, order: initialized,
                commandId: h.factory.generateEventId(), tsInit: h.now)))
        #expect(h.denialReasons == ["MISSING_EXPIRE_TIME"])
        #expect(h.cache.order(ClientOrderId("O-RAW-1")) == nil)
    }

    @Test func deniedOrderMissingFromTheCacheIsAddedFirst() {
        let h = H()
        let order = h.submit(h.limit(price: "0.00000"), addToCache: false)
        #expect(h.cache.order(order.clientOrderId)?.status == .initialized)
        #expect(h.denials.map(\.clientOrderId) == [order.clientOrderId])
    }

    @Test func orderAlreadyPastInitializedIsNotDeniedAgain() {
        let h = H()
        let order = h.limit(price: "0.00000")
        h.cache.add(order: order)
        h.makeOpen(order)
        h.submit(order, addToCache: false)
        #expect(h.processed.isEmpty)
        #expect(h.engine.deniedCount == 1 && h.engine.orderDeniedCount == 0)
    }

    // MARK: Notional

    @Test func notionalAboveTheConfiguredMaximumIsDenied() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("100000.00")]))
        h.submit(h.limit(.buy, "100000", price: "1.30000"))
        h.submit(h.limit(.buy, "76923", price: "1.30000"))  // 99,999.90
        #expect(
            h.denialReasons == [
                "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=Money(100000.00, USD), notional=Money(130000.00, USD)"
            ])
        #expect(h.executed.count == 1)
    }

    @Test func notionalOutsideTheInstrumentLimitsIsDenied() {
        let h = H()
        h.submit(h.limit(.buy, "1000", price: "0.50000"))
        h.submit(h.limit(.buy, "10000000", price: "6.00000"))
        #expect(
            h.denialReasons == [
                "NOTIONAL_BELOW_MINIMUM: min_notional=Money(1000.00, USD), notional=Money(500.00, USD)",
                "NOTIONAL_EXCEEDS_MAXIMUM: max_notional=Money(50000000.00, USD), notional=Money(60000000.00, USD)",
            ])
    }

    @Test func marketOrdersArePricedAtTheTouchOrNotChecked() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("130000.00")]))
        h.submit(h.market(.buy, "100000"))  // no prices yet: not checked
        h.quote(bid: "1.29990", ask: "1.30010")
        h.submit(h.market(.buy, "100000"))  // at the ask: 130,010
        h.submit(h.market(.sell, "100000"))  // at the bid: 129,990
        #expect(
            h.denialReasons == [
                "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=Money(130000.00, USD), notional=Money(130010.00, USD)"
            ])
        #expect(h.executed.count == 2)
    }

    @Test func stopMarketIsPricedAtItsTrigger() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("100000.00")]))
        h.submit(h.stopMarket(.sell, "100000", trigger: "1.10000"))
        #expect(h.denialReasons.first?.hasSuffix("notional=Money(110000.00, USD)") == true)
    }

    @Test func quoteQuantityIsConvertedToBase() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("100000.00")]))
        h.submit(h.limit(.buy, "130000", price: "1.30000", quoteQuantity: true))  // 100,000 GBP: 130,000 USD
        h.submit(h.limit(.buy, "999", price: "1.30000", quoteQuantity: true))  // quantity bounds do not apply
        #expect(
            h.denialReasons == [
                "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=Money(100000.00, USD), notional=Money(130000.00, USD)",
                "NOTIONAL_BELOW_MINIMUM: min_notional=Money(1000.00, USD), notional=Money(998.40, USD)",
            ])
    }

    @Test func maxNotionalInAnotherCurrencyDeniesAsInvalid() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: requireValid { try Money("1000.00", .eur) }]))
        h.submit(h.limit())
        #expect(h.denialReasons == ["INVALID_MAX_NOTIONAL_PER_ORDER: instrument_id=GBP/USD.SIM, value=1000.00 EUR"])
    }

    @Test func maxNotionalCanBeChangedAndResetRestoresTheConfiguredOne() throws {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("100000.00")]))
        h.engine.setMaxNotionalPerOrder(nil, for: H.gbpusd.id)
        #expect(h.engine.maxNotionalPerOrder(H.gbpusd.id) == nil)
        h.submit(h.limit())
        #expect(h.executed.count == 1)
        try h.engine.reset()
        #expect(h.engine.maxNotionalPerOrder(H.gbpusd.id) == usd("100000.00"))
    }

    // MARK: Reduce-only

    @Test func reduceOnlyAgainstAnUnknownPositionIsDenied() {
        let h = H()
        h.submit(h.limit(.sell, reduceOnly: true), positionId: PositionId("P-1"))
        #expect(h.denialReasons == ["POSITION_NOT_FOUND: position_id=P-1"])
    }

    @Test(arguments: [
        (OrderSide.sell, "100000", true),
        (OrderSide.sell, "50000", true),
        (OrderSide.sell, "100001", false),
        (OrderSide.buy, "1000", false),
    ])
    func reduceOnlyAgainstAPosition(side: OrderSide, quantity: String, passes: Bool) {
        let h = H()
        h.openPosition(.buy, "100000", positionId: PositionId("P-1"))
        h.submit(h.limit(side, quantity, reduceOnly: true), positionId: PositionId("P-1"))
        #expect(h.executed.count == (passes ? 1 : 0))
        #expect(h.denialReasons == (passes ? [] : ["REDUCE_ONLY_WOULD_INCREASE_POSITION: position_id=P-1"]))
    }

    @Test(arguments: [
        (Int64(0), OrderSide.sell, false),
        (Int64(100_000), OrderSide.sell, true),
        (Int64(100_000), OrderSide.buy, false),
        (Int64(-100_000), OrderSide.buy, true),
        (Int64(50_000), OrderSide.sell, false),  // would flip to short
    ])
    func reduceOnlyAgainstTheNetPosition(net: Int64, side: OrderSide, passes: Bool) {
        let h = H()
        h.portfolio.setNet(H.gbpusd.id, units: net)
        h.submit(h.limit(side, "100000", reduceOnly: true))
        #expect(h.executed.count == (passes ? 1 : 0))
        #expect(h.denialReasons == (passes ? [] : ["REDUCE_ONLY_WOULD_INCREASE_POSITION: instrument_id=GBP/USD.SIM"]))
    }

    // MARK: Order of checks

    @Test func reduceOnlyIsCheckedBeforeTheInstrument() {
        let h = H()
        h.submit(h.limit(.sell, instrumentId: TestInstruments.eurusdSim.id, reduceOnly: true), positionId: PositionId("P-9"))
        #expect(h.denialReasons == ["POSITION_NOT_FOUND: position_id=P-9"])
    }

    @Test func priceIsCheckedBeforeQuantityAndQuantityBeforeExpiry() {
        let h = H()
        h.submit(h.limit(.buy, "1000.5", price: "0.00000"))
        h.submit(h.limit(.buy, "1000.5", price: "1.30000", timeInForce: .gtd, expireTime: H.start))
        #expect(h.denialReasons == ["price 0.00000 invalid (<= 0)", "quantity 1000.5 invalid (precision 1 > 0)"])
    }

    @Test func expiryIsCheckedBeforeNotionalAndNotionalBeforeTradingState() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("1000.00")]))
        h.engine.setTradingState(.halted)
        h.submit(h.limit(timeInForce: .gtd, expireTime: H.start))
        h.submit(h.limit())
        h.submit(h.limit(.buy, "1000", price: "0.90000"))
        #expect(
            h.denialReasons == [
                "EXPIRE_TIME_IN_PAST: expire_time=2024-01-02T00:00:00.000000000Z",
                "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=Money(1000.00, USD), notional=Money(130000.00, USD)",
                "NOTIONAL_BELOW_MINIMUM: min_notional=Money(1000.00, USD), notional=Money(900.00, USD)",
            ])
    }

    @Test func tradingStateIsCheckedBeforeTheThrottle() {
        let h = H(config: RiskEngineConfig(maxOrderSubmitRate: RateLimit(limit: 1, interval: .seconds(1))))
        h.engine.setTradingState(.halted)
        h.submit(h.limit())
        h.engine.setTradingState(.active)
        h.submit(h.limit())
        #expect(h.denialReasons == ["TRADING_HALTED"])
        #expect(h.executed.count == 1)
    }

    // MARK: Bypass

    @Test func bypassSkipsEveryCheck() {
        let h = H(config: RiskEngineConfig(bypass: true, maxOrderSubmitRate: RateLimit(limit: 1, interval: .seconds(1))))
        h.engine.setTradingState(.halted)
        h.submit(h.limit(instrumentId: TestInstruments.eurusdSim.id))
        h.submit(h.limit(price: "0.00000"))
        h.submit(h.limit())
        h.submitList([h.limit(price: "0.00000"), h.limit()])
        let order = h.limit()
        h.cache.add(order: order)
        h.modify(order, price: "9.999999")
        #expect(h.processed.isEmpty)
        #expect(h.executed.map(\.name) == ["SubmitOrder", "SubmitOrder", "SubmitOrder", "SubmitOrderList", "ModifyOrder"])
    }

    // MARK: Order lists

    @Test func validListPassesAsOneCommand() {
        let h = H()
        h.submitList([h.limit(.buy), h.limit(.sell, price: "1.40000")])
        #expect(h.executed.map(\.name) == ["SubmitOrderList"])
        #expect(h.processed.isEmpty)
    }

    @Test func oneFailingOrderDeniesTheWholeList() {
        let h = H()
        let orders = [h.limit(.buy), h.limit(.sell, price: "0.00000"), h.limit(.sell, price: "1.40000")]
        h.submitList(orders)
        #expect(h.executed.isEmpty)
        #expect(h.denials.map(\.clientOrderId) == [orders[1].clientOrderId, orders[0].clientOrderId, orders[2].clientOrderId])
        #expect(
            h.denialReasons == [
                "price 0.00000 invalid (<= 0)", "ORDER_LIST_DENIED: order_list_id=OL-1", "ORDER_LIST_DENIED: order_list_id=OL-1",
            ])
        #expect(h.engine.deniedCount == 1 && h.engine.orderDeniedCount == 3)
    }

    @Test func notionalFailureDeniesTheWholeList() {
        let h = H(config: RiskEngineConfig(maxNotionalPerOrder: [H.gbpusd.id: usd("200000.00")]))
        let orders = [h.limit(.buy), h.limit(.buy, "200000")]
        h.submitList(orders)
        #expect(
            h.denialReasons == [
                "NOTIONAL_EXCEEDS_MAX_PER_ORDER: max_notional=Money(200000.00, USD), notional=Money(260000.00, USD)",
                "ORDER_LIST_DENIED: order_list_id=OL-1",
            ])
        #expect(h.denials.map(\.clientOrderId) == [orders[1].clientOrderId, orders[0].clientOrderId])
    }

    @Test func listWithAnUnknownInstrumentIsDeniedWholly() {
        let h = H()
        h.submitList([h.limit(instrumentId: TestInstruments.eurusdSim.id), h.limit(instrumentId: TestInstruments.eurusdSim.id)])
        #expect(h.denialReasons == Array(repeating: "INSTRUMENT_NOT_FOUND: instrument_id=EUR/USD.SIM", count: 2))
    }

    @Test func haltedDeniesEveryOrderOfAList() {
        let h = H()
        h.engine.setTradingState(.halted)
        h.submitList([h.limit(.buy), h.limit(.sell, price: "1.40000")])
        #expect(h.denialReasons == ["TRADING_HALTED", "TRADING_HALTED"])
    }

    @Test func reducingDeniesAListWithAnIncreasingOrder() {
        let h = H()
        h.portfolio.setNet(H.gbpusd.id, units: -100_000)
        h.engine.setTradingState(.reducing)
        h.submitList([h.limit(.buy), h.limit(.sell, price: "1.40000")])
        #expect(
            h.denialReasons
                == Array(repeating: "TRADING_STATE_REDUCING: order_side=SELL, instrument_id=GBP/USD.SIM", count: 2))
    }

    // MARK: Trading state

    @Test func haltedDeniesSubmitsAndRejectsModifies() {
        let h = H()
        let working = h.limit()
        h.cache.add(order: working)
        h.makeOpen(working)
        h.engine.setTradingState(.halted)
        h.submit(h.limit())
        h.modify(working, price: "1.31000")
        h.cancel(working)
        #expect(h.denialReasons == ["TRADING_HALTED"])
        #expect(h.modifyRejections.map(\.reason) == ["TradingState is HALTED: Cannot modify order"])
        #expect(h.executed.map(\.name) == ["CancelOrder"])
    }

    @Test(arguments: [
        (Int64(100_000), OrderSide.sell, "100000", true),
        (Int64(100_000), OrderSide.sell, "200000", false),
        (Int64(100_000), OrderSide.buy, "100000", false),
        (Int64(0), OrderSide.buy, "100000", false),
        (Int64(0), OrderSide.sell, "100000", false),
        (Int64(-100_000), OrderSide.buy, "100000", true),
        (Int64(-100_000), OrderSide.sell, "100000", false),
    ])
    func reducingLetsThroughOnlyWhatReducesTheNetPosition(net: Int64, side: OrderSide, quantity: String, passes: Bool) {
        let h = H()
        h.portfolio.setNet(H.gbpusd.id, units: net)
        h.engine.setTradingState(.reducing)
        h.submit(h.limit(side, quantity))
        #expect(h.executed.count == (passes ? 1 : 0))
        #expect(
            h.denialReasons == (passes ? [] : ["TRADING_STATE_REDUCING: order_side=\(side), instrument_id=GBP/USD.SIM"]))
    }

    @Test func settingTheTradingStatePublishesOnce() {
        let h = H()
        h.engine.setTradingState(.reducing, reason: "desk says so")
        h.engine.setTradingState(.reducing)
        h.engine.setTradingState(.active)
        #expect(h.stateChanges.map(\.state) == [.reducing, .active])
        #expect(h.stateChanges.map(\.reason) == ["desk says so", "MANUAL"])
        #expect(h.stateChanges.allSatisfy { $0.traderId == H.traderId && $0.tsEvent == H.start })
        #expect(h.engine.tradingState == .active && h.engine.tradingStateChangeCount == 2)
    }

    // MARK: Modify

    @Test func validModifyPasses() {
        let h = H()
        let order = h.limit()
        h.cache.add(order: order)
        h.makeOpen(order)
        h.modify(order, quantity: "200000", price: "1.31000")
        #expect(h.executed.map(\.name) == ["ModifyOrder"])
        #expect(h.processed.isEmpty)
    }

    @Test func modifyOfAnUnknownOrderIsDropped() {
        let h = H()
        h.modify(h.limit(), price: "1.31000")
        #expect(h.executed.isEmpty && h.processed.isEmpty)
        #expect(h.engine.deniedCount == 1)
    }

    @Test func modifyOfAClosedOrPendingCancelOrderIsRejected() {
        let h = H()
        let closed = h.limit()
        h.cache.add(order: closed)
        h.makeOpen(closed)
        requireValid { try closed.apply(TestOrderEvents.canceled(closed, at: h.now)) }
        h.cache.updateOrder(closed)
        let cancelling = h.limit()
        h.cache.add(order: cancelling)
        h.makeOpen(cancelling)
        requireValid { try cancelling.apply(TestOrderEvents.pendingCancel(cancelling, at: h.now)) }
        h.cache.updateOrder(cancelling)
        h.modify(closed, price: "1.31000")
        h.modify(cancelling, price: "1.31000")
        #expect(
            h.modifyRejections.map(\.reason) == [
                "Order with command.client_order_id: \(closed.clientOrderId) already closed",
                "Order with command.client_order_id: \(cancelling.clientOrderId) is already pending cancel",
            ])
        #expect(h.modifyRejections.first?.venueOrderId == VenueOrderId("V-1"))
        #expect(h.modifyRejections.first?.accountId == TestOrderEvents.accountId)
    }

    @Test func modifyWithAnUnknownInstrumentIsRejected() {
        let h = H()
        let order = h.limit(instrumentId: TestInstruments.eurusdSim.id)
        h.cache.add(order: order)
        h.modify(order, price: "1.31000")
        #expect(h.modifyRejections.map(\.reason) == ["no instrument found for EUR/USD.SIM"])
    }

    @Test(arguments: [
        (String?("1.310001"), String?.none, String?.none, "price 1.310001 invalid (precision 6 > 5)"),
        (nil, "0.00000", nil, "price 0.00000 invalid (<= 0)"),
        (nil, nil, "10000001", "quantity 10000001 invalid (> maximum trade size of 10000000)"),
        (nil, nil, "100000.5", "quantity 100000.5 invalid (precision 1 > 0)"),
        ("0.00000", nil, "999", "price 0.00000 invalid (<= 0)"),
    ])
    func invalidModifyIsRejected(price: String?, trigger: String?, quantity: String?, reason: String) {
        let h = H()
        let order = h.limit()
        h.cache.add(order: order)
        h.makeOpen(order)
        h.modify(order, quantity: quantity, price: price, trigger: trigger)
        #expect(h.modifyRejections.map(\.reason) == [reason])
        #expect(h.executed.isEmpty)
        #expect(h.engine.modifyRejectedCount == 1)
    }

    @Test func reducingRejectsAModifyThatIncreasesExposure() {
        let h = H()
        let order = h.limit(.buy)
        h.cache.add(order: order)
        h.makeOpen(order)
        h.engine.setTradingState(.reducing)
        h.modify(order, quantity: "200000")
        h.modify(order, price: "1.29000")
        h.modify(order, quantity: "50000")
        #expect(h.modifyRejections.map(\.reason) == ["TradingState is REDUCING and update will increase exposure GBP/USD.SIM"])
        #expect(h.executed.count == 2)
    }

    // MARK: Lifecycle and determinism

    @Test func lifecycleFollowsTheComponentStateMachine() throws {
        let h = H(config: RiskEngineConfig(maxDailyLoss: usd("1000.00")))
        #expect(h.engine.state == .ready)
        try h.engine.start()
        #expect(h.engine.state == .running)
        #expect(h.clock.timerNames == [RiskEngine.dailyResetTimerName])
        #expect(throws: LifecycleError.self) { try h.engine.start() }
        try h.engine.stop()
        #expect(h.engine.state == .stopped && h.clock.timerNames.isEmpty)
        try h.engine.resume()
        #expect(h.engine.state == .running && h.clock.timerNames == [RiskEngine.dailyResetTimerName])
        try h.engine.stop()
        h.submit(h.limit())
        h.engine.setTradingState(.halted)
        try h.engine.reset()
        #expect(h.engine.state == .ready && h.engine.tradingState == .active)
        #expect(h.engine.commandCount == 0 && h.engine.passedCount == 0)
        #expect(h.stateChanges.last?.reason == "RESET")
        try h.engine.dispose()
        #expect(h.engine.state == .disposed)
        #expect(!h.msgbus.isRegistered(Endpoints.riskExecute))
    }

    @Test func denialsAreIdenticalRunToRun() {
        func run() -> [OrderEvent] {
            let h = H()
            h.submit(h.limit(price: "0.00000"))
            h.submitList([h.limit(), h.limit(.buy, "999")])
            return h.processed
        }
        let first = run()
        #expect(first.count == 3)
        #expect(first == run())
    }

    // MARK: Traps

    @Test func invalidConfigurationTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = RiskHarness(config: RiskEngineConfig(maxDrawdown: Rate(raw: 1_500_000_000)))
        }
    }

    @Test func nonPositiveMaxNotionalTraps() async {
        await #expect(processExitsWith: .failure) {
            RiskHarness().engine.setMaxNotionalPerOrder(usd("0.00"), for: RiskHarness.gbpusd.id)
        }
    }
}
