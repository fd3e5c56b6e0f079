// OrderMatchingEngine: one instrument's market at a simulated venue — its book, its resting orders, and the
// rules that match them.
//
// Design decisions:
// - Behaviour follows NautilusTrader 1.221.0's `OrderMatchingEngine` (nautilus_trader/backtest/engine.pyx,
//   class at line ~3377) and `MatchingCore` (execution/matching_core.pyx) line by line where it decides a
//   price, a liquidity side, an event or a reason text, because S1 is compared fill for fill. The places where
//   Keel departs are listed in the KeelBacktest design notes at the end of this comment.
// - The engine keeps its own record of each order it was sent (`SimulatedOrder`, see that file for why) in a
//   registry keyed by client order id, and emits events through a sink closure given by the exchange; it never
//   mutates the strategy-side `Order`. It reads positions from the cache (reduce-only, position ids), which the
//   execution engine updates synchronously when it handles a fill, as in the reference.
// - Not `Sendable`, a final class on the kernel thread. The per-quote path (`process(quote:)` → `matchRestingOrders`)
//   allocates nothing: the iteration snapshot reuses one buffer; fills (rare next to quotes) build a small
//   array.
// - L1 book writes are deferred: a quote (trade, bar step) replaces both sides of an L1 book, so the engine keeps
//   only the last one not yet written (`pendingTop`, with a count) and writes it, counters advanced by the count,
//   when the book is read (`book`, a fill on the book) or changed otherwise (a delta, a snapshot). The core's
//   bid/ask come from the pending quote, exactly what the book would return. A replay with nothing resting then
//   never writes the book between quotes: S2 replay, ~127 instructions of every quote.
// - Time: the engine keeps the timestamp of the datum or command it is processing (`timestampNs`); every event
//   it emits carries it as `tsEvent` and `tsInit` (the reference sets its clock in `iterate` and `process`).
// - Ids: venue order ids, trade ids and position ids are `{venue}-{rawId}-{count:03}`, three separate counters
//   (engine.pyx `_generate_venue_order_id`, `_generate_trade_id`, `_generate_venue_position_id`); `rawId` is
//   the instrument's 1-based index at its venue. Event ids come from the engine's own seeded generator.
//
// Departures from the reference (deliberate, documented):
// - Auctions (AT_THE_OPEN/AT_THE_CLOSE), spread instruments, market status and instrument-close handling are
//   not ported: such MARKET/LIMIT orders are ignored, as the reference only logs for market auctions.
// - Trailing orders carry no activation price in Keel: they activate at acceptance at the current market (the
//   reference's path for an order without activation price). A trailing order whose trigger type needs a
//   price the market does not have yet (LAST without trades) is not trailed instead of raising.
// - The reference's matching core ignores `TriggerType` for stop and if-touched orders (always bid/ask);
//   so does Keel.
// - An order the venue already closed is never processed again (the reference can re-process a rejected
//   OTO child when a list's parent fills at submission; that emits an invalid second event).

public import KeelCache
public import KeelCore
public import KeelModel

/// The switches of a simulated venue that shape matching (NautilusTrader's venue options).
public struct MatchingEngineConfig: Hashable, Sendable {
    /// The book the venue matches against: L1 from quotes/trades/bars, L2/L3 from book data.
    public var bookType: BookType
    /// NETTING or HEDGING: whether the venue generates position ids on fills.
    public var omsType: OmsType
    /// Cash or margin: a cash account may not short-sell equities.
    public var accountType: AccountType
    /// Bars move the market (L1 only).
    public var barExecution: Bool
    /// Bars' high and low are visited in the order nearer the open first, instead of always high then low.
    public var barAdaptiveHighLowOrdering: Bool
    /// Trades move the bid/ask by their aggressor side (otherwise an L1 trade sets bid = ask = price).
    public var tradeExecution: Bool
    /// A stop or if-touched order already triggered at submission is rejected.
    public var rejectStopOrders: Bool
    /// GTD orders expire at their expire time.
    public var supportGTDOrders: Bool
    /// OTO/OCO/OUO links are honoured by the venue.
    public var supportContingentOrders: Bool
    /// Fills carry venue position ids (HEDGING).
    public var usePositionIds: Bool
    /// Reduce-only orders are checked against the position.
    public var useReduceOnly: Bool

    /// Creates a configuration with the reference's defaults.
    public init(
        bookType: BookType = .l1MBP, omsType: OmsType = .netting, accountType: AccountType = .margin,
        barExecution: Bool = true, barAdaptiveHighLowOrdering: Bool = false, tradeExecution: Bool = false,
        rejectStopOrders: Bool = true, supportGTDOrders: Bool = true, supportContingentOrders: Bool = true,
        usePositionIds: Bool = true, useReduceOnly: Bool = true
    ) {
        self.bookType = bookType
        self.omsType = omsType
        self.accountType = accountType
        self.barExecution = barExecution
        self.barAdaptiveHighLowOrdering = barAdaptiveHighLowOrdering
        self.tradeExecution = tradeExecution
        self.rejectStopOrders = rejectStopOrders
        self.supportGTDOrders = supportGTDOrders
        self.supportContingentOrders = supportContingentOrders
        self.usePositionIds = usePositionIds
        self.useReduceOnly = useReduceOnly
    }
}

/// The matching engine of one instrument at a simulated venue.
///
/// Feed it market data (`process(quote:)`, `process(trade:)`, `process(bar:)`, `process(delta:)` …) and
/// orders (`process(submit:)`, `process(modify:)`, `process(cancel:)` …); it reports what happens as
/// `OrderEvent`s through its sink.
public final class OrderMatchingEngine {
    /// The instrument matched.
    public let instrument: Instrument
    /// The instrument's 1-based index at its venue, used in generated ids.
    public let rawId: UInt32
    /// The venue.
    public let venue: Venue
    /// `{venue}-{rawId}-`: the stem of the generated ids.
    let idStem: InlineText
    /// The account the venue's events are booked to.
    // Hot state: exclusivity is checked statically (the engine runs on the kernel thread; its accesses are
    // short and never overlap), which removes the runtime checks that cost ~12% of a quote replay.
    public let accountId: AccountId
    /// The matching switches.
    public let config: MatchingEngineConfig
    /// Called after the open of each execution bar has moved the market and been matched, with the bar's
    /// time (the exchange's next-bar-open mode processes held commands here).
    public var onBarOpen: ((UnixNanos) -> Void)?
    /// The fee model.
    public let feeModel: FeeModel

    /// The venue's book of the instrument.
    public var book: OrderBook {
        writePendingTop()
        return storedBook
    }
    /// The book, without the L1 quotes still in `pendingTop`, in a box a backtest's cache may share (an L2 or
    /// L3 book a strategy subscribes to: `Cache.offer(venueBook:)`), so that each delta is applied once.
    package let bookBox: CachedBook
    /// The book in its box, read and changed in place.
    var storedBook: OrderBook {
        @inline(__always) _read { yield bookBox.book }
        @inline(__always) _modify { yield &bookBox.book }
    }
    /// L1: the last quote (or trade, or bar step) not yet written to `storedBook`, and how many there were.
    @exclusivity(unchecked) var pendingTop = PendingTop()
    /// The market prices and resting orders.
    @exclusivity(unchecked) public internal(set) var core: MatchingCore
    /// The fill model (owns its generator).
    @exclusivity(unchecked) public internal(set) var fillModel: FillModel
    /// The time of the datum or command being processed.
    @exclusivity(unchecked) public internal(set) var timestampNs: UnixNanos = .zero
    /// Book deltas the venue's book could not apply and skipped (see `process(delta:)`).
    public internal(set) var rejectedDeltaCount = 0

    let spec: InstrumentSpec
    let cache: Cache
    let sink: (OrderEvent) -> Void
    let initialFillModel: FillModel
    let eventIdSeed: UInt64
    @exclusivity(unchecked) var generator: SeededGenerator

    /// Every order the venue was sent, by client order id.
    @exclusivity(unchecked) var orders: [ClientOrderId: SimulatedOrder] = [:]
    var orderSequence = 0
    /// An empty buffer with capacity, reused by `process(submitList:at:)`.
    var spareOrderBuffer: [SimulatedOrder] = []
    /// The table size at which `register` next forgets closed groups (`purgeClosedOrders`).
    var nextPurgeAt = OrderMatchingEngine.firstPurgeAt
    static let firstPurgeAt = 1_024

    @exclusivity(unchecked) var targetBidRaw: Int64 = 0
    @exclusivity(unchecked) var targetAskRaw: Int64 = 0
    @exclusivity(unchecked) var targetLastRaw: Int64 = 0
    @exclusivity(unchecked) var hasTargets = false

    @exclusivity(unchecked) var lastBidBar: BarSteps?
    @exclusivity(unchecked) var lastAskBar: BarSteps?
    @exclusivity(unchecked) var executionBarType: BarType?
    /// The interval of `executionBarType` (zero if none).
    @exclusivity(unchecked) var executionBarInterval: DurationNanos = .zero
    /// The last bar volume whose quarter was computed, and that quarter.
    @exclusivity(unchecked) var lastQuarterVolume: (volume: Quantity, size: Quantity)?

    var positionCount = 0
    var orderCount = 0
    var executionCount = 0

    /// Creates the engine of `instrument`.
    ///
    /// - Parameters:
    ///   - instrument: The instrument matched.
    ///   - rawId: Its 1-based index at the venue (ids read `SIM-1-001`).
    ///   - accountId: The account events are booked to.
    ///   - config: The venue's switches.
    ///   - fillModel: The fill model (the engine keeps its own copy and generator).
    ///   - feeModel: The fee model.
    ///   - cache: The kernel's cache, read for positions.
    ///   - seed: The seed of the generator of event ids.
    ///   - sink: Receives every event the engine emits, in order.
    public init(
        instrument: Instrument, rawId: UInt32, accountId: AccountId, config: MatchingEngineConfig = MatchingEngineConfig(),
        fillModel: FillModel = FillModel(), feeModel: FeeModel = .makerTaker, cache: Cache, seed: UInt64 = 0,
        sink: @escaping (OrderEvent) -> Void
    ) {
        self.instrument = instrument
        self.spec = instrument.spec
        self.rawId = rawId
        self.venue = instrument.id.venue
        guard let stem = InlineText.joined(venue.text, UInt8(ascii: "-"), InlineText("\(rawId)-")) else {
            preconditionFailure("Invariant: the id stem '\(venue)-\(rawId)-' fits 63 bytes")
        }
        self.idStem = stem
        self.accountId = accountId
        self.config = config
        self.feeModel = feeModel
        self.fillModel = fillModel
        self.initialFillModel = fillModel
        self.cache = cache
        self.sink = sink
        self.eventIdSeed = seed
        self.generator = SeededGenerator(seed: seed)
        self.bookBox = CachedBook(OrderBook(instrumentId: instrument.id, bookType: config.bookType))
        self.core = MatchingCore(pricePrecision: instrument.spec.pricePrecision)
    }

    /// Forgets the closed orders whose linked orders and parent are closed (or already forgotten): a long run's
    /// memory then follows its open orders. A later command naming a forgotten order is answered as one naming
    /// a closed order is ("not found"); nothing else looks closed orders up once their group is closed, and a
    /// resubmitted id never reaches the venue (the execution engine denies ids the cache holds). `register`
    /// calls it each time the table doubles.
    ///
    /// - Returns: The number of orders forgotten.
    @discardableResult
    public func purgeClosedOrders() -> Int {
        // An id is "done" when it names no order or a closed one, i.e. when it is not among the open orders, which
        // are few: they are collected first and compared, rather than each id looked up in the table (hashing a
        // 64-byte id). The orders kept go into a new table sized for the next pass, so the forgotten ones need
        // no look-up to be removed.
        var open: [ClientOrderId] = []
        for (id, order) in orders where !order.isClosed { open.append(id) }
        let openSet: Set<ClientOrderId>? = open.count > 16 ? Set(open) : nil
        func isDone(_ id: ClientOrderId) -> Bool { !(openSet?.contains(id) ?? open.contains(id)) }
        var kept: [ClientOrderId: SimulatedOrder] = Dictionary(minimumCapacity: max(Self.firstPurgeAt, orders.count))
        for (id, order) in orders {
            if order.isClosed, order.linkedOrderIds.allSatisfy(isDone), order.parentOrderId.map(isDone) ?? true { continue }
            kept[id] = order
        }
        let forgotten = orders.count - kept.count
        if forgotten > 0 { orders = kept }
        return forgotten
    }

    /// Forgets every order, the market, the counters and the generators' progress.
    public func reset() {
        storedBook.reset()
        pendingTop = PendingTop()
        core.reset()
        orders.removeAll()
        nextPurgeAt = Self.firstPurgeAt
        orderSequence = 0
        hasTargets = false
        targetBidRaw = 0
        targetAskRaw = 0
        targetLastRaw = 0
        lastBidBar = nil
        lastAskBar = nil
        executionBarType = nil
        executionBarInterval = .zero
        lastQuarterVolume = nil
        positionCount = 0
        orderCount = 0
        executionCount = 0
        fillModel = initialFillModel.restarted()
        generator = SeededGenerator(seed: eventIdSeed)
        timestampNs = .zero
        rejectedDeltaCount = 0
    }

    // MARK: Queries

    /// The venue's record of `clientOrderId`, if it was sent here.
    public func order(_ clientOrderId: ClientOrderId) -> SimulatedOrder? { orders[clientOrderId] }

    /// The orders resting in the matching core: bids best first, then asks best first.
    public var openOrders: [SimulatedOrder] { core.bids + core.asks }

    /// The best bid the engine matches against.
    public var bid: Price? { core.bid }
    /// The best ask the engine matches against.
    public var ask: Price? { core.ask }
    /// The last trade price the engine knows.
    public var last: Price? { core.last }

    /// The number of venue order ids, trades and positions generated so far.
    public var counts: (orders: Int, trades: Int, positions: Int) { (orderCount, executionCount, positionCount) }

    // MARK: Ids

    /// `{venue}-{rawId}-{count:03}`, assembled on the stem `{venue}-{rawId}-` without `String` work.
    func formattedId(_ count: Int) -> InlineText {
        guard let text = counterText(idStem, count, minimumDigits: 3) else {
            preconditionFailure("Invariant: a venue id '\(idStem)\(count)' fits 63 bytes")
        }
        return text
    }

    func nextVenueOrderId() -> VenueOrderId {
        orderCount += 1
        return VenueOrderId(uncheckedText: formattedId(orderCount))
    }

    func nextTradeId() -> TradeId {
        executionCount += 1
        return TradeId(uncheckedText: formattedId(executionCount))
    }

    func nextVenuePositionId() -> PositionId? {
        guard config.usePositionIds else { return nil }
        positionCount += 1
        return PositionId(uncheckedText: formattedId(positionCount))
    }

    func venueOrderId(for order: SimulatedOrder) -> VenueOrderId {
        if let id = order.venueOrderId { return id }
        let id = nextVenueOrderId()
        order.venueOrderId = id
        return id
    }

    /// The position id the venue books `order`'s next fill to (NautilusTrader `_get_position_id`).
    func positionId(for order: SimulatedOrder, generate: Bool = true) -> PositionId? {
        if config.omsType == .hedging {
            if let id = order.positionId ?? cache.positionId(for: order.clientOrderId) { return id }
            if generate { return nextVenuePositionId() }
        }
        // The open position with the lowest id (bytewise, the `String` order of ASCII ids), without sorting.
        return cache.positionsOpen(instrumentId: order.instrumentId).min { $0.id < $1.id }?.id
    }

    /// The position `order` belongs to, for the reduce-only check at submission
    /// (NautilusTrader `cache.position_for_order`, and the NETTING position of the strategy).
    func positionForOrder(_ order: SimulatedOrder) -> Position? {
        if let id = order.positionId, let position = cache.position(id) { return position }
        if let position = cache.position(for: order.clientOrderId) { return position }
        if config.omsType == .netting {
            return cache.position(PositionId("\(order.instrumentId)-\(order.strategyId)"))
        }
        return nil
    }
}

/// The last L1 top-of-book change an engine has not yet written to its book, and how many changes it stands for.
struct PendingTop {
    var bidRaw: Int64 = 0
    var bidSizeRaw: Int64 = 0
    var askRaw: Int64 = 0
    var askSizeRaw: Int64 = 0
    var tsEvent: UnixNanos = .zero
    /// The number of changes since the book was last written; 0: nothing is pending.
    var count: UInt64 = 0
}

extension OrderMatchingEngine {
    /// Writes the pending L1 change, if any, to the book (see the design notes: deferred L1 writes).
    @inline(__always)
    func writePendingTop() {
        guard pendingTop.count > 0 else { return }
        writePendingTopNow()
    }

    private func writePendingTopNow() {
        let top = pendingTop
        storedBook.updateTopOfBook(
            bidRaw: top.bidRaw, bidSizeRaw: top.bidSizeRaw, askRaw: top.askRaw, askSizeRaw: top.askSizeRaw,
            pricePrecision: spec.pricePrecision, sizePrecision: spec.sizePrecision, tsEvent: top.tsEvent,
            quoteCount: top.count)
        pendingTop.count = 0
    }
}
