// AccountState: the event that reports (or recalculates) an account's balances and margins.
//
// Accounts are event sourced like orders: an `Account` is built from its first `AccountState` and changes
// through `apply(_:)`. The event is a value (`Sendable`), so it crosses the inbox from a venue adapter and is
// what the cache database stores; the account object is rebuilt from the stored events on start.

public import KeelCore

/// The state of an account at one moment: its balances per currency and (margin accounts) its margins per
/// instrument, as reported by the venue or calculated by the portfolio.
public struct AccountState: TimestampedData, Hashable {
    /// The account the state belongs to.
    public let accountId: AccountId
    /// Cash, margin or betting.
    public let accountType: AccountType
    /// The account's base currency, or nil for a multi-currency account.
    public let baseCurrency: Currency?
    /// The balances, one per currency.
    public let balances: [AccountBalance]
    /// The margins, one per instrument (margin accounts).
    public let margins: [MarginBalance]
    /// True if the venue reported the state; false if Keel calculated it.
    public let isReported: Bool
    /// The event's unique id.
    public let eventId: UUID4
    /// When the state was valid at its source.
    public let tsEvent: UnixNanos
    /// When Keel created the event.
    public let tsInit: UnixNanos

    /// Creates the event.
    ///
    /// Traps if two balances share a currency or two margins share an instrument: a state reports each once.
    public init(
        accountId: AccountId, accountType: AccountType, baseCurrency: Currency?, balances: [AccountBalance],
        margins: [MarginBalance] = [], isReported: Bool, eventId: UUID4, tsEvent: UnixNanos, tsInit: UnixNanos
    ) {
        precondition(
            Self.isDistinct(balances.lazy.map(\.currency)),
            "Invariant: an account state reports each currency's balance once (\(accountId))")
        precondition(
            Self.isDistinct(margins.lazy.map(\.instrumentId)),
            "Invariant: an account state reports each instrument's margin once (\(accountId))")
        self.accountId = accountId
        self.accountType = accountType
        self.baseCurrency = baseCurrency
        self.balances = balances
        self.margins = margins
        self.isReported = isReported
        self.eventId = eventId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}

extension AccountState {
    /// True if no two values are equal: compared pairwise for the handful an account holds (a state is made
    /// after most order events; two `Set`s per state cost more than the rest of it), with a set beyond that.
    static func isDistinct<C: Collection>(_ values: C) -> Bool where C.Element: Hashable {
        guard values.count > 8 else {
            var i = values.startIndex
            while i != values.endIndex {
                var j = values.index(after: i)
                while j != values.endIndex {
                    if values[i] == values[j] { return false }
                    j = values.index(after: j)
                }
                i = values.index(after: i)
            }
            return true
        }
        return Set(values).count == values.count
    }
}

extension AccountState: CustomStringConvertible {
    /// `AccountState(account_id=SIM-001, account_type=MARGIN, base_currency=USD, is_reported=true, balances=[…], margins=[…])`.
    public var description: String {
        "AccountState(account_id=\(accountId), account_type=\(accountType), base_currency=\(baseCurrency?.code ?? "None"), "
            + "is_reported=\(isReported), balances=\(balances), margins=\(margins))"
    }
}
