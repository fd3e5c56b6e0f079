/// An order resting in an order book: its side, price, size and the venue's order id.
///
/// In a market-by-order (L3) book `orderId` is the venue's id; market-by-price books (L1, L2)
/// key levels by price and ignore it.
@frozen
public struct BookOrder: Hashable, Sendable, CustomStringConvertible {
    /// The side of the resting order: `.buy` for a bid, `.sell` for an ask. `.noOrderSide` appears
    /// only in depth padding and in UPDATE/DELETE deltas whose side an L3 book resolves by order id.
    public var side: OrderSide
    /// The limit price of the order.
    public var price: Price
    /// The remaining size of the order.
    public var size: Quantity
    /// The venue's order id (L3); ignored by L1 and L2 books.
    public var orderId: UInt64

    /// Creates a book order.
    ///
    /// - Parameters:
    ///   - side: `.buy` for a bid, `.sell` for an ask.
    ///   - price: The order's limit price.
    ///   - size: The order's remaining size.
    ///   - orderId: The venue's order id (0 where the source has none).
    @inlinable
    public init(side: OrderSide, price: Price, size: Quantity, orderId: UInt64) {
        self.side = side
        self.price = price
        self.size = size
        self.orderId = orderId
    }

    /// The order carried by a CLEAR delta and by depth padding: no side, zero price and size, id 0.
    public static let empty = BookOrder(
        side: .noOrderSide, price: .zero(precision: 0), size: .zero(precision: 0), orderId: 0)

    /// The order as `BookOrder(BUY 4810.00 x 3, id 42)`.
    public var description: String { "BookOrder(\(side) \(price) x \(size), id \(orderId))" }
}
