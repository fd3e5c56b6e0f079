// Orders in the cache: writes (add, update, order lists) and the queries strategies need, with
// NautilusTrader's optional filters (venue, instrument, strategy, side).
//
// Results come in the order the orders were added to the cache. A query picks the smallest of the index sets
// its filters name, walks it and tests membership in the others (O(1) each), so its cost is the size of the
// smallest candidate set, not of the whole cache.

import KeelCore
public import KeelModel
import OrderedCollections

extension Cache {
    // MARK: Writes

    /// Adds a new order and indexes it: by venue, instrument, strategy and (if given) client; its venue order
    /// ids; its state (open, closed, in flight, emulated); and its position if `positionId` (or the order's
    /// own `positionId`) names one. Writes it through to the database.
    ///
    /// - Parameters:
    ///   - order: The order; traps if an order with its client order id is already cached.
    ///   - positionId: The position the order's fills go to (HEDGING venues, or a strategy's choice).
    ///   - clientId: The execution client the order is routed through, if not the venue's default.
    /// - Complexity: O(s) for s orders in the state sets it leaves (none for a new order).
    public func add(order: Order, positionId: PositionId? = nil, clientId: ClientId? = nil) {
        indexNewOrder(order, positionId: positionId, clientId: clientId)
        database?.store(order: OrderRecord(order, positionId: positionIdByOrder[order.clientOrderId], clientId: clientId))
    }

    func indexNewOrder(_ order: Order, positionId: PositionId?, clientId: ClientId?) {
        let id = order.clientOrderId
        // One lookup: the insert reports what the id held (a trap leaves nothing to restore).
        let previous = ordersById.updateValue(order, forKey: id)
        precondition(previous == nil, "Invariant: an order is added to the cache once (\(id))")
        let key = OrderKey(order)
        let instrumentId = order.instrumentId
        // Every new order enters both indexes, and a purge forgets both last keys: when the instrument is the last
        // one indexed, the venue is the last one too (parsing it out of the id cost ~110 instructions).
        let sameInstrument = ordersByInstrument.append(key, to: instrumentId)
        if !(sameInstrument && ordersByVenue.appendToLast(key)) { ordersByVenue.append(key, to: instrumentId.venue) }
        ordersByStrategy.append(key, to: order.strategyId)
        if let clientId {
            ordersByClient.append(key, to: clientId)
            clientIdByOrder[id] = clientId
        }
        if let positionId = positionId ?? order.positionId { indexOrder(id, position: positionId) }
        // `reindex(_:)` without its membership tests: a new order is in no state set yet, so it only enters the
        // sets its state names (none for an INITIALIZED order). The four tests cost ~470 instructions per order.
        for venueOrderId in order.venueOrderIds { clientOrderIdByVenueOrderId[venueOrderId] = id }
        if let positionId = order.positionId { indexOrder(id, position: positionId) }
        let states = Self.stateBits(of: order)
        if states != 0 {
            if states & Self.openBit != 0 { ordersOpenSet.append(key) }
            if states & Self.closedBit != 0 { ordersClosedSet.appendNew(key) }
            if states & Self.inflightBit != 0 { ordersInflightSet.append(key) }
            if states & Self.emulatedBit != 0 { ordersEmulatedSet.append(key) }
        }
    }

    /// Re-derives `order`'s index entries after the execution engine applied an event to it: its state sets,
    /// its venue order ids and its position. Writes it through to the database.
    ///
    /// Traps if the cache does not hold this order object (an unknown id, or another object under its id).
    ///
    /// - Complexity: O(s) for s orders in the state sets it enters or leaves.
    public func updateOrder(_ order: Order) {
        let id = order.clientOrderId
        precondition(ordersById[id] === order, "Invariant: an updated order is the cached one (\(id))")
        reindex(order)
        database?.store(order: OrderRecord(order, positionId: positionIdByOrder[id], clientId: clientIdByOrder[id]))
    }

    /// An order's indexed facts (state sets, venue order ids, position) before an event is applied to it, taken
    /// with `indexMark(of:)` and handed to `updateOrder(_:since:)`.
    package struct OrderIndexMark {
        /// The order's state sets, as `Cache.stateBits(of:)`.
        let states: UInt8
        /// The number of venue order ids the order had.
        let venueOrderIdCount: Int
    }

    /// The order's indexed facts now, before the execution engine applies an event to it.
    package func indexMark(of order: Order) -> OrderIndexMark {
        OrderIndexMark(states: Self.stateBits(of: order), venueOrderIdCount: order.venueOrderIds.count)
    }

    /// `updateOrder(_:)` for the execution engine, which took `mark` of the cached order just before applying one
    /// event to it: only the state sets the order enters or leaves and the venue order ids it gained are touched.
    ///
    /// `updateOrder(_:)` tests and sets the order's membership of all four state sets and maps every venue order id
    /// again on each event (four hash probes and a map write, ~1,400 instructions of S1's ~2,000 per event). The
    /// sets held the order as `mark` says, since every change of a cached order is followed by an update; its
    /// position is indexed as `updateOrder(_:)` does. The check that the order is the cached object is left to the
    /// caller, which looked the order up in the cache to apply the event.
    ///
    /// - Complexity: O(s) for s orders in the state sets it enters or leaves.
    package func updateOrder(_ order: Order, since mark: OrderIndexMark) {
        let venueOrderIds = order.venueOrderIds
        if venueOrderIds.count > mark.venueOrderIdCount {
            let id = order.clientOrderId
            for venueOrderId in venueOrderIds[mark.venueOrderIdCount...] { clientOrderIdByVenueOrderId[venueOrderId] = id }
        }
        if let positionId = order.positionId { indexOrder(order.clientOrderId, position: positionId) }
        let states = Self.stateBits(of: order)
        let changed = states ^ mark.states
        if changed != 0 {
            let key = OrderKey(order)
            if changed & Self.openBit != 0 { Cache.setMembership(&ordersOpenSet, key, states & Self.openBit != 0) }
            if changed & Self.closedBit != 0 {
                // The set held the order as `mark` says: joining, it is not a member.
                if states & Self.closedBit != 0 { ordersClosedSet.appendNew(key) } else { ordersClosedSet.remove(key) }
            }
            if changed & Self.inflightBit != 0 { Cache.setMembership(&ordersInflightSet, key, states & Self.inflightBit != 0) }
            if changed & Self.emulatedBit != 0 { Cache.setMembership(&ordersEmulatedSet, key, states & Self.emulatedBit != 0) }
        }
        if let database {
            let id = order.clientOrderId
            database.store(order: OrderRecord(order, positionId: positionIdByOrder[id], clientId: clientIdByOrder[id]))
        }
    }

    static let openBit: UInt8 = 1
    static let closedBit: UInt8 = 2
    static let inflightBit: UInt8 = 4
    static let emulatedBit: UInt8 = 8

    /// The state sets `order` belongs in, one bit each (`openBit` …): the order's `stateFlags`, whose bits are
    /// these.
    static func stateBits(of order: Order) -> UInt8 { order.stateFlags }

    /// Sets the order's membership of every state set and maps its venue order ids and position.
    func reindex(_ order: Order) {
        let id = order.clientOrderId
        for venueOrderId in order.venueOrderIds { clientOrderIdByVenueOrderId[venueOrderId] = id }
        if let positionId = order.positionId { indexOrder(id, position: positionId) }
        let key = OrderKey(order)
        Cache.setMembership(&ordersOpenSet, key, order.isOpen)
        Cache.setMembership(&ordersClosedSet, key, order.isClosed)
        Cache.setMembership(&ordersInflightSet, key, order.isInflight)
        Cache.setMembership(&ordersEmulatedSet, key, order.isEmulated)
    }

    func indexOrder(_ id: ClientOrderId, position positionId: PositionId) {
        positionIdByOrder[id] = positionId
        orderIdsByPosition[positionId, default: []].append(id)
    }

    static func setMembership<T: Hashable>(_ set: inout OrderedSet<T>, _ element: T, _ isMember: Bool) {
        if isMember {
            set.append(element)
        } else if set.contains(element) {
            set.remove(element)
        }
    }

    static func setMembership(_ set: inout ClosedOrderSet, _ element: OrderKey, _ isMember: Bool) {
        if isMember { set.append(element) } else { set.remove(element) }
    }

    static func setMembership(_ set: inout LiveOrderSet, _ element: OrderKey, _ isMember: Bool) {
        if isMember { set.append(element) } else { set.remove(element) }
    }

    /// Adds an order list (its orders are added one by one with `add(order:…)`). Traps if its id is cached.
    public func add(orderList: OrderList) {
        let added = orderListsById.insert(orderList)
        precondition(added, "Invariant: an order list is added to the cache once (\(orderList.id))")
    }

    // MARK: Single orders

    /// The order with `id`, or nil.
    ///
    /// - Complexity: O(1).
    public func order(_ id: ClientOrderId) -> Order? { ordersById[id] }

    /// The order with `id`; traps if the cache does not hold it.
    ///
    /// - Complexity: O(1).
    public func requireOrder(_ id: ClientOrderId) -> Order {
        guard let order = ordersById[id] else { preconditionFailure("Invariant: order \(id) is in the cache") }
        return order
    }

    /// True if the cache holds an order with `id`.
    public func orderExists(_ id: ClientOrderId) -> Bool { ordersById[id] != nil }

    /// The client order id of the order the venue calls `venueOrderId`, or nil.
    ///
    /// - Complexity: O(1).
    public func clientOrderId(for venueOrderId: VenueOrderId) -> ClientOrderId? { clientOrderIdByVenueOrderId[venueOrderId] }

    /// The venue's current id for the order `clientOrderId`, or nil if unknown.
    ///
    /// - Complexity: O(1).
    public func venueOrderId(for clientOrderId: ClientOrderId) -> VenueOrderId? { ordersById[clientOrderId]?.venueOrderId }

    /// The execution client the order was routed through, if one was named when it was added.
    public func clientId(for clientOrderId: ClientOrderId) -> ClientId? { clientIdByOrder[clientOrderId] }

    /// The strategy that owns the order, or nil if the order is not cached.
    public func strategyId(for clientOrderId: ClientOrderId) -> StrategyId? { ordersById[clientOrderId]?.strategyId }

    /// True if the order is cached and open (working at the venue).
    public func isOrderOpen(_ id: ClientOrderId) -> Bool { isMember(id, of: ordersOpenSet) }
    /// True if the order is cached and closed.
    public func isOrderClosed(_ id: ClientOrderId) -> Bool {
        ordersClosedSet.hashMembers()
        return isMember(id, of: ordersClosedSet)
    }
    /// True if the order is cached and a request for it is in flight.
    public func isOrderInflight(_ id: ClientOrderId) -> Bool { isMember(id, of: ordersInflightSet) }
    /// True if the order is cached and held by the emulator.
    public func isOrderEmulated(_ id: ClientOrderId) -> Bool { isMember(id, of: ordersEmulatedSet) }

    private func isMember(_ id: ClientOrderId, of set: some OrderStateSet) -> Bool {
        guard let order = ordersById[id] else { return false }
        return set.contains(OrderKey(order))
    }

    /// The order list with `id`, or nil.
    public func orderList(_ id: OrderListId) -> OrderList? { orderListsById[id] }

    /// The order lists, of `strategyId` if given, in the order they were added.
    ///
    /// - Complexity: O(n) for n lists.
    public func orderLists(strategyId: StrategyId? = nil) -> [OrderList] {
        guard let strategyId else { return orderListsById.values }
        return orderListsById.values.filter { $0.strategyId == strategyId }
    }

    // MARK: Filtered queries

    /// The orders matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k) for k orders in the smallest index set the filters name (all orders if none).
    public func orders(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> [Order] {
        selectOrders(nil as LiveOrderSet?, venue, instrumentId, strategyId, side)
    }

    /// The open orders (working at the venue) matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k orders in the smallest candidate set.
    public func ordersOpen(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> [Order] {
        selectOrders(ordersOpenSet, venue, instrumentId, strategyId, side)
    }

    /// The closed orders matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k orders in the smallest candidate set.
    public func ordersClosed(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> [Order] {
        ordersClosedSet.hashMembers()
        return selectOrders(ordersClosedSet, venue, instrumentId, strategyId, side)
    }

    /// The orders with a request in flight matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k orders in the smallest candidate set.
    public func ordersInflight(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> [Order] {
        selectOrders(ordersInflightSet, venue, instrumentId, strategyId, side)
    }

    /// The orders held by the emulator matching every filter given, in the order they were added.
    ///
    /// - Complexity: O(k log k) for k orders in the smallest candidate set.
    public func ordersEmulated(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> [Order] {
        selectOrders(ordersEmulatedSet, venue, instrumentId, strategyId, side)
    }

    /// The orders routed through `clientId`, in the order they were added.
    ///
    /// - Complexity: O(k) for k orders of the client.
    public func orders(clientId: ClientId) -> [Order] {
        ordersByClient[clientId].map { $0.map(\.order) } ?? []
    }

    /// The number of orders matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k orders in the smallest index set.
    public func ordersCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> Int {
        countOrders(nil as LiveOrderSet?, venue, instrumentId, strategyId, side)
    }

    /// The number of open orders matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k orders in the smallest candidate set.
    public func ordersOpenCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> Int {
        countOrders(ordersOpenSet, venue, instrumentId, strategyId, side)
    }

    /// The number of closed orders matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k orders in the smallest candidate set.
    public func ordersClosedCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> Int {
        ordersClosedSet.hashMembers()
        return countOrders(ordersClosedSet, venue, instrumentId, strategyId, side)
    }

    /// The number of orders in flight matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k orders in the smallest candidate set.
    public func ordersInflightCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> Int {
        countOrders(ordersInflightSet, venue, instrumentId, strategyId, side)
    }

    /// The number of emulated orders matching every filter given.
    ///
    /// - Complexity: O(1) without filters, else O(k) for k orders in the smallest candidate set.
    public func ordersEmulatedCount(venue: Venue? = nil, instrumentId: InstrumentId? = nil, strategyId: StrategyId? = nil, side: OrderSide? = nil) -> Int {
        countOrders(ordersEmulatedSet, venue, instrumentId, strategyId, side)
    }

    /// Calls `body` with each open order in `instrumentId`, in no promised order: `ordersOpen(instrumentId:)`
    /// without the array it builds and the sort into add order. For sums, where the order does not matter: the
    /// portfolio totals an instrument's order margins after most order events (S1: 32k calls, ~900
    /// instructions each through the array).
    ///
    /// - Complexity: O(k) for k open orders, or for k orders of the instrument if fewer.
    package func forEachOpenOrder(instrumentId: InstrumentId, _ body: (Order) -> Void) {
        guard !ordersOpenSet.isEmpty else { return }
        if ordersOpenSet.count > Self.openOrdersWalkedWhole {
            guard let indexed = ordersByInstrument[instrumentId] else { return }
            if indexed.count < ordersOpenSet.count {
                for key in indexed where ordersOpenSet.contains(key) { body(key.order) }
                return
            }
        }
        for key in ordersOpenSet where key.order.instrumentId == instrumentId { body(key.order) }
    }

    /// Up to this many open orders, `forEachOpenOrder` walks them all rather than look up the instrument's index.
    static let openOrdersWalkedWhole = 16

    // MARK: Selection

    /// The orders matching the filters: walks the smallest candidate set and tests the other filters on the
    /// order's own immutable fields (what the index sets are derived from), and the state set by membership.
    /// The second value is true if the walked set is in add order (an index set, not a state set).
    ///
    /// No array of candidate sets is built and no index set is probed: the portfolio asks for an instrument's
    /// open orders after most order events (S1: 32k calls).
    private func matchingOrders(
        _ state: (some OrderStateSet)?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: OrderSide?
    ) -> (orders: [Order], inAddOrder: Bool) {
        // The state set, or the smallest index named.
        var index: [OrderKey]? = nil
        if let venue {
            guard let list = ordersByVenue[venue] else { return ([], true) }
            index = list
        }
        if let instrumentId {
            guard let list = ordersByInstrument[instrumentId] else { return ([], true) }
            if index == nil || list.count < index!.count { index = list }
        }
        if let strategyId {
            guard let list = ordersByStrategy[strategyId] else { return ([], true) }
            if index == nil || list.count < index!.count { index = list }
        }
        if index == nil && state == nil {
            let all = side == nil ? Array(ordersById.values) : ordersById.values.filter { $0.side == side }
            return (all, true)
        }
        var orders: [Order] = []
        func collect(_ walked: some Sequence<OrderKey>, testingState: Bool) {
            for key in walked {
                let order = key.order
                if let venue, order.instrumentId.venue != venue { continue }
                if let instrumentId, order.instrumentId != instrumentId { continue }
                if let strategyId, order.strategyId != strategyId { continue }
                if let side, order.side != side { continue }
                if testingState, !state!.contains(key) { continue }
                orders.append(order)
            }
        }
        if let state, index == nil || state.count <= index!.count {
            collect(state, testingState: false)
            return (orders, false)
        }
        collect(index!, testingState: state != nil)
        return (orders, true)
    }

    private func selectOrders(
        _ state: (some OrderStateSet)?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: OrderSide?
    ) -> [Order] {
        var (orders, inAddOrder) = matchingOrders(state, venue, instrumentId, strategyId, side)
        if !inAddOrder && orders.count > 1 {
            orders.sort { (ordersById.index(forKey: $0.clientOrderId) ?? 0) < (ordersById.index(forKey: $1.clientOrderId) ?? 0) }
        }
        return orders
    }

    private func countOrders(
        _ state: (some OrderStateSet)?, _ venue: Venue?, _ instrumentId: InstrumentId?, _ strategyId: StrategyId?,
        _ side: OrderSide?
    ) -> Int {
        if venue == nil && instrumentId == nil && strategyId == nil && side == nil {
            return state?.count ?? ordersById.count
        }
        return matchingOrders(state, venue, instrumentId, strategyId, side).orders.count
    }
}
