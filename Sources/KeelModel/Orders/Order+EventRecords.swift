// An order's applied events, stored compactly and rebuilt as `OrderEvent` values when read.
//
// Design decisions:
// - An `OrderEvent` is 672 bytes (the size of `OrderFilled`, eight 64-byte identifiers), and every event of an
//   order repeats the same trader, strategy, instrument and client order id. Keeping the events as an
//   `[OrderEvent]` made them the largest item of a backtest's heap (S1: 24k orders, 90 MB of event arrays out of
//   221 MB). An order now keeps its `OrderInitialized` once (`initializedEvent`) and, for each later event, an
//   `OrderEventRecord` of 64 bytes: the kind, the event id, the timestamps, the flags, the venue order id and
//   account id as one-byte references into a small table of the order's own (usually one account id and one
//   venue order id, both kept in the order itself), and the few kind-specific fields.
// - Fills are kept whole (boxed): they are rare next to the other events (S1: 4k fills, 80k events) and carry
//   most fields of their own. So is any event whose trader or instrument differs from the order's, so that
//   `events` always returns exactly the values that were applied.
// - `events` and `lastEvent` rebuild the values through the events' public initialisers, so reading them costs
//   a few copies per event; nothing reads them per quote (reports, persistence and tests do).
// - The first two records are kept in the order itself (`firstRecord`, `secondRecord`): nearly every order sees
//   two events after its `OrderInitialized` (submitted, then accepted, rejected …), and an array of them cost an
//   allocation per order. The records after those grow one element at a time (or two while the order is still
//   open): an order sees 3.4 events on average (S1), and doubling growth left a quarter of the capacity unused.

import KeelCore

/// One event applied to an order, without what it shares with the order (see the file's design notes).
struct OrderEventRecord {
    /// The kind-specific fields.
    enum Detail {
        /// Nothing beyond the common fields.
        case none
        /// A denial's or rejection's reason, and for a rejection whether it was due to post-only.
        case reason(String, dueToPostOnly: Bool)
        /// The price at which an emulated order was released.
        case released(Price)
        /// An update's new quantity and prices (rare: boxed).
        indirect case updated(quantity: Quantity, price: Price?, triggerPrice: Price?)
        /// The whole event: fills, and events whose trader or instrument differs from the order's.
        indirect case verbatim(OrderEvent)
    }

    /// No text: the event has no venue order id (or no account id).
    static let noText: UInt8 = 0

    let kind: OrderEvent.Kind
    let reconciliation: Bool
    /// 0 for none, otherwise the order's reference to the text (`Order.textReference(_:)`).
    let venueOrderId: UInt8
    /// 0 for none, otherwise the order's reference to the text (`Order.textReference(_:)`).
    let accountId: UInt8
    let eventId: UUID4
    let tsEvent: UnixNanos
    let tsInit: UnixNanos
    let detail: Detail

    init(verbatim event: OrderEvent, kind: OrderEvent.Kind) {
        self.kind = kind
        reconciliation = false
        venueOrderId = Self.noText
        accountId = Self.noText
        eventId = event.eventId
        tsEvent = event.tsEvent
        tsInit = event.tsInit
        detail = .verbatim(event)
    }

    init(
        kind: OrderEvent.Kind, reconciliation: Bool = false, venueOrderId: UInt8 = Self.noText,
        accountId: UInt8 = Self.noText, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos, detail: Detail = .none
    ) {
        self.kind = kind
        self.reconciliation = reconciliation
        self.venueOrderId = venueOrderId
        self.accountId = accountId
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
        self.detail = detail
    }
}

extension Order {
    /// Every event applied to the order, starting with its `OrderInitialized`.
    ///
    /// The events are rebuilt from the order's compact record of them on each read.
    ///
    /// - Complexity: O(n) for n events.
    public var events: [OrderEvent] {
        var all: [OrderEvent] = []
        all.reserveCapacity(eventCount)
        all.append(.initialized(initializedEvent))
        if let firstRecord { all.append(event(from: firstRecord)) }
        if let secondRecord { all.append(event(from: secondRecord)) }
        for record in moreRecords { all.append(event(from: record)) }
        return all
    }

    /// The last event applied.
    public var lastEvent: OrderEvent {
        guard let record = moreRecords.last ?? secondRecord ?? firstRecord else { return .initialized(initializedEvent) }
        return event(from: record)
    }

    /// The number of events applied, including `OrderInitialized`.
    public var eventCount: Int { firstRecord == nil ? 1 : secondRecord == nil ? 2 : moreRecords.count + 3 }

    // MARK: Recording

    /// Appends `event` (any kind but `initialized`, which the order holds as `initializedEvent`) to the record.
    func record(_ event: OrderEvent, _ header: OrderEvent.Header) {
        let record = compactRecord(of: event, header) ?? OrderEventRecord(verbatim: event, kind: header.kind)
        if firstRecord == nil {
            firstRecord = record
        } else if secondRecord == nil {
            secondRecord = record
        } else {
            // An order still open after this event will see at least one more (the one that closes it): room for it.
            if moreRecords.count == moreRecords.capacity {
                moreRecords.reserveCapacity(moreRecords.count + (isClosed ? 1 : 2))
            }
            moreRecords.append(record)
        }
    }

    /// The compact record of `event`, or nil if it must be kept whole.
    private func compactRecord(of event: OrderEvent, _ header: OrderEvent.Header) -> OrderEventRecord? {
        guard header.traderId == traderId, header.instrumentId == instrumentId else { return nil }
        switch event {
        case .initialized, .filled:
            return nil
        case .denied(let e):
            return OrderEventRecord(
                kind: .denied, eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit,
                detail: .reason(e.reason, dueToPostOnly: false))
        case .emulated(let e):
            return OrderEventRecord(kind: .emulated, eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit)
        case .released(let e):
            return OrderEventRecord(
                kind: .released, eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit, detail: .released(e.releasedPrice))
        // A submission or acceptance has just set the order's account id (and an acceptance its venue order id)
        // from the event (`apply(_:)` records after it updates the order): their places are the event's.
        case .submitted(let e):
            assert(eventText(at: accountIdPlace) == e.accountId.text, "Invariant: the account id was just set")
            guard let account = UInt8(exactly: accountIdPlace) else { return nil }
            return OrderEventRecord(kind: .submitted, accountId: account, eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit)
        case .accepted(let e):
            assert(eventText(at: accountIdPlace) == e.accountId.text, "Invariant: the account id was just set")
            assert(eventText(at: venueOrderIdPlace) == e.venueOrderId.text, "Invariant: the venue order id was just set")
            guard let venue = UInt8(exactly: venueOrderIdPlace), let account = UInt8(exactly: accountIdPlace) else { return nil }
            return OrderEventRecord(
                kind: .accepted, reconciliation: e.reconciliation, venueOrderId: venue, accountId: account,
                eventId: e.eventId, tsEvent: e.tsEvent, tsInit: e.tsInit)
        case .rejected(let e):
            return commonRecord(
                .rejected, e.reconciliation, nil, e.accountId, e.eventId, e.tsEvent, e.tsInit,
                .reason(e.reason, dueToPostOnly: e.dueToPostOnly))
        case .canceled(let e):
            return commonRecord(.canceled, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit)
        case .expired(let e):
            return commonRecord(.expired, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit)
        case .triggered(let e):
            return commonRecord(.triggered, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit)
        case .pendingUpdate(let e):
            return commonRecord(.pendingUpdate, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit)
        case .pendingCancel(let e):
            return commonRecord(.pendingCancel, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit)
        case .modifyRejected(let e):
            return commonRecord(
                .modifyRejected, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit,
                .reason(e.reason, dueToPostOnly: false))
        case .cancelRejected(let e):
            return commonRecord(
                .cancelRejected, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit,
                .reason(e.reason, dueToPostOnly: false))
        case .updated(let e):
            return commonRecord(
                .updated, e.reconciliation, e.venueOrderId, e.accountId, e.eventId, e.tsEvent, e.tsInit,
                .updated(quantity: e.quantity, price: e.price, triggerPrice: e.triggerPrice))
        }
    }

    private func commonRecord(
        _ kind: OrderEvent.Kind, _ reconciliation: Bool, _ venueOrderId: VenueOrderId?, _ accountId: AccountId?,
        _ eventId: UUID4, _ tsEvent: UnixNanos, _ tsInit: UnixNanos, _ detail: OrderEventRecord.Detail = .none
    ) -> OrderEventRecord? {
        var venueReference = OrderEventRecord.noText
        var accountReference = OrderEventRecord.noText
        if let venueOrderId {
            guard let reference = textReference(venueOrderId.text) else { return nil }
            venueReference = reference
        }
        if let accountId {
            guard let reference = textReference(accountId.text) else { return nil }
            accountReference = reference
        }
        return OrderEventRecord(
            kind: kind, reconciliation: reconciliation, venueOrderId: venueReference, accountId: accountReference,
            eventId: eventId, tsEvent: tsEvent, tsInit: tsInit, detail: detail)
    }

    /// The place of `text` among the order's texts (1 and 2 for the first and second, 3… for `moreEventTexts`),
    /// adding it if new. The venue order id and account id fields and the event records refer to texts by place.
    func textPlace(_ text: InlineText) -> Int {
        if firstEventText.isEmpty {
            firstEventText = text
            return 1
        }
        if firstEventText == text { return 1 }
        if secondEventText.isEmpty {
            secondEventText = text
            return 2
        }
        if secondEventText == text { return 2 }
        if let index = moreEventTexts.firstIndex(of: text) { return index + 3 }
        if moreEventTexts.count == moreEventTexts.capacity { moreEventTexts.reserveCapacity(moreEventTexts.count + 1) }
        moreEventTexts.append(text)
        return moreEventTexts.count + 2
    }

    /// The text at `place` (`textPlace(_:)`), or nil for place 0.
    func eventText(at place: Int) -> InlineText? {
        switch place {
        case 0: nil
        case 1: firstEventText
        case 2: secondEventText
        default: moreEventTexts[place - 3]
        }
    }

    /// The record's one-byte reference to `text` (its place), or nil if its place is beyond 255.
    private func textReference(_ text: InlineText) -> UInt8? { UInt8(exactly: textPlace(text)) }

    // MARK: Rebuilding

    private func text(_ reference: UInt8) -> InlineText? { eventText(at: Int(reference)) }

    private func recordedVenueOrderId(_ reference: UInt8) -> VenueOrderId? {
        text(reference).map(VenueOrderId.init(uncheckedText:))
    }

    private func recordedAccountId(_ reference: UInt8) -> AccountId? { text(reference).map(AccountId.init(uncheckedText:)) }

    /// The event `record` was made from.
    func event(from record: OrderEventRecord) -> OrderEvent {
        let r = record
        var reason = ""
        var dueToPostOnly = false
        switch r.detail {
        case .verbatim(let event): return event
        case .reason(let text, let postOnly):
            reason = text
            dueToPostOnly = postOnly
        default: break
        }
        let venue = recordedVenueOrderId(r.venueOrderId)
        let account = recordedAccountId(r.accountId)
        // The kinds whose event requires an id were recorded with it (`compactRecord(of:)`).
        func required<T>(_ id: T?) -> T {
            guard let id else { preconditionFailure("Invariant: a \(r.kind) record holds its ids (\(clientOrderId))") }
            return id
        }
        switch r.kind {
        case .initialized, .filled:
            preconditionFailure("Invariant: initialized and filled events are recorded whole (\(clientOrderId))")
        case .denied:
            return .denied(
                OrderDenied(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    reason: reason, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit))
        case .emulated:
            return .emulated(
                OrderEmulated(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit))
        case .released:
            guard case .released(let price) = r.detail else { preconditionFailure("Invariant: a release records its price") }
            return .released(
                OrderReleased(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    releasedPrice: price, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit))
        case .submitted:
            return .submitted(
                OrderSubmitted(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    accountId: required(account), eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit))
        case .accepted:
            return .accepted(
                OrderAccepted(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    venueOrderId: required(venue), accountId: required(account), eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit,
                    reconciliation: r.reconciliation))
        case .rejected:
            return .rejected(
                OrderRejected(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    accountId: required(account), reason: reason, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit,
                    dueToPostOnly: dueToPostOnly, reconciliation: r.reconciliation))
        case .canceled:
            return .canceled(
                OrderCanceled(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue, accountId: account,
                    reconciliation: r.reconciliation))
        case .expired:
            return .expired(
                OrderExpired(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue, accountId: account,
                    reconciliation: r.reconciliation))
        case .triggered:
            return .triggered(
                OrderTriggered(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue, accountId: account,
                    reconciliation: r.reconciliation))
        case .pendingUpdate:
            return .pendingUpdate(
                OrderPendingUpdate(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    accountId: required(account), eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue,
                    reconciliation: r.reconciliation))
        case .pendingCancel:
            return .pendingCancel(
                OrderPendingCancel(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    accountId: required(account), eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue,
                    reconciliation: r.reconciliation))
        case .modifyRejected:
            return .modifyRejected(
                OrderModifyRejected(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    reason: reason, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue,
                    accountId: account, reconciliation: r.reconciliation))
        case .cancelRejected:
            return .cancelRejected(
                OrderCancelRejected(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    reason: reason, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, venueOrderId: venue,
                    accountId: account, reconciliation: r.reconciliation))
        case .updated:
            guard case .updated(let quantity, let price, let triggerPrice) = r.detail else {
                preconditionFailure("Invariant: an update records its quantity and prices")
            }
            return .updated(
                OrderUpdated(
                    traderId: traderId, strategyId: strategyId, instrumentId: instrumentId, clientOrderId: clientOrderId,
                    quantity: quantity, eventId: r.eventId, tsEvent: r.tsEvent, tsInit: r.tsInit, price: price,
                    triggerPrice: triggerPrice, venueOrderId: venue, accountId: account,
                    reconciliation: r.reconciliation))
        }
    }
}
