import KeelCore
import KeelModel

/// Small builders for order book tests (through the production initialisers).
enum BookFixture {
    static let instrument = InstrumentId("ESH4.GLBX")

    /// A price from decimal text known to be valid.
    static func price(_ text: String) -> Price {
        do { return try Price(text) } catch { preconditionFailure("fixture price \(text): \(error)") }
    }

    /// A whole-unit quantity at precision 0.
    static func qty(_ units: Int64) -> Quantity { Quantity(raw: units * 1_000_000_000, precision: 0) }

    /// A delta with a valid shape.
    static func delta(
        _ action: BookAction, _ side: OrderSide, _ price: String, _ size: Int64, id: UInt64 = 0, sequence: UInt64 = 0,
        ts: UInt64 = 0
    ) -> OrderBookDelta {
        OrderBookDelta(
            instrumentId: instrument, action: action,
            order: BookOrder(side: side, price: Self.price(price), size: qty(size), orderId: id),
            sequence: sequence, tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts))
    }

    /// A book with `deltas` applied; traps if one is rejected.
    static func book(_ type: BookType, _ deltas: [OrderBookDelta]) -> OrderBook {
        var book = OrderBook(instrumentId: instrument, bookType: type)
        for d in deltas {
            do { try book.apply(d) } catch { preconditionFailure("fixture delta rejected: \(error)") }
        }
        book.checkInvariants()
        return book
    }

    /// `(price text, size units, order count)` of levels, for compact expectations.
    static func summary(_ levels: [BookLevel]) -> [String] {
        levels.map { "\($0.price)x\($0.size)/\($0.orderCount)" }
    }
}
