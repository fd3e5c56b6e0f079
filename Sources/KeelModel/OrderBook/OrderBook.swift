// OrderBook: a limit order book for one instrument, at L1 (top of book), L2 (by price) or L3 (by order).
//
// Design decisions:
// - One `struct` for the three book types, switching on `bookType` per change (a predictable branch,
//   no existential, no generic specialisation to pick). A struct rather than a class: the book is
//   plain data confined to the kernel thread, mutated in place by its one owner (the cache or the
//   matching engine); value semantics give tests a free "unchanged after a rejected delta" check
//   (`==` compares contents) and let a snapshot be copied and sent elsewhere (`Sendable`).
// - Storage (see BookLadder.swift): per side one contiguous array of levels with the best level LAST
//   and room at both ends (LevelStore.swift). L3 orders live in one pool of nodes shared by both sides,
//   `[OrderNode]`, with a free list; each level is a doubly linked FIFO queue through the pool
//   (head = oldest); a node remembers its level's depth below the top as a search hint. An order id
//   index (OrderIdIndex.swift) maps an order to its node. In steady state applying a delta allocates
//   nothing: freed nodes are reused, the arrays and the index keep their capacity.
// - Determinism: nothing iterates the order id index; every query walks the sorted levels and the queues.
// - Sizes are summed as raw `Int64` at the book's size precision; the book learns its price and size
//   precision from its first order and rejects changes at another precision (`.precisionMismatch`),
//   since mixing them would trap in arithmetic.
//
// Semantics (NautilusTrader's, except where invalid input is reported instead of absorbed):
// - L1: one level per side. ADD/UPDATE replace the side's level; UPDATE to size 0 and DELETE empty
//   the side (whatever their price). DELETE of an empty side is `.unknownPriceLevel`.
// - L2: levels keyed by price, order id ignored. ADD/UPDATE set the level's size (creating it if
//   absent: L2 feeds send new levels as updates); UPDATE to size 0 and DELETE remove the level.
//   DELETE (or UPDATE to 0) of an absent level is `.unknownPriceLevel` (Nautilus ignores it).
// - L3: ADD appends to the tail of its level's queue; an id already held is `.duplicateOrderId`
//   (Nautilus overwrites it). UPDATE at the same price changes the size IN PLACE, keeping queue
//   position even when the size grows — that is what Nautilus does (its level is an insertion-ordered
//   map), and replaying its reference numbers needs it; real matching engines (CME) send an order
//   that grows to the back of the queue, which a venue's data expresses as DELETE + ADD. UPDATE at
//   another price moves the order to the tail of the new level. UPDATE to size 0 removes the order.
//   DELETE removes the whole order whatever its size says (Databento's partial 'C' cancels are
//   therefore whole deletes, as in Nautilus's loader; the data README's replay subtracts instead).
//   UPDATE/DELETE of an unknown id is `.unknownOrderId` (Nautilus adds, resp. ignores). A delta
//   with no side takes the side of the order it names (Databento fills with side 'N'); if that order
//   is unknown it is `.unknownOrderId`. In the ES S3 file this happens 7 times: a replay that skips
//   those errors gets Nautilus's update count (65,812 for 65,819 deltas) and final book.
// - A crossed or locked book is legal (real pre-open data is crossed); nothing is rejected for it.
// - Sequence numbers are recorded, not checked, by default (as Nautilus). `rejectsSequenceRegression`
//   makes a backwards sequence a `.sequenceRegression` error.
// - A rejected change leaves the book unchanged, including `updateCount`, `lastSequence`, `tsLast`.

public import KeelCore

/// A limit order book for one instrument: top of book (L1), by price level (L2) or by order (L3).
///
/// Apply deltas, delta batches, depth snapshots or (L1) top-of-book quotes, then query best prices,
/// levels, sizes and simulated fills. Invalid changes throw `OrderBookError` and leave the book
/// unchanged; a crossed or locked book is a legal state.
public struct OrderBook: Sendable {
    /// The instrument of the book.
    public let instrumentId: InstrumentId
    /// The granularity of the book.
    public let bookType: BookType
    /// True if a change whose sequence number is lower than `lastSequence` is rejected.
    public let rejectsSequenceRegression: Bool

    /// The number of changes applied (deltas, snapshots, quotes); rejected ones are not counted.
    public internal(set) var updateCount: UInt64 = 0
    /// The sequence number of the last applied change.
    public internal(set) var lastSequence: UInt64 = 0
    /// The event time of the last applied change.
    public internal(set) var tsLast: UnixNanos = .zero
    /// The precision of the book's prices, learned from its first order.
    public internal(set) var pricePrecision: UInt8?
    /// The precision of the book's sizes, learned from its first order.
    public internal(set) var sizePrecision: UInt8?

    @usableFromInline var bids = BookLadder(isBid: true)
    @usableFromInline var asks = BookLadder(isBid: false)
    /// L3 order nodes, live and free.
    var nodes: [OrderNode] = []
    /// The first free node, or -1; free nodes are chained through `next`.
    var freeNode: Int32 = -1
    /// L3: order id → node.
    var orderIndex = OrderIdIndex()

    /// Creates an empty book.
    ///
    /// - Parameters:
    ///   - instrumentId: The instrument of the book.
    ///   - bookType: L1 (top of book), L2 (by price) or L3 (by order).
    ///   - rejectsSequenceRegression: Reject changes whose sequence number goes backwards (default
    ///     false: record them, as NautilusTrader does, so real data replays exactly).
    ///   - expectedOrders: L3: the number of resting orders to reserve room for.
    public init(
        instrumentId: InstrumentId, bookType: BookType, rejectsSequenceRegression: Bool = false, expectedOrders: Int = 0
    ) {
        self.instrumentId = instrumentId
        self.bookType = bookType
        self.rejectsSequenceRegression = rejectsSequenceRegression
        if bookType == .l3MBO && expectedOrders > 0 {
            nodes.reserveCapacity(expectedOrders)
            orderIndex.reserveCapacity(expectedOrders)
        }
    }
}

/// An L3 order in the node pool: one element of a level's FIFO queue.
struct OrderNode: Hashable, Sendable {
    var orderId: UInt64
    /// Remaining size, raw.
    var size: Int64
    /// Price, raw.
    var priceRaw: Int64
    /// The previous (older) node of the level's queue, or -1.
    var prev: Int32
    /// The next (newer) node of the level's queue, or -1; for a free node, the next free node.
    var next: Int32
    /// The depth of the order's level below the top of its side when last found (0: the best level): the
    /// hint `BookLadder.lowerBound` starts from. It may be stale; it never affects results.
    var levelDepth: Int32
    var isBid: Bool
}

extension OrderBook: Equatable {
    /// True if both books hold the same instrument, type, counters and contents (levels and, for L3,
    /// each level's orders in queue order), however their storage is laid out.
    ///
    /// - Complexity: O(n) in the number of levels and orders.
    public static func == (lhs: OrderBook, rhs: OrderBook) -> Bool {
        guard lhs.instrumentId == rhs.instrumentId, lhs.bookType == rhs.bookType,
            lhs.updateCount == rhs.updateCount, lhs.lastSequence == rhs.lastSequence, lhs.tsLast == rhs.tsLast,
            lhs.pricePrecision == rhs.pricePrecision, lhs.sizePrecision == rhs.sizePrecision,
            lhs.bids.levels.count == rhs.bids.levels.count, lhs.asks.levels.count == rhs.asks.levels.count
        else { return false }
        for (l, r) in [(lhs.bids, rhs.bids), (lhs.asks, rhs.asks)] {
            for (a, b) in zip(l.levels, r.levels) {
                guard a.key == b.key, a.size == b.size, a.count == b.count else { return false }
                var i = a.head
                var j = b.head
                while i >= 0 || j >= 0 {
                    guard i >= 0, j >= 0 else { return false }
                    let m = lhs.nodes[Int(i)]
                    let n = rhs.nodes[Int(j)]
                    guard m.orderId == n.orderId, m.size == n.size else { return false }
                    i = m.next
                    j = n.next
                }
            }
        }
        return true
    }
}
