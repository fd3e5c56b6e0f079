import KeelCore
import KeelModel
import Testing

/// An order stores its events compactly and rebuilds them when read: what comes back is what was applied.
@Suite struct OrderEventRecordTests {
    typealias F = OrderFixtures

    static let otherVenueOrderId = VenueOrderId("V-2")

    /// Applies `events` to `order` and checks `events`, `lastEvent` and `eventCount` after each one.
    static func applyAndCheck(_ events: [OrderEvent], to order: Order) throws {
        var applied: [OrderEvent] = [.initialized(order.initializedEvent)]
        #expect(order.events == applied)
        #expect(order.lastEvent == applied[0])
        for event in events {
            try order.apply(event)
            applied.append(event)
            #expect(order.events == applied)
            #expect(order.lastEvent == event)
            #expect(order.eventCount == applied.count)
        }
    }

    static func ids(_ order: Order) -> (TraderId, StrategyId, InstrumentId, ClientOrderId) {
        (order.traderId, order.strategyId, order.instrumentId, order.clientOrderId)
    }

    static func ts(_ seconds: UInt64) -> UnixNanos { F.t0 + .seconds(seconds) }

    static func uuid(_ n: UInt64) -> UUID4 { UUID4(high: 0xABCD, low: n) }

    @Test(arguments: OrderStatus.allCases)
    func everyPathReadsBackAsApplied(status: OrderStatus) throws {
        let order = F.stopLimit()
        let fillQty: Quantity? = status == .partiallyFilled ? F.qty("40") : nil
        let events = F.path(to: status).enumerated().map { k, kind in
            F.event(kind, for: order, fillQty: fillQty, tradeId: "T-path", ts: UInt64(k + 1))
        }
        try Self.applyAndCheck(events, to: order)
    }

    @Test func optionalFieldsAndSeveralVenueIdsReadBack() throws {
        let order = F.stopLimit()
        let (t, s, i, c) = Self.ids(order)
        let a = F.accountId
        let v1 = F.venueOrderId
        let v2 = Self.otherVenueOrderId
        let events: [OrderEvent] = [
            .submitted(OrderSubmitted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: a, eventId: Self.uuid(1), tsEvent: Self.ts(1), tsInit: Self.ts(2))),
            .accepted(OrderAccepted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: v1, accountId: a, eventId: Self.uuid(2), tsEvent: Self.ts(2), tsInit: Self.ts(3), reconciliation: true)),
            .pendingUpdate(OrderPendingUpdate(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: a, eventId: Self.uuid(3), tsEvent: Self.ts(3), tsInit: Self.ts(3), venueOrderId: v1)),
            .modifyRejected(OrderModifyRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: "too late", eventId: Self.uuid(4), tsEvent: Self.ts(4), tsInit: Self.ts(4), venueOrderId: v1, accountId: a, reconciliation: true)),
            .pendingUpdate(OrderPendingUpdate(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: a, eventId: Self.uuid(5), tsEvent: Self.ts(5), tsInit: Self.ts(5))),
            .updated(OrderUpdated(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, quantity: F.qty("90"), eventId: Self.uuid(6), tsEvent: Self.ts(6), tsInit: Self.ts(6), price: F.px("1.00020"), triggerPrice: F.px("1.00005"), venueOrderId: v2, accountId: a)),
            .pendingCancel(OrderPendingCancel(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: a, eventId: Self.uuid(7), tsEvent: Self.ts(7), tsInit: Self.ts(7), venueOrderId: v2, reconciliation: true)),
            .cancelRejected(OrderCancelRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, reason: "", eventId: Self.uuid(8), tsEvent: Self.ts(8), tsInit: Self.ts(8))),
            .triggered(OrderTriggered(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: Self.uuid(9), tsEvent: Self.ts(9), tsInit: Self.ts(9), venueOrderId: v2)),
            F.event(.filled, for: order, fillQty: F.qty("30"), tradeId: "T-1", ts: 10),
            .canceled(OrderCanceled(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: Self.uuid(11), tsEvent: Self.ts(11), tsInit: Self.ts(11), venueOrderId: v1, accountId: a, reconciliation: true)),
        ]
        try Self.applyAndCheck(events, to: order)
        #expect(order.venueOrderIds == [v1, v2])
    }

    @Test func rejectionKeepsItsReasonAndFlags() throws {
        let order = F.limit()
        let (t, s, i, c) = Self.ids(order)
        try Self.applyAndCheck(
            [
                .submitted(OrderSubmitted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: F.accountId, eventId: Self.uuid(1), tsEvent: Self.ts(1), tsInit: Self.ts(1))),
                .rejected(OrderRejected(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: AccountId("SIM-002"), reason: "POST_ONLY would take", eventId: Self.uuid(2), tsEvent: Self.ts(2), tsInit: Self.ts(3), dueToPostOnly: true, reconciliation: true)),
            ], to: order)
    }

    @Test func localEventsReadBack() throws {
        let order = F.stopLimit()
        let (t, s, i, c) = Self.ids(order)
        try Self.applyAndCheck(
            [
                .emulated(OrderEmulated(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: Self.uuid(1), tsEvent: Self.ts(1), tsInit: Self.ts(1))),
                .released(OrderReleased(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, releasedPrice: F.px("1.00003"), eventId: Self.uuid(2), tsEvent: Self.ts(2), tsInit: Self.ts(2))),
                .submitted(OrderSubmitted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, accountId: F.accountId, eventId: Self.uuid(3), tsEvent: Self.ts(3), tsInit: Self.ts(3))),
                .accepted(OrderAccepted(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, venueOrderId: F.venueOrderId, accountId: F.accountId, eventId: Self.uuid(4), tsEvent: Self.ts(4), tsInit: Self.ts(4))),
                .expired(OrderExpired(traderId: t, strategyId: s, instrumentId: i, clientOrderId: c, eventId: Self.uuid(5), tsEvent: Self.ts(5), tsInit: Self.ts(5), accountId: F.accountId)),
            ], to: order)

        let denied = F.limit()
        let d = Self.ids(denied)
        try Self.applyAndCheck(
            [.denied(OrderDenied(traderId: d.0, strategyId: d.1, instrumentId: d.2, clientOrderId: d.3, reason: "risk", eventId: Self.uuid(1), tsEvent: Self.ts(1), tsInit: Self.ts(1)))],
            to: denied)
    }

    @Test func eventsOfAnotherTraderOrInstrumentReadBackWhole() throws {
        let order = F.limit()
        let (_, s, _, c) = Self.ids(order)
        try Self.applyAndCheck(
            [
                .submitted(OrderSubmitted(traderId: TraderId("OTHER-002"), strategyId: s, instrumentId: order.instrumentId, clientOrderId: c, accountId: F.accountId, eventId: Self.uuid(1), tsEvent: Self.ts(1), tsInit: Self.ts(1))),
                .accepted(OrderAccepted(traderId: order.traderId, strategyId: s, instrumentId: InstrumentId("EUR/USD.SIM"), clientOrderId: c, venueOrderId: F.venueOrderId, accountId: F.accountId, eventId: Self.uuid(2), tsEvent: Self.ts(2), tsInit: Self.ts(2))),
            ], to: order)
    }

    @Test func initializedEventIsSharedNotCopied() {
        let order = F.limit()
        guard case .initialized(let first) = order.events[0] else { Issue.record("events[0] is not initialized"); return }
        #expect(first == order.initializedEvent)
        #expect(first.clientOrderId == order.clientOrderId)
        #expect(order.side == first.orderSide && order.timeInForce == first.timeInForce && order.tsInit == first.tsEvent)
    }
}
