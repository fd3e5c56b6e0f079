// The order state machine's transition table.
//
// The table is NautilusTrader's (`OrderStatus::transition` in `crates/model/src/orders/mod.rs`),
// restated over Keel's sixteen event kinds. Nautilus' fill-void correction (`OrderFillVoided`,
// status `VOIDED`) is not part of Keel's model yet, so its rows are absent.
//
// The table gives the status an event leads to before the event's own handling. Three events then
// refine it in `Order.apply(_:)`:
// - a fill leads to FILLED only when it completes the quantity; otherwise to PARTIALLY_FILLED, or the
//   order stays CANCELED/EXPIRED (a late fill) or PENDING_* (the pending request is still open);
// - a modify-rejected in PENDING_UPDATE and a cancel-rejected in PENDING_CANCEL return to the status
//   before the request;
// - an update in PENDING_UPDATE or PENDING_CANCEL returns to the status before the request.

extension OrderStatus {
    /// The status an event of `kind` leads to from this status, or `nil` if the state machine does not
    /// allow it.
    ///
    /// `initialized` is never a transition: it creates the order.
    ///
    /// - Complexity: O(1).
    public func transition(on kind: OrderEvent.Kind) -> OrderStatus? {
        switch (self, kind) {
        case (.initialized, .denied): .denied
        case (.initialized, .emulated): .emulated
        case (.initialized, .released): .released
        case (.initialized, .submitted): .submitted
        case (.initialized, .rejected): .rejected  // external orders
        case (.initialized, .accepted): .accepted  // external orders
        case (.initialized, .canceled): .canceled  // external orders
        case (.initialized, .expired): .expired  // external orders
        case (.initialized, .triggered): .triggered  // external orders
        case (.initialized, .updated): .initialized  // modified in place before submission

        case (.emulated, .canceled): .canceled
        case (.emulated, .expired): .expired
        case (.emulated, .updated): .emulated
        case (.emulated, .released): .released

        case (.released, .submitted): .submitted
        case (.released, .denied): .denied
        case (.released, .canceled): .canceled  // execution algorithm
        case (.released, .updated): .released

        case (.submitted, .pendingUpdate): .pendingUpdate
        case (.submitted, .pendingCancel): .pendingCancel
        case (.submitted, .cancelRejected): .submitted  // the cancel failed before the acknowledgement
        case (.submitted, .rejected): .rejected
        case (.submitted, .canceled): .canceled  // FOK and IOC
        case (.submitted, .accepted): .accepted
        case (.submitted, .updated): .submitted
        case (.submitted, .filled): .filled

        case (.accepted, .rejected): .rejected  // a stop-limit rejected when triggered
        case (.accepted, .pendingUpdate): .pendingUpdate
        case (.accepted, .pendingCancel): .pendingCancel
        case (.accepted, .modifyRejected): .accepted
        case (.accepted, .cancelRejected): .accepted  // the acceptance overtook a cancel rejection
        case (.accepted, .canceled): .canceled
        case (.accepted, .triggered): .triggered
        case (.accepted, .updated): .accepted
        case (.accepted, .expired): .expired
        case (.accepted, .filled): .filled

        case (.canceled, .filled): .filled  // a fill racing the cancel
        case (.canceled, .updated): .canceled

        case (.pendingUpdate, .rejected): .rejected
        case (.pendingUpdate, .accepted): .accepted
        case (.pendingUpdate, .canceled): .canceled
        case (.pendingUpdate, .expired): .expired
        case (.pendingUpdate, .triggered): .triggered
        case (.pendingUpdate, .submitted): .pendingUpdate  // a late submission report
        case (.pendingUpdate, .pendingUpdate): .pendingUpdate  // several requests
        case (.pendingUpdate, .pendingCancel): .pendingCancel
        case (.pendingUpdate, .cancelRejected): .pendingUpdate  // the modification is still open
        case (.pendingUpdate, .modifyRejected): .pendingUpdate  // then back to the previous status
        case (.pendingUpdate, .updated): .pendingUpdate  // then back to the previous status
        case (.pendingUpdate, .filled): .filled

        case (.pendingCancel, .rejected): .rejected
        case (.pendingCancel, .pendingCancel): .pendingCancel  // several requests
        case (.pendingCancel, .modifyRejected): .pendingCancel  // the cancellation is still open
        case (.pendingCancel, .cancelRejected): .pendingCancel  // then back to the previous status
        case (.pendingCancel, .canceled): .canceled
        case (.pendingCancel, .expired): .expired
        case (.pendingCancel, .accepted): .accepted  // the cancel failed
        case (.pendingCancel, .updated): .pendingCancel  // then back to the previous status
        case (.pendingCancel, .filled): .filled

        case (.triggered, .rejected): .rejected
        case (.triggered, .pendingUpdate): .pendingUpdate
        case (.triggered, .pendingCancel): .pendingCancel
        case (.triggered, .modifyRejected): .triggered
        case (.triggered, .cancelRejected): .triggered
        case (.triggered, .canceled): .canceled
        case (.triggered, .expired): .expired
        case (.triggered, .filled): .filled
        case (.triggered, .updated): .triggered

        case (.partiallyFilled, .pendingUpdate): .pendingUpdate
        case (.partiallyFilled, .pendingCancel): .pendingCancel
        case (.partiallyFilled, .modifyRejected): .partiallyFilled
        case (.partiallyFilled, .cancelRejected): .partiallyFilled
        case (.partiallyFilled, .canceled): .canceled
        case (.partiallyFilled, .expired): .expired
        case (.partiallyFilled, .filled): .filled
        case (.partiallyFilled, .accepted): .accepted
        case (.partiallyFilled, .updated): .partiallyFilled

        case (.filled, .updated): .filled
        case (.expired, .filled): .filled  // a fill racing the expiry
        case (.expired, .updated): .expired

        default: nil
        }
    }

    /// True for the statuses that end an order's life: denied, rejected, canceled, expired, filled.
    ///
    /// A closed order may still receive a late fill (canceled, expired) or an update.
    public var isClosed: Bool {
        switch self {
        case .denied, .rejected, .canceled, .expired, .filled: true
        default: false
        }
    }
}
