/// A delta, snapshot or quote that an order book rejected; the book is unchanged.
///
/// The `code` says why, for callers that switch on the cause (a replay driver may log and skip
/// `.unknownOrderId`, for instance); the message names the order id, price and sequence.
public struct OrderBookError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Why a change was rejected.
    public enum Code: UInt8, Hashable, Sendable, CustomStringConvertible {
        /// An UPDATE or DELETE names an order id the (L3) book does not hold.
        case unknownOrderId
        /// An ADD names an order id the (L3) book already holds.
        case duplicateOrderId
        /// An UPDATE or DELETE names a price level (L2) or side (L1) the book does not hold.
        case unknownPriceLevel
        /// An ADD has a zero size.
        case zeroSize
        /// The change has no side and the book cannot resolve one (L1, L2, or an ADD).
        case missingSide
        /// The change's side differs from the side of the order it names (L3).
        case sideMismatch
        /// The price or size precision differs from the book's.
        case precisionMismatch
        /// The sequence number went backwards and the book was told to reject that.
        case sequenceRegression
        /// The operation does not apply to this book type (a top-of-book update of an L2/L3 book).
        case wrongBookType
        /// A depth snapshot cannot be applied (duplicate order ids or prices).
        case invalidSnapshot

        /// The code in words, e.g. `"unknown order id"`.
        public var description: String {
            switch self {
            case .unknownOrderId: "unknown order id"
            case .duplicateOrderId: "duplicate order id"
            case .unknownPriceLevel: "unknown price level"
            case .zeroSize: "zero size"
            case .missingSide: "missing side"
            case .sideMismatch: "side mismatch"
            case .precisionMismatch: "precision mismatch"
            case .sequenceRegression: "sequence regression"
            case .wrongBookType: "wrong book type"
            case .invalidSnapshot: "invalid snapshot"
            }
        }
    }

    /// Why the change was rejected.
    public let code: Code
    /// The sequence number of the rejected change.
    public let sequence: UInt64
    /// What was wrong, naming the order id or price.
    public let message: String

    /// Creates an error.
    ///
    /// - Parameters:
    ///   - code: Why the change was rejected.
    ///   - sequence: The sequence number of the rejected change.
    ///   - message: What was wrong, naming the order id or price.
    public init(code: Code, sequence: UInt64, message: String) {
        self.code = code
        self.sequence = sequence
        self.message = message
    }

    /// The error as `order book rejected sequence 7 (unknown order id): ...`.
    public var description: String { "order book rejected sequence \(sequence) (\(code)): \(message)" }
}
