// PortfolioFacade: the read-only view of the portfolio that strategies and the risk engine use.
//
// The portfolio (KeelPortfolio) implements it; components that only read it depend on this protocol,
// so no engine imports another (ARCHITECTURE.md, "Module layout"). Reads are per command or per user
// call, not per market data event, so the existential costs nothing that matters.

public import KeelModel

/// Read access to accounts, positions, exposure and PnL.
///
/// ## Implementation requirements
/// - Values reflect every event the kernel has processed so far (fills, account states, and the last
///   prices in the cache for mark-to-market).
/// - Amounts are exact `Money`; lists are ordered by currency (or instrument id), never by hash order.
/// - A query for an unknown venue or instrument returns nil or an empty list, never traps.
public protocol PortfolioFacade: AnyObject {
    /// The account at `venue`, if any.
    func account(for venue: Venue) -> Account?

    /// Initial margins of open orders and positions at `venue`, by instrument.
    func marginsInit(venue: Venue) -> [(InstrumentId, Money)]
    /// Maintenance margins of open positions at `venue`, by instrument.
    func marginsMaint(venue: Venue) -> [(InstrumentId, Money)]

    /// Unrealized PnL of open positions at `venue`, one amount per currency.
    func unrealizedPnls(venue: Venue) -> [Money]
    /// Realized PnL at `venue` (commissions included), one amount per currency.
    func realizedPnls(venue: Venue) -> [Money]
    /// Net exposure (signed notional) at `venue`, one amount per currency.
    func netExposures(venue: Venue) -> [Money]

    /// Unrealized PnL of `instrumentId`, or nil if it cannot be priced.
    func unrealizedPnl(_ instrumentId: InstrumentId) -> Money?
    /// Realized PnL of `instrumentId`, or nil if it never traded.
    func realizedPnl(_ instrumentId: InstrumentId) -> Money?
    /// Net exposure of `instrumentId` (signed notional at the last price), or nil if it cannot be priced.
    func netExposure(_ instrumentId: InstrumentId) -> Money?

    /// The net position in `instrumentId` over all strategies, as a signed raw quantity (scale 10^9):
    /// positive long, negative short, zero flat.
    func netPositionRaw(_ instrumentId: InstrumentId) -> Int64
    /// True if the net position in `instrumentId` is long.
    func isNetLong(_ instrumentId: InstrumentId) -> Bool
    /// True if the net position in `instrumentId` is short.
    func isNetShort(_ instrumentId: InstrumentId) -> Bool
    /// True if there is no net position in `instrumentId`.
    func isFlat(_ instrumentId: InstrumentId) -> Bool
    /// True if there is no open position in any instrument.
    func isCompletelyFlat() -> Bool
}
