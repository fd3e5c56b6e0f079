import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// A naive reference L3 book: a dictionary of orders with arrival numbers; levels are recomputed by
/// grouping and sorting on every query.
struct NaiveL3Book {
    struct Order { var isBid: Bool; var priceRaw: Int64; var size: Int64; var arrival: Int }
    var orders: [UInt64: Order] = [:]
    /// Live ids in insertion order, for deterministic random choice.
    var live: [UInt64] = []
    var arrival = 0

    mutating func add(_ id: UInt64, isBid: Bool, priceRaw: Int64, size: Int64) {
        arrival += 1
        orders[id] = Order(isBid: isBid, priceRaw: priceRaw, size: size, arrival: arrival)
        live.append(id)
    }

    mutating func remove(_ id: UInt64) {
        orders[id] = nil
        live.removeAll { $0 == id }
    }

    mutating func update(_ id: UInt64, priceRaw: Int64, size: Int64) {
        guard size > 0 else { return remove(id) }
        if orders[id]!.priceRaw != priceRaw {
            arrival += 1
            orders[id]!.arrival = arrival
            orders[id]!.priceRaw = priceRaw
        }
        orders[id]!.size = size
    }

    mutating func clear() {
        orders = [:]
        live = []
    }

    /// `price x size / count` per level, best first, and each level's ids in queue order.
    func levels(isBid: Bool) -> [(priceRaw: Int64, size: Int64, ids: [UInt64])] {
        var byPrice: [Int64: [(UInt64, Order)]] = [:]
        for (id, o) in orders where o.isBid == isBid { byPrice[o.priceRaw, default: []].append((id, o)) }
        let prices = byPrice.keys.sorted(by: isBid ? (>) : (<))
        return prices.map { p in
            let queue = byPrice[p]!.sorted { $0.1.arrival < $1.1.arrival }
            return (p, queue.reduce(0) { $0 + $1.1.size }, queue.map(\.0))
        }
    }
}

@Suite struct OrderBookPropertyTests {
    typealias F = BookFixture

    static func priceRaw(tick: UInt64) -> Int64 { (10_000 + Int64(tick) * 25) * 10_000_000 }  // 100.00 + tick x 0.25

    static func delta(
        _ action: BookAction, _ side: OrderSide, priceRaw: Int64, size: Int64, id: UInt64, sequence: UInt64,
        precision: UInt8 = 2
    ) -> OrderBookDelta {
        OrderBookDelta(
            instrumentId: F.instrument, action: action,
            order: BookOrder(
                side: side, price: Price(raw: priceRaw, precision: precision), size: F.qty(size), orderId: id),
            sequence: sequence, tsEvent: UnixNanos(sequence), tsInit: UnixNanos(sequence))
    }

    /// Compares the book with the reference on best prices, levels, sizes, counts and queues.
    static func expectMatches(_ book: OrderBook, _ model: NaiveL3Book, step: Int) {
        for isBid in [true, false] {
            let expected = model.levels(isBid: isBid)
            let actual = isBid ? book.bids() : book.asks()
            let same =
                expected.count == actual.count
                && zip(expected, actual).allSatisfy { e, a in
                    e.priceRaw == a.price.raw && e.size == a.size.raw / 1_000_000_000 && e.ids.count == a.orderCount
                        && book.orders(side: isBid ? .buy : .sell, price: a.price).map(\.orderId) == e.ids
                }
            #expect(
                same,
                "seed \(TestSeed.value), step \(step), \(isBid ? "bids" : "asks"): \(actual) vs \(expected.map { ($0.priceRaw, $0.size, $0.ids) })"
            )
        }
        #expect(
            book.bestBidPrice?.raw == model.levels(isBid: true).first?.priceRaw, "seed \(TestSeed.value), step \(step)")
        #expect(
            book.bestAskPrice?.raw == model.levels(isBid: false).first?.priceRaw, "seed \(TestSeed.value), step \(step)"
        )
        #expect(book.orderCount == model.orders.count, "seed \(TestSeed.value), step \(step)")
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func randomValidL3DeltasMatchTheReference(salt: UInt64) throws {
        var rng = TestSeed.generator(salt: 0xB00C_0000 + salt)
        var book = OrderBook(instrumentId: F.instrument, bookType: .l3MBO)
        var model = NaiveL3Book()
        var nextId: UInt64 = 1
        for step in 1...3_000 {
            let seq = UInt64(step)
            let r = rng.nextInt(below: 1000)
            let tick = rng.nextInt(below: 16)
            let size = Int64(rng.nextInt(below: 9) + 1)
            if model.live.isEmpty || r < 450 {
                let isBid = rng.nextInt(below: 2) == 0
                // Both sides draw from overlapping ticks, so the book is often crossed or locked.
                let raw = Self.priceRaw(tick: isBid ? tick : tick + 4)
                try book.apply(
                    Self.delta(.add, isBid ? .buy : .sell, priceRaw: raw, size: size, id: nextId, sequence: seq))
                model.add(nextId, isBid: isBid, priceRaw: raw, size: size)
                nextId += 1
            } else if r < 990 {
                let id = model.live[Int(rng.nextInt(below: UInt64(model.live.count)))]
                let o = model.orders[id]!
                let side: OrderSide = rng.nextInt(below: 4) == 0 ? .noOrderSide : (o.isBid ? .buy : .sell)
                if r < 720 {
                    let movesPrice = rng.nextInt(below: 2) == 0
                    let raw = movesPrice ? Self.priceRaw(tick: o.isBid ? tick : tick + 4) : o.priceRaw
                    let newSize = rng.nextInt(below: 10) == 0 ? 0 : size
                    try book.apply(Self.delta(.update, side, priceRaw: raw, size: newSize, id: id, sequence: seq))
                    model.update(id, priceRaw: raw, size: newSize)
                } else {
                    try book.apply(Self.delta(.delete, side, priceRaw: o.priceRaw, size: size, id: id, sequence: seq))
                    model.remove(id)
                }
            } else {
                try book.apply(
                    OrderBookDelta.clear(
                        instrumentId: F.instrument, sequence: seq, tsEvent: UnixNanos(seq), tsInit: UnixNanos(seq)))
                model.clear()
            }
            book.checkInvariants()
            Self.expectMatches(book, model, step: step)
            #expect(book.updateCount == seq && book.lastSequence == seq, "seed \(TestSeed.value), step \(step)")
            #expect(
                book.isCrossed
                    == ((book.bestBidPrice ?? .zero(precision: 2)) > (book.bestAskPrice ?? .zero(precision: 2))
                        && book.bestAskPrice != nil && book.bestBidPrice != nil))
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func randomInvalidL3DeltasAreRejectedAndLeaveTheBookUnchanged(salt: UInt64) throws {
        var rng = TestSeed.generator(salt: 0xBAD0_0000 + salt)
        var book = OrderBook(instrumentId: F.instrument, bookType: .l3MBO)
        var model = NaiveL3Book()
        var nextId: UInt64 = 1
        for step in 1...1_500 {
            let seq = UInt64(step)
            let tick = rng.nextInt(below: 16)
            let isBid = rng.nextInt(below: 2) == 0
            if model.live.isEmpty || rng.nextInt(below: 2) == 0 {
                let raw = Self.priceRaw(tick: tick)
                try book.apply(
                    Self.delta(.add, isBid ? .buy : .sell, priceRaw: raw, size: 3, id: nextId, sequence: seq))
                model.add(nextId, isBid: isBid, priceRaw: raw, size: 3)
                nextId += 1
                continue
            }
            let existing = model.live[Int(rng.nextInt(below: UInt64(model.live.count)))]
            let o = model.orders[existing]!
            let unknown = 1_000_000 + rng.nextInt(below: 1_000)
            let invalid: (OrderBookDelta, OrderBookError.Code)
            switch rng.nextInt(below: 6) {
            case 0:
                invalid = (
                    Self.delta(
                        .update, isBid ? .buy : .sell, priceRaw: Self.priceRaw(tick: tick), size: 2, id: unknown,
                        sequence: seq), .unknownOrderId
                )
            case 1:
                invalid = (
                    Self.delta(
                        .delete, .noOrderSide, priceRaw: Self.priceRaw(tick: tick), size: 2, id: unknown, sequence: seq),
                    .unknownOrderId
                )
            case 2:
                invalid = (
                    Self.delta(
                        .add, isBid ? .buy : .sell, priceRaw: Self.priceRaw(tick: tick), size: 2, id: existing,
                        sequence: seq), .duplicateOrderId
                )
            case 3:
                invalid = (
                    Self.delta(
                        .update, o.isBid ? .sell : .buy, priceRaw: o.priceRaw, size: 2, id: existing, sequence: seq),
                    .sideMismatch
                )
            case 4:
                invalid = (
                    Self.delta(
                        .update, o.isBid ? .buy : .sell, priceRaw: o.priceRaw, size: 2, id: existing, sequence: seq,
                        precision: 3), .precisionMismatch
                )
            default:
                invalid = (
                    Self.delta(
                        .add, .buy, priceRaw: Self.priceRaw(tick: tick), size: 2, id: nextId, sequence: seq,
                        precision: 4), .precisionMismatch
                )
            }
            let before = book
            #expect(performing: { try book.apply(invalid.0) }, throws: { ($0 as? OrderBookError)?.code == invalid.1 })
            #expect(book == before, "seed \(TestSeed.value), step \(step): \(invalid.0) changed the book")
            book.checkInvariants()
            Self.expectMatches(book, model, step: step)
        }
    }

    @Test(arguments: [UInt64(1), 2])
    func randomL2DeltasMatchTheReference(salt: UInt64) throws {
        var rng = TestSeed.generator(salt: 0x12_0000 + salt)
        var book = OrderBook(instrumentId: F.instrument, bookType: .l2MBP)
        var model: [Bool: [Int64: Int64]] = [true: [:], false: [:]]
        for step in 1...3_000 {
            let seq = UInt64(step)
            let isBid = rng.nextInt(below: 2) == 0
            let side: OrderSide = isBid ? .buy : .sell
            let raw = Self.priceRaw(tick: rng.nextInt(below: 20))
            let size = Int64(rng.nextInt(below: 6))
            let present = model[isBid]![raw] != nil
            switch rng.nextInt(below: 4) {
            case 0, 1:
                let action: BookAction = size > 0 && rng.nextInt(below: 2) == 0 ? .add : .update
                if size == 0 && !present {
                    let before = book
                    #expect(throws: OrderBookError.self, "seed \(TestSeed.value), step \(step)") {
                        try book.apply(Self.delta(.update, side, priceRaw: raw, size: 0, id: 0, sequence: seq))
                    }
                    #expect(book == before)
                } else {
                    try book.apply(Self.delta(action, side, priceRaw: raw, size: size, id: rng.next(), sequence: seq))
                    model[isBid]![raw] = size > 0 ? size : nil
                }
            case 2:
                if present {
                    try book.apply(Self.delta(.delete, side, priceRaw: raw, size: 0, id: 0, sequence: seq))
                    model[isBid]![raw] = nil
                } else {
                    let before = book
                    #expect(
                        performing: {
                            try book.apply(Self.delta(.delete, side, priceRaw: raw, size: 0, id: 0, sequence: seq))
                        }, throws: { ($0 as? OrderBookError)?.code == .unknownPriceLevel })
                    #expect(book == before, "seed \(TestSeed.value), step \(step)")
                }
            default:
                let before = book
                #expect(
                    performing: {
                        try book.apply(Self.delta(.update, .noOrderSide, priceRaw: raw, size: 1, id: 0, sequence: seq))
                    }, throws: { ($0 as? OrderBookError)?.code == .missingSide })
                #expect(book == before, "seed \(TestSeed.value), step \(step)")
            }
            book.checkInvariants()
            for isBid in [true, false] {
                let expected = model[isBid]!.sorted { isBid ? $0.key > $1.key : $0.key < $1.key }.map {
                    "\($0.key):\($0.value)"
                }
                let actual = (isBid ? book.bids() : book.asks()).map {
                    "\($0.price.raw):\($0.size.raw / 1_000_000_000)"
                }
                #expect(actual == expected, "seed \(TestSeed.value), step \(step)")
            }
        }
    }
}
