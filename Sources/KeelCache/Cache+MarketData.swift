// Market data in the cache: bounded quote, trade, bar and custom data histories (newest first, as
// NautilusTrader's `quote_tick(instrument_id, index)`), order books, mark and index prices.
//
// The data engine writes the cache before it publishes, so a handler reading the cache sees the value it was
// handed. `add(quote:)` is on that hot path: a comparison with the last instrument's id (a hash lookup on a
// change of instrument) and a push into a ring allocated at full capacity, so it allocates only for an
// instrument's first quote. The data engine, which has compared the id already to choose its route, adds
// through the route's `QuoteHistoryHandle` instead (`add(quote:through:)`): a reference comparison and the
// push inlined (the id comparison and the call of the push were ~25 of 64 instructions per S2 quote).

import KeelCore
public import KeelModel

extension Cache {
    // MARK: Quotes

    /// Adds `quote` as the newest quote of its instrument, dropping the oldest beyond `config.tickCapacity`.
    ///
    /// - Complexity: O(1); allocation free after the instrument's first quote.
    public func add(quote: QuoteTick) {
        if let memo = quoteHistories.memo, quoteHistories.memoId == quote.instrumentId {
            memo._withUnsafeGuaranteedRef { $0.push(quote) }
        } else {
            addToNewHistory(quote)
        }
    }

    /// Adds `quote` as `add(quote:)` does, through `handle`: the data engine keeps one per instrument (in its
    /// route, chosen by the quote's instrument id), so while the handle's history is the cache's current one
    /// the push compares two references instead of two instrument ids, and is inlined here.
    ///
    /// - Complexity: O(1); allocation free after the instrument's first quote.
    package func add(quote: QuoteTick, through handle: inout QuoteHistoryHandle) {
        // The handle holds its history, so the history's address is not another's while they compare equal;
        // and the current history is the one of the last quote added, which the handle's instrument was.
        if let memo = quoteHistories.memo, let history = handle.history, memo.toOpaque() == Unmanaged.passUnretained(history).toOpaque() {
            history.push(quote)
        } else {
            addRefreshing(quote, &handle)
        }
    }

    /// `add(quote:through:)` when the handle's history is not the current one: adds the quote and points the
    /// handle at its instrument's history.
    @inline(never)
    private func addRefreshing(_ quote: QuoteTick, _ handle: inout QuoteHistoryHandle) {
        add(quote: quote)
        handle.history = quoteHistories.memo?.takeUnretainedValue()
    }

    /// `add(quote:)` on a change of instrument, out of line: inlined, the lookup and its copy of the quote made
    /// the common case's frame larger (3 instructions per S2 quote).
    @inline(never)
    private func addToNewHistory(_ quote: QuoteTick) {
        quoteHistories.history(quote.instrumentId, capacity: config.tickCapacity).push(quote)
    }

    /// The quote `index` steps back from the newest of `instrumentId` (0 is the newest), or nil.
    ///
    /// - Complexity: O(1).
    public func quote(for instrumentId: InstrumentId, index: Int = 0) -> QuoteTick? {
        quoteHistories.element(instrumentId, at: index)
    }

    /// The quotes of `instrumentId`, newest first.
    ///
    /// - Complexity: O(n) for n quotes held.
    public func quotes(for instrumentId: InstrumentId) -> [QuoteTick] { quoteHistories.byInstrument[instrumentId]?.newestFirst ?? [] }

    /// The number of quotes held for `instrumentId`.
    ///
    /// - Complexity: O(1).
    public func quoteCount(for instrumentId: InstrumentId) -> Int { quoteHistories.byInstrument[instrumentId]?.count ?? 0 }

    /// True if at least one quote of `instrumentId` is held.
    public func hasQuotes(for instrumentId: InstrumentId) -> Bool { quoteCount(for: instrumentId) > 0 }

    // MARK: Trades

    /// Adds `trade` as the newest trade of its instrument, dropping the oldest beyond `config.tickCapacity`.
    ///
    /// - Complexity: O(1); allocation free after the instrument's first trade.
    public func add(trade: TradeTick) {
        if let memo = tradeHistories.memo, tradeHistories.memoId == trade.instrumentId {
            memo._withUnsafeGuaranteedRef { $0.push(trade) }
        } else {
            tradeHistories.history(trade.instrumentId, capacity: config.tickCapacity).push(trade)
        }
    }

    /// The trade `index` steps back from the newest of `instrumentId` (0 is the newest), or nil.
    ///
    /// - Complexity: O(1).
    public func trade(for instrumentId: InstrumentId, index: Int = 0) -> TradeTick? {
        tradeHistories.element(instrumentId, at: index)
    }

    /// The trades of `instrumentId`, newest first.
    ///
    /// - Complexity: O(n) for n trades held.
    public func trades(for instrumentId: InstrumentId) -> [TradeTick] { tradeHistories.byInstrument[instrumentId]?.newestFirst ?? [] }

    /// The number of trades held for `instrumentId`.
    ///
    /// - Complexity: O(1).
    public func tradeCount(for instrumentId: InstrumentId) -> Int { tradeHistories.byInstrument[instrumentId]?.count ?? 0 }

    /// True if at least one trade of `instrumentId` is held.
    public func hasTrades(for instrumentId: InstrumentId) -> Bool { tradeCount(for: instrumentId) > 0 }

    // MARK: Bars

    /// Adds `bar` as the newest bar of its bar type, dropping the oldest beyond `config.barCapacity`.
    ///
    /// - Complexity: O(1); allocation free after the bar type's first bar.
    public func add(bar: Bar) {
        if let history = barHistories[bar.barType] {
            history.push(bar)
        } else {
            let history = BoundedHistory<Bar>(capacity: config.barCapacity)
            history.push(bar)
            barHistories[bar.barType] = history
        }
    }

    /// Adds `bar` as `add(bar:)` does, through `handle`, the data engine's for `bar.barType`: while the cache
    /// holds the handle's history (the handle is not its only owner: a reset drops the cache's), the push
    /// skips the lookup by bar type.
    ///
    /// - Complexity: O(1); allocation free after the bar type's first bar.
    package func add(bar: Bar, through handle: inout BarHistoryHandle) {
        if handle.history != nil && !isKnownUniquelyReferenced(&handle.history) {
            handle.history.unsafelyUnwrapped.push(bar)
        } else {
            addRefreshing(bar, &handle)
        }
    }

    /// `add(bar:through:)` when the handle holds no history the cache holds: adds the bar and points the handle
    /// at its bar type's history.
    @inline(never)
    private func addRefreshing(_ bar: Bar, _ handle: inout BarHistoryHandle) {
        add(bar: bar)
        handle.history = barHistories[bar.barType]
    }

    /// The bar `index` steps back from the newest of `barType` (0 is the newest), or nil.
    ///
    /// - Complexity: O(1).
    public func bar(for barType: BarType, index: Int = 0) -> Bar? { barHistories[barType]?.at(index) }

    /// The bars of `barType`, newest first.
    ///
    /// - Complexity: O(n) for n bars held.
    public func bars(for barType: BarType) -> [Bar] { barHistories[barType]?.newestFirst ?? [] }

    /// The number of bars held for `barType`.
    ///
    /// - Complexity: O(1).
    public func barCount(for barType: BarType) -> Int { barHistories[barType]?.count ?? 0 }

    /// True if at least one bar of `barType` is held.
    public func hasBars(for barType: BarType) -> Bool { barCount(for: barType) > 0 }

    /// The bar types with bars held, sorted by their text form.
    ///
    /// - Complexity: O(t log t) for t bar types.
    public var barTypes: [BarType] { barHistories.keys.sorted { $0.description < $1.description } }

    // MARK: Custom data

    /// Adds `data` as the newest value of its data type, dropping the oldest beyond `config.tickCapacity`.
    ///
    /// - Complexity: O(1) amortized.
    public func add(customData data: CustomData) {
        if let history = customHistories[data.dataType] {
            history.push(data)
        } else {
            let history = BoundedHistory<CustomData>(capacity: config.tickCapacity)
            history.push(data)
            customHistories[data.dataType] = history
        }
    }

    /// The values of `dataType`, newest first.
    ///
    /// - Complexity: O(n) for n values held.
    public func customData(for dataType: DataType) -> [CustomData] { customHistories[dataType]?.newestFirst ?? [] }

    // MARK: Order books

    /// Adds `book`, replacing the book of its instrument if any.
    ///
    /// When a simulated venue offered its book of the instrument (`offer(venueBook:)`) and that book is an L2 or
    /// L3 book of the same kind and still untouched, the cache keeps the venue's book instead: the venue applies each datum
    /// before the data engine sees it, so both books would always be equal, and applying every delta twice
    /// was a fifth of an L3 backtest's work. `applyToBook` then only reports the deltas the venue's book
    /// rejected.
    public func add(book: OrderBook) {
        bookMemo = nil
        if book.bookType != .l1MBP, let shared = venueBooks[book.instrumentId], shared.book.bookType == book.bookType,
            shared.book.rejectsSequenceRegression == book.rejectsSequenceRegression, shared.book.updateCount == 0,
            shared.book.orderCount == 0
        {
            shared.appliedUpstream = true
            booksById[book.instrumentId] = shared
            return
        }
        booksById[book.instrumentId] = CachedBook(book)
    }

    /// Offers a simulated venue's book of an instrument to be shared (see `add(book:)`): a backtest calls it
    /// once per instrument, and the venue applies its data to `book` in place and, while the book is shared,
    /// records what it rejects (`CachedBook.noteRejected`). Replaces an earlier offer for the instrument.
    package func offer(venueBook book: CachedBook) {
        venueBooks[book.book.instrumentId] = book
    }

    /// Forgets the books (a reset): shared venue books stop recording rejections until shared again.
    func resetBooks() {
        for cached in booksById.values where cached.appliedUpstream {
            cached.appliedUpstream = false
            cached.rejections.removeAll()
        }
        bookMemo = nil
        booksById.removeAll()
    }

    /// The book of `instrumentId` (unretained: `booksById` holds it), remembering the last one (a stream of
    /// one instrument then compares ids instead of hashing them).
    @inline(__always)
    private func cachedBook(_ instrumentId: InstrumentId) -> Unmanaged<CachedBook>? {
        if let memo = bookMemo, bookMemoId == instrumentId { return memo }
        guard let cached = booksById[instrumentId] else { return nil }
        bookMemoId = instrumentId
        bookMemo = Unmanaged.passUnretained(cached)
        return bookMemo
    }

    /// A copy of the order book of `instrumentId`, or nil.
    ///
    /// - Complexity: O(1) (the copy shares storage until either side changes).
    public func book(for instrumentId: InstrumentId) -> OrderBook? {
        cachedBook(instrumentId)?._withUnsafeGuaranteedRef { $0.book }
    }

    /// True if the cache holds a book for `instrumentId`.
    public func hasBook(for instrumentId: InstrumentId) -> Bool { cachedBook(instrumentId) != nil }

    /// Runs `body` on the book of `instrumentId` in place (no copy), for the data engine to apply deltas;
    /// returns its result, or nil if the cache holds no book for the instrument. Traps for a venue's shared
    /// book (`isSharedVenueBook(for:)`), which only its venue changes.
    ///
    /// - Throws: Whatever `body` throws (e.g. `OrderBookError`); changes made before it threw remain.
    public func withBook<Result, Failure: Error>(
        for instrumentId: InstrumentId, _ body: (inout OrderBook) throws(Failure) -> Result
    ) throws(Failure) -> Result? {
        guard let cached = cachedBook(instrumentId)?.takeUnretainedValue() else { return nil }
        precondition(!cached.appliedUpstream, "Invariant: the venue's shared book of \(instrumentId) is changed only by its venue")
        return try body(&cached.book)
    }

    /// True if the cache's book of `instrumentId` is a simulated venue's, shared (see `add(book:)`): the venue
    /// has applied the data already.
    public func isSharedVenueBook(for instrumentId: InstrumentId) -> Bool {
        cachedBook(instrumentId)?._withUnsafeGuaranteedRef { $0.appliedUpstream } ?? false
    }

    /// Applies `deltas` in order to the book of their instrument, in place. A delta the book rejects leaves
    /// it as it was and the batch goes on (as the reference's book skips it); `rejected` hears each one.
    ///
    /// - Returns: false if the cache holds no book for the instrument.
    /// - Complexity: The sum of the deltas' costs (`OrderBook.apply(_:)`).
    @discardableResult
    public func applyToBook(_ deltas: OrderBookDeltas, rejected: (OrderBookDelta, OrderBookError) -> Void) -> Bool {
        guard let cached = cachedBook(deltas.instrumentId) else { return false }
        cached._withUnsafeGuaranteedRef { cached in
            if cached.appliedUpstream {  // the venue's book, which applied the deltas already
                if !cached.rejections.isEmpty {
                    for (delta, error) in cached.rejections { rejected(delta, error) }
                    cached.rejections.removeAll(keepingCapacity: true)
                }
                return
            }
            // Each delta is passed from the batch's storage, not copied out of it first.
            deltas.deltas.withUnsafeBufferPointer { batch in
                for index in batch.indices {
                    do throws(OrderBookError) { try cached.book.apply(batch[index]) } catch { rejected(batch[index], error) }
                }
            }
        }
        return true
    }

    /// The best bid and ask prices of the book of `instrumentId`, read in place (no copy of the book);
    /// nil for an empty side or when the cache holds no book for the instrument.
    ///
    /// - Complexity: O(1).
    public func bestPrices(for instrumentId: InstrumentId) -> (bid: Price?, ask: Price?) {
        guard let cached = cachedBook(instrumentId) else { return (nil, nil) }
        // In place through the box's stored property: a plain read, or a getter on the book, would copy it.
        return cached._withUnsafeGuaranteedRef { $0.book.bestPricesInPlace() }
    }

    /// The instruments with a book, sorted by id.
    ///
    /// - Complexity: O(b log b) for b books.
    public var bookInstrumentIds: [InstrumentId] { booksById.keys.sorted() }

    // MARK: Mark and index prices

    /// Keeps `update` as the latest mark price of its instrument.
    public func add(markPrice update: MarkPriceUpdate) { markPrices[update.instrumentId] = update }

    /// The latest mark price update of `instrumentId`, or nil.
    public func markPrice(for instrumentId: InstrumentId) -> MarkPriceUpdate? { markPrices[instrumentId] }

    /// Keeps `update` as the latest index price of its instrument.
    public func add(indexPrice update: IndexPriceUpdate) { indexPrices[update.instrumentId] = update }

    /// The latest index price update of `instrumentId`, or nil.
    public func indexPrice(for instrumentId: InstrumentId) -> IndexPriceUpdate? { indexPrices[instrumentId] }

    // MARK: Prices

    /// The latest price of `instrumentId` of `priceType`: bid, ask or mid from the latest quote, last from
    /// the latest trade, mark from the latest mark price; nil if the cache has none.
    ///
    /// - Complexity: O(1).
    public func price(instrumentId: InstrumentId, priceType: PriceType) -> Price? {
        switch priceType {
        case .bid, .ask, .mid: quote(for: instrumentId).map { $0.price(priceType) }
        case .last: trade(for: instrumentId)?.price
        case .mark: markPrices[instrumentId]?.value
        }
    }
}

/// The quote history of one instrument as the data engine's route holds it (`Cache.add(quote:through:)`).
///
/// It keeps the history alive (a cache reset leaves the handle a history the cache no longer uses, which the
/// next quote replaces).
package struct QuoteHistoryHandle {
    var history: BoundedHistory<QuoteTick>?

    /// A handle on no history yet.
    package init() {}
}

/// The bar history of one bar type as the data engine holds it (`Cache.add(bar:through:)`).
package struct BarHistoryHandle {
    var history: BoundedHistory<Bar>?

    /// A handle on no history yet.
    package init() {}
}

/// An order book held by the cache, boxed so that the data engine's deltas and strategies' reads reach it in
/// place through a remembered reference: through a dictionary slot each access paid a uniqueness check and
/// the slot's bookkeeping. In a backtest the box may be a simulated venue's book, shared (`Cache.add(book:)`).
package final class CachedBook {
    // Unchecked: each access is one call on the book that calls out to nothing but `rejected` (which only
    // reports), so no access can overlap another.
    @exclusivity(unchecked) package var book: OrderBook
    /// True while the cache uses this book as the venue's shared book: the venue applies the data, and the
    /// data engine only reports what it rejected.
    package internal(set) var appliedUpstream = false
    /// The deltas the venue's book rejected since the data engine last looked, while shared.
    var rejections: [(OrderBookDelta, OrderBookError)] = []

    package init(_ book: OrderBook) { self.book = book }

    /// Records a delta the venue's book rejected, for the data engine to report (only while shared).
    @inline(__always)
    package func noteRejected(_ delta: OrderBookDelta, _ error: OrderBookError) {
        if appliedUpstream { rejections.append((delta, error)) }
    }
}
