public import KeelCore

/// An instrument at a venue: `SYMBOL.VENUE`, e.g. `GBP/USD.SIM`, `ESH4.GLBX`.
///
/// Stored as the joined text (at most 63 bytes) with the position of the separating `.` — the last
/// `.` in the text, so symbols may contain dots (`BRK.B.XNYS`) but venues may not. Hashing and
/// comparing never allocate.
@frozen
public struct InstrumentId: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The full text `SYMBOL.VENUE`.
    public let text: InlineText
    @usableFromInline let dot: UInt8

    /// Creates an instrument id from its parts; traps if the joined text exceeds 63 bytes.
    public init(symbol: Symbol, venue: Venue) {
        guard let joined = InlineText.joined(symbol.text, UInt8(ascii: "."), venue.text) else {
            preconditionFailure("Invariant: '\(symbol).\(venue)' fits 63 bytes")
        }
        self.text = joined
        self.dot = UInt8(symbol.text.count)
    }

    /// Parses `SYMBOL.VENUE`.
    ///
    /// - Throws: `ParseError` naming the text if it has no `.`, an empty symbol or venue, or breaks
    ///   the identifier text rules.
    public init(validating text: some StringProtocol) throws(ParseError) {
        let inline = try InlineText(validating: text, kind: "InstrumentId")
        guard let dot = inline.lastIndex(of: UInt8(ascii: ".")) else {
            throw ParseError(kind: "InstrumentId", text: String(text), reason: "expected 'SYMBOL.VENUE'")
        }
        guard dot > 0, dot < inline.count - 1 else {
            throw ParseError(kind: "InstrumentId", text: String(text), reason: "symbol and venue must both be non-empty in 'SYMBOL.VENUE'")
        }
        // The parts must satisfy their own rules (no surrounding spaces).
        do {
            _ = try Symbol(validating: inline.slice(0..<dot).string)
            _ = try Venue(validating: inline.slice((dot + 1)..<inline.count).string)
        } catch {
            throw ParseError(kind: "InstrumentId", text: String(text), reason: "\(error.kind) '\(error.text)' \(error.reason)")
        }
        self.text = inline
        self.dot = UInt8(dot)
    }

    /// Parses `SYMBOL.VENUE` known to be valid; traps otherwise.
    public init(_ text: some StringProtocol) {
        do { try self.init(validating: text) } catch { preconditionFailure("Invariant: \(error)") }
    }

    /// The symbol part.
    public var symbol: Symbol { Symbol(uncheckedText: text.slice(0..<Int(dot))) }
    /// The venue part.
    public var venue: Venue { Venue(uncheckedText: text.slice((Int(dot) + 1)..<text.count)) }

    public var description: String { text.string }
    /// The identifier as a `String`.
    public var value: String { text.string }

    @inlinable
    public static func == (lhs: InstrumentId, rhs: InstrumentId) -> Bool { lhs.text == rhs.text }
    @inlinable
    public func hash(into hasher: inout Hasher) { text.hash(into: &hasher) }
    @inlinable
    public static func < (lhs: InstrumentId, rhs: InstrumentId) -> Bool { lhs.text < rhs.text }
}
