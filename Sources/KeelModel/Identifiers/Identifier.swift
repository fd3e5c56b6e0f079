// Identifiers: small value types over `InlineText`.
//
// Each identifier is its own type so that an order id can never be passed where a position id is
// expected. All share one representation (64 bytes inline, see `InlineText`): hashing, comparing and
// copying them never allocates. Parse errors name the identifier type and the bad text.

public import KeelCore

/// The common shape of Keel's identifier types.
public protocol Identifier: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The identifier's text.
    var text: InlineText { get }
    /// Creates the identifier from text already checked by the type's rules.
    init(uncheckedText: InlineText)
    /// The type's extra rule, checked after the generic text rules; throws a reason on failure.
    static func validate(_ text: InlineText) throws(ParseError)
    /// The name used in error messages.
    static var kind: String { get }
}

extension Identifier {
    /// Creates the identifier from external text, checking every rule.
    ///
    /// - Throws: `ParseError` naming the identifier type and the bad text.
    @inlinable
    public init(validating text: some StringProtocol) throws(ParseError) {
        let inline = try InlineText(validating: text, kind: Self.kind)
        try Self.validate(inline)
        self.init(uncheckedText: inline)
    }

    /// Creates the identifier from text the code knows to be valid; traps otherwise.
    @inlinable
    public init(_ text: some StringProtocol) {
        do { try self.init(validating: text) } catch {
            preconditionFailure("Invariant: \(error)")
        }
    }

    public static func validate(_ text: InlineText) throws(ParseError) {}

    /// The identifier as a `String` (allocates beyond 15 bytes; for the edges).
    public var value: String { text.string }
    public var description: String { text.string }

    @inlinable
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.text < rhs.text }
}

/// Checks that `text` has a hyphen with text on both sides (`NAME-TAG`).
@usableFromInline
func requireHyphenatedTag(_ text: InlineText, kind: String) throws(ParseError) {
    guard let dash = text.lastIndex(of: UInt8(ascii: "-")), dash > 0, dash < text.count - 1 else {
        throw ParseError(kind: kind, text: text.string, reason: "expected 'NAME-TAG' with a hyphen, e.g. 'NAME-001'")
    }
}

/// A trader: `NAME-TAG`, e.g. `TRADER-001`.
@frozen public struct TraderId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "TraderId"
    public static func validate(_ text: InlineText) throws(ParseError) { try requireHyphenatedTag(text, kind: kind) }
}

/// A strategy: `NAME-TAG`, e.g. `EMACross-001`, or `EXTERNAL` for orders placed outside Keel.
@frozen public struct StrategyId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "StrategyId"
    public static func validate(_ text: InlineText) throws(ParseError) {
        if text.string == "EXTERNAL" { return }
        try requireHyphenatedTag(text, kind: kind)
    }
    /// The strategy id of orders that no Keel strategy placed.
    public static let external = StrategyId("EXTERNAL")
    /// True for `EXTERNAL`.
    public var isExternal: Bool { self == .external }
}

/// Any component of a kernel (an engine, an actor, a client).
@frozen public struct ComponentId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "ComponentId"
}

/// A data or execution client, e.g. `BINANCE` or `SIM`.
@frozen public struct ClientId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "ClientId"
}

/// An account at a venue: `ISSUER-NUMBER`, e.g. `SIM-001`.
@frozen public struct AccountId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "AccountId"
    public static func validate(_ text: InlineText) throws(ParseError) { try requireHyphenatedTag(text, kind: kind) }
    /// The issuer: the text before the last hyphen (e.g. `SIM`).
    public var issuer: String {
        let dash = text.lastIndex(of: UInt8(ascii: "-"))!
        return text.slice(0..<dash).string
    }
}

/// A trading venue (exchange, ECN, broker), e.g. `SIM`, `GLBX`, `BINANCE`. No `.` allowed.
@frozen public struct Venue: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "Venue"
    public static func validate(_ text: InlineText) throws(ParseError) {
        if text.lastIndex(of: UInt8(ascii: ".")) != nil {
            throw ParseError(kind: kind, text: text.string, reason: "a venue must not contain '.'")
        }
    }
}

/// A venue's ticker or native symbol, e.g. `GBP/USD`, `ESH4`, `BTCUSDT-PERP`.
@frozen public struct Symbol: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "Symbol"
}

/// An order, unique per trader, assigned by Keel's order factory.
@frozen public struct ClientOrderId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "ClientOrderId"
}

/// An order as the venue identifies it.
@frozen public struct VenueOrderId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "VenueOrderId"
}

/// A list of orders submitted together (a bracket, an OTO pair).
@frozen public struct OrderListId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "OrderListId"
}

/// A position.
@frozen public struct PositionId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "PositionId"
}

/// A trade (a fill) as the venue identifies it.
@frozen public struct TradeId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "TradeId"
}

/// An execution algorithm (TWAP, VWAP …) that child orders are routed through.
@frozen public struct ExecAlgorithmId: Identifier {
    public let text: InlineText
    public init(uncheckedText: InlineText) { self.text = uncheckedText }
    public static let kind = "ExecAlgorithmId"
}
