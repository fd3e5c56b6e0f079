// RunReports: the CSV reports of a run — orders, fills, positions and account balances.
//
// Design decisions:
// - Rows come from the cache and the portfolio after the run, in a deterministic order: orders in the
//   order they were added, positions by (opened time, id) with their snapshots (closed cycles of a
//   reused NETTING id) first, account states in the order they were applied. Fills use `FillsReport`,
//   the reference's columns.
// - Text is built in memory and written once per file: a report is small next to the data.

import Foundation
public import KeelCache
import KeelCore
import KeelModel
import KeelPortfolio
import KeelSystem

/// Writes the CSV reports of a finished run.
public enum RunReports {
    /// The file names written by `write(_:to:)`.
    public static let fileNames = ["orders.csv", "fills.csv", "positions.csv", "account_balances.csv"]

    /// Writes `orders.csv`, `fills.csv`, `positions.csv` and `account_balances.csv` into `directory`
    /// (created if missing).
    ///
    /// - Throws: `BacktestError` if the directory or a file cannot be written.
    public static func write(_ engine: BacktestEngine, to directory: String) throws(BacktestError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch { throw BacktestError("cannot create the reports directory '\(directory)': \(error)") }
        let cache = engine.kernel.cache
        try save(ordersCSV(cache), to: directory + "/orders.csv")
        try FillsReport.write(cache, to: directory + "/fills.csv")
        try save(positionsCSV(cache), to: directory + "/positions.csv")
        try save(accountBalancesCSV(engine), to: directory + "/account_balances.csv")
    }

    /// Writes `text` to `path`, replacing it.
    public static func save(_ text: String, to path: String) throws(BacktestError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw BacktestError("cannot write '\(path)'")
        }
    }

    /// One row per order, in the order they were added.
    public static func ordersCSV(_ cache: Cache) -> String {
        var out = "client_order_id,venue_order_id,strategy_id,instrument_id,side,type,quantity,price,trigger_price,"
            + "time_in_force,status,filled_qty,avg_px,order_list_id,contingency_type,ts_init,ts_last\n"
        for order in cache.orders() {
            let fields: [String] = [
                order.clientOrderId.value, order.venueOrderId?.value ?? "", order.strategyId.value,
                order.instrumentId.description, order.side.description, order.orderType.description,
                order.quantity.description, order.price?.description ?? "", order.triggerPrice?.description ?? "",
                order.timeInForce.description, order.status.description, order.filledQty.description,
                order.avgPx?.description ?? "", order.orderListId?.value ?? "", order.contingencyType.description,
                String(order.tsInit.rawValue), String(order.tsLast.rawValue),
            ]
            out += fields.joined(separator: ",") + "\n"
        }
        return out
    }

    /// One row per position cycle: snapshots of earlier cycles, then the position itself.
    public static func positionsCSV(_ cache: Cache) -> String {
        var out = "position_id,strategy_id,instrument_id,account_id,opening_order_id,closing_order_id,entry,side,quantity,"
            + "peak_qty,avg_px_open,avg_px_close,realized_return,realized_pnl,currency,ts_opened,ts_closed\n"
        func row(_ values: [String]) { out += values.joined(separator: ",") + "\n" }
        let positions = cache.positions().sorted { ($0.tsOpened, $0.id.value) < ($1.tsOpened, $1.id.value) }
        for position in positions {
            for s in cache.positionSnapshots(for: position.id) {
                row([
                    s.id.value, s.strategyId.value, s.instrumentId.description, s.accountId.value, s.openingOrderId.value,
                    s.closingOrderId?.value ?? "", s.entry.description, s.side.description, s.quantity.description,
                    s.peakQuantity.description, "\(s.avgPxOpen)", s.avgPxClose.map { "\($0)" } ?? "", "\(s.realizedReturn)",
                    s.realizedPnl.amountText, s.realizedPnl.currency.code, String(s.tsOpened.rawValue),
                    s.tsClosed.map { String($0.rawValue) } ?? "",
                ])
            }
            let p = position
            row([
                p.id.value, p.strategyId.value, p.instrumentId.description, p.accountId.value, p.openingOrderId.value,
                p.closingOrderId?.value ?? "", p.entry.description, p.side.description, p.quantity.description,
                p.peakQuantity.description, "\(p.avgPxOpen)", p.avgPxClose.map { "\($0)" } ?? "", "\(p.realizedReturn)",
                p.realizedPnl.amountText, p.realizedPnl.currency.code, String(p.tsOpened.rawValue),
                p.tsClosed.map { String($0.rawValue) } ?? "",
            ])
        }
        return out
    }

    /// One row per currency of every account state each venue's account went through, in order.
    public static func accountBalancesCSV(_ engine: BacktestEngine) -> String {
        var out = "account_id,ts_event,currency,total,locked,free\n"
        for venue in engine.venues {
            guard let account = engine.kernel.portfolio.account(for: venue) else { continue }
            for state in account.events {
                for balance in state.balances.sorted(by: { $0.total.currency < $1.total.currency }) {
                    out += [
                        state.accountId.value, String(state.tsEvent.rawValue), balance.total.currency.code,
                        balance.total.amountText, balance.locked.amountText, balance.free.amountText,
                    ].joined(separator: ",") + "\n"
                }
            }
        }
        return out
    }
}
