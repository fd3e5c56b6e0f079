// The cache's whole-structure audit: every index agrees with the objects it indexes.
//
// O(n) in everything the cache holds, so it is never called on a hot path. Tests call it after each step
// (as swift-collections' `_checkInvariants()`); a live node may call it at shutdown or on demand and log the
// result. Problems are reported, sorted, as sentences naming the id, instead of trapping, so one audit shows
// every inconsistency at once.

import KeelCore
import KeelModel
import OrderedCollections

extension Cache {
    /// Audits every index against the stored objects and returns the inconsistencies found, sorted; empty if
    /// the cache is consistent.
    ///
    /// Checks, among others: each order is indexed under its venue, instrument and strategy, and each index
    /// entry names a cached order with those fields; each order is in exactly the state sets its status puts it
    /// in; each of its venue order ids maps back to it; each position's fills' orders map to the position; the
    /// position state sets match the positions; each venue's account is cached; histories respect capacities.
    ///
    /// - Complexity: O(n) in the number of objects, index entries and fills held.
    public func checkIntegrity() -> [String] {
        var problems: [String] = []
        checkOrders(&problems)
        checkPositions(&problems)
        checkOthers(&problems)
        return problems.sorted()
    }

    private func checkOrders(_ problems: inout [String]) {
        ordersClosedSet.hashMembers()
        // The venue, instrument, strategy and client indexes are arrays: audit them through sets.
        func sets<Key>(_ index: IndexLists<Key, OrderKey>) -> [Key: Set<OrderKey>] {
            Dictionary(uniqueKeysWithValues: index.entries.map { ($0, Set($1)) })
        }
        let byVenue = sets(ordersByVenue)
        let byInstrument = sets(ordersByInstrument)
        let byStrategy = sets(ordersByStrategy)
        let byClient = sets(ordersByClient)
        if !ordersById.isConsistent { problems.append("the order table's id index does not match its orders") }
        for (id, order) in ordersById {
            if id != order.clientOrderId { problems.append("order \(order.clientOrderId) is stored under \(id)") }
            let key = OrderKey(order)
            if byVenue[order.instrumentId.venue]?.contains(key) != true { problems.append("order \(id) is missing from its venue index") }
            if byInstrument[order.instrumentId]?.contains(key) != true { problems.append("order \(id) is missing from its instrument index") }
            if byStrategy[order.strategyId]?.contains(key) != true { problems.append("order \(id) is missing from its strategy index") }
            let states: [(String, Bool, Bool)] = [
                ("open", ordersOpenSet.contains(key), order.isOpen), ("closed", ordersClosedSet.contains(key), order.isClosed),
                ("in-flight", ordersInflightSet.contains(key), order.isInflight),
                ("emulated", ordersEmulatedSet.contains(key), order.isEmulated),
            ]
            for (name, isMember, expected) in states where isMember != expected {
                problems.append("order \(id) in status \(order.status) is \(expected ? "missing from" : "wrongly in") the \(name) set")
            }
            for venueOrderId in order.venueOrderIds where clientOrderIdByVenueOrderId[venueOrderId] != id {
                problems.append("venue order id \(venueOrderId) of order \(id) does not map back to it")
            }
            if let positionId = order.positionId, positionIdByOrder[id] != positionId {
                problems.append("order \(id) names position \(positionId) but is indexed to \(positionIdByOrder[id].map { "\($0)" } ?? "none")")
            }
            if order.isOpen && order.isClosed { problems.append("order \(id) is both open and closed") }
        }
        func checkIndex<Key>(_ name: String, _ index: IndexLists<Key, OrderKey>, _ matches: (Key, Order) -> Bool) {
            if !index.isConsistent { problems.append("the \(name) index's key places do not match its lists") }
            for (key, orders) in index.entries {
                if Set(orders).count != orders.count { problems.append("\(name) index \(key) names an order twice") }
                for entry in orders {
                    guard ordersById[entry.id] === entry.order else {
                        problems.append("\(name) index \(key) names order \(entry.id), which is not cached")
                        continue
                    }
                    if !matches(key, entry.order) { problems.append("\(name) index \(key) names order \(entry.id) of another \(name)") }
                }
            }
        }
        checkIndex("venue", ordersByVenue) { $1.instrumentId.venue == $0 }
        checkIndex("instrument", ordersByInstrument) { $1.instrumentId == $0 }
        checkIndex("strategy", ordersByStrategy) { $1.strategyId == $0 }
        checkIndex("client", ordersByClient) { clientIdByOrder[$1.clientOrderId] == $0 }
        let stateSets: [(String, [OrderKey])] = [
            ("open", ordersOpenSet.keys), ("closed", ordersClosedSet.keys), ("in-flight", ordersInflightSet.keys),
            ("emulated", ordersEmulatedSet.keys),
        ]
        for (name, set) in stateSets {
            for entry in set where ordersById[entry.id] !== entry.order { problems.append("the \(name) set names order \(entry.id), which is not cached") }
        }
        if ordersOpenSet.contains(where: ordersClosedSet.contains) { problems.append("the open and closed order sets overlap") }
        for (venueOrderId, id) in clientOrderIdByVenueOrderId {
            if ordersById[id]?.venueOrderIds.contains(venueOrderId) != true {
                problems.append("venue order id \(venueOrderId) maps to order \(id), which does not carry it")
            }
        }
        for (id, clientId) in clientIdByOrder where ordersById[id].map({ byClient[clientId]?.contains(OrderKey($0)) == true }) != true {
            problems.append("order \(id) of client \(clientId) is missing from the client index")
        }
        if !orderListsById.isConsistent { problems.append("the order list table's id index does not match its lists") }
    }

    private func checkPositions(_ problems: inout [String]) {
        // The venue, instrument and strategy indexes are lists: audit them through sets.
        func sets<Key>(_ index: IndexLists<Key, PositionId>) -> [Key: Set<PositionId>] {
            Dictionary(uniqueKeysWithValues: index.entries.map { ($0, Set($1)) })
        }
        let byVenue = sets(positionIdsByVenue)
        let byInstrument = sets(positionIdsByInstrument)
        let byStrategy = sets(positionIdsByStrategy)
        for (id, position) in positionsById {
            if id != position.id { problems.append("position \(position.id) is stored under \(id)") }
            if byVenue[position.instrumentId.venue]?.contains(id) != true { problems.append("position \(id) is missing from its venue index") }
            if byInstrument[position.instrumentId]?.contains(id) != true { problems.append("position \(id) is missing from its instrument index") }
            if byStrategy[position.strategyId]?.contains(id) != true { problems.append("position \(id) is missing from its strategy index") }
            if positionsOpenSet.contains(id) != position.isOpen {
                problems.append("position \(id) (\(position.side)) is \(position.isOpen ? "missing from" : "wrongly in") the open set")
            }
            if positionsClosedSet.contains(id) != position.isClosed {
                problems.append("position \(id) (\(position.side)) is \(position.isClosed ? "missing from" : "wrongly in") the closed set")
            }
            if indexedFillCount[id] != position.eventCount {
                problems.append("position \(id) has \(position.eventCount) fills but \(indexedFillCount[id] ?? 0) are indexed (updatePosition not called?)")
            }
            for fill in position.events {
                if positionIdByOrder[fill.clientOrderId] != id { problems.append("order \(fill.clientOrderId) of a fill of position \(id) does not map to it") }
                if orderIdsByPosition[id]?.contains(fill.clientOrderId) != true {
                    problems.append("order \(fill.clientOrderId) of a fill of position \(id) is missing from its orders")
                }
                if let order = ordersById[fill.clientOrderId], order.strategyId != position.strategyId {
                    problems.append("order \(fill.clientOrderId) of strategy \(order.strategyId) filled position \(id) of strategy \(position.strategyId)")
                }
            }
            if omsTypeByPosition[id] == nil { problems.append("position \(id) has no OMS type") }
        }
        func checkIndex<Key>(_ name: String, _ index: IndexLists<Key, PositionId>, _ matches: (Key, Position) -> Bool) {
            if !index.isConsistent { problems.append("the \(name) index's key places do not match its lists") }
            for (key, ids) in index.entries {
                if Set(ids).count != ids.count { problems.append("\(name) index \(key) names a position twice") }
                for id in ids {
                    guard let position = positionsById[id] else {
                        problems.append("\(name) index \(key) names position \(id), which is not cached")
                        continue
                    }
                    if !matches(key, position) { problems.append("\(name) index \(key) names position \(id) of another \(name)") }
                }
            }
        }
        checkIndex("venue", positionIdsByVenue) { $1.instrumentId.venue == $0 }
        checkIndex("instrument", positionIdsByInstrument) { $1.instrumentId == $0 }
        checkIndex("strategy", positionIdsByStrategy) { $1.strategyId == $0 }
        for id in positionsOpenSet where positionsById[id] == nil { problems.append("the open set names position \(id), which is not cached") }
        if openPositions.count != positionsOpenSet.count
            || !zip(openPositions, positionsOpenSet).allSatisfy({ $0 === positionsById[$1] })
        {
            problems.append("the open positions' objects do not match the open set")
        }
        for id in positionsClosedSet where positionsById[id] == nil { problems.append("the closed set names position \(id), which is not cached") }
        if !positionsOpenSet.isDisjoint(with: positionsClosedSet) { problems.append("the open and closed position sets overlap") }
        for (id, orders) in orderIdsByPosition {
            for orderId in orders where positionIdByOrder[orderId] != id {
                problems.append("position \(id) lists order \(orderId), which maps to \(positionIdByOrder[orderId].map { "\($0)" } ?? "none")")
            }
        }
        for (id, snapshots) in snapshotsByPosition where snapshots.contains(where: { $0.id != id }) {
            problems.append("a snapshot of another position is filed under \(id)")
        }
    }

    private func checkOthers(_ problems: inout [String]) {
        for (id, account) in accountsById where id != account.id { problems.append("account \(account.id) is stored under \(id)") }
        for (venue, id) in accountIdByVenue {
            if accountsById[id] == nil { problems.append("venue \(venue) maps to account \(id), which is not cached") }
            if id.issuer != venue.value { problems.append("venue \(venue) maps to account \(id) of issuer \(id.issuer)") }
        }
        for (id, instrument) in instrumentsById {
            if id != instrument.id { problems.append("instrument \(instrument.id) is stored under \(id)") }
            if instrumentIdsByVenue[instrument.venue]?.contains(id) != true { problems.append("instrument \(id) is missing from its venue index") }
        }
        for (id, history) in quoteHistories.byInstrument {
            if history.count > config.tickCapacity { problems.append("quotes of \(id) exceed the capacity \(config.tickCapacity)") }
            if history.newestFirst.contains(where: { $0.instrumentId != id }) { problems.append("quotes of another instrument are filed under \(id)") }
        }
        for (id, history) in tradeHistories.byInstrument {
            if history.count > config.tickCapacity { problems.append("trades of \(id) exceed the capacity \(config.tickCapacity)") }
            if history.newestFirst.contains(where: { $0.instrumentId != id }) { problems.append("trades of another instrument are filed under \(id)") }
        }
        for (barType, history) in barHistories {
            if history.count > config.barCapacity { problems.append("bars of \(barType) exceed the capacity \(config.barCapacity)") }
            if history.newestFirst.contains(where: { $0.barType != barType }) { problems.append("bars of another type are filed under \(barType)") }
        }
        for (id, cached) in booksById where cached.book.instrumentId != id {
            problems.append("the book of \(cached.book.instrumentId) is filed under \(id)")
        }
    }
}
