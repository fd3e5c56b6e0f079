import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CacheTests {
    typealias F = CacheFixtures

    /// Many orders through the order table's growth, across instruments and strategies (the index lists' last-key
    /// memo switches), then a purge of the closed ones: every order is found, queries keep add order, the audit
    /// is clean.
    @Test func manyOrdersLookUpsAndPurge() {
        let cache = Cache()
        let factories = [F.factory(), F.factory(F.otherStrategy)]
        var orders: [Order] = []
        for k in 0..<300 {
            let order = F.limit(factories[k % 2], k % 3 == 0 ? F.gbpusd : F.eurusd)
            cache.add(order: order)
            orders.append(order)
        }
        for order in orders { #expect(cache.order(order.clientOrderId) === order) }
        #expect(cache.order(ClientOrderId("O-UNKNOWN")) == nil)
        #expect(cache.orders().map(\.clientOrderId) == orders.map(\.clientOrderId))
        #expect(
            cache.orders(instrumentId: F.gbpusd.id, strategyId: F.strategy).map(\.clientOrderId)
                == orders.enumerated().filter { $0.offset % 6 == 0 }.map(\.element.clientOrderId))
        #expect(cache.checkIntegrity().isEmpty)
        // Cancel every third order, then purge them.
        for (k, order) in orders.enumerated() where k % 3 == 1 {
            F.apply(order, TestOrderEvents.submitted(order, at: F.at(1)), in: cache)
            F.apply(order, TestOrderEvents.accepted(order, venueOrderId: VenueOrderId("V-\(k)"), at: F.at(2)), in: cache)
            F.apply(order, TestOrderEvents.canceled(order, at: F.at(5)), in: cache)
        }
        #expect(cache.ordersClosedCount() == 100)
        #expect(cache.purgeClosedOrders(tsNow: F.at(10)) == 100)
        let kept = orders.enumerated().filter { $0.offset % 3 != 1 }.map(\.element)
        for order in kept { #expect(cache.order(order.clientOrderId) === order) }
        for (k, order) in orders.enumerated() where k % 3 == 1 { #expect(cache.order(order.clientOrderId) == nil) }
        #expect(cache.orders().map(\.clientOrderId) == kept.map(\.clientOrderId))
        #expect(cache.ordersCount(strategyId: F.otherStrategy) == kept.filter { $0.strategyId == F.otherStrategy }.count)
        #expect(cache.checkIntegrity().isEmpty)
    }

    /// Orders closed through the execution engine's path (`updateOrder(_:since:)`) join the closed set unhashed;
    /// membership tests, queries and the audit still see them, and a later `updateOrder(_:)` does not add them twice.
    @Test func ordersClosedSinceAMarkAreMembers() {
        let cache = Cache()
        let factory = F.factory()
        var closed: [Order] = []
        for k in 0..<40 {
            let order = F.limit(factory)
            cache.add(order: order)
            for event in [
                TestOrderEvents.submitted(order, at: F.at(1)),
                TestOrderEvents.accepted(order, venueOrderId: VenueOrderId("V-\(k)"), at: F.at(2)),
            ] + (k % 2 == 0 ? [TestOrderEvents.canceled(order, at: F.at(3))] : []) {
                let mark = cache.indexMark(of: order)
                try! order.apply(event)
                cache.updateOrder(order, since: mark)
            }
            if k % 2 == 0 { closed.append(order) }
            if k == 10 { #expect(cache.isOrderClosed(order.clientOrderId)) }  // hashes the first ones
        }
        for order in closed { #expect(cache.isOrderClosed(order.clientOrderId)) }
        #expect(cache.ordersClosed().map(\.clientOrderId) == closed.map(\.clientOrderId))
        #expect(cache.ordersClosedCount(instrumentId: F.eurusd.id) == 20)
        cache.updateOrder(closed[3])
        #expect(cache.ordersClosedCount() == 20)
        #expect(cache.checkIntegrity().isEmpty)
    }

    @Test func generalKeyValues() {
        let cache = Cache()
        #expect(cache.get(key: "a") == nil)
        cache.add(key: "b", value: [1, 2])
        cache.add(key: "a", value: [])
        cache.add(key: "b", value: [3])
        #expect(cache.get(key: "b") == [3])
        #expect(cache.get(key: "a") == [])
        #expect(cache.generalKeys == ["b", "a"])
    }

    @Test func instrumentsByIdAndVenue() {
        let cache = Cache()
        cache.add(instrument: F.gbpusd.instrument)
        cache.add(instrument: F.esh4.instrument)
        cache.add(instrument: F.eurusd.instrument)
        cache.add(instrument: F.gbpusd.instrument)  // a new definition replaces the old
        #expect(cache.instrument(F.eurusd.id) == F.eurusd.instrument)
        #expect(cache.instrument(InstrumentId("NONE.SIM")) == nil)
        #expect(cache.instrumentIds() == [F.gbpusd.id, F.esh4.id, F.eurusd.id])
        #expect(cache.instrumentIds(venue: Venue("SIM")) == [F.gbpusd.id, F.eurusd.id])
        #expect(cache.instruments(venue: Venue("GLBX")) == [F.esh4.instrument])
        #expect(cache.instruments(venue: Venue("NONE")).isEmpty)
        expectConsistent(cache)
    }

    @Test func accountsByIdAndVenue() throws {
        let cache = Cache()
        let state = AccountState(
            accountId: AccountId("SIM-001"), accountType: .cash, baseCurrency: .usd,
            balances: [AccountBalance(total: try Money("1000.00", .usd), locked: .zero(.usd))], isReported: true,
            eventId: UUID4(high: 1, low: 1), tsEvent: F.t0, tsInit: F.t0)
        let account = try Account(state)
        cache.add(account: account)
        #expect(cache.account(AccountId("SIM-001")) === account)
        #expect(cache.account(for: Venue("SIM")) === account)
        #expect(cache.account(for: Venue("BINANCE")) == nil)
        #expect(cache.accounts.count == 1)
        cache.updateAccount(account)
        expectConsistent(cache)
    }

    /// An order through its life: each step moves it between the state sets, and the cache stays consistent.
    @Test func orderLifeMovesThroughTheStateSets() {
        let cache = Cache()
        let order = F.limit(F.factory())
        let id = order.clientOrderId
        cache.add(order: order)
        #expect(cache.order(id) === order)
        #expect(!cache.isOrderOpen(id) && !cache.isOrderClosed(id) && !cache.isOrderInflight(id))
        expectConsistent(cache)

        F.apply(order, TestOrderEvents.submitted(order, at: F.at(1)), in: cache)
        #expect(cache.isOrderInflight(id) && !cache.isOrderOpen(id))
        #expect(cache.ordersInflightCount() == 1)
        expectConsistent(cache)

        F.apply(order, TestOrderEvents.accepted(order, venueOrderId: VenueOrderId("V-1"), at: F.at(2)), in: cache)
        #expect(cache.isOrderOpen(id) && !cache.isOrderInflight(id))
        #expect(cache.clientOrderId(for: VenueOrderId("V-1")) == id)
        #expect(cache.venueOrderId(for: id) == VenueOrderId("V-1"))
        expectConsistent(cache)

        F.apply(order, .filled(F.fill(order, 40_000, at: 3)), in: cache)
        #expect(order.status == .partiallyFilled)
        #expect(cache.isOrderOpen(id) && cache.ordersOpenCount() == 1)
        expectConsistent(cache)

        F.apply(order, .filled(F.fill(order, 60_000, at: 4)), in: cache)
        #expect(order.status == .filled)
        #expect(!cache.isOrderOpen(id) && cache.isOrderClosed(id))
        #expect(cache.ordersOpenCount() == 0 && cache.ordersClosedCount() == 1)
        expectConsistent(cache)
    }

    @Test func canceledOrderPassesThroughPendingCancel() {
        let cache = Cache()
        let order = F.accepted(F.limit(F.factory()), venueId: "V-1", in: cache)
        F.apply(order, TestOrderEvents.pendingCancel(order, at: F.at(3)), in: cache)
        #expect(cache.isOrderOpen(order.clientOrderId) && cache.isOrderInflight(order.clientOrderId))
        expectConsistent(cache)
        F.apply(order, TestOrderEvents.canceled(order, at: F.at(4)), in: cache)
        #expect(cache.ordersClosed().map(\.clientOrderId) == [order.clientOrderId])
        #expect(cache.ordersOpen().isEmpty && cache.ordersInflight().isEmpty)
        expectConsistent(cache)
    }

    @Test func emulatedOrderIsNeitherOpenNorInflightUntilReleased() {
        let cache = Cache()
        let order = F.limit(F.factory(), emulation: .bidAsk)
        cache.add(order: order)
        F.apply(order, TestOrderEvents.emulated(order, at: F.at(1)), in: cache)
        #expect(cache.isOrderEmulated(order.clientOrderId))
        #expect(cache.ordersEmulated().count == 1 && cache.ordersOpenCount() == 0)
        expectConsistent(cache)
        F.apply(order, TestOrderEvents.released(order, price: F.px("1.10000"), at: F.at(2)), in: cache)
        #expect(!cache.isOrderEmulated(order.clientOrderId))
        F.apply(order, TestOrderEvents.submitted(order, at: F.at(3)), in: cache)
        #expect(cache.isOrderInflight(order.clientOrderId))
        expectConsistent(cache)
    }

    @Test func orderAddedWithPositionAndClient() {
        let cache = Cache()
        let order = F.limit(F.factory())
        cache.add(order: order, positionId: PositionId("P-1"), clientId: ClientId("SIM"))
        #expect(cache.positionId(for: order.clientOrderId) == PositionId("P-1"))
        #expect(cache.clientId(for: order.clientOrderId) == ClientId("SIM"))
        #expect(cache.orders(clientId: ClientId("SIM")).map(\.clientOrderId) == [order.clientOrderId])
        #expect(cache.orders(clientId: ClientId("OTHER")).isEmpty)
        #expect(cache.strategyId(for: order.clientOrderId) == F.strategy)
        #expect(cache.orderIds(for: PositionId("P-1")) == [order.clientOrderId])
        expectConsistent(cache)
    }

    @Test func orderLists() throws {
        let cache = Cache()
        let factory = F.factory()
        let bracket = try factory.bracket(
            instrumentId: F.eurusd.id, side: .buy, quantity: Quantity(units: 100_000), entry: .market,
            stopLoss: .stopMarket(triggerPrice: F.px("1.09000")), takeProfit: .limit(price: F.px("1.12000")), tsInit: F.at(0))
        cache.add(orderList: bracket)
        for order in bracket.orders { cache.add(order: order) }
        #expect(cache.orderList(bracket.id)?.orders.count == 3)
        #expect(cache.orderLists(strategyId: F.strategy).map(\.id) == [bracket.id])
        #expect(cache.orderLists(strategyId: F.otherStrategy).isEmpty)
        expectConsistent(cache)
    }

    @Test func requireOrderReturnsTheCachedOrder() {
        let cache = Cache()
        let order = F.limit(F.factory())
        cache.add(order: order)
        #expect(cache.requireOrder(order.clientOrderId) === order)
        #expect(cache.order(ClientOrderId("O-NONE")) == nil)
        #expect(!cache.orderExists(ClientOrderId("O-NONE")))
    }

    @Test func integrityAuditReportsAnOrderChangedWithoutUpdate() {
        let cache = Cache()
        let order = F.limit(F.factory())
        cache.add(order: order)
        try! order.apply(TestOrderEvents.submitted(order, at: F.at(1)))  // the engine forgot updateOrder
        let problems = cache.checkIntegrity()
        #expect(problems.count == 1)
        #expect(problems.first?.contains("missing from the in-flight set") == true)
        cache.updateOrder(order)
        expectConsistent(cache)
    }

    // MARK: Traps

    @Test func addingAnOrderTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            let order = CacheFixtures.limit(CacheFixtures.factory())
            cache.add(order: order)
            cache.add(order: order)
        }
    }

    @Test func updatingAnUnknownOrderTraps() async {
        await #expect(processExitsWith: .failure) {
            Cache().updateOrder(CacheFixtures.limit(CacheFixtures.factory()))
        }
    }

    @Test func updatingAnotherObjectUnderACachedIdTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            cache.add(order: CacheFixtures.limit(CacheFixtures.factory()))
            cache.updateOrder(CacheFixtures.limit(CacheFixtures.factory()))  // same seed: same id, another object
        }
    }

    @Test func requiringAMissingOrderTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Cache().requireOrder(ClientOrderId("O-NONE"))
        }
    }

    @Test func requiringAMissingInstrumentTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Cache().requireInstrument(InstrumentId("NONE.SIM"))
        }
    }

    @Test func addingAnAccountTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            let state = AccountState(
                accountId: AccountId("SIM-001"), accountType: .cash, baseCurrency: .usd, balances: [], isReported: true,
                eventId: UUID4(high: 1, low: 1), tsEvent: .zero, tsInit: .zero)
            cache.add(account: try! Account(state))
            cache.add(account: try! Account(state))
        }
    }

    @Test func updatingAnUnknownAccountTraps() async {
        await #expect(processExitsWith: .failure) {
            let state = AccountState(
                accountId: AccountId("SIM-001"), accountType: .cash, baseCurrency: .usd, balances: [], isReported: true,
                eventId: UUID4(high: 1, low: 1), tsEvent: .zero, tsInit: .zero)
            Cache().updateAccount(try! Account(state))
        }
    }

    @Test func addingAnOrderListTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            let list = try! CacheFixtures.factory().bracket(
                instrumentId: CacheFixtures.eurusd.id, side: .buy, quantity: Quantity(units: 1_000), entry: .market,
                stopLoss: .stopMarket(triggerPrice: CacheFixtures.px("1.00000")),
                takeProfit: .limit(price: CacheFixtures.px("1.20000")), tsInit: .zero)
            cache.add(orderList: list)
            cache.add(orderList: list)
        }
    }

    @Test func zeroCapacityTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = CacheConfig(tickCapacity: 0)
        }
    }
}
