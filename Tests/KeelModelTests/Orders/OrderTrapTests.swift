import KeelCore
import KeelModel
import Testing

/// Every trap of the orders code: misuse by Keel itself, never venue input.
@Suite struct OrderTrapTests {
    @Test func applyingAnEventForAnotherOrderTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = OrderFixtures.stopLimit()
            let other = try! OrderFixtures.factory().limit(
                instrumentId: OrderFixtures.instrumentId, side: .buy, quantity: Quantity(units: 1),
                price: Price(raw: 0, precision: 0), tsInit: .zero, clientOrderId: ClientOrderId("O-OTHER"))
            try? order.apply(OrderFixtures.event(.submitted, for: other))
        }
    }

    @Test func applyingAnEventFromAnotherStrategyTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = OrderFixtures.stopLimit()
            let foreign = OrderSubmitted(
                traderId: OrderFixtures.traderId, strategyId: StrategyId("OTHER-002"),
                instrumentId: OrderFixtures.instrumentId, clientOrderId: order.clientOrderId,
                accountId: OrderFixtures.accountId, eventId: UUID4(high: 1, low: 1), tsEvent: .zero, tsInit: .zero)
            try? order.apply(.submitted(foreign))
        }
    }

    @Test func applyingOrderInitializedTraps() async {
        await #expect(processExitsWith: .failure) {
            let order = OrderFixtures.stopLimit()
            try? order.apply(.initialized(order.initializedEvent))
        }
    }

    @Test func validatedInitWithBadParametersTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Order(validated: OrderInitialized(
                traderId: OrderFixtures.traderId, strategyId: OrderFixtures.strategyId,
                instrumentId: OrderFixtures.instrumentId, clientOrderId: ClientOrderId("O-1"), orderSide: .buy,
                orderType: .limit, quantity: Quantity(units: 1), eventId: UUID4(high: 1, low: 1), tsEvent: .zero,
                tsInit: .zero))
        }
    }

    @Test func negativeFactoryCounterTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderFactory(
                traderId: OrderFixtures.traderId, strategyId: OrderFixtures.strategyId, seed: 1, clientOrderIdCount: -1)
        }
    }

    @Test func generatedIdBeyond63BytesTraps() async {
        await #expect(processExitsWith: .failure) {
            let factory = OrderFactory(
                traderId: TraderId("T-" + String(repeating: "1", count: 30)),
                strategyId: StrategyId("S-" + String(repeating: "2", count: 30)), seed: 1)
            _ = factory.generateClientOrderId(tsInit: .zero)
        }
    }
}
