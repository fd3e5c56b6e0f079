// The fills report: one row per OrderFilled, in the reference's columns and order, so that a Keel run can
// be compared line by line with NautilusTrader's `out/*_fills.csv` (../shared/reference/nautilus/common.py,
// `collect_fills` and `write_fills_csv`).

import Foundation
public import KeelCache
public import KeelModel
import KeelCore

/// The fills of a run as CSV rows.
public enum FillsReport {
    /// The header: the reference's columns.
    public static let header = "ts_event,ts_event_iso,client_order_id,venue_order_id,trade_id,position_id,order_side,order_type,last_qty,last_px,commission,commission_ccy,liquidity_side"

    /// Every fill in `cache`, ordered by (tsEvent, trade id text) as the reference orders them (a stable
    /// sort over orders in the order they were added, then their events).
    public static func fills(in cache: Cache) -> [OrderFilled] { sortedEntries(in: cache).map(\.fill) }

    /// A fill's place in the report: its order, the event's index and the sort key. The report is built at the
    /// end of a run, when memory peaks, so the sort moves these small entries rather than 672-byte fills, and
    /// orders without fills are skipped without rebuilding their events.
    private struct Entry {
        let order: Order
        let event: Int
        let tsEvent: UnixNanos
        let tradeId: TradeId
        let sequence: Int

        var fill: OrderFilled {
            guard case .filled(let fill) = order.events[event] else {
                preconditionFailure("Invariant: an order's events do not change while its fills are reported")
            }
            return fill
        }
    }

    private static func sortedEntries(in cache: Cache) -> [Entry] {
        var entries: [Entry] = []
        for order in cache.orders() where !order.tradeIds.isEmpty {
            for (i, event) in order.events.enumerated() {
                if case .filled(let fill) = event {
                    entries.append(Entry(order: order, event: i, tsEvent: fill.tsEvent, tradeId: fill.tradeId, sequence: entries.count))
                }
            }
        }
        entries.sort { a, b in
            if a.tsEvent != b.tsEvent { return a.tsEvent < b.tsEvent }
            if a.tradeId != b.tradeId { return a.tradeId < b.tradeId }
            return a.sequence < b.sequence
        }
        return entries
    }

    /// Writes the fills of `cache` as CSV to `path` (the text of `csv(fills(in:))`), row by row, never holding
    /// the fills or the whole text.
    ///
    /// - Throws: `BacktestError` naming the file if it cannot be written.
    public static func write(_ cache: Cache, to path: String) throws(BacktestError) {
        let entries = sortedEntries(in: cache)
        guard FileManager.default.createFile(atPath: path, contents: nil), let file = FileHandle(forWritingAtPath: path) else {
            throw BacktestError("cannot write '\(path)'")
        }
        defer { try? file.close() }
        var chunk = header + "\n"
        do {
            for entry in entries {
                chunk += row(entry.fill)
                chunk += "\n"
                if chunk.utf8.count >= 1 << 16 {
                    try file.write(contentsOf: Data(chunk.utf8))
                    chunk = ""
                }
            }
            try file.write(contentsOf: Data(chunk.utf8))
        } catch {
            throw BacktestError("cannot write '\(path)': \(error)")
        }
    }

    /// The CSV text of `fills`, header included, `\n` line endings.
    public static func csv(_ fills: [OrderFilled]) -> String {
        var out = header + "\n"
        out.reserveCapacity(out.utf8.count + fills.count * 192)
        for fill in fills {
            out += row(fill)
            out += "\n"
        }
        return out
    }

    /// One fill as a CSV row.
    public static func row(_ fill: OrderFilled) -> String {
        let commission = fill.commission ?? .zero(fill.currency)
        let fields: [String] = [
            String(fill.tsEvent.rawValue), isoSeconds(fill.tsEvent), fill.clientOrderId.value, fill.venueOrderId.value,
            fill.tradeId.value, fill.positionId?.value ?? "", fill.orderSide.description, fill.orderType.description,
            fill.lastQty.description, fill.lastPx.description, decimalText(commission), commission.currency.code,
            fill.liquiditySide.description,
        ]
        return fields.joined(separator: ",")
    }

    /// An amount as the reference writes it (Python's `Decimal(raw) / 10**9`): the exact value without
    /// trailing zeros, an integral amount without a point — `0.03`, `1.5`, `0` (not `1.50`, `0.00`).
    static func decimalText(_ money: Money) -> String {
        var text = money.amountText
        guard text.contains(".") else { return text }
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }

    /// ISO-8601 as pandas writes a UTC timestamp: seconds, and a fraction only when there is one.
    static func isoSeconds(_ ts: UnixNanos) -> String {
        let full = ts.iso8601  // 2012-02-01T00:29:00.000000000Z
        let base = String(full.prefix(19))
        let nanos = ts.rawValue % UnixNanos.nanosPerSecond
        if nanos == 0 { return base + "+00:00" }
        var fraction = String(full.dropFirst(20).prefix(9))
        if nanos % 1_000 == 0 { fraction = String(fraction.prefix(6)) }
        return base + "." + fraction + "+00:00"
    }
}
