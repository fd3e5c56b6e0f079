// Brackets and contingencies through the simulated venue, including S1's two caveats (RESULTS.md).

import KeelBacktest
import KeelCommon
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct ContingencyTests {
    /// RESULTS.md caveat 1: the BID bar's on_bar submits against the previous minute's close; the same minute's
    /// ASK bar then matches it. Entry O-20120201-002900-001-000-31 (LIT BUY @ 1.57616 = bid close 00:29) filled
    /// at 1.57611 = the 00:29 ASK low, TAKER, commission 0.03 USD.
    @Test func s1LookAheadEntryFillsAtTheSameMinutesAskLow() throws {
        let h = BacktestHarness()
        let previous = BacktestHarness.t0 - .seconds(60)
        h.bar(.bid, "1.57608", "1.57617", "1.57607", "1.57610", at: previous)
        h.bar(.ask, "1.57620", "1.57624", "1.57618", "1.57620", at: previous)
        h.bar(.bid, "1.57610", "1.57616", "1.57606", "1.57616")  // 00:29 BID: the market does not move
        #expect(h.matching.bid == px("1.57610"))
        let list = h.bracket(.buy, entry: "1.57616", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)  // strategy's on_bar, processed at the same timestamp
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        #expect(entry.status == .accepted)
        #expect(stopLoss.status == .submitted)  // held until the entry fills
        #expect(takeProfit.status == .submitted)
        h.bar(.ask, "1.57620", "1.57625", "1.57611", "1.57625")  // 00:29 ASK: O, H, L, C quotes
        let fill = try #require(h.fills(entry).first)
        #expect(fill.lastPx == px("1.57611"))
        #expect(fill.liquiditySide == .taker)
        #expect(fill.commission == (try Money("0.03", .usd)))
        #expect(fill.tsEvent == BacktestHarness.t0)
        #expect(h.names(entry) == ["OrderSubmitted", "OrderAccepted", "OrderTriggered", "OrderFilled"])
        #expect(stopLoss.status == .accepted)
        #expect(takeProfit.status == .accepted)
        #expect(h.matching.bid == px("1.57616"))
        #expect(h.matching.ask == px("1.57625"))
    }

    /// RESULTS.md caveat 2: an entry already touched is rejected; the SL child is still processed and rejected as
    /// reduce-only, then the TP as contingent on a closed order.
    @Test func s1TouchedEntryRejectsTheWholeBracket() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57625", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        #expect(
            h.rejection(entry)?.reason
                == "LIMIT_IF_TOUCHED BUY order trigger stop px of 1.57625 was in the market: bid=1.57610, ask=1.57620")
        #expect(h.rejection(stopLoss)?.reason == "REDUCE_ONLY STOP_MARKET SELL order would have increased position")
        #expect(h.rejection(takeProfit)?.reason == "Contingent order \(stopLoss.clientOrderId) already closed")
        #expect([entry, stopLoss, takeProfit].allSatisfy { $0.status == .rejected })
    }

    /// `purgeClosedOrders()` forgets a bracket only once all three orders are closed.
    @Test func purgingForgetsABracketOnlyOnceItsWholeGroupIsClosed() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57600", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        h.advance(seconds: 1)
        h.quote("1.57590", "1.57598")
        #expect(entry.status == .filled && stopLoss.status == .accepted)
        #expect(h.matching.purgeClosedOrders() == 0, "the entry's stop-loss and take-profit rest")
        #expect(h.matching.order(entry.clientOrderId) != nil)
        h.advance(seconds: 1)
        h.quote("1.57710", "1.57720")
        #expect(takeProfit.status == .filled && stopLoss.status == .canceled)
        #expect(h.matching.purgeClosedOrders() == 3)
        #expect(list.orders.allSatisfy { h.matching.order($0.clientOrderId) == nil })
        #expect(h.matching.purgeClosedOrders() == 0)
    }

    /// The venue forgets closed orders by itself whenever its table doubles (first at 1,024): a long run
    /// holds its open orders, not every order it ever saw. An order still open is kept.
    @Test func theVenueForgetsClosedOrdersAsItsTableDoubles() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let resting = h.limit(.buy, "1.50000")
        h.submit(resting)
        var filled: [Order] = []
        for _ in 0..<1_022 {
            let order = h.market(.buy)
            h.submit(order)
            filled.append(order)
        }
        #expect(filled.allSatisfy { $0.status == .filled })
        #expect(h.matching.order(filled[0].clientOrderId) != nil, "1,023 orders: no pass yet")
        h.submit(h.market(.sell))
        #expect(h.matching.order(filled[0].clientOrderId) == nil && h.matching.order(filled[1_021].clientOrderId) == nil)
        #expect(h.matching.order(resting.clientOrderId) != nil)
        #expect(h.matching.openOrders.map(\.clientOrderId) == [resting.clientOrderId])
    }

    @Test func takeProfitFillCancelsTheStopLossOfAnOUOBracket() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57600", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)
        let (entry, stopLoss, takeProfit) = (list.orders[0], list.orders[1], list.orders[2])
        h.advance(seconds: 1)
        h.quote("1.57590", "1.57598")
        #expect(try #require(h.fills(entry).first).lastPx == px("1.57598"))
        #expect(stopLoss.status == .accepted)
        h.advance(seconds: 1)
        h.quote("1.57710", "1.57720")
        let fill = try #require(h.fills(takeProfit).first)
        #expect(fill.lastPx == px("1.57700"))
        #expect(fill.liquiditySide == .maker)
        #expect(fill.positionId == entry.positionId)
        #expect(stopLoss.status == .canceled)
        #expect(h.matching.openOrders.isEmpty)
    }

    @Test func stopLossFillCancelsTheTakeProfitOfAnOCOBracket() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57600", stopLoss: "1.57500", takeProfit: "1.57700", contingency: .oco)
        h.submit(list)
        let (stopLoss, takeProfit) = (list.orders[1], list.orders[2])
        h.advance(seconds: 1)
        h.quote("1.57590", "1.57598")
        h.advance(seconds: 1)
        h.quote("1.57490", "1.57498")
        let fill = try #require(h.fills(stopLoss).first)
        #expect(fill.lastPx == px("1.57500"))
        #expect(fill.liquiditySide == .taker)
        #expect(takeProfit.status == .canceled)
    }

    @Test func cancelingAnAcceptedEntryCancelsItsHeldChildren() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57600", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)
        h.cancel(list.orders[0])
        #expect(list.orders.allSatisfy { $0.status == .canceled })
    }

    @Test func expiredEntryCancelsItsHeldChildren() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let list = h.bracket(.buy, entry: "1.57600", stopLoss: "1.57500", takeProfit: "1.57700")
        h.submit(list)
        h.advance(seconds: 30)
        h.quote("1.57611", "1.57621")
        #expect(list.orders[0].status == .expired)
        #expect(list.orders[1].status == .canceled)
        #expect(list.orders[2].status == .canceled)
    }
}
