import KeelCore
import KeelModel
import Testing

@Suite struct OrderEventTests {
    @Test(arguments: OrderEvent.Kind.allCases)
    func kindNamesAreStable(kind: OrderEvent.Kind) {
        let names: [OrderEvent.Kind: String] = [
            .initialized: "OrderInitialized", .denied: "OrderDenied", .emulated: "OrderEmulated",
            .released: "OrderReleased", .submitted: "OrderSubmitted", .accepted: "OrderAccepted",
            .rejected: "OrderRejected", .canceled: "OrderCanceled", .expired: "OrderExpired",
            .triggered: "OrderTriggered", .pendingUpdate: "OrderPendingUpdate", .pendingCancel: "OrderPendingCancel",
            .modifyRejected: "OrderModifyRejected", .cancelRejected: "OrderCancelRejected",
            .updated: "OrderUpdated", .filled: "OrderFilled",
        ]
        #expect(kind.name == names[kind])
        #expect(kind.description == kind.name)
    }

    @Test(arguments: OrderEvent.Kind.allCases)
    func commonAccessorsReadThePayload(kind: OrderEvent.Kind) {
        let order = OrderFixtures.stopLimit()
        let event = OrderFixtures.event(kind, for: order, ts: 3)
        #expect(event.kind == kind)
        #expect(event.clientOrderId == order.clientOrderId)
        #expect(event.traderId == OrderFixtures.traderId)
        #expect(event.strategyId == OrderFixtures.strategyId)
        #expect(event.instrumentId == OrderFixtures.instrumentId)
        if kind != .initialized {
            #expect(event.tsEvent == OrderFixtures.t0 + .seconds(3))
            #expect(event.tsInit == event.tsEvent)
        }
        #expect(event.description.hasPrefix(kind.name + "("))
    }

    @Test func fillCarriesItsFields() {
        let order = OrderFixtures.limit()
        let event = OrderFixtures.event(.filled, for: order, tradeId: "T-9", commission: try? Money("0.10", .usd))
        guard case .filled(let fill) = event else { Issue.record("not a fill"); return }
        #expect(fill.tradeId == TradeId("T-9"))
        #expect(fill.lastQty == order.quantity)
        #expect(fill.orderSide == .buy && fill.orderType == .limit && fill.liquiditySide == .maker)
        #expect(fill.commission == (try? Money("0.10", .usd)))
        #expect(event.venueOrderId == OrderFixtures.venueOrderId)
        #expect(event.accountId == OrderFixtures.accountId)
    }

    @Test func initializedCarriesItsRareIdsAndComparesByValue() {
        func make(trigger: InstrumentId?, algorithm: ExecAlgorithmId?, spawn: ClientOrderId?) -> OrderInitialized {
            OrderInitialized(
                traderId: OrderFixtures.traderId, strategyId: OrderFixtures.strategyId,
                instrumentId: OrderFixtures.instrumentId, clientOrderId: ClientOrderId("O-1"), orderSide: .buy,
                orderType: .market, quantity: OrderFixtures.qty("100"), triggerInstrumentId: trigger,
                execAlgorithmId: algorithm, execSpawnId: spawn, eventId: UUID4(high: 1, low: 2),
                tsEvent: OrderFixtures.t0, tsInit: OrderFixtures.t0)
        }
        let plain = make(trigger: nil, algorithm: nil, spawn: nil)
        #expect(plain.triggerInstrumentId == nil && plain.execAlgorithmId == nil && plain.execSpawnId == nil)
        let full = make(trigger: InstrumentId("EUR/USD.SIM"), algorithm: ExecAlgorithmId("TWAP"), spawn: ClientOrderId("O-1"))
        #expect(full.triggerInstrumentId == InstrumentId("EUR/USD.SIM"))
        #expect(full.execAlgorithmId == ExecAlgorithmId("TWAP"))
        #expect(full.execSpawnId == ClientOrderId("O-1"))
        let spawnOnly = make(trigger: nil, algorithm: nil, spawn: ClientOrderId("O-1"))
        #expect(spawnOnly.execSpawnId == ClientOrderId("O-1") && spawnOnly.triggerInstrumentId == nil)
        // Equal values built separately (two storage objects) are equal and hash alike; any difference counts.
        let again = make(trigger: InstrumentId("EUR/USD.SIM"), algorithm: ExecAlgorithmId("TWAP"), spawn: ClientOrderId("O-1"))
        #expect(full == again && full.hashValue == again.hashValue)
        #expect(full != plain && plain != spawnOnly && spawnOnly != full)
        #expect(Set([full, again, plain, spawnOnly]).count == 3)
    }
}
