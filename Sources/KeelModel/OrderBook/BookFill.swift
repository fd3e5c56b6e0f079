/// A fill an order would get against one resting order (L3) or level (L1, L2) of a book.
public struct BookFill: Hashable, Sendable, CustomStringConvertible {
    /// The price of the resting order or level.
    public let price: Price
    /// The size filled there.
    public let size: Quantity

    /// Creates a fill.
    ///
    /// - Parameters:
    ///   - price: The price of the resting order or level.
    ///   - size: The size filled there.
    public init(price: Price, size: Quantity) {
        self.price = price
        self.size = size
    }

    /// The fill as `4810.25 x 3`.
    public var description: String { "\(price) x \(size)" }
}
