// BacktestSummary: the text `keel backtest` prints — counts, balances, PnL, time, rates, digest.

public import KeelBacktest
import KeelCore
public import KeelModel
public import KeelTrading

/// Formats a run's result for people (stable line prefixes, so scripts can grep them).
public enum BacktestSummary {
    /// The summary lines, ending with `digest: <hex>` when the run had an event log.
    public static func lines(name: String, result: BacktestResult) -> [String] {
        var out: [String] = ["backtest: \(name)"]
        if let start = result.start, let end = result.end { out.append("data: \(grouped(Int(result.iterations))) values, \(start.iso8601) … \(end.iso8601)") }
        out.append("orders: \(grouped(result.orders))")
        out.append("fills: \(grouped(result.fills))")
        out.append("positions: \(grouped(result.positions))")
        for (account, money) in result.balances { out.append("balance \(account): \(format(money))") }
        for pnl in result.realizedPnl { out.append("realized pnl: \(format(pnl))") }
        let seconds = Double(result.runNanos) / 1e9
        out.append("run time: \(fixed(seconds, 3)) s")
        out.append("events/s: \(grouped(Int(result.iterationsPerSecond))) data, \(grouped(Int(result.messagesPerSecond))) bus messages")
        if let digest = result.digest {
            out.append("event log: \(grouped(Int(result.eventCount))) lines")
            out.append("digest: \(digest)")
        }
        return out
    }

    /// The figures each actor reports about its run (`Actor.runReport`), one line each:
    /// `<actor id> <name>: <value>`; actors without figures print nothing.
    public static func reportLines(actors: [Actor]) -> [String] {
        actors.flatMap { actor in actor.runReport.map { "\(actor.id) \($0.name): \($0.value)" } }
    }

    /// `100010.50 USD` as `100,010.50 USD`.
    public static func format(_ money: Money) -> String {
        let text = money.amountText
        let negative = text.hasPrefix("-")
        let unsigned = negative ? String(text.dropFirst()) : text
        let parts = unsigned.split(separator: ".", maxSplits: 1)
        var whole = grouped(digits: String(parts[0]))
        if parts.count > 1 { whole += "." + parts[1] }
        return (negative ? "-" : "") + whole + " " + money.currency.code
    }

    static func grouped(_ n: Int) -> String { (n < 0 ? "-" : "") + grouped(digits: String(n.magnitude)) }

    static func grouped(digits: String) -> String {
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return out
    }

    static func fixed(_ value: Double, _ decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let n = Int((value * scale).rounded())
        let whole = n / Int(scale), fraction = String(n % Int(scale))
        return "\(whole)." + String(repeating: "0", count: decimals - fraction.count) + fraction
    }
}
