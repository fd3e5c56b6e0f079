// Replays the real ES MBO file of scenario S3 through an L3 book and checks NautilusTrader's
// reference numbers (../shared/reference/nautilus/RESULTS.md, "S3 final book"). The record reader
// below is a test helper for this one file (uncompressed DBN v1, MBO records), not the DBN decoder.

import Foundation
import KeelCore
import KeelModel
import KeelTestKit
import Testing

enum MBOFixture {
    static let relativePath = "data/databento/uncompressed/esh4-glbx-mdp3-20231225.mbo.dbn"
    static let path = SharedData.path(relativePath)
    /// True if the file is there; under CI a missing file is a failure, not a reason to skip.
    static var available: Bool { SharedData.exists(relativePath) || SharedData.isCI }

    /// The file's records as deltas with NautilusTrader's mapping: A → ADD, C → DELETE, M/F → UPDATE,
    /// R → CLEAR, T skipped; side B → buy, A → sell, other → none; tsEvent = ts_recv.
    static func deltas() throws -> [OrderBookDelta] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        let id = InstrumentId("ESH4.GLBX")
        var result: [OrderBookDelta] = []
        var offset = 206
        while offset < bytes.count {
            let length = Int(bytes[offset]) * 4
            defer { offset += length }
            let action: BookAction
            switch bytes[offset + 38] {
            case UInt8(ascii: "A"): action = .add
            case UInt8(ascii: "C"): action = .delete
            case UInt8(ascii: "M"), UInt8(ascii: "F"): action = .update
            case UInt8(ascii: "R"): action = .clear
            default: continue
            }
            let side: OrderSide =
                switch bytes[offset + 39] {
                case UInt8(ascii: "B"): .buy
                case UInt8(ascii: "A"): .sell
                default: .noOrderSide
                }
            let order = BookOrder(
                side: side, price: Price(raw: Int64(bitPattern: u64(offset + 24)), precision: 2),
                size: Quantity(raw: Int64(u32(offset + 32)) * 1_000_000_000, precision: 0), orderId: u64(offset + 16))
            let ts = UnixNanos(u64(offset + 40))
            result.append(
                try OrderBookDelta.validated(
                    instrumentId: id, action: action, order: order, flags: bytes[offset + 36],
                    sequence: UInt64(u32(offset + 52)),
                    tsEvent: ts, tsInit: ts))
        }
        return result
    }
}

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
