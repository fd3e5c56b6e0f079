// my-keel: Keel's command line with the example strategies and this package's own.
//
//   swift run my-keel backtest MyBacktest.toml

import KeelCLI

var registry = StrategyRegistry.examples
registry.register("BuyAndHold") { p throws(ConfigError) in try BuyAndHold(p) }
KeelCommandLine.main(registry: registry)
