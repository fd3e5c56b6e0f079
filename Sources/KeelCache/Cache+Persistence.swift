// Loading the cache from its database on start: the crash-only recovery path.
//
// Instruments first (positions need their definitions), then accounts (replaying their states), orders
// (replaying their events through `Order.apply`, so the state machine re-checks every transition), positions
// (replaying their fills through `Position.apply`) and snapshots; each object is then indexed exactly as a
// live `add` would index it. Nothing is written back to the database while loading.

import KeelCore
import KeelModel
import OrderedCollections

extension Cache {
    /// Loads everything the database holds and indexes it.
    ///
    /// Call once, on an empty cache (traps otherwise), before the kernel starts.
    ///
    /// - Throws: `CacheError` naming the record if the database fails or a record does not replay (an order's
    ///   event the state machine refuses, a position of an unknown instrument, …). The cache may then hold
    ///   part of the data; the node must not start.
    public func loadFromDatabase() throws(CacheError) {
        guard let database else { return }
        precondition(
            general.isEmpty && instrumentsById.isEmpty && accountsById.isEmpty && ordersById.isEmpty && positionsById.isEmpty,
            "Invariant: the cache loads from its database once, when empty")
        do {
            for (key, value) in try database.loadGeneral() { general[key] = value }
            for instrument in try database.loadInstruments() { indexInstrument(instrument) }
            for record in try database.loadAccounts() { indexAccount(try Cache.rebuild(record)) }
            for record in try database.loadOrders() {
                indexNewOrder(try Cache.rebuild(record), positionId: record.positionId, clientId: record.clientId)
            }
            for record in try database.loadPositions() {
                guard let instrument = instrumentsById[record.instrumentId] else {
                    throw CacheError("position \(record.positionId): instrument \(record.instrumentId) is not in the database")
                }
                guard positionsById[record.positionId] == nil else {
                    throw CacheError("position \(record.positionId) is stored twice")
                }
                indexNewPosition(try Cache.rebuild(record, instrument: instrument), oms: record.omsType)
            }
            for snapshot in try database.loadPositionSnapshots() {
                snapshotsByPosition[snapshot.id, default: []].append(snapshot)
            }
        } catch let error as CacheError {
            throw error
        } catch {
            throw CacheError("cache database failed while loading: \(error)")
        }
    }

    /// Rebuilds an account by applying its stored states.
    static func rebuild(_ record: AccountRecord) throws(CacheError) -> Account {
        do {
            let account = try Account(
                record.events[0], isCalculated: record.isCalculated, allowsBorrowing: record.allowsBorrowing,
                marginModel: record.marginModel)
            for state in record.events.dropFirst() { try account.apply(state) }
            return account
        } catch {
            throw CacheError("account \(record.accountId) does not replay: \(error)")
        }
    }

    /// Rebuilds an order by replaying its stored events.
    static func rebuild(_ record: OrderRecord) throws(CacheError) -> Order {
        guard case .initialized(let initialized) = record.events[0] else {
            throw CacheError("order \(record.clientOrderId) does not start with OrderInitialized")
        }
        do {
            let order = try Order(initialized)
            for event in record.events.dropFirst() {
                guard event.clientOrderId == order.clientOrderId, event.strategyId == order.strategyId, event.kind != .initialized else {
                    throw CacheError("order \(record.clientOrderId) holds a foreign or repeated event \(event)")
                }
                try order.apply(event)
            }
            return order
        } catch let error as CacheError {
            throw error
        } catch {
            throw CacheError("order \(record.clientOrderId) does not replay: \(error)")
        }
    }

    /// Rebuilds a position by replaying its stored fills.
    static func rebuild(_ record: PositionRecord, instrument: Instrument) throws(CacheError) -> Position {
        for fill in record.fills where fill.instrumentId != record.instrumentId || fill.lastQty.precision != instrument.sizePrecision {
            throw CacheError("position \(record.positionId) holds fill \(fill.tradeId) that does not fit \(record.instrumentId)")
        }
        let position = Position(instrument: instrument, fill: record.fills[0], positionId: record.positionId)
        do {
            for fill in record.fills.dropFirst() { try position.apply(fill) }
        } catch {
            throw CacheError("position \(record.positionId) does not replay: \(error)")
        }
        return position
    }
}
