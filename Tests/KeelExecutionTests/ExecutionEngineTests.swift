import KeelCache
import KeelCommon
import KeelCore
import KeelExecution
import KeelModel
import KeelTestKit
import Testing

@Suite struct ExecutionEngineTests {
    typealias H = ExecutionHarness
    static let nettingId = PositionId("EUR/USD.SIM-S-001")

    // MARK: Routing

    @Test func routesByClientIdThenVenueThenDefault() {
        let h = H()
        let other = TestExecutionClient(venue: Venue("OTHER"), msgbus: h.bus, clock: h.clock)
        let fallback = TestExecutionClient(venue: Venue("ANY"), clientId: ClientId("FALLBACK"), msgbus: h.bus, clock: h.clock)
        h.engine.register(client: other)
        #expect(h.engine.registeredClients == [ClientId("SIM"), ClientId("OTHER")])

        // By venue: EUR/USD.SIM goes to SIM.
        let byVenue = h.limit()
        h.submit(byVenue)
        #expect(h.client.commandNames == ["SubmitOrder"] && other.commands.isEmpty)

        // By client id: the command names OTHER.
        let byClient = h.limit()
        h.submit(byClient, clientId: ClientId("OTHER"))
        #expect(other.commandNames == ["SubmitOrder"] && h.client.commands.count == 1)

        // An unknown venue goes to the default client once one is set.
        let unknown = try! h.factory.market(instrumentId: InstrumentId("AAPL.XNAS"), side: .buy, quantity: qty(1), tsInit: h.clock.timestampNs)
        h.cache.add(instrument: TestInstruments.esh4Glbx.instrument)
        h.engine.setDefault(client: fallback)
        #expect(h.engine.defaultClient == ClientId("FALLBACK"))
        h.cache.add(order: unknown)
        h.bus.send(Endpoints.executionExecute, .queryOrder(QueryOrder(
            traderId: H.traderId, strategyId: H.strategy, instrumentId: unknown.instrumentId, clientOrderId: unknown.clientOrderId,
            venueOrderId: nil, commandId: UUID4(high: 3, low: 3), tsInit: h.clock.timestampNs)))
        #expect(fallback.commandNames == ["QueryOrder"])
        #expect(h.engine.commandCount == 3 && h.engine.problems.isEmpty)
    }

    @Test func cancelRoutesByTheOrdersAccountIssuer() {
        let h = H()
        let order = h.limit()
        h.submit(order)
        h.client.submitted(order)
        h.client.accepted(order)
        h.bus.send(Endpoints.executionExecute, h.cancelCommand(order))
        #expect(h.client.commandNames == ["SubmitOrder", "CancelOrder"])
        h.client.pendingCancel(order)
        h.client.canceled(order)
        #expect(order.status == .canceled && h.cache.isOrderClosed(order.clientOrderId))
    }

    @Test func submitWithoutAClientIsDeniedAndOtherCommandsAreReported() {
        let h = H()
        h.engine.deregister(client: h.client)
        let order = h.limit()
        h.submit(order)
        #expect(order.status == .denied)
        #expect(h.cache.isOrderClosed(order.clientOrderId))
        #expect(h.orderEvents.map(\.name) == ["OrderDenied"])
        if case .denied(let denied) = h.orderEvents[0] { #expect(denied.reason.contains("no execution client")) }

        h.bus.send(Endpoints.executionExecute, h.cancelCommand(order))
        #expect(h.engine.problems.map(\.kind) == [.noClient])
        #expect(h.engine.problems[0].message.contains("CancelOrder"))
    }

    @Test func nettingSubmitWithAForeignPositionIdIsDenied() {
        let h = H(oms: .netting)
        let order = h.limit()
        h.submit(order, positionId: PositionId("P-CUSTOM-1"))
        #expect(order.status == .denied && h.client.commands.isEmpty)
        let ok = h.limit()
        h.submit(ok, positionId: Self.nettingId)
        #expect(ok.status == .initialized && h.client.commands.count == 1)
    }

    @Test func submitAddsAnOrderTheCacheDoesNotHoldAndOrderListsRouteWhole() {
        let h = H()
        let order = h.limit()
        h.bus.send(Endpoints.executionExecute, .submitOrder(h.submitCommand(order)))
        #expect(h.cache.order(order.clientOrderId) != nil)

        let a = h.limit(), b = h.limit(.sell, 100_000, "1.20000")
        let list = SubmitOrderList(
            traderId: H.traderId, strategyId: H.strategy, orderListId: OrderListId("OL-1"), instrumentId: H.eurusd.id,
            orders: [a.initializedEvent, b.initializedEvent], commandId: UUID4(high: 9, low: 9), tsInit: h.clock.timestampNs)
        h.bus.send(Endpoints.executionExecute, .submitOrderList(list))
        #expect(h.client.commandNames == ["SubmitOrder", "SubmitOrderList"])
        #expect(h.cache.order(a.clientOrderId) != nil && h.cache.order(b.clientOrderId) != nil)
    }

    /// A client order id goes to a venue once: submitting an order the venue already has is refused as a
    /// problem and never reaches the client (a real venue rejects the duplicate; the simulated one forgets
    /// closed orders).
    @Test func resubmittingAnOrderAlreadySubmittedIsRefused() {
        let h = H()
        let order = h.limit()
        h.submit(order)
        h.client.submitted(order)
        #expect(h.client.commandNames == ["SubmitOrder"])
        h.bus.send(Endpoints.executionExecute, .submitOrder(h.submitCommand(order)))
        #expect(h.client.commandNames == ["SubmitOrder"])
        #expect(h.engine.problems.last?.kind == .invalidCommand)
        #expect(h.engine.problems.last?.message.contains("already submitted (status SUBMITTED)") == true, "\(h.engine.problems)")
    }

    // MARK: Life of an order

    @Test func lifeOfAnOrderUpdatesTheCacheBeforePublishing() {
        let h = H()
        let order = h.limit(.buy, 100_000)
        var cachedStatusSeen: [OrderStatus] = []
        h.bus.subscribe(Topics.orderEvents(H.strategy)) { [cache = h.cache] event in
            cachedStatusSeen.append(cache.order(event.clientOrderId)!.status)
        }

        h.submit(order)
        #expect(h.client.commandNames == ["SubmitOrder"])
        #expect(order.status == .initialized && h.orderEvents.isEmpty)

        h.client.submitted(order)
        #expect(order.status == .submitted && h.cache.isOrderInflight(order.clientOrderId))
        #expect(order.accountId == AccountId("SIM-001"))

        h.advance(seconds: 1)
        h.client.accepted(order)
        #expect(order.status == .accepted && order.venueOrderId == VenueOrderId("V-1"))
        #expect(h.cache.isOrderOpen(order.clientOrderId) && !h.cache.isOrderInflight(order.clientOrderId))
        #expect(h.cache.clientOrderId(for: VenueOrderId("V-1")) == order.clientOrderId)

        h.advance(seconds: 1)
        h.client.filled(order, quantity: qty(40_000), price: px("1.10000"))
        #expect(order.status == .partiallyFilled && order.filledQty == qty(40_000) && order.leavesQty == qty(60_000))
        #expect(h.cache.isOrderOpen(order.clientOrderId))
        #expect(order.positionId == Self.nettingId && h.cache.positionId(for: order.clientOrderId) == Self.nettingId)
        #expect(h.cache.position(Self.nettingId)?.quantity == qty(40_000))

        h.advance(seconds: 1)
        h.client.filled(order, price: px("1.10002"))
        #expect(order.status == .filled && order.filledQty == qty(100_000) && order.leavesQty == qty(0))
        #expect(h.cache.isOrderClosed(order.clientOrderId) && !h.cache.isOrderOpen(order.clientOrderId))
        #expect(order.avgPx == px("1.100012"))
        #expect(h.cache.position(Self.nettingId)?.quantity == qty(100_000))

        #expect(h.orderEvents.map(\.name) == ["OrderSubmitted", "OrderAccepted", "OrderFilled", "OrderFilled"])
        #expect(cachedStatusSeen == [.submitted, .accepted, .partiallyFilled, .filled])
        #expect(h.fills.map(\.tradeId) == [TradeId("E-1"), TradeId("E-2")])
        #expect(h.fills.allSatisfy { $0.positionId == Self.nettingId })
        #expect(h.positionEvents.map(\.kind) == [.opened, .changed])
        #expect(h.engine.eventCount == 4 && h.engine.problems.isEmpty)
        #expect(h.cache.checkIntegrity().isEmpty)
    }

    @Test func publicationOrderIsFillThenOrderEventThenPositionEvents() {
        let h = H()
        h.trade(h.limit(), at: "1.10000")
        #expect(h.log.map { String($0.prefix(while: { $0 != " " })) } == ["order", "order", "fill", "order", "position"])
        #expect(h.log[2].hasPrefix("fill E-1 EUR/USD.SIM-S-001 100000@1.10000"))
        #expect(h.log[4].hasPrefix("position PositionOpened EUR/USD.SIM-S-001 LONG 100000"))
    }

    // MARK: Venue input that does not fit

    @Test func invalidVenueTransitionsAreReportedAndLeaveTheOrderUnchanged() {
        let h = H()
        let order = h.limit()
        h.trade(order, at: "1.10000")
        let published = h.orderEvents.count
        h.client.canceled(order)  // FILLED → CANCELED is not a transition
        h.client.accepted(order, venueOrderId: VenueOrderId("V-9"))
        #expect(order.status == .filled && order.venueOrderId == VenueOrderId("V-1"))
        #expect(h.engine.problems.map(\.kind) == [.invalidTransition, .invalidTransition])
        #expect(h.engine.problems[0].message.contains("OrderCanceled"))
        #expect(h.orderEvents.count == published)

        // An event for an order nobody knows, without a venue order id.
        let stranger = h.limit()
        h.client.submitted(stranger)
        #expect(h.engine.problems.last?.kind == .orderNotFound)
        #expect(h.engine.eventCount == 6)
    }

    @Test func duplicateFillsAndOverfillsAreReported() {
        let h = H()
        let order = h.limit(.buy, 100_000)
        h.submit(order)
        h.client.submitted(order)
        h.client.accepted(order)
        let first = h.client.fill(order, quantity: qty(60_000), price: px("1.10000"), tradeId: TradeId("T-1"))
        h.client.send(.filled(first))
        h.client.send(.filled(first))  // the same trade again
        #expect(h.engine.problems.map(\.kind) == [.duplicateFill])
        h.client.filled(order, quantity: qty(50_000), price: px("1.10000"), tradeId: TradeId("T-2"))  // 60k + 50k > 100k
        #expect(h.engine.problems.map(\.kind) == [.duplicateFill, .overfill])
        #expect(h.engine.problems[1].message.contains("overfill"))
        #expect(order.filledQty == qty(60_000) && order.status == .partiallyFilled)
        #expect(h.cache.position(Self.nettingId)?.quantity == qty(60_000))
        #expect(h.fills.count == 1 && h.positionEvents.count == 1)
    }

    @Test func anEventIsFoundThroughItsVenueOrderId() {
        let h = H()
        let order = h.limit()
        h.submit(order)
        h.client.submitted(order)
        h.client.accepted(order, venueOrderId: VenueOrderId("V-77"))
        // The venue reports the cancel under an id the cache does not know, with the right venue order id.
        let canceled = OrderEvent.canceled(OrderCanceled(
            traderId: H.traderId, strategyId: H.strategy, instrumentId: H.eurusd.id, clientOrderId: ClientOrderId("UNKNOWN-1"),
            eventId: UUID4(high: 5, low: 5), tsEvent: h.clock.timestampNs, tsInit: h.clock.timestampNs,
            venueOrderId: VenueOrderId("V-77"), accountId: AccountId("SIM-001")))
        h.client.send(canceled)
        #expect(order.status == .canceled && h.engine.problems.isEmpty)
        #expect(h.orderEvents.last?.clientOrderId == order.clientOrderId)
    }

    // MARK: Positions

    @Test func nettingPositionOpensAddsReducesFlipsAndCloses() {
        let h = H(oms: .netting)
        h.trade(h.limit(.buy, 100_000), at: "1.10000", commission: "2.00")  // open long 100k
        h.trade(h.limit(.buy, 50_000), at: "1.10030", commission: "1.00")  // add: 150k @ 1.10010
        let position = h.cache.position(Self.nettingId)!
        #expect(position.quantity == qty(150_000) && position.averageOpenPrice == px("1.100100"))
        h.trade(h.limit(.sell, 50_000), at: "1.10110", commission: "1.00")  // reduce: +50k × 0.00100 = 50.00
        // realized: 50.00 − (2.00 + 1.00 + 1.00) = 46.00
        #expect(position.quantity == qty(100_000) && position.realizedPnl == usd("46.00"))

        // Flip: sell 150k at 1.10210 closes 100k from 1.10010 (+200.00) and opens 50k short under the same id.
        h.trade(h.limit(.sell, 150_000), at: "1.10210", commission: "3.00")
        #expect(position.isClosed)
        // The closing part carries 2.00 of the 3.00 commission: 46.00 + 200.00 − 2.00 = 244.00.
        #expect(position.realizedPnl == usd("244.00"))
        let snapshots = h.cache.positionSnapshots(for: Self.nettingId)
        #expect(snapshots.count == 1 && snapshots[0].realizedPnl == usd("244.00") && snapshots[0].side == .flat)
        let flipped = h.cache.position(Self.nettingId)!
        #expect(flipped !== position && flipped.isShort && flipped.quantity == qty(50_000))
        #expect(flipped.realizedPnl == usd("-1.00"))
        #expect(flipped.appliedTradeIds == [TradeId("E-4-2")])

        // Close: buy 50k at 1.10110: +50.00 on the −1.00 opening commission.
        h.trade(h.limit(.buy, 50_000), at: "1.10110")
        #expect(flipped.isClosed && flipped.realizedPnl == usd("49.00"))
        #expect(h.positionEvents.map(\.kind) == [.opened, .changed, .changed, .closed, .opened, .closed])
        #expect(h.positionEvents.allSatisfy { $0.positionId == Self.nettingId })
        #expect(h.positionEvents.map(\.side) == [.long, .long, .long, .flat, .short, .flat])
        #expect(h.cache.positionsOpenCount() == 0 && h.engine.problems.isEmpty)
        #expect(h.cache.checkIntegrity().isEmpty)
    }

    @Test func nettingClosedPositionReopensUnderItsIdAfterASnapshot() {
        let h = H(oms: .netting)
        h.trade(h.limit(.buy, 100_000), at: "1.10000")
        h.trade(h.limit(.sell, 100_000), at: "1.10010")
        let closed = h.cache.position(Self.nettingId)!
        h.trade(h.limit(.buy, 20_000), at: "1.10020")
        let reopened = h.cache.position(Self.nettingId)!
        #expect(reopened !== closed && reopened.isLong && closed.isClosed)
        #expect(h.cache.positionSnapshots(for: Self.nettingId).map(\.realizedPnl) == [usd("10.00")])
        #expect(h.positionEvents.map(\.kind) == [.opened, .closed, .opened])
    }

    @Test func reduceOnlyFillDoesNotOpenANettingPosition() {
        let h = H(oms: .netting)
        h.trade(h.limit(.sell, 10_000, reduceOnly: true), at: "1.10000")
        #expect(h.cache.position(Self.nettingId) == nil)
        #expect(h.engine.problems.map(\.kind) == [.positionError])
    }

    @Test func hedgingPositionsGetSeparateGeneratedIds() {
        let h = H(oms: .hedging)
        let a = h.limit(.buy, 100_000), b = h.limit(.buy, 100_000), c = h.limit(.sell, 30_000)
        h.trade(a, at: "1.10000")
        h.trade(b, at: "1.10010")
        h.trade(c, at: "1.10020", positionId: PositionId("VENUE-POS-9"))
        let ids = h.cache.positionsOpen().map(\.id)
        #expect(ids == [PositionId("P-20231114-221320-001-001-1"), PositionId("P-20231114-221320-001-001-2"), PositionId("VENUE-POS-9")])
        #expect(h.cache.position(ids[2])!.isShort)
        #expect(h.engine.positionIdCount(for: H.strategy) == 2)
        #expect(h.positionEvents.map(\.kind) == [.opened, .opened, .opened])
        #expect(a.positionId == ids[0] && b.positionId == ids[1])
    }

    @Test func hedgingFlipOfAGeneratedIdOpensAnFId() {
        let h = H(oms: .hedging)
        h.trade(h.limit(.buy, 100_000), at: "1.10000")
        let first = h.cache.positionsOpen()[0]
        // A sell booked to the same position, larger than it.
        let sell = h.limit(.sell, 150_000)
        h.trade(sell, at: "1.10010", positionId: first.id)
        #expect(first.isClosed && first.realizedPnl == usd("10.00"))
        let flipped = h.cache.positionsOpen()
        #expect(flipped.map(\.id) == [PositionId("P-20231114-221320-001-001-2F")] && flipped[0].quantity == qty(50_000))
        #expect(h.positionEvents.map(\.kind) == [.opened, .closed, .opened])
    }

    @Test func strategyOmsOverrideWinsOverTheClients() {
        let h = H(oms: .hedging)
        h.engine.registerOmsType(.netting, for: H.strategy)
        #expect(h.engine.omsType(strategyId: H.strategy, instrumentId: H.eurusd.id) == .netting)
        h.trade(h.limit(.buy, 100_000), at: "1.10000")
        h.trade(h.limit(.buy, 100_000), at: "1.10000")
        #expect(h.cache.positions().map(\.id) == [Self.nettingId])
        h.engine.registerOmsType(.unspecified, for: H.strategy)
        #expect(h.engine.omsType(strategyId: H.strategy, instrumentId: H.eurusd.id) == .hedging)
    }

    @Test func fillForAnInstrumentNotInTheCacheIsReported() {
        let h = H()
        let order = try! h.factory.market(instrumentId: InstrumentId("XYZ.SIM"), side: .buy, quantity: qty(1), tsInit: h.clock.timestampNs)
        h.cache.add(order: order)
        h.client.submitted(order)
        h.client.accepted(order)
        h.client.filled(order, price: px("10.0"))
        #expect(order.status == .filled)
        #expect(h.engine.problems.map(\.kind) == [.instrumentNotFound])
    }

    // MARK: Determinism and lifecycle

    static func scenario(seed: UInt64) -> [String] {
        let h = H(oms: .hedging, seed: seed)
        h.trade(h.limit(.buy, 100_000), at: "1.10000", commission: "2.00")
        h.advance(seconds: 5)
        h.trade(h.limit(.sell, 40_000), at: "1.10010")
        let first = h.cache.positionsOpen()[0]
        h.advance(seconds: 5)
        h.trade(h.limit(.sell, 160_000), at: "1.10020", positionId: first.id)
        return h.log
    }

    @Test func sameInputsGiveIdenticalEventSequencesIncludingIds() {
        let first = Self.scenario(seed: 42)
        let second = Self.scenario(seed: 42)
        #expect(first == second)
        // 5 entries per plain trade (3 order events, a fill, a position event); the flip adds one position event.
        #expect(first.count == 16)
        #expect(Self.scenario(seed: 43) != first)  // the engine's seed reaches the position event ids
    }

    @Test func startConnectsAndStopDisconnectsTheClients() throws {
        let h = H()
        #expect(h.engine.state == .ready && !h.engine.isConnected)
        try h.engine.start()
        #expect(h.engine.state == .running && h.client.isConnected && h.engine.isConnected)
        try h.engine.stop()
        #expect(h.engine.state == .stopped && !h.client.isConnected)
        try h.engine.reset()
        #expect(h.engine.commandCount == 0 && h.engine.state == .ready)
        try h.engine.dispose()
        #expect(h.engine.state == .disposed && !h.engine.isRegistered && !h.bus.isRegistered(Endpoints.executionExecute))
        #expect(throws: LifecycleError.self) { try h.engine.start() }
    }

    @Test func testExecutionClientConformsToThePort() {
        let clock = TestClock(time: H.t0)
        let factory = OrderFactory(traderId: H.traderId, strategyId: H.strategy, seed: 3)
        let failures = ExecutionClientConformance.check(
            makeClient: { TestExecutionClient(msgbus: $0, clock: clock) },
            submit: { _ in
                let order = try! factory.market(instrumentId: H.eurusd.id, side: .buy, quantity: qty(1_000), tsInit: H.t0)
                return SubmitOrder(traderId: H.traderId, strategyId: H.strategy, order: order.initializedEvent, commandId: UUID4(high: 1, low: 1), tsInit: H.t0)
            })
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func positionIdGeneratorFollowsTheReferenceFormat() {
        var generator = PositionIdGenerator(traderId: TraderId("TESTER-000"))
        let ts = UnixNanos(seconds: 1_704_164_645)  // 2024-01-02T03:04:05Z
        #expect(generator.generate(strategyId: StrategyId("S-001"), at: ts) == PositionId("P-20240102-030405-000-001-1"))
        #expect(generator.generate(strategyId: StrategyId("S-001"), at: ts, flipped: true) == PositionId("P-20240102-030405-000-001-2F"))
        #expect(generator.generate(strategyId: StrategyId("S-002"), at: ts) == PositionId("P-20240102-030405-000-002-1"))
        #expect(PositionId("P-20240102-030405-000-002-1").isVirtual && !Self.nettingId.isVirtual)
    }

    // MARK: Traps

    @Test func registeringAClientTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = ExecutionHarness()
            h.engine.register(client: h.client)
        }
    }

    @Test func registeringTheEngineTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let h = ExecutionHarness()
            h.engine.register()
        }
    }

    @Test func twoClientsUnderOneIdTrap() async {
        await #expect(processExitsWith: .failure) {
            let h = ExecutionHarness()
            h.engine.setDefault(client: TestExecutionClient(msgbus: h.bus, clock: h.clock))
        }
    }

    @Test func generatedPositionIdOver63BytesTraps() async {
        await #expect(processExitsWith: .failure) {
            var generator = PositionIdGenerator(traderId: TraderId("T-" + String(repeating: "A", count: 40)))
            _ = generator.generate(strategyId: StrategyId("S-" + String(repeating: "B", count: 30)), at: .zero)
        }
    }

    @Test func negativePositionIdCountTraps() async {
        await #expect(processExitsWith: .failure) {
            var generator = PositionIdGenerator(traderId: TraderId("T-1"))
            generator.setCount(-1, for: StrategyId("S-1"))
        }
    }
}
