import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct CachePurgeTests {
    typealias F = CacheFixtures
    static let p1 = PositionId("EUR/USD.SIM-S-001")

    /// A closed order goes once it has been closed for the buffer, with its index entries; an open one stays.
    @Test func closedOrdersGoAfterTheBufferOpenOnesStay() {
        let cache = Cache()
        let factory = F.factory()
        let filled = F.accepted(F.limit(factory), venueId: "V-1", in: cache)
        F.apply(filled, .filled(F.fill(filled, 100_000, at: 10)), in: cache)
        let open = F.accepted(F.limit(factory, side: .sell, price: "1.20000"), venueId: "V-2", in: cache)
        #expect(filled.isClosed && filled.tsClosed == F.at(10))

        #expect(cache.purgeClosedOrders(tsNow: F.at(69), buffer: .seconds(60)) == 0)
        #expect(cache.purgeClosedOrders(tsNow: F.at(70), buffer: .seconds(60)) == 1)
        #expect(cache.order(filled.clientOrderId) == nil)
        #expect(cache.clientOrderId(for: VenueOrderId("V-1")) == nil)
        #expect(cache.orders().map(\.clientOrderId) == [open.clientOrderId])
        #expect(cache.ordersClosed().isEmpty && cache.ordersOpen().count == 1)
        #expect(cache.orders(instrumentId: F.eurusd.id, strategyId: F.strategy).count == 1)
        #expect(cache.purgeTotals.orders == 1 && cache.purgeTotals.fills == 1)
        expectConsistent(cache)
        #expect(cache.purgeClosedOrders(tsNow: F.at(1_000)) == 0)
    }

    /// A bracket's filled entry stays while its stop-loss and take-profit are open; the group goes together
    /// once they are closed, and the order list with it.
    @Test func linkedOrdersKeepAClosedOrderUntilTheyCloseToo() throws {
        let cache = Cache()
        let factory = F.factory()
        let list = try factory.bracket(
            instrumentId: F.eurusd.id, side: .buy, quantity: Quantity(units: 100_000), entry: .market,
            stopLoss: .stopMarket(triggerPrice: F.px("1.09000")), takeProfit: .limit(price: F.px("1.11000")), tsInit: F.at(0))
        cache.add(orderList: list)
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        for (k, order) in list.orders.enumerated() { _ = F.accepted(order, venueId: "V-\(k)", in: cache) }
        F.apply(entry, .filled(F.fill(entry, 100_000, at: 3)), in: cache)

        #expect(cache.purgeClosedOrders(tsNow: F.at(100)) == 0)
        F.apply(takeProfit, .filled(F.fill(takeProfit, 100_000, "1.11000", at: 5)), in: cache)
        #expect(cache.purgeClosedOrders(tsNow: F.at(100)) == 0, "the stop-loss is open")
        F.apply(stopLoss, TestOrderEvents.canceled(stopLoss, at: F.at(6)), in: cache)
        #expect(cache.purgeClosedOrders(tsNow: F.at(100)) == 3)
        #expect(cache.orderList(list.id) == nil && cache.orders().isEmpty)
        #expect(cache.purgeTotals.orders == 3 && cache.purgeTotals.fills == 2)
        expectConsistent(cache)
    }

    /// A closed position goes after the buffer, counted with its realized PnL; its orders' index to it goes too.
    @Test func closedPositionsGoWithTheirIndexesAndAreCounted() {
        let cache = Cache()
        let factory = F.factory()
        let buy = F.accepted(F.limit(factory), venueId: "V-1", in: cache)
        let fill = F.fill(buy, 100_000, at: 3, position: Self.p1)
        F.apply(buy, .filled(fill), in: cache)
        let position = Position(instrument: F.eurusd, fill: fill, positionId: Self.p1)
        cache.add(position: position, oms: .hedging)
        #expect(cache.purgeClosedPositions(tsNow: F.at(1_000)) == 0, "open positions stay")

        let sell = F.accepted(F.limit(factory, side: .sell, price: "1.10100"), venueId: "V-2", in: cache)
        let close = F.fill(sell, 100_000, "1.10100", at: 5, position: Self.p1)
        F.apply(sell, .filled(close), in: cache)
        try! position.apply(close)
        cache.updatePosition(position)
        #expect(position.isClosed)

        #expect(cache.purgeClosedPositions(tsNow: F.at(6), buffer: .seconds(2)) == 0)
        #expect(cache.purgeClosedPositions(tsNow: F.at(7), buffer: .seconds(2)) == 1)
        #expect(cache.position(Self.p1) == nil && cache.positions().isEmpty && cache.positionsClosedCount() == 0)
        #expect(cache.orderIds(for: Self.p1).isEmpty)
        #expect(cache.purgeTotals.positions == 1)
        #expect(cache.purgeTotals.realizedPnl == [position.realizedPnl])
        expectConsistent(cache)
        #expect(cache.purgeClosedOrders(tsNow: F.at(7)) == 2)
        expectConsistent(cache)
    }
}
