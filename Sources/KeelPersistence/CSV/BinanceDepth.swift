// Binance's historical order book files (depth snapshot + updates) as order book deltas for an L2 book.
//
// Format (header `symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu`):
// `timestamp` is epoch milliseconds, `side` `b`/`a`, `update_type` `snap` (a snapshot level) or `set` (the
// level's new absolute quantity; 0 removes it), `pu` the previous update's `last_update_id` (-1 in snapshots).
//
// Policies (../shared/data/README.md, crypto/binance):
// - A snapshot becomes a CLEAR then one ADD per level, flagged SNAPSHOT, the last one also LAST.
// - Updates become UPDATE (quantity > 0) or DELETE (quantity 0) deltas; rows of one update event (same
//   update ids) form one `OrderBookDeltas` batch whose last delta is flagged LAST.
// - Continuity (Binance's rule for USDⓈ-M futures): the first update event after a snapshot must cover
//   the snapshot's `last_update_id` + 1 (`first_update_id ≤ snap + 1 ≤ last_update_id`), and each later event's
//   `pu` must equal the previous event's `last_update_id`. A break is an error naming the line by default
//   (`GapPolicy.fail`): a book built across a gap is wrong. `.report` keeps going and counts every break.
// - Rows repeating an earlier row of the same update event (or of the snapshot): counted; kept or dropped
//   per `DuplicateRowPolicy` (the sample update file repeats its first 37 rows at its end). Keeping them is
//   harmless — a `set` is absolute — but never silent.

import KeelCore
public import KeelModel

/// What the depth loader does when update ids are not contiguous.
public enum GapPolicy: Hashable, Sendable {
    /// Throw a `CSVError` naming the line (the default).
    case fail
    /// Keep going and count the break in the report.
    case report
}

/// What a depth load read.
public struct BinanceDepthReport: Hashable, Sendable, CustomStringConvertible {
    public var snapshotRows = 0
    public var updateRows = 0
    /// Rows repeating an earlier row of the same update event or snapshot.
    public var duplicateRows = 0
    /// Updates with quantity 0 (level removals).
    public var removals = 0
    /// Update-id continuity breaks met (with `GapPolicy.report`), each described.
    public var gaps: [String] = []
    /// The last update id seen.
    public var lastUpdateId: Int64?

    public var description: String {
        "snapshot rows \(snapshotRows), update rows \(updateRows), duplicates \(duplicateRows), removals \(removals), gaps \(gaps.count)"
    }
}

/// Loads Binance depth snapshot and update files.
public enum BinanceDepth {
    /// The deltas of a snapshot file followed by update files, in order, and what was met.
    ///
    /// - Throws: `CSVError` naming the file, line and field for malformed rows, an unknown side or update
    ///   type, and (with `GapPolicy.fail`) an update-id gap.
    public static func load(
        snapshotPath: String, updatePaths: [String], instrumentId: InstrumentId, pricePrecision: UInt8,
        sizePrecision: UInt8, duplicates: DuplicateRowPolicy = .keep, gaps: GapPolicy = .fail
    ) throws(CSVError) -> ([OrderBookDeltas], BinanceDepthReport) {
        try load(
            inputs: ([snapshotPath] + updatePaths).map { .path($0) }, instrumentId: instrumentId, pricePrecision: pricePrecision,
            sizePrecision: sizePrecision, duplicates: duplicates, gaps: gaps)
    }

    /// The deltas of a snapshot followed by updates held in memory, exactly as
    /// `load(snapshotPath:updatePaths:…)` would read files with that content.
    ///
    /// Errors and reported gaps name the texts `snapshot`, `update 1`, `update 2` …
    ///
    /// - Throws: `CSVError` as `load(snapshotPath:updatePaths:…)` does.
    public static func load(
        snapshotBytes: [UInt8], updateBytes: [[UInt8]], instrumentId: InstrumentId, pricePrecision: UInt8,
        sizePrecision: UInt8, duplicates: DuplicateRowPolicy = .keep, gaps: GapPolicy = .fail
    ) throws(CSVError) -> ([OrderBookDeltas], BinanceDepthReport) {
        let updates = updateBytes.enumerated().map { CSVInput.bytes($0.element, name: "update \($0.offset + 1)") }
        return try load(
            inputs: [.bytes(snapshotBytes, name: "snapshot")] + updates, instrumentId: instrumentId,
            pricePrecision: pricePrecision, sizePrecision: sizePrecision, duplicates: duplicates, gaps: gaps)
    }

    private static func load(
        inputs: [CSVInput], instrumentId: InstrumentId, pricePrecision: UInt8, sizePrecision: UInt8,
        duplicates: DuplicateRowPolicy, gaps: GapPolicy
    ) throws(CSVError) -> ([OrderBookDeltas], BinanceDepthReport) {
        var report = BinanceDepthReport()
        var batches: [OrderBookDeltas] = []
        var lastUpdateId: Int64?
        var afterSnapshot = false
        for (fileIndex, input) in inputs.enumerated() {
            let isSnapshotFile = fileIndex == 0
            let reader = try input.open()
            let path = reader.path
            guard try reader.nextRow() else { throw CSVError(path: path, line: 0, field: nil, reason: "empty file") }
            let header = (0..<reader.fieldCount).map { reader.string($0) }
            let columns = ["symbol", "timestamp", "first_update_id", "last_update_id", "side", "update_type", "price", "qty", "pu"]
            guard header == columns else {
                throw CSVError(path: path, line: reader.line, field: nil, reason: "expected the header \(columns.joined(separator: ","))")
            }
            var pending: [OrderBookDelta] = []
            var pendingIds: (Int64, Int64)?
            // Rows already seen in the current update event (or the snapshot): repeats are counted.
            var seenInEvent = Set<[UInt8]>()
            func flush() {
                guard !pending.isEmpty else { return }
                var deltas = pending
                let last = deltas.removeLast()
                let flagged = OrderBookDelta(
                    instrumentId: last.instrumentId, action: last.action, order: last.order, flags: last.flags | RecordFlags.last.rawValue,
                    sequence: last.sequence, tsEvent: last.tsEvent, tsInit: last.tsInit)
                batches.append(OrderBookDeltas(instrumentId: instrumentId, deltas: deltas + [flagged]))
                pending.removeAll()
            }
            while try reader.nextRow() {
                let line = reader.line
                func fail(_ field: String?, _ reason: String) -> CSVError { CSVError(path: path, line: line, field: field, reason: reason) }
                guard reader.fieldCount == 9 else { throw fail(nil, "expected 9 fields, got \(reader.fieldCount)") }
                let row = Array(reader.rowBytes)
                let firstIdText = reader.string(2), lastIdText = reader.string(3)
                if let ids = pendingIds, "\(ids.0)" != firstIdText || "\(ids.1)" != lastIdText { seenInEvent.removeAll() }
                if !seenInEvent.insert(row).inserted {
                    report.duplicateRows += 1
                    if duplicates == .drop { continue }
                }
                func integer(_ index: Int, _ name: String) throws(CSVError) -> Int64 {
                    guard let value = Int64(reader.string(index)) else { throw fail(name, "'\(reader.string(index))' is not an integer") }
                    return value
                }
                let ms = try integer(1, "timestamp")
                guard ms >= 0 else { throw fail("timestamp", "negative") }
                guard UInt64(ms) <= UInt64.max / UnixNanos.nanosPerMillisecond else {
                    throw fail("timestamp", "\(ms) ms is out of range (after 2554)")
                }
                let ts = UnixNanos(milliseconds: UInt64(ms))
                let firstId = try integer(2, "first_update_id")
                let lastId = try integer(3, "last_update_id")
                let previousId = try integer(8, "pu")
                let side: OrderSide
                switch reader.string(4) {
                case "b": side = .buy
                case "a": side = .sell
                case let other: throw fail("side", "expected 'b' or 'a', got '\(other)'")
                }
                let price: Price
                let quantity: Quantity
                do {
                    price = try Price(reader.string(6), precision: pricePrecision)
                    quantity = try Quantity(reader.string(7), precision: sizePrecision)
                } catch {
                    throw fail(error.kind == "Price" ? "price" : "qty", error.description)
                }
                let order = BookOrder(side: side, price: price, size: quantity, orderId: 0)
                switch reader.string(5) {
                case "snap":
                    guard isSnapshotFile else { throw fail("update_type", "a snapshot row in an update file") }
                    if report.snapshotRows == 0 {
                        pending.append(.clear(instrumentId: instrumentId, flags: RecordFlags.snapshot.rawValue, sequence: UInt64(max(lastId, 0)), tsEvent: ts, tsInit: ts))
                    }
                    report.snapshotRows += 1
                    guard quantity.isPositive else { throw fail("qty", "a snapshot level has no quantity") }
                    pending.append(OrderBookDelta(
                        instrumentId: instrumentId, action: .add, order: order, flags: RecordFlags.snapshot.rawValue,
                        sequence: UInt64(max(lastId, 0)), tsEvent: ts, tsInit: ts))
                    lastUpdateId = lastId
                    afterSnapshot = true
                case "set":
                    report.updateRows += 1
                    if pendingIds.map({ $0 != (firstId, lastId) }) ?? true {
                        // A new update event: check continuity, then close the previous batch.
                        if let previous = lastUpdateId {
                            // No id follows Int64.max: an overflowing `previous + 1` is a gap, not a trap.
                            let (next, overflow) = previous.addingReportingOverflow(1)
                            let contiguous = afterSnapshot ? (!overflow && firstId <= next && next <= lastId) : previousId == previous
                            if !contiguous {
                                let what = "update ids \(firstId)…\(lastId) (pu \(previousId)) do not follow \(previous)"
                                if gaps == .fail { throw fail("first_update_id", what) }
                                report.gaps.append("\(path.split(separator: "/").last ?? ""):\(line): \(what)")
                            }
                        }
                        flush()
                        pendingIds = (firstId, lastId)
                        lastUpdateId = lastId
                        afterSnapshot = false
                    }
                    if quantity.isZero { report.removals += 1 }
                    pending.append(OrderBookDelta(
                        instrumentId: instrumentId, action: quantity.isZero ? .delete : .update, order: order, flags: 0,
                        sequence: UInt64(max(lastId, 0)), tsEvent: ts, tsInit: ts))
                case let other:
                    throw fail("update_type", "expected 'snap' or 'set', got '\(other)'")
                }
            }
            flush()
        }
        report.lastUpdateId = lastUpdateId
        return (batches, report)
    }
}
