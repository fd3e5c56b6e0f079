import Foundation
import KeelBacktest
import KeelCLI
import KeelCache
import KeelExecution
import KeelSystem
import KeelCore
import KeelModel
import KeelTestKit
import KeelTrading
import Logging
import Testing

/// A minimal valid configuration, with `venue` and `extra` spliced in.
private func configText(venue: String = "", extra: String = "") -> String {
    """
    \(extra)
    [[venues]]
    name = "SIM"
    \(venue.hasPrefix("oms_type") ? "" : "oms_type = \"HEDGING\"")
    account_type = "MARGIN"
    base_currency = "USD"
    starting_balances = ["100000.00 USD"]
    \(venue)

    [[instruments]]
    type = "CurrencyPair"
    id = "GBP/USD.SIM"
    default_fx = true
    """
}

@Suite struct BacktestConfigTests {
    @Test func parsesTheBundledS1Configuration() throws {
        let config = try BacktestConfig(contentsOf: Self.examples + "/S1.toml")
        #expect(config.venues.count == 1)
        #expect(config.venues[0].omsType == .hedging)
        #expect(config.venues[0].defaultLeverage == 10)
        #expect(config.instruments.count == 1)
        #expect(config.data.count == 2)
        #expect(config.data[0].path.hasPrefix(Self.examples + "/"))
        #expect(config.strategies.map(\.name) == ["EMACrossBracket"])
        #expect(config.bypassRisk)
    }

    @Test(.enabled(if: SharedData.exists("data/fx/quote_tick_data.csv") || SharedData.isCI, "the shared data is not here"))
    func parsesTheS2ConfigurationAndBuildsItsStreamAndStrategy() throws {
        let config = try BacktestConfig(contentsOf: Self.examples + "/S2.toml")
        #expect(config.venues[0].omsType == .hedging)
        #expect(config.data.map(\.kind) == [.s2Stream])
        #expect(config.data[0].repeats == 211)
        #expect(config.strategies.map(\.name) == ["EMACross"])
        #expect(!config.bypassRisk)
        #expect(StrategyRegistry.examples.names.contains("EMACross"))
    }

    @Test(arguments: [
        ("oms_type = \"NETT\"", "", "venues[0].oms_type: expected UNSPECIFIED, NETTING or HEDGING, got 'NETT'"),
        ("default_leverage = \"ten\"", "", "venues[0].default_leverage: expected a number, got string"),
        ("default_leverage = -1", "", "venues[0].default_leverage: expected a positive number, got -1.0"),
        ("book_type = \"L4\"", "", "venues[0].book_type: expected L1_MBP, L2_MBP or L3_MBO, got 'L4'"),
        ("fee_model = { kind = \"free\" }", "", "venues[0].fee_model.kind: expected maker_taker or fixed, got 'free'"),
        ("fill_model = { prob_fill_on_limit = 2.0 }", "", "venues[0].fill_model.prob_fill_on_limit: expected a probability in 0...1, got 2.0"),
        ("omstype = \"NETTING\"", "", "venues[0].omstype: unknown field"),
        ("", "log_level = \"loud\"", "log_level: expected trace, debug, info, notice, warning, error or critical, got 'loud'"),
        ("", "seed = -3", "seed: expected an integer in 0...18446744073709551615, got -3"),
    ])
    func reportsTheFieldAndTheProblem(venue: String, extra: String, message: String) {
        do {
            _ = try BacktestConfig(parsing: configText(venue: venue, extra: extra), path: "/tmp/x.toml")
            Issue.record("expected an error: \(message)")
        } catch {
            #expect("\(error)".hasPrefix(message), "got: \(error)")
        }
    }

    @Test func unknownStrategyNamesTheRegisteredOnes() throws {
        let text = configText() + "\n[[strategies]]\nname = \"Nope\"\n"
        let config = try BacktestConfig(parsing: text, path: "/tmp/x.toml")
        #expect(throws: ConfigError.self) { try config.makeEngine(registry: .examples, eventLog: nil, logger: .init(label: "t")) }
        do { _ = try config.makeEngine(registry: .examples, eventLog: nil, logger: .init(label: "t")) } catch {
            #expect("\(error)" == "strategies[0].name: unknown strategy 'Nope' (registered: EMACrossBracket, EMACross, BookReader)")
        }
    }

    @Test(.enabled(if: SharedData.exists(S3Config.data) || SharedData.isCI, "the ES MBO file is not on this machine"))
    func parsesTheS3ConfigurationWithItsFuturesContractAndL3Venue() throws {
        let config = try BacktestConfig(contentsOf: Self.examples + "/S3.toml")
        #expect(config.venues.map(\.venue) == [Venue("GLBX")])
        #expect(config.venues[0].omsType == .netting)
        #expect(config.venues[0].matching.bookType == .l3MBO)
        #expect(config.venues[0].startingBalances == [try Money("1000000", .usd)])
        guard case .futuresContract(let es) = try #require(config.instruments.first) else {
            Issue.record("expected a FuturesContract")
            return
        }
        #expect(es.spec.id == InstrumentId("ESH4.GLBX"))
        #expect(es.spec.priceIncrement == (try Price("0.25")))
        #expect(es.spec.multiplier == Quantity(units: 50))
        #expect(es.spec.lotSize == Quantity(units: 1))
        #expect(es.spec.quoteCurrency == .usd)
        #expect(es.expiration == (try UnixNanos(iso8601: "2024-03-15T14:30:00Z")))
        #expect(es.spec.marginsAndFees == .zero)
        #expect(config.data.map(\.kind) == [.databento])
        #expect(config.data[0].instrumentId == InstrumentId("ESH4.GLBX"))
        #expect(config.data[0].pricePrecision == nil && !config.data[0].includeTrades)
        #expect(config.strategies.map(\.name) == ["BookReader"])
    }

    @Test func includeTradesBelongsToDatabentoSources() {
        let text = configText() + "\n[[data]]\nkind = \"truefx-quotes\"\npath = \"/\"\ninstrument_id = \"GBP/USD.SIM\"\ninclude_trades = true\n"
        do {
            _ = try BacktestConfig(parsing: text, path: "/tmp/x.toml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "data[0].include_trades: only a databento source takes include_trades")
        }
    }

    @Test(.enabled(if: SharedData.exists(S3Config.data) || SharedData.isCI, "the ES MBO file is not on this machine"))
    func aDatabentoRecordOfAnInstrumentNotAddedStopsTheRunNamingIt() throws {
        // No instrument_id: ids come from the file's symbology (ESH4.GLBX), which is not among the instruments.
        let text = configText() + "\n[[data]]\nkind = \"databento\"\npath = \"\(SharedData.path(S3Config.data))\"\n"
        let config = try BacktestConfig(parsing: text, path: "/tmp/x.toml")
        #expect(config.data[0].instrumentId == nil)
        let engine = try config.makeEngine(registry: .examples, eventLog: nil, logger: .init(label: "t"))
        do {
            _ = try engine.run()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains("no price precision is known for ESH4.GLBX"), "got: \(error)")
        }
    }

    @Test func aMissingDatabentoFileIsReportedBeforeTheRun() {
        let text = configText() + "\n[[data]]\nkind = \"databento\"\npath = \"/nonexistent.dbn.zst\"\n"
        do {
            _ = try BacktestConfig(parsing: text, path: "/tmp/x.toml")
            Issue.record("expected an error")
        } catch {
            #expect("\(error)" == "data[0].path: no such file '/nonexistent.dbn.zst'")
        }
    }

    @Test func invalidTomlIsAnErrorNotACrash() {
        #expect(throws: ConfigError.self) { try BacktestConfig(parsing: "venues = [", path: "/tmp/x.toml") }
    }

    @Test func summaryGroupsThousands() throws {
        #expect(BacktestSummary.format(try Money("100010.50", .usd)) == "100,010.50 USD")
        #expect(BacktestSummary.format(try Money("-1234.5", .usd)) == "-1,234.50 USD")
    }

    @Test func reportLinesNameTheActorAndEachFigure() {
        final class Counting: Strategy {
            init() { super.init(config: StrategyConfig(strategyId: StrategyId("Counting-001"))) }
            override var runReport: [(name: String, value: String)] { [("updates", "3"), ("crossed", "0")] }
        }
        #expect(BacktestSummary.reportLines(actors: [Counting()]) == ["Counting-001 updates: 3", "Counting-001 crossed: 0"])
        #expect(BacktestSummary.reportLines(actors: [Strategy(config: StrategyConfig(strategyId: StrategyId("Quiet-001")))]).isEmpty)
    }

    /// `[execution]` purges: closed orders, positions and old account states leave the cache during the run,
    /// yet the run's summary (orders, fills, positions, balances, realized PnL) and its event log are those of
    /// the run without purges. S1's first week: 3,008 orders, most of them closed within minutes.
    @Test func purgingTheCacheChangesNeitherTheSummaryNorTheEventLog() throws {
        let s1 = try String(contentsOfFile: Self.examples + "/S1.toml", encoding: .utf8)
        let purging = s1.replacingOccurrences(of: "[risk]", with: """
            [execution]
            purge_closed_orders_interval_mins = 60
            purge_closed_orders_buffer_mins = 5
            purge_closed_positions_interval_mins = 60
            purge_account_events_interval_mins = 30
            purge_account_events_lookback_mins = 10

            [risk]
            """)
        func run(_ config: BacktestConfig) throws -> (BacktestEngine, BacktestResult) {
            let engine = try config.makeEngine(registry: .examples, eventLog: try EventLog(), logger: .init(label: "test"))
            return (engine, try engine.run(end: try .init(iso8601: "2012-02-08T00:00:00Z")))
        }
        let plainConfig = try BacktestConfig(contentsOf: Self.examples + "/S1.toml")
        let purgingConfig = try BacktestConfig(parsing: purging, path: Self.examples + "/S1-purging.toml")
        #expect(!plainConfig.execution.purges)
        #expect(purgingConfig.execution.purgeClosedOrdersInterval == .seconds(3_600))
        #expect(purgingConfig.execution.purgeClosedOrdersBuffer == .seconds(300))
        #expect(purgingConfig.execution.purgeClosedPositionsBuffer == .zero)
        #expect(purgingConfig.execution.purgeAccountEventsLookback == .seconds(600))
        let (plain, a) = try run(plainConfig)
        let (purged, b) = try run(purgingConfig)
        #expect(a.orders > 1_000 && a.fills > 100)
        #expect((b.orders, b.fills, b.positions) == (a.orders, a.fills, a.positions))
        #expect(b.balances.map(\.1) == a.balances.map(\.1))
        #expect(b.realizedPnl == a.realizedPnl)
        #expect(b.digest == a.digest)
        let cache = purged.kernel.cache
        #expect(cache.purgeTotals.orders > a.orders / 2, "\(cache.purgeTotals)")
        #expect(cache.orders().count + cache.purgeTotals.orders == plain.kernel.cache.orders().count)
        #expect(cache.purgeTotals.positions > 0 && cache.purgeTotals.accountStates > 0)
        #expect(cache.checkIntegrity().isEmpty, "\(cache.checkIntegrity())")
    }

    @Test(arguments: [
        ("purge_closed_orders_interval_mins = 0", "execution.purge_closed_orders_interval_mins: expected a positive number of minutes, got 0"),
        ("purge_closed_positions_buffer_mins = -5", "execution.purge_closed_positions_buffer_mins: expected a non-negative number of minutes, got -5"),
        ("purge_orders = 10", "execution.purge_orders: unknown field"),
    ])
    func executionSettingsAreChecked(line: String, message: String) {
        do {
            _ = try BacktestConfig(parsing: configText(extra: "[execution]\n\(line)\n"), path: "/tmp/x.toml")
            Issue.record("expected an error: \(message)")
        } catch {
            #expect("\(error)".hasPrefix(message), "got: \(error)")
        }
    }

    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples").path
    }
}

enum S3Config {
    static let data = "data/databento/esh4-glbx-mdp3-20231225.mbo.dbn.zst"
}
