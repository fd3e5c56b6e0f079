import KeelCore
import KeelModel
import Testing

@Suite struct OrderFillTests {
    typealias F = OrderFixtures

    static func accepted(_ order: Order) throws -> Order {
        try order.apply(F.event(.submitted, for: order, ts: 1))
        try order.apply(F.event(.accepted, for: order, ts: 2))
        return order
    }

    @Test func partialFillsAccumulateExactly() throws {
        let order = try Self.accepted(F.limit(quantity: "4000", price: "1.00003"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("1000"), fillPx: F.px("1.00001"), tradeId: "T-1", ts: 3))
        #expect(order.status == .partiallyFilled)
        #expect(order.filledQty == F.qty("1000"))
        #expect(order.leavesQty == F.qty("3000"))
        #expect(order.avgPx == F.px("1.00001"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("3000"), fillPx: F.px("1.00003"), tradeId: "T-2", ts: 4))
        #expect(order.status == .filled)
        #expect(order.leavesQty == F.qty("0"))
        // (1000 × 1.00001 + 3000 × 1.00003) / 4000 = 1.000025, exactly.
        #expect(order.avgPx == F.px("1.000025"))
        #expect(order.avgPx?.description == "1.000025")
        #expect(order.isAvgPxExact)
        #expect(order.tradeIds == [TradeId("T-1"), TradeId("T-2")])
        #expect(order.lastTradeId == TradeId("T-2"))
        #expect(order.tsClosed == F.t0 + .seconds(4))
    }

    @Test func avgPxRoundsOnlyBeyondNineDecimals() throws {
        let order = try Self.accepted(F.limit(quantity: "3", price: "2"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("1"), fillPx: F.px("1"), tradeId: "T-1", ts: 3))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("2"), fillPx: F.px("2"), tradeId: "T-2", ts: 4))
        // 5/3 = 1.666…: rounded at the ninth decimal.
        #expect(order.avgPx == F.px("1.666666667"))
        #expect(!order.isAvgPxExact)
        #expect(abs((order.avgPxDouble ?? 0) - 5.0 / 3.0) < 1e-12)
    }

    @Test func duplicateTradeIdIsRejected() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("10"), tradeId: "T-1", ts: 3))
        let before = order.eventCount
        let error = #expect(throws: OrderError.self) {
            try order.apply(F.event(.filled, for: order, fillQty: F.qty("10"), tradeId: "T-1", ts: 4))
        }
        #expect(error?.code == .duplicateFill)
        #expect(error?.description.contains("T-1") == true)
        #expect(order.filledQty == F.qty("10"))
        #expect(order.eventCount == before)
    }

    @Test func overfillIsRejected() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("60"), tradeId: "T-1", ts: 3))
        let error = #expect(throws: OrderError.self) {
            try order.apply(F.event(.filled, for: order, fillQty: F.qty("41"), tradeId: "T-2", ts: 4))
        }
        #expect(error?.code == .overfill)
        #expect(order.filledQty == F.qty("60"))
        #expect(order.leavesQty == F.qty("40"))
        #expect(order.status == .partiallyFilled)
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("40"), tradeId: "T-2", ts: 5))
        #expect(order.status == .filled)
    }

    @Test func fillOfWrongSideOrPrecisionIsRejected() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        let fill = OrderFilled(
            traderId: F.traderId, strategyId: F.strategyId, instrumentId: F.instrumentId,
            clientOrderId: order.clientOrderId, venueOrderId: F.venueOrderId, accountId: F.accountId,
            tradeId: TradeId("T-x"), orderSide: .sell, orderType: .limit, lastQty: F.qty("1"),
            lastPx: F.px("1.00010"), currency: .usd, liquiditySide: .maker,
            eventId: UUID4(high: 9, low: 9), tsEvent: F.t0, tsInit: F.t0)
        #expect(throws: OrderError.self) { try order.apply(.filled(fill)) }
        let wrongPrecision = F.event(.filled, for: order, fillQty: F.qty("1.0"), tradeId: "T-y", ts: 3)
        #expect(throws: OrderError.self) { try order.apply(wrongPrecision) }
        #expect(order.filledQty.isZero)
    }

    @Test func commissionsAccumulatePerCurrencyInFirstSeenOrder() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("10"), tradeId: "T-1", ts: 3, commission: try Money("1.50", .usd)))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("10"), tradeId: "T-2", ts: 4, commission: try Money("0.00001", .btc)))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("10"), tradeId: "T-3", ts: 5, commission: try Money("0.25", .usd)))
        #expect(order.commissions == [try Money("1.75", .usd), try Money("0.00001", .btc)])
        #expect(order.commission(in: .usd) == (try Money("1.75", .usd)))
        #expect(order.commission(in: .eur) == nil)
    }

    @Test func slippageIsSignedAgainstThePrice() throws {
        let buy = try Self.accepted(F.limit(quantity: "10", price: "1.00010", side: .buy))
        try buy.apply(F.event(.filled, for: buy, fillPx: F.px("1.00008"), tradeId: "T-1", ts: 3))
        #expect(buy.slippage == F.px("-0.00002"))  // filled better than the limit
        let sell = try Self.accepted(F.limit(quantity: "10", price: "1.00010", side: .sell))
        try sell.apply(F.event(.filled, for: sell, fillPx: F.px("1.00007"), tradeId: "T-1", ts: 3))
        #expect(sell.slippage == F.px("0.00003"))
        let market = try F.factory().market(instrumentId: F.instrumentId, side: .buy, quantity: F.qty("1"), tsInit: F.t0)
        #expect(market.slippage == nil)
    }

    @Test func marketToLimitBecomesLimitAtFirstFillPrice() throws {
        let order = try Self.accepted(
            F.factory().marketToLimit(instrumentId: F.instrumentId, side: .buy, quantity: F.qty("100"), tsInit: F.t0))
        #expect(order.price == nil)
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("30"), fillPx: F.px("1.00020"), tradeId: "T-1", ts: 3))
        #expect(order.orderType == .limit)
        #expect(order.price == F.px("1.00020"))
        #expect(order.initializedEvent.orderType == .marketToLimit)
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("70"), fillPx: F.px("1.00020"), tradeId: "T-2", ts: 4))
        #expect(order.price == F.px("1.00020"))
        #expect(order.status == .filled)
    }

    static func updated(_ order: Order, quantity: String, price: Price? = nil, trigger: Price? = nil) -> OrderEvent {
        .updated(OrderUpdated(
            traderId: F.traderId, strategyId: F.strategyId, instrumentId: F.instrumentId,
            clientOrderId: order.clientOrderId, quantity: F.qty(quantity), eventId: UUID4(high: 7, low: 7),
            tsEvent: F.t0 + .seconds(9), tsInit: F.t0 + .seconds(9), price: price, triggerPrice: trigger))
    }

    @Test func updateChangesQuantityPriceAndLeaves() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("40"), tradeId: "T-1", ts: 3))
        try order.apply(Self.updated(order, quantity: "50", price: F.px("1.00020")))
        #expect(order.quantity == F.qty("50"))
        #expect(order.leavesQty == F.qty("10"))
        #expect(order.price == F.px("1.00020"))
        #expect(order.status == .partiallyFilled)
    }

    @Test func updateBelowFilledQuantityIsRejected() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        try order.apply(F.event(.filled, for: order, fillQty: F.qty("40"), tradeId: "T-1", ts: 3))
        let error = #expect(throws: OrderError.self) { try order.apply(Self.updated(order, quantity: "39")) }
        #expect(error?.code == .invalidUpdate)
        #expect(order.quantity == F.qty("100"))
    }

    @Test func updateOfAFieldTheTypeLacksIsRejected() throws {
        let order = try Self.accepted(F.limit(quantity: "100"))
        let error = #expect(throws: OrderError.self) {
            try order.apply(Self.updated(order, quantity: "100", trigger: F.px("1.00000")))
        }
        #expect(error?.code == .invalidEventForOrderType)
    }

    @Test func trailingStopUpdatesItsTriggerAndPrice() throws {
        let order = try Self.accepted(
            F.factory().trailingStopLimit(
                instrumentId: F.instrumentId, side: .sell, quantity: F.qty("10"), limitOffset: F.px("0.00005"),
                trailingOffset: F.px("0.00020"), tsInit: F.t0))
        try order.apply(Self.updated(order, quantity: "10", price: F.px("1.00075"), trigger: F.px("1.00080")))
        #expect(order.triggerPrice == F.px("1.00080"))
        #expect(order.price == F.px("1.00075"))
        try order.apply(F.event(.triggered, for: order, ts: 10))
        #expect(order.status == .triggered && order.isTriggered)
    }

    @Test func wouldReduceOnly() throws {
        let sell = F.limit(quantity: "10", side: .sell)
        #expect(sell.wouldReduceOnly(positionSide: .long, positionQuantity: F.qty("10")))
        #expect(!sell.wouldReduceOnly(positionSide: .long, positionQuantity: F.qty("9")))
        #expect(!sell.wouldReduceOnly(positionSide: .short, positionQuantity: F.qty("10")))
        #expect(!sell.wouldReduceOnly(positionSide: .flat, positionQuantity: F.qty("10")))
    }
}
