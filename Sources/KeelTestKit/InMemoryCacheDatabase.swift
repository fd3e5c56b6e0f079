// InMemoryCacheDatabase: the reference `CacheDatabase`, for tests and as the model real backends are checked
// against (`CacheDatabaseConformance`). It keeps records in insertion-ordered maps; "durable" means "held by
// this object", so a test simulates a restart by building a second cache on the same database object.

public import KeelCache
import KeelCore
public import KeelModel

/// A `CacheDatabase` that keeps everything in memory.
public final class InMemoryCacheDatabase: CacheDatabase {
    private var general: Ledger<String, [UInt8]> = [:]
    private var instruments: Ledger<InstrumentId, Instrument> = [:]
    private var accounts: Ledger<AccountId, AccountRecord> = [:]
    private var orders: Ledger<ClientOrderId, OrderRecord> = [:]
    private var positions: Ledger<PositionId, PositionRecord> = [:]
    private var snapshots: [PositionSnapshot] = []
    /// True once `close()` was called; any later call traps.
    public private(set) var isClosed = false
    /// The number of `store`/`add` calls received, for tests that check the cache writes through.
    public private(set) var writeCount = 0

    /// Creates an empty database.
    public init() {}

    private func write() {
        precondition(!isClosed, "Invariant: a closed cache database is not written to")
        writeCount += 1
    }

    /// Stores `value` under `key`.
    public func store(key: String, value: [UInt8]) {
        write()
        general[key] = value
    }

    /// Stores `instrument`, replacing the one with its id.
    public func store(instrument: Instrument) {
        write()
        instruments[instrument.id] = instrument
    }

    /// Stores `account`, replacing its record.
    public func store(account: AccountRecord) {
        write()
        accounts[account.accountId] = account
    }

    /// Stores `order`, replacing its record.
    public func store(order: OrderRecord) {
        write()
        orders[order.clientOrderId] = order
    }

    /// Stores `position`, replacing its record.
    public func store(position: PositionRecord) {
        write()
        positions[position.positionId] = position
    }

    /// Appends `positionSnapshot`.
    public func add(positionSnapshot: PositionSnapshot) {
        write()
        snapshots.append(positionSnapshot)
    }

    /// The general key-values, in first-stored order.
    public func loadGeneral() throws -> [(key: String, value: [UInt8])] { general.keys.map { (key: $0, value: general[$0]!) } }
    /// The instruments, in first-stored order.
    public func loadInstruments() throws -> [Instrument] { instruments.values }
    /// The accounts, in first-stored order.
    public func loadAccounts() throws -> [AccountRecord] { accounts.values }
    /// The orders, in first-stored order.
    public func loadOrders() throws -> [OrderRecord] { orders.values }
    /// The positions, in first-stored order.
    public func loadPositions() throws -> [PositionRecord] { positions.values }
    /// The snapshots, in added order.
    public func loadPositionSnapshots() throws -> [PositionSnapshot] { snapshots }

    /// Nothing to do: every write is already held.
    public func flush() throws { precondition(!isClosed, "Invariant: a closed cache database is not flushed") }

    /// Marks the database closed.
    public func close() throws {
        try flush()
        isClosed = true
    }
}

/// Values by key, iterated in the order the keys were first stored (a dependency-free insertion-ordered map).
struct Ledger<Key: Hashable, Value>: ExpressibleByDictionaryLiteral {
    private(set) var keys: [Key] = []
    private var storage: [Key: Value] = [:]

    init(dictionaryLiteral elements: (Key, Value)...) {
        for (key, value) in elements { self[key] = value }
    }

    subscript(key: Key) -> Value? {
        get { storage[key] }
        set {
            if storage[key] == nil && newValue != nil { keys.append(key) }
            if newValue == nil, storage[key] != nil { keys.removeAll { $0 == key } }
            storage[key] = newValue
        }
    }

    /// The values, in first-stored order of their keys.
    var values: [Value] { keys.map { storage[$0]! } }
}
