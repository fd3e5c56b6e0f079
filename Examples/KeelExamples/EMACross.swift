// EMACross — the strategy of scenario S2, written as a tutorial.
//
// The strategy reads bars that Keel builds itself: `EUR/USD.SIM-100-TICK-MID-INTERNAL` is one bar every
// 100 quotes, of the mid price. Subscribing to such an INTERNAL bar type is all it takes: the data engine
// starts an aggregator fed by the instrument's quotes.
//
// It keeps a fast and a slow exponential moving average of the bars' closes. When the fast EMA is at or
// above the slow one it wants to be long, below it short:
// - flat: it sends a MARKET order in the wanted direction;
// - on the wrong side: it closes every position of the instrument (reduce-only MARKET orders) and then
//   sends the new MARKET order — so a flip is two fills, and on a HEDGING venue the new order opens a new
//   position;
// - already on the right side: nothing.
// When it stops, it cancels its orders and closes its positions.
//
// It is NautilusTrader's `EMACross` example (1.221.0, `examples/strategies/ema_cross.py`), so that Keel's
// fills can be compared with the reference's one by one (../shared/reference/nautilus/RESULTS.md, S2).

import KeelCache
import KeelCommon
import KeelCore
import KeelIndicators
public import KeelModel
public import KeelTrading
import Logging


/// The parameters of `EMACross` (NautilusTrader's `EMACrossConfig`, same defaults).
public struct EMACrossConfig: Sendable {
    /// The instrument traded.
    public var instrumentId: InstrumentId
    /// The bars the strategy reads (S2: `EUR/USD.SIM-100-TICK-MID-INTERNAL`).
    public var barType: BarType
    /// The quantity of each order (rounded to the instrument's size precision).
    public var tradeSize: Quantity
    /// The fast EMA period (below the slow one).
    public var fastEmaPeriod = 10
    /// The slow EMA period.
    public var slowEmaPeriod = 20
    /// Subscribe to the instrument's quotes too (the strategy only logs them).
    public var subscribeQuotes = false
    /// Subscribe to the instrument's trades too (the strategy only logs them).
    public var subscribeTrades = true
    /// Ask for the last day of bars at start (a backtest has no history to give: the answer is empty).
    public var requestBars = true
    /// Unsubscribe from the data when the strategy stops.
    public var unsubscribeDataOnStop = true
    /// The time in force of the orders.
    public var orderTimeInForce = TimeInForce.gtc
    /// Close the strategy's positions (reduce-only MARKET orders) when it stops.
    public var closePositionsOnStop = true
    /// The strategy id (`NAME-TAG`).
    public var strategyId = StrategyId("EMACross-000")

    /// Creates a configuration with the reference's defaults for the other parameters.
    public init(instrumentId: InstrumentId, barType: BarType, tradeSize: Quantity) {
        self.instrumentId = instrumentId
        self.barType = barType
        self.tradeSize = tradeSize
    }
}

/// An EMA-cross strategy that trades with MARKET orders (see the file's introduction).
public final class EMACross: Strategy {
    /// The strategy's parameters.
    public let settings: EMACrossConfig
    private var instrument: Instrument?
    // Indicators are plain values: the strategy updates them itself, before it decides.
    private var fastEma: ExponentialMovingAverage
    private var slowEma: ExponentialMovingAverage

    /// Creates the strategy; traps unless the fast EMA period is below the slow one.
    public init(_ settings: EMACrossConfig) {
        precondition(settings.fastEmaPeriod < settings.slowEmaPeriod, "Invariant: the fast EMA period is below the slow one")
        self.settings = settings
        self.fastEma = ExponentialMovingAverage(period: settings.fastEmaPeriod)
        self.slowEma = ExponentialMovingAverage(period: settings.slowEmaPeriod)
        // The base class cancels the strategy's orders after `onStop` and, as configured, closes its
        // positions — the reference's `on_stop` does the same two things in the same order.
        super.init(
            config: StrategyConfig(
                strategyId: settings.strategyId, cancelOrdersOnStop: true, closePositionsOnStop: settings.closePositionsOnStop))
    }

    // 1. On start: find the instrument, ask for recent bars, subscribe to the bars (and trades/quotes).
    public override func onStart() {
        guard let instrument = cache.instrument(settings.instrumentId) else {
            logger.error("instrument not found", metadata: ["instrumentId": "\(settings.instrumentId)"])
            try? stop()
            return
        }
        self.instrument = instrument
        if settings.requestBars {
            let now = clock.timestampNs
            requestData(.bars(settings.barType), start: now.rawValue > UnixNanos.nanosPerDay ? now - .days(1) : .zero)
        }
        subscribeBars(settings.barType)
        if settings.subscribeQuotes { subscribeQuotes(settings.instrumentId) }
        if settings.subscribeTrades { subscribeTrades(settings.instrumentId) }
    }

    // 2. On each bar: update the indicators, wait until they are warm, skip bars without information.
    public override func onBar(_ bar: Bar) {
        guard bar.barType == settings.barType else { return }
        fastEma.handle(bar: bar)
        slowEma.handle(bar: bar)
        guard fastEma.initialized && slowEma.initialized else { return }
        // A bar whose open, high, low and close are one price carries no market information.
        guard !(bar.open == bar.high && bar.high == bar.low && bar.low == bar.close) else { return }

        // 3. Decide: be long when fast ≥ slow, short otherwise. Close an opposite position first.
        let id = settings.instrumentId
        if fastEma.value >= slowEma.value {
            if portfolio.isFlat(id) {
                send(.buy)
            } else if portfolio.isNetShort(id) {
                closeAllPositions(id)
                send(.buy)
            }
        } else {
            if portfolio.isFlat(id) {
                send(.sell)
            } else if portfolio.isNetLong(id) {
                closeAllPositions(id)
                send(.sell)
            }
        }
    }

    // 4. A MARKET order of the trade size.
    private func send(_ side: OrderSide) {
        guard let instrument else { return }
        do {
            let order = try orderFactory.market(
                instrumentId: settings.instrumentId, side: side, quantity: instrument.makeQuantity(settings.tradeSize),
                tsInit: clock.timestampNs, timeInForce: settings.orderTimeInForce)
            submitOrder(order)
        } catch {
            logger.error("cannot build the order", metadata: ["error": "\(error)"])
        }
    }

    // 5. On stop: unsubscribe (the base class then cancels orders and closes positions, see `init`).
    public override func onStop() {
        guard settings.unsubscribeDataOnStop else { return }
        unsubscribe(.bars(settings.barType))
        if settings.subscribeQuotes { unsubscribe(.quotes(settings.instrumentId)) }
        if settings.subscribeTrades { unsubscribe(.trades(settings.instrumentId)) }
    }

    public override func onReset() {
        fastEma.reset()
        slowEma.reset()
    }
}
