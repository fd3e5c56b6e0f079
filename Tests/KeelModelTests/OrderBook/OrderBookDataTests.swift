import KeelCore
import KeelModel
import Testing

@Suite struct OrderBookDataTests {
    typealias F = BookFixture

    @Test func recordFlagsHaveDatabentoValues() {
        #expect(RecordFlags.last.rawValue == 0x80)
        #expect(RecordFlags.topOfBook.rawValue == 0x40)
        #expect(RecordFlags.snapshot.rawValue == 0x20)
        #expect(RecordFlags.marketByPrice.rawValue == 0x10)
        #expect(RecordFlags.badTsRecv.rawValue == 0x08)
        #expect(RecordFlags.maybeBadBook.rawValue == 0x04)
        let d = OrderBookDelta(
            instrumentId: F.instrument, action: .add,
            order: BookOrder(side: .buy, price: F.price("1.00"), size: F.qty(1), orderId: 1), flags: 0xA8,
            tsEvent: .zero, tsInit: .zero)
        #expect(d.isLast)
        #expect(d.recordFlags == [.last, .snapshot, .badTsRecv])
    }

    @Test func validatedDeltaAcceptsValidInput() throws {
        let order = BookOrder(side: .sell, price: F.price("4810.25"), size: F.qty(3), orderId: 9)
        let d = try OrderBookDelta.validated(
            instrumentId: F.instrument, action: .add, order: order, flags: 0x80, sequence: 5, tsEvent: UnixNanos(1),
            tsInit: UnixNanos(2))
        #expect(d.order == order && d.sequence == 5 && d.tsEvent == UnixNanos(1) && d.tsInit == UnixNanos(2))
        // UPDATE and DELETE may have no side (an L3 book resolves it) and UPDATE may have zero size.
        _ = try OrderBookDelta.validated(
            instrumentId: F.instrument, action: .update,
            order: BookOrder(side: .noOrderSide, price: F.price("1.00"), size: F.qty(0), orderId: 9), tsEvent: .zero,
            tsInit: .zero)
        let clear = OrderBookDelta.clear(instrumentId: F.instrument, sequence: 3, tsEvent: .zero, tsInit: .zero)
        #expect(clear.action == .clear && clear.order == .empty)
    }

    @Test(arguments: [
        (OrderSide.buy, Int64(0), "OrderBookDelta.order.size"),
        (OrderSide.noOrderSide, Int64(1), "OrderBookDelta.order.side"),
    ])
    func validatedDeltaRejectsBadAdds(side: OrderSide, size: Int64, field: String) {
        let order = BookOrder(side: side, price: F.price("1.00"), size: F.qty(size), orderId: 77)
        #expect {
            _ = try OrderBookDelta.validated(
                instrumentId: F.instrument, action: .add, order: order, sequence: 12, tsEvent: .zero, tsInit: .zero)
        } throws: { error in
            guard let e = error as? ValidationError else { return false }
            return e.field == field && e.reason.contains("order id 77") && e.reason.contains("sequence 12")
        }
    }

    @Test func zeroSizeAddTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = BookFixture.delta(.add, .buy, "1.00", 0, id: 1)
        }
    }

    @Test func sidelessAddTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = BookFixture.delta(.add, .noOrderSide, "1.00", 1, id: 1)
        }
    }

    @Test func deltasExposeTheLastDelta() throws {
        let a = F.delta(.add, .buy, "1.00", 1, id: 1, sequence: 1, ts: 10)
        let b = OrderBookDelta(
            instrumentId: F.instrument, action: .add,
            order: BookOrder(side: .sell, price: F.price("1.25"), size: F.qty(2), orderId: 2), flags: 0x80, sequence: 2,
            tsEvent: UnixNanos(20), tsInit: UnixNanos(21))
        let batch = try OrderBookDeltas.validated(instrumentId: F.instrument, deltas: [a, b])
        #expect(
            batch.flags == 0x80 && batch.sequence == 2 && batch.tsEvent == UnixNanos(20)
                && batch.tsInit == UnixNanos(21))
        #expect(throws: ValidationError.self) { try OrderBookDeltas.validated(instrumentId: F.instrument, deltas: []) }
        #expect(throws: ValidationError.self) {
            try OrderBookDeltas.validated(instrumentId: InstrumentId("AAPL.XNAS"), deltas: [a])
        }
    }

    @Test func emptyDeltasTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderBookDeltas(instrumentId: BookFixture.instrument, deltas: [])
        }
    }

    @Test func mixedInstrumentDeltasTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderBookDeltas(
                instrumentId: InstrumentId("AAPL.XNAS"), deltas: [BookFixture.delta(.add, .buy, "1.00", 1, id: 1)])
        }
    }

    static func depthLevels(_ side: OrderSide, _ prices: [String]) -> [BookOrder] {
        prices.map { BookOrder(side: side, price: BookFixture.price($0), size: BookFixture.qty(5), orderId: 0) }
            + Array(repeating: .empty, count: OrderBookDepth10.depth - prices.count)
    }

    @Test func depthValidation() throws {
        let counts = [UInt32](repeating: 1, count: 10)
        let ok = try OrderBookDepth10.validated(
            instrumentId: F.instrument, bids: Self.depthLevels(.buy, ["1.00", "0.75"]),
            asks: Self.depthLevels(.sell, ["1.25"]),
            bidCounts: counts, askCounts: counts, tsEvent: .zero, tsInit: .zero)
        #expect(ok.bids.count == 10)
        // Wrong order, wrong side, short arrays.
        #expect(throws: ValidationError.self) {
            try OrderBookDepth10.validated(
                instrumentId: F.instrument, bids: Self.depthLevels(.buy, ["0.75", "1.00"]),
                asks: Self.depthLevels(.sell, []), bidCounts: counts, askCounts: counts, tsEvent: .zero, tsInit: .zero)
        }
        #expect(throws: ValidationError.self) {
            try OrderBookDepth10.validated(
                instrumentId: F.instrument, bids: Self.depthLevels(.sell, ["1.00"]), asks: Self.depthLevels(.sell, []),
                bidCounts: counts, askCounts: counts, tsEvent: .zero, tsInit: .zero)
        }
        #expect(throws: ValidationError.self) {
            try OrderBookDepth10.validated(
                instrumentId: F.instrument, bids: [], asks: Self.depthLevels(.sell, []), bidCounts: counts,
                askCounts: counts, tsEvent: .zero, tsInit: .zero)
        }
    }

    @Test func invalidDepthTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderBookDepth10(
                instrumentId: BookFixture.instrument, bids: [], asks: [], bidCounts: [], askCounts: [], tsEvent: .zero,
                tsInit: .zero)
        }
    }
}
