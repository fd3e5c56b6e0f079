// TardisRows: the row loop every Tardis loader shares.
//
// It reads the header, maps columns by name, and for each data row checks the field count, parses both
// timestamps, checks that one file holds one exchange and symbol, and counts the shared quirks
// (order, duplicates, receive-before-exchange times) into a `TardisLoadReport`. Decimals are read straight
// from the row's bytes (`FixedPoint.parse`) and checked against, or used to infer, the precision.

import KeelCore

/// A price or size precision: given by the caller, or inferred as the most decimals any value needs.
struct TardisPrecision {
    /// The precision the caller gave, or nil to infer it.
    let given: UInt8?
    /// The most decimals any value read so far needs (trailing zeros do not count).
    private(set) var inferred: UInt8 = 0

    init(_ given: UInt8?) { self.given = given }

    /// The precision values are built at while reading: the given one, or 9 (every raw lies on its grid)
    /// until the file's precision is known and the values are re-stamped with it.
    var building: UInt8 { given ?? FixedPoint.maxPrecision }
    /// The precision of the values returned.
    var final: UInt8 { given ?? inferred }
    /// True if values built at `building` must be re-stamped at `final`.
    var needsRestamp: Bool { building != final }

    /// Records `raw`; false if a precision was given and `raw` has more decimals than it.
    mutating func admit(_ raw: Int64) -> Bool {
        if let given { return raw % FixedPoint.rawStep(precision: given) == 0 }
        if raw % FixedPoint.rawStep(precision: inferred) != 0 {
            var decimals = FixedPoint.maxPrecision
            var rest = raw
            while decimals > 0 && rest % 10 == 0 {
                rest /= 10
                decimals -= 1
            }
            inferred = decimals
        }
        return true
    }
}

/// A row's two timestamps.
struct TardisTimes {
    /// `timestamp` (exchange time): the values' `tsEvent`.
    var tsEvent: UnixNanos
    /// `local_timestamp` (Tardis receive time): the values' `tsInit`, and the file's order.
    var tsInit: UnixNanos
}

/// The shared row loop of the Tardis loaders.
struct TardisRows {
    let reader: CSVReader
    /// The header fields.
    let header: [String]
    var report: TardisLoadReport
    var prices: TardisPrecision
    var sizes: TardisPrecision
    private let outOfOrder: OutOfOrderPolicy
    private let columns: [String: Int]
    private let exchangeColumn: Int, symbolColumn: Int, timestampColumn: Int, localColumn: Int
    private var previous: TardisTimes?
    private var previousRow: [UInt8] = []
    private var exchange: [UInt8] = []
    private var symbol: [UInt8] = []

    /// Opens `path` and reads its header.
    ///
    /// - Throws: `CSVError` if the file cannot be read, is empty, or lacks one of the common columns.
    init(path: String, kind: TardisFileKind, pricePrecision: UInt8?, sizePrecision: UInt8?, outOfOrder: OutOfOrderPolicy) throws(CSVError) {
        for (name, precision) in [("pricePrecision", pricePrecision), ("sizePrecision", sizePrecision)] {
            if let precision, precision > FixedPoint.maxPrecision {
                throw CSVError(path: path, line: 0, field: nil, reason: "\(name) \(precision) is above the maximum \(FixedPoint.maxPrecision)")
            }
        }
        let reader = try CSVReader(path: path)
        guard try reader.nextRow() else { throw CSVError(path: path, line: 0, field: nil, reason: "empty file: expected a header") }
        self.reader = reader
        header = (0..<reader.fieldCount).map { reader.string($0) }
        var columns: [String: Int] = [:]
        for (index, name) in header.enumerated() where columns[name] == nil { columns[name] = index }
        self.columns = columns
        report = TardisLoadReport(path: path, kind: kind)
        prices = TardisPrecision(pricePrecision)
        sizes = TardisPrecision(sizePrecision)
        self.outOfOrder = outOfOrder
        func resolve(_ name: String) throws(CSVError) -> Int {
            guard let index = columns[name] else {
                throw CSVError(
                    path: path, line: 1, field: name,
                    reason: "no column '\(name)' in the header (expected a Tardis \(kind.expectedName) file)")
            }
            return index
        }
        exchangeColumn = try resolve("exchange")
        symbolColumn = try resolve("symbol")
        timestampColumn = try resolve("timestamp")
        localColumn = try resolve("local_timestamp")
    }

    /// True if values were built at precision 9 and must be re-stamped at the inferred precision.
    var needsRestamp: Bool { prices.needsRestamp || sizes.needsRestamp }

    /// The index of the column `name`.
    ///
    /// - Throws: `CSVError` on line 1 naming the column if the header lacks it.
    func column(_ name: String) throws(CSVError) -> Int {
        guard let index = columns[name] else {
            throw CSVError(
                path: reader.path, line: 1, field: name,
                reason: "no column '\(name)' in the header (expected a Tardis \(report.kind.expectedName) file)")
        }
        return index
    }

    /// An error on the current line.
    func error(_ field: String?, _ reason: String) -> CSVError {
        CSVError(path: reader.path, line: reader.line, field: field, reason: reason)
    }

    /// An error on the current line naming `column`'s header name.
    func error(column: Int, _ reason: String) -> CSVError { error(header[column], reason) }

    /// Advances to the next data row and returns its timestamps, or nil at the end of the file.
    ///
    /// - Throws: `CSVError` for a row with the wrong number of fields, a bad timestamp, another exchange
    ///   or symbol than the first row's, or (with `OutOfOrderPolicy.fail`) a `local_timestamp` earlier
    ///   than the previous row's.
    mutating func next() throws(CSVError) -> TardisTimes? {
        guard try reader.nextRow() else {
            report.csv.blankLines = reader.blankLines
            report.pricePrecision = prices.final
            report.sizePrecision = sizes.final
            return nil
        }
        report.csv.rows += 1
        let count = reader.fieldCount
        guard count == header.count else {
            if count < header.count {
                throw error(header[count], "the row has \(count) fields, expected \(header.count) (truncated: no '\(header[count])')")
            }
            throw error("#\(header.count + 1)", "the row has \(count) fields, expected \(header.count)")
        }
        let times = TardisTimes(tsEvent: try time(timestampColumn), tsInit: try time(localColumn))
        try checkIdentity()
        let bytes = reader.rowBytes
        if previousRow.count == bytes.count && previousRow.withUnsafeBufferPointer({ $0.elementsEqual(bytes) }) {
            report.csv.duplicateRows += 1
        }
        previousRow.removeAll(keepingCapacity: true)
        previousRow.append(contentsOf: bytes)
        if times.tsInit < times.tsEvent { report.localBeforeExchange += 1 }
        if let previous {
            if times.tsInit == previous.tsInit {
                report.csv.duplicateTimestamps += 1
            } else if times.tsInit < previous.tsInit {
                guard outOfOrder == .keep else {
                    throw error(
                        "local_timestamp",
                        "\(times.tsInit.rawValue / 1_000) is earlier than the previous row's \(previous.tsInit.rawValue / 1_000) (out of order)")
                }
                report.csv.outOfOrder += 1
            }
            if times.tsEvent < previous.tsEvent { report.exchangeTimestampRegressions += 1 }
        }
        previous = times
        if report.csv.firstTs == nil { report.csv.firstTs = times.tsEvent }
        report.csv.lastTs = times.tsEvent
        return times
    }

    private func time(_ column: Int) throws(CSVError) -> UnixNanos {
        switch CSVTimestampFormat.epochMicroseconds.parse(reader.field(column), utcOffsetSeconds: 0) {
        case .success(let parsed): return parsed.ts
        case .failure(let why):
            throw error(column: column, "invalid timestamp '\(reader.string(column))': \(why.reason) (integer microseconds)")
        }
    }

    /// Checks that the row's exchange and symbol are the first row's: one file, one book.
    private mutating func checkIdentity() throws(CSVError) {
        let e = reader.field(exchangeColumn), s = reader.field(symbolColumn)
        if report.csv.rows == 1 {
            exchange = Array(e)
            symbol = Array(s)
            return
        }
        if !exchange.elementsEqual(e) { throw differs(exchangeColumn, exchange) }
        if !symbol.elementsEqual(s) { throw differs(symbolColumn, symbol) }
    }

    private func differs(_ column: Int, _ first: [UInt8]) -> CSVError {
        error(
            column: column,
            "'\(reader.string(column))' differs from the first row's '\(String(decoding: first, as: UTF8.self))'; a file holds one instrument")
    }

    // MARK: Fields

    /// True if field `column` of the current row is empty.
    func isEmpty(_ column: Int) -> Bool { reader.field(column).isEmpty }

    /// True if field `column` of the current row is exactly `text` (ASCII).
    func fieldIs(_ column: Int, _ text: StaticString) -> Bool {
        let field = reader.field(column)
        guard field.count == text.utf8CodeUnitCount else { return false }
        return text.withUTF8Buffer { field.elementsEqual($0) }
    }

    /// The raw price (1e-9 units) in field `column`, on the grid of the price precision.
    ///
    /// - Throws: `CSVError` naming the column if the text is not a decimal, has more than 9 decimals, is
    ///   out of range, or has more decimals than the given precision.
    mutating func price(_ column: Int) throws(CSVError) -> Int64 {
        let raw = try decimal(column, kind: "Price", nonNegative: false)
        guard prices.admit(raw) else {
            throw error(column: column, "invalid Price '\(reader.string(column))': more decimals than the price precision \(prices.final)")
        }
        return raw
    }

    /// The raw size (1e-9 units) in field `column`, on the grid of the size precision; never negative.
    ///
    /// - Throws: `CSVError` naming the column as `price(_:)` does, and for a negative amount.
    mutating func size(_ column: Int) throws(CSVError) -> Int64 {
        let raw = try decimal(column, kind: "Quantity", nonNegative: true)
        guard sizes.admit(raw) else {
            throw error(column: column, "invalid Quantity '\(reader.string(column))': more decimals than the size precision \(sizes.final)")
        }
        return raw
    }

    private func decimal(_ column: Int, kind: String, nonNegative: Bool) throws(CSVError) -> Int64 {
        switch FixedPoint.parse(reader.field(column)) {
        case .failure(let why):
            throw error(column: column, "invalid \(kind) '\(reader.string(column))': \(why)")
        case .success(let parsed):
            guard !parsed.rounded, let raw = Int64(exactly: parsed.raw), raw != .min else {
                throw error(column: column, "invalid \(kind) '\(reader.string(column))': out of range or more than 9 decimals")
            }
            if nonNegative && raw < 0 {
                throw error(column: column, "invalid \(kind) '\(reader.string(column))': must not be negative")
            }
            return raw
        }
    }
}
