/// One price level of a book side, as queries report it: its price, total size and order count.
public struct BookLevel: Hashable, Sendable, CustomStringConvertible {
    /// The level's price.
    public let price: Price
    /// The sum of the sizes of the level's orders.
    public let size: Quantity
    /// The number of orders at the level (1 for every level of an L1 or L2 book).
    public let orderCount: Int

    /// Creates a level description.
    ///
    /// - Parameters:
    ///   - price: The level's price.
    ///   - size: The level's total size.
    ///   - orderCount: The number of orders at the level.
    public init(price: Price, size: Quantity, orderCount: Int) {
        self.price = price
        self.size = size
        self.orderCount = orderCount
    }

    /// The level as `4810.00 x 22 (22 orders)`.
    public var description: String { "\(price) x \(size) (\(orderCount) orders)" }
}
