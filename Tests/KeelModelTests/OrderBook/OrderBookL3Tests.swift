import KeelCore
import KeelModel
import Testing

@Suite struct OrderBookL3Tests {
    typealias F = BookFixture

    static func sample() -> OrderBook {
        F.book(
            .l3MBO,
            [
                F.delta(.add, .buy, "100.00", 5, id: 1, sequence: 1),
                F.delta(.add, .buy, "100.00", 3, id: 2, sequence: 2),
                F.delta(.add, .buy, "99.75", 7, id: 3, sequence: 3),
                F.delta(.add, .sell, "100.25", 4, id: 4, sequence: 4),
                F.delta(.add, .sell, "100.25", 1, id: 5, sequence: 5),
                F.delta(.add, .sell, "100.50", 6, id: 6, sequence: 6),
            ])
    }

    func ids(_ book: OrderBook, _ side: OrderSide, _ price: String) -> [UInt64] {
        book.orders(side: side, price: F.price(price)).map(\.orderId)
    }

    @Test func levelsAggregateOrdersInArrivalOrder() {
        let book = Self.sample()
        #expect(F.summary(book.bids()) == ["100.00x8/2", "99.75x7/1"])
        #expect(F.summary(book.asks()) == ["100.25x5/2", "100.50x6/1"])
        #expect(ids(book, .buy, "100.00") == [1, 2])
        #expect(book.bestBidSize == F.qty(8))
        #expect(book.orderCount == 6)
        #expect(book.order(id: 3) == BookOrder(side: .buy, price: F.price("99.75"), size: F.qty(7), orderId: 3))
        #expect(book.order(id: 99) == nil)
    }

    @Test(arguments: [Int64(1), 5, 9])
    func updateAtTheSamePriceKeepsQueuePosition(newSize: Int64) throws {
        var book = Self.sample()
        try book.apply(F.delta(.update, .buy, "100.00", newSize, id: 1))
        #expect(ids(book, .buy, "100.00") == [1, 2])
        #expect(book.order(id: 1)?.size == F.qty(newSize))
        #expect(book.size(at: F.price("100.00"), side: .buy) == F.qty(newSize + 3))
        book.checkInvariants()
    }

    @Test func updateAtAnotherPriceMovesToTheBackOfTheNewLevel() throws {
        var book = Self.sample()
        try book.apply(F.delta(.update, .buy, "99.75", 2, id: 1))
        #expect(ids(book, .buy, "100.00") == [2])
        #expect(ids(book, .buy, "99.75") == [3, 1])
        #expect(F.summary(book.bids()) == ["100.00x3/1", "99.75x9/2"])
        // Moving the last order of a level removes the level.
        try book.apply(F.delta(.update, .sell, "100.75", 6, id: 6))
        #expect(F.summary(book.asks()) == ["100.25x5/2", "100.75x6/1"])
        book.checkInvariants()
    }

    @Test func updateToZeroAndDeleteRemoveTheOrder() throws {
        var book = Self.sample()
        try book.apply(F.delta(.update, .buy, "100.00", 0, id: 1))
        #expect(ids(book, .buy, "100.00") == [2])
        // DELETE removes the whole order whatever size it carries (NautilusTrader's semantics).
        try book.apply(F.delta(.delete, .sell, "100.25", 1, id: 4))
        #expect(ids(book, .sell, "100.25") == [5])
        try book.apply(F.delta(.delete, .sell, "100.25", 1, id: 5))
        #expect(book.bestAskPrice == F.price("100.50"))
        #expect(book.order(id: 4) == nil)
        book.checkInvariants()
    }

    @Test func sidelessUpdateAndDeleteTakeTheOrdersSide() throws {
        var book = Self.sample()
        try book.apply(F.delta(.update, .noOrderSide, "100.25", 2, id: 4))
        #expect(book.order(id: 4) == BookOrder(side: .sell, price: F.price("100.25"), size: F.qty(2), orderId: 4))
        try book.apply(F.delta(.delete, .noOrderSide, "100.00", 0, id: 2))
        #expect(ids(book, .buy, "100.00") == [1])
        book.checkInvariants()
    }

    @Test(arguments: [
        (BookAction.update, OrderSide.buy, UInt64(99), OrderBookError.Code.unknownOrderId),
        (BookAction.delete, OrderSide.sell, UInt64(99), OrderBookError.Code.unknownOrderId),
        (BookAction.update, OrderSide.noOrderSide, UInt64(99), OrderBookError.Code.unknownOrderId),
        (BookAction.add, OrderSide.buy, UInt64(3), OrderBookError.Code.duplicateOrderId),
        (BookAction.update, OrderSide.sell, UInt64(1), OrderBookError.Code.sideMismatch),
        (BookAction.delete, OrderSide.buy, UInt64(4), OrderBookError.Code.sideMismatch),
    ])
    func invalidDeltasAreRejectedAndLeaveTheBookUnchanged(
        action: BookAction, side: OrderSide, id: UInt64, code: OrderBookError.Code
    ) {
        var book = Self.sample()
        let before = book
        #expect {
            try book.apply(F.delta(action, side, "100.00", 1, id: id, sequence: 42))
        } throws: { error in
            guard let e = error as? OrderBookError else { return false }
            return e.code == code && e.sequence == 42 && e.message.contains("order id \(id)")
        }
        #expect(book == before)
        #expect(book.updateCount == 6)
        book.checkInvariants()
    }

    @Test func fillsAreOnePerRestingOrderInQueueOrder() {
        let book = Self.sample()
        #expect(
            book.simulateFills(side: .buy, quantity: F.qty(6)) == [
                BookFill(price: F.price("100.25"), size: F.qty(4)),
                BookFill(price: F.price("100.25"), size: F.qty(1)),
                BookFill(price: F.price("100.50"), size: F.qty(1)),
            ])
        #expect(
            book.simulateFills(side: .sell, price: F.price("100.00"), quantity: F.qty(20)).map(\.size) == [
                F.qty(5), F.qty(3),
            ])
        #expect(book.worstPrice(toFill: F.qty(9), side: .sell) == F.price("99.75"))
    }

    @Test func batchesApplyInOrderAndStopAtTheFirstRejection() throws {
        var book = Self.sample()
        let good = F.delta(.add, .buy, "99.50", 1, id: 10, sequence: 7)
        let bad = F.delta(.delete, .buy, "99.50", 1, id: 11, sequence: 8)
        let never = F.delta(.add, .buy, "99.25", 1, id: 12, sequence: 9)
        #expect(throws: OrderBookError.self) {
            try book.apply(OrderBookDeltas(instrumentId: F.instrument, deltas: [good, bad, never]))
        }
        #expect(book.order(id: 10) != nil && book.order(id: 12) == nil)
        #expect(book.lastSequence == 7)
        try book.apply(OrderBookDeltas(instrumentId: F.instrument, deltas: [never]))
        #expect(book.updateCount == 8)
        book.checkInvariants()
    }

    @Test func depthSnapshotAddsOneOrderPerLevel() throws {
        var book = Self.sample()
        let counts = [UInt32](repeating: 1, count: 10)
        let bids =
            [BookOrder(side: .buy, price: F.price("50.00"), size: F.qty(2), orderId: 100)]
            + Array(repeating: BookOrder.empty, count: 9)
        let asks =
            [BookOrder(side: .sell, price: F.price("51.00"), size: F.qty(3), orderId: 101)]
            + Array(repeating: BookOrder.empty, count: 9)
        try book.apply(
            OrderBookDepth10(
                instrumentId: F.instrument, bids: bids, asks: asks, bidCounts: counts, askCounts: counts,
                tsEvent: .zero, tsInit: .zero))
        #expect(F.summary(book.bids()) == ["50.00x2/1"] && F.summary(book.asks()) == ["51.00x3/1"])
        #expect(book.order(id: 1) == nil && book.order(id: 100) != nil)
        book.checkInvariants()
        // Duplicate ids are rejected and leave the book unchanged.
        let dup =
            [BookOrder(side: .sell, price: F.price("51.00"), size: F.qty(3), orderId: 100)]
            + Array(repeating: BookOrder.empty, count: 9)
        let before = book
        #expect(throws: OrderBookError.self) {
            try book.apply(
                OrderBookDepth10(
                    instrumentId: F.instrument, bids: bids, asks: dup, bidCounts: counts, askCounts: counts,
                    tsEvent: .zero, tsInit: .zero))
        }
        #expect(book == before)
    }

    @Test func resetReturnsToAnEmptyBook() throws {
        var book = Self.sample()
        book.reset()
        #expect(book == OrderBook(instrumentId: F.instrument, bookType: .l3MBO))
        try book.apply(F.delta(.add, .buy, "1.5", 1, id: 1))  // a new precision is learned after reset
        book.checkInvariants()
    }
}
