// CacheDatabaseConformance: the checks every `CacheDatabase` backend must pass (its "Implementation
// requirements"), written once and run against each backend — the in-memory one now, SQLite, PostgreSQL and
// Redis later — as swift-collections' `checkCollection` is run against every collection.

public import KeelCache
import KeelCore
public import KeelModel

/// Checks a `CacheDatabase` implementation against the port's requirements.
///
/// ```swift
/// @Test func inMemoryDatabaseConforms() throws {
///     let failures = CacheDatabaseConformance.check { InMemoryCacheDatabase() }
///     #expect(failures.isEmpty, "\(failures)")
/// }
/// ```
public enum CacheDatabaseConformance {
    /// Runs every check, each on fresh databases from `makeDatabase`, and returns the failures (empty if the
    /// implementation conforms). Each failure names the check.
    ///
    /// `makeDatabase` must return an empty database that shares no storage with earlier ones.
    public static func check<Database: CacheDatabase>(_ makeDatabase: () throws -> Database) -> [String] {
        var failures: [String] = []
        func run(_ name: String, _ body: (any CacheDatabase, inout [String]) throws -> Void) {
            do {
                let database = try makeDatabase()
                var found: [String] = []
                try body(database, &found)
                failures += found.map { "\(name): \($0)" }
            } catch {
                failures.append("\(name): threw \(error)")
            }
        }
        run("a fresh database is empty", checkEmpty)
        run("records round trip unchanged", checkRoundTrip)
        run("stores are upserts in first-stored order", checkUpserts)
        run("a cache rebuilds itself from the database", checkCacheRoundTrip)
        run("close flushes", { database, found in
            database.store(key: "k", value: [1])
            try database.close()
        })
        do {
            let first = try makeDatabase()
            let second = try makeDatabase()
            first.store(key: "isolated", value: [1])
            try first.flush()
            if try !second.loadGeneral().isEmpty { failures.append("databases are isolated: a second database sees the first's writes") }
        } catch {
            failures.append("databases are isolated: threw \(error)")
        }
        return failures
    }

    private static func expect(_ condition: Bool, _ message: @autoclosure () -> String, _ found: inout [String]) {
        if !condition { found.append(message()) }
    }

    private static func checkEmpty(_ database: any CacheDatabase, _ found: inout [String]) throws {
        expect(try database.loadGeneral().isEmpty, "general store is not empty", &found)
        expect(try database.loadInstruments().isEmpty, "instruments are not empty", &found)
        expect(try database.loadAccounts().isEmpty, "accounts are not empty", &found)
        expect(try database.loadOrders().isEmpty, "orders are not empty", &found)
        expect(try database.loadPositions().isEmpty, "positions are not empty", &found)
        expect(try database.loadPositionSnapshots().isEmpty, "snapshots are not empty", &found)
    }

    private static func checkRoundTrip(_ database: any CacheDatabase, _ found: inout [String]) throws {
        let cache = Cache()  // No write-through: records are built from a scenario and stored by hand.
        Scenario.populate(cache)
        let instruments = cache.instruments()
        let accounts = cache.accounts.map { AccountRecord($0) }
        let orders = cache.orders().map { OrderRecord($0, positionId: cache.positionId(for: $0.clientOrderId), clientId: cache.clientId(for: $0.clientOrderId)) }
        let positions = cache.positions().map { PositionRecord($0, oms: cache.omsType(for: $0.id) ?? .netting) }
        let snapshots = cache.positionSnapshots
        database.store(key: "b", value: [2, 0, 255])
        database.store(key: "a", value: [])
        for instrument in instruments { database.store(instrument: instrument) }
        for account in accounts { database.store(account: account) }
        for order in orders { database.store(order: order) }
        for position in positions { database.store(position: position) }
        for snapshot in snapshots { database.add(positionSnapshot: snapshot) }
        try database.flush()
        let general = try database.loadGeneral()
        expect(general.map(\.key) == ["b", "a"] && general.map(\.value) == [[2, 0, 255], []], "general key-values differ: \(general)", &found)
        expect(try database.loadInstruments() == instruments, "instruments differ", &found)
        expect(try database.loadAccounts() == accounts, "accounts differ", &found)
        expect(try database.loadOrders() == orders, "orders differ", &found)
        expect(try database.loadPositions() == positions, "positions differ", &found)
        expect(try database.loadPositionSnapshots() == snapshots, "snapshots differ", &found)
    }

    private static func checkUpserts(_ database: any CacheDatabase, _ found: inout [String]) throws {
        let cache = Cache()
        Scenario.populate(cache)
        let orders = cache.orders()
        guard orders.count >= 2 else { return found.append("scenario has fewer than two orders") }
        let (first, second) = (orders[0], orders[1])
        let shortFirst = OrderRecord(clientOrderId: first.clientOrderId, events: [first.events[0]], positionId: nil, clientId: nil)
        database.store(order: shortFirst)
        database.store(order: OrderRecord(second, positionId: nil, clientId: nil))
        let fullFirst = OrderRecord(first, positionId: cache.positionId(for: first.clientOrderId), clientId: ClientId("SIM"))
        database.store(order: fullFirst)
        database.store(key: "k", value: [1])
        database.store(key: "k", value: [2])
        let instrument = cache.instruments()[0]
        database.store(instrument: instrument)
        database.store(instrument: instrument)
        try database.flush()
        let loaded = try database.loadOrders()
        expect(loaded.map(\.clientOrderId) == [first.clientOrderId, second.clientOrderId], "orders are not in first-stored order", &found)
        expect(loaded.first == fullFirst, "the latest record of an order does not replace the earlier one", &found)
        let general = try database.loadGeneral()
        expect(general.count == 1 && general.first?.value == [2], "a key stored twice holds its latest value once: \(general)", &found)
        expect(try database.loadInstruments() == [instrument], "an instrument stored twice is loaded once", &found)
    }

    private static func checkCacheRoundTrip(_ database: any CacheDatabase, _ found: inout [String]) throws {
        let live = Cache(database: database)
        Scenario.populate(live)
        try database.flush()
        let restarted = Cache(database: database)
        try restarted.loadFromDatabase()
        expect(restarted.checkIntegrity().isEmpty, "the restarted cache is inconsistent: \(restarted.checkIntegrity())", &found)
        expect(restarted.get(key: Scenario.key) == live.get(key: Scenario.key), "general value differs", &found)
        expect(restarted.instrumentIds() == live.instrumentIds(), "instrument ids differ", &found)
        expect(restarted.accounts.map(\.balances) == live.accounts.map(\.balances), "account balances differ", &found)
        expect(restarted.accounts.map(\.eventCount) == live.accounts.map(\.eventCount), "account event counts differ", &found)
        let liveOrders = live.orders(), loadedOrders = restarted.orders()
        expect(loadedOrders.map(\.clientOrderId) == liveOrders.map(\.clientOrderId), "order ids or their order differ", &found)
        for (a, b) in zip(liveOrders, loadedOrders) {
            expect(a.events == b.events && a.status == b.status && a.filledQty == b.filledQty && a.venueOrderId == b.venueOrderId,
                   "order \(a.clientOrderId) differs after replay (\(a.status) vs \(b.status))", &found)
            expect(restarted.positionId(for: a.clientOrderId) == live.positionId(for: a.clientOrderId), "position of order \(a.clientOrderId) differs", &found)
            expect(restarted.clientId(for: a.clientOrderId) == live.clientId(for: a.clientOrderId), "client of order \(a.clientOrderId) differs", &found)
        }
        expect(restarted.ordersOpen().map(\.clientOrderId) == live.ordersOpen().map(\.clientOrderId), "open orders differ", &found)
        expect(restarted.ordersClosed().map(\.clientOrderId) == live.ordersClosed().map(\.clientOrderId), "closed orders differ", &found)
        expect(restarted.ordersInflight().map(\.clientOrderId) == live.ordersInflight().map(\.clientOrderId), "in-flight orders differ", &found)
        for order in liveOrders {
            for venueOrderId in order.venueOrderIds where restarted.clientOrderId(for: venueOrderId) != order.clientOrderId {
                found.append("venue order id \(venueOrderId) does not map back after the restart")
            }
        }
        let livePositions = live.positions(), loadedPositions = restarted.positions()
        expect(loadedPositions.map(\.id) == livePositions.map(\.id), "position ids differ", &found)
        for (a, b) in zip(livePositions, loadedPositions) {
            expect(a.events == b.events && a.side == b.side && a.quantity == b.quantity && a.realizedPnl == b.realizedPnl,
                   "position \(a.id) differs after replay", &found)
        }
        expect(restarted.positionsOpen().map(\.id) == live.positionsOpen().map(\.id), "open positions differ", &found)
        expect(restarted.positionSnapshots == live.positionSnapshots, "position snapshots differ", &found)
    }
}

extension CacheDatabaseConformance {
    /// A small trading session driven through the cache as the engines drive it: instruments, a margin
    /// account, orders through their lives (filled, open, in flight, canceled), a NETTING position opened,
    /// closed and snapshotted, another left open, and a general key-value.
    public enum Scenario {
        /// The general key the scenario stores.
        public static let key = "Strategy.S-001.state"
        /// The scenario's NETTING position on EUR/USD.
        public static let eurusdPosition = PositionId("EUR/USD.SIM-S-001")
        /// The scenario's position on GBP/USD, left open.
        public static let gbpusdPosition = PositionId("GBP/USD.SIM-S-001")

        /// Drives the session into `cache`.
        public static func populate(_ cache: Cache) {
            let eurusd = TestInstruments.eurusdSim, gbpusd = TestInstruments.gbpusdSim
            cache.add(instrument: eurusd.instrument)
            cache.add(instrument: gbpusd.instrument)
            cache.add(key: key, value: [1, 2, 3])

            let t0 = UnixNanos(seconds: 1_700_000_000)
            func at(_ seconds: UInt64) -> UnixNanos { t0 + .seconds(seconds) }
            let account = requireValid {
                try Account(
                    AccountState(
                        accountId: TestOrderEvents.accountId, accountType: .margin, baseCurrency: .usd,
                        balances: [AccountBalance(total: try Money("1000000.00", .usd), locked: .zero(.usd))],
                        isReported: true, eventId: UUID4(high: 1, low: 1), tsEvent: t0, tsInit: t0),
                    isCalculated: true)
            }
            cache.add(account: account)

            let factory = OrderFactory(traderId: TraderId("TRADER-001"), strategyId: StrategyId("S-001"), seed: 7)
            func apply(_ order: Order, _ event: OrderEvent) {
                requireValid { try order.apply(event) }
                cache.updateOrder(order)
            }
            func fill(_ order: Order, _ qty: Int64, _ px: String, _ ts: UInt64, position positionId: PositionId) {
                let instrument = cache.requireInstrument(order.instrumentId)
                let event = TestOrderEvents.filled(
                    order, quantity: Quantity(units: qty), price: requireValid { try Price(px) }, at: at(ts),
                    positionId: positionId, commission: requireValid { try Money("2.00", .usd) })
                apply(order, .filled(event))
                if let position = cache.position(positionId), position.isOpen {
                    requireValid { try position.apply(event) }
                    cache.updatePosition(position)
                    if position.isClosed { cache.snapshotPosition(position) }
                } else {
                    cache.add(position: Position(instrument: instrument, fill: event, positionId: positionId), oms: .netting)
                }
            }

            // A limit buy, partially then fully filled: opens the EUR/USD position.
            let buy = requireValid { try factory.limit(instrumentId: eurusd.id, side: .buy, quantity: Quantity(units: 100_000), price: try Price("1.10000"), tsInit: at(1)) }
            cache.add(order: buy, clientId: ClientId("SIM"))
            apply(buy, TestOrderEvents.submitted(buy, at: at(2)))
            apply(buy, TestOrderEvents.accepted(buy, venueOrderId: VenueOrderId("V-1"), at: at(3)))
            fill(buy, 40_000, "1.10000", 4, position: eurusdPosition)
            fill(buy, 60_000, "1.10000", 5, position: eurusdPosition)

            // A resting limit sell: stays open.
            let resting = requireValid { try factory.limit(instrumentId: eurusd.id, side: .sell, quantity: Quantity(units: 50_000), price: try Price("1.20000"), tsInit: at(6)) }
            cache.add(order: resting)
            apply(resting, TestOrderEvents.submitted(resting, at: at(7)))
            apply(resting, TestOrderEvents.accepted(resting, venueOrderId: VenueOrderId("V-2"), at: at(8)))

            // A market sell that closes the EUR/USD position.
            let close = requireValid { try factory.market(instrumentId: eurusd.id, side: .sell, quantity: Quantity(units: 100_000), tsInit: at(9)) }
            cache.add(order: close)
            apply(close, TestOrderEvents.submitted(close, at: at(10)))
            apply(close, TestOrderEvents.accepted(close, venueOrderId: VenueOrderId("V-3"), at: at(11)))
            fill(close, 100_000, "1.10050", 12, position: eurusdPosition)

            // A canceled order, and a GBP/USD buy filled into an open position.
            let canceled = requireValid { try factory.limit(instrumentId: gbpusd.id, side: .buy, quantity: Quantity(units: 1_000), price: try Price("1.20000"), tsInit: at(13)) }
            cache.add(order: canceled)
            apply(canceled, TestOrderEvents.submitted(canceled, at: at(14)))
            apply(canceled, TestOrderEvents.accepted(canceled, venueOrderId: VenueOrderId("V-4"), at: at(15)))
            apply(canceled, TestOrderEvents.pendingCancel(canceled, at: at(16)))
            apply(canceled, TestOrderEvents.canceled(canceled, at: at(17)))
            let gbpBuy = requireValid { try factory.market(instrumentId: gbpusd.id, side: .buy, quantity: Quantity(units: 2_000), tsInit: at(18)) }
            cache.add(order: gbpBuy)
            apply(gbpBuy, TestOrderEvents.submitted(gbpBuy, at: at(19)))
            apply(gbpBuy, TestOrderEvents.accepted(gbpBuy, venueOrderId: VenueOrderId("V-5"), at: at(20)))
            fill(gbpBuy, 2_000, "1.25000", 21, position: gbpusdPosition)

            // An order still in flight.
            let inflight = requireValid { try factory.limit(instrumentId: gbpusd.id, side: .sell, quantity: Quantity(units: 1_000), price: try Price("1.30000"), tsInit: at(22)) }
            cache.add(order: inflight)
            apply(inflight, TestOrderEvents.submitted(inflight, at: at(23)))

            requireValid {
                try account.apply(
                    AccountState(
                        accountId: account.id, accountType: .margin, baseCurrency: .usd,
                        balances: [AccountBalance(total: try Money("1000036.00", .usd), locked: try Money("150.00", .usd))],
                        isReported: false, eventId: UUID4(high: 1, low: 2), tsEvent: at(24), tsInit: at(24)))
            }
            cache.updateAccount(account)
        }
    }
}
