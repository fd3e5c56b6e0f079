// Enumerations of the trading domain, with NautilusTrader's names as their text form.

public import KeelCore

/// An enumeration of the trading domain whose text form is NautilusTrader's name for the case
/// (`BUY`, `STOP_MARKET`, `GTD` …). Every such enum parses its text the same way.
public protocol DomainEnum: Hashable, Sendable, CaseIterable, CustomStringConvertible {}

extension DomainEnum {
    /// Parses the text form (case-insensitive), e.g. `OrderSide(parsing: "buy")`.
    ///
    /// - Throws: `ParseError` naming the type, the text and the accepted values.
    public init(parsing text: some StringProtocol) throws(ParseError) {
        let upper = text.uppercased()
        guard let value = Self.allCases.first(where: { $0.description == upper }) else {
            throw ParseError(
                kind: String(describing: Self.self), text: String(text),
                reason: "expected one of " + Self.allCases.map(\.description).joined(separator: ", "))
        }
        self = value
    }
}

/// The side of an order.
@frozen
public enum OrderSide: UInt8, DomainEnum {
    case noOrderSide = 0
    case buy = 1
    case sell = 2

    /// The text form, e.g. `"BUY"`.
    public var description: String {
        switch self {
        case .noOrderSide: "NO_ORDER_SIDE"
        case .buy: "BUY"
        case .sell: "SELL"
        }
    }

}

/// The nine order types.
@frozen
public enum OrderType: UInt8, DomainEnum {
    case market = 0
    case limit = 1
    case stopMarket = 2
    case stopLimit = 3
    case marketToLimit = 4
    case marketIfTouched = 5
    case limitIfTouched = 6
    case trailingStopMarket = 7
    case trailingStopLimit = 8

    /// The text form, e.g. `"LIMIT"`.
    public var description: String {
        switch self {
        case .market: "MARKET"
        case .limit: "LIMIT"
        case .stopMarket: "STOP_MARKET"
        case .stopLimit: "STOP_LIMIT"
        case .marketToLimit: "MARKET_TO_LIMIT"
        case .marketIfTouched: "MARKET_IF_TOUCHED"
        case .limitIfTouched: "LIMIT_IF_TOUCHED"
        case .trailingStopMarket: "TRAILING_STOP_MARKET"
        case .trailingStopLimit: "TRAILING_STOP_LIMIT"
        }
    }

}

/// How long an order stays working.
@frozen
public enum TimeInForce: UInt8, DomainEnum {
    case gtc = 0
    case ioc = 1
    case fok = 2
    case gtd = 3
    case day = 4
    case atTheOpen = 5
    case atTheClose = 6

    /// The text form, e.g. `"IOC"`.
    public var description: String {
        switch self {
        case .gtc: "GTC"
        case .ioc: "IOC"
        case .fok: "FOK"
        case .gtd: "GTD"
        case .day: "DAY"
        case .atTheOpen: "AT_THE_OPEN"
        case .atTheClose: "AT_THE_CLOSE"
        }
    }

}

/// The price that triggers a stop or if-touched order.
@frozen
public enum TriggerType: UInt8, DomainEnum {
    case noTrigger = 0
    case `default` = 1
    case bidAsk = 2
    case lastPrice = 3
    case doubleLast = 4
    case doubleBidAsk = 5
    case lastOrBidAsk = 6
    case midPoint = 7
    case markPrice = 8
    case indexPrice = 9

    /// The text form, e.g. `"DEFAULT"`.
    public var description: String {
        switch self {
        case .noTrigger: "NO_TRIGGER"
        case .`default`: "DEFAULT"
        case .bidAsk: "BID_ASK"
        case .lastPrice: "LAST_PRICE"
        case .doubleLast: "DOUBLE_LAST"
        case .doubleBidAsk: "DOUBLE_BID_ASK"
        case .lastOrBidAsk: "LAST_OR_BID_ASK"
        case .midPoint: "MID_POINT"
        case .markPrice: "MARK_PRICE"
        case .indexPrice: "INDEX_PRICE"
        }
    }

}

/// How a trailing order's offset is expressed.
@frozen
public enum TrailingOffsetType: UInt8, DomainEnum {
    case noTrailingOffset = 0
    case price = 1
    case basisPoints = 2
    case ticks = 3
    case priceTier = 4

    /// The text form, e.g. `"PRICE"`.
    public var description: String {
        switch self {
        case .noTrailingOffset: "NO_TRAILING_OFFSET"
        case .price: "PRICE"
        case .basisPoints: "BASIS_POINTS"
        case .ticks: "TICKS"
        case .priceTier: "PRICE_TIER"
        }
    }

}

/// How an order depends on the other orders of its list.
@frozen
public enum ContingencyType: UInt8, DomainEnum {
    case noContingency = 0
    case oco = 1
    case oto = 2
    case ouo = 3

    /// The text form, e.g. `"OCO"`.
    public var description: String {
        switch self {
        case .noContingency: "NO_CONTINGENCY"
        case .oco: "OCO"
        case .oto: "OTO"
        case .ouo: "OUO"
        }
    }

}

/// Whether a fill added liquidity (maker) or took it (taker).
@frozen
public enum LiquiditySide: UInt8, DomainEnum {
    case noLiquiditySide = 0
    case maker = 1
    case taker = 2

    /// The text form, e.g. `"MAKER"`.
    public var description: String {
        switch self {
        case .noLiquiditySide: "NO_LIQUIDITY_SIDE"
        case .maker: "MAKER"
        case .taker: "TAKER"
        }
    }

}

/// How a venue or strategy keeps positions: one per instrument (netting) or many (hedging).
@frozen
public enum OmsType: UInt8, DomainEnum {
    case unspecified = 0
    case netting = 1
    case hedging = 2

    /// The text form, e.g. `"NETTING"`.
    public var description: String {
        switch self {
        case .unspecified: "UNSPECIFIED"
        case .netting: "NETTING"
        case .hedging: "HEDGING"
        }
    }

}

/// The kind of account.
@frozen
public enum AccountType: UInt8, DomainEnum {
    case cash = 0
    case margin = 1
    case betting = 2

    /// The text form, e.g. `"MARGIN"`.
    public var description: String {
        switch self {
        case .cash: "CASH"
        case .margin: "MARGIN"
        case .betting: "BETTING"
        }
    }

}

/// The side that took liquidity in a trade.
@frozen
public enum AggressorSide: UInt8, DomainEnum {
    case noAggressor = 0
    case buyer = 1
    case seller = 2

    /// The text form, e.g. `"BUYER"`.
    public var description: String {
        switch self {
        case .noAggressor: "NO_AGGRESSOR"
        case .buyer: "BUYER"
        case .seller: "SELLER"
        }
    }

}

/// What an order book delta does.
@frozen
public enum BookAction: UInt8, DomainEnum {
    case add = 0
    case update = 1
    case delete = 2
    case clear = 3

    /// The text form, e.g. `"UPDATE"`.
    public var description: String {
        switch self {
        case .add: "ADD"
        case .update: "UPDATE"
        case .delete: "DELETE"
        case .clear: "CLEAR"
        }
    }

}

/// The granularity of an order book.
@frozen
public enum BookType: UInt8, DomainEnum {
    case l1MBP = 0
    case l2MBP = 1
    case l3MBO = 2

    /// The text form, e.g. `"L2_MBP"`.
    public var description: String {
        switch self {
        case .l1MBP: "L1_MBP"
        case .l2MBP: "L2_MBP"
        case .l3MBO: "L3_MBO"
        }
    }

}

/// Which price of a market a value refers to.
@frozen
public enum PriceType: UInt8, DomainEnum {
    case bid = 0
    case ask = 1
    case mid = 2
    case last = 3
    case mark = 4

    /// The text form, e.g. `"ASK"`.
    public var description: String {
        switch self {
        case .bid: "BID"
        case .ask: "ASK"
        case .mid: "MID"
        case .last: "LAST"
        case .mark: "MARK"
        }
    }

}

/// How a bar's interval is measured.
@frozen
public enum BarAggregation: UInt8, DomainEnum {
    case tick = 0
    case volume = 1
    case value = 2
    case millisecond = 3
    case second = 4
    case minute = 5
    case hour = 6
    case day = 7
    case week = 8
    case month = 9

    /// The text form, e.g. `"VOLUME"`.
    public var description: String {
        switch self {
        case .tick: "TICK"
        case .volume: "VOLUME"
        case .value: "VALUE"
        case .millisecond: "MILLISECOND"
        case .second: "SECOND"
        case .minute: "MINUTE"
        case .hour: "HOUR"
        case .day: "DAY"
        case .week: "WEEK"
        case .month: "MONTH"
        }
    }

}

/// Who aggregates a bar: the venue (external) or Keel (internal).
@frozen
public enum AggregationSource: UInt8, DomainEnum {
    case external = 0
    case `internal` = 1

    /// The text form, e.g. `"INTERNAL"`.
    public var description: String {
        switch self {
        case .external: "EXTERNAL"
        case .`internal`: "INTERNAL"
        }
    }

}

/// The side of a position.
@frozen
public enum PositionSide: UInt8, DomainEnum {
    case noPositionSide = 0
    case flat = 1
    case long = 2
    case short = 3

    /// The text form, e.g. `"FLAT"`.
    public var description: String {
        switch self {
        case .noPositionSide: "NO_POSITION_SIDE"
        case .flat: "FLAT"
        case .long: "LONG"
        case .short: "SHORT"
        }
    }

}

/// The states of the order state machine.
@frozen
public enum OrderStatus: UInt8, DomainEnum {
    case initialized = 0
    case denied = 1
    case emulated = 2
    case released = 3
    case submitted = 4
    case accepted = 5
    case rejected = 6
    case canceled = 7
    case expired = 8
    case triggered = 9
    case pendingUpdate = 10
    case pendingCancel = 11
    case partiallyFilled = 12
    case filled = 13

    /// The text form, e.g. `"DENIED"`.
    public var description: String {
        switch self {
        case .initialized: "INITIALIZED"
        case .denied: "DENIED"
        case .emulated: "EMULATED"
        case .released: "RELEASED"
        case .submitted: "SUBMITTED"
        case .accepted: "ACCEPTED"
        case .rejected: "REJECTED"
        case .canceled: "CANCELED"
        case .expired: "EXPIRED"
        case .triggered: "TRIGGERED"
        case .pendingUpdate: "PENDING_UPDATE"
        case .pendingCancel: "PENDING_CANCEL"
        case .partiallyFilled: "PARTIALLY_FILLED"
        case .filled: "FILLED"
        }
    }

}

/// The class of an instrument.
@frozen
public enum InstrumentClass: UInt8, DomainEnum {
    case spot = 0
    case swap = 1
    case future = 2
    case futuresSpread = 3
    case forward = 4
    case cfd = 5
    case bond = 6
    case option = 7
    case optionSpread = 8
    case warrant = 9
    case sportsBetting = 10
    case binaryOption = 11

    /// The text form, e.g. `"SWAP"`.
    public var description: String {
        switch self {
        case .spot: "SPOT"
        case .swap: "SWAP"
        case .future: "FUTURE"
        case .futuresSpread: "FUTURES_SPREAD"
        case .forward: "FORWARD"
        case .cfd: "CFD"
        case .bond: "BOND"
        case .option: "OPTION"
        case .optionSpread: "OPTION_SPREAD"
        case .warrant: "WARRANT"
        case .sportsBetting: "SPORTS_BETTING"
        case .binaryOption: "BINARY_OPTION"
        }
    }

}

/// The asset class of an instrument's underlying.
@frozen
public enum AssetClass: UInt8, DomainEnum {
    case fx = 0
    case equity = 1
    case commodity = 2
    case debt = 3
    case index = 4
    case cryptocurrency = 5
    case alternative = 6

    /// The text form, e.g. `"EQUITY"`.
    public var description: String {
        switch self {
        case .fx: "FX"
        case .equity: "EQUITY"
        case .commodity: "COMMODITY"
        case .debt: "DEBT"
        case .index: "INDEX"
        case .cryptocurrency: "CRYPTOCURRENCY"
        case .alternative: "ALTERNATIVE"
        }
    }

}

/// Call or put.
@frozen
public enum OptionKind: UInt8, DomainEnum {
    case call = 0
    case put = 1

    /// The text form, e.g. `"PUT"`.
    public var description: String {
        switch self {
        case .call: "CALL"
        case .put: "PUT"
        }
    }

}

/// A venue's change of an instrument's trading status.
@frozen
public enum MarketStatusAction: UInt8, DomainEnum {
    case none = 0
    case preOpen = 1
    case preCross = 2
    case quoted = 3
    case cross = 4
    case rotation = 5
    case newPriceIndication = 6
    case trading = 7
    case halt = 8
    case pause = 9
    case suspend = 10
    case preClose = 11
    case close = 12
    case postClose = 13
    case shortSellRestrictionChange = 14
    case notAvailableForTrading = 15

    /// The text form, e.g. `"PRE_OPEN"`.
    public var description: String {
        switch self {
        case .none: "NONE"
        case .preOpen: "PRE_OPEN"
        case .preCross: "PRE_CROSS"
        case .quoted: "QUOTED"
        case .cross: "CROSS"
        case .rotation: "ROTATION"
        case .newPriceIndication: "NEW_PRICE_INDICATION"
        case .trading: "TRADING"
        case .halt: "HALT"
        case .pause: "PAUSE"
        case .suspend: "SUSPEND"
        case .preClose: "PRE_CLOSE"
        case .close: "CLOSE"
        case .postClose: "POST_CLOSE"
        case .shortSellRestrictionChange: "SHORT_SELL_RESTRICTION_CHANGE"
        case .notAvailableForTrading: "NOT_AVAILABLE_FOR_TRADING"
        }
    }

}

/// Why an instrument's close price was published.
@frozen
public enum InstrumentCloseType: UInt8, DomainEnum {
    case endOfSession = 0
    case contractExpired = 1

    /// The text form, e.g. `"CONTRACT_EXPIRED"`.
    public var description: String {
        switch self {
        case .endOfSession: "END_OF_SESSION"
        case .contractExpired: "CONTRACT_EXPIRED"
        }
    }

}

/// The risk engine's trading state.
@frozen
public enum TradingState: UInt8, DomainEnum {
    case active = 0
    case reducing = 1
    case halted = 2

    /// The text form, e.g. `"REDUCING"`.
    public var description: String {
        switch self {
        case .active: "ACTIVE"
        case .reducing: "REDUCING"
        case .halted: "HALTED"
        }
    }

}
extension OrderSide {
    /// The opposite side; traps for `noOrderSide`.
    @inlinable
    public var opposite: OrderSide {
        switch self {
        case .buy: .sell
        case .sell: .buy
        case .noOrderSide: preconditionFailure("Invariant: an order side has an opposite")
        }
    }
}

extension PositionSide {
    /// The order side that closes a position of this side; traps for flat.
    public var closingOrderSide: OrderSide {
        switch self {
        case .long: .sell
        case .short: .buy
        case .flat, .noPositionSide: preconditionFailure("Invariant: only a long or short position is closed")
        }
    }
}
