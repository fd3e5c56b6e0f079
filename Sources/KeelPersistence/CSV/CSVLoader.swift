// CSVLoader: the one generic loader behind every vendor CSV format (layouts in CSVLayouts.swift).
//
// Design decisions:
// - One row loop (`RowLoop`) does what every format shares: header resolution, timestamp parsing,
//   time order and duplicate checks, counting quirks into a `LoadReport`. The per-kind part (quote,
//   trade, bar) is a small closure that reads decimals straight from the row's bytes.
// - Decimals go through `FixedPoint.parse(buffer)`; a precision left nil is taken from the first data
//   row, and a later value with more decimals than that precision is an error naming the line and
//   field — Keel never rounds vendor prices silently.
// - Each value is handed to a caller's closure as it is made (streaming); the array-returning
//   functions are built on the closures.
// - Every streaming loader reads a file or, with the same code, text held in memory (`bytes:name:`,
//   for tests and fuzzing): the input only decides how the `CSVReader` is opened.

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import KeelCore
public import KeelModel

/// Loads quotes, trades and bars from CSV files described by a layout.
public enum CSVLoader {
    /// Streams the quotes of `path` to `body`.
    ///
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row.
    /// - Returns: the load report (rows, time range, quirks).
    @discardableResult
    public static func loadQuotes(
        path: String, layout: CSVQuoteLayout, _ body: (QuoteTick) -> Void
    ) throws(CSVError) -> LoadReport {
        try quotes(.path(path), layout, body)
    }

    /// Streams the quotes of CSV text held in memory to `body`, exactly as `loadQuotes(path:layout:_:)`
    /// would from a file with that content.
    ///
    /// - Parameters:
    ///   - bytes: The whole text.
    ///   - name: What the report and every `CSVError` call the text.
    /// - Throws: `CSVError` naming `name`, the line and the field of the first malformed row.
    /// - Returns: the load report (rows, time range, quirks).
    @discardableResult
    public static func loadQuotes(
        bytes: [UInt8], name: String, layout: CSVQuoteLayout, _ body: (QuoteTick) -> Void
    ) throws(CSVError) -> LoadReport {
        try quotes(.bytes(bytes, name: name), layout, body)
    }

    private static func quotes(_ input: CSVInput, _ layout: CSVQuoteLayout, _ body: (QuoteTick) -> Void) throws(CSVError) -> LoadReport {
        var loop = try RowLoop(input: input, time: layout.time)
        let bid = try loop.resolve(layout.bid, "bid"), ask = try loop.resolve(layout.ask, "ask")
        let bidSize = try layout.bidSize.map { c throws(CSVError) in try loop.resolve(c, "bid_size") }
        let askSize = try layout.askSize.map { c throws(CSVError) in try loop.resolve(c, "ask_size") }
        var pricePrecision = layout.pricePrecision, sizePrecision = layout.sizePrecision
        var previous: (Int64, Int64)? = nil
        try loop.run { row, ts throws(CSVError) in
            let b = try row.decimal(bid, "bid", &pricePrecision, kind: "Price")
            let a = try row.decimal(ask, "ask", &pricePrecision, kind: "Price")
            let p = pricePrecision ?? 0
            var bs = layout.defaultSize, asz = layout.defaultSize
            if let bidSize, let askSize {
                bs = Quantity(raw: try row.decimal(bidSize, "bid_size", &sizePrecision, kind: "Quantity", nonNegative: true), precision: sizePrecision ?? 0)
                asz = Quantity(raw: try row.decimal(askSize, "ask_size", &sizePrecision, kind: "Quantity", nonNegative: true), precision: sizePrecision ?? 0)
            }
            if b > a { row.report.crossed += 1 } else if b == a { row.report.locked += 1 }
            if let previous, previous == (b, a) { row.report.unchangedQuotes += 1 }
            previous = (b, a)
            body(
                QuoteTick(
                    instrumentId: layout.instrumentId, bidPrice: Price(raw: b, precision: p), askPrice: Price(raw: a, precision: p),
                    bidSize: bs, askSize: asz, tsEvent: ts, tsInit: ts))
        }
        return loop.report
    }

    /// Loads every quote of `path`.
    ///
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row.
    public static func loadQuotes(path: String, layout: CSVQuoteLayout) throws(CSVError) -> ([QuoteTick], LoadReport) {
        var out: [QuoteTick] = []
        let report = try loadQuotes(path: path, layout: layout) { out.append($0) }
        return (out, report)
    }

    /// Streams the trades of `path` to `body`.
    ///
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row (a zero size is
    ///   malformed: a trade has a positive size).
    @discardableResult
    public static func loadTrades(path: String, layout: CSVTradeLayout, _ body: (TradeTick) -> Void) throws(CSVError) -> LoadReport {
        try trades(.path(path), layout, body)
    }

    /// Streams the trades of CSV text held in memory to `body`, exactly as `loadTrades(path:layout:_:)`
    /// would from a file with that content.
    ///
    /// - Parameters:
    ///   - bytes: The whole text.
    ///   - name: What the report and every `CSVError` call the text.
    /// - Throws: `CSVError` naming `name`, the line and the field of the first malformed row.
    @discardableResult
    public static func loadTrades(
        bytes: [UInt8], name: String, layout: CSVTradeLayout, _ body: (TradeTick) -> Void
    ) throws(CSVError) -> LoadReport {
        try trades(.bytes(bytes, name: name), layout, body)
    }

    private static func trades(_ input: CSVInput, _ layout: CSVTradeLayout, _ body: (TradeTick) -> Void) throws(CSVError) -> LoadReport {
        var loop = try RowLoop(input: input, time: layout.time)
        let price = try loop.resolve(layout.price, "price"), size = try loop.resolve(layout.size, "size")
        let tradeId = try layout.tradeId.map { c throws(CSVError) in try loop.resolve(c, "trade_id") }
        var aggressorColumn: Int? = nil
        var buyerMaker = false
        switch layout.aggressor {
        case .none: break
        case .buyerMaker(let c):
            aggressorColumn = try loop.resolve(c, "buyer_maker")
            buyerMaker = true
        case .side(let c): aggressorColumn = try loop.resolve(c, "side")
        }
        var pricePrecision = layout.pricePrecision, sizePrecision = layout.sizePrecision
        try loop.run { row, ts throws(CSVError) in
            let px = try row.decimal(price, "price", &pricePrecision, kind: "Price")
            let sz = try row.decimal(size, "size", &sizePrecision, kind: "Quantity", nonNegative: true)
            guard sz > 0 else { throw row.error("size", "a trade's size must be positive, not '\(row.reader.string(size))'") }
            var aggressor = AggressorSide.noAggressor
            if let aggressorColumn {
                let f = row.reader.field(aggressorColumn)
                let c = f.first.map { $0 | 0x20 } ?? 0
                if buyerMaker {
                    guard c == UInt8(ascii: "t") || c == UInt8(ascii: "f") else {
                        throw row.error("buyer_maker", "expected true or false, not '\(row.reader.string(aggressorColumn))'")
                    }
                    aggressor = c == UInt8(ascii: "t") ? .seller : .buyer
                } else {
                    guard c == UInt8(ascii: "b") || c == UInt8(ascii: "s") else {
                        throw row.error("side", "expected buy or sell, not '\(row.reader.string(aggressorColumn))'")
                    }
                    aggressor = c == UInt8(ascii: "b") ? .buyer : .seller
                }
            }
            let id: TradeId
            do {
                id = try TradeId(validating: tradeId.map { row.reader.string($0) } ?? String(row.reader.line))
            } catch {
                throw row.error("trade_id", "\(error)")
            }
            body(
                TradeTick(
                    instrumentId: layout.instrumentId, price: Price(raw: px, precision: pricePrecision ?? 0),
                    size: Quantity(raw: sz, precision: sizePrecision ?? 0), aggressorSide: aggressor, tradeId: id,
                    tsEvent: ts, tsInit: ts))
        }
        return loop.report
    }

    /// Loads every trade of `path`.
    public static func loadTrades(path: String, layout: CSVTradeLayout) throws(CSVError) -> ([TradeTick], LoadReport) {
        var out: [TradeTick] = []
        let report = try loadTrades(path: path, layout: layout) { out.append($0) }
        return (out, report)
    }

    /// Streams the bars of `path` to `body`.
    ///
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row, including bars
    ///   whose high and low do not bound the open and close.
    @discardableResult
    public static func loadBars(path: String, layout: CSVBarLayout, _ body: (Bar) -> Void) throws(CSVError) -> LoadReport {
        try bars(.path(path), layout, body)
    }

    /// Streams the bars of CSV text held in memory to `body`, exactly as `loadBars(path:layout:_:)` would
    /// from a file with that content.
    ///
    /// - Parameters:
    ///   - bytes: The whole text.
    ///   - name: What the report and every `CSVError` call the text.
    /// - Throws: `CSVError` naming `name`, the line and the field of the first malformed row.
    @discardableResult
    public static func loadBars(
        bytes: [UInt8], name: String, layout: CSVBarLayout, _ body: (Bar) -> Void
    ) throws(CSVError) -> LoadReport {
        try bars(.bytes(bytes, name: name), layout, body)
    }

    private static func bars(_ input: CSVInput, _ layout: CSVBarLayout, _ body: (Bar) -> Void) throws(CSVError) -> LoadReport {
        var loop = try RowLoop(input: input, time: layout.time)
        let o = try loop.resolve(layout.open, "open"), h = try loop.resolve(layout.high, "high")
        let l = try loop.resolve(layout.low, "low"), c = try loop.resolve(layout.close, "close")
        let v = try layout.volume.map { col throws(CSVError) in try loop.resolve(col, "volume") }
        var pricePrecision = layout.pricePrecision, volumePrecision = layout.volumePrecision
        try loop.run { row, ts throws(CSVError) in
            let open = try row.decimal(o, "open", &pricePrecision, kind: "Price")
            let high = try row.decimal(h, "high", &pricePrecision, kind: "Price")
            let low = try row.decimal(l, "low", &pricePrecision, kind: "Price")
            let close = try row.decimal(c, "close", &pricePrecision, kind: "Price")
            var volume = layout.defaultVolume
            if let v {
                volume = Quantity(raw: try row.decimal(v, "volume", &volumePrecision, kind: "Quantity", nonNegative: true), precision: volumePrecision ?? 0)
                if volume.raw == 0 { row.report.zeroVolume += 1 }
            }
            let p = pricePrecision ?? 0
            do throws(ValidationError) {
                body(
                    try Bar(
                        validating: layout.barType, open: Price(raw: open, precision: p), high: Price(raw: high, precision: p),
                        low: Price(raw: low, precision: p), close: Price(raw: close, precision: p), volume: volume, tsEvent: ts,
                        tsInit: ts))
            } catch {
                throw row.error(error.field.replacingOccurrences(of: "Bar.", with: ""), error.reason)
            }
        }
        return loop.report
    }

    /// Loads every bar of `path`.
    public static func loadBars(path: String, layout: CSVBarLayout) throws(CSVError) -> ([Bar], LoadReport) {
        var out: [Bar] = []
        let report = try loadBars(path: path, layout: layout) { out.append($0) }
        return (out, report)
    }
}

extension String {
    fileprivate func replacingOccurrences(of prefix: String, with: String) -> String {
        hasPrefix(prefix) ? with + dropFirst(prefix.count) : self
    }
}

/// Where a loader reads from: a file, or text held in memory with a name for messages.
enum CSVInput {
    case path(String)
    case bytes([UInt8], name: String)

    /// A reader over the input.
    ///
    /// - Throws: `CSVError` (line 0) if the file cannot be opened.
    func open(delimiter: UInt8 = UInt8(ascii: ",")) throws(CSVError) -> CSVReader {
        switch self {
        case .path(let path): try CSVReader(path: path, delimiter: delimiter)
        case .bytes(let bytes, let name): CSVReader(bytes: bytes, name: name, delimiter: delimiter)
        }
    }
}

/// The current row, as the per-kind closures see it.
struct CSVRow: ~Copyable {
    let reader: CSVReader
    var report: LoadReport

    func error(_ field: String, _ reason: String) -> CSVError {
        CSVError(path: reader.path, line: reader.line, field: field, reason: reason)
    }

    /// The raw value (1e-9 units) of a decimal field, on the grid of `precision` (set from this field
    /// when nil).
    func decimal(_ column: Int, _ name: String, _ precision: inout UInt8?, kind: String, nonNegative: Bool = false) throws(CSVError) -> Int64 {
        let bytes = reader.field(column)
        switch FixedPoint.parse(bytes) {
        case .failure(let why):
            throw error(name, "invalid \(kind) '\(reader.string(column))': \(why)")
        case .success(let parsed):
            guard !parsed.rounded, let raw = Int64(exactly: parsed.raw), raw != .min else {
                throw error(name, "invalid \(kind) '\(reader.string(column))': out of range or more than 9 decimals")
            }
            if nonNegative && raw < 0 { throw error(name, "invalid \(kind) '\(reader.string(column))': must not be negative") }
            let p = precision ?? parsed.decimals
            precision = p
            guard raw % FixedPoint.rawStep(precision: p) == 0 else {
                throw error(name, "invalid \(kind) '\(reader.string(column))': more decimals than the precision \(p)")
            }
            return raw
        }
    }
}

/// The shared row loop: header, timestamps, order and duplicate checks, the report.
struct RowLoop {
    let reader: CSVReader
    let time: CSVTimeColumns
    var report: LoadReport
    private var header: [String] = []
    private var timestampColumn = 0
    private var maxColumn = 0

    init(input: CSVInput, time: CSVTimeColumns) throws(CSVError) {
        reader = try input.open(delimiter: time.delimiter)
        self.time = time
        report = LoadReport(path: reader.path)
        if time.hasHeader {
            guard try reader.nextRow() else { throw CSVError(path: reader.path, line: 0, field: nil, reason: "empty file: expected a header") }
            header = (0..<reader.fieldCount).map { reader.string($0) }
        }
        timestampColumn = try resolve(time.timestamp, "timestamp")
    }

    /// The index of `column`, checking a name against the header.
    mutating func resolve(_ column: CSVColumn, _ name: String) throws(CSVError) -> Int {
        let index: Int
        switch column {
        case .index(let i):
            guard i >= 0 else { throw CSVError(path: reader.path, line: 0, field: name, reason: "column index \(i) is negative") }
            index = i
        case .name(let n):
            guard let i = header.firstIndex(of: n) else {
                throw CSVError(
                    path: reader.path, line: time.hasHeader ? 1 : 0, field: name,
                    reason: time.hasHeader ? "no column '\(n)' in the header \(header)" : "column '\(n)' named but the layout has no header")
            }
            index = i
        }
        maxColumn = max(maxColumn, index)
        return index
    }

    /// Runs `make` for every data row with its timestamp, checking and counting as documented in
    /// LoadReport.swift.
    mutating func run(_ make: (inout CSVRow, UnixNanos) throws(CSVError) -> Void) throws(CSVError) {
        var previousTs: UnixNanos? = nil
        var previousRow: [UInt8] = []
        var withFraction = 0, withoutFraction = 0
        var row = CSVRow(reader: reader, report: report)
        while try reader.nextRow() {
            row.report.rows += 1
            guard reader.fieldCount > maxColumn else {
                throw row.error("#\(maxColumn + 1)", "the row has \(reader.fieldCount) fields, expected at least \(maxColumn + 1)")
            }
            let ts: UnixNanos
            switch time.format.parse(reader.field(timestampColumn), utcOffsetSeconds: time.utcOffsetSeconds) {
            case .failure(let why): throw row.error("timestamp", "invalid timestamp '\(reader.string(timestampColumn))': \(why.reason)")
            case .success(let parsed):
                let (shifted, overflow) = parsed.ts.rawValue.addingReportingOverflow(time.shift.rawValue)
                guard !overflow else { throw row.error("timestamp", "'\(reader.string(timestampColumn))' is out of range") }
                ts = UnixNanos(shifted)
                if parsed.hasFraction { withFraction += 1 } else { withoutFraction += 1 }
            }
            // Duplicates and order.
            let bytes = reader.rowBytes
            // memcmp: the generic elementsEqual compared a byte per ~9 instructions (S1: 28 M of its load).
            let duplicate = previousRow.count == bytes.count
                && previousRow.withUnsafeBufferPointer { previous in
                    guard let a = previous.baseAddress, let b = bytes.baseAddress else { return true }  // both empty
                    return memcmp(a, b, bytes.count) == 0
                }
            if duplicate { row.report.duplicateRows += 1 }
            previousRow.removeAll(keepingCapacity: true)
            previousRow.append(contentsOf: bytes)
            if let p = previousTs {
                if ts == p {
                    row.report.duplicateTimestamps += 1
                } else if ts < p {
                    guard time.outOfOrder == .keep else {
                        throw row.error("timestamp", "\(ts) is earlier than the previous row's \(p) (out of order)")
                    }
                    row.report.outOfOrder += 1
                }
            }
            previousTs = ts
            if duplicate && time.duplicateRows == .drop { continue }
            try make(&row, ts)
            row.report.loaded += 1
            if row.report.firstTs == nil { row.report.firstTs = ts }
            row.report.lastTs = ts
        }
        row.report.missingFractionalSeconds = withFraction > 0 ? withoutFraction : 0
        row.report.blankLines = reader.blankLines
        report = row.report
    }
}
