// BacktestConfig: a backtest described by a TOML file (see README.md, "Configuration").
//
// Design decisions:
// - Parsing reads everything and checks every field before any data is loaded, so a mistake in the last
//   table is reported in a second, not after a long load. Errors name the field (`ConfigError`).
// - Relative paths (data, outputs) are resolved against the configuration file's folder, so a
//   configuration runs the same from any working directory.
// - The file describes, the engine runs: `makeEngine` turns the parsed values into a `BacktestEngine`
//   (venues, instruments, data, strategies in file order). Data loaders are KeelPersistence's.

import Foundation
public import KeelBacktest
import KeelCommon
public import KeelCore
import KeelExamples
public import KeelExecution
public import KeelModel
import KeelPersistence
import KeelRisk
import KeelSystem
import TOMLKit
import KeelTrading
public import Logging

/// A parsed backtest configuration.
public struct BacktestConfig {
    /// The file it was read from.
    public var path: String
    /// The run's name (`name`, default: the file name without extension).
    public var name: String
    public var traderId: TraderId
    public var seed: UInt64
    /// `log_level`: trace, debug, info, notice, warning, error or critical (default warning).
    public var logLevel: Logger.Level
    /// `[risk] bypass`: skip the pre-trade risk checks (the reference's `bypass_risk`).
    public var bypassRisk: Bool
    /// `[execution]`: the execution engine's settings; the purges keep a long run's memory flat
    /// (`purge_closed_orders_interval_mins`, `purge_closed_orders_buffer_mins`, and the same for positions;
    /// `purge_account_events_interval_mins`, `purge_account_events_lookback_mins`: NautilusTrader's names).
    public var execution = ExecutionEngineConfig()
    public var venues: [SimulatedVenueConfig]
    public var instruments: [Instrument]
    public var data: [DataSource]
    /// The strategies' names and parameter tables, with their paths for errors.
    public var strategies: [(name: String, parameters: ConfigTable, field: String)]
    /// `[output]`: fills CSV, events log and reports directory (the command line overrides them).
    public var fillsPath: String?
    public var eventsPath: String?
    public var reportsPath: String?
    /// `start`/`end`: the time range to run (inclusive), if any.
    public var start: UnixNanos?
    public var end: UnixNanos?

    /// Reads and checks the configuration at `path`.
    ///
    /// - Throws: `ConfigError` naming the field and the problem.
    public init(contentsOf path: String) throws(ConfigError) {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw ConfigError(field: "", "cannot read the configuration '\(path)': \(error.localizedDescription)")
        }
        try self.init(parsing: text, path: path)
    }

    /// Parses configuration text; relative paths resolve against `path`'s folder.
    public init(parsing text: String, path: String) throws(ConfigError) {
        let root = try ConfigTable(parsing: text, file: path)
        try root.checkKeys(["name", "trader_id", "seed", "log_level", "start", "end", "risk", "execution", "output", "venues", "instruments", "data", "strategies"])
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        func resolve(_ p: String) -> String { p.hasPrefix("/") ? p : folder + "/" + p }
        self.path = path
        name = try root.string("name", default: nil) ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        traderId = try root.has("trader_id")
            ? root.parse("trader_id", expected: "NAME-TAG") { try TraderId(validating: $0) } : TraderId("BACKTESTER-001")
        seed = try root.unsigned("seed", default: UInt64(42))
        let level = try root.string("log_level", default: "warning")!
        guard let parsedLevel = Logger.Level(rawValue: level.lowercased()) else {
            throw ConfigError(field: "log_level", "expected trace, debug, info, notice, warning, error or critical, got '\(level)'")
        }
        logLevel = parsedLevel
        start = try root.has("start") ? root.timestamp("start") : nil
        end = try root.has("end") ? root.timestamp("end") : nil
        if let risk = try root.table("risk") {
            try risk.checkKeys(["bypass"])
            bypassRisk = try risk.bool("bypass", default: false)
        } else {
            bypassRisk = false
        }
        if let table = try root.table("execution") { execution = try Self.execution(table) }
        if let output = try root.table("output") {
            try output.checkKeys(["fills", "events", "reports"])
            fillsPath = try output.string("fills", default: nil).map(resolve)
            eventsPath = try output.string("events", default: nil).map(resolve)
            reportsPath = try output.string("reports", default: nil).map(resolve)
        }
        venues = []
        for table in try root.tables("venues") { venues.append(try Self.venue(table)) }
        guard !venues.isEmpty else { throw ConfigError(field: "venues", "at least one [[venues]] table is needed") }
        instruments = []
        for table in try root.tables("instruments") {
            let instrument = try Self.instrument(table)
            guard venues.contains(where: { $0.venue == instrument.spec.id.venue }) else {
                throw ConfigError(field: table.field("id"), "venue \(instrument.spec.id.venue) is not among [[venues]]")
            }
            instruments.append(instrument)
        }
        data = []
        for table in try root.tables("data") { data.append(try DataSource.parse(table, resolve: resolve)) }
        strategies = []
        for table in try root.tables("strategies") {
            try table.checkKeys(["name", "parameters"])
            let parameters = try table.table("parameters") ?? ConfigTable(.init(), path: table.field("parameters"))
            strategies.append((try table.string("name"), parameters, table.field("name")))
        }
    }

    // MARK: Tables

    static func execution(_ t: ConfigTable) throws(ConfigError) -> ExecutionEngineConfig {
        try t.checkKeys([
            "snapshot_positions", "purge_closed_orders_interval_mins", "purge_closed_orders_buffer_mins",
            "purge_closed_positions_interval_mins", "purge_closed_positions_buffer_mins",
            "purge_account_events_interval_mins", "purge_account_events_lookback_mins",
        ])
        func minutes(_ key: String, positive: Bool) throws(ConfigError) -> DurationNanos? {
            guard t.has(key) else { return nil }
            let value = try t.int(key)
            guard positive ? value > 0 : value >= 0 else {
                throw ConfigError(field: t.field(key), "expected \(positive ? "a positive" : "a non-negative") number of minutes, got \(value)")
            }
            return DurationNanos(UInt64(value) * 60_000_000_000)
        }
        var config = ExecutionEngineConfig(snapshotPositions: try t.bool("snapshot_positions", default: true))
        config.purgeClosedOrdersInterval = try minutes("purge_closed_orders_interval_mins", positive: true)
        config.purgeClosedOrdersBuffer = try minutes("purge_closed_orders_buffer_mins", positive: false) ?? .zero
        config.purgeClosedPositionsInterval = try minutes("purge_closed_positions_interval_mins", positive: true)
        config.purgeClosedPositionsBuffer = try minutes("purge_closed_positions_buffer_mins", positive: false) ?? .zero
        config.purgeAccountEventsInterval = try minutes("purge_account_events_interval_mins", positive: true)
        config.purgeAccountEventsLookback = try minutes("purge_account_events_lookback_mins", positive: false) ?? .zero
        return config
    }

    static func venue(_ t: ConfigTable) throws(ConfigError) -> SimulatedVenueConfig {
        try t.checkKeys([
            "name", "oms_type", "account_type", "base_currency", "starting_balances", "default_leverage", "book_type",
            "bar_execution", "bar_adaptive_high_low_ordering", "trade_execution", "reject_stop_orders",
            "support_gtd_orders", "support_contingent_orders", "use_reduce_only", "use_position_ids", "seed",
            "fill_model", "fee_model", "latency_model",
        ])
        let venue = try t.parse("name", expected: "a venue name") { try Venue(validating: $0) }
        let baseText = try t.string("base_currency", default: nil)
        let base = try baseText.map { _ throws(ConfigError) in try t.currency("base_currency") }
        var balances: [Money] = []
        for (i, text) in try t.strings("starting_balances").enumerated() {
            do { balances.append(try ConfigTable.money(text)) } catch {
                throw ConfigError(field: "\(t.field("starting_balances"))[\(i)]", "expected an amount and a currency such as '100000.00 USD', got '\(text)'")
            }
        }
        guard !balances.isEmpty else { throw ConfigError(field: t.field("starting_balances"), "missing (e.g. [\"100000.00 USD\"])") }
        let leverage = try t.double("default_leverage", default: 1)
        guard leverage > 0 else { throw ConfigError(field: t.field("default_leverage"), "expected a positive number, got \(leverage)") }
        var fillModel = FillModel()
        if let f = try t.table("fill_model") {
            try f.checkKeys(["prob_fill_on_limit", "prob_fill_on_stop", "prob_slippage", "seed"])
            fillModel = FillModel(
                probabilityFillOnLimit: try f.probability("prob_fill_on_limit", default: 1),
                probabilityFillOnStop: try f.probability("prob_fill_on_stop", default: 1),
                probabilitySlippage: try f.probability("prob_slippage", default: 0), seed: try f.unsigned("seed", default: UInt64(0)))
        }
        var feeModel = FeeModel.makerTaker
        if let f = try t.table("fee_model") {
            try f.checkKeys(["kind", "commission", "charge_once"])
            switch try f.string("kind") {
            case "maker_taker": feeModel = .makerTaker
            case "fixed": feeModel = .fixed(try f.money("commission"), chargeOnce: try f.bool("charge_once", default: true))
            case let other: throw ConfigError(field: f.field("kind"), "expected maker_taker or fixed, got '\(other)'")
            }
        }
        var latency: LatencyModel?
        if let l = try t.table("latency_model") {
            try l.checkKeys(["base_ns", "insert_ns", "update_ns", "cancel_ns"])
            latency = LatencyModel(
                base: DurationNanos(try l.unsigned("base_ns", default: UnixNanos.nanosPerMillisecond)),
                insert: DurationNanos(try l.unsigned("insert_ns", default: UInt64(0))),
                update: DurationNanos(try l.unsigned("update_ns", default: UInt64(0))),
                cancel: DurationNanos(try l.unsigned("cancel_ns", default: UInt64(0))))
        }
        return SimulatedVenueConfig(
            venue: venue, omsType: try t.choice("oms_type", OmsType.self), accountType: try t.choice("account_type", AccountType.self),
            baseCurrency: base, startingBalances: balances, defaultLeverage: leverage,
            bookType: try t.choice("book_type", default: BookType.l1MBP), barExecution: try t.bool("bar_execution", default: true),
            barAdaptiveHighLowOrdering: try t.bool("bar_adaptive_high_low_ordering", default: false),
            tradeExecution: try t.bool("trade_execution", default: false),
            rejectStopOrders: try t.bool("reject_stop_orders", default: true),
            supportGTDOrders: try t.bool("support_gtd_orders", default: true),
            supportContingentOrders: try t.bool("support_contingent_orders", default: true),
            useReduceOnly: try t.bool("use_reduce_only", default: true), usePositionIds: try t.bool("use_position_ids", default: true),
            fillModel: fillModel, feeModel: feeModel, latencyModel: latency, seed: try t.unsigned("seed", default: UInt64(0)))
    }

    static func instrument(_ t: ConfigTable) throws(ConfigError) -> Instrument {
        let id = try t.instrumentId("id")
        let type = try t.string("type")
        func limits() throws(ConfigError) -> InstrumentLimits {
            InstrumentLimits(
                minQuantity: t.has("min_quantity") ? try t.quantity("min_quantity") : nil,
                maxQuantity: t.has("max_quantity") ? try t.quantity("max_quantity") : nil,
                minNotional: t.has("min_notional") ? try t.money("min_notional") : nil,
                maxNotional: t.has("max_notional") ? try t.money("max_notional") : nil,
                minPrice: t.has("min_price") ? try t.price("min_price") : nil,
                maxPrice: t.has("max_price") ? try t.price("max_price") : nil)
        }
        func fees() throws(ConfigError) -> MarginsAndFees {
            MarginsAndFees(
                marginInit: t.has("margin_init") ? try t.rate("margin_init") : .zero,
                marginMaint: t.has("margin_maint") ? try t.rate("margin_maint") : .zero,
                makerFee: t.has("maker_fee") ? try t.rate("maker_fee") : .zero,
                takerFee: t.has("taker_fee") ? try t.rate("taker_fee") : .zero)
        }
        let common = ["type", "id", "price_precision", "price_increment", "lot_size", "min_quantity", "max_quantity",
                      "min_notional", "max_notional", "min_price", "max_price", "margin_init", "margin_maint", "maker_fee", "taker_fee"]
        do {
            switch type {
            case "CurrencyPair":
                try t.checkKeys(common + ["default_fx", "base_currency", "quote_currency", "size_precision", "size_increment"])
                if try t.bool("default_fx", default: false) {
                    let parts = id.symbol.description.split(separator: "/")
                    guard parts.count == 2, let base = try? Currency.named(parts[0]), let quote = try? Currency.named(parts[1]) else {
                        throw ConfigError(field: t.field("id"), "default_fx needs a symbol BASE/QUOTE of known currencies, got '\(id.symbol)'")
                    }
                    return .currencyPair(try Scenarios.defaultFX(base: base, quote: quote, venue: id.venue))
                }
                return .currencyPair(try CurrencyPair(
                    id: id, rawSymbol: id.symbol, baseCurrency: try t.currency("base_currency"),
                    quoteCurrency: try t.currency("quote_currency"),
                    pricePrecision: try t.unsigned("price_precision", default: UInt8(5)), priceIncrement: try t.price("price_increment"),
                    sizePrecision: try t.unsigned("size_precision", default: UInt8(0)), sizeIncrement: try t.quantity("size_increment"),
                    lotSize: t.has("lot_size") ? try t.quantity("lot_size") : nil, limits: try limits(), marginsAndFees: try fees(),
                    tsEvent: .zero, tsInit: .zero))
            case "FuturesContract":
                try t.checkKeys(common + ["asset_class", "exchange", "underlying", "activation", "expiration", "currency", "multiplier"])
                return .futuresContract(try FuturesContract(
                    id: id, rawSymbol: id.symbol, assetClass: try t.choice("asset_class", AssetClass.self),
                    exchange: try t.string("exchange", default: nil), underlying: try t.string("underlying"),
                    activation: try t.timestamp("activation"), expiration: try t.timestamp("expiration"),
                    currency: try t.currency("currency"), pricePrecision: try t.unsigned("price_precision", default: UInt8(2)),
                    priceIncrement: try t.price("price_increment"), multiplier: try t.quantity("multiplier"),
                    lotSize: t.has("lot_size") ? try t.quantity("lot_size") : nil, limits: try limits(), marginsAndFees: try fees(),
                    tsEvent: .zero, tsInit: .zero))
            default:
                throw ConfigError(field: t.field("type"), "expected CurrencyPair or FuturesContract, got '\(type)'")
            }
        } catch let error as ConfigError {
            throw error
        } catch {
            throw ConfigError(field: t.path, "invalid \(type): \(error)")
        }
    }

    // MARK: Building

    /// Builds the engine: venues, instruments, data (loaded now) and strategies from `registry`.
    ///
    /// - Throws: `ConfigError` for unknown strategies or bad parameters, `BacktestError` for data that
    ///   cannot be loaded or added.
    public func makeEngine(registry: StrategyRegistry, eventLog: EventLog?, logger: Logger) throws -> BacktestEngine {
        var config = BacktestEngineConfig()
        config.kernel.traderId = traderId
        config.kernel.seed = seed
        config.kernel.riskEngine.bypass = bypassRisk
        config.kernel.executionEngine = execution
        // Strategies are built first: a parameter error is reported before any data is loaded.
        var built: [Strategy] = []
        for strategy in strategies { built.append(try registry.make(strategy.name, parameters: strategy.parameters, field: strategy.field)) }
        let engine = BacktestEngine(config: config, logger: logger, eventLog: eventLog)
        for venue in venues { try engine.addVenue(venue) }
        for instrument in instruments { try engine.addInstrument(instrument) }
        for source in data {
            do {
                if source.kind.isStreamed {
                    for stream in try source.streams(instruments: instruments) { engine.addStream(stream) }
                } else {
                    try engine.addData(try source.values(), name: source.path)
                }
            } catch let error as CSVError {
                throw ConfigError(field: source.field, "\(error)")
            } catch let error as CatalogError {
                throw ConfigError(field: source.field, "\(error)")
            } catch let error as DBNError {
                throw ConfigError(field: source.field, "\(error)")
            }
        }
        for strategy in built { engine.addStrategy(strategy) }
        return engine
    }
}
