// BookReader — the strategy of scenario S3, written as a tutorial.
//
// It subscribes to an instrument's order book deltas at L3 (market by order). The data engine then keeps
// the instrument's book in the cache, applying every delta before the strategy hears of it, so on each
// callback the strategy reads the cache's book as it stands after that delta.
//
// On every callback it reads the best bid and ask and counts:
// - updates (callbacks), and how often the best bid and the best ask changed (a side that empties or
//   fills again counts as a change);
// - two-sided updates (both sides present), among them crossed (bid > ask) and locked (bid == ask)
//   ones — real data is momentarily crossed while deltas are applied one at a time — and the sum of the
//   spread in ticks over the others.
//
// In quote mode it also trades a little: at every `orderEveryNUpdates`-th update from
// `minUpdatesBeforeOrders` on, if it has no open order and the book is neither crossed nor locked, it
// joins the best bid with a post-only GTC LIMIT BUY of one lot and the best ask with a post-only SELL.
// When it stops it cancels its orders.
//
// It is the reference's S3 `BookReader` (../shared/reference/nautilus/s3_l3_book.py), so that Keel's
// counters, orders and fills can be compared with NautilusTrader's one by one.

import KeelCache
import KeelCommon
import KeelCore
public import KeelModel
public import KeelTrading
import Logging

/// The parameters of `BookReader` (the reference's `BookReaderConfig`, same defaults).
public struct BookReaderConfig: Sendable {
    /// The instrument whose book is read.
    public var instrumentId: InstrumentId
    /// Quote mode: join the best bid and ask with small passive orders (false: only read the book).
    public var placeOrders = true
    /// Consider quoting at every this many updates.
    public var orderEveryNUpdates = 5_000
    /// Do not quote before this many updates.
    public var minUpdatesBeforeOrders = 10_000
    /// The quantity of each order (rounded to the instrument's size precision).
    public var tradeSize = Quantity(units: 1)
    /// The strategy id (`NAME-TAG`; the reference's default for the class is `BookReader-000`).
    public var strategyId = StrategyId("BookReader-000")

    /// Creates a configuration with the reference's defaults for the other parameters.
    public init(instrumentId: InstrumentId) {
        self.instrumentId = instrumentId
    }
}

/// What `BookReader` counted (see the file's introduction).
public struct BookReaderCounters: Hashable, Sendable {
    /// Callbacks: one per delta.
    public var updates = 0
    /// Updates with both a best bid and a best ask.
    public var twoSided = 0
    /// Two-sided updates with bid > ask.
    public var crossed = 0
    /// Two-sided updates with bid == ask.
    public var locked = 0
    /// Updates whose best bid differs from the previous update's (a side appearing or vanishing counts).
    public var bidChanges = 0
    /// Updates whose best ask differs from the previous update's.
    public var askChanges = 0
    /// The sum of (ask − bid) in ticks over the two-sided updates that are neither crossed nor locked.
    public var spreadTicksSum = 0

    /// No counts yet.
    public init() {}
}

/// Reads the best bid and ask of an L3 book on every delta and, in quote mode, joins them with one-lot
/// post-only limit orders (see the file's introduction).
public final class BookReader: Strategy {
    /// The strategy's parameters.
    public let settings: BookReaderConfig
    /// The counts so far.
    public private(set) var counters = BookReaderCounters()
    private var instrument: Instrument?
    /// The instrument's tick (price increment), raw.
    private var tickRaw: Int64 = 1
    private var lastBid: Price?
    private var lastAsk: Price?

    /// Creates the strategy; traps unless `orderEveryNUpdates` is positive.
    public init(_ settings: BookReaderConfig) {
        precondition(settings.orderEveryNUpdates > 0, "Invariant: BookReader quotes every n > 0 updates")
        self.settings = settings
        // The reference's `on_stop` cancels the orders itself; the base class is told not to do it again.
        super.init(config: StrategyConfig(strategyId: settings.strategyId, cancelOrdersOnStop: false))
    }

    // 1. On start: find the instrument and subscribe to its L3 deltas (the cache then keeps its book).
    public override func onStart() {
        guard let instrument = cache.instrument(settings.instrumentId) else {
            logger.error("instrument not found", metadata: ["instrumentId": "\(settings.instrumentId)"])
            try? stop()
            return
        }
        self.instrument = instrument
        tickRaw = instrument.spec.priceIncrement.raw
        subscribeBookDeltas(settings.instrumentId, bookType: .l3MBO)
    }

    // 2. On each delta: read the top of the cache's book and count.
    public override func onBookDeltas(_ deltas: OrderBookDeltas) {
        counters.updates += 1
        let (bid, ask) = cache.bestPrices(for: settings.instrumentId)
        if bid != lastBid {
            counters.bidChanges += 1
            lastBid = bid
        }
        if ask != lastAsk {
            counters.askChanges += 1
            lastAsk = ask
        }
        guard let bid, let ask else { return }
        counters.twoSided += 1
        if bid > ask {
            counters.crossed += 1
        } else if bid == ask {
            counters.locked += 1
        } else {
            counters.spreadTicksSum += Int((ask.raw - bid.raw + tickRaw / 2) / tickRaw)
        }
        // 3. Quote mode: join both sides when due, flat on orders and the book is neither crossed nor locked.
        guard settings.placeOrders, counters.updates >= settings.minUpdatesBeforeOrders,
            counters.updates % settings.orderEveryNUpdates == 0, bid < ask
        else { return }
        guard cache.ordersOpenCount(instrumentId: settings.instrumentId, strategyId: strategyId) == 0 else { return }
        join(.buy, at: bid)
        join(.sell, at: ask)
    }

    // 4. A post-only GTC LIMIT order of the trade size at `price`.
    private func join(_ side: OrderSide, at price: Price) {
        guard let instrument else { return }
        do {
            let order = try orderFactory.limit(
                instrumentId: settings.instrumentId, side: side, quantity: instrument.makeQuantity(settings.tradeSize),
                price: price, tsInit: clock.timestampNs, timeInForce: .gtc, postOnly: true)
            submitOrder(order)
        } catch {
            logger.error("cannot build the order", metadata: ["error": "\(error)"])
        }
    }

    // 5. On stop: cancel the strategy's orders.
    public override func onStop() {
        cancelAllOrders(settings.instrumentId)
    }

    public override func onReset() {
        counters = BookReaderCounters()
        lastBid = nil
        lastAsk = nil
    }

    /// The counters, for the run's summary.
    public override var runReport: [(name: String, value: String)] {
        [
            ("updates", "\(counters.updates)"), ("two-sided", "\(counters.twoSided)"), ("crossed", "\(counters.crossed)"),
            ("locked", "\(counters.locked)"), ("best bid changes", "\(counters.bidChanges)"),
            ("best ask changes", "\(counters.askChanges)"), ("spread ticks sum", "\(counters.spreadTicksSum)"),
        ]
    }
}
