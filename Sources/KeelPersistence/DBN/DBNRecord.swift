// DBNRecord: the records of a DBN file, as plain values with Databento's field names in lowerCamelCase.
//
// Design decisions:
// - One struct per record layout, one enum (`DBNRecord`) over them: `next()` returns a value with no
//   heap storage and no existential for every market-data record. Instrument definitions carry text
//   (`String`s) and are rare, so their case is `indirect` and keeps the enum small.
// - Fields keep DBN's raw encodings: prices are `Int64` at 1e-9 with `DBN.undefinedPrice` (i64::MAX)
//   for "no price", timestamps `UInt64` nanoseconds with `DBN.undefinedTimestamp` (u64::MAX), sides
//   and actions ASCII bytes. Conversions to Keel's types (DBNRecord+Keel.swift) check and map them.
// - Versions 1–3 share every market-data layout; definitions (360/400/520 bytes), statistics
//   (quantity i32 → i64 in v3) and the live-only error/system/symbol-mapping records differ, and are
//   decoded into one version-independent struct each (fields a version lacks are undefined).


/// Constants of the DBN encoding.
public enum DBN {
    /// The "no price" sentinel of price fields.
    public static let undefinedPrice: Int64 = .max
    /// The "no timestamp" sentinel of timestamp fields.
    public static let undefinedTimestamp: UInt64 = .max
    /// The DBN versions this decoder reads.
    public static let supportedVersions: ClosedRange<UInt8> = 1...3
}

/// The 16-byte header every record starts with.
@frozen
public struct DBNRecordHeader: Hashable, Sendable {
    /// The record's size in bytes (the length byte × 4).
    public var length: Int
    /// The record type.
    public var rtype: UInt8
    /// Databento's publisher id (1 = CME Globex MDP 3.0).
    public var publisherId: UInt16
    /// The numeric instrument id.
    public var instrumentId: UInt32
    /// The matching-engine timestamp, nanoseconds since the epoch.
    public var tsEvent: UInt64
}

/// A market-by-order event (rtype 0xA0).
@frozen
public struct DBNMbo: Hashable, Sendable {
    public var header: DBNRecordHeader
    /// The venue's order id.
    public var orderId: UInt64
    /// The order price (1e-9 units), or `DBN.undefinedPrice`.
    public var price: Int64
    /// The order quantity.
    public var size: UInt32
    /// The flags byte (`RecordFlags`).
    public var flags: UInt8
    /// The venue channel.
    public var channelId: UInt8
    /// `A`dd, `C`ancel, `M`odify, `R`clear, `T`rade, `F`ill (ASCII).
    public var action: UInt8
    /// `B`id, `A`sk or `N`one (ASCII).
    public var side: UInt8
    /// When Databento received the event.
    public var tsRecv: UInt64
    /// `ts_recv` minus the venue's send time, nanoseconds.
    public var tsInDelta: Int32
    /// The venue's message sequence number.
    public var sequence: UInt32
}

/// The best bid and offer of one book level.
@frozen
public struct DBNBidAskPair: Hashable, Sendable {
    public var bidPrice: Int64
    public var askPrice: Int64
    public var bidSize: UInt32
    public var askSize: UInt32
    public var bidCount: UInt32
    public var askCount: UInt32
}

/// A trade (rtype 0x00, schema `trades`).
@frozen
public struct DBNTrade: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var price: Int64
    public var size: UInt32
    /// The event's action (`T` for a trade).
    public var action: UInt8
    /// The aggressor's side: `B` buyer, `A` seller, `N` none.
    public var side: UInt8
    public var flags: UInt8
    /// The book level the event changed (0 here).
    public var depth: UInt8
    public var tsRecv: UInt64
    public var tsInDelta: Int32
    public var sequence: UInt32
}

/// A top-of-book event (rtype 0x01: schemas `mbp-1` and `tbbo`): the event plus the book after it.
@frozen
public struct DBNMbp1: Hashable, Sendable {
    /// The event (add, cancel, modify, trade …) with the same fields as a trade record.
    public var event: DBNTrade
    /// The top level after the event.
    public var level: DBNBidAskPair
}

/// A ten-level book event (rtype 0x0A, schema `mbp-10`).
@frozen
public struct DBNMbp10: Hashable, Sendable {
    /// The event, with the same fields as a trade record.
    public var event: DBNTrade
    /// The ten levels after the event, best first.
    public var levels:
        (
            DBNBidAskPair, DBNBidAskPair, DBNBidAskPair, DBNBidAskPair, DBNBidAskPair, DBNBidAskPair,
            DBNBidAskPair, DBNBidAskPair, DBNBidAskPair, DBNBidAskPair
        )

    /// The level at `index` (0 = best).
    public func level(_ index: Int) -> DBNBidAskPair {
        precondition(index >= 0 && index < 10, "Invariant: an MBP-10 record has levels 0...9 (asked for \(index))")
        return withUnsafeBytes(of: levels) { $0.load(fromByteOffset: index * MemoryLayout<DBNBidAskPair>.stride, as: DBNBidAskPair.self) }
    }

    public static func == (a: DBNMbp10, b: DBNMbp10) -> Bool {
        a.event == b.event && (0..<10).allSatisfy { a.level($0) == b.level($0) }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(event)
        for k in 0..<10 { hasher.combine(level(k)) }
    }
}

/// A sampled best bid and offer (rtypes 0xC3 `bbo-1s`, 0xC4 `bbo-1m`).
@frozen
public struct DBNBbo: Hashable, Sendable {
    public var header: DBNRecordHeader
    /// The last trade's price in the interval, or `DBN.undefinedPrice`.
    public var price: Int64
    /// The last trade's size.
    public var size: UInt32
    /// The last trade's aggressor side.
    public var side: UInt8
    public var flags: UInt8
    /// The end of the sampling interval.
    public var tsRecv: UInt64
    public var sequence: UInt32
    /// The top level at the end of the interval.
    public var level: DBNBidAskPair
}

/// An OHLCV bar (rtypes 0x20 1s, 0x21 1m, 0x22 1h, 0x23 1d, 0x24 end-of-day). `header.tsEvent` is the
/// bar's open time.
@frozen
public struct DBNOhlcv: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var open: Int64
    public var high: Int64
    public var low: Int64
    public var close: Int64
    public var volume: UInt64
}

/// A trading status change (rtype 0x12).
@frozen
public struct DBNStatus: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var tsRecv: UInt64
    public var action: UInt16
    public var reason: UInt16
    public var tradingEvent: UInt16
    /// `Y`, `N` or `~` (not available), ASCII.
    public var isTrading: UInt8
    public var isQuoting: UInt8
    public var isShortSellRestricted: UInt8
}

/// An auction imbalance (rtype 0x14).
@frozen
public struct DBNImbalance: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var tsRecv: UInt64
    public var refPrice: Int64
    public var auctionTime: UInt64
    public var continuousBookClearingPrice: Int64
    public var auctionInterestClearingPrice: Int64
    public var ssrFillingPrice: Int64
    public var indicativeMatchPrice: Int64
    public var upperCollar: Int64
    public var lowerCollar: Int64
    public var pairedQty: UInt32
    public var totalImbalanceQty: UInt32
    public var marketImbalanceQty: UInt32
    public var unpairedQty: UInt32
    public var auctionType: UInt8
    public var side: UInt8
    public var auctionStatus: UInt8
    public var freezeStatus: UInt8
    public var numExtensions: UInt8
    public var unpairedSide: UInt8
    public var significantImbalance: UInt8
}

/// A statistic published by the venue (rtype 0x18): settlement price, open interest, session high …
@frozen
public struct DBNStat: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var tsRecv: UInt64
    public var tsRef: UInt64
    public var price: Int64
    /// The quantity; `Int64.max` when undefined (v1/v2 files store i32, whose `i32::MAX` maps to it).
    public var quantity: Int64
    public var sequence: UInt32
    public var tsInDelta: Int32
    public var statType: UInt16
    public var channelId: UInt16
    public var updateAction: UInt8
    public var statFlags: UInt8
}

/// An instrument definition (rtype 0x13), read from any of the v1 (360 B), v2 (400 B) and v3 (520 B)
/// layouts. Fields a version does not have are undefined (`tradingReferencePrice` is absent in v3);
/// the leg fields of v3 spreads are not read.
public struct DBNInstrumentDef: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var tsRecv: UInt64
    public var minPriceIncrement: Int64
    public var displayFactor: Int64
    public var expiration: UInt64
    public var activation: UInt64
    public var highLimitPrice: Int64
    public var lowLimitPrice: Int64
    public var maxPriceVariation: Int64
    public var tradingReferencePrice: Int64
    public var unitOfMeasureQty: Int64
    public var minPriceIncrementAmount: Int64
    public var priceRatio: Int64
    public var strikePrice: Int64
    public var rawInstrumentId: UInt64
    public var instAttribValue: Int32
    public var underlyingId: UInt32
    public var marketDepthImplied: Int32
    public var marketDepth: Int32
    public var marketSegmentId: UInt32
    public var maxTradeVol: UInt32
    public var minLotSize: Int32
    public var minLotSizeBlock: Int32
    public var minLotSizeRoundLot: Int32
    public var minTradeVol: UInt32
    public var contractMultiplier: Int32
    public var decayQuantity: Int32
    public var originalContractSize: Int32
    public var applId: Int16
    public var maturityYear: UInt16
    public var decayStartDate: UInt16
    public var channelId: UInt16
    public var currency: String
    public var settlCurrency: String
    public var secsubtype: String
    public var rawSymbol: String
    public var group: String
    public var exchange: String
    public var asset: String
    public var cfi: String
    public var securityType: String
    public var unitOfMeasure: String
    public var underlying: String
    public var strikePriceCurrency: String
    /// `F` future, `C` call, `P` put, `S` future spread, `T` option spread, `K` stock … (ASCII).
    public var instrumentClass: UInt8
    public var matchAlgorithm: UInt8
    public var mainFraction: UInt8
    public var priceDisplayFormat: UInt8
    public var subFraction: UInt8
    public var underlyingProduct: UInt8
    /// `A`dd, `M`odify, `D`elete (ASCII).
    public var securityUpdateAction: UInt8
    public var maturityMonth: UInt8
    public var maturityDay: UInt8
    public var maturityWeek: UInt8
    public var userDefinedInstrument: UInt8
    public var contractMultiplierUnit: Int8
    public var flowScheduleType: Int8
    public var tickRule: UInt8
}

/// A live-session symbol resolution (rtype 0x16).
public struct DBNSymbolMappingMsg: Hashable, Sendable {
    public var header: DBNRecordHeader
    public var stypeInSymbol: String
    public var stypeOutSymbol: String
    public var startTs: UInt64
    public var endTs: UInt64
}

/// One record of a DBN file.
@frozen
public enum DBNRecord: Hashable, Sendable {
    case mbo(DBNMbo)
    case trade(DBNTrade)
    /// An `mbp-1` or `tbbo` record (same layout, rtype 0x01).
    case mbp1(DBNMbp1)
    /// Boxed (as the other large, rare records): the 368-byte payload inline would make every record,
    /// MBO included, that large to return and copy.
    indirect case mbp10(DBNMbp10)
    case bbo(DBNBbo)
    case ohlcv(DBNOhlcv)
    case status(DBNStatus)
    indirect case imbalance(DBNImbalance)
    case statistics(DBNStat)
    indirect case definition(DBNInstrumentDef)
    indirect case symbolMapping(DBNSymbolMappingMsg)
    /// A gateway error message (rtype 0x15) with its text.
    indirect case gatewayError(DBNRecordHeader, String)
    /// A gateway system message or heartbeat (rtype 0x17) with its text.
    indirect case system(DBNRecordHeader, String)

    /// The record's header.
    public var header: DBNRecordHeader {
        switch self {
        case .mbo(let r): r.header
        case .trade(let r): r.header
        case .mbp1(let r): r.event.header
        case .mbp10(let r): r.event.header
        case .bbo(let r): r.header
        case .ohlcv(let r): r.header
        case .status(let r): r.header
        case .imbalance(let r): r.header
        case .statistics(let r): r.header
        case .definition(let r): r.header
        case .symbolMapping(let r): r.header
        case .gatewayError(let h, _): h
        case .system(let h, _): h
        }
    }

    /// The receive timestamp where the record has one, else `tsEvent` (Databento's index timestamp).
    public var tsRecv: UInt64 {
        switch self {
        case .mbo(let r): r.tsRecv
        case .trade(let r): r.tsRecv
        case .mbp1(let r): r.event.tsRecv
        case .mbp10(let r): r.event.tsRecv
        case .bbo(let r): r.tsRecv
        case .status(let r): r.tsRecv
        case .imbalance(let r): r.tsRecv
        case .statistics(let r): r.tsRecv
        case .definition(let r): r.tsRecv
        case .ohlcv, .symbolMapping, .gatewayError, .system: header.tsEvent
        }
    }
}
