/// The flags byte of a market-by-order record, as Databento defines it (and NautilusTrader copies).
///
/// `OrderBookDelta.flags` stores the raw byte so that unknown bits survive a round trip; this option
/// set names the known ones.
@frozen
public struct RecordFlags: OptionSet, Hashable, Sendable {
    /// The raw flags byte.
    public var rawValue: UInt8

    /// Creates flags from a raw byte (every bit is kept).
    @inlinable
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// `F_LAST` (0x80): the last record of an event batch; the book is consistent after it.
    public static let last = RecordFlags(rawValue: 0x80)
    /// `F_TOB` (0x40): a top-of-book record.
    public static let topOfBook = RecordFlags(rawValue: 0x40)
    /// `F_SNAPSHOT` (0x20): part of a snapshot (replay of the book), not a live change.
    public static let snapshot = RecordFlags(rawValue: 0x20)
    /// `F_MBP` (0x10): an aggregated market-by-price record.
    public static let marketByPrice = RecordFlags(rawValue: 0x10)
    /// `F_BAD_TS_RECV` (0x08): the receive timestamp is unreliable.
    public static let badTsRecv = RecordFlags(rawValue: 0x08)
    /// `F_MAYBE_BAD_BOOK` (0x04): the source may have lost messages; the book may be wrong.
    public static let maybeBadBook = RecordFlags(rawValue: 0x04)
}
