import KeelCore
import KeelModel
import Testing

/// The order state machine, pair by pair.
///
/// `expected` restates NautilusTrader's transition table independently of the implementation; every
/// (status, event kind) pair not listed is invalid.
@Suite struct OrderStateMachineTests {
    static let expected: [OrderStatus: [OrderEvent.Kind: OrderStatus]] = [
        .initialized: [
            .denied: .denied, .emulated: .emulated, .released: .released, .submitted: .submitted,
            .rejected: .rejected, .accepted: .accepted, .canceled: .canceled, .expired: .expired,
            .triggered: .triggered, .updated: .initialized,
        ],
        .denied: [:],
        .emulated: [.canceled: .canceled, .expired: .expired, .updated: .emulated, .released: .released],
        .released: [.submitted: .submitted, .denied: .denied, .canceled: .canceled, .updated: .released],
        .submitted: [
            .pendingUpdate: .pendingUpdate, .pendingCancel: .pendingCancel, .cancelRejected: .submitted,
            .rejected: .rejected, .canceled: .canceled, .accepted: .accepted, .updated: .submitted, .filled: .filled,
        ],
        .accepted: [
            .rejected: .rejected, .pendingUpdate: .pendingUpdate, .pendingCancel: .pendingCancel,
            .modifyRejected: .accepted, .cancelRejected: .accepted, .canceled: .canceled, .triggered: .triggered,
            .updated: .accepted, .expired: .expired, .filled: .filled,
        ],
        .rejected: [:],
        .canceled: [.filled: .filled, .updated: .canceled],
        .expired: [.filled: .filled, .updated: .expired],
        .triggered: [
            .rejected: .rejected, .pendingUpdate: .pendingUpdate, .pendingCancel: .pendingCancel,
            .modifyRejected: .triggered, .cancelRejected: .triggered, .canceled: .canceled, .expired: .expired,
            .filled: .filled, .updated: .triggered,
        ],
        .pendingUpdate: [
            .rejected: .rejected, .accepted: .accepted, .canceled: .canceled, .expired: .expired,
            .triggered: .triggered, .submitted: .pendingUpdate, .pendingUpdate: .pendingUpdate,
            .pendingCancel: .pendingCancel, .cancelRejected: .pendingUpdate, .modifyRejected: .pendingUpdate,
            .updated: .pendingUpdate, .filled: .filled,
        ],
        .pendingCancel: [
            .rejected: .rejected, .pendingCancel: .pendingCancel, .modifyRejected: .pendingCancel,
            .cancelRejected: .pendingCancel, .canceled: .canceled, .expired: .expired, .accepted: .accepted,
            .updated: .pendingCancel, .filled: .filled,
        ],
        .partiallyFilled: [
            .pendingUpdate: .pendingUpdate, .pendingCancel: .pendingCancel, .modifyRejected: .partiallyFilled,
            .cancelRejected: .partiallyFilled, .canceled: .canceled, .expired: .expired, .filled: .filled,
            .accepted: .accepted, .updated: .partiallyFilled,
        ],
        .filled: [.updated: .filled],
    ]

    /// The status `apply` ends in for a valid pair: the table's, refined where a request returns to the
    /// status before it (here always ACCEPTED) and where a fill of everything left completes the order.
    static func expectedAfterApply(_ status: OrderStatus, _ kind: OrderEvent.Kind) -> OrderStatus? {
        guard let next = expected[status]?[kind] else { return nil }
        switch (status, kind) {
        case (.pendingUpdate, .modifyRejected), (.pendingCancel, .cancelRejected),
            (.pendingUpdate, .updated), (.pendingCancel, .updated):
            return .accepted
        default: return next
        }
    }

    @Test(arguments: OrderStatus.allCases, OrderEvent.Kind.allCases)
    func tableEntry(status: OrderStatus, kind: OrderEvent.Kind) {
        #expect(status.transition(on: kind) == Self.expected[status]?[kind])
    }

    @Test func tableHasEveryStatus() {
        #expect(Set(Self.expected.keys) == Set(OrderStatus.allCases))
        let valid = Self.expected.values.reduce(0) { $0 + $1.count }
        #expect(valid == 80)
    }

    @Test(arguments: OrderStatus.allCases, OrderEvent.Kind.allCases.filter { $0 != .initialized })
    func applyFollowsTable(status: OrderStatus, kind: OrderEvent.Kind) throws {
        let order = try OrderFixtures.stopLimit(in: status)
        #expect(order.status == status)
        let countBefore = order.eventCount
        let event = OrderFixtures.event(kind, for: order, ts: 100)
        if let next = Self.expectedAfterApply(status, kind) {
            try order.apply(event)
            #expect(order.status == next)
            #expect(order.eventCount == countBefore + 1)
            #expect(order.lastEvent == event)
            #expect(order.tsLast == event.tsEvent)
        } else {
            let error = #expect(throws: OrderError.self) { try order.apply(event) }
            #expect(error?.code == .invalidTransition)
            #expect(error?.status == status)
            #expect(error?.eventKind == kind)
            #expect(error?.clientOrderId == order.clientOrderId)
            #expect(order.status == status)
            #expect(order.eventCount == countBefore)
        }
    }

    @Test func invalidTransitionMessageNamesEventOrderAndStatus() throws {
        let order = try OrderFixtures.stopLimit(in: .filled)
        let error = #expect(throws: OrderError.self) {
            try order.apply(OrderFixtures.event(.canceled, for: order, ts: 9))
        }
        let text = error?.description ?? ""
        #expect(text.contains("OrderCanceled"))
        #expect(text.contains("FILLED"))
        #expect(text.contains(order.clientOrderId.value))
    }

    @Test func pendingUpdateReturnsToPreviousStatusOnModifyRejected() throws {
        let order = try OrderFixtures.stopLimit(in: .triggered)
        try order.apply(OrderFixtures.event(.pendingUpdate, for: order, ts: 10))
        try order.apply(OrderFixtures.event(.pendingUpdate, for: order, ts: 11))  // a second request
        #expect(order.previousStatus == .triggered)
        try order.apply(OrderFixtures.event(.modifyRejected, for: order, ts: 12))
        #expect(order.status == .triggered)
    }

    @Test func pendingCancelReturnsToPartiallyFilledAfterPartialFillAndCancelRejected() throws {
        let order = try OrderFixtures.stopLimit(in: .accepted)
        try order.apply(OrderFixtures.event(.pendingCancel, for: order, ts: 10))
        try order.apply(OrderFixtures.event(.filled, for: order, fillQty: OrderFixtures.qty("30"), tradeId: "T-a", ts: 11))
        #expect(order.status == .pendingCancel)
        #expect(order.filledQty == OrderFixtures.qty("30"))
        try order.apply(OrderFixtures.event(.cancelRejected, for: order, ts: 12))
        #expect(order.status == .partiallyFilled)
    }

    @Test func updatedInPendingCancelRestoresPreviousStatus() throws {
        let order = try OrderFixtures.stopLimit(in: .partiallyFilled)
        try order.apply(OrderFixtures.event(.pendingCancel, for: order, ts: 10))
        try order.apply(OrderFixtures.event(.updated, for: order, ts: 11))
        #expect(order.status == .partiallyFilled)
    }

    @Test func latePartialFillKeepsCanceledOrderClosed() throws {
        let order = try OrderFixtures.stopLimit(in: .canceled)
        try order.apply(OrderFixtures.event(.filled, for: order, fillQty: OrderFixtures.qty("10"), tradeId: "T-late", ts: 10))
        #expect(order.status == .canceled)
        #expect(order.isClosed)
        #expect(order.filledQty == OrderFixtures.qty("10"))
    }

    @Test(arguments: [OrderType.market, .limit, .stopMarket, .marketIfTouched, .trailingStopMarket, .marketToLimit])
    func triggeredIsAnErrorForTypesWithoutTriggeredStatus(type: OrderType) throws {
        let f = OrderFixtures.factory()
        let (i, q, p) = (OrderFixtures.instrumentId, OrderFixtures.qty("10"), OrderFixtures.px("1.00000"))
        let order: Order = switch type {
        case .market: try f.market(instrumentId: i, side: .buy, quantity: q, tsInit: OrderFixtures.t0)
        case .limit: try f.limit(instrumentId: i, side: .buy, quantity: q, price: p, tsInit: OrderFixtures.t0)
        case .stopMarket: try f.stopMarket(instrumentId: i, side: .buy, quantity: q, triggerPrice: p, tsInit: OrderFixtures.t0)
        case .marketIfTouched: try f.marketIfTouched(instrumentId: i, side: .buy, quantity: q, triggerPrice: p, tsInit: OrderFixtures.t0)
        case .trailingStopMarket: try f.trailingStopMarket(instrumentId: i, side: .buy, quantity: q, trailingOffset: p, tsInit: OrderFixtures.t0)
        default: try f.marketToLimit(instrumentId: i, side: .buy, quantity: q, tsInit: OrderFixtures.t0)
        }
        try order.apply(OrderFixtures.event(.submitted, for: order, ts: 1))
        try order.apply(OrderFixtures.event(.accepted, for: order, ts: 2))
        let error = #expect(throws: OrderError.self) { try order.apply(OrderFixtures.event(.triggered, for: order, ts: 3)) }
        #expect(error?.code == .invalidEventForOrderType)
        #expect(order.status == .accepted)
    }

    @Test func lifecycleTimestampsAndIds() throws {
        let order = try OrderFixtures.stopLimit(in: .accepted)
        #expect(order.accountId == OrderFixtures.accountId)
        #expect(order.venueOrderId == OrderFixtures.venueOrderId)
        #expect(order.venueOrderIds == [OrderFixtures.venueOrderId])
        #expect(order.tsSubmitted == OrderFixtures.t0 + .seconds(1))
        #expect(order.tsAccepted == OrderFixtures.t0 + .seconds(2))
        #expect(order.isOpen && !order.isInflight && !order.isClosed)
        try order.apply(OrderFixtures.event(.canceled, for: order, ts: 5))
        #expect(order.tsClosed == OrderFixtures.t0 + .seconds(5))
        #expect(order.isClosed && order.isCanceled && !order.isOpen)
    }

    @Test func emulatedOrderIsLocalUntilReleased() throws {
        let order = try OrderFixtures.factory().limit(
            instrumentId: OrderFixtures.instrumentId, side: .sell, quantity: OrderFixtures.qty("5"),
            price: OrderFixtures.px("1.10000"), tsInit: OrderFixtures.t0, emulationTrigger: .bidAsk)
        #expect(order.isActiveLocal)
        try order.apply(OrderFixtures.event(.emulated, for: order, ts: 1))
        #expect(order.isEmulated && order.isActiveLocal && !order.isOpen)
        try order.apply(OrderFixtures.event(.released, for: order, ts: 2))
        #expect(order.emulationTrigger == nil)
        try order.apply(OrderFixtures.event(.submitted, for: order, ts: 3))
        #expect(order.isInflight && !order.isActiveLocal)
    }
}
