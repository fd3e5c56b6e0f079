// TardisFileKind: which Tardis.dev CSV dataset a file holds, told from its header alone.
//
// Every Tardis CSV dataset starts with `exchange,symbol,timestamp,local_timestamp`; the rest of the
// header names the dataset (https://docs.tardis.dev/downloadable-csv-files):
// - incremental_book_L2: `is_snapshot,side,price,amount`
// - book_snapshot_N:     `asks[i].price,asks[i].amount,bids[i].price,bids[i].amount` for i in 0..<N
// - trades:              `id,side,price,amount`
// - quotes:              `ask_amount,ask_price,bid_price,bid_amount` (order varies by exchange)
// Detection goes by column names, never by position, so reordered columns (huobi's quotes) are found.

/// A Tardis.dev CSV dataset that `TardisLoader` reads.
public enum TardisFileKind: Hashable, Sendable, CustomStringConvertible {
    /// `incremental_book_L2`: L2 book snapshots and level updates, one level per row.
    case incrementalBookL2
    /// `book_snapshot_N`: the top `levels` levels of each side per row (Tardis publishes 5 and 25).
    case bookSnapshot(levels: Int)
    /// `trades`: one trade per row.
    case trades
    /// `quotes`: the best bid and ask per row.
    case quotes

    /// The columns every Tardis CSV dataset starts with.
    public static let commonColumns = ["exchange", "symbol", "timestamp", "local_timestamp"]

    /// The Tardis dataset name: `incremental_book_L2`, `book_snapshot_25`, `trades`, `quotes`.
    public var description: String {
        switch self {
        case .incrementalBookL2: "incremental_book_L2"
        case .bookSnapshot(let levels): "book_snapshot_\(levels)"
        case .trades: "trades"
        case .quotes: "quotes"
        }
    }

    /// The dataset name in messages: as `description`, but `book_snapshot_N` before the level count is known.
    var expectedName: String {
        if case .bookSnapshot(let levels) = self, levels <= 0 { return "book_snapshot_N" }
        return description
    }

    /// The price column of level `index` of one side of a book snapshot: `asks[3].price`.
    static func levelColumn(isBid: Bool, _ index: Int, _ value: String) -> String {
        "\(isBid ? "bids" : "asks")[\(index)].\(value)"
    }
}

extension TardisLoader {
    /// Returns the Tardis dataset whose header is `header`, or nil if it is not one `TardisLoader` reads.
    ///
    /// Columns are matched by name, in any order; extra columns are allowed. A book snapshot's level
    /// count is the number of consecutive levels `0, 1, …` that have all four columns.
    ///
    /// - Parameter header: The header fields, as written (case-sensitive).
    /// - Complexity: O(n) in the number of columns.
    public static func detectKind(header: [String]) -> TardisFileKind? {
        let names = Set(header)
        guard TardisFileKind.commonColumns.allSatisfy(names.contains) else { return nil }
        func has(_ columns: String...) -> Bool { columns.allSatisfy(names.contains) }
        if has("is_snapshot", "side", "price", "amount") { return .incrementalBookL2 }
        if has("id", "side", "price", "amount") { return .trades }
        if has("ask_amount", "ask_price", "bid_price", "bid_amount") { return .quotes }
        var levels = 0
        while ["price", "amount"].allSatisfy({ value in
            names.contains(TardisFileKind.levelColumn(isBid: false, levels, value))
                && names.contains(TardisFileKind.levelColumn(isBid: true, levels, value))
        }) {
            levels += 1
        }
        return levels > 0 ? .bookSnapshot(levels: levels) : nil
    }

    /// Returns the Tardis dataset in the file at `path`, read from its first line, or nil if it is not one
    /// `TardisLoader` reads.
    ///
    /// - Parameter path: The CSV file.
    /// - Throws: `CSVError` if the file cannot be opened or read, or is empty.
    public static func detectKind(path: String) throws(CSVError) -> TardisFileKind? {
        let reader = try CSVReader(path: path)
        guard try reader.nextRow() else { throw CSVError(path: path, line: 0, field: nil, reason: "empty file: expected a header") }
        return detectKind(header: (0..<reader.fieldCount).map { reader.string($0) })
    }
}
