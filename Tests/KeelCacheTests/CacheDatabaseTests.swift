import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CacheDatabaseTests {
    typealias F = CacheFixtures

    @Test func inMemoryDatabaseConforms() {
        let failures = CacheDatabaseConformance.check { InMemoryCacheDatabase() }
        #expect(failures.isEmpty, "\(failures)")
    }

    /// A backend that drops order updates fails the conformance check, naming what broke.
    @Test func conformanceCatchesALossyBackend() {
        final class Lossy: CacheDatabase {
            let base = InMemoryCacheDatabase()
            func store(key: String, value: [UInt8]) { base.store(key: key, value: value) }
            func store(instrument: Instrument) { base.store(instrument: instrument) }
            func store(account: AccountRecord) { base.store(account: account) }
            func store(order: OrderRecord) { if order.events.count == 1 { base.store(order: order) } }
            func store(position: PositionRecord) { base.store(position: position) }
            func add(positionSnapshot: PositionSnapshot) { base.add(positionSnapshot: positionSnapshot) }
            func loadGeneral() throws -> [(key: String, value: [UInt8])] { try base.loadGeneral() }
            func loadInstruments() throws -> [Instrument] { try base.loadInstruments() }
            func loadAccounts() throws -> [AccountRecord] { try base.loadAccounts() }
            func loadOrders() throws -> [OrderRecord] { try base.loadOrders() }
            func loadPositions() throws -> [PositionRecord] { try base.loadPositions() }
            func loadPositionSnapshots() throws -> [PositionSnapshot] { try base.loadPositionSnapshots() }
            func flush() throws { try base.flush() }
            func close() throws { try base.close() }
        }
        let failures = CacheDatabaseConformance.check { Lossy() }
        #expect(failures.contains { $0.hasPrefix("a cache rebuilds itself from the database") })
        #expect(failures.contains { $0.hasPrefix("stores are upserts") })
    }

    @Test func cacheWritesThroughAndReloadsTheScenario() throws {
        let database = InMemoryCacheDatabase()
        let live = Cache(database: database)
        CacheDatabaseConformance.Scenario.populate(live)
        expectConsistent(live)
        #expect(database.writeCount > 0)
        #expect(try database.loadOrders().count == live.ordersCount())
        let restarted = Cache(database: database)
        let writes = database.writeCount
        try restarted.loadFromDatabase()
        #expect(database.writeCount == writes)  // loading writes nothing back
        expectConsistent(restarted)
        #expect(restarted.ordersOpen().map(\.clientOrderId) == live.ordersOpen().map(\.clientOrderId))
        #expect(restarted.positionsOpen().map(\.id) == [CacheDatabaseConformance.Scenario.gbpusdPosition])
        #expect(restarted.positionSnapshots(for: CacheDatabaseConformance.Scenario.eurusdPosition).count == 1)
        #expect(restarted.account(for: Venue("SIM"))?.balanceTotal() == (try Money("1000036.00", .usd)))
        try database.close()
        #expect(database.isClosed)
    }

    @Test func loadingWithoutDatabaseDoesNothing() throws {
        let cache = Cache()
        try cache.loadFromDatabase()
        #expect(cache.ordersCount() == 0)
    }

    @Test func positionOfAnUnknownInstrumentFailsTheLoad() throws {
        let database = InMemoryCacheDatabase()
        let order = F.limit(F.factory())
        let fill = F.fill(order, 1_000, at: 1, position: PositionId("P-1"))
        database.store(position: PositionRecord(positionId: PositionId("P-1"), instrumentId: F.eurusd.id, omsType: .netting, fills: [fill]))
        #expect { try Cache(database: database).loadFromDatabase() } throws: {
            ($0 as? CacheError)?.message.contains("instrument EUR/USD.SIM is not in the database") == true
        }
    }

    @Test func orderEventsThatDoNotReplayFailTheLoad() throws {
        let database = InMemoryCacheDatabase()
        let order = F.limit(F.factory())
        // A fill of twice the order's quantity: the state machine refuses the overfill on replay.
        let events: [OrderEvent] = [
            order.events[0], TestOrderEvents.submitted(order, at: F.at(1)),
            TestOrderEvents.accepted(order, venueOrderId: VenueOrderId("V-1"), at: F.at(2)), .filled(F.fill(order, 200_000, at: 3)),
        ]
        database.store(order: OrderRecord(clientOrderId: order.clientOrderId, events: events, positionId: nil, clientId: nil))
        #expect { try Cache(database: database).loadFromDatabase() } throws: {
            ($0 as? CacheError)?.message.contains("does not replay") == true
        }
    }

    @Test func loadingIntoANonEmptyCacheTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache(database: InMemoryCacheDatabase())
            cache.add(key: "k", value: [1])
            try? cache.loadFromDatabase()
        }
    }

    @Test func orderRecordWithoutInitializedTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = CacheFixtures.limit(CacheFixtures.factory())
            _ = OrderRecord(clientOrderId: order.clientOrderId, events: [TestOrderEvents.submitted(order, at: .zero)], positionId: nil, clientId: nil)
        }
    }
}
