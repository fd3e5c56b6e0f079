// AccountBalance and MarginBalance: an account's money in one currency, and the margin held for one
// instrument. Invariants: one currency throughout; total = locked + free. Throwing constructors for
// external input (venue account reports), trapping ones for values the portfolio computed.

public import KeelCore

/// An account's balance in one currency: `total = locked + free`.
@frozen
public struct AccountBalance: Hashable, Sendable {
    /// The whole balance.
    public let total: Money
    /// The part held for open orders and margin.
    public let locked: Money
    /// The part available to trade.
    public let free: Money

    /// Creates a balance known to be consistent; traps if the currencies differ or `total != locked + free`.
    @inlinable
    public init(total: Money, locked: Money, free: Money) {
        precondition(
            total.currency == locked.currency && total.currency == free.currency,
            "Invariant: a balance's total, locked and free are in one currency")
        precondition(total.raw == locked.raw + free.raw, "Invariant: a balance's total is locked + free")
        self.total = total
        self.locked = locked
        self.free = free
    }

    /// Creates a balance from external input, checking its invariants.
    ///
    /// - Throws: `ValidationError` naming `AccountBalance.locked` or `AccountBalance.free` if its currency
    ///   differs from the total's, or `AccountBalance.total` if it is not `locked + free`.
    public init(validating total: Money, locked: Money, free: Money) throws(ValidationError) {
        guard locked.currency == total.currency else {
            throw ValidationError(field: "AccountBalance.locked", reason: "currency \(locked.currency) differs from total's \(total.currency)")
        }
        guard free.currency == total.currency else {
            throw ValidationError(field: "AccountBalance.free", reason: "currency \(free.currency) differs from total's \(total.currency)")
        }
        guard total.raw == locked.raw + free.raw else {
            throw ValidationError(field: "AccountBalance.total", reason: "\(total) is not locked \(locked) + free \(free)")
        }
        self.init(total: total, locked: locked, free: free)
    }

    /// Creates a balance of `total` with `locked` held; `free` is the rest. Traps if the currencies differ.
    @inlinable
    public init(total: Money, locked: Money) {
        self.init(total: total, locked: locked, free: total - locked)
    }

    /// The balance's currency.
    @inlinable public var currency: Currency { total.currency }
}

extension AccountBalance: CustomStringConvertible {
    /// `AccountBalance(total=…, locked=…, free=…)`.
    public var description: String { "AccountBalance(total=\(total), locked=\(locked), free=\(free))" }
}

/// The margin held for one instrument, in one currency.
@frozen
public struct MarginBalance: Hashable, Sendable {
    /// The initial margin of open orders and positions.
    public let initial: Money
    /// The maintenance margin of open positions.
    public let maintenance: Money
    /// The instrument the margin is held for.
    public let instrumentId: InstrumentId

    /// Creates a margin balance known to be valid; traps if the currencies differ or an amount is negative.
    @inlinable
    public init(initial: Money, maintenance: Money, instrumentId: InstrumentId) {
        precondition(initial.currency == maintenance.currency, "Invariant: a margin balance is in one currency")
        precondition(initial.raw >= 0 && maintenance.raw >= 0, "Invariant: margins are not negative")
        self.initial = initial
        self.maintenance = maintenance
        self.instrumentId = instrumentId
    }

    /// Creates a margin balance from external input, checking its invariants.
    ///
    /// - Throws: `ValidationError` naming `MarginBalance.initial` or `MarginBalance.maintenance` if it is
    ///   negative, or `MarginBalance.maintenance` if its currency differs from the initial margin's.
    public init(validating initial: Money, maintenance: Money, instrumentId: InstrumentId) throws(ValidationError) {
        guard initial.raw >= 0 else { throw ValidationError(field: "MarginBalance.initial", reason: "\(initial) is negative") }
        guard maintenance.raw >= 0 else {
            throw ValidationError(field: "MarginBalance.maintenance", reason: "\(maintenance) is negative")
        }
        guard maintenance.currency == initial.currency else {
            throw ValidationError(field: "MarginBalance.maintenance", reason: "currency \(maintenance.currency) differs from initial's \(initial.currency)")
        }
        self.init(initial: initial, maintenance: maintenance, instrumentId: instrumentId)
    }

    /// The margin's currency.
    @inlinable public var currency: Currency { initial.currency }
}

extension MarginBalance: CustomStringConvertible {
    /// `MarginBalance(initial=…, maintenance=…, instrument_id=…)`.
    public var description: String { "MarginBalance(initial=\(initial), maintenance=\(maintenance), instrument_id=\(instrumentId))" }
}
