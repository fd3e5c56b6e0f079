// The example strategies of Examples/KeelExamples, by name, with the TOML parameters they read.

import KeelCore
public import KeelExamples
import KeelModel
import KeelTrading

extension StrategyRegistry {
    /// The example strategies: one line each.
    public static var examples: StrategyRegistry {
        var registry = StrategyRegistry()
        registry.register("EMACrossBracket") { p throws(ConfigError) in EMACrossBracket(try EMACrossBracketConfig(p)) }
        registry.register("EMACross") { p throws(ConfigError) in EMACross(try EMACrossConfig(p)) }
        registry.register("BookReader") { p throws(ConfigError) in BookReader(try BookReaderConfig(p)) }
        return registry
    }
}

extension EMACrossBracketConfig {
    /// Reads `instrument_id`, `bar_type`, `trade_size` and the optional `fast_ema_period`,
    /// `slow_ema_period`, `atr_period`, `bracket_distance_atr`, `entry_ttl_seconds`, `strategy_id`.
    public init(_ p: ConfigTable) throws(ConfigError) {
        try p.checkKeys([
            "instrument_id", "bar_type", "trade_size", "fast_ema_period", "slow_ema_period", "atr_period",
            "bracket_distance_atr", "entry_ttl_seconds", "strategy_id",
        ])
        self.init(
            instrumentId: try p.instrumentId("instrument_id"),
            barType: try p.barType("bar_type"),
            tradeSize: try p.quantity("trade_size"))
        fastEmaPeriod = try p.int("fast_ema_period", default: fastEmaPeriod)
        slowEmaPeriod = try p.int("slow_ema_period", default: slowEmaPeriod)
        guard fastEmaPeriod > 0, fastEmaPeriod < slowEmaPeriod else {
            throw ConfigError(field: p.field("fast_ema_period"), "expected 0 < fast_ema_period < slow_ema_period (\(slowEmaPeriod)), got \(fastEmaPeriod)")
        }
        atrPeriod = try p.int("atr_period", default: atrPeriod)
        bracketDistanceAtr = try p.double("bracket_distance_atr", default: bracketDistanceAtr)
        if p.has("entry_ttl_seconds") { entryTimeToLive = .seconds(UInt64(try p.unsigned("entry_ttl_seconds", default: UInt32(30)))) }
        if p.has("strategy_id") { strategyId = try p.strategyId("strategy_id") }
    }
}

extension EMACrossConfig {
    /// Reads `instrument_id`, `bar_type`, `trade_size` and the optional `fast_ema_period`, `slow_ema_period`,
    /// `subscribe_quotes`, `subscribe_trades`, `close_positions_on_stop`, `strategy_id`.
    public init(_ p: ConfigTable) throws(ConfigError) {
        try p.checkKeys([
            "instrument_id", "bar_type", "trade_size", "fast_ema_period", "slow_ema_period", "subscribe_quotes",
            "subscribe_trades", "close_positions_on_stop", "strategy_id",
        ])
        self.init(
            instrumentId: try p.instrumentId("instrument_id"),
            barType: try p.barType("bar_type", example: "EUR/USD.SIM-100-TICK-MID-INTERNAL"),
            tradeSize: try p.quantity("trade_size"))
        fastEmaPeriod = try p.int("fast_ema_period", default: fastEmaPeriod)
        slowEmaPeriod = try p.int("slow_ema_period", default: slowEmaPeriod)
        guard fastEmaPeriod > 0, fastEmaPeriod < slowEmaPeriod else {
            throw ConfigError(field: p.field("fast_ema_period"), "expected 0 < fast_ema_period < slow_ema_period (\(slowEmaPeriod)), got \(fastEmaPeriod)")
        }
        subscribeQuotes = try p.bool("subscribe_quotes", default: subscribeQuotes)
        subscribeTrades = try p.bool("subscribe_trades", default: subscribeTrades)
        closePositionsOnStop = try p.bool("close_positions_on_stop", default: closePositionsOnStop)
        if p.has("strategy_id") { strategyId = try p.strategyId("strategy_id") }
    }
}

extension BookReaderConfig {
    /// Reads `instrument_id` and the optional `place_orders`, `order_every_n_updates`,
    /// `min_updates_before_orders`, `trade_size`, `strategy_id`.
    public init(_ p: ConfigTable) throws(ConfigError) {
        try p.checkKeys(["instrument_id", "place_orders", "order_every_n_updates", "min_updates_before_orders", "trade_size", "strategy_id"])
        self.init(instrumentId: try p.instrumentId("instrument_id"))
        placeOrders = try p.bool("place_orders", default: placeOrders)
        orderEveryNUpdates = try p.int("order_every_n_updates", default: orderEveryNUpdates)
        guard orderEveryNUpdates > 0 else {
            throw ConfigError(field: p.field("order_every_n_updates"), "expected a positive number, got \(orderEveryNUpdates)")
        }
        minUpdatesBeforeOrders = try p.int("min_updates_before_orders", default: minUpdatesBeforeOrders)
        if p.has("trade_size") { tradeSize = try p.quantity("trade_size") }
        if p.has("strategy_id") { strategyId = try p.strategyId("strategy_id") }
    }
}
