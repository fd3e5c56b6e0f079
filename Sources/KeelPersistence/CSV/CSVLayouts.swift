// CSV layouts: where each value sits in a vendor's CSV, as configuration for the one generic loader
// (CSVLoader.swift). Vendor loaders are presets of these layouts, so the generic loader is the one
// code path every vendor format goes through.
//
// Vendor conventions (from ../shared/data/README.md and NautilusTrader's wranglers):
// - FXCM bars: `timestamp,open,high,low,close`, no volume. NautilusTrader's `BarDataWrangler` gives
//   each bar a default volume of 1,000,000; Keel does too (`defaultVolume`). The timestamp is used as
//   `tsEvent` as written (the README cannot tell whether it marks the open or the close).
// - HistData quotes: no header, `YYYYMMDD HHMMSSmmm,bid,ask,0`. HistData publishes EST (UTC−5, no DST);
//   NautilusTrader read this file as UTC, so UTC is the default and `utcOffsetSeconds: -5 * 3600`
//   reads it as EST. Sizes: the `QuoteTickDataWrangler` default of 1,000,000.
// - TrueFX ticks: `timestamp,bid,ask`, fractional seconds optional, no sizes (default 1,000,000).
// - Binance klines (data.binance.vision): no header, 12 columns, open time in epoch ms. Keel stamps a
//   bar at its close (open + interval), NautilusTrader's convention for bars.
// - Binance trades: `buyer_maker` true means the buyer was the maker, so the aggressor SOLD.

public import KeelCore
public import KeelModel

/// A column of a CSV file: by 0-based index, or by header name.
public enum CSVColumn: Hashable, Sendable, ExpressibleByIntegerLiteral, ExpressibleByStringLiteral {
    case index(Int)
    case name(String)

    public init(integerLiteral value: Int) { self = .index(value) }
    public init(stringLiteral value: String) { self = .name(value) }
}

/// The columns shared by every layout: header, delimiter and timestamp.
public struct CSVTimeColumns: Hashable, Sendable {
    /// True if the first line is a header.
    public var hasHeader: Bool
    /// The field delimiter.
    public var delimiter: UInt8
    /// The timestamp column.
    public var timestamp: CSVColumn
    /// How the timestamp is written.
    public var format: CSVTimestampFormat
    /// The offset of the file's local time from UTC, for timestamps written without a zone
    /// (−18000 for EST). 0 reads them as UTC.
    public var utcOffsetSeconds: Int
    /// Added to every timestamp (e.g. a bar's interval, to stamp an open-time bar at its close).
    public var shift: DurationNanos
    /// What to do with decreasing timestamps.
    public var outOfOrder: OutOfOrderPolicy
    /// What to do with a row identical to the previous one.
    public var duplicateRows: DuplicateRowPolicy

    /// Creates the time columns.
    public init(
        hasHeader: Bool = true, delimiter: UInt8 = UInt8(ascii: ","), timestamp: CSVColumn, format: CSVTimestampFormat = .iso8601,
        utcOffsetSeconds: Int = 0, shift: DurationNanos = .zero, outOfOrder: OutOfOrderPolicy = .fail,
        duplicateRows: DuplicateRowPolicy = .keep
    ) {
        self.hasHeader = hasHeader
        self.delimiter = delimiter
        self.timestamp = timestamp
        self.format = format
        self.utcOffsetSeconds = utcOffsetSeconds
        self.shift = shift
        self.outOfOrder = outOfOrder
        self.duplicateRows = duplicateRows
    }
}

/// Where a quote file keeps its values.
public struct CSVQuoteLayout: Hashable, Sendable {
    public var instrumentId: InstrumentId
    public var time: CSVTimeColumns
    public var bid: CSVColumn
    public var ask: CSVColumn
    /// The bid size column, or nil to use `defaultSize`.
    public var bidSize: CSVColumn?
    /// The ask size column, or nil to use `defaultSize`.
    public var askSize: CSVColumn?
    /// The price precision, or nil to take the decimals of the first row's bid.
    public var pricePrecision: UInt8?
    /// The size precision, or nil to take the decimals of the first row's bid size.
    public var sizePrecision: UInt8?
    /// The size of both sides when the file has none.
    public var defaultSize: Quantity

    /// Creates a quote layout.
    public init(
        instrumentId: InstrumentId, time: CSVTimeColumns, bid: CSVColumn, ask: CSVColumn, bidSize: CSVColumn? = nil,
        askSize: CSVColumn? = nil, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        defaultSize: Quantity = Quantity(units: 1_000_000)
    ) {
        self.instrumentId = instrumentId
        self.time = time
        self.bid = bid
        self.ask = ask
        self.bidSize = bidSize
        self.askSize = askSize
        self.pricePrecision = pricePrecision
        self.sizePrecision = sizePrecision
        self.defaultSize = defaultSize
    }

    /// HistData ASCII ticks: no header, `YYYYMMDD HHMMSSmmm,bid,ask,0`; UTC unless told otherwise.
    /// Prices are written with 6 decimals whose last is always 0: precision 5 by default.
    public static func histData(instrumentId: InstrumentId, utcOffsetSeconds: Int = 0, pricePrecision: UInt8 = 5) -> CSVQuoteLayout {
        CSVQuoteLayout(
            instrumentId: instrumentId,
            time: CSVTimeColumns(hasHeader: false, timestamp: 0, format: .compactDateTime, utcOffsetSeconds: utcOffsetSeconds),
            bid: 1, ask: 2, pricePrecision: pricePrecision)
    }

    /// TrueFX ticks: `timestamp,bid,ask` with optional fractional seconds.
    public static func trueFX(instrumentId: InstrumentId) -> CSVQuoteLayout {
        CSVQuoteLayout(instrumentId: instrumentId, time: CSVTimeColumns(timestamp: "timestamp"), bid: "bid", ask: "ask")
    }

    /// Binance top-of-book quotes: `timestamp_ms,…,bid_price,bid_size,ask_price,ask_size`.
    public static func binanceQuotes(instrumentId: InstrumentId) -> CSVQuoteLayout {
        CSVQuoteLayout(
            instrumentId: instrumentId, time: CSVTimeColumns(timestamp: "timestamp_ms", format: .epochMilliseconds),
            bid: "bid_price", ask: "ask_price", bidSize: "bid_size", askSize: "ask_size")
    }
}

/// Where a trade file keeps its values.
public struct CSVTradeLayout: Hashable, Sendable {
    /// How a file says which side took liquidity.
    public enum Aggressor: Hashable, Sendable {
        /// No column: NO_AGGRESSOR.
        case none
        /// A `true`/`false` buyer-is-maker column (Binance): true → SELLER.
        case buyerMaker(CSVColumn)
        /// A `buy`/`sell` (or `b`/`s`) column naming the aggressor.
        case side(CSVColumn)
    }

    public var instrumentId: InstrumentId
    public var time: CSVTimeColumns
    public var price: CSVColumn
    public var size: CSVColumn
    public var aggressor: Aggressor
    /// The trade id column, or nil to number trades by line.
    public var tradeId: CSVColumn?
    public var pricePrecision: UInt8?
    public var sizePrecision: UInt8?

    /// Creates a trade layout.
    public init(
        instrumentId: InstrumentId, time: CSVTimeColumns, price: CSVColumn, size: CSVColumn, aggressor: Aggressor = .none,
        tradeId: CSVColumn? = nil, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil
    ) {
        self.instrumentId = instrumentId
        self.time = time
        self.price = price
        self.size = size
        self.aggressor = aggressor
        self.tradeId = tradeId
        self.pricePrecision = pricePrecision
        self.sizePrecision = sizePrecision
    }

    /// Binance trades: `timestamp_ms,timestamp_utc,trade_id,price,quantity,buyer_maker`.
    public static func binanceTrades(instrumentId: InstrumentId) -> CSVTradeLayout {
        CSVTradeLayout(
            instrumentId: instrumentId, time: CSVTimeColumns(timestamp: "timestamp_ms", format: .epochMilliseconds),
            price: "price", size: "quantity", aggressor: .buyerMaker("buyer_maker"), tradeId: "trade_id")
    }
}

/// Where a bar file keeps its values.
public struct CSVBarLayout: Hashable, Sendable {
    public var barType: BarType
    public var time: CSVTimeColumns
    public var open: CSVColumn
    public var high: CSVColumn
    public var low: CSVColumn
    public var close: CSVColumn
    /// The volume column, or nil to use `defaultVolume`.
    public var volume: CSVColumn?
    public var pricePrecision: UInt8?
    public var volumePrecision: UInt8?
    /// The volume of every bar when the file has none.
    public var defaultVolume: Quantity

    /// Creates a bar layout.
    public init(
        barType: BarType, time: CSVTimeColumns, open: CSVColumn, high: CSVColumn, low: CSVColumn, close: CSVColumn,
        volume: CSVColumn? = nil, pricePrecision: UInt8? = nil, volumePrecision: UInt8? = nil,
        defaultVolume: Quantity = Quantity(units: 1_000_000)
    ) {
        self.barType = barType
        self.time = time
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
        self.pricePrecision = pricePrecision
        self.volumePrecision = volumePrecision
        self.defaultVolume = defaultVolume
    }

    /// FXCM bars: `timestamp,open,high,low,close` with a zone, no volume (default 1,000,000).
    public static func fxcm(barType: BarType, defaultVolume: Quantity = Quantity(units: 1_000_000)) -> CSVBarLayout {
        CSVBarLayout(
            barType: barType, time: CSVTimeColumns(timestamp: "timestamp"), open: "open", high: "high", low: "low",
            close: "close", defaultVolume: defaultVolume)
    }

    /// Binance klines (no header, 12 columns, open time in epoch ms), stamped at the close.
    public static func binanceKlines(barType: BarType) -> CSVBarLayout {
        CSVBarLayout(
            barType: barType,
            time: CSVTimeColumns(hasHeader: false, timestamp: 0, format: .epochMilliseconds, shift: barType.spec.timedelta ?? .zero),
            open: 1, high: 2, low: 3, close: 4, volume: 5)
    }
}
