import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CacheQueriesTests {
    typealias F = CacheFixtures

    /// Five orders over two venues, three instruments, two strategies and both sides, in mixed states.
    struct Book {
        let cache = Cache()
        let eurBuy: Order, eurSell: Order, gbpBuy: Order, esBuy: Order, otherEurBuy: Order

        init() {
            let mine = F.factory(), theirs = F.factory(F.otherStrategy)
            eurBuy = F.limit(mine, F.eurusd, side: .buy)
            eurSell = F.limit(mine, F.eurusd, side: .sell, price: "1.20000")
            gbpBuy = F.limit(mine, F.gbpusd, side: .buy, quantity: 1_000, price: "1.25000")
            esBuy = F.limit(mine, F.esh4, side: .buy, quantity: 1, price: "4800.00")
            otherEurBuy = F.limit(theirs, F.eurusd, side: .buy, price: "1.09000")
            // Added in this order; states: open, closed (canceled), in flight, open, open.
            _ = F.accepted(eurBuy, venueId: "V-1", in: cache)
            _ = F.accepted(eurSell, venueId: "V-2", in: cache)
            F.apply(eurSell, TestOrderEvents.canceled(eurSell, at: F.at(3)), in: cache)
            cache.add(order: gbpBuy)
            F.apply(gbpBuy, TestOrderEvents.submitted(gbpBuy, at: F.at(1)), in: cache)
            _ = F.accepted(esBuy, venueId: "V-4", in: cache)
            _ = F.accepted(otherEurBuy, venueId: "V-5", in: cache)
        }
    }

    func ids(_ orders: [Order]) -> [ClientOrderId] { orders.map(\.clientOrderId) }

    @Test func ordersWithEachFilter() {
        let b = Book()
        #expect(ids(b.cache.orders()) == ids([b.eurBuy, b.eurSell, b.gbpBuy, b.esBuy, b.otherEurBuy]))
        #expect(ids(b.cache.orders(venue: Venue("SIM"))) == ids([b.eurBuy, b.eurSell, b.gbpBuy, b.otherEurBuy]))
        #expect(ids(b.cache.orders(venue: Venue("GLBX"))) == ids([b.esBuy]))
        #expect(ids(b.cache.orders(instrumentId: F.eurusd.id)) == ids([b.eurBuy, b.eurSell, b.otherEurBuy]))
        #expect(ids(b.cache.orders(strategyId: F.otherStrategy)) == ids([b.otherEurBuy]))
        #expect(ids(b.cache.orders(side: .sell)) == ids([b.eurSell]))
        #expect(ids(b.cache.orders(venue: Venue("SIM"), instrumentId: F.eurusd.id, strategyId: F.strategy, side: .buy)) == ids([b.eurBuy]))
        #expect(b.cache.orders(venue: Venue("NONE")).isEmpty)
        #expect(b.cache.orders(instrumentId: InstrumentId("NONE.SIM")).isEmpty)
        #expect(b.cache.ordersCount() == 5)
        #expect(b.cache.ordersCount(instrumentId: F.eurusd.id, side: .buy) == 2)
        expectConsistent(b.cache)
    }

    @Test func stateQueriesWithFilters() {
        let b = Book()
        #expect(ids(b.cache.ordersOpen()) == ids([b.eurBuy, b.esBuy, b.otherEurBuy]))
        #expect(ids(b.cache.ordersOpen(venue: Venue("SIM"))) == ids([b.eurBuy, b.otherEurBuy]))
        #expect(ids(b.cache.ordersOpen(strategyId: F.strategy)) == ids([b.eurBuy, b.esBuy]))
        #expect(ids(b.cache.ordersOpen(instrumentId: F.eurusd.id, strategyId: F.otherStrategy)) == ids([b.otherEurBuy]))
        #expect(b.cache.ordersOpen(side: .sell).isEmpty)
        #expect(ids(b.cache.ordersClosed()) == ids([b.eurSell]))
        #expect(ids(b.cache.ordersClosed(side: .sell)) == ids([b.eurSell]))
        #expect(b.cache.ordersClosed(venue: Venue("GLBX")).isEmpty)
        #expect(ids(b.cache.ordersInflight()) == ids([b.gbpBuy]))
        #expect(ids(b.cache.ordersInflight(instrumentId: F.gbpusd.id)) == ids([b.gbpBuy]))
        #expect(b.cache.ordersEmulated().isEmpty)
        #expect(b.cache.ordersOpenCount() == 3)
        #expect(b.cache.ordersOpenCount(venue: Venue("SIM"), side: .buy) == 2)
        #expect(b.cache.ordersClosedCount(strategyId: F.strategy) == 1)
        #expect(b.cache.ordersInflightCount(venue: Venue("GLBX")) == 0)
        #expect(b.cache.ordersEmulatedCount() == 0)
    }

    /// A state query returns orders in the order they were added, not the order they entered the state.
    @Test func stateQueriesKeepAddOrder() {
        let cache = Cache()
        let factory = F.factory()
        let first = F.limit(factory), second = F.limit(factory)
        cache.add(order: first)
        _ = F.accepted(second, venueId: "V-2", in: cache)
        F.apply(first, TestOrderEvents.submitted(first, at: F.at(3)), in: cache)
        F.apply(first, TestOrderEvents.accepted(first, venueOrderId: VenueOrderId("V-1"), at: F.at(4)), in: cache)
        #expect(ids(cache.ordersOpen()) == ids([first, second]))
        #expect(ids(cache.ordersOpen(side: .buy)) == ids([first, second]))
        expectConsistent(cache)
    }

    @Test func venueOrderIdsMapBothWays() {
        let b = Book()
        #expect(b.cache.clientOrderId(for: VenueOrderId("V-4")) == b.esBuy.clientOrderId)
        #expect(b.cache.clientOrderId(for: VenueOrderId("V-9")) == nil)
        #expect(b.cache.venueOrderId(for: b.gbpBuy.clientOrderId) == nil)
        #expect(b.cache.isOrderOpen(b.esBuy.clientOrderId))
        #expect(!b.cache.isOrderOpen(b.eurSell.clientOrderId))
    }
}
