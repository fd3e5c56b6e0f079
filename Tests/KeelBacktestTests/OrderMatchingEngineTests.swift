// The matching engine through the real execution spine: one test per order type and time in force, with the
// prices, liquidity sides, ids and reason texts NautilusTrader 1.221.0 produces (engine.pyx, matching_core.pyx).

import KeelBacktest
import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct OrderMatchingEngineTests {
    @Test func marketOrderFillsAsTakerAtTheAskWithGeneratedIds() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.market(.buy)
        h.submit(order)
        #expect(h.names(order) == ["OrderSubmitted", "OrderFilled"])
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57620"))
        #expect(fill.liquiditySide == .taker)
        #expect(fill.venueOrderId == VenueOrderId("SIM-1-001"))
        #expect(fill.tradeId == TradeId("SIM-1-001"))
        #expect(fill.positionId == PositionId("SIM-1-001"))
        #expect(fill.commission == (try Money("0.03", .usd)))
        #expect(order.status == .filled)
    }

    @Test func marketOrderWithoutMarketIsRejected() {
        let h = BacktestHarness()
        let order = h.market(.buy)
        h.submit(order)
        #expect(h.rejection(order)?.reason == "no market for GBP/USD.SIM")
    }

    @Test func restingLimitFillsAsMakerAtItsPrice() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57600")
        h.submit(order)
        #expect(h.names(order) == ["OrderSubmitted", "OrderAccepted"])
        h.advance(seconds: 1)
        h.quote("1.57580", "1.57590")  // trades through the limit
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57600"))
        #expect(fill.liquiditySide == .maker)
        #expect(order.status == .filled)
    }

    @Test func marketableLimitFillsAsTakerAtTheBetterPrice() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.sell, "1.57600")
        h.submit(order)
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57610"))
        #expect(fill.liquiditySide == .taker)
    }

    @Test func postOnlyLimitThatWouldTakeIsRejected() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57620", postOnly: true)
        h.submit(order)
        let rejected = try #require(h.rejection(order))
        #expect(rejected.reason == "POST_ONLY LIMIT BUY order limit px of 1.57620 would have been a TAKER: bid=1.57610, ask=1.57620")
        #expect(rejected.dueToPostOnly)
    }

    @Test(arguments: [TimeInForce.ioc, .fok])
    func immediateLimitThatCannotFillIsCanceled(tif: TimeInForce) {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57600", tif: tif)
        h.submit(order)
        #expect(h.names(order) == ["OrderSubmitted", "OrderAccepted", "OrderCanceled"])
    }

    @Test func gtdLimitExpiresAtItsExpireTime() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57600", tif: .gtd, expire: h.now + .seconds(30))
        h.submit(order)
        h.advance(seconds: 29)
        h.quote("1.57611", "1.57621")
        #expect(order.status == .accepted)
        h.advance(seconds: 1)
        h.quote("1.57612", "1.57622")
        #expect(h.names(order).last == "OrderExpired")
        #expect(order.status == .expired)
        #expect(h.matching.openOrders.isEmpty)
    }

    @Test func stopMarketTriggersAndFillsAtItsTriggerPrice() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.stopMarket(.buy, "1.57640")
        h.submit(order)
        #expect(order.status == .accepted)
        h.advance(seconds: 1)
        h.quote("1.57645", "1.57655")
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57640"))
        #expect(fill.liquiditySide == .taker)
    }

    @Test(arguments: [
        (true, "STOP_MARKET BUY order stop px of 1.57615 was in the market: bid=1.57610, ask=1.57620"),
        (false, ""),
    ])
    func stopAlreadyInTheMarket(rejectStopOrders: Bool, reason: String) throws {
        let h = BacktestHarness(rejectStopOrders: rejectStopOrders)
        h.quote("1.57610", "1.57620")
        let order = h.stopMarket(.buy, "1.57615")
        h.submit(order)
        if rejectStopOrders {
            #expect(h.rejection(order)?.reason == reason)
        } else {
            #expect(try #require(h.fills(order).first).lastPx == px("1.57615"))
        }
    }

    @Test func limitIfTouchedAlreadyTouchedIsRejected() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limitIfTouched(.buy, "1.57625", "1.57625")
        h.submit(order)
        #expect(
            h.rejection(order)?.reason
                == "LIMIT_IF_TOUCHED BUY order trigger stop px of 1.57625 was in the market: bid=1.57610, ask=1.57620")
    }

    @Test func limitIfTouchedTriggersThenFillsAsTaker() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limitIfTouched(.buy, "1.57616", "1.57616")
        h.submit(order)
        h.advance(seconds: 1)
        h.quote("1.57606", "1.57611")
        #expect(h.names(order) == ["OrderSubmitted", "OrderAccepted", "OrderTriggered", "OrderFilled"])
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57611"))
        #expect(fill.liquiditySide == .taker)
    }

    @Test func trailingStopFollowsTheMarketThenFills() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = try h.factory.trailingStopMarket(
            instrumentId: BacktestHarness.gbpusd.id, side: .sell, quantity: qty(1_000), trailingOffset: px("0.00010"),
            tsInit: h.now, triggerType: .bidAsk)
        h.submit(order)
        #expect(order.triggerPrice == px("1.57600"))
        h.advance(seconds: 1)
        h.quote("1.57650", "1.57660")
        #expect(order.triggerPrice == px("1.57640"))
        h.advance(seconds: 1)
        h.quote("1.57645", "1.57655")
        #expect(order.triggerPrice == px("1.57640"))  // never moves back
        h.advance(seconds: 1)
        h.quote("1.57630", "1.57640")
        let fill = try #require(h.fills(order).first)
        #expect(fill.lastPx == px("1.57640"))
    }

    @Test func marketToLimitTakesTheTouchThenRestsAsLimit() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620", size: 1_000)
        let order = try h.factory.marketToLimit(
            instrumentId: BacktestHarness.gbpusd.id, side: .buy, quantity: qty(3_000), tsInit: h.now)
        h.submit(order)
        #expect(h.names(order) == ["OrderSubmitted", "OrderUpdated", "OrderFilled", "OrderAccepted"])
        #expect(order.filledQty == qty(1_000))
        #expect(order.price == px("1.57620"))
    }

    @Test func modifyMovesALimitAndRejectsAStopIntoTheMarket() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let limit = h.limit(.buy, "1.57500")
        h.submit(limit)
        h.modify(limit, price: px("1.57550"))
        #expect(limit.price == px("1.57550"))
        let stop = h.stopMarket(.buy, "1.57700")
        h.submit(stop)
        h.modify(stop, trigger: px("1.57615"))
        let reasons = h.events.compactMap { if case .modifyRejected(let e) = $0 { e.reason } else { nil } }
        #expect(reasons == ["STOP_MARKET BUY order new stop px of 1.57615 was in the market: bid=1.57610, ask=1.57620"])
        #expect(stop.triggerPrice == px("1.57700"))
    }

    @Test func cancelOfAnOrderTheVenueDoesNotHoldIsRejected() {
        // Straight at the engine: the strategy-side order was never submitted, so the execution engine would
        // drop the answer; the venue's answer itself is what the reference sends.
        let recorder = EventRecorder()
        let engine = OrderMatchingEngine(
            instrument: BacktestHarness.gbpusd.instrument, rawId: 1, accountId: AccountId("SIM-001"), cache: Cache(),
            sink: recorder.record)
        let cancel = CancelOrder(
            traderId: BacktestHarness.traderId, strategyId: BacktestHarness.strategy, instrumentId: BacktestHarness.gbpusd.id,
            clientOrderId: ClientOrderId("O-1"), venueOrderId: nil, commandId: UUID4(high: 1, low: 1), tsInit: BacktestHarness.t0)
        engine.process(cancel: cancel, at: BacktestHarness.t0)
        let reasons = recorder.events.compactMap { if case .cancelRejected(let e) = $0 { e.reason } else { nil } }
        #expect(reasons == ["ClientOrderId('O-1') not found"])
    }

    @Test func cancelOfARestingOrder() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57500")
        h.submit(order)
        h.cancel(order)
        #expect(order.status == .canceled)
        #expect(h.matching.openOrders.isEmpty)
    }

    @Test func reduceOnlyMarketWithoutPositionIsRejected() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let order = h.market(.sell, reduceOnly: true)
        h.submit(order)
        #expect(h.rejection(order)?.reason == "REDUCE_ONLY MARKET SELL order would have increased position")
    }

    @Test func closingMarketOrderReducesThePositionItNames() throws {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let open = h.market(.buy)
        h.submit(open)
        let positionId = try #require(open.positionId)
        let close = h.market(.sell, reduceOnly: true)
        h.submit(close, positionId: positionId)
        let fill = try #require(h.fills(close).first)
        #expect(fill.lastPx == px("1.57610"))
        #expect(fill.positionId == positionId)
        #expect(h.cache.position(positionId)?.isClosed == true)
    }

    @Test func ordersRestInPriceTimePriority() {
        let h = BacktestHarness()
        h.quote("1.57610", "1.57620")
        let a = h.limit(.buy, "1.57500")
        let b = h.limit(.buy, "1.57600")
        let c = h.limit(.buy, "1.57500")
        let d = h.limit(.sell, "1.57700")
        let e = h.limit(.sell, "1.57650")
        for order in [a, b, c, d, e] { h.submit(order) }
        #expect(h.matching.openOrders.map(\.clientOrderId) == [b, a, c, e, d].map(\.clientOrderId))
    }

    @Test func latencyDelaysCommandsUntilTheyArrive() {
        let h = BacktestHarness(latency: LatencyModel(base: .milliseconds(1)))
        h.quote("1.57610", "1.57620")
        let order = h.limit(.buy, "1.57500")
        h.submit(order)
        #expect(order.status == .submitted)
        #expect(h.exchange.pendingCommandCount == 1)
        h.clock.setTime(h.now + .milliseconds(1))
        h.quote("1.57611", "1.57621")
        #expect(order.status == .accepted)
    }
}
