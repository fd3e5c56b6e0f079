public import KeelCore

/// A selection in a betting market (Betfair): prices are decimal odds, sizes are stakes in `currency`.
@frozen
public struct BettingInstrument: InstrumentDefinition {
    /// The common fields.
    public let spec: InstrumentSpec
    /// The event type (sport), e.g. 6423 for American football.
    public let eventTypeId: Int64
    /// The event (a match).
    public let eventId: Int64
    /// The market within the event, e.g. `1.180737193`.
    public let marketId: InlineText
    /// The selection (a runner) within the market.
    public let selectionId: Int64
    /// The selection's handicap (0 for markets without one).
    public let selectionHandicap: Rate
    /// When the market is scheduled to start.
    public let marketStartTime: UnixNanos

    /// Creates a betting instrument, validating every field.
    ///
    /// - Throws: `ValidationError` naming the field (`BettingInstrument.marketId`, …).
    public init(
        id: InstrumentId,
        rawSymbol: Symbol,
        eventTypeId: Int64,
        eventId: Int64,
        marketId: String,
        selectionId: Int64,
        selectionHandicap: Rate = .zero,
        marketStartTime: UnixNanos,
        currency: Currency,
        pricePrecision: UInt8,
        priceIncrement: Price,
        sizePrecision: UInt8,
        sizeIncrement: Quantity,
        limits: InstrumentLimits = .none,
        marginsAndFees: MarginsAndFees = .zero,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        let kind = "BettingInstrument"
        self.eventTypeId = eventTypeId
        self.eventId = eventId
        self.marketId = try inlineField(marketId, kind: kind, field: "marketId")
        self.selectionId = selectionId
        self.selectionHandicap = selectionHandicap
        self.marketStartTime = marketStartTime
        spec = try InstrumentSpec(
            kind: kind, id: id, rawSymbol: rawSymbol, assetClass: .alternative, instrumentClass: .sportsBetting,
            baseCurrency: nil, quoteCurrency: currency, settlementCurrency: currency, isInverse: false,
            pricePrecision: pricePrecision, priceIncrement: priceIncrement, sizePrecision: sizePrecision,
            sizeIncrement: sizeIncrement, multiplier: Quantity(units: 1), lotSize: nil, limits: limits,
            marginsAndFees: marginsAndFees, tsEvent: tsEvent, tsInit: tsInit)
    }
}
