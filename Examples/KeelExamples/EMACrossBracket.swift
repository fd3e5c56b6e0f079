// EMACrossBracket — the strategy of scenario S1, written as a tutorial.
//
// The strategy trades 1-minute bars. It keeps two exponential moving averages of the close (fast and slow)
// and an average true range. When the fast EMA is at or above the slow one it wants to be long, below it
// short. It enters with a *bracket*: a LIMIT_IF_TOUCHED entry at the bar's close that expires after 30
// seconds, a STOP_MARKET stop-loss and a LIMIT take-profit three ATRs away. The venue holds the stop-loss and
// take-profit until the entry fills; whichever of them fills first cancels the other (OUO).
//
// It is NautilusTrader's `EMACrossBracket` example (1.221.0), so that Keel's fills can be compared with the
// reference's one by one (../shared/reference/nautilus/RESULTS.md, S1).

import KeelCache
import KeelCommon
public import KeelCore
import KeelIndicators
public import KeelModel
public import KeelTrading
import Logging

/// The parameters of `EMACrossBracket`.
public struct EMACrossBracketConfig: Sendable {
    /// The instrument traded.
    public var instrumentId: InstrumentId
    /// The bars the strategy reads (S1: the BID bars).
    public var barType: BarType
    /// The fast and slow EMA periods (fast < slow).
    public var fastEmaPeriod = 10
    public var slowEmaPeriod = 20
    /// The ATR period.
    public var atrPeriod = 20
    /// The distance of the stop-loss and take-profit from the entry, in ATRs.
    public var bracketDistanceAtr = 3.0
    /// The quantity of each entry.
    public var tradeSize: Quantity
    /// How long an entry waits to be touched.
    public var entryTimeToLive = DurationNanos.seconds(30)
    /// The strategy id (`NAME-TAG`).
    public var strategyId = StrategyId("EMACrossBracket-000")

    public init(instrumentId: InstrumentId, barType: BarType, tradeSize: Quantity) {
        self.instrumentId = instrumentId
        self.barType = barType
        self.tradeSize = tradeSize
    }
}

/// An EMA-cross strategy that enters with brackets (see the file's introduction).
public final class EMACrossBracket: Strategy {
    public let settings: EMACrossBracketConfig
    // The instrument's spec (its prices' and quantities' rules) and the entry quantity, taken once at start:
    // `Instrument.makePrice(_:)` copies the spec out of the instrument on every call.
    private var spec: InstrumentSpec?
    private var quantity: Quantity?
    // Indicators are plain values: the strategy updates them itself, before it decides.
    private var atr: AverageTrueRange
    private var fastEma: ExponentialMovingAverage
    private var slowEma: ExponentialMovingAverage

    public init(_ settings: EMACrossBracketConfig) {
        precondition(settings.fastEmaPeriod < settings.slowEmaPeriod, "Invariant: the fast EMA period is below the slow one")
        self.settings = settings
        self.atr = AverageTrueRange(period: settings.atrPeriod)
        self.fastEma = ExponentialMovingAverage(period: settings.fastEmaPeriod)
        self.slowEma = ExponentialMovingAverage(period: settings.slowEmaPeriod)
        super.init(config: StrategyConfig(strategyId: settings.strategyId))
    }

    // 1. On start: find the instrument, ask for recent history, subscribe to the bars (and the quotes).
    public override func onStart() {
        guard let instrument = cache.instrument(settings.instrumentId) else {
            logger.error("instrument not found", metadata: ["instrumentId": "\(settings.instrumentId)"])
            try? stop()
            return
        }
        spec = instrument.spec
        quantity = instrument.makeQuantity(settings.tradeSize)
        let now = clock.timestampNs
        requestData(.bars(settings.barType), start: now.rawValue > UnixNanos.nanosPerDay ? now - .days(1) : .zero)
        subscribeBars(settings.barType)
        subscribeQuotes(settings.instrumentId)
    }

    // 2. On each bar: update the indicators, wait until they are warm, skip bars without information.
    public override func onBar(_ bar: Bar) {
        guard bar.barType == settings.barType else { return }
        atr.handle(bar: bar)
        fastEma.handle(bar: bar)
        slowEma.handle(bar: bar)
        guard atr.initialized && fastEma.initialized && slowEma.initialized else { return }
        guard !(bar.open == bar.high && bar.high == bar.low && bar.low == bar.close) else { return }

        // 3. Decide: be long when fast ≥ slow, short otherwise. Reverse an opposite position first.
        let id = settings.instrumentId
        if fastEma.value >= slowEma.value {
            if portfolio.isFlat(id) {
                cancelAllOrders(id)
                enter(.buy, after: bar)
            } else if portfolio.isNetShort(id) {
                closeAllPositions(id)
                cancelAllOrders(id)
                enter(.buy, after: bar)
            }
        } else {
            if portfolio.isFlat(id) {
                cancelAllOrders(id)
                enter(.sell, after: bar)
            } else if portfolio.isNetLong(id) {
                closeAllPositions(id)
                cancelAllOrders(id)
                enter(.sell, after: bar)
            }
        }
    }

    // 4. Enter with a bracket around the bar's close.
    private func enter(_ side: OrderSide, after bar: Bar) {
        guard let spec, let quantity else { return }
        let distance = settings.bracketDistanceAtr * atr.value
        let close = bar.close.doubleValue
        let (stop, target) = side == .buy ? (close - distance, close + distance) : (close + distance, close - distance)
        do {
            let entryPrice = spec.makePrice(bar.close)
            let now = clock.timestampNs
            let bracket = try orderFactory.bracket(
                instrumentId: settings.instrumentId, side: side, quantity: quantity,
                entry: .limitIfTouched(price: entryPrice, triggerPrice: entryPrice),
                stopLoss: .stopMarket(triggerPrice: try spec.makePrice(stop)),
                takeProfit: .limit(price: try spec.makePrice(target)),
                tsInit: now, entryTimeInForce: .gtd, entryExpireTime: now + settings.entryTimeToLive)
            submitOrderList(bracket)
        } catch {
            logger.error("cannot build the bracket", metadata: ["error": "\(error)"])
        }
    }

    // 5. On stop: cancel what is working and flatten.
    public override func onStop() {
        cancelAllOrders(settings.instrumentId)
        closeAllPositions(settings.instrumentId)
        unsubscribe(.bars(settings.barType))
        unsubscribe(.quotes(settings.instrumentId))
    }

    public override func onReset() {
        atr.reset()
        fastEma.reset()
        slowEma.reset()
    }
}
