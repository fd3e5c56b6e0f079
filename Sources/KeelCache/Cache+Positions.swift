// Positions in the cache: writes (add, update, snapshot) and queries with NautilusTrader's optional filters.
//
// A NETTING position keeps its id for the instrument and strategy across its lives: when a closed one reopens,
// the execution engine snapshots it (`snapshotPosition(_:)`) and adds the new `Position` object under the same
// id. HEDGING ids are never reused. Each fill's order is indexed to its position (order → position and
// position → orders); an update indexes only the fills applied since the last one.

import KeelCore
public import KeelModel
import OrderedCollections

extension Cache {
    // MARK: Writes

    /// Adds a position and indexes it by venue, instrument, strategy, state (open or closed) and the orders of
    /// its fills. Writes it through to the database.
    ///
    /// - Parameters:
    ///   - position: The position. Traps if a position with its id is cached, unless `oms` is NETTING and the
    ///     cached one is closed: a netting position reopens under its id (snapshot the closed one first).
    ///   - oms: The order management system the position is kept under.
    /// - Complexity: O(f + s) for f fills and s positions in the state set it leaves.
    public func add(position: Position, oms: OmsType) {
        indexNewPosition(position, oms: oms)
        database?.store(position: PositionRecord(position, oms: oms))
    }

    func indexNewPosition(_ position: Position, oms: OmsType) {
        let id = position.id
        if let cached = positionsById[id] {
            precondition(
                oms == .netting && cached.isClosed && cached !== position,
                "Invariant: a position is added to the cache once; only a closed NETTING position reopens under its id (\(id))")
            // The open set follows the cached object: a reopened position replaces the old one there too.
            if let index = positionsOpenSet.firstIndex(of: id) { openPositions[index] = position }
        } else {
            positionIdsByVenue.append(id, to: position.instrumentId.venue)
            positionIdsByInstrument.append(id, to: position.instrumentId)
            positionIdsByStrategy.append(id, to: position.strategyId)
        }
        positionsById[id] = position
        omsTypeByPosition[id] = oms
        indexedFillCount[id] = 0
        reindex(position)
    }

    /// Re-derives `position`'s index entries after the engine applied a fill to it: its state and the orders
    /// of its new fills. Writes it through to the database.
    ///
    /// Traps if the cache does not hold this position object.
    ///
    /// - Complexity: O(g + s) for g new fills and s positions in the state set it enters or leaves.
    public func updatePosition(_ position: Position) {
        precondition(positionsById[position.id] === position, "Invariant: an updated position is the cached one (\(position.id))")
        reindex(position)
        database?.store(position: PositionRecord(position, oms: omsTypeByPosition[position.id] ?? .unspecified))
    }

    func reindex(_ position: Position) {
        let id = position.id
        let fills = position.events
        for k in (indexedFillCount[id] ?? 0)..<fills.count {
            let orderId = fills[k].clientOrderId
            positionIdByOrder[orderId] = id
            orderIdsByPosition[id, default: []].append(orderId)
        }
        indexedFillCount[id] = fills.count
        let isOpen = position.isOpen
        if isOpen != positionsOpenSet.contains(id) {
            if isOpen {
                positionsOpenSet.append(id)
                openPositions.append(position)
            } else {
                let index = positionsOpenSet.firstIndex(of: id)!
                positionsOpenSet.remove(at: index)
                openPositions.remove(at: index)
            }
        }
        Cache.setMembership(&positionsClosedSet, id, position.isClosed)
    }

    /// Keeps a value copy of `position` (a closed NETTING position, before its id is reused) and writes it
    /// through. Traps if the cache does not hold this position object.
    public func snapshotPosition(_ position: Position) {
        precondition(positionsById[position.id] === position, "Invariant: a snapshot is taken of the cached position (\(position.id))")
        let snapshot = position.snapshot()
        snapshotsByPosition[position.id, default: []].append(snapshot)
        database?.add(positionSnapshot: snapshot)
    }

    // MARK: Single positions

    /// The position with `id`, or nil.
    ///
    /// - Complexity: O(1).
    public func position(_ id: PositionId) -> Position? { positionsById[id] }

    /// The position with `id`; traps if the cache does not hold it.
    public func requirePosition(_ id: PositionId) -> Position {
        guard let position = positionsById[id] else { preconditionFailure("Invariant: position \(id) is in the cache") }
        return position
    }

    /// True if the cache holds a position with `id`.
    public func positionExists(_ id: PositionId) -> Bool { positionsById[id] != nil }

    /// The id of the position the order's fills go to, or nil if none is known.
    ///
    /// - Complexity: O(1).
    public func positionId(for clientOrderId: ClientOrderId) -> PositionId? { positionIdByOrder[clientOrderId] }

    /// The position the order's fills went to, or nil.
    ///
    /// - Complexity: O(1).
    public func position(for clientOrderId: ClientOrderId) -> Position? {
        positionIdByOrder[clientOrderId].flatMap { positionsById[$0] }
    }

    /// The OMS type the position is kept under, or nil if it is not cached.
    public func omsType(for positionId: PositionId) -> OmsType? { omsTypeByPosition[positionId] }

    /// The ids of the orders whose fills went to the position, in the order they first did.
    ///
    /// - Complexity: O(k) for k orders.
    public func orderIds(for positionId: PositionId) -> [ClientOrderId] { orderIdsByPosition[positionId].map { Array($0) } ?? [] }

    /// The cached orders whose fills went to the position, in the order they first did.
    ///
    /// - Complexity: O(k) for k orders.
    public func orders(for positionId: PositionId) -> [Order] {
        orderIdsByPosition[positionId].map { $0.compactMap { ordersById[$0] } } ?? []
    }

    /// True if the position is cached and open.
    public func isPositionOpen(_ id: PositionId) -> Bool { positionsOpenSet.contains(id) }
    /// True if the position is cached and closed.
    public func isPositionClosed(_ id: PositionId) -> Bool { positionsClosedSet.contains(id) }

    /// The snapshots taken of the position, oldest first.
    ///
    /// - Complexity: O(1).
    public func positionSnapshots(for id: PositionId) -> [PositionSnapshot] { snapshotsByPosition[id] ?? [] }

    /// Every snapshot, grouped by position in the order positions were first snapshotted, oldest first.
    ///
    /// - Complexity: O(n) for n snapshots.
    public var positionSnapshots: [PositionSnapshot] { snapshotsByPosition.values.flatMap { $0 } }

    /// The sum of the signed open quantities (raw, positive long) of the open positions in `instrumentId`: the
    /// portfolio's net position, without the array `positionsOpen(instrumentId:)` builds. S1's strategy asks for
    /// it on every bar (54k calls, ~1,500 instructions each through the array), S2's risk checks on every
    /// order; with no open position it is a count, with a few it is a walk of their objects with no hashing
    /// (it was ~380 instructions per call through the open set and `positionsById`).
    ///
    /// - Complexity: O(k) for k open positions, or for k positions of the instrument if fewer.
    package func netOpenQuantityRaw(instrumentId: InstrumentId) -> Int64 {
        guard !openPositions.isEmpty else { return 0 }
        var net: Int64 = 0
        if openPositions.count > Self.openPositionsWalkedWhole {
            guard let indexed = positionIdsByInstrument[instrumentId] else { return 0 }
            if indexed.count < positionsOpenSet.count {
                for id in indexed where positionsOpenSet.contains(id) { net += positionsById[id]!.signedQuantityRaw }
                return net
            }
        }
        for position in openPositions where position.instrumentId == instrumentId { net += position.signedQuantityRaw }
        return net
    }

    /// Up to this many open positions, `netOpenQuantityRaw` walks them all rather than look up the instrument's
    /// index first.
    static let openPositionsWalkedWhole = 16

    // MARK: Filtered queries

    /// The positions matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k) for k positions in the smallest index set the filters name (all if none).
    public func positions(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> [Position] {
        selectPositions(nil, venue, instrumentId, strategyId, side)
    }

    /// The open positions matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k positions in the smallest candidate set.
    public func positionsOpen(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> [Position] {
        selectPositions(positionsOpenSet, venue, instrumentId, strategyId, side)
    }

    /// The closed positions matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k positions in the smallest candidate set.
    public func positionsClosed(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> [Position] {
        selectPositions(positionsClosedSet, venue, instrumentId, strategyId, side)
    }

    /// The number of positions matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k positions in the smallest index set.
    public func positionsCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> Int {
        countPositions(nil, venue, instrumentId, strategyId, side)
    }

    /// The number of open positions matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k positions in the smallest candidate set.
    public func positionsOpenCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> Int {
        countPositions(positionsOpenSet, venue, instrumentId, strategyId, side)
    }

    /// The number of closed positions matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k positions in the smallest candidate set.
    public func positionsClosedCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: PositionSide? = nil) -> Int {
        countPositions(positionsClosedSet, venue, instrumentId, strategyId, side)
    }

    // MARK: Selection

    /// The positions matching the filters: walks the smallest candidate set and tests the other filters on the
    /// position's own immutable fields (what the index sets are derived from), and the state set by membership.
    /// The second value is true if the walked set is in add order (an index set, not a state set).
    ///
    /// No array of candidate sets is built: S1 asks for the open positions of its instrument on every bar, and
    /// that array's allocation, the copied sets and a second lookup per result cost ~3,600 instructions a call.
    private func matchingPositions(
        _ state: OrderedSet<PositionId>?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: PositionSide?
    ) -> (positions: [Position], inAddOrder: Bool) {
        // The smallest index named, then the state set if it is smaller.
        var index: [PositionId]? = nil
        if let venue {
            guard let list = positionIdsByVenue[venue] else { return ([], true) }
            index = list
        }
        if let instrumentId {
            guard let list = positionIdsByInstrument[instrumentId] else { return ([], true) }
            if index == nil || list.count < index!.count { index = list }
        }
        if let strategyId {
            guard let list = positionIdsByStrategy[strategyId] else { return ([], true) }
            if index == nil || list.count < index!.count { index = list }
        }
        if index == nil && state == nil {
            let all = side == nil ? Array(positionsById.values) : positionsById.values.filter { $0.side == side }
            return (all, true)
        }
        var positions: [Position] = []
        func collect(_ walked: some Sequence<PositionId>, testingState: Bool) {
            for id in walked {
                let position = positionsById[id]!  // Every indexed id is cached: checkIntegrity() audits it.
                if let venue, position.instrumentId.venue != venue { continue }
                if let instrumentId, position.instrumentId != instrumentId { continue }
                if let strategyId, position.strategyId != strategyId { continue }
                if let side, position.side != side { continue }
                if testingState, !state!.contains(id) { continue }
                positions.append(position)
            }
        }
        if let state, index == nil || state.count <= index!.count {
            collect(state, testingState: false)
            return (positions, false)
        }
        collect(index!, testingState: state != nil)
        return (positions, true)
    }

    private func selectPositions(
        _ state: OrderedSet<PositionId>?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: PositionSide?
    ) -> [Position] {
        var (positions, inAddOrder) = matchingPositions(state, venue, instrumentId, strategyId, side)
        if !inAddOrder && positions.count > 1 {
            positions.sort { (positionsById.index(forKey: $0.id) ?? 0) < (positionsById.index(forKey: $1.id) ?? 0) }
        }
        return positions
    }

    private func countPositions(
        _ state: OrderedSet<PositionId>?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: PositionSide?
    ) -> Int {
        if venue == nil && instrumentId == nil && strategyId == nil && side == nil {
            return state?.count ?? positionsById.count
        }
        return matchingPositions(state, venue, instrumentId, strategyId, side).positions.count
    }
}
