// RiskEngineConfig: the risk engine's settings, NautilusTrader's `RiskEngineConfig` plus Keel's
// portfolio-level limits.

public import KeelCore
public import KeelModel

/// The risk engine's configuration.
public struct RiskEngineConfig: Hashable, Sendable {
    /// Skip every pre-trade check, throttle and portfolio limit: commands go straight to execution.
    /// Not advisable outside research backtests.
    public var bypass: Bool
    /// The largest number of order submits per interval (NautilusTrader's `max_order_submit_rate`).
    public var maxOrderSubmitRate: RateLimit
    /// The largest number of order modifies per interval (NautilusTrader's `max_order_modify_rate`).
    public var maxOrderModifyRate: RateLimit
    /// The largest notional of one order, per instrument. The amount must be in the notional's currency
    /// (the quote currency; the settlement currency for quanto contracts); an amount in another currency
    /// denies orders for that instrument with `INVALID_MAX_NOTIONAL_PER_ORDER`.
    public var maxNotionalPerOrder: [InstrumentId: Money]
    /// The largest gross exposure: the sum over instruments with open positions of |net exposure|, in this
    /// amount's currency. A breach moves trading to REDUCING. Nil: no limit.
    public var maxGrossExposure: Money?
    /// The largest drawdown of an account's equity from its peak, as a fraction (0.05 is 5 %). A breach
    /// moves trading to HALTED. Nil: no limit.
    public var maxDrawdown: Rate?
    /// The largest loss (realized + unrealized PnL change) since the UTC day started, as a positive amount
    /// in the currency it is measured in. A breach moves trading to REDUCING until the next UTC day. Nil:
    /// no limit.
    public var maxDailyLoss: Money?

    /// Creates a configuration; the defaults are NautilusTrader's (checks on, 100 submits and 100 modifies
    /// per second, no notional limits) and no portfolio limits. `validate()` checks the values; the engine
    /// traps on an invalid configuration.
    public init(
        bypass: Bool = false, maxOrderSubmitRate: RateLimit = .nautilusDefault,
        maxOrderModifyRate: RateLimit = .nautilusDefault, maxNotionalPerOrder: [InstrumentId: Money] = [:],
        maxGrossExposure: Money? = nil, maxDrawdown: Rate? = nil, maxDailyLoss: Money? = nil
    ) {
        self.bypass = bypass
        self.maxOrderSubmitRate = maxOrderSubmitRate
        self.maxOrderModifyRate = maxOrderModifyRate
        self.maxNotionalPerOrder = maxNotionalPerOrder
        self.maxGrossExposure = maxGrossExposure
        self.maxDrawdown = maxDrawdown
        self.maxDailyLoss = maxDailyLoss
    }

    /// Checks that every limit is positive and the drawdown is a fraction below 1.
    ///
    /// - Throws: `ValidationError` naming the field (`RiskEngineConfig.maxDrawdown`, …).
    public func validate() throws(ValidationError) {
        for id in maxNotionalPerOrder.keys.sorted() where maxNotionalPerOrder[id]!.raw <= 0 {
            throw ValidationError(
                field: "RiskEngineConfig.maxNotionalPerOrder", reason: "\(maxNotionalPerOrder[id]!) for \(id) is not positive")
        }
        if let maxGrossExposure, maxGrossExposure.raw <= 0 {
            throw ValidationError(field: "RiskEngineConfig.maxGrossExposure", reason: "\(maxGrossExposure) is not positive")
        }
        if let maxDrawdown, maxDrawdown.raw <= 0 || maxDrawdown.raw >= FixedPoint.scale {
            throw ValidationError(field: "RiskEngineConfig.maxDrawdown", reason: "\(maxDrawdown) is not between 0 and 1")
        }
        if let maxDailyLoss, maxDailyLoss.raw <= 0 {
            throw ValidationError(field: "RiskEngineConfig.maxDailyLoss", reason: "\(maxDailyLoss) is not positive")
        }
    }
}
