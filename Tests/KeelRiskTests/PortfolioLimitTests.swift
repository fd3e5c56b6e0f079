// Portfolio-level limits, driven through the stand-in portfolio (see RiskFixtures.swift); the kernel-level
// tests run the same limits against the real KeelPortfolio.

import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelRisk
import KeelTestKit
import Testing

@Suite struct PortfolioLimitTests {
    typealias H = RiskHarness
    static let sim = Venue("SIM")

    // MARK: Gross exposure

    private func exposureHarness() -> RiskHarness {
        let h = H(config: RiskEngineConfig(maxGrossExposure: usd("150000.00")), instruments: [
            H.gbpusd.instrument, TestInstruments.eurusdSim.instrument,
        ])
        h.openPosition(.buy, "100000", positionId: PositionId("P-1"))
        h.openPosition(.sell, "50000", positionId: PositionId("P-2"), instrument: TestInstruments.eurusdSim, price: "1.10000")
        return h
    }

    @Test func grossExposureSumsMagnitudesAndBreachMovesToReducing() {
        let h = exposureHarness()
        h.portfolio.exposures = [H.gbpusd.id: usd("100000.00"), TestInstruments.eurusdSim.id: usd("-50000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .active)
        #expect(h.engine.limitReadings.grossExposure == usd("150000.00"))

        h.portfolio.exposures[TestInstruments.eurusdSim.id] = usd("-50000.01")
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing)
        #expect(
            h.stateChanges.map(\.reason) == [
                "MAX_GROSS_EXPOSURE_EXCEEDED: gross_exposure=Money(150000.01, USD), max_gross_exposure=Money(150000.00, USD)"
            ])
        #expect(h.stateChanges.map(\.state) == [.reducing])
    }

    @Test func exposureBackWithinTheLimitReturnsToActive() {
        let h = exposureHarness()
        h.portfolio.exposures = [H.gbpusd.id: usd("200000.00")]
        h.engine.evaluateLimits()
        h.engine.evaluateLimits()  // still breached: no second event
        h.portfolio.exposures = [H.gbpusd.id: usd("90000.00")]
        h.engine.evaluateLimits()
        #expect(h.stateChanges.map(\.state) == [.reducing, .active])
        #expect(
            h.stateChanges.last?.reason
                == "MAX_GROSS_EXPOSURE_RESTORED: gross_exposure=Money(90000.00, USD), max_gross_exposure=Money(150000.00, USD)")
    }

    @Test func exposuresInOtherCurrenciesAreLeftOut() {
        let h = exposureHarness()
        h.portfolio.exposures = [H.gbpusd.id: requireValid { try Money("900000.00", .eur) }]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .active && h.engine.limitReadings.grossExposure == usd("0.00"))
    }

    @Test func aSubmitEvaluatesTheLimitsFirst() {
        let h = exposureHarness()
        h.portfolio.setNet(H.gbpusd.id, units: 100_000)
        h.portfolio.exposures = [H.gbpusd.id: usd("200000.00")]
        h.submit(h.limit(.buy))
        h.submit(h.limit(.sell))
        #expect(h.stateChanges.map(\.state) == [.reducing])
        #expect(h.denialReasons == ["TRADING_STATE_REDUCING: order_side=BUY, instrument_id=GBP/USD.SIM"])
        #expect(h.executed.count == 1)
    }

    @Test func aStateSetByHandIsNotLifted() {
        let h = exposureHarness()
        h.engine.setTradingState(.reducing)
        h.portfolio.exposures = [H.gbpusd.id: usd("1.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing && h.stateChanges.count == 1)
    }

    // MARK: Drawdown

    private func drawdownHarness() -> RiskHarness {
        let h = H(config: RiskEngineConfig(maxDrawdown: requireValid { try Rate("0.05") }))
        h.addAccount(balance: "100000.00")
        return h
    }

    @Test func drawdownAtTheLimitDoesNotBreach() {
        let h = drawdownHarness()
        h.engine.evaluateLimits()
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-5000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .active)
        #expect(h.engine.limitReadings.drawdown == requireValid { try Rate("0.05") })
        #expect(h.engine.peakEquity(for: AccountId("SIM-001")) == usd("100000.00"))
    }

    @Test func drawdownFromThePeakHaltsAndStaysHalted() {
        let h = drawdownHarness()
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("10000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.peakEquity(for: AccountId("SIM-001")) == usd("110000.00"))
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-1000.00"), requireValid { try Money("-999999.00", .eur) }]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .halted)
        #expect(
            h.stateChanges.map(\.reason) == [
                "MAX_DRAWDOWN_EXCEEDED: account_id=SIM-001, drawdown=0.1, max_drawdown=0.05, "
                    + "peak_equity=Money(110000.00, USD), equity=Money(99000.00, USD)"
            ])
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("20000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .halted && h.stateChanges.count == 1)
        h.submit(h.limit())
        #expect(h.denialReasons == ["TRADING_HALTED"])
        h.engine.setTradingState(.active, reason: "reviewed")
        h.submit(h.limit())
        #expect(h.executed.count == 1)
    }

    @Test func drawdownEscalatesFromReducing() {
        let h = drawdownHarness()
        h.engine.evaluateLimits()
        h.engine.setTradingState(.reducing)
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-6000.00")]
        h.engine.evaluateLimits()
        #expect(h.stateChanges.map(\.state) == [.reducing, .halted])
    }

    // MARK: Daily loss

    private func dailyHarness() -> RiskHarness {
        let h = H(config: RiskEngineConfig(maxDailyLoss: usd("1000.00")))
        h.addAccount(balance: "100000.00")
        h.portfolio.realizedByVenue[Self.sim] = [usd("500.00")]
        return h
    }

    @Test func dailyLossCountsRealizedAndUnrealizedSinceTheBaseline() {
        let h = dailyHarness()
        h.engine.evaluateLimits()
        #expect(h.engine.dailyPnlBaseline?.total == usd("500.00"))
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-1000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .active && h.engine.limitReadings.dailyLoss == usd("1000.00"))
        h.portfolio.realizedByVenue[Self.sim] = [usd("400.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing)
        #expect(
            h.stateChanges.map(\.reason) == [
                "MAX_DAILY_LOSS_EXCEEDED: daily_loss=Money(1100.00, USD), max_daily_loss=Money(1000.00, USD)"
            ])
        // A gain back within the day does not lift it.
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("2000.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing)
    }

    @Test func theMidnightAlertTakesTheBaselineAndLiftsTheLimit() throws {
        let h = dailyHarness()
        try h.engine.start()
        h.engine.evaluateLimits()  // baseline 500
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-1500.00")]
        h.clock.advanceTime(to: H.start + .hours(12))
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing)
        // At midnight the alert takes the new day's baseline (PnL -1,000) and lifts the limit.
        h.clock.advanceTime(to: H.start + .days(1) + .hours(1))
        #expect(h.engine.tradingState == .active)
        #expect(h.engine.dailyPnlBaseline?.total == usd("-1000.00"))
        #expect(
            h.stateChanges.map(\.reason).last == "DAILY_LOSS_RESET: day_start=2024-01-03T00:00:00.000000000Z")
        #expect(h.stateChanges.last?.tsEvent == H.start + .days(1))
        #expect(h.clock.nextTime(ofTimer: RiskEngine.dailyResetTimerName) == H.start + .days(2))
    }

    @Test func lossesBetweenMidnightAndTheFirstCommandCount() throws {
        let h = dailyHarness()
        try h.engine.start()
        h.engine.evaluateLimits()
        h.clock.advanceTime(to: H.start + .days(1))  // alert: baseline 500
        h.portfolio.realizedByVenue[Self.sim] = [usd("-700.00")]
        h.clock.advanceTime(to: H.start + .days(1) + .hours(1))
        h.submit(h.limit())
        #expect(h.engine.tradingState == .reducing)
        #expect(h.denialReasons == ["TRADING_STATE_REDUCING: order_side=BUY, instrument_id=GBP/USD.SIM"])
    }

    @Test func withoutTheAlertTheFirstEvaluationOfADayTakesTheBaseline() {
        let h = dailyHarness()  // not started: no alert
        h.engine.evaluateLimits()
        h.portfolio.realizedByVenue[Self.sim] = [usd("-700.00")]
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .reducing)
        h.clock.advanceTime(to: H.start + .days(1) + .hours(3))
        h.engine.evaluateLimits()
        #expect(h.engine.tradingState == .active)
        #expect(h.engine.dailyPnlBaseline?.total == usd("-700.00"))
        #expect(h.engine.dailyPnlBaseline?.day == 19_725)
    }

    // MARK: Precedence and bypass

    @Test func drawdownOutranksTheOtherLimits() {
        let h = H(config: RiskEngineConfig(
            maxGrossExposure: usd("1.00"), maxDrawdown: requireValid { try Rate("0.05") }, maxDailyLoss: usd("1.00")))
        h.addAccount(balance: "100000.00")
        h.openPosition(.buy, "100000", positionId: PositionId("P-1"))
        h.engine.evaluateLimits()
        h.portfolio.exposures = [H.gbpusd.id: usd("130000.00")]
        h.portfolio.unrealizedByVenue[Self.sim] = [usd("-10000.00")]
        h.engine.evaluateLimits()
        #expect(h.stateChanges.map(\.state) == [.halted])
        #expect(h.stateChanges.first?.reason.hasPrefix("MAX_DRAWDOWN_EXCEEDED") == true)
    }

    @Test func bypassDoesNotEvaluateLimits() {
        let h = H(config: RiskEngineConfig(bypass: true, maxGrossExposure: usd("1.00")))
        h.openPosition(.buy, "100000", positionId: PositionId("P-1"))
        h.portfolio.exposures = [H.gbpusd.id: usd("130000.00")]
        h.engine.evaluateLimits()
        h.submit(h.limit())
        #expect(h.engine.tradingState == .active && h.stateChanges.isEmpty && h.executed.count == 1)
    }

    @Test func resetClearsTheBaselines() throws {
        let h = dailyHarness()
        h.engine.evaluateLimits()
        try h.engine.reset()
        #expect(h.engine.dailyPnlBaseline == nil)
        #expect(h.engine.limitReadings == LimitReadings())
    }

    // MARK: Traps

    @Test func nonPositiveGrossExposureLimitTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = RiskHarness(config: RiskEngineConfig(maxGrossExposure: usd("-1.00")))
        }
    }

    @Test func zeroDailyLossLimitTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = RiskHarness(config: RiskEngineConfig(maxDailyLoss: usd("0.00")))
        }
    }
}
