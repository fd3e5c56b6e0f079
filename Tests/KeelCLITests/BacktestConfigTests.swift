import Foundation
import KeelBacktest
import KeelCLI
import KeelModel
import KeelTestKit
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
            #expect("\(error)" == "strategies[0].name: unknown strategy 'Nope' (registered: EMACrossBracket, EMACross)")
        }
    }

    @Test func invalidTomlIsAnErrorNotACrash() {
        #expect(throws: ConfigError.self) { try BacktestConfig(parsing: "venues = [", path: "/tmp/x.toml") }
    }

    @Test func summaryGroupsThousands() throws {
        #expect(BacktestSummary.format(try Money("100010.50", .usd)) == "100,010.50 USD")
        #expect(BacktestSummary.format(try Money("-1234.5", .usd)) == "-1,234.50 USD")
    }

    static var examples: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples").path
    }
}
