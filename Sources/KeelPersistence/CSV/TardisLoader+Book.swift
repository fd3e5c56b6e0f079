// TardisLoader+Book: incremental_book_L2 and book_snapshot_N files as order book data.
// Mapping and policies: the header of TardisLoader.swift.

import KeelCore
public import KeelModel

extension TardisLoader {
    /// Loads an `incremental_book_L2` file as L2 order book deltas.
    ///
    /// Each snapshot (a run of `is_snapshot=true` rows with one `local_timestamp`) becomes a CLEAR followed
    /// by one ADD per level, all flagged F_SNAPSHOT; each update row an UPDATE, or a DELETE when its amount
    /// is 0. The last delta of each run of rows sharing a `local_timestamp` is flagged F_LAST. Apply them
    /// to an `OrderBook` of type `.l2MBP`.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - instrumentId: The instrument the deltas are for.
    ///   - pricePrecision: The instrument's price precision, or nil to infer it from the file.
    ///   - sizePrecision: The instrument's size precision, or nil to infer it from the file.
    ///   - outOfOrder: What to do with a `local_timestamp` earlier than the previous row's.
    /// - Returns: The deltas in file order, and the report (`loaded` counts the deltas, CLEARs included).
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row: a bad number or
    ///   timestamp, a value with more decimals than a given precision, `side` not `bid`/`ask`,
    ///   `is_snapshot` not `true`/`false`, a snapshot level with amount 0, a missing column or field.
    /// - Complexity: O(n) in the number of rows.
    public static func loadDeltas(
        path: String, instrumentId: InstrumentId, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        outOfOrder: OutOfOrderPolicy = .fail
    ) throws(CSVError) -> ([OrderBookDelta], TardisLoadReport) {
        var rows = try TardisRows(
            path: path, kind: .incrementalBookL2, pricePrecision: pricePrecision, sizePrecision: sizePrecision, outOfOrder: outOfOrder)
        let snapshotColumn = try rows.column("is_snapshot"), sideColumn = try rows.column("side")
        let priceColumn = try rows.column("price"), amountColumn = try rows.column("amount")
        let snapshotFlag = RecordFlags.snapshot.rawValue
        var deltas: [OrderBookDelta] = []
        var batch: UnixNanos? = nil
        var inSnapshot = false
        var seenUpdates = false
        var top = SnapshotTop()
        while let times = try rows.next() {
            let isSnapshot: Bool
            if rows.fieldIs(snapshotColumn, "true") {
                isSnapshot = true
            } else if rows.fieldIs(snapshotColumn, "false") {
                isSnapshot = false
            } else {
                throw rows.error(column: snapshotColumn, "expected true or false, not '\(rows.reader.string(snapshotColumn))'")
            }
            let side: OrderSide
            if rows.fieldIs(sideColumn, "bid") {
                side = .buy
            } else if rows.fieldIs(sideColumn, "ask") {
                side = .sell
            } else {
                throw rows.error(column: sideColumn, "expected bid or ask, not '\(rows.reader.string(sideColumn))'")
            }
            let price = try rows.price(priceColumn)
            let amount = try rows.size(amountColumn)
            let newBatch = batch != times.tsInit
            if newBatch {
                markLast(&deltas)
                batch = times.tsInit
            }
            if isSnapshot && (!inSnapshot || newBatch) {
                if inSnapshot { top.count(into: &rows.report.csv) }
                if seenUpdates { rows.report.snapshotsAfterUpdates += 1 }
                deltas.append(.clear(instrumentId: instrumentId, flags: snapshotFlag, tsEvent: times.tsEvent, tsInit: times.tsInit))
                rows.report.clears += 1
                top = SnapshotTop()
            } else if !isSnapshot && inSnapshot {
                top.count(into: &rows.report.csv)
            }
            inSnapshot = isSnapshot
            if isSnapshot {
                rows.report.snapshotRows += 1
                guard amount > 0 else { throw rows.error(column: amountColumn, "a snapshot level has amount 0") }
                top.add(isBid: side == .buy, price)
            } else {
                rows.report.updateRows += 1
                seenUpdates = true
            }
            let order = BookOrder(
                side: side, price: Price(raw: price, precision: rows.prices.building),
                size: Quantity(raw: amount, precision: rows.sizes.building), orderId: 0)
            deltas.append(
                OrderBookDelta(
                    instrumentId: instrumentId, action: amount == 0 ? .delete : isSnapshot ? .add : .update, order: order,
                    flags: isSnapshot ? snapshotFlag : 0, tsEvent: times.tsEvent, tsInit: times.tsInit))
        }
        if inSnapshot { top.count(into: &rows.report.csv) }
        markLast(&deltas)
        if rows.needsRestamp {
            restamp(&deltas, rows.prices.final, rows.sizes.final)
        }
        rows.report.csv.loaded = deltas.count
        return (deltas, rows.report)
    }

    /// Loads a `book_snapshot_5` or `book_snapshot_25` file as depth-10 snapshots, one per row.
    ///
    /// A snapshot keeps the ten best levels of each side; a 25-level file's levels 10–24 are dropped and
    /// counted in the report's `levelsDropped` (use `loadSnapshotDeltas` to keep them). Sides with fewer
    /// than ten levels are padded with `BookOrder.empty` and a count of 0; every real level has count 1
    /// (Tardis gives no order counts). Flags are F_LAST, the sequence 0.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - instrumentId: The instrument the snapshots are for.
    ///   - pricePrecision: The instrument's price precision, or nil to infer it from the file (every level
    ///     read counts, dropped ones included).
    ///   - sizePrecision: The instrument's size precision, or nil to infer it from the file.
    ///   - outOfOrder: What to do with a `local_timestamp` earlier than the previous row's.
    /// - Returns: The snapshots in file order, and the report.
    /// - Throws: `CSVError` naming the file, line and column (`bids[3].price`) of the first malformed row:
    ///   a bad number, a level with amount 0, levels not strictly worse than the one above, a level after
    ///   an empty one, a missing column or field.
    /// - Complexity: O(n × levels).
    public static func loadDepth10(
        path: String, instrumentId: InstrumentId, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        outOfOrder: OutOfOrderPolicy = .fail
    ) throws(CSVError) -> ([OrderBookDepth10], TardisLoadReport) {
        let depth = OrderBookDepth10.depth
        var depths: [OrderBookDepth10] = []
        var rows = try readSnapshots(
            path: path, pricePrecision: pricePrecision, sizePrecision: sizePrecision, outOfOrder: outOfOrder
        ) { rows, times, bids, asks throws(CSVError) in
            rows.report.levelsDropped += max(0, bids.count - depth) + max(0, asks.count - depth)
            func levels(_ side: [Level], _ orderSide: OrderSide) -> [BookOrder] {
                side.prefix(depth).map {
                    BookOrder(
                        side: orderSide, price: Price(raw: $0.price, precision: rows.prices.building),
                        size: Quantity(raw: $0.size, precision: rows.sizes.building), orderId: 0)
                } + repeatElement(BookOrder.empty, count: max(0, depth - side.count))
            }
            func counts(_ side: [Level]) -> [UInt32] {
                Array(repeating: 1, count: min(side.count, depth)) + repeatElement(0, count: max(0, depth - side.count))
            }
            do throws(ValidationError) {
                depths.append(
                    try OrderBookDepth10.validated(
                        instrumentId: instrumentId, bids: levels(bids, .buy), asks: levels(asks, .sell), bidCounts: counts(bids),
                        askCounts: counts(asks), flags: RecordFlags.last.rawValue, tsEvent: times.tsEvent, tsInit: times.tsInit))
            } catch {
                throw rows.error(error.field, error.reason)
            }
        }
        if rows.needsRestamp {
            let p = rows.prices.final, s = rows.sizes.final
            depths = depths.map { d in
                func restamp(_ side: [BookOrder]) -> [BookOrder] {
                    side.map { OrderBookDepth10.isPadding($0) ? $0 : restamped($0, p, s) }
                }
                return OrderBookDepth10(
                    instrumentId: d.instrumentId, bids: restamp(d.bids), asks: restamp(d.asks), bidCounts: d.bidCounts,
                    askCounts: d.askCounts, flags: d.flags, sequence: d.sequence, tsEvent: d.tsEvent, tsInit: d.tsInit)
            }
        }
        rows.report.csv.loaded = depths.count
        return (depths, rows.report)
    }

    /// Loads a `book_snapshot_N` file as L2 snapshot deltas, keeping every level.
    ///
    /// Each row becomes a CLEAR followed by one ADD per level (bids best first, then asks best first), all
    /// flagged F_SNAPSHOT, the row's last delta also F_LAST. Apply them to an `OrderBook` of type `.l2MBP`.
    ///
    /// - Parameters: As `loadDepth10`.
    /// - Returns: The deltas in file order, and the report (`loaded` counts the deltas, CLEARs included).
    /// - Throws: `CSVError` as `loadDepth10`.
    /// - Complexity: O(n × levels).
    public static func loadSnapshotDeltas(
        path: String, instrumentId: InstrumentId, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        outOfOrder: OutOfOrderPolicy = .fail
    ) throws(CSVError) -> ([OrderBookDelta], TardisLoadReport) {
        let snapshotFlag = RecordFlags.snapshot.rawValue
        var deltas: [OrderBookDelta] = []
        var rows = try readSnapshots(
            path: path, pricePrecision: pricePrecision, sizePrecision: sizePrecision, outOfOrder: outOfOrder
        ) { rows, times, bids, asks throws(CSVError) in
            deltas.append(.clear(instrumentId: instrumentId, flags: snapshotFlag, tsEvent: times.tsEvent, tsInit: times.tsInit))
            rows.report.clears += 1
            for (side, levels) in [(OrderSide.buy, bids), (.sell, asks)] {
                for level in levels {
                    let order = BookOrder(
                        side: side, price: Price(raw: level.price, precision: rows.prices.building),
                        size: Quantity(raw: level.size, precision: rows.sizes.building), orderId: 0)
                    deltas.append(
                        OrderBookDelta(
                            instrumentId: instrumentId, action: .add, order: order, flags: snapshotFlag, tsEvent: times.tsEvent,
                            tsInit: times.tsInit))
                }
            }
            markLast(&deltas)
        }
        if rows.needsRestamp {
            restamp(&deltas, rows.prices.final, rows.sizes.final)
        }
        rows.report.csv.loaded = deltas.count
        return (deltas, rows.report)
    }

    // MARK: Internals

    /// One level of a book snapshot row: raw price and size.
    struct Level {
        var price: Int64
        var size: Int64
    }

    /// Reads every row of a book snapshot file, checks its levels, counts crossed and locked snapshots, and
    /// hands each row's bids and asks (best first, only real levels) to `body`; returns the finished loop.
    static func readSnapshots(
        path: String, pricePrecision: UInt8?, sizePrecision: UInt8?, outOfOrder: OutOfOrderPolicy,
        _ body: (inout TardisRows, TardisTimes, [Level], [Level]) throws(CSVError) -> Void
    ) throws(CSVError) -> TardisRows {
        var rows = try TardisRows(
            path: path, kind: .bookSnapshot(levels: 0), pricePrecision: pricePrecision, sizePrecision: sizePrecision,
            outOfOrder: outOfOrder)
        var levels = 0
        while rows.header.contains(TardisFileKind.levelColumn(isBid: false, levels, "price")) { levels += 1 }
        // Level 0 must exist: resolving it names the missing column.
        let count = max(levels, 1)
        rows.report.kind = .bookSnapshot(levels: levels)
        var columns: [[(price: Int, amount: Int)]] = [[], []]
        for (k, isBid) in [true, false].enumerated() {
            for i in 0..<count {
                columns[k].append(
                    (
                        try rows.column(TardisFileKind.levelColumn(isBid: isBid, i, "price")),
                        try rows.column(TardisFileKind.levelColumn(isBid: isBid, i, "amount"))
                    ))
            }
        }
        var sides: [[Level]] = [[], []]
        while let times = try rows.next() {
            for k in 0..<2 {
                let isBid = k == 0
                sides[k].removeAll(keepingCapacity: true)
                var emptyAt: Int? = nil
                for (i, column) in columns[k].enumerated() {
                    if rows.isEmpty(column.price) {
                        guard rows.isEmpty(column.amount) else {
                            throw rows.error(column: column.price, "empty price with amount '\(rows.reader.string(column.amount))'")
                        }
                        if emptyAt == nil { emptyAt = i }
                        continue
                    }
                    if let emptyAt {
                        throw rows.error(column: column.price, "a level after the empty level \(emptyAt)")
                    }
                    let price = try rows.price(column.price)
                    let size = try rows.size(column.amount)
                    guard size > 0 else { throw rows.error(column: column.amount, "a snapshot level has amount 0") }
                    if let above = sides[k].last?.price, isBid ? price >= above : price <= above {
                        // Levels are contiguous (a gap is an error above), so the level above is column i - 1.
                        let aboveText = rows.reader.string(columns[k][i - 1].price)
                        throw rows.error(
                            column: column.price,
                            "\(rows.reader.string(column.price)) is not strictly worse than the level above (\(aboveText))")
                    }
                    sides[k].append(Level(price: price, size: size))
                }
            }
            if let bid = sides[0].first?.price, let ask = sides[1].first?.price {
                if bid > ask { rows.report.csv.crossed += 1 } else if bid == ask { rows.report.csv.locked += 1 }
            }
            try body(&rows, times, sides[0], sides[1])
        }
        return rows
    }

    /// The best bid and ask of an incremental snapshot, to count crossed and locked snapshots.
    struct SnapshotTop {
        var bid: Int64?
        var ask: Int64?

        mutating func add(isBid: Bool, _ price: Int64) {
            if isBid { bid = max(bid ?? price, price) } else { ask = min(ask ?? price, price) }
        }

        func count(into report: inout LoadReport) {
            guard let bid, let ask else { return }
            if bid > ask { report.crossed += 1 } else if bid == ask { report.locked += 1 }
        }
    }

    /// Sets F_LAST on the last delta, if any.
    static func markLast(_ deltas: inout [OrderBookDelta]) {
        guard let d = deltas.last, !d.isLast else { return }
        deltas[deltas.count - 1] = OrderBookDelta(
            instrumentId: d.instrumentId, action: d.action, order: d.order, flags: d.flags | RecordFlags.last.rawValue,
            sequence: d.sequence, tsEvent: d.tsEvent, tsInit: d.tsInit)
    }

    /// Every delta but the CLEARs at price precision `p` and size precision `s` (once the file's precisions
    /// are known).
    static func restamp(_ deltas: inout [OrderBookDelta], _ p: UInt8, _ s: UInt8) {
        for i in deltas.indices where deltas[i].action != .clear {
            let d = deltas[i]
            deltas[i] = OrderBookDelta(
                instrumentId: d.instrumentId, action: d.action, order: restamped(d.order, p, s), flags: d.flags,
                sequence: d.sequence, tsEvent: d.tsEvent, tsInit: d.tsInit)
        }
    }

    /// `order` at price precision `p` and size precision `s` (its raws lie on both grids).
    static func restamped(_ order: BookOrder, _ p: UInt8, _ s: UInt8) -> BookOrder {
        BookOrder(
            side: order.side, price: Price(raw: order.price.raw, precision: p), size: Quantity(raw: order.size.raw, precision: s),
            orderId: order.orderId)
    }
}
