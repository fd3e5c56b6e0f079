public import KeelCore

/// The closing price of an instrument at the end of a session or at contract expiry.
@frozen
public struct InstrumentClose: TimestampedData, Hashable {
    /// The instrument that closed.
    public let instrumentId: InstrumentId
    /// The close (settlement) price.
    public let closePrice: Price
    /// Why the price was published: end of session or contract expiry.
    public let closeType: InstrumentCloseType
    /// When the close was published at the venue.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Creates a close.
    @inlinable
    public init(
        instrumentId: InstrumentId,
        closePrice: Price,
        closeType: InstrumentCloseType,
        tsEvent: UnixNanos,
        tsInit: UnixNanos
    ) {
        self.instrumentId = instrumentId
        self.closePrice = closePrice
        self.closeType = closeType
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }
}
