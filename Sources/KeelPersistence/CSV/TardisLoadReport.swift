// TardisLoadReport: what a Tardis load read, the precisions it used, and every quirk it met, counted.
//
// The shared counts (rows, time range, duplicates, order, crossed and locked books) live in a
// `LoadReport` so they mean what they mean for every other CSV loader; the Tardis-only counts sit
// beside it. The policies behind each count are in the header of TardisLoader.swift.

/// What a Tardis load read and the quirks it met.
public struct TardisLoadReport: Hashable, Sendable, CustomStringConvertible {
    /// The dataset loaded.
    public var kind: TardisFileKind
    /// The counts every CSV loader keeps.
    ///
    /// For Tardis: `rows` data rows; `loaded` values returned (deltas including CLEARs for book deltas);
    /// `firstTs`/`lastTs` the first and last rows' `timestamp` (exchange time); `duplicateTimestamps` rows
    /// whose `local_timestamp` equals the previous row's (for book deltas that is every row of an event
    /// batch but its first); `duplicateRows` rows identical to the previous one (kept); `outOfOrder` rows
    /// whose `local_timestamp` is earlier than the previous row's (with `OutOfOrderPolicy.keep`);
    /// `crossed`/`locked` quotes and book snapshots whose best bid is above / equal to the best ask;
    /// `unchangedQuotes` quotes repeating the previous bid and ask; `zeroVolume` zero-amount trades
    /// (skipped); `blankLines` blank lines skipped.
    public var csv: LoadReport
    /// The price precision of every value returned: the one given, or the most decimals any price needed.
    public var pricePrecision: UInt8 = 0
    /// The size precision of every value returned: the one given, or the most decimals any amount needed.
    public var sizePrecision: UInt8 = 0
    /// Rows whose `local_timestamp` (Tardis receive time) is earlier than their `timestamp` (exchange time).
    public var localBeforeExchange = 0
    /// Rows whose `timestamp` is earlier than the previous row's (kept: Tardis orders rows by receive time).
    public var exchangeTimestampRegressions = 0
    /// `incremental_book_L2` rows with `is_snapshot` true.
    public var snapshotRows = 0
    /// `incremental_book_L2` rows with `is_snapshot` false.
    public var updateRows = 0
    /// Snapshots begun, each emitted as a CLEAR delta (book deltas from either dataset).
    public var clears = 0
    /// `incremental_book_L2` snapshots that begin after update rows (a reconnect or a new day's snapshot).
    public var snapshotsAfterUpdates = 0
    /// Book snapshot levels below the tenth of a side that `loadDepth10` does not keep.
    public var levelsDropped = 0
    /// Trades with an empty `id`, which are numbered by their line instead.
    public var emptyTradeIds = 0
    /// Quotes with an empty side (no bid or no ask), loaded with price and size 0 on that side.
    public var oneSidedQuotes = 0

    /// An empty report for `path`.
    public init(path: String, kind: TardisFileKind) {
        self.kind = kind
        self.csv = LoadReport(path: path)
    }

    /// The quirks met, by name, without zero counts: the shared ones, then the Tardis ones.
    public var quirks: [(String, Int)] {
        csv.quirks
            + [
                ("localBeforeExchange", localBeforeExchange), ("exchangeTimestampRegressions", exchangeTimestampRegressions),
                ("snapshotsAfterUpdates", snapshotsAfterUpdates), ("levelsDropped", levelsDropped),
                ("emptyTradeIds", emptyTradeIds), ("oneSidedQuotes", oneSidedQuotes),
            ].filter { $0.1 > 0 }
    }

    /// `trades: rows N, loaded N, FIRST → LAST, precision price P size S[, book …], quirks: name N, …`.
    public var description: String {
        let range = csv.firstTs.map { "\($0) → \(csv.lastTs ?? $0)" } ?? "empty"
        var parts = ["\(kind): rows \(csv.rows), loaded \(csv.loaded), \(range)", "precision price \(pricePrecision) size \(sizePrecision)"]
        if kind == .incrementalBookL2 { parts.append("snapshot rows \(snapshotRows), update rows \(updateRows), clears \(clears)") }
        let q = quirks.map { "\($0.0) \($0.1)" }.joined(separator: ", ")
        if !q.isEmpty { parts.append("quirks: \(q)") }
        return parts.joined(separator: ", ")
    }
}
