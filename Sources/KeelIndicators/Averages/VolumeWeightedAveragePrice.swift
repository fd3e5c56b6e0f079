// VolumeWeightedAveragePrice: the intraday VWAP, restarted at each UTC day.

public import KeelCore
public import KeelModel

/// The volume-weighted average price of the current UTC day:
/// `VWAP = Σ pᵢ·vᵢ / Σ vᵢ`, `p` the bar's typical price `(high + low + close) / 3` (a trade's price).
///
/// The sums restart when an input's `tsInit` falls on a new UTC day (`⌊ts / 86 400 s⌋` changes); the
/// first input of a day sets the value to its price, and an input with zero volume leaves the value
/// unchanged. `initialized` after the first input (NautilusTrader). NautilusTrader divides the
/// nanosecond timestamp by 86 400 (seconds per day), which restarts it every 86.4 µs; Keel uses days.
public struct VolumeWeightedAveragePrice: BarIndicator, TradeIndicator, Sendable {
    /// The current VWAP (0 before any input).
    public private(set) var value = 0.0
    /// The number of inputs handled since creation or `reset()`.
    public private(set) var count = 0
    /// The UTC day (days since 1970-01-01) of the last input, or nil before any.
    public private(set) var day: UInt64?
    private var priceVolume = 0.0
    private var volumeTotal = 0.0

    /// Creates an empty VWAP.
    public init() {}

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }
    /// True once an input has arrived.
    public var initialized: Bool { count > 0 }

    /// Adds `price` traded in `volume` at `timestamp`, restarting the sums on a new UTC day.
    ///
    /// - Parameters:
    ///   - price: The price, e.g. a bar's typical price.
    ///   - volume: The volume at that price; zero leaves the value unchanged.
    ///   - timestamp: When it happened; its UTC day decides when the sums restart.
    public mutating func update(price: Double, volume: Double, timestamp: UnixNanos) {
        precondition(volume >= 0, "Invariant: a VWAP's volume is not negative")
        count += 1
        let inputDay = timestamp.rawValue / 86_400_000_000_000
        if inputDay != day {
            day = inputDay
            priceVolume = 0
            volumeTotal = 0
            value = price
        }
        guard volume > 0 else { return }
        priceVolume += price * volume
        volumeTotal += volume
        value = priceVolume / volumeTotal
    }

    /// Updates with the bar's typical price `(high + low + close) / 3`, volume and `tsInit`.
    public mutating func handle(bar: Bar) {
        let typical = (bar.high.doubleValue + bar.low.doubleValue + bar.close.doubleValue) / 3
        update(price: typical, volume: bar.volume.doubleValue, timestamp: bar.tsInit)
    }

    /// Updates with the trade's price, size and `tsInit`.
    public mutating func handle(trade: TradeTick) {
        update(price: trade.price.doubleValue, volume: trade.size.doubleValue, timestamp: trade.tsInit)
    }

    /// Returns to the freshly created state.
    public mutating func reset() {
        value = 0
        count = 0
        day = nil
        priceVolume = 0
        volumeTotal = 0
    }
}
