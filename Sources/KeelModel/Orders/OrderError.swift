/// An order event that cannot be applied to an order: the venue (or a reconciliation report) said
/// something the order's state machine does not allow.
///
/// The order is left unchanged. The execution engine logs the error and reports it; it is never a
/// trap, because its cause is outside Keel. (Misuse by Keel itself, such as applying an event to the
/// wrong order, traps instead: see `Order.apply(_:)`.)
public struct OrderError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, for callers that switch on the cause.
    public enum Code: UInt8, Hashable, Sendable, CaseIterable {
        /// The event is not allowed in the order's current status.
        case invalidTransition
        /// A fill repeats a trade id already applied to the order.
        case duplicateFill
        /// A fill would take the filled quantity beyond the order's quantity.
        case overfill
        /// The event does not fit the order's type (a trigger for a market order, a price for a stop-market …).
        case invalidEventForOrderType
        /// An update would leave the order inconsistent (a quantity below the filled quantity …).
        case invalidUpdate
    }

    /// What went wrong.
    public let code: Code
    /// The order the event was applied to.
    public let clientOrderId: ClientOrderId
    /// The order's status when the event arrived.
    public let status: OrderStatus
    /// The kind of the rejected event.
    public let eventKind: OrderEvent.Kind
    /// Details in words.
    public let reason: String

    /// Creates an error.
    public init(code: Code, clientOrderId: ClientOrderId, status: OrderStatus, eventKind: OrderEvent.Kind, reason: String) {
        self.code = code
        self.clientOrderId = clientOrderId
        self.status = status
        self.eventKind = eventKind
        self.reason = reason
    }

    /// One line naming the event, the order, its status and the reason, e.g.
    /// `OrderFilled rejected for order O-…-1 in status FILLED: invalid transition from FILLED`.
    public var description: String {
        "\(eventKind.name) rejected for order \(clientOrderId) in status \(status): \(reason)"
    }
}
