// CacheDatabase: the port through which the cache persists its state and reloads it on start.
//
// Design decisions:
// - Orders, positions and accounts are classes that live on the kernel thread; a database stores values from
//   which the cache rebuilds them: an order's events (`OrderRecord`), a position's fills (`PositionRecord`),
//   an account's states (`AccountRecord`). Replaying them through the model's own `apply` rebuilds the exact
//   object, so there is one code path for live changes and for recovery (crash-only design).
// - Writes are upserts of whole records and never throw. A backend may store only what changed (the events
//   beyond those it already holds: records only ever grow at the end), must not block the kernel thread on
//   I/O, and reports failures from `flush()`. Loads throw: they run once, at start, where a failure stops
//   the node.
// - `flush()` means "make every write durable", as a writer's flush. (NautilusTrader's `flush` wipes the
//   database; Keel has no such operation on the port.)

import KeelCore
public import KeelModel

/// A store the cache writes its instruments, accounts, orders and positions through to, and reloads them from.
///
/// ## Implementation requirements
///
/// - **Upserts.** Each `store` call replaces the record with the same key (instrument id, account id, client
///   order id, position id, general key). A record handed again for the same key only grows at the end (more
///   events, states or fills) — except a NETTING position that reopened under its id, whose fills start over —
///   so a backend may append the difference instead of rewriting the record.
/// - **Order.** Each `load…` method returns records in the order their keys were first stored, so the cache
///   rebuilds its query order exactly. Snapshots come back in the order they were added.
/// - **Values, unchanged.** A loaded record equals the stored one (`==`), field by field: event ids,
///   timestamps, raw fixed-point values and precisions included. Serialise raw integers, never `Double`.
/// - **No blocking, no throwing on writes.** Writes are called on the kernel thread. Buffer them, write on your
///   own thread, and report I/O failures from `flush()`; do not drop writes silently.
/// - **`flush()`** returns once every earlier write is durable, or throws the first failure since the last
///   flush. **`close()`** flushes, then releases the backend; no call follows it.
/// - **Isolation.** Two databases opened on different stores share nothing (independent backtests may run in
///   one process).
///
/// Check an implementation with `CacheDatabaseConformance.check(_:)` from `KeelTestKit`.
public protocol CacheDatabase: AnyObject {
    /// Stores `value` under `key` in the general key-value store.
    func store(key: String, value: [UInt8])
    /// Stores an instrument definition, replacing the one with the same id.
    func store(instrument: Instrument)
    /// Stores an account's states, replacing its record.
    func store(account: AccountRecord)
    /// Stores an order's events, replacing its record.
    func store(order: OrderRecord)
    /// Stores a position's fills, replacing its record.
    func store(position: PositionRecord)
    /// Appends a snapshot of a position.
    func add(positionSnapshot: PositionSnapshot)

    /// The general key-values, in the order the keys were first stored.
    func loadGeneral() throws -> [(key: String, value: [UInt8])]
    /// The instruments, in the order their ids were first stored.
    func loadInstruments() throws -> [Instrument]
    /// The accounts, in the order their ids were first stored.
    func loadAccounts() throws -> [AccountRecord]
    /// The orders, in the order their ids were first stored.
    func loadOrders() throws -> [OrderRecord]
    /// The positions, in the order their ids were first stored.
    func loadPositions() throws -> [PositionRecord]
    /// The position snapshots, in the order they were added.
    func loadPositionSnapshots() throws -> [PositionSnapshot]

    /// Returns once every earlier write is durable.
    ///
    /// - Throws: The first write failure since the last flush.
    func flush() throws
    /// Flushes, then releases the backend.
    ///
    /// - Throws: As `flush()`.
    func close() throws
}

/// An order as a database stores it: its events, from its `OrderInitialized` on, and its cache links.
public struct OrderRecord: Hashable, Sendable {
    /// The order's id.
    public let clientOrderId: ClientOrderId
    /// Every event applied to the order, starting with its `OrderInitialized`.
    public let events: [OrderEvent]
    /// The position the order's fills go to, if known.
    public let positionId: PositionId?
    /// The execution client the order is routed through, if one was named.
    public let clientId: ClientId?

    /// Creates a record; traps if `events` does not start with the order's `OrderInitialized`.
    public init(clientOrderId: ClientOrderId, events: [OrderEvent], positionId: PositionId?, clientId: ClientId?) {
        precondition(
            events.first?.kind == .initialized && events.first?.clientOrderId == clientOrderId,
            "Invariant: an order record holds the order's own events, from its OrderInitialized (\(clientOrderId))")
        self.clientOrderId = clientOrderId
        self.events = events
        self.positionId = positionId
        self.clientId = clientId
    }

    /// The record of `order`.
    public init(_ order: Order, positionId: PositionId?, clientId: ClientId?) {
        self.init(clientOrderId: order.clientOrderId, events: order.events, positionId: positionId, clientId: clientId)
    }
}

/// A position as a database stores it: the fills it was built from.
public struct PositionRecord: Hashable, Sendable {
    /// The position's id.
    public let positionId: PositionId
    /// The instrument held (the cache rebuilds the position with its cached definition).
    public let instrumentId: InstrumentId
    /// The order management system the position is kept under.
    public let omsType: OmsType
    /// The fills applied to the position, in order; never empty.
    public let fills: [OrderFilled]

    /// Creates a record; traps if `fills` is empty or its first fill is of another instrument.
    public init(positionId: PositionId, instrumentId: InstrumentId, omsType: OmsType, fills: [OrderFilled]) {
        precondition(
            fills.first?.instrumentId == instrumentId,
            "Invariant: a position record holds at least one fill, of its instrument (\(positionId))")
        self.positionId = positionId
        self.instrumentId = instrumentId
        self.omsType = omsType
        self.fills = fills
    }

    /// The record of `position`.
    public init(_ position: Position, oms: OmsType) {
        self.init(positionId: position.id, instrumentId: position.instrumentId, omsType: oms, fills: position.events)
    }
}

/// An account as a database stores it: its states and the settings it was built with.
///
/// Leverages are configuration and are set again by the component that owns them on start; margins and
/// locks that Keel calculates reach the record through the `AccountState` events the portfolio generates.
public struct AccountRecord: Hashable, Sendable {
    /// The account's id.
    public let accountId: AccountId
    /// The states applied, oldest first; never empty.
    public let events: [AccountState]
    /// True if Keel calculates the account's state.
    public let isCalculated: Bool
    /// True if a cash account may go negative.
    public let allowsBorrowing: Bool
    /// The margin model.
    public let marginModel: MarginModel

    /// Creates a record; traps if `events` is empty or its first state is another account's.
    public init(accountId: AccountId, events: [AccountState], isCalculated: Bool, allowsBorrowing: Bool, marginModel: MarginModel) {
        precondition(
            events.first?.accountId == accountId,
            "Invariant: an account record holds at least one state, of its account (\(accountId))")
        self.accountId = accountId
        self.events = events
        self.isCalculated = isCalculated
        self.allowsBorrowing = allowsBorrowing
        self.marginModel = marginModel
    }

    /// The record of `account`.
    public init(_ account: Account) {
        self.init(
            accountId: account.id, events: account.events, isCalculated: account.isCalculated,
            allowsBorrowing: account.allowsBorrowing, marginModel: account.marginModel)
    }
}

/// Why the cache could not load its state from its database: a failing backend or records that do not replay.
public struct CacheError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, naming the record.
    public let message: String

    /// Creates an error.
    public init(_ message: String) { self.message = message }

    /// The message.
    public var description: String { message }
}
