import KeelCore
import KeelModel
import Testing

@Suite struct OrderValidationTests {
    typealias F = OrderFixtures

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let field: String
        let type: OrderType
        var side: OrderSide = .buy
        var quantity = "10"
        var price: String? = nil
        var trigger: String? = nil
        var triggerType: TriggerType? = nil
        var trailingOffset: String? = nil
        var trailingOffsetType: TrailingOffsetType = .noTrailingOffset
        var limitOffset: String? = nil
        var tif: TimeInForce = .gtc
        var expire: UInt64? = nil
        var postOnly = false
        var display: String? = nil
        var contingency: ContingencyType = .noContingency
        var testDescription: String { name }

        func event() -> OrderInitialized {
            OrderInitialized(
                traderId: F.traderId, strategyId: F.strategyId, instrumentId: F.instrumentId,
                clientOrderId: ClientOrderId("O-1"), orderSide: side, orderType: type, quantity: F.qty(quantity),
                timeInForce: tif, price: price.map(F.px), triggerPrice: trigger.map(F.px), triggerType: triggerType,
                limitOffset: limitOffset.map(F.px), trailingOffset: trailingOffset.map(F.px),
                trailingOffsetType: trailingOffsetType, expireTime: expire.map { UnixNanos($0) }, postOnly: postOnly,
                displayQuantity: display.map(F.qty), contingencyType: contingency,
                eventId: UUID4(high: 1, low: 2), tsEvent: F.t0, tsInit: F.t0)
        }
    }

    static let cases: [Case] = [
        Case(name: "limit without price", field: "Order.price", type: .limit),
        Case(name: "stop-limit without price", field: "Order.price", type: .stopLimit, trigger: "1", triggerType: .default),
        Case(name: "market with price", field: "Order.price", type: .market, price: "1"),
        Case(name: "market-to-limit with price", field: "Order.price", type: .marketToLimit, price: "1"),
        Case(name: "stop-market without trigger", field: "Order.triggerPrice", type: .stopMarket, triggerType: .default),
        Case(name: "limit with trigger", field: "Order.triggerPrice", type: .limit, price: "1", trigger: "1"),
        Case(name: "stop-market without trigger type", field: "Order.triggerType", type: .stopMarket, trigger: "1"),
        Case(name: "trailing without offset", field: "Order.trailingOffset", type: .trailingStopMarket, triggerType: .default, trailingOffsetType: .price),
        Case(name: "trailing without offset type", field: "Order.trailingOffsetType", type: .trailingStopMarket, triggerType: .default, trailingOffset: "0.1"),
        Case(name: "trailing limit without limit offset", field: "Order.limitOffset", type: .trailingStopLimit, triggerType: .default, trailingOffset: "0.1", trailingOffsetType: .price),
        Case(name: "limit with trailing offset", field: "Order.trailingOffset", type: .limit, price: "1", trailingOffset: "0.1"),
        Case(name: "zero quantity", field: "Order.quantity", type: .market, quantity: "0"),
        Case(name: "no side", field: "Order.orderSide", type: .market, side: .noOrderSide),
        Case(name: "GTD without expire time", field: "Order.expireTime", type: .limit, price: "1", tif: .gtd),
        Case(name: "expire time without GTD", field: "Order.expireTime", type: .limit, price: "1", expire: 5),
        Case(name: "GTD market", field: "Order.timeInForce", type: .market, tif: .gtd, expire: 5),
        Case(name: "post-only market", field: "Order.postOnly", type: .market, postOnly: true),
        Case(name: "post-only stop-market", field: "Order.postOnly", type: .stopMarket, trigger: "1", triggerType: .default, postOnly: true),
        Case(name: "display above quantity", field: "Order.displayQuantity", type: .limit, price: "1", display: "11"),
        Case(name: "contingency without links", field: "Order.linkedOrderIds", type: .limit, price: "1", contingency: .oco),
    ]

    @Test(arguments: cases)
    func invalidParametersNameTheField(_ c: Case) {
        let error = #expect(throws: ValidationError.self) { try Order(c.event()) }
        #expect(error?.field == c.field)
        #expect(error?.description.hasPrefix(c.field) == true)
    }

    @Test func validIcebergAndGtdLimit() throws {
        let order = try Order(Case(name: "ok", field: "", type: .limit, price: "1", tif: .gtd, expire: 5, postOnly: true, display: "10").event())
        #expect(order.displayQuantity == F.qty("10") && order.isPostOnly && order.expireTime == UnixNanos(5))
    }

    @Test func factoryMakersThrowForBadInput() {
        let factory = F.factory()
        let error = #expect(throws: ValidationError.self) {
            try factory.limit(
                instrumentId: F.instrumentId, side: .buy, quantity: F.qty("10"), price: F.px("1"), tsInit: F.t0,
                displayQuantity: F.qty("20"))
        }
        #expect(error?.field == "Order.displayQuantity")
        #expect(throws: ValidationError.self) {
            try factory.market(instrumentId: F.instrumentId, side: .buy, quantity: F.qty("0"), tsInit: F.t0)
        }
    }
}
