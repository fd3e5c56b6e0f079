// Cache: the kernel's in-memory store of instruments, accounts, orders, positions and market data, with the
// indexes strategies and engines query, and an optional write-through to a `CacheDatabase`.
//
// Design decisions:
// - One final class, not `Sendable`, confined to the kernel thread: no locks, no atomics. Strict concurrency
//   refuses to send it elsewhere. Engines write it, strategies read it, all on that thread.
// - Orders, positions and accounts are the model's classes, held once: the cache stores the very objects the
//   execution engine mutates (`Order.apply`, `Position.apply`). After changing one, the engine calls
//   `updateOrder(_:)` / `updatePosition(_:)` so the cache re-derives that object's index entries (state sets,
//   venue order ids, order → position). Indexes are derived from the objects' own fields, so there is one
//   source of truth per fact: "order → strategy" and "position → strategy" are the objects' immutable
//   `strategyId` fields, reached through the primary maps, not a second map that could diverge.
//   The execution engine, which applies one event at a time to an order it just looked up, marks the order's
//   indexed facts first (`indexMark(of:)`) and calls `updateOrder(_:since:)`, which touches only the state sets
//   the order enters or leaves (S1: ~2,000 → ~1,000 instructions per order event).
// - Determinism: every collection whose iteration can reach a query result, event or report is ordered —
//   `OrderedDictionary` for primary maps (insertion order), `OrderedSet` for index sets. Plain `Dictionary`
//   is used only for keyed lookups (`venue → set of ids`) and is never iterated on an output path (the
//   integrity audit sorts what it reports). Query results come in the order the orders or positions were
//   added to the cache; the database returns records in the order they were first stored, so a restart
//   rebuilds the same order.
// - Misuse by the kernel traps with "Invariant: …": adding an order, position, account or order list id twice,
//   updating an object the cache does not hold (or a different object under the same id). `require…`
//   accessors trap on a missing id; plain accessors return nil (STYLE "Naming").
// - Market data histories are bounded rings (`BoundedHistory`, newest first), one per instrument (per bar type
//   for bars), allocated at their full capacity when the instrument's first value arrives. `add(quote:)` in
//   steady state is one id comparison with the last instrument and one overwrite of the oldest slot: no
//   allocation, no reference counting (~70 instructions; ~160 with a `Deque` in a dictionary slot).
//   Memory: a `QuoteTick` has a stride of 152 bytes (its `InstrumentId` is 64 bytes of inline text), so the
//   default 10,000-quote ring costs about 1.5 MB per instrument; lower `CacheConfig.tickCapacity` for wide
//   universes.
// - Removing a member from a state set is O(n) in the set's size. The sets that shrink (open, in-flight,
//   emulated orders: `LiveOrderSet`, an array scanned by identity while short; open positions) stay small in
//   practice; the ones that grow without bound (closed) only ever append. A later purge of closed orders can swap them for bitmaps if profiles ask for it.
// - Persistence is a port (`CacheDatabase`). Writes go through after the in-memory change and never throw:
//   a backend buffers them and reports I/O failures from `flush()`. On start, `loadFromDatabase()` rebuilds
//   orders by replaying their events and positions by replaying their fills, then indexes them.

import KeelCore
public import KeelModel
import OrderedCollections

/// The capacities of the cache's bounded market data histories.
public struct CacheConfig: Hashable, Sendable {
    /// The number of quotes and trades kept per instrument (and custom data per data type), newest first.
    public var tickCapacity: Int
    /// The number of bars kept per bar type, newest first.
    public var barCapacity: Int

    /// Creates a configuration; traps if a capacity is not positive.
    public init(tickCapacity: Int = 10_000, barCapacity: Int = 10_000) {
        precondition(tickCapacity > 0 && barCapacity > 0, "Invariant: cache capacities are positive")
        self.tickCapacity = tickCapacity
        self.barCapacity = barCapacity
    }
}

/// An order in the cache's index sets: the object itself, equal and hashed by identity (the cache holds one
/// object per client order id).
struct OrderKey: Hashable {
    let order: Order
    init(_ order: Order) { self.order = order }
    var id: ClientOrderId { order.clientOrderId }
    static func == (a: OrderKey, b: OrderKey) -> Bool { a.order === b.order }
    func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(order)) }
    /// The index sets' hash: the object's address mixed with the table's seed and avalanched (MurmurHash3's
    /// `fmix64`), without a `Hasher` (~15 instructions instead of ~170; S1 hashes ~70k keys, one or two per
    /// order event). The seed keeps the table's order per process, as a `Hasher` would.
    func _rawHashValue(seed: Int) -> Int {
        Int(truncatingIfNeeded: avalanche(UInt64(UInt(bitPattern: ObjectIdentifier(order))) ^ UInt64(truncatingIfNeeded: seed)))
    }
}

/// What the order queries need of a state set (`LiveOrderSet` or `ClosedOrderSet`).
protocol OrderStateSet: Sequence<OrderKey> {
    var count: Int { get }
    func contains(_ key: OrderKey) -> Bool
}

/// The orders in a state they leave again (open, in flight, emulated), in the order they joined: an array, and a
/// hash set for membership once the array is long.
///
/// These sets stay small in practice (S1: at most a few orders each), and an order joins and leaves them on most
/// of its events (S1: ~65k joins and leaves). An `OrderedSet` hashed and probed on each (~250 instructions for a
/// join and a leave, ~110 for a test); a scan of a few 8-byte identities costs a few instructions per member. Past
/// `hashedFrom` members a `Set` answers membership, so a test stays O(1) for many live orders; a leave is O(n) in
/// both (an `OrderedSet` shifts its members too).
struct LiveOrderSet: OrderStateSet {
    /// The members, in the order they joined.
    private(set) var keys: [OrderKey] = []
    /// The members, while there are at least `droppedBelow` of them (built when there are `hashedFrom`).
    private var members: Set<OrderKey>?

    /// The number of members from which a hash set answers membership.
    static let hashedFrom = 32
    /// The number of members below which the hash set is dropped again.
    static let droppedBelow = 16

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    func contains(_ key: OrderKey) -> Bool {
        if let members { return members.contains(key) }
        return keys.contains { $0.order === key.order }
    }

    /// Adds `key` at the end unless it is a member.
    mutating func append(_ key: OrderKey) {
        if contains(key) { return }
        keys.append(key)
        if members != nil {
            members!.insert(key)
        } else if keys.count >= Self.hashedFrom {
            members = Set(keys)
        }
    }

    /// Removes `key` if it is a member, keeping the others' order.
    ///
    /// - Complexity: O(n).
    mutating func remove(_ key: OrderKey) {
        guard let index = keys.firstIndex(where: { $0.order === key.order }) else { return }
        keys.remove(at: index)
        if members != nil {
            if keys.count < Self.droppedBelow { members = nil } else { members!.remove(key) }
        }
    }

    /// Removes every member.
    mutating func removeAll() {
        keys.removeAll()
        members = nil
    }

    func makeIterator() -> IndexingIterator<[OrderKey]> { keys.makeIterator() }
}

/// The closed orders, in the order they closed: an array in that order and a hash set for membership.
///
/// Closed orders only ever join it (a closed order stays closed; a purge filters it), so it needs no ordered hash
/// table: an `OrderedSet` append cost ~500 instructions once it held thousands of orders (S1: 24k), a `Set`
/// insert and an array append about a quarter of that. Removing a member is O(n), as in an `OrderedSet`.
///
/// An order the cache knows is not a member joins through `appendNew(_:)`, which only appends it to the array: the
/// hash set takes it when a membership test next needs it (`hashMembers()`, which the cache calls before its
/// queries of the set). A backtest that never asks which orders are closed never hashes them (S1: ~220
/// instructions per closed order).
struct ClosedOrderSet: OrderStateSet {
    /// The members, in the order they joined.
    private(set) var keys: [OrderKey] = []
    /// The first `hashedCount` members of `keys`.
    private var members: Set<OrderKey> = []
    private var hashedCount = 0

    var count: Int { keys.count }
    var isEmpty: Bool { keys.isEmpty }

    /// True if `key` is a member; traps unless every member is hashed (`hashMembers()`).
    func contains(_ key: OrderKey) -> Bool {
        precondition(hashedCount == keys.count, "Invariant: the closed set is hashed before a membership test")
        return members.contains(key)
    }

    /// Puts the members that joined through `appendNew(_:)` in the hash set.
    mutating func hashMembers() {
        while hashedCount < keys.count {
            members.insert(keys[hashedCount])
            hashedCount += 1
        }
    }

    /// Adds `key` at the end unless it is a member.
    mutating func append(_ key: OrderKey) {
        hashMembers()
        if members.insert(key).inserted {
            keys.append(key)
            hashedCount += 1
        }
    }

    /// Adds `key`, which the caller knows is not a member, at the end (hashed later, by `hashMembers()`).
    mutating func appendNew(_ key: OrderKey) { keys.append(key) }

    /// Removes `key` if it is a member, keeping the others' order.
    ///
    /// - Complexity: O(n).
    mutating func remove(_ key: OrderKey) {
        hashMembers()
        guard members.remove(key) != nil, let index = keys.firstIndex(of: key) else { return }
        keys.remove(at: index)
        hashedCount -= 1
    }

    /// Removes the members `shouldBeRemoved` picks, keeping the others' order.
    ///
    /// - Complexity: O(n).
    mutating func removeAll(where shouldBeRemoved: (OrderKey) -> Bool) {
        keys.removeAll(where: shouldBeRemoved)
        members = Set(keys)
        hashedCount = keys.count
    }

    /// Removes every member.
    mutating func removeAll() {
        keys.removeAll()
        members.removeAll()
        hashedCount = 0
    }

    func makeIterator() -> IndexingIterator<[OrderKey]> { keys.makeIterator() }
}

/// The kernel's store of instruments, accounts, orders, positions and market data, with indexes.
///
/// Confined to the kernel thread. Engines write it (`add…`, `update…`); strategies query it. See the file
/// header for the design.
public final class Cache {
    /// The capacities of the market data histories.
    public let config: CacheConfig
    /// The database the cache writes through to, if any.
    public let database: (any CacheDatabase)?

    // General key-values and instruments.
    var general: OrderedDictionary<String, [UInt8]> = [:]
    var instrumentsById: OrderedDictionary<InstrumentId, Instrument> = [:]
    var instrumentIdsByVenue: [Venue: OrderedSet<InstrumentId>] = [:]

    // Accounts.
    var accountsById: OrderedDictionary<AccountId, Account> = [:]
    var accountIdByVenue: [Venue: AccountId] = [:]

    // Orders and their indexes.
    // Hot path: exclusivity is checked statically. These maps and sets are touched only by the cache's own
    // methods, each access a single subscript, append or `setMembership` call that calls out to nothing
    // which could reach the cache again (no user code, no database write inside an access), so a dynamic
    // check would never fire; it cost ~250 instructions per access (S1: ~0.9 M accesses per run).
    @exclusivity(unchecked) var ordersById = OrderTable()
    // The index and state sets hold the order objects (`OrderKey`, 8 bytes, identity hashing), not their
    // 64-byte ids: S1's four sets of 24k orders took 10.8 MB as ids, and a query reads the orders directly.
    // The venue, instrument, strategy and client indexes are append-only arrays in add order, not sets: an
    // order enters each once (when added) and queries test those filters on the order's own fields, so no
    // lookup needs their hash tables, and an `OrderedSet` append cost ~970 instructions (S1: 72k appends).
    // `IndexLists` remembers the list appended to last, so a new order of the last one's venue, instrument and
    // strategy is indexed without hashing.
    @exclusivity(unchecked) var ordersByVenue = IndexLists<Venue, OrderKey>()
    @exclusivity(unchecked) var ordersByInstrument = IndexLists<InstrumentId, OrderKey>()
    @exclusivity(unchecked) var ordersByStrategy = IndexLists<StrategyId, OrderKey>()
    @exclusivity(unchecked) var ordersByClient = IndexLists<ClientId, OrderKey>()
    @exclusivity(unchecked) var clientIdByOrder: [ClientOrderId: ClientId] = [:]
    @exclusivity(unchecked) var clientOrderIdByVenueOrderId: [VenueOrderId: ClientOrderId] = [:]
    @exclusivity(unchecked) var positionIdByOrder: [ClientOrderId: PositionId] = [:]
    @exclusivity(unchecked) var ordersOpenSet = LiveOrderSet()
    @exclusivity(unchecked) var ordersClosedSet = ClosedOrderSet()
    @exclusivity(unchecked) var ordersInflightSet = LiveOrderSet()
    @exclusivity(unchecked) var ordersEmulatedSet = LiveOrderSet()
    var orderListsById = OrderListTable()

    // Positions and their indexes (exclusivity: as the orders' above).
    @exclusivity(unchecked) var positionsById: OrderedDictionary<PositionId, Position> = [:]
    // The venue, instrument and strategy indexes are append-only lists, as the orders' (a position id enters
    // them once, when first added; an `OrderedSet` append of a 64-byte id cost ~800 instructions).
    @exclusivity(unchecked) var positionIdsByVenue = IndexLists<Venue, PositionId>()
    @exclusivity(unchecked) var positionIdsByInstrument = IndexLists<InstrumentId, PositionId>()
    @exclusivity(unchecked) var positionIdsByStrategy = IndexLists<StrategyId, PositionId>()
    @exclusivity(unchecked) var orderIdsByPosition: [PositionId: OrderedSet<ClientOrderId>] = [:]
    /// The number of a position's fills already indexed (so an update indexes only the new ones).
    @exclusivity(unchecked) var indexedFillCount: [PositionId: Int] = [:]
    @exclusivity(unchecked) var omsTypeByPosition: [PositionId: OmsType] = [:]
    @exclusivity(unchecked) var positionsOpenSet: OrderedSet<PositionId> = []
    /// The open positions' objects, in the order of `positionsOpenSet` (kept with it in `reindex`): the net
    /// open quantity of an instrument walks them with no hashing.
    @exclusivity(unchecked) var openPositions: [Position] = []
    @exclusivity(unchecked) var positionsClosedSet: OrderedSet<PositionId> = []
    var snapshotsByPosition: OrderedDictionary<PositionId, [PositionSnapshot]> = [:]

    /// What purges removed (Cache+Purge.swift), so that totals over a run still count it.
    public internal(set) var purgeTotals = PurgeTotals()

    // Market data.
    // Hot path: exclusivity is checked statically (these are only touched by short, non-overlapping
    // accesses on the kernel thread); each tick table remembers its last instrument's history (TickHistories).
    @exclusivity(unchecked) var quoteHistories = TickHistories<QuoteTick>()
    @exclusivity(unchecked) var tradeHistories = TickHistories<TradeTick>()
    var barHistories: [BarType: BoundedHistory<Bar>] = [:]
    var customHistories: [DataType: BoundedHistory<CustomData>] = [:]
    @exclusivity(unchecked) var booksById: [InstrumentId: CachedBook] = [:]
    /// Books a simulated venue keeps and offers to share (`offer(venueBook:)`), by instrument.
    var venueBooks: [InstrumentId: CachedBook] = [:]
    /// The last book looked up, unretained (`booksById` holds it; cleared with it), and its id (meaningful
    /// only while `bookMemo` is set).
    @exclusivity(unchecked) var bookMemoId = InstrumentId("MEMO.NONE")
    @exclusivity(unchecked) var bookMemo: Unmanaged<CachedBook>?
    var markPrices: [InstrumentId: MarkPriceUpdate] = [:]
    var indexPrices: [InstrumentId: IndexPriceUpdate] = [:]

    /// Forgets everything but the instruments: accounts, orders, order lists, positions and their
    /// snapshots, market data, books and general values (a backtest engine's reset between runs).
    ///
    /// The database, if any, is not touched.
    public func reset() {
        general.removeAll()
        accountsById.removeAll()
        accountIdByVenue.removeAll()
        ordersById.removeAll()
        ordersByVenue.removeAll()
        ordersByInstrument.removeAll()
        ordersByStrategy.removeAll()
        ordersByClient.removeAll()
        clientIdByOrder.removeAll()
        clientOrderIdByVenueOrderId.removeAll()
        positionIdByOrder.removeAll()
        ordersOpenSet.removeAll()
        ordersClosedSet.removeAll()
        ordersInflightSet.removeAll()
        ordersEmulatedSet.removeAll()
        orderListsById.removeAll()
        positionsById.removeAll()
        positionIdsByVenue.removeAll()
        positionIdsByInstrument.removeAll()
        positionIdsByStrategy.removeAll()
        orderIdsByPosition.removeAll()
        indexedFillCount.removeAll()
        omsTypeByPosition.removeAll()
        positionsOpenSet.removeAll()
        openPositions.removeAll()
        positionsClosedSet.removeAll()
        snapshotsByPosition.removeAll()
        purgeTotals = PurgeTotals()
        quoteHistories.removeAll()
        tradeHistories.removeAll()
        barHistories.removeAll()
        customHistories.removeAll()
        resetBooks()
        markPrices.removeAll()
        indexPrices.removeAll()
    }

    /// Creates an empty cache.
    ///
    /// - Parameters:
    ///   - config: The capacities of the market data histories.
    ///   - database: The database to write through to and load from, if any.
    public init(config: CacheConfig = CacheConfig(), database: (any CacheDatabase)? = nil) {
        self.config = config
        self.database = database
    }

    // MARK: General key-values

    /// Stores `value` under `key` (replacing any), and writes it through to the database.
    ///
    /// For state a component must find again after a restart (`Strategy.onSave`).
    public func add(key: String, value: [UInt8]) {
        general[key] = value
        database?.store(key: key, value: value)
    }

    /// The value stored under `key`, or nil.
    ///
    /// - Complexity: O(1).
    public func get(key: String) -> [UInt8]? { general[key] }

    /// The keys of the general store, in the order they were first added.
    ///
    /// - Complexity: O(k) for k keys.
    public var generalKeys: [String] { Array(general.keys) }

    // MARK: Instruments

    /// Adds `instrument`, replacing an earlier definition with the same id, and writes it through.
    ///
    /// - Complexity: O(1) amortized.
    public func add(instrument: Instrument) {
        indexInstrument(instrument)
        database?.store(instrument: instrument)
    }

    func indexInstrument(_ instrument: Instrument) {
        instrumentsById[instrument.id] = instrument
        instrumentIdsByVenue[instrument.venue, default: []].append(instrument.id)
    }

    /// The instrument with `id`, or nil.
    ///
    /// - Complexity: O(1).
    public func instrument(_ id: InstrumentId) -> Instrument? { instrumentsById[id] }

    /// The instrument with `id`; traps if the cache does not hold it.
    public func requireInstrument(_ id: InstrumentId) -> Instrument {
        guard let instrument = instrumentsById[id] else { preconditionFailure("Invariant: instrument \(id) is in the cache") }
        return instrument
    }

    /// The instruments, of `venue` if given, in the order they were first added.
    ///
    /// - Complexity: O(n) for n instruments returned.
    public func instruments(venue: Venue? = nil) -> [Instrument] {
        guard let venue else { return Array(instrumentsById.values) }
        return instrumentIdsByVenue[venue].map { $0.compactMap { instrumentsById[$0] } } ?? []
    }

    /// The ids of the instruments, of `venue` if given, in the order they were first added.
    ///
    /// - Complexity: O(n) for n ids returned.
    public func instrumentIds(venue: Venue? = nil) -> [InstrumentId] {
        guard let venue else { return Array(instrumentsById.keys) }
        return instrumentIdsByVenue[venue].map { Array($0) } ?? []
    }

    // MARK: Accounts

    /// Adds `account`, indexes it under the venue named by its id's issuer (`SIM-001` → `SIM`), and writes
    /// it through. Traps if an account with its id is already cached.
    public func add(account: Account) {
        precondition(accountsById[account.id] == nil, "Invariant: an account is added to the cache once (\(account.id))")
        indexAccount(account)
        database?.store(account: AccountRecord(account))
    }

    func indexAccount(_ account: Account) {
        accountsById[account.id] = account
        if let venue = try? Venue(validating: account.id.issuer) { accountIdByVenue[venue] = account.id }
    }

    /// Writes `account` through to the database after a state was applied to it.
    ///
    /// Traps if the cache does not hold this account object.
    public func updateAccount(_ account: Account) {
        precondition(accountsById[account.id] === account, "Invariant: an updated account is the cached one (\(account.id))")
        database?.store(account: AccountRecord(account))
    }

    /// The account with `id`, or nil.
    ///
    /// - Complexity: O(1).
    public func account(_ id: AccountId) -> Account? { accountsById[id] }

    /// The account at `venue`, or nil.
    ///
    /// - Complexity: O(1).
    public func account(for venue: Venue) -> Account? { accountIdByVenue[venue].flatMap { accountsById[$0] } }

    /// The accounts, in the order they were added.
    ///
    /// - Complexity: O(n) for n accounts.
    public var accounts: [Account] { Array(accountsById.values) }
}
