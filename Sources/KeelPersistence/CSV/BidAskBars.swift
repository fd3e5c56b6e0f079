// BidAskBars: compares a vendor's separate bid and ask bar files (FXCM ships one of each).
//
// Policy for FXCM's "bid > ask" quirk (hundreds of paired bars, README "fx/fxcm"): the bars are kept
// as the vendor wrote them — they are real vendor data and a backtest on bid or ask bars alone is
// unaffected — and every crossed and locked pair is counted here so a user sees it before using the
// pair as quotes.

public import KeelModel

/// Counts of a pair of bid and ask bar series compared bar by bar (matched by timestamp).
public struct BidAskBarComparison: Hashable, Sendable {
    /// Bars present in both series.
    public var paired = 0
    /// Timestamps present in only one series.
    public var unmatched = 0
    /// Pairs whose bid exceeds the ask, at the open, high, low and close.
    public var crossedOpen = 0, crossedHigh = 0, crossedLow = 0, crossedClose = 0
    /// Pairs whose bid equals the ask at the open and at the close.
    public var lockedOpen = 0, lockedClose = 0
}

/// Compares bid and ask bar series.
public enum BidAskBars {
    /// Compares `bid` and `ask` bars with equal timestamps (both sorted by `tsEvent`).
    ///
    /// - Complexity: O(n + m).
    public static func compare(bid: [Bar], ask: [Bar]) -> BidAskBarComparison {
        var result = BidAskBarComparison()
        var i = 0, j = 0
        while i < bid.count && j < ask.count {
            let b = bid[i], a = ask[j]
            if b.tsEvent < a.tsEvent { result.unmatched += 1; i += 1; continue }
            if a.tsEvent < b.tsEvent { result.unmatched += 1; j += 1; continue }
            result.paired += 1
            if b.open > a.open { result.crossedOpen += 1 } else if b.open == a.open { result.lockedOpen += 1 }
            if b.high > a.high { result.crossedHigh += 1 }
            if b.low > a.low { result.crossedLow += 1 }
            if b.close > a.close { result.crossedClose += 1 } else if b.close == a.close { result.lockedClose += 1 }
            i += 1
            j += 1
        }
        result.unmatched += (bid.count - i) + (ask.count - j)
        return result
    }
}
