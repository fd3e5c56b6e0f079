// Portfolio-level limits: a Keel addition to NautilusTrader's risk engine.
//
// Design decisions:
// - Three limits, each optional in `RiskEngineConfig`, each read through `PortfolioFacade` and the cache:
//   * Gross exposure = Σ |net exposure| over the instruments with open positions (`portfolio.netExposure`).
//     Breach → REDUCING. A level limit: once exposure is back within the limit, the engine returns to ACTIVE
//     by itself (if exposure was what moved it).
//   * Drawdown, per account: equity = total balance in the account's base currency (its first currency if
//     it has none) + the venue's unrealized PnL in that currency; the engine keeps each account's peak
//     equity and breaches when (peak − equity) / peak exceeds the limit. Breach → HALTED, and HALTED from a
//     drawdown is sticky: only `setTradingState` lifts it (a human decides after a drawdown stop).
//   * Daily loss = (realized + unrealized PnL over the accounts' venues, in the limit's currency) at the
//     start of the UTC day minus the same now. Breach → REDUCING until the next UTC day starts; a gain back
//     within the day does not lift it.
// - Amounts in other currencies than the limit's (or the account's) are left out: the portfolio reports
//   exposures and PnL in the account's base currency when the account has one (as NautilusTrader's does),
//   and Keel has no exchange-rate service in the cache yet. Multi-currency conversion is left undone.
// - The day boundary. The baseline (total PnL at the day's start) is taken by a clock time alert at each
//   00:00 UTC (armed on `start()`, re-armed by itself), so in a backtest the TestClock fires it exactly at
//   midnight before the first event of the new day. As a fallback — a clock advanced without its timers, or
//   an engine never started — the first evaluation in a new UTC day takes the baseline then. An engine first
//   evaluated mid-day takes its baseline at that moment.
// - When: on every submit, modify and list (cheap: a handful of portfolio reads per open instrument and
//   account), and whenever the kernel calls `evaluateLimits()` after account and position changes.
// - Automatic changes only escalate (ACTIVE → REDUCING → HALTED) or lift their own cause; they never lift a
//   state set by hand. Each change publishes `TradingStateChanged` on `Topics.tradingState` with a reason
//   in the reference's `CODE: key=value` style, e.g. `MAX_DAILY_LOSS_EXCEEDED: daily_loss=…, max_daily_loss=…`.

import KeelCache
import KeelCommon
import KeelCore
public import KeelModel

extension RiskEngine {
    /// Evaluates the portfolio limits now and moves the trading state if one is breached or lifted.
    ///
    /// The kernel calls it after account and position changes; the engine also calls it on every submit and
    /// modify. Does nothing if no portfolio limit is configured or checks are bypassed.
    public func evaluateLimits() {
        guard !config.bypass else { return }
        let now = clock.timestampNs
        let exposureBreach = evaluateGrossExposure()
        let drawdownBreach = evaluateDrawdown()
        let dailyBreach = evaluateDailyLoss(now: now)

        if let reason = drawdownBreach {
            escalate(to: .halted, cause: .drawdown, reason: reason)
        } else if let reason = exposureBreach {
            escalate(to: .reducing, cause: .grossExposure, reason: reason)
        } else if let (day, reason) = dailyBreach {
            escalate(to: .reducing, cause: .dailyLoss(day: day), reason: reason)
        } else if tradingState == .reducing {
            liftIfCleared(now: now)
        }
    }

    private func escalate(to state: TradingState, cause: StateCause, reason: String) {
        if severity(state) > severity(tradingState) {
            changeTradingState(to: state, cause: cause, reason: reason)
        } else if state == tradingState, stateCause != .manual, stateCause != .drawdown {
            stateCause = cause  // still breached, now for this reason: lifting follows the live cause
        }
    }

    private func liftIfCleared(now: UnixNanos) {
        switch stateCause {
        case .grossExposure:
            let exposure = limitReadings.grossExposure.map { "gross_exposure=\($0.reasonText), " } ?? ""
            changeTradingState(
                to: .active, cause: .manual,
                reason: "MAX_GROSS_EXPOSURE_RESTORED: \(exposure)max_gross_exposure=\(config.maxGrossExposure?.reasonText ?? "None")")
        case .dailyLoss(let day) where Self.utcDay(now) > day:
            changeTradingState(
                to: .active, cause: .manual,
                reason: "DAILY_LOSS_RESET: day_start=\(UnixNanos(Self.utcDay(now) * UnixNanos.nanosPerDay).iso8601)")
        case .manual, .drawdown, .dailyLoss:
            break
        }
    }

    private func severity(_ state: TradingState) -> Int {
        switch state {
        case .active: 0
        case .reducing: 1
        case .halted: 2
        }
    }

    static func utcDay(_ time: UnixNanos) -> UInt64 { time.rawValue / UnixNanos.nanosPerDay }

    // MARK: Gross exposure

    private func evaluateGrossExposure() -> String? {
        guard let limit = config.maxGrossExposure else { return nil }
        var gross = Money.zero(limit.currency)
        var seen: Set<InstrumentId> = []
        for position in cache.positionsOpen() where seen.insert(position.instrumentId).inserted {
            if let exposure = portfolio.netExposure(position.instrumentId), exposure.currency == limit.currency {
                gross += exposure.magnitude
            }
        }
        limitReadings.grossExposure = gross
        guard gross > limit else { return nil }
        return "MAX_GROSS_EXPOSURE_EXCEEDED: gross_exposure=\(gross.reasonText), max_gross_exposure=\(limit.reasonText)"
    }

    // MARK: Drawdown

    private func evaluateDrawdown() -> String? {
        guard let limit = config.maxDrawdown else { return nil }
        var breach: String?
        var worst = Rate.zero
        for account in cache.accounts {
            guard let currency = account.baseCurrency ?? account.currencies.first else { continue }
            var equity = account.balanceTotal(in: currency) ?? .zero(currency)
            for pnl in portfolio.unrealizedPnls(venue: Venue(account.id.issuer)) where pnl.currency == currency {
                equity += pnl
            }
            let peak = Swift.max(peakEquity[account.id] ?? equity, equity)
            peakEquity[account.id] = peak
            guard peak.raw > 0 else { continue }
            let fall = (peak - equity).raw
            let drawdown = Rate(raw: Int64(fall * Int128(FixedPoint.scale) / peak.raw))
            worst = Swift.max(worst, drawdown)
            // Exact: (peak - equity) / peak > limit  ⇔  (peak - equity) × 10^9 > limit.raw × peak.
            if breach == nil, fall * Int128(FixedPoint.scale) > Int128(limit.raw) * peak.raw {
                breach =
                    "MAX_DRAWDOWN_EXCEEDED: account_id=\(account.id), drawdown=\(drawdown), max_drawdown=\(limit), "
                    + "peak_equity=\(peak.reasonText), equity=\(equity.reasonText)"
            }
        }
        limitReadings.drawdown = worst
        return breach
    }

    /// The peak equity seen for `accountId` (drawdown limit only).
    public func peakEquity(for accountId: AccountId) -> Money? { peakEquity[accountId] }

    // MARK: Daily loss

    private func evaluateDailyLoss(now: UnixNanos) -> (UInt64, String)? {
        guard let limit = config.maxDailyLoss else { return nil }
        let total = totalPnl(in: limit.currency)
        let day = Self.utcDay(now)
        if dailyBaselineDay != day {
            dailyBaseline = total
            dailyBaselineDay = day
        }
        let loss = dailyBaseline! - total
        limitReadings.dailyLoss = loss
        guard loss > limit else { return nil }
        return (day, "MAX_DAILY_LOSS_EXCEEDED: daily_loss=\(loss.reasonText), max_daily_loss=\(limit.reasonText)")
    }

    /// The realized plus unrealized PnL in `currency` over the venues of the cached accounts.
    private func totalPnl(in currency: Currency) -> Money {
        var total = Money.zero(currency)
        var venues: Set<String> = []
        for account in cache.accounts where venues.insert(account.id.issuer).inserted {
            let venue = Venue(account.id.issuer)
            for pnl in portfolio.realizedPnls(venue: venue) + portfolio.unrealizedPnls(venue: venue)
            where pnl.currency == currency {
                total += pnl
            }
        }
        return total
    }

    /// The UTC day's PnL baseline and its day number, if taken.
    public var dailyPnlBaseline: (day: UInt64, total: Money)? {
        guard let dailyBaseline, let dailyBaselineDay else { return nil }
        return (dailyBaselineDay, dailyBaseline)
    }

    // MARK: The midnight alert

    /// Arms the alert at the next 00:00 UTC that takes the daily baseline (daily loss limit only).
    func armDailyReset() {
        guard config.maxDailyLoss != nil, !config.bypass else { return }
        let next = UnixNanos((Self.utcDay(clock.timestampNs) + 1) * UnixNanos.nanosPerDay)
        clock.cancelTimer(name: Self.dailyResetTimerName)
        do {
            try clock.setTimeAlert(name: Self.dailyResetTimerName, at: next) { [weak self] event in
                self?.onDailyReset(event)
            }
        } catch {
            preconditionFailure("Invariant: the risk engine's midnight alert is in the future (\(error))")
        }
    }

    private func onDailyReset(_ event: TimeEvent) {
        if let limit = config.maxDailyLoss {
            dailyBaseline = totalPnl(in: limit.currency)
            dailyBaselineDay = Self.utcDay(event.tsEvent)
        }
        evaluateLimits()
        armDailyReset()
    }
}
