// BuyAndHold: the smallest useful strategy — buy `trade_size` at the second bar, hold to the end.
// (At the first BID bar the venue has no market yet: its ASK bar of the same minute comes next.)

import KeelCLI
import KeelCore
import KeelModel
import KeelTrading

/// Buys once at the second bar of `barType` and holds.
final class BuyAndHold: Strategy {
    let instrumentId: InstrumentId
    let barType: BarType
    let tradeSize: Quantity
    private var bars = 0

    init(instrumentId: InstrumentId, barType: BarType, tradeSize: Quantity) {
        self.instrumentId = instrumentId
        self.barType = barType
        self.tradeSize = tradeSize
        super.init(config: StrategyConfig(strategyId: StrategyId("BuyAndHold-001")))
    }

    /// Reads `instrument_id`, `bar_type` and `trade_size` from the `[strategies.parameters]` table.
    convenience init(_ p: ConfigTable) throws(ConfigError) {
        try p.checkKeys(["instrument_id", "bar_type", "trade_size"])
        self.init(
            instrumentId: try p.instrumentId("instrument_id"),
            barType: try p.barType("bar_type"),
            tradeSize: try p.quantity("trade_size"))
    }

    override func onStart() { subscribeBars(barType) }

    override func onBar(_ bar: Bar) {
        bars += 1
        guard bars == 2 else { return }
        do {
            submitOrder(try orderFactory.market(instrumentId: instrumentId, side: .buy, quantity: tradeSize, tsInit: clock.timestampNs))
        } catch {
            logger.error("cannot create the order: \(error)")
        }
    }
}
