// Bar execution from the real FXCM GBP/USD minute bars (S1's data) and the adaptive high/low option.

import Foundation
import KeelBacktest
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct BarExecutionTests {
    static let bidPath = "data/fx/fxcm/gbpusd-m1-bid-2012.csv"
    static let askPath = "data/fx/fxcm/gbpusd-m1-ask-2012.csv"
    /// True if the bar files are there; under CI a missing file is a failure, not a reason to skip.
    static var available: Bool { (SharedData.exists(bidPath) && SharedData.exists(askPath)) || SharedData.isCI }

    /// The first data row of a bar CSV: `timestamp,open,high,low,close`.
    static func firstRow(_ relative: String) throws -> (ts: UnixNanos, open: String, high: String, low: String, close: String) {
        let text = try String(contentsOfFile: SharedData.path(relative), encoding: .utf8)
        let lines = text.split(separator: "\n", maxSplits: 2)
        let fields = lines[1].split(separator: ",").map(String.init)
        let iso = fields[0].replacingOccurrences(of: " ", with: "T").replacingOccurrences(of: "+00:00", with: "Z")
        return (try UnixNanos(iso8601: iso), fields[1], fields[2], fields[3], fields[4])
    }

    @Test(.enabled(if: available)) func bidAndAskBarsBecomeOpenHighLowCloseQuotes() throws {
        let bid = try Self.firstRow(Self.bidPath)
        let ask = try Self.firstRow(Self.askPath)
        #expect(bid.ts == ask.ts)
        let h = BacktestHarness()
        // Resting limits with no market yet: a SELL at the bid high fills at the H quote, a BUY at the ask low at L.
        let sell = h.limit(.sell, bid.high)
        let buy = h.limit(.buy, ask.low)
        h.submit(sell)
        h.submit(buy)
        h.bar(.bid, bid.open, bid.high, bid.low, bid.close, at: bid.ts)
        #expect(h.matching.bid == nil)  // a BID bar alone does not move the market
        h.bar(.ask, ask.open, ask.high, ask.low, ask.close, at: ask.ts)
        let fills = h.events.compactMap { if case .filled(let f) = $0 { f } else { nil } }
        #expect(fills.map(\.clientOrderId) == [sell.clientOrderId, buy.clientOrderId])
        #expect(fills.map(\.lastPx) == [px(bid.high), px(ask.low)])
        #expect(fills.allSatisfy { $0.liquiditySide == .maker && $0.tsEvent == bid.ts })
        #expect(h.matching.bid == px(bid.close))
        #expect(h.matching.ask == px(ask.close))
    }

    @Test(arguments: [false, true])
    func adaptiveOrderingVisitsTheNearerExtremeFirst(adaptive: Bool) {
        let h = BacktestHarness(adaptiveBars: adaptive)
        let sell = h.limit(.sell, "1.57700")
        let buy = h.limit(.buy, "1.57505")
        h.submit(sell)
        h.submit(buy)
        // The low (1.57500) is nearer the open (1.57550) than the high (1.57700).
        h.bar(.bid, "1.57550", "1.57700", "1.57500", "1.57600")
        h.bar(.ask, "1.57555", "1.57705", "1.57505", "1.57605")
        let fills = h.events.compactMap { if case .filled(let f) = $0 { f.clientOrderId } else { nil } }
        #expect(fills == (adaptive ? [buy, sell] : [sell, buy]).map(\.clientOrderId))
    }

    @Test func barsOfDifferentTimestampsWaitForTheirPair() {
        let h = BacktestHarness()
        h.bar(.bid, "1.57550", "1.57700", "1.57500", "1.57600")
        h.bar(.ask, "1.57555", "1.57705", "1.57505", "1.57605", at: h.now + .seconds(60))
        #expect(h.matching.bid == nil)
    }
}
