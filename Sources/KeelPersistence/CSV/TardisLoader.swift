// TardisLoader: Tardis.dev CSV datasets as Keel market data.
//
// Formats (https://docs.tardis.dev/downloadable-csv-files; ../shared/data/README.md, tardis/): every file
// starts with `exchange,symbol,timestamp,local_timestamp`; both timestamps are integer microseconds since
// the epoch (UTC); numbers are written in shortest form (`11659`, `0.155`, `1e-7`), never fixed decimals.
// Columns are found by header name, never by position (huobi's quotes put `ask_amount` first).
//
// Mapping (NautilusTrader's Tardis CSV loader, `crates/adapters/tardis/src/csv`):
// - `ts_event = timestamp` (exchange time), `ts_init = local_timestamp` (Tardis receive time).
// - incremental_book_L2 → `OrderBookDelta`: a snapshot (a run of `is_snapshot=true` rows sharing one
//   `local_timestamp`) starts with a CLEAR, then ADDs its levels; update rows are UPDATEs (an L2 book sets
//   the level, creating it if new, so the loader need not track which levels exist); amount 0 is a DELETE.
//   Snapshot deltas, their CLEAR included, carry F_SNAPSHOT. F_LAST marks the last delta of each run of
//   rows sharing a `local_timestamp` (one Tardis message: an event batch). Nautilus batches by exchange
//   `timestamp`; Keel uses the receive time, by which Tardis orders the file, so a batch is contiguous.
//   Sequence numbers are 0 (Tardis has none). The instrument id is the caller's, not the file's symbol.
// - book_snapshot_N → `OrderBookDepth10`: the top 10 levels of each side (a 25-level snapshot loses the
//   other 15, counted in `levelsDropped`), padded with `BookOrder.empty`; each level's order count is 1;
//   flags F_LAST. `loadSnapshotDeltas` keeps every level instead: CLEAR + ADDs per row, as above.
// - trades → `TradeTick`: `side` buy → BUYER, sell → SELLER, unknown → NO_AGGRESSOR; the trade id is `id`
//   (up to 63 bytes, so UUIDs fit); an empty id (exchanges without one) becomes the line number.
// - quotes → `QuoteTick` (an empty side — no bids or no asks — is price 0 and size 0, as Nautilus does).
//
// Precision: given by the caller (the instrument's price and size precision), a value with more decimals
// is an error naming its line and column — never rounded. Not given (nil), it is inferred as the most
// decimals any price (any amount) in the file needs, trailing zeros ignored, as Nautilus infers it; every
// value returned then has that precision (values are read at precision 9 and re-stamped at the end, which is
// exact: raws are integers at scale 10^9). This is why the loaders return arrays and do not stream.
//
// Quirk policies (counted in `TardisLoadReport`; the sample files meet some, see the data README):
// - `local_timestamp` decreasing: an error naming the line by default (`OutOfOrderPolicy.fail`) — Tardis
//   writes rows in receive order, so a decrease means a concatenated or damaged file; `.keep` counts it.
// - `timestamp` decreasing (exchange clocks and merged channels do this): kept, counted.
// - Equal consecutive `local_timestamp`s: kept, counted (several trades or levels in one message).
// - `local_timestamp` < `timestamp` (clock skew between Tardis and the venue): kept as written, counted.
// - Rows identical to the previous row: kept, counted (an L2 set is absolute; two equal trades are two).
// - Crossed (bid > ask) and locked (bid == ask) quotes and book snapshots: kept, counted. For
//   incremental_book_L2 each snapshot's best bid and ask are compared when it ends; updates are not.
// - Snapshot rows after update rows (a reconnect): a CLEAR first, counted in `snapshotsAfterUpdates`.
// - A snapshot level with amount 0, book snapshot levels out of order or after an empty level, an
//   unknown `side` or `is_snapshot`, a row with too few or too many fields, a second exchange or symbol
//   in one file: errors naming the line and column.
// - Zero-amount trades: skipped (a trade has a positive size), counted in `zeroVolume`, as Nautilus skips them.

public import KeelModel

/// Loads Tardis.dev CSV datasets: L2 book deltas, book snapshots, trades and quotes.
///
/// Every loader reads the whole file and returns its values in file order with a `TardisLoadReport`.
/// The file's exchange and symbol are not interpreted: values carry the `instrumentId` given.
public enum TardisLoader {
    /// Loads any dataset `TardisLoader` reads and returns only its report (for inspecting a file).
    ///
    /// Book snapshots are read as `loadDepth10` reads them.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - kind: The dataset, or nil to detect it from the header with `detectKind(header:)`.
    ///   - instrumentId: The instrument the values are for.
    ///   - outOfOrder: What to do with a `local_timestamp` earlier than the previous row's.
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row, or line 1 if the
    ///   header is not a Tardis dataset.
    public static func loadReport(
        path: String, kind: TardisFileKind? = nil, instrumentId: InstrumentId, outOfOrder: OutOfOrderPolicy = .keep
    ) throws(CSVError) -> TardisLoadReport {
        let detected: TardisFileKind?
        if let kind { detected = kind } else { detected = try detectKind(path: path) }
        guard let kind = detected else {
            throw CSVError(path: path, line: 1, field: nil, reason: "not a Tardis incremental_book_L2, book_snapshot_N, trades or quotes header")
        }
        switch kind {
        case .incrementalBookL2: return try loadDeltas(path: path, instrumentId: instrumentId, outOfOrder: outOfOrder).1
        case .bookSnapshot: return try loadDepth10(path: path, instrumentId: instrumentId, outOfOrder: outOfOrder).1
        case .trades: return try loadTrades(path: path, instrumentId: instrumentId, outOfOrder: outOfOrder).1
        case .quotes: return try loadQuotes(path: path, instrumentId: instrumentId, outOfOrder: outOfOrder).1
        }
    }
}
