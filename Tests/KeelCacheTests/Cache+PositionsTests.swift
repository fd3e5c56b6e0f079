import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CachePositionsTests {
    typealias F = CacheFixtures
    static let p1 = PositionId("EUR/USD.SIM-S-001")

    /// Fills `order` for `quantity` and books it to position `positionId` the way the execution engine does.
    @discardableResult
    func book(_ order: Order, _ quantity: Int64, _ price: String = "1.10000", at ts: UInt64, to positionId: PositionId = p1, oms: OmsType = .netting, in cache: Cache) -> Position {
        let fill = F.fill(order, quantity, price, at: ts, position: positionId)
        F.apply(order, .filled(fill), in: cache)
        if let position = cache.position(positionId), position.isOpen {
            try! position.apply(fill)
            cache.updatePosition(position)
            return position
        }
        let position = Position(instrument: F.eurusd, fill: fill, positionId: positionId)
        cache.add(position: position, oms: oms)
        return position
    }

    @Test func positionOpensAndCloses() {
        let cache = Cache()
        let factory = F.factory()
        let buy = F.accepted(F.limit(factory), venueId: "V-1", in: cache)
        let position = book(buy, 100_000, at: 3, in: cache)
        #expect(cache.position(Self.p1) === position)
        #expect(cache.isPositionOpen(Self.p1) && !cache.isPositionClosed(Self.p1))
        #expect(cache.position(for: buy.clientOrderId) === position)
        #expect(cache.positionId(for: buy.clientOrderId) == Self.p1)
        #expect(cache.positionsOpenCount() == 1 && cache.positionsClosedCount() == 0)
        #expect(cache.omsType(for: Self.p1) == .netting)
        expectConsistent(cache)

        let sell = F.accepted(F.limit(factory, side: .sell, price: "1.10100"), venueId: "V-2", in: cache)
        book(sell, 100_000, "1.10100", at: 5, in: cache)
        #expect(position.isClosed)
        #expect(cache.isPositionClosed(Self.p1) && !cache.isPositionOpen(Self.p1))
        #expect(cache.positionsOpen().isEmpty)
        #expect(cache.positionsClosed().map(\.id) == [Self.p1])
        #expect(cache.orderIds(for: Self.p1) == [buy.clientOrderId, sell.clientOrderId])
        #expect(cache.orders(for: Self.p1).map(\.clientOrderId) == [buy.clientOrderId, sell.clientOrderId])
        expectConsistent(cache)
    }

    @Test func closedNettingPositionIsSnapshottedAndReopensUnderItsId() {
        let cache = Cache()
        let factory = F.factory()
        let buy = F.accepted(F.limit(factory), venueId: "V-1", in: cache)
        let first = book(buy, 100_000, at: 3, in: cache)
        let sell = F.accepted(F.limit(factory, side: .sell), venueId: "V-2", in: cache)
        book(sell, 100_000, at: 4, in: cache)
        cache.snapshotPosition(first)
        let again = F.accepted(F.limit(factory), venueId: "V-3", in: cache)
        let second = book(again, 50_000, at: 6, in: cache)
        #expect(second !== first)
        #expect(cache.position(Self.p1) === second)
        #expect(cache.isPositionOpen(Self.p1))
        #expect(cache.positionSnapshots(for: Self.p1).count == 1)
        #expect(cache.positionSnapshots(for: Self.p1).first?.side == .flat)
        #expect(cache.positions().count == 1)
        #expect(cache.orderIds(for: Self.p1) == [buy.clientOrderId, sell.clientOrderId, again.clientOrderId])
        expectConsistent(cache)
    }

    @Test func positionQueriesWithFilters() {
        let cache = Cache()
        let mine = F.factory(), theirs = F.factory(F.otherStrategy)
        let long = F.accepted(F.limit(mine), venueId: "V-1", in: cache)
        book(long, 100_000, at: 3, to: PositionId("P-1"), oms: .hedging, in: cache)
        let short = F.accepted(F.limit(mine, side: .sell), venueId: "V-2", in: cache)
        book(short, 10_000, at: 4, to: PositionId("P-2"), oms: .hedging, in: cache)
        let other = F.accepted(F.limit(theirs), venueId: "V-3", in: cache)
        book(other, 20_000, at: 5, to: PositionId("P-3"), oms: .hedging, in: cache)
        let ids = { (positions: [Position]) in positions.map(\.id) }
        #expect(ids(cache.positions()) == [PositionId("P-1"), PositionId("P-2"), PositionId("P-3")])
        #expect(ids(cache.positions(strategyId: F.strategy)) == [PositionId("P-1"), PositionId("P-2")])
        #expect(ids(cache.positions(side: .short)) == [PositionId("P-2")])
        #expect(ids(cache.positionsOpen(venue: Venue("SIM"), strategyId: F.otherStrategy)) == [PositionId("P-3")])
        #expect(ids(cache.positionsOpen(instrumentId: F.eurusd.id, side: .long)) == [PositionId("P-1"), PositionId("P-3")])
        #expect(cache.positions(venue: Venue("GLBX")).isEmpty)
        #expect(cache.positionsCount(side: .long) == 2)
        #expect(cache.positionsOpenCount(strategyId: F.strategy) == 2)
        #expect(cache.positionsClosedCount() == 0)
        expectConsistent(cache)
    }

    @Test func integrityAuditReportsAFillNotIndexed() {
        let cache = Cache()
        let factory = F.factory()
        let buy = F.accepted(F.limit(factory), venueId: "V-1", in: cache)
        let position = book(buy, 50_000, at: 3, in: cache)
        let more = F.accepted(F.limit(factory), venueId: "V-2", in: cache)
        let fill = F.fill(more, 10_000, at: 4, position: Self.p1)
        F.apply(more, .filled(fill), in: cache)
        try! position.apply(fill)  // the engine forgot updatePosition
        #expect(!cache.checkIntegrity().isEmpty)
        cache.updatePosition(position)
        expectConsistent(cache)
    }

    // MARK: Traps

    @Test func addingAnOpenPositionTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            let order = CacheFixtures.limit(CacheFixtures.factory())
            let fill = CacheFixtures.fill(order, 1_000, at: 1, position: PositionId("P-1"))
            cache.add(position: Position(instrument: CacheFixtures.eurusd, fill: fill), oms: .netting)
            cache.add(position: Position(instrument: CacheFixtures.eurusd, fill: fill), oms: .netting)
        }
    }

    @Test func reusingAHedgingPositionIdTraps() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            let factory = CacheFixtures.factory()
            let buy = CacheFixtures.limit(factory), sell = CacheFixtures.limit(factory, side: .sell)
            let position = Position(instrument: CacheFixtures.eurusd, fill: CacheFixtures.fill(buy, 1_000, at: 1, position: PositionId("P-1")))
            try! position.apply(CacheFixtures.fill(sell, 1_000, at: 2, position: PositionId("P-1")))
            cache.add(position: position, oms: .hedging)
            cache.add(position: Position(instrument: CacheFixtures.eurusd, fill: CacheFixtures.fill(buy, 1_000, at: 3, position: PositionId("P-1"))), oms: .hedging)
        }
    }

    @Test func updatingAnUnknownPositionTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = CacheFixtures.limit(CacheFixtures.factory())
            Cache().updatePosition(Position(instrument: CacheFixtures.eurusd, fill: CacheFixtures.fill(order, 1_000, at: 1, position: PositionId("P-1"))))
        }
    }

    @Test func snapshottingAnUnknownPositionTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = CacheFixtures.limit(CacheFixtures.factory())
            Cache().snapshotPosition(Position(instrument: CacheFixtures.eurusd, fill: CacheFixtures.fill(order, 1_000, at: 1, position: PositionId("P-1"))))
        }
    }

    @Test func requiringAMissingPositionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Cache().requirePosition(PositionId("P-NONE"))
        }
    }
}
