// TradeTick: one trade printed by a venue. A plain value without heap storage (the trade id is inline
// text). Invariant: the size is positive.

public import KeelCore

/// A trade at a venue: price, size, the side that took liquidity and the venue's trade id.
@frozen
public struct TradeTick: TimestampedData, Hashable {
    /// The instrument traded.
    public let instrumentId: InstrumentId
    /// The trade price.
    public let price: Price
    /// The traded quantity; positive.
    public let size: Quantity
    /// The side that took liquidity.
    public let aggressorSide: AggressorSide
    /// The venue's id of the trade.
    public let tradeId: TradeId
    /// When the trade happened at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a trade from values known to be valid; traps if `size` is not positive.
    @inlinable
    public init(
        instrumentId: InstrumentId,
        price: Price,
        size: Quantity,
        aggressorSide: AggressorSide,
        tradeId: TradeId,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        precondition(size.isPositive, "Invariant: a trade's size is positive")
        self.instrumentId = instrumentId
        self.price = price
        self.size = size
        self.aggressorSide = aggressorSide
        self.tradeId = tradeId
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// Creates a trade from external input, checking its invariants.
    ///
    /// - Throws: `ValidationError` naming `TradeTick.size` if the size is zero.
    public init(
        validating instrumentId: InstrumentId,
        price: Price,
        size: Quantity,
        aggressorSide: AggressorSide,
        tradeId: TradeId,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        guard size.isPositive else { throw ValidationError(field: "TradeTick.size", reason: "\(size) is not positive") }
        self.init(
            instrumentId: instrumentId, price: price, size: size, aggressorSide: aggressorSide, tradeId: tradeId,
            tsEvent: tsEvent, tsInit: tsInit)
    }
}

extension TradeTick: CustomStringConvertible {
    /// `ID,price,size,AGGRESSOR,tradeId,tsEvent`, as NautilusTrader prints trades.
    public var description: String {
        "\(instrumentId),\(price),\(size),\(aggressorSide),\(tradeId),\(tsEvent.rawValue)"
    }
}
