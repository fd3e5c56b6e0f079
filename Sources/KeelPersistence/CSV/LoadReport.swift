// LoadReport: what a loader read and every quirk it met, counted.
//
// Quirk policies (../shared/data/README.md lists where each occurs):
// - Equal consecutive timestamps (TrueFX 7, Binance quotes 23, trades 630): kept, in file order, and
//   counted in `duplicateTimestamps` — several events in one clock tick are real.
// - Rows identical to the previous row (every field): kept by default (two identical fills are two
//   fills) and counted in `duplicateRows`; `DuplicateRowPolicy.drop` drops them, counted the same.
// - Decreasing timestamps: an error naming the line by default (`OutOfOrderPolicy.fail`), because a
//   backtest needs time order; `.keep` keeps them and counts `outOfOrder`.
// - Crossed (bid > ask) and locked (bid == ask) quotes: kept (venues publish them) and counted.
//   FXCM's separate bid and ask bar files are compared with `BidAskBars.compare`, which counts bars
//   whose bid exceeds the ask at open, high, low and close.
// - Quotes repeating the previous bid and ask: kept, counted in `unchangedQuotes`.
// - Timestamps without fractional seconds in a file whose other rows have them (TrueFX row 116):
//   accepted as `.000`, counted in `missingFractionalSeconds`.
// - Zero sizes/volumes: kept (a bar with no trades), counted in `zeroVolume`.
// - Blank lines: skipped, counted. Malformed rows: an error naming file, line and field, never skipped.

public import KeelCore

/// What a loader does with a row whose timestamp is earlier than the previous row's.
public enum OutOfOrderPolicy: Hashable, Sendable {
    /// Throw a `CSVError` naming the line (the default).
    case fail
    /// Keep the row where it is and count it.
    case keep
}

/// What a loader does with a row identical to the previous one.
public enum DuplicateRowPolicy: Hashable, Sendable {
    /// Keep it and count it (the default).
    case keep
    /// Drop it and count it.
    case drop
}

/// What a load read and the quirks it met.
public struct LoadReport: Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// Data rows read (header and blank lines excluded).
    public var rows = 0
    /// Values produced (rows minus dropped duplicates).
    public var loaded = 0
    /// The first value's timestamp.
    public var firstTs: UnixNanos?
    /// The last value's timestamp.
    public var lastTs: UnixNanos?
    /// Rows whose timestamp equals the previous row's.
    public var duplicateTimestamps = 0
    /// Rows identical to the previous row in every field.
    public var duplicateRows = 0
    /// Rows whose timestamp is earlier than the previous row's (with `OutOfOrderPolicy.keep`).
    public var outOfOrder = 0
    /// Quotes with bid > ask.
    public var crossed = 0
    /// Quotes with bid == ask.
    public var locked = 0
    /// Quotes whose bid and ask equal the previous quote's.
    public var unchangedQuotes = 0
    /// Rows without fractional seconds in a file where other rows have them.
    public var missingFractionalSeconds = 0
    /// Bars or trades with zero volume or size.
    public var zeroVolume = 0
    /// Blank lines skipped.
    public var blankLines = 0

    /// An empty report for `path`.
    public init(path: String) { self.path = path }

    /// The quirks met, by name, without zero counts.
    public var quirks: [(String, Int)] {
        [
            ("duplicateTimestamps", duplicateTimestamps), ("duplicateRows", duplicateRows), ("outOfOrder", outOfOrder),
            ("crossed", crossed), ("locked", locked), ("unchangedQuotes", unchangedQuotes),
            ("missingFractionalSeconds", missingFractionalSeconds), ("zeroVolume", zeroVolume), ("blankLines", blankLines),
        ].filter { $0.1 > 0 }
    }

    /// `rows N, loaded N, FIRST → LAST, quirks: name N, …`.
    public var description: String {
        let range = firstTs.map { "\($0) → \(lastTs ?? $0)" } ?? "empty"
        let q = quirks.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        return "rows \(rows), loaded \(loaded), \(range)" + (q.isEmpty ? "" : ", quirks: \(q)")
    }
}
