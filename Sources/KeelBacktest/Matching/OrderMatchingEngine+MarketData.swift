// Market data: how quotes, trades, bars and book data move the engine's market, each followed by an iteration.
//
// Behaviour matched (engine.pyx @ 1.221.0, `process_quote_tick`, `process_trade_tick`, `process_bar`,
// `_process_quote_ticks_from_bar`, `_process_trade_ticks_from_bar`, `process_order_book_delta(s)/depth10`):
// - Quotes update the book only when it is L1; every datum then iterates at its `tsInit`.
// - An L1 trade sets both sides of the book to its price; the core's last price is set; with trade execution
//   the aggressor moves one side (BUYER: ask, SELLER: bid, pushing the other side if crossed) instead of the
//   book being read.
// - Bar execution (L1 only, external bars only, not monthly): the engine keeps one execution bar type per
//   instrument, the first seen, replaced by a bar type of shorter or equal interval; other bar types are
//   ignored. BID and ASK bars are held until both of one timestamp are there (a BID bar alone does not move the
//   market); then four quotes at the bar time — open, high, low, close (bid from the BID bar, ask from the ASK
//   bar, size max(volume / 4, size increment)) — each update the book and iterate. With adaptive ordering the
//   low comes before the high when the BID bar's low is nearer its open than its high. LAST and MID bars become
//   trades: the open (if it differs from the last price), the high if above the last, the low if below, the
//   close if different, each iterating; one trade id is drawn per bar.
// Data at another precision than the instrument's is corrupt input for a simulation: it traps. A book delta
// the venue's book cannot apply is skipped and counted (`rejectedDeltaCount`), as the reference's book skips it.

import KeelCache
import KeelCore
public import KeelModel

extension OrderMatchingEngine {
    /// Moves the market to `quote` (L1 books) and matches.
    public func process(quote: QuoteTick) {
        checkPrecision(quote.bidPrice, "QuoteTick.bidPrice")
        checkPrecision(quote.askPrice, "QuoteTick.askPrice")
        checkSizePrecision(quote.bidSize, "QuoteTick.bidSize")
        checkSizePrecision(quote.askSize, "QuoteTick.askSize")
        guard config.bookType == .l1MBP else {
            iterate(quote.tsInit)
            return
        }
        let bidSizeRaw = quote.bidSize.raw
        let askSizeRaw = quote.askSize.raw
        setPendingTop(
            bidRaw: quote.bidPrice.raw, bidSizeRaw: bidSizeRaw, askRaw: quote.askPrice.raw, askSizeRaw: askSizeRaw,
            tsEvent: quote.tsEvent)
        // The book's best prices are now the quote's sides that have a size: move the core without reading
        // them back (what `iterate` does for other data).
        if bidSizeRaw > 0 { core.setBid(quote.bidPrice.raw) }
        if askSizeRaw > 0 { core.setAsk(quote.askPrice.raw) }
        matchRestingOrders(quote.tsInit)
    }

    /// Moves the market to `trade` and matches.
    public func process(trade: TradeTick) {
        checkPrecision(trade.price, "TradeTick.price")
        checkSizePrecision(trade.size, "TradeTick.size")
        if config.bookType == .l1MBP {
            updateTop(bid: trade.price.raw, bidSize: trade.size, ask: trade.price.raw, askSize: trade.size, ts: trade.tsEvent)
        }
        let priceRaw = trade.price.raw
        core.setLast(priceRaw)
        var aggressor = AggressorSide.noAggressor
        if config.tradeExecution {
            aggressor = trade.aggressorSide
            switch aggressor {
            case .buyer:
                core.setAsk(priceRaw)
                if priceRaw < core.bidRaw { core.setBid(priceRaw) }
            case .seller:
                core.setBid(priceRaw)
                if priceRaw > core.askRaw { core.setAsk(priceRaw) }
            case .noAggressor:
                if priceRaw <= core.bidRaw { core.setBid(priceRaw) }
                if priceRaw >= core.askRaw { core.setAsk(priceRaw) }
            }
        }
        iterate(trade.tsInit, aggressor: aggressor)
    }

    /// Applies one book delta (L2/L3 books) and matches.
    ///
    /// A delta the book cannot apply (e.g. a side-less fill of an order already gone, which real MBO data
    /// holds) leaves the book as it was and is counted in `rejectedDeltaCount`; the venue matches on, as
    /// the reference's venue book ignores it (its data engine's book does the same).
    public func process(delta: OrderBookDelta) {
        writePendingTop()
        do throws(OrderBookError) { try storedBook.apply(delta) } catch { rejected(delta, error) }
        iterate(delta.tsInit)
    }

    /// Applies a batch of book deltas and matches once; deltas the book cannot apply are skipped and
    /// counted, as in `process(delta:)`.
    public func process(deltas: OrderBookDeltas) {
        writePendingTop()
        for delta in deltas.deltas {
            do throws(OrderBookError) { try storedBook.apply(delta) } catch { rejected(delta, error) }
        }
        iterate(deltas.tsInit)
    }

    /// Counts a delta the book rejected; while the cache shares the book, the data engine reports it.
    @inline(never)
    private func rejected(_ delta: OrderBookDelta, _ error: OrderBookError) {
        rejectedDeltaCount &+= 1
        bookBox.noteRejected(delta, error)
    }

    /// Applies a depth-10 snapshot and matches.
    public func process(depth: OrderBookDepth10) {
        writePendingTop()
        do { try storedBook.apply(depth) } catch { preconditionFailure("Invariant: the venue's book accepts its data (\(error))") }
        iterate(depth.tsInit)
    }

    /// Moves the market along `bar` (bar execution) and matches after each step.
    public func process(bar: Bar) {
        guard config.barExecution, config.bookType == .l1MBP else { return }
        let barType = bar.barType
        guard barType.aggregationSource == .external, barType.spec.aggregation != .month else { return }
        checkPrecision(bar.open, "Bar.open")
        checkPrecision(bar.high, "Bar.high")
        checkPrecision(bar.low, "Bar.low")
        checkPrecision(bar.close, "Bar.close")
        checkSizePrecision(bar.volume, "Bar.volume")

        // A bar type's interval is its spec's timedelta (zero if none): computed, not looked up by bar type (the
        // reference keeps them in a dictionary, whose values are this same function of the key; hashing the
        // bar type three times per bar was ~4% of an S1 run, as BID and ASK bars alternate as the execution type).
        // The current type's interval is kept with it: only the incoming bar's is computed.
        if let current = executionBarType {
            if current != barType {
                let interval = barType.spec.timedelta ?? .zero
                if executionBarInterval >= interval {
                    executionBarType = barType
                    executionBarInterval = interval
                } else {
                    return
                }
            }
        } else {
            executionBarType = barType
            executionBarInterval = barType.spec.timedelta ?? .zero
        }

        switch barType.spec.priceType {
        case .last, .mid:
            processTradesFromBar(bar)
        case .bid:
            lastBidBar = BarSteps(bar)
            processQuotesFromBars()
        case .ask:
            lastAskBar = BarSteps(bar)
            processQuotesFromBars()
        case .mark:
            preconditionFailure("Invariant: bar execution takes BID, ASK, MID or LAST bars (got MARK)")
        }
    }

    // MARK: Bars

    private func processQuotesFromBars() {
        guard let bidBar = lastBidBar, let askBar = lastAskBar, bidBar.tsInit == askBar.tsInit else { return }
        let bidSize = quarterVolume(bidBar.volume)
        let askSize = quarterVolume(askBar.volume)
        let ts = bidBar.tsInit
        let highFirst =
            !config.barAdaptiveHighLowOrdering
            || abs(bidBar.highRaw - bidBar.openRaw) < abs(bidBar.lowRaw - bidBar.openRaw)

        quoteStep(bidBar.openRaw, askBar.openRaw, bidSize, askSize, ts, bidBar.tsEvent)
        onBarOpen?(ts)
        if highFirst {
            quoteStep(bidBar.highRaw, askBar.highRaw, bidSize, askSize, ts, bidBar.tsEvent)
            quoteStep(bidBar.lowRaw, askBar.lowRaw, bidSize, askSize, ts, bidBar.tsEvent)
        } else {
            quoteStep(bidBar.lowRaw, askBar.lowRaw, bidSize, askSize, ts, bidBar.tsEvent)
            quoteStep(bidBar.highRaw, askBar.highRaw, bidSize, askSize, ts, bidBar.tsEvent)
        }
        quoteStep(bidBar.closeRaw, askBar.closeRaw, bidSize, askSize, ts, bidBar.tsEvent)
        lastBidBar = nil
        lastAskBar = nil
    }

    private func quoteStep(_ bid: Int64, _ ask: Int64, _ bidSize: Quantity, _ askSize: Quantity, _ ts: UnixNanos, _ tsEvent: UnixNanos) {
        updateTop(bid: bid, bidSize: bidSize, ask: ask, askSize: askSize, ts: tsEvent)
        iterate(ts)
    }

    private func processTradesFromBar(_ bar: Bar) {
        let size = quarterVolume(bar.volume)
        let ts = bar.tsInit
        executionCount += 1  // The reference draws one trade id per bar for its synthetic trades.
        let highFirst =
            !config.barAdaptiveHighLowOrdering
            || abs(bar.high.raw - bar.open.raw) < abs(bar.low.raw - bar.open.raw)
        if !core.isLastInitialized || bar.open.raw != core.lastRaw {
            tradeStep(bar.open.raw, size, ts)
        }
        onBarOpen?(ts)
        if highFirst {
            if bar.high.raw > core.lastRaw { tradeStep(bar.high.raw, size, ts) }
            if bar.low.raw < core.lastRaw { tradeStep(bar.low.raw, size, ts) }
        } else {
            if bar.low.raw < core.lastRaw { tradeStep(bar.low.raw, size, ts) }
            if bar.high.raw > core.lastRaw { tradeStep(bar.high.raw, size, ts) }
        }
        if bar.close.raw != core.lastRaw { tradeStep(bar.close.raw, size, ts) }
    }

    private func tradeStep(_ priceRaw: Int64, _ size: Quantity, _ ts: UnixNanos) {
        updateTop(bid: priceRaw, bidSize: size, ask: priceRaw, askSize: size, ts: ts)
        iterate(ts)
        core.setLast(priceRaw)
    }

    /// max(volume / 4, size increment), rounded as the reference's `Quantity(f64, precision)`.
    private func quarterVolume(_ volume: Quantity) -> Quantity {
        // Bars of one feed mostly repeat their volume (S1's carry none: every bar has the default one).
        if let last = lastQuarterVolume, last.volume.raw == volume.raw, last.volume.precision == volume.precision {
            return last.size
        }
        let size = computeQuarterVolume(volume)
        lastQuarterVolume = (volume, size)
        return size
    }

    private func computeQuarterVolume(_ volume: Quantity) -> Quantity {
        let value = max(volume.doubleValue / 4.0, spec.sizeIncrement.doubleValue)
        var scale = 1.0
        for _ in 0..<volume.precision { scale *= 10 }
        let units = Int64((value * scale).rounded(.toNearestOrAwayFromZero))
        return Quantity(raw: units * FixedPoint.rawStep(precision: volume.precision), precision: volume.precision)
    }

    // MARK: Helpers

    /// Sets the L1 book's top; every caller has checked the prices and sizes against the instrument's precisions.
    func updateTop(bid: Int64, bidSize: Quantity, ask: Int64, askSize: Quantity, ts: UnixNanos) {
        precondition(
            bidSize.precision == spec.sizePrecision && askSize.precision == spec.sizePrecision,
            "Invariant: the venue's L1 book gets sizes at the instrument's size precision")
        setPendingTop(bidRaw: bid, bidSizeRaw: bidSize.raw, askRaw: ask, askSizeRaw: askSize.raw, tsEvent: ts)
    }

    /// Makes `(bid, ask)` the L1 book's top, deferred: kept in `pendingTop` until the book is read or changed
    /// otherwise (see the design notes in OrderMatchingEngine.swift).
    @inline(__always)
    func setPendingTop(bidRaw: Int64, bidSizeRaw: Int64, askRaw: Int64, askSizeRaw: Int64, tsEvent: UnixNanos) {
        pendingTop = PendingTop(
            bidRaw: bidRaw, bidSizeRaw: bidSizeRaw, askRaw: askRaw, askSizeRaw: askSizeRaw, tsEvent: tsEvent,
            count: pendingTop.count &+ 1)
    }

    private func checkPrecision(_ price: Price, _ field: String) {
        precondition(
            price.precision == spec.pricePrecision,
            "Invariant: market data for \(spec.id) is at its price precision \(spec.pricePrecision) (\(field) \(price) has \(price.precision))")
    }

    private func checkSizePrecision(_ size: Quantity, _ field: String) {
        precondition(
            size.precision == spec.sizePrecision,
            "Invariant: market data for \(spec.id) is at its size precision \(spec.sizePrecision) (\(field) \(size) has \(size.precision))")
    }
}

/// What bar execution reads of a BID or ASK bar while it waits for its pair: its prices, volume and times
/// (the 233-byte `Bar` was copied in and twice out per bar).
struct BarSteps {
    var openRaw: Int64
    var highRaw: Int64
    var lowRaw: Int64
    var closeRaw: Int64
    var volume: Quantity
    var tsEvent: UnixNanos
    var tsInit: UnixNanos

    init(_ bar: borrowing Bar) {
        openRaw = bar.open.raw
        highRaw = bar.high.raw
        lowRaw = bar.low.raw
        closeRaw = bar.close.raw
        volume = bar.volume
        tsEvent = bar.tsEvent
        tsInit = bar.tsInit
    }
}
