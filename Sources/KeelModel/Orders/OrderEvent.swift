// OrderEvent: one enum over the sixteen order events.
//
// Design decisions:
// - An enum, not a protocol existential: the execution engine, cache and bus pass order events on the
//   hot path, and `any OrderEventProtocol` of several hundred bytes would allocate per event. A switch
//   over a closed set of cases is also what the state machine needs.
// - `OrderInitialized` carries every order parameter, but in one shared immutable object (see that file), so
//   its case is a reference. An order does not keep its events in this form (see Order+EventRecords.swift).
// - `indirect`: every case's payload lives in one immutable heap box, so the enum is one pointer. An event
//   passes through a dozen hands (matching engine, bus, execution engine, order, cache, portfolio, strategy,
//   event log) and inline it was 672 bytes (`OrderFilled`: seven 64-byte identifiers), copied field by field
//   at each hop (~460 instructions a copy; memcpy was 16% of the kernel thread in S1). One allocation per
//   event costs less than two such copies (S1: BacktestEngine.run 1,776 M -> 1,632 M instructions).
// - `Kind` is a payload-free twin of the cases. The state machine's table is keyed by it and each kind
//   has a stable text name (`"OrderFilled"`) for logs, errors and persisted event logs.

public import KeelCore

/// Any order event: one case per event type, with the fields all of them share.
public indirect enum OrderEvent: TimestampedData, Hashable {
    /// See `OrderInitialized`.
    case initialized(OrderInitialized)
    /// See `OrderDenied`.
    case denied(OrderDenied)
    /// See `OrderEmulated`.
    case emulated(OrderEmulated)
    /// See `OrderReleased`.
    case released(OrderReleased)
    /// See `OrderSubmitted`.
    case submitted(OrderSubmitted)
    /// See `OrderAccepted`.
    case accepted(OrderAccepted)
    /// See `OrderRejected`.
    case rejected(OrderRejected)
    /// See `OrderCanceled`.
    case canceled(OrderCanceled)
    /// See `OrderExpired`.
    case expired(OrderExpired)
    /// See `OrderTriggered`.
    case triggered(OrderTriggered)
    /// See `OrderPendingUpdate`.
    case pendingUpdate(OrderPendingUpdate)
    /// See `OrderPendingCancel`.
    case pendingCancel(OrderPendingCancel)
    /// See `OrderModifyRejected`.
    case modifyRejected(OrderModifyRejected)
    /// See `OrderCancelRejected`.
    case cancelRejected(OrderCancelRejected)
    /// See `OrderUpdated`.
    case updated(OrderUpdated)
    /// See `OrderFilled`.
    case filled(OrderFilled)

    /// The kind of an order event, without its payload.
    @frozen
    public enum Kind: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
        /// `OrderInitialized`.
        case initialized = 0
        /// `OrderDenied`.
        case denied = 1
        /// `OrderEmulated`.
        case emulated = 2
        /// `OrderReleased`.
        case released = 3
        /// `OrderSubmitted`.
        case submitted = 4
        /// `OrderAccepted`.
        case accepted = 5
        /// `OrderRejected`.
        case rejected = 6
        /// `OrderCanceled`.
        case canceled = 7
        /// `OrderExpired`.
        case expired = 8
        /// `OrderTriggered`.
        case triggered = 9
        /// `OrderPendingUpdate`.
        case pendingUpdate = 10
        /// `OrderPendingCancel`.
        case pendingCancel = 11
        /// `OrderModifyRejected`.
        case modifyRejected = 12
        /// `OrderCancelRejected`.
        case cancelRejected = 13
        /// `OrderUpdated`.
        case updated = 14
        /// `OrderFilled`.
        case filled = 15

        /// The stable text name of the event type, e.g. `"OrderFilled"`.
        public var name: String {
            switch self {
            case .initialized: "OrderInitialized"
            case .denied: "OrderDenied"
            case .emulated: "OrderEmulated"
            case .released: "OrderReleased"
            case .submitted: "OrderSubmitted"
            case .accepted: "OrderAccepted"
            case .rejected: "OrderRejected"
            case .canceled: "OrderCanceled"
            case .expired: "OrderExpired"
            case .triggered: "OrderTriggered"
            case .pendingUpdate: "OrderPendingUpdate"
            case .pendingCancel: "OrderPendingCancel"
            case .modifyRejected: "OrderModifyRejected"
            case .cancelRejected: "OrderCancelRejected"
            case .updated: "OrderUpdated"
            case .filled: "OrderFilled"
            }
        }

        /// The same as `name`.
        public var description: String { name }
    }

    /// The kind of this event.
    public var kind: Kind {
        switch self {
        case .initialized: .initialized
        case .denied: .denied
        case .emulated: .emulated
        case .released: .released
        case .submitted: .submitted
        case .accepted: .accepted
        case .rejected: .rejected
        case .canceled: .canceled
        case .expired: .expired
        case .triggered: .triggered
        case .pendingUpdate: .pendingUpdate
        case .pendingCancel: .pendingCancel
        case .modifyRejected: .modifyRejected
        case .cancelRejected: .cancelRejected
        case .updated: .updated
        case .filled: .filled
        }
    }

    /// The stable text name of the event type, e.g. `"OrderFilled"`.
    public var name: String { kind.name }

    /// The trader that owns the order.
    public var traderId: TraderId {
        switch self {
        case .initialized(let e): e.traderId
        case .denied(let e): e.traderId
        case .emulated(let e): e.traderId
        case .released(let e): e.traderId
        case .submitted(let e): e.traderId
        case .accepted(let e): e.traderId
        case .rejected(let e): e.traderId
        case .canceled(let e): e.traderId
        case .expired(let e): e.traderId
        case .triggered(let e): e.traderId
        case .pendingUpdate(let e): e.traderId
        case .pendingCancel(let e): e.traderId
        case .modifyRejected(let e): e.traderId
        case .cancelRejected(let e): e.traderId
        case .updated(let e): e.traderId
        case .filled(let e): e.traderId
        }
    }

    /// The strategy that created the order.
    public var strategyId: StrategyId {
        switch self {
        case .initialized(let e): e.strategyId
        case .denied(let e): e.strategyId
        case .emulated(let e): e.strategyId
        case .released(let e): e.strategyId
        case .submitted(let e): e.strategyId
        case .accepted(let e): e.strategyId
        case .rejected(let e): e.strategyId
        case .canceled(let e): e.strategyId
        case .expired(let e): e.strategyId
        case .triggered(let e): e.strategyId
        case .pendingUpdate(let e): e.strategyId
        case .pendingCancel(let e): e.strategyId
        case .modifyRejected(let e): e.strategyId
        case .cancelRejected(let e): e.strategyId
        case .updated(let e): e.strategyId
        case .filled(let e): e.strategyId
        }
    }

    /// The instrument traded.
    public var instrumentId: InstrumentId {
        switch self {
        case .initialized(let e): e.instrumentId
        case .denied(let e): e.instrumentId
        case .emulated(let e): e.instrumentId
        case .released(let e): e.instrumentId
        case .submitted(let e): e.instrumentId
        case .accepted(let e): e.instrumentId
        case .rejected(let e): e.instrumentId
        case .canceled(let e): e.instrumentId
        case .expired(let e): e.instrumentId
        case .triggered(let e): e.instrumentId
        case .pendingUpdate(let e): e.instrumentId
        case .pendingCancel(let e): e.instrumentId
        case .modifyRejected(let e): e.instrumentId
        case .cancelRejected(let e): e.instrumentId
        case .updated(let e): e.instrumentId
        case .filled(let e): e.instrumentId
        }
    }

    /// The order the event is about.
    public var clientOrderId: ClientOrderId {
        switch self {
        case .initialized(let e): e.clientOrderId
        case .denied(let e): e.clientOrderId
        case .emulated(let e): e.clientOrderId
        case .released(let e): e.clientOrderId
        case .submitted(let e): e.clientOrderId
        case .accepted(let e): e.clientOrderId
        case .rejected(let e): e.clientOrderId
        case .canceled(let e): e.clientOrderId
        case .expired(let e): e.clientOrderId
        case .triggered(let e): e.clientOrderId
        case .pendingUpdate(let e): e.clientOrderId
        case .pendingCancel(let e): e.clientOrderId
        case .modifyRejected(let e): e.clientOrderId
        case .cancelRejected(let e): e.clientOrderId
        case .updated(let e): e.clientOrderId
        case .filled(let e): e.clientOrderId
        }
    }

    /// The event's unique id.
    public var eventId: UUID4 {
        switch self {
        case .initialized(let e): e.eventId
        case .denied(let e): e.eventId
        case .emulated(let e): e.eventId
        case .released(let e): e.eventId
        case .submitted(let e): e.eventId
        case .accepted(let e): e.eventId
        case .rejected(let e): e.eventId
        case .canceled(let e): e.eventId
        case .expired(let e): e.eventId
        case .triggered(let e): e.eventId
        case .pendingUpdate(let e): e.eventId
        case .pendingCancel(let e): e.eventId
        case .modifyRejected(let e): e.eventId
        case .cancelRejected(let e): e.eventId
        case .updated(let e): e.eventId
        case .filled(let e): e.eventId
        }
    }

    /// When the event happened at its source.
    public var tsEvent: UnixNanos {
        switch self {
        case .initialized(let e): e.tsEvent
        case .denied(let e): e.tsEvent
        case .emulated(let e): e.tsEvent
        case .released(let e): e.tsEvent
        case .submitted(let e): e.tsEvent
        case .accepted(let e): e.tsEvent
        case .rejected(let e): e.tsEvent
        case .canceled(let e): e.tsEvent
        case .expired(let e): e.tsEvent
        case .triggered(let e): e.tsEvent
        case .pendingUpdate(let e): e.tsEvent
        case .pendingCancel(let e): e.tsEvent
        case .modifyRejected(let e): e.tsEvent
        case .cancelRejected(let e): e.tsEvent
        case .updated(let e): e.tsEvent
        case .filled(let e): e.tsEvent
        }
    }

    /// When Keel created the event.
    public var tsInit: UnixNanos {
        switch self {
        case .initialized(let e): e.tsInit
        case .denied(let e): e.tsInit
        case .emulated(let e): e.tsInit
        case .released(let e): e.tsInit
        case .submitted(let e): e.tsInit
        case .accepted(let e): e.tsInit
        case .rejected(let e): e.tsInit
        case .canceled(let e): e.tsInit
        case .expired(let e): e.tsInit
        case .triggered(let e): e.tsInit
        case .pendingUpdate(let e): e.tsInit
        case .pendingCancel(let e): e.tsInit
        case .modifyRejected(let e): e.tsInit
        case .cancelRejected(let e): e.tsInit
        case .updated(let e): e.tsInit
        case .filled(let e): e.tsInit
        }
    }

    /// The venue's id for the order, if the event carries one.
    public var venueOrderId: VenueOrderId? {
        switch self {
        case .initialized: nil
        case .denied: nil
        case .emulated: nil
        case .released: nil
        case .submitted: nil
        case .accepted(let e): e.venueOrderId
        case .rejected: nil
        case .canceled(let e): e.venueOrderId
        case .expired(let e): e.venueOrderId
        case .triggered(let e): e.venueOrderId
        case .pendingUpdate(let e): e.venueOrderId
        case .pendingCancel(let e): e.venueOrderId
        case .modifyRejected(let e): e.venueOrderId
        case .cancelRejected(let e): e.venueOrderId
        case .updated(let e): e.venueOrderId
        case .filled(let e): e.venueOrderId
        }
    }

    /// The account, if the event carries one.
    public var accountId: AccountId? {
        switch self {
        case .initialized: nil
        case .denied: nil
        case .emulated: nil
        case .released: nil
        case .submitted(let e): e.accountId
        case .accepted(let e): e.accountId
        case .rejected(let e): e.accountId
        case .canceled(let e): e.accountId
        case .expired(let e): e.accountId
        case .triggered(let e): e.accountId
        case .pendingUpdate(let e): e.accountId
        case .pendingCancel(let e): e.accountId
        case .modifyRejected(let e): e.accountId
        case .cancelRejected(let e): e.accountId
        case .updated(let e): e.accountId
        case .filled(let e): e.accountId
        }
    }
}

extension OrderEvent {
    /// The fields an order checks and records of every event, read in one switch.
    package struct Header {
        /// The event's kind.
        package let kind: Kind
        /// The trader that owns the order.
        package let traderId: TraderId
        /// The strategy that created the order.
        package let strategyId: StrategyId
        /// The instrument traded.
        package let instrumentId: InstrumentId
        /// The order the event is about.
        package let clientOrderId: ClientOrderId
        /// When the event happened at its source.
        package let tsEvent: UnixNanos
    }

    /// `kind`, `traderId`, `strategyId`, `instrumentId`, `clientOrderId` and `tsEvent` at once: each getter
    /// switches over the event on its own, and a switch copies the 672-byte event first (memcpy), so
    /// `Order.apply(_:)`, which read six of them, copied each event that often.
    package var header: Header {
        switch self {
        case .initialized(let e): Header(kind: .initialized, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .denied(let e): Header(kind: .denied, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .emulated(let e): Header(kind: .emulated, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .released(let e): Header(kind: .released, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .submitted(let e): Header(kind: .submitted, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .accepted(let e): Header(kind: .accepted, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .rejected(let e): Header(kind: .rejected, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .canceled(let e): Header(kind: .canceled, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .expired(let e): Header(kind: .expired, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .triggered(let e): Header(kind: .triggered, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .pendingUpdate(let e): Header(kind: .pendingUpdate, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .pendingCancel(let e): Header(kind: .pendingCancel, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .modifyRejected(let e): Header(kind: .modifyRejected, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .cancelRejected(let e): Header(kind: .cancelRejected, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .updated(let e): Header(kind: .updated, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        case .filled(let e): Header(kind: .filled, traderId: e.traderId, strategyId: e.strategyId, instrumentId: e.instrumentId, clientOrderId: e.clientOrderId, tsEvent: e.tsEvent)
        }
    }
}

extension OrderEvent: CustomStringConvertible {
    /// The event's name, order id and time, e.g. `OrderFilled(O-19700101-000000-001-001-1, 2012-02-01T00:29:00.000000000Z)`.
    public var description: String { "\(name)(\(clientOrderId), \(tsEvent))" }
}
