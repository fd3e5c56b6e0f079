import KeelCore
import KeelModel
import Testing

@Suite struct OrderFactoryTests {
    typealias F = OrderFixtures

    @Test func clientOrderIdMatchesNautilusFormat() {
        let factory = OrderFactory(
            traderId: TraderId("BACKTESTER-001"), strategyId: StrategyId("EMACrossBracket-000"), seed: 1,
            clientOrderIdCount: 30)
        #expect(factory.generateClientOrderId(tsInit: F.t0) == ClientOrderId("O-20120201-002900-001-000-31"))
        #expect(factory.clientOrderIdCount == 31)
        #expect(factory.generateOrderListId(tsInit: F.t0) == OrderListId("OL-20120201-002900-001-000-1"))
    }

    @Test func epochAndCounter() {
        let factory = F.factory()
        #expect(factory.generateClientOrderId(tsInit: .zero) == ClientOrderId("O-19700101-000000-001-001-1"))
        #expect(factory.generateClientOrderId(tsInit: .zero) == ClientOrderId("O-19700101-000000-001-001-2"))
        factory.clientOrderIdCount = 10
        #expect(factory.generateClientOrderId(tsInit: UnixNanos(seconds: 86_399)) == ClientOrderId("O-19700101-235959-001-001-11"))
        factory.reset()
        #expect(factory.generateClientOrderId(tsInit: .zero) == ClientOrderId("O-19700101-000000-001-001-1"))
        #expect(factory.generateOrderListId(tsInit: .zero) == OrderListId("OL-19700101-000000-001-001-1"))
    }

    @Test func idStemsFollowTheSecondWithinAndAcrossDays() {
        let factory = F.factory()
        #expect(factory.generateOrderListId(tsInit: UnixNanos(seconds: 3_661)) == OrderListId("OL-19700101-010101-001-001-1"))
        #expect(factory.generateClientOrderId(tsInit: UnixNanos(seconds: 86_399)) == ClientOrderId("O-19700101-235959-001-001-1"))
        #expect(factory.generateClientOrderId(tsInit: UnixNanos(seconds: 86_400)) == ClientOrderId("O-19700102-000000-001-001-2"))
        #expect(
            factory.generateOrderListId(tsInit: UnixNanos(seconds: 86_400 + 45_296)) == OrderListId("OL-19700102-123456-001-001-2"))
        #expect(
            factory.generateClientOrderId(tsInit: UnixNanos(seconds: 86_400 + 45_296)) == ClientOrderId("O-19700102-123456-001-001-3"))
    }

    @Test func counterTextAppendsPaddedDigits() {
        #expect(counterText(InlineText("V-"), 7, minimumDigits: 3) == InlineText("V-007"))
        #expect(counterText(InlineText("V-"), 1234, minimumDigits: 3) == InlineText("V-1234"))
        #expect(counterText(.empty, 0) == InlineText("0"))
        let stem = InlineText(String(repeating: "x", count: 62))
        #expect(counterText(stem, 5) == InlineText(String(repeating: "x", count: 62) + "5"))
        #expect(counterText(stem, 10) == nil)
    }

    @Test func counterTextMatchesDecimalFormatting() {
        let stem = InlineText("T-")
        var counts = Array(0...1_234) + [9_999, 10_000, 99_999, 100_000, 123_456_789, Int.max]
        var power = 1
        for _ in 0..<18 {
            power *= 10
            counts += [power - 1, power, power + 1]
        }
        for count in counts {
            for minimumDigits in [1, 3, 7, 20] {
                let digits = String(count)
                let padded = String(repeating: "0", count: max(0, minimumDigits - digits.count)) + digits
                #expect(counterText(stem, count, minimumDigits: minimumDigits) == InlineText("T-" + padded))
            }
        }
    }

    static func sequence(_ factory: OrderFactory) throws -> [OrderInitialized] {
        let i = F.instrumentId
        let q = F.qty("10")
        let p = F.px("1.00000")
        var orders = [
            try factory.market(instrumentId: i, side: .buy, quantity: q, tsInit: F.t0),
            try factory.limit(instrumentId: i, side: .sell, quantity: q, price: p, tsInit: F.t0 + .seconds(1)),
            try factory.stopMarket(instrumentId: i, side: .sell, quantity: q, triggerPrice: p, tsInit: F.t0),
            try factory.stopLimit(instrumentId: i, side: .buy, quantity: q, price: p, triggerPrice: p, tsInit: F.t0),
            try factory.marketToLimit(instrumentId: i, side: .buy, quantity: q, tsInit: F.t0),
            try factory.marketIfTouched(instrumentId: i, side: .buy, quantity: q, triggerPrice: p, tsInit: F.t0),
            try factory.limitIfTouched(instrumentId: i, side: .buy, quantity: q, price: p, triggerPrice: p, tsInit: F.t0),
            try factory.trailingStopMarket(instrumentId: i, side: .sell, quantity: q, trailingOffset: F.px("0.00010"), tsInit: F.t0),
            try factory.trailingStopLimit(
                instrumentId: i, side: .sell, quantity: q, limitOffset: F.px("0.00005"), trailingOffset: F.px("0.00010"),
                tsInit: F.t0),
        ]
        orders += try factory.bracket(
            instrumentId: i, side: .buy, quantity: q, entry: .market, stopLoss: .stopMarket(triggerPrice: F.px("0.99000")),
            takeProfit: .limit(price: F.px("1.01000")), tsInit: F.t0
        ).orders
        return orders.map(\.initializedEvent)
    }

    @Test func twoFactoriesWithTheSameInputsAgree() throws {
        let a = try Self.sequence(F.factory(seed: 7))
        let b = try Self.sequence(F.factory(seed: 7))
        #expect(a == b)
        #expect(Set(a.map(\.eventId)).count == a.count)
        #expect(Set(a.map(\.clientOrderId)).count == a.count)
        let c = try Self.sequence(F.factory(seed: 8))
        #expect(a.map(\.clientOrderId) == c.map(\.clientOrderId))
        #expect(a.map(\.eventId) != c.map(\.eventId))
    }

    @Test func makersReturnInitializedOrdersOfTheirType() throws {
        let events = try Self.sequence(F.factory())
        #expect(events.prefix(9).map(\.orderType) == OrderType.allCases)
        for event in events {
            let order = Order(validated: event)
            #expect(order.status == .initialized)
            #expect(order.eventCount == 1)
            #expect(order.events == [.initialized(event)])
            #expect(order.tsInit == event.tsInit)
        }
    }

    @Test func failedMakerConsumesNoIds() throws {
        let factory = F.factory()
        let reference = F.factory()
        #expect(throws: ValidationError.self) {
            try factory.limit(
                instrumentId: F.instrumentId, side: .buy, quantity: F.qty("10"), price: F.px("1"), tsInit: F.t0,
                timeInForce: .gtd)
        }
        #expect(factory.clientOrderIdCount == 0)
        let a = try factory.market(instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), tsInit: F.t0)
        let b = try reference.market(instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), tsInit: F.t0)
        #expect(a.initializedEvent == b.initializedEvent)
    }

    @Test func bracketLinkageAndIdOrder() throws {
        let factory = F.factory()
        let expire = F.t0 + .hours(1)
        let list = try factory.bracket(
            instrumentId: F.instrumentId, side: .buy, quantity: F.qty("100"),
            entry: .limit(price: F.px("1.00000")), stopLoss: .stopMarket(triggerPrice: F.px("0.99000")),
            takeProfit: .limit(price: F.px("1.01000")), tsInit: F.t0,
            entryTimeInForce: .gtd, entryExpireTime: expire)
        #expect(list.id == OrderListId("OL-20120201-002900-001-001-1"))
        #expect(list.orders.count == 3)
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        #expect(entry.clientOrderId == ClientOrderId("O-20120201-002900-001-001-1"))
        #expect(stopLoss.clientOrderId == ClientOrderId("O-20120201-002900-001-001-2"))
        #expect(takeProfit.clientOrderId == ClientOrderId("O-20120201-002900-001-001-3"))
        #expect(list.first === entry)

        #expect(entry.orderType == .limit && entry.side == .buy)
        #expect(entry.contingencyType == .oto && entry.isParentOrder)
        #expect(entry.linkedOrderIds == [stopLoss.clientOrderId, takeProfit.clientOrderId])
        #expect(entry.parentOrderId == nil && !entry.isReduceOnly)
        #expect(entry.timeInForce == .gtd && entry.expireTime == expire)

        #expect(stopLoss.orderType == .stopMarket && stopLoss.side == .sell)
        #expect(stopLoss.triggerPrice == F.px("0.99000") && stopLoss.triggerType == .default)
        #expect(stopLoss.contingencyType == .ouo && stopLoss.linkedOrderIds == [takeProfit.clientOrderId])
        #expect(stopLoss.parentOrderId == entry.clientOrderId && stopLoss.isReduceOnly && stopLoss.isChildOrder)

        #expect(takeProfit.orderType == .limit && takeProfit.side == .sell)
        #expect(takeProfit.contingencyType == .ouo && takeProfit.linkedOrderIds == [stopLoss.clientOrderId])
        #expect(takeProfit.parentOrderId == entry.clientOrderId && takeProfit.isReduceOnly)

        for order in list.orders {
            #expect(order.orderListId == list.id)
            #expect(order.tsInit == F.t0)
        }
    }

    @Test func bracketLegVariants() throws {
        let list = try F.factory().bracket(
            instrumentId: F.instrumentId, side: .sell, quantity: F.qty("5"),
            entry: .limitIfTouched(price: F.px("1.2"), triggerPrice: F.px("1.2")),
            stopLoss: .stopLimit(price: F.px("1.3"), triggerPrice: F.px("1.3")),
            takeProfit: .limitIfTouched(price: F.px("1.1"), triggerPrice: F.px("1.1")), tsInit: F.t0,
            contingencyType: .oco)
        #expect(list.orders.map(\.orderType) == [.limitIfTouched, .stopLimit, .limitIfTouched])
        #expect(list.orders.map(\.side) == [.sell, .buy, .buy])
        #expect(list.orders.map(\.contingencyType) == [.oto, .oco, .oco])
    }

    @Test func bracketErrorsNameTheLegAndConsumeNoIds() throws {
        let factory = F.factory()
        let error = #expect(throws: ValidationError.self) {
            try factory.bracket(
                instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), entry: .market,
                stopLoss: .stopMarket(triggerPrice: F.px("0.9")), takeProfit: .limit(price: F.px("1.1")),
                tsInit: F.t0, takeProfitTimeInForce: .gtd)
        }
        #expect(error?.field == "OrderFactory.bracket.takeProfit.expireTime")
        #expect(factory.clientOrderIdCount == 0 && factory.orderListIdCount == 0)
        #expect(throws: ValidationError.self) {
            try factory.bracket(
                instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), entry: .market,
                stopLoss: .stopMarket(triggerPrice: F.px("0.9")), takeProfit: .limit(price: F.px("1.1")),
                tsInit: F.t0, contingencyType: .oto)
        }
    }

    @Test func orderListChecksItsOrders() throws {
        let order = F.limit()
        let error = #expect(throws: ValidationError.self) {
            try OrderList(id: OrderListId("OL-1"), instrumentId: F.instrumentId, strategyId: F.strategyId, orders: [order], tsInit: F.t0)
        }
        #expect(error?.field == "OrderList.orders")
        #expect(throws: ValidationError.self) {
            try OrderList(id: OrderListId("OL-1"), instrumentId: F.instrumentId, strategyId: F.strategyId, orders: [], tsInit: F.t0)
        }
    }

    @Test func execAlgorithmOrdersArePrimary() throws {
        let order = try F.factory().market(
            instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), tsInit: F.t0,
            execAlgorithmId: ExecAlgorithmId("TWAP"), tags: ["entry"])
        #expect(order.execSpawnId == order.clientOrderId)
        #expect(order.isPrimary && !order.isSpawned)
        #expect(order.tags == ["entry"])
    }
}
