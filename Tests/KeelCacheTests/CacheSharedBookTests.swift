import KeelCache
import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// A simulated venue's book shared with the cache: used only when it is of the subscribed kind and untouched,
/// never applied twice, its rejections reported once, and read-only for everyone but the venue.
@Suite struct CacheSharedBookTests {
    typealias F = CacheFixtures

    static func delta(_ action: BookAction, _ side: OrderSide, _ px: String, id: UInt64, seq: UInt64) -> OrderBookDelta {
        OrderBookDelta(
            instrumentId: F.eurusd.id, action: action,
            order: BookOrder(side: side, price: F.px(px), size: Quantity(units: 1_000), orderId: id),
            flags: 0, sequence: seq, tsEvent: F.at(seq), tsInit: F.at(seq))
    }

    @Test func anUntouchedVenueBookOfTheSubscribedKindIsShared() throws {
        let cache = Cache()
        let venue = CachedBook(OrderBook(instrumentId: F.eurusd.id, bookType: .l3MBO))
        cache.offer(venueBook: venue)
        #expect(!cache.hasBook(for: F.eurusd.id), "an offer alone is no subscription")
        cache.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l3MBO))
        #expect(cache.isSharedVenueBook(for: F.eurusd.id))

        // The venue applies; the data engine's apply only reports what the venue rejected, once.
        let good = Self.delta(.add, .buy, "1.10000", id: 1, seq: 1)
        let bad = Self.delta(.update, .sell, "1.10020", id: 99, seq: 2)
        try venue.book.apply(good)
        do throws(OrderBookError) { try venue.book.apply(bad) } catch { venue.noteRejected(bad, error) }
        var reported: [UInt64] = []
        #expect(cache.applyToBook(OrderBookDeltas(instrumentId: F.eurusd.id, deltas: [good, bad])) { d, _ in reported.append(d.order.orderId) })
        #expect(reported == [99])
        #expect(venue.book.updateCount == 1, "not applied a second time")
        #expect(cache.bestPrices(for: F.eurusd.id).bid == F.px("1.10000"))
        reported.removeAll()
        cache.applyToBook(OrderBookDeltas(instrumentId: F.eurusd.id, deltas: [good])) { d, _ in reported.append(d.order.orderId) }
        #expect(reported.isEmpty)

        // A reset ends the sharing: the venue's rejections are no longer kept for anyone.
        cache.reset()
        #expect(!cache.hasBook(for: F.eurusd.id))
        do throws(OrderBookError) { try venue.book.apply(bad) } catch { venue.noteRejected(bad, error) }
        #expect(!venue.appliedUpstream)
    }

    @Test func anotherKindOrAVenueBookInUseGetsABookOfItsOwn() throws {
        let cache = Cache()
        let venue = CachedBook(OrderBook(instrumentId: F.eurusd.id, bookType: .l3MBO))
        cache.offer(venueBook: venue)
        cache.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l2MBP))
        #expect(!cache.isSharedVenueBook(for: F.eurusd.id), "an L2 subscription does not get the venue's L3 book")

        let top = Cache()  // an L1 venue book moves from quotes, not from the deltas the data engine sees
        top.offer(venueBook: CachedBook(OrderBook(instrumentId: F.eurusd.id, bookType: .l1MBP)))
        top.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l1MBP))
        #expect(!top.isSharedVenueBook(for: F.eurusd.id))

        let late = Cache()
        late.offer(venueBook: venue)
        try venue.book.apply(Self.delta(.add, .buy, "1.10000", id: 1, seq: 1))
        late.add(book: OrderBook(instrumentId: F.eurusd.id, bookType: .l3MBO))
        #expect(!late.isSharedVenueBook(for: F.eurusd.id), "a subscription after data starts from an empty book, as before")
        #expect(late.bestPrices(for: F.eurusd.id).bid == nil)
    }

    @Test func theSharedBookCannotBeChangedThroughTheCache() async {
        await #expect(processExitsWith: .failure) {
            let cache = Cache()
            cache.offer(venueBook: CachedBook(OrderBook(instrumentId: CacheFixtures.eurusd.id, bookType: .l3MBO)))
            cache.add(book: OrderBook(instrumentId: CacheFixtures.eurusd.id, bookType: .l3MBO))
            _ = cache.withBook(for: CacheFixtures.eurusd.id) { $0.updateCount }
        }
    }
}
