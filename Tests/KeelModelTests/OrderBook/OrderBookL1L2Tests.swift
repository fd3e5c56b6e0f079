import KeelCore
import KeelModel
import Testing

@Suite struct OrderBookL2Tests {
    typealias F = BookFixture

    static func sample() -> OrderBook {
        F.book(
            .l2MBP,
            [
                F.delta(.add, .buy, "100.00", 5, sequence: 1, ts: 1),
                F.delta(.add, .buy, "99.75", 7, sequence: 2, ts: 2),
                F.delta(.add, .buy, "99.50", 9, sequence: 3, ts: 3),
                F.delta(.add, .sell, "100.25", 4, sequence: 4, ts: 4),
                F.delta(.add, .sell, "100.50", 6, sequence: 5, ts: 5),
            ])
    }

    @Test func bestPricesSizesSpreadAndMidpoint() {
        let book = Self.sample()
        #expect(book.bestBidPrice == F.price("100.00"))
        #expect(book.bestAskPrice == F.price("100.25"))
        #expect(book.bestBidSize == F.qty(5))
        #expect(book.bestAskSize == F.qty(4))
        #expect(book.spread == F.price("0.25"))
        #expect(book.midpoint == F.price("100.125"))
        #expect(!book.isCrossed && !book.isLocked)
        #expect(book.updateCount == 5 && book.lastSequence == 5 && book.tsLast == UnixNanos(5))
        #expect(F.summary(book.bids()) == ["100.00x5/1", "99.75x7/1", "99.50x9/1"])
        #expect(F.summary(book.asks(depth: 1)) == ["100.25x4/1"])
        #expect(book.bids(depth: 0).isEmpty)
        #expect(book.orderCount == 5)
    }

    @Test func orderIdIsIgnoredAndAddOrUpdateSetsTheLevelSize() throws {
        var book = Self.sample()
        try book.apply(F.delta(.add, .buy, "99.75", 3, id: 42))
        #expect(book.size(at: F.price("99.75"), side: .buy) == F.qty(3))
        try book.apply(F.delta(.update, .buy, "99.75", 11, id: 7))
        #expect(book.size(at: F.price("99.75"), side: .buy) == F.qty(11))
        // An update of an absent level creates it (L2 feeds send new levels as updates).
        try book.apply(F.delta(.update, .sell, "100.75", 2))
        #expect(F.summary(book.asks()) == ["100.25x4/1", "100.50x6/1", "100.75x2/1"])
        #expect(book.size(at: F.price("101.00"), side: .sell) == F.qty(0))
        book.checkInvariants()
    }

    @Test func deleteAndZeroUpdateRemoveTheLevel() throws {
        var book = Self.sample()
        try book.apply(F.delta(.delete, .buy, "100.00", 0))
        #expect(book.bestBidPrice == F.price("99.75"))
        try book.apply(F.delta(.update, .sell, "100.25", 0))
        #expect(book.bestAskPrice == F.price("100.50"))
        book.checkInvariants()
    }

    @Test func clearEmptiesTheBookAndCounts() throws {
        var book = Self.sample()
        try book.apply(
            OrderBookDelta.clear(instrumentId: F.instrument, sequence: 9, tsEvent: UnixNanos(9), tsInit: UnixNanos(9)))
        #expect(book.bestBidPrice == nil && book.bestAskPrice == nil && book.spread == nil && book.midpoint == nil)
        #expect(book.updateCount == 6 && book.lastSequence == 9)
        book.checkInvariants()
    }

    @Test(arguments: [
        (BookAction.delete, OrderSide.buy, "98.00", OrderBookError.Code.unknownPriceLevel),
        (BookAction.update, OrderSide.sell, "101.00", OrderBookError.Code.unknownPriceLevel),  // update to 0 of an absent level
        (BookAction.update, OrderSide.noOrderSide, "100.00", OrderBookError.Code.missingSide),
        (BookAction.delete, OrderSide.noOrderSide, "100.00", OrderBookError.Code.missingSide),
    ])
    func invalidDeltasAreRejectedAndLeaveTheBookUnchanged(
        action: BookAction, side: OrderSide, price: String, code: OrderBookError.Code
    ) {
        var book = Self.sample()
        let before = book
        #expect {
            try book.apply(F.delta(action, side, price, 0, sequence: 99))
        } throws: { error in
            guard let e = error as? OrderBookError else { return false }
            return e.code == code && e.sequence == 99
        }
        #expect(book == before)
    }

    @Test func precisionMismatchIsRejected() {
        var book = Self.sample()
        let before = book
        #expect(throws: OrderBookError.self) { try book.apply(F.delta(.add, .buy, "99.125", 1)) }
        #expect(book == before)
    }

    @Test func crossedAndLockedBooksAreLegal() throws {
        var book = Self.sample()
        try book.apply(F.delta(.add, .buy, "100.25", 1))
        #expect(book.isLocked && !book.isCrossed && book.spread == F.price("0.00"))
        try book.apply(F.delta(.add, .buy, "100.50", 1))
        #expect(book.isCrossed && !book.isLocked && book.spread == F.price("-0.25"))
        book.checkInvariants()
    }

    @Test func fillsWalkTheOppositeSide() {
        let book = Self.sample()
        #expect(
            book.simulateFills(side: .buy, quantity: F.qty(7)) == [
                BookFill(price: F.price("100.25"), size: F.qty(4)), BookFill(price: F.price("100.50"), size: F.qty(3)),
            ])
        #expect(
            book.simulateFills(side: .buy, price: F.price("100.25"), quantity: F.qty(7)) == [
                BookFill(price: F.price("100.25"), size: F.qty(4))
            ])
        #expect(book.simulateFills(side: .sell, price: F.price("101.00"), quantity: F.qty(1)).isEmpty)
        #expect(book.simulateFills(side: .sell, quantity: F.qty(100)).map(\.size) == [F.qty(5), F.qty(7), F.qty(9)])
        // (4 x 100.25 + 3 x 100.50) / 7 = 100.357142857...
        #expect(book.averagePrice(toFill: F.qty(7), side: .buy) == (try? Price("100.357142857")))
        #expect(book.worstPrice(toFill: F.qty(7), side: .buy) == F.price("100.50"))
        #expect(book.worstPrice(toFill: F.qty(4), side: .buy) == F.price("100.25"))
        #expect(book.averagePrice(toFill: F.qty(5), side: .sell) == (try? Price("100.000000000")))
        #expect(
            OrderBook(instrumentId: F.instrument, bookType: .l2MBP).averagePrice(toFill: F.qty(1), side: .buy) == nil)
    }

    @Test func fillQueryAtTheWrongPrecisionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderBookL2Tests.sample().simulateFills(side: .buy, quantity: Quantity(raw: 100_000_000, precision: 1))
        }
    }

    @Test func depthSnapshotReplacesTheBook() throws {
        var book = Self.sample()
        let counts = [UInt32](repeating: 2, count: 10)
        let depth = OrderBookDepth10(
            instrumentId: F.instrument, bids: OrderBookDataTests.depthLevels(.buy, ["98.00", "97.75"]),
            asks: OrderBookDataTests.depthLevels(.sell, ["98.25"]), bidCounts: counts, askCounts: counts, sequence: 20,
            tsEvent: UnixNanos(20), tsInit: UnixNanos(20))
        try book.apply(depth)
        #expect(F.summary(book.bids()) == ["98.00x5/1", "97.75x5/1"])
        #expect(F.summary(book.asks()) == ["98.25x5/1"])
        #expect(book.updateCount == 6 && book.lastSequence == 20)
        book.checkInvariants()
    }

    @Test func sequenceRegressionIsRecordedByDefaultAndRejectedWhenConfigured() throws {
        var lenient = Self.sample()
        try lenient.apply(F.delta(.add, .buy, "90.00", 1, sequence: 2))
        #expect(lenient.lastSequence == 2)
        var strict = OrderBook(instrumentId: F.instrument, bookType: .l2MBP, rejectsSequenceRegression: true)
        try strict.apply(F.delta(.add, .buy, "90.00", 1, sequence: 5))
        let before = strict
        #expect(throws: OrderBookError(code: .sequenceRegression, sequence: 4, message: "sequence 4 follows 5")) {
            try strict.apply(F.delta(.add, .buy, "91.00", 1, sequence: 4))
        }
        #expect(strict == before)
    }

    @Test func topOfBookUpdateNeedsAnL1Book() {
        var book = Self.sample()
        #expect {
            try book.updateTopOfBook(
                bid: F.price("1.00"), bidSize: F.qty(1), ask: F.price("1.25"), askSize: F.qty(1), tsEvent: .zero)
        } throws: { ($0 as? OrderBookError)?.code == .wrongBookType }
    }
}

@Suite struct OrderBookL1Tests {
    typealias F = BookFixture

    @Test func topOfBookUpdatesReplaceBothSides() throws {
        var book = OrderBook(instrumentId: F.instrument, bookType: .l1MBP)
        try book.updateTopOfBook(
            bid: F.price("1.10"), bidSize: F.qty(3), ask: F.price("1.12"), askSize: F.qty(4), tsEvent: UnixNanos(7))
        #expect(book.bestBidPrice == F.price("1.10") && book.bestAskPrice == F.price("1.12"))
        #expect(book.bestBidSize == F.qty(3) && book.bestAskSize == F.qty(4))
        #expect(book.updateCount == 1 && book.lastSequence == 1 && book.tsLast == UnixNanos(7))
        try book.updateTopOfBook(
            bid: F.price("1.05"), bidSize: F.qty(1), ask: F.price("1.06"), askSize: F.qty(0), tsEvent: UnixNanos(8))
        #expect(F.summary(book.bids()) == ["1.05x1/1"])
        #expect(book.asks().isEmpty)
        #expect(book.lastSequence == 2)
        book.checkInvariants()
    }

    @Test func rawTopOfBookUpdateMatchesTheCheckedOne() throws {
        // The venue's raw path makes the same change as the public one, quote by quote, sides emptied and refilled.
        var checked = OrderBook(instrumentId: F.instrument, bookType: .l1MBP)
        var raw = checked
        let quotes: [(String, Int64, String, Int64)] = [
            ("1.10", 3, "1.12", 4), ("1.11", 3, "1.12", 4), ("1.05", 1, "1.06", 0), ("1.05", 0, "1.06", 0),
            ("1.07", 2, "1.09", 5),
        ]
        for (i, (bid, bidSize, ask, askSize)) in quotes.enumerated() {
            let ts = UnixNanos(UInt64(10 + i))
            try checked.updateTopOfBook(
                bid: F.price(bid), bidSize: F.qty(bidSize), ask: F.price(ask), askSize: F.qty(askSize), tsEvent: ts)
            raw.updateTopOfBook(
                bidRaw: F.price(bid).raw, bidSizeRaw: F.qty(bidSize).raw, askRaw: F.price(ask).raw,
                askSizeRaw: F.qty(askSize).raw, pricePrecision: F.price(bid).precision,
                sizePrecision: F.qty(bidSize).precision, tsEvent: ts)
            #expect(raw == checked)
            raw.checkInvariants()
        }
    }

    @Test func deltasKeepOneLevelPerSide() throws {
        var book = F.book(
            .l1MBP,
            [F.delta(.add, .buy, "1.00", 2), F.delta(.add, .buy, "0.75", 3), F.delta(.update, .sell, "1.50", 1)])
        #expect(F.summary(book.bids()) == ["0.75x3/1"])
        #expect(F.summary(book.asks()) == ["1.50x1/1"])
        #expect(
            book.orders(side: .buy, price: F.price("0.75")) == [
                BookOrder(side: .buy, price: F.price("0.75"), size: F.qty(3), orderId: 1)
            ])
        // A delete empties the side whatever its price.
        try book.apply(F.delta(.delete, .buy, "9.00", 0))
        #expect(book.bestBidPrice == nil)
        let before = book
        #expect(throws: OrderBookError.self) { try book.apply(F.delta(.delete, .buy, "0.75", 0)) }
        #expect(book == before)
        book.checkInvariants()
    }

    @Test func depthSnapshotKeepsTheBestLevels() throws {
        var book = OrderBook(instrumentId: F.instrument, bookType: .l1MBP)
        let counts = [UInt32](repeating: 1, count: 10)
        try book.apply(
            OrderBookDepth10(
                instrumentId: F.instrument, bids: OrderBookDataTests.depthLevels(.buy, ["2.00", "1.75"]),
                asks: OrderBookDataTests.depthLevels(.sell, ["2.25", "2.50"]), bidCounts: counts, askCounts: counts,
                tsEvent: .zero, tsInit: .zero))
        #expect(F.summary(book.bids()) == ["2.00x5/1"])
        #expect(F.summary(book.asks()) == ["2.25x5/1"])
        book.checkInvariants()
    }
}
