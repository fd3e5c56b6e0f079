// Replays the real ES MBO file of scenario S3 through an L3 book and checks NautilusTrader's
// reference numbers (../shared/reference/nautilus/RESULTS.md, "S3 final book"). The records are read
// by KeelTestKit's `MBOFixture`, a test helper for this one file, not the DBN decoder.

import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct OrderBookReplayTests {
    @Test(.enabled(if: MBOFixture.available, "the ES MBO data file is not on this machine"))
    func esMBOReplayMatchesNautilusTrader() throws {
        let deltas = try MBOFixture.deltas()
        #expect(deltas.count == 65_819)
        var book = OrderBook(instrumentId: InstrumentId("ESH4.GLBX"), bookType: .l3MBO, expectedOrders: 16_384)
        var skipped = 0
        var twoSided = 0, crossed = 0, locked = 0, bidChanges = 0, askChanges = 0
        var lastBid: Price?, lastAsk: Price?
        for (k, delta) in deltas.enumerated() {
            do {
                try book.apply(delta)
            } catch {
                // A side-less fill for an order the book no longer holds: NautilusTrader skips it too.
                #expect(error.code == .unknownOrderId && delta.order.side == .noOrderSide, "\(error)")
                skipped += 1
            }
            // The strategy of the reference reads the book after every delta.
            let bid = book.bestBidPrice, ask = book.bestAskPrice
            if bid != lastBid { bidChanges += 1; lastBid = bid }
            if ask != lastAsk { askChanges += 1; lastAsk = ask }
            if bid != nil && ask != nil {
                twoSided += 1
                if book.isCrossed { crossed += 1 } else if book.isLocked { locked += 1 }
            }
            if k % 5_000 == 0 { book.checkInvariants() }
        }
        book.checkInvariants()
        #expect(skipped == 7)
        #expect(book.updateCount == 65_812)
        #expect(book.lastSequence == 59_585)
        #expect(book.tsLast == UnixNanos(1_703_548_799_446_821_072))
        #expect(book.bestBidPrice == (try Price("4810.00")))
        #expect(book.bestAskPrice == (try Price("4810.25")))
        #expect(book.bidLevelCount == 922 && book.askLevelCount == 565)
        #expect(book.bids().reduce(0) { $0 + $1.orderCount } == 6_935)
        #expect(book.asks().reduce(0) { $0 + $1.orderCount } == 4_282)
        #expect(book.bids().reduce(Int64(0)) { $0 + $1.size.raw } == 22_050 * 1_000_000_000)
        #expect(book.asks().reduce(Int64(0)) { $0 + $1.size.raw } == 20_110 * 1_000_000_000)
        #expect(
            BookFixture.summary(book.bids(depth: 5)) == [
                "4810.00x22/22", "4809.75x47/22", "4809.50x50/23", "4809.25x60/30", "4809.00x85/33",
            ])
        #expect(
            BookFixture.summary(book.asks(depth: 5)) == [
                "4810.25x28/18", "4810.50x40/27", "4810.75x41/24", "4811.00x60/29", "4811.25x65/36",
            ])
        // NautilusTrader's best_bid_size is the first order's size at the best level (1 here).
        #expect(
            book.orders(side: .buy, price: try Price("4810.00")).first?.size
                == Quantity(raw: 1_000_000_000, precision: 0))
        #expect(twoSided == 60_627 && crossed == 956 && locked == 636)
        #expect(bidChanges == 1_090 && askChanges == 940)
    }
}
