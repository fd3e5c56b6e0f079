// Cache purging: forgetting closed orders, closed positions and old account states, so that a long run
// (a backtest over years, a live node over months) holds what is open and recent, not everything it ever did.
//
// Design decisions:
// - NautilusTrader's semantics (`Cache.purge_closed_orders`, `purge_closed_positions`,
//   `purge_account_events`): an order or position is purged once it has been closed for at least `buffer`;
//   an order whose linked (contingent) orders or parent are still open is kept, so an OCO/OTO group goes
//   together; an order list goes with the last of its orders. An account keeps its states of the last
//   `lookback` and always its latest.
// - What is purged is counted first (`PurgeTotals`: orders, fills, positions with their snapshots, realized
//   PnL per currency), so a run's summary still reports every order, fill and position it made.
// - Purging happens in passes: the ids to purge are collected, then every index is filtered once, O(n) per
//   index per pass, instead of O(n) per id removed from an ordered set.
// - Memory only: a cache database, if attached, keeps its records (a live node purges memory, not history).
// - Reports built from the cache after a purge (fills, orders, positions) cover only what is left; `keel
//   backtest` refuses fills and reports when purging is on.

public import KeelCore
public import KeelModel
import OrderedCollections

/// What purges removed from a cache, kept so that totals over a whole run stay right.
public struct PurgeTotals: Hashable, Sendable {
    /// Orders purged.
    public internal(set) var orders = 0
    /// Fills of the orders purged.
    public internal(set) var fills = 0
    /// Positions purged, each counted with its snapshots (the closed cycles of a reused NETTING id).
    public internal(set) var positions = 0
    /// The realized PnL of the positions purged and their snapshots: one sum per currency, in order of first purge.
    public internal(set) var realizedPnl: [Money] = []
    /// Account states purged.
    public internal(set) var accountStates = 0

    public init() {}
}

extension Cache {
    /// Purges every order closed at or before `tsNow - buffer` whose linked orders and parent are closed too.
    ///
    /// - Returns: The number of orders purged.
    @discardableResult
    public func purgeClosedOrders(tsNow: UnixNanos, buffer: DurationNanos = .zero) -> Int {
        var purged: Set<ClientOrderId> = []
        for key in ordersClosedSet {
            let id = key.id
            guard let order = ordersById[id], let closed = order.tsClosed, closed + buffer <= tsNow else { continue }
            if order.linkedOrderIds.contains(where: { isLiveOrder($0) }) { continue }
            if let parent = order.parentOrderId, isLiveOrder(parent) { continue }
            purged.insert(id)
        }
        guard !purged.isEmpty else { return 0 }
        for id in purged {
            let order = ordersById[id]!
            purgeTotals.orders += 1
            purgeTotals.fills += order.tradeIds.count  // one trade id per fill applied
            for venueOrderId in order.venueOrderIds where clientOrderIdByVenueOrderId[venueOrderId] == id {
                clientOrderIdByVenueOrderId[venueOrderId] = nil
            }
            clientIdByOrder[id] = nil
            positionIdByOrder[id] = nil
        }
        let keep: (ClientOrderId) -> Bool = { !purged.contains($0) }
        let keepKey: (OrderKey) -> Bool = { !purged.contains($0.id) }
        ordersById.removeAll { !keep($0.clientOrderId) }
        ordersClosedSet.removeAll { !keepKey($0) }
        ordersByVenue.removeAll { !keepKey($0) }
        ordersByInstrument.removeAll { !keepKey($0) }
        ordersByStrategy.removeAll { !keepKey($0) }
        ordersByClient.removeAll { !keepKey($0) }
        Self.filter(&orderIdsByPosition, keep)
        orderListsById.removeAll { list in list.orders.allSatisfy { ordersById[$0.clientOrderId] == nil } }
        return purged.count
    }

    /// Purges every position closed at or before `tsNow - buffer`, with its snapshots.
    ///
    /// - Returns: The number of positions purged (not counting snapshots).
    @discardableResult
    public func purgeClosedPositions(tsNow: UnixNanos, buffer: DurationNanos = .zero) -> Int {
        var purged: Set<PositionId> = []
        for id in positionsClosedSet {
            guard let position = positionsById[id], position.isClosed, let closed = position.tsClosed, closed + buffer <= tsNow else { continue }
            purged.insert(id)
        }
        guard !purged.isEmpty else { return 0 }
        for id in purged {
            let position = positionsById[id]!
            let snapshots = snapshotsByPosition[id] ?? []
            purgeTotals.positions += 1 + snapshots.count
            addRealized(position.realizedPnl)
            for snapshot in snapshots { addRealized(snapshot.realizedPnl) }
            orderIdsByPosition[id] = nil
            indexedFillCount[id] = nil
            omsTypeByPosition[id] = nil
        }
        let keep: (PositionId) -> Bool = { !purged.contains($0) }
        positionsById.removeAll { !keep($0.key) }
        positionsClosedSet.removeAll { !keep($0) }
        snapshotsByPosition.removeAll { !keep($0.key) }
        positionIdsByVenue.removeAll { !keep($0) }
        positionIdsByInstrument.removeAll { !keep($0) }
        positionIdsByStrategy.removeAll { !keep($0) }
        return purged.count
    }

    /// Purges each account's states older than `tsNow - lookback`, keeping its latest.
    ///
    /// - Returns: The number of states purged.
    @discardableResult
    public func purgeAccountEvents(tsNow: UnixNanos, lookback: DurationNanos = .zero) -> Int {
        var count = 0
        for account in accountsById.values { count += account.purgeEvents(before: tsNow.rawValue >= lookback.rawValue ? tsNow - lookback : .zero) }
        purgeTotals.accountStates += count
        return count
    }

    /// True if the order is in the cache and not closed.
    private func isLiveOrder(_ id: ClientOrderId) -> Bool {
        guard let order = ordersById[id] else { return false }
        return !order.isClosed
    }

    private func addRealized(_ money: Money) {
        if let i = purgeTotals.realizedPnl.firstIndex(where: { $0.currency == money.currency }) {
            purgeTotals.realizedPnl[i] += money
        } else {
            purgeTotals.realizedPnl.append(money)
        }
    }

    /// Filters every set of an index, dropping the sets left empty.
    private static func filter<Key: Hashable, Element: Hashable>(_ index: inout [Key: OrderedSet<Element>], _ keep: (Element) -> Bool) {
        for key in Array(index.keys) {
            index[key]!.removeAll { !keep($0) }
            if index[key]!.isEmpty { index[key] = nil }
        }
    }
}
