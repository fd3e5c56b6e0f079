// InstrumentStatus: a venue's change of an instrument's trading status (halt, pre-open, …).
//
// The reason and trading-event texts are optional inline text (at most 63 bytes, no heap), so the value
// stays plain like the other market data.

public import KeelCore

/// A change of an instrument's market status at its venue.
@frozen
public struct InstrumentStatus: TimestampedData, Hashable {
    /// The instrument whose status changed.
    public let instrumentId: InstrumentId
    /// What the venue did.
    public let action: MarketStatusAction
    /// The venue's reason, if given (e.g. `VOLATILITY_PAUSE`).
    public let reason: InlineText?
    /// The venue's trading event, if given.
    public let tradingEvent: InlineText?
    /// Whether trading is allowed, if the venue says.
    public let isTrading: Bool?
    /// Whether quoting is allowed, if the venue says.
    public let isQuoting: Bool?
    /// Whether short selling is restricted, if the venue says.
    public let isShortSellRestricted: Bool?
    /// When the status changed at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a status change.
    public init(
        instrumentId: InstrumentId,
        action: MarketStatusAction,
        reason: InlineText? = nil,
        tradingEvent: InlineText? = nil,
        isTrading: Bool? = nil,
        isQuoting: Bool? = nil,
        isShortSellRestricted: Bool? = nil,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        self.instrumentId = instrumentId
        self.action = action
        self.reason = reason
        self.tradingEvent = tradingEvent
        self.isTrading = isTrading
        self.isQuoting = isQuoting
        self.isShortSellRestricted = isShortSellRestricted
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// Creates a status change from external text fields.
    ///
    /// - Throws: `ValidationError` naming `InstrumentStatus.reason` or `InstrumentStatus.tradingEvent`
    ///   if the text is empty, longer than 63 bytes or not printable ASCII.
    public init(
        validating instrumentId: InstrumentId,
        action: MarketStatusAction,
        reason: String?,
        tradingEvent: String?,
        isTrading: Bool? = nil,
        isQuoting: Bool? = nil,
        isShortSellRestricted: Bool? = nil,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) throws(ValidationError) {
        func inline(_ text: String?, _ field: String) throws(ValidationError) -> InlineText? {
            guard let text else { return nil }
            do { return try InlineText(validating: text, kind: field) } catch {
                throw ValidationError(field: "InstrumentStatus.\(field)", reason: "'\(text)' \(error.reason)")
            }
        }
        self.init(
            instrumentId: instrumentId, action: action, reason: try inline(reason, "reason"),
            tradingEvent: try inline(tradingEvent, "tradingEvent"), isTrading: isTrading, isQuoting: isQuoting,
            isShortSellRestricted: isShortSellRestricted, tsEvent: tsEvent, tsInit: tsInit)
    }
}
