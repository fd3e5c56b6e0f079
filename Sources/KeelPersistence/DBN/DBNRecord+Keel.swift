// Conversions from DBN records to Keel's data and instruments, following NautilusTrader's Databento
// adapter (crates/adapters/databento/src/decode/market_data.rs, instruments.rs, primitives.rs @ a95c804),
// so that data loaded by Keel matches data loaded by NautilusTrader value for value:
//
// - Timestamps: `tsEvent` of quotes, trades and deltas is the record's `ts_recv` (NautilusTrader's
//   choice: it is monotonic per feed, unlike the venue's `ts_event`); `tsInit` defaults to the same.
// - MBO → OrderBookDelta: `A` → ADD, `C` → DELETE, `M`/`F` → UPDATE, `R` → CLEAR, `T` → no delta (a
//   trade, see `DBNMbo.tradeTick`); side `B` → BUY, `A` → SELL, else NO_ORDER_SIDE; flags and sequence
//   kept; size precision 0; price precision from the caller (the instrument's).
// - Trades: aggressor from `side` (`B` → BUYER, `A` → SELLER, else NO_AGGRESSOR); trade id = the
//   sequence number in decimal (NautilusTrader's `TradeId::new(itoa(sequence))`).
// - MBP-1, TBBO, BBO → QuoteTick from level 0; none when either side's price is undefined.
// - OHLCV → Bar of type `ID-1-{SECOND|MINUTE|HOUR|DAY}-LAST-EXTERNAL` (ohlcv-eod → 1-DAY). DBN stamps
//   a bar at its *open*; NautilusTrader shifts `tsEvent` to the close (`bars_timestamp_on_close=True`
//   by default: open + 1 s/1 m/1 h/1 d) and `tsInit` to the close too. `timestampOnClose: false`
//   keeps DBN's open time.
// - Definitions → FuturesContract (class `F`), OptionContract (`C`, `P`), Equity (`K`): price
//   increment from `min_price_increment` with precision max(decimals of the increment, currency
//   precision); multiplier from `unit_of_measure_qty` (1 when 0 or undefined); lot size from
//   `min_lot_size_round_lot` (1 when 0 or undefined); currency USD when blank; asset class from the CFI
//   code (`E…` equity, `D…` debt, third letter `I` index, else commodity); `tsEvent` = `ts_recv`.
// - Instrument ids: `RAW_SYMBOL.VENUE`, the venue being the publisher's venue (publisher 1,
//   GLBX.MDP3 → `GLBX`), as NautilusTrader's default (`use_exchange_as_venue=False`).
//
// Prices are checked against the grid of the requested precision: a raw price that is not a multiple
// of 10^(9 - precision) throws instead of being rounded, because that means the precision is wrong.

public import KeelCore
public import KeelModel

extension DBN {
    /// The venue of a Databento publisher, as NautilusTrader's `publishers.json` maps it; nil if unknown.
    public static func venue(publisherId: UInt16) -> Venue? {
        let code: String? =
            switch publisherId {
            case 1: "GLBX"
            case 2: "XNAS"
            case 3: "XBOS"
            case 4: "XPSX"
            case 5: "BATS"
            case 6: "BATY"
            case 7: "EDGA"
            case 8: "EDGX"
            case 9: "XNYS"
            case 10: "XCIS"
            case 11: "XASE"
            case 12: "XCHI"
            default: nil
            }
        return code.map { Venue($0) }
    }

    /// The venue of a dataset code: the part before the dot (`GLBX.MDP3` → `GLBX`), which is the
    /// publisher venue of every single-venue dataset.
    public static func venue(dataset: String) -> Venue? {
        guard let head = dataset.split(separator: ".").first, !head.isEmpty else { return nil }
        return try? Venue(validating: head)
    }

    /// Checks that `raw` (1e-9 units) is a defined price on the grid of `precision`.
    ///
    /// - Throws: `ValidationError` naming `field` if the price is undefined or off the grid.
    public static func price(_ raw: Int64, precision: UInt8, field: String) throws(ValidationError) -> Price {
        guard raw != undefinedPrice else { throw ValidationError(field: field, reason: "undefined (i64::MAX)") }
        guard precision <= FixedPoint.maxPrecision else { throw ValidationError(field: field, reason: "precision \(precision) exceeds 9") }
        guard raw != .min, raw % FixedPoint.rawStep(precision: precision) == 0 else {
            throw ValidationError(field: field, reason: "raw \(raw) is not on the grid of precision \(precision)")
        }
        return Price(raw: raw, precision: precision)
    }

    static func aggressor(_ side: UInt8) -> AggressorSide {
        switch side {
        case UInt8(ascii: "B"): .buyer
        case UInt8(ascii: "A"): .seller
        default: .noAggressor
        }
    }

    static func orderSide(_ side: UInt8) -> OrderSide {
        switch side {
        case UInt8(ascii: "B"): .buy
        case UInt8(ascii: "A"): .sell
        default: .noOrderSide
        }
    }

    /// The decimal text of `sequence`: at most 10 bytes, a small string without heap storage.
    static func tradeId(_ sequence: UInt32) -> TradeId { TradeId(String(sequence)) }
}

extension DBNMbo {
    /// The book change of this event (NautilusTrader's mapping, see the file header); nil for a trade
    /// (`T`), which changes no book.
    ///
    /// - Throws: `ValidationError` for an unknown action, a price off the grid of `pricePrecision`, or an
    ///   ADD without side or size.
    @inline(__always)  // inlined into the reader's loop: the 152-byte delta is then built in place, not copied out
    public func orderBookDelta(
        instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil
    ) throws(ValidationError) -> OrderBookDelta? {
        let ts = UnixNanos(tsRecv)
        let action: BookAction
        switch self.action {
        case UInt8(ascii: "A"): action = .add
        case UInt8(ascii: "C"): action = .delete
        case UInt8(ascii: "M"), UInt8(ascii: "F"): action = .update
        case UInt8(ascii: "R"):
            return .clear(instrumentId: instrumentId, flags: flags, sequence: UInt64(sequence), tsEvent: ts, tsInit: tsInit ?? ts)
        case UInt8(ascii: "T"): return nil
        default:
            throw ValidationError(field: "MboMsg.action", reason: "unknown action 0x\(String(self.action, radix: 16)) (sequence \(sequence))")
        }
        let order = BookOrder(
            side: DBN.orderSide(side),
            price: try DBN.price(price, precision: pricePrecision, field: "MboMsg.price"),
            size: Quantity(units: Int64(size)), orderId: orderId)
        // `validated` is inlinable: this runs once per record of an L3 replay.
        return try OrderBookDelta.validated(
            instrumentId: instrumentId, action: action, order: order, flags: flags, sequence: UInt64(sequence),
            tsEvent: ts, tsInit: tsInit ?? ts)
    }

    /// The trade of a `T` event with a positive size; nil otherwise.
    public func tradeTick(instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil) throws(ValidationError) -> TradeTick? {
        guard action == UInt8(ascii: "T"), size > 0 else { return nil }
        let ts = UnixNanos(tsRecv)
        return TradeTick(
            instrumentId: instrumentId, price: try DBN.price(price, precision: pricePrecision, field: "MboMsg.price"),
            size: Quantity(units: Int64(size)), aggressorSide: DBN.aggressor(side), tradeId: DBN.tradeId(sequence),
            tsEvent: ts, tsInit: tsInit ?? ts)
    }
}

extension DBNTrade {
    /// The trade as a `TradeTick` (aggressor from `side`, trade id from `sequence`).
    ///
    /// - Throws: `ValidationError` for a price off the grid or a zero size.
    public func tradeTick(instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil) throws(ValidationError) -> TradeTick {
        let ts = UnixNanos(tsRecv)
        return try TradeTick(
            validating: instrumentId, price: try DBN.price(price, precision: pricePrecision, field: "TradeMsg.price"),
            size: Quantity(units: Int64(size)), aggressorSide: DBN.aggressor(side), tradeId: DBN.tradeId(sequence),
            tsEvent: ts, tsInit: tsInit ?? ts)
    }
}

extension DBNBidAskPair {
    /// The level as a quote stamped `ts`; nil if either price is undefined.
    func quoteTick(instrumentId: InstrumentId, pricePrecision: UInt8, ts: UnixNanos, tsInit: UnixNanos?, record: String) throws(ValidationError) -> QuoteTick? {
        guard bidPrice != DBN.undefinedPrice, askPrice != DBN.undefinedPrice else { return nil }
        return QuoteTick(
            instrumentId: instrumentId,
            bidPrice: try DBN.price(bidPrice, precision: pricePrecision, field: "\(record).bid_px_00"),
            askPrice: try DBN.price(askPrice, precision: pricePrecision, field: "\(record).ask_px_00"),
            bidSize: Quantity(units: Int64(bidSize)), askSize: Quantity(units: Int64(askSize)), tsEvent: ts,
            tsInit: tsInit ?? ts)
    }
}

extension DBNMbp1 {
    /// The top of book after the event; nil when a side is empty (undefined price).
    public func quoteTick(instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil) throws(ValidationError) -> QuoteTick? {
        try level.quoteTick(instrumentId: instrumentId, pricePrecision: pricePrecision, ts: UnixNanos(event.tsRecv), tsInit: tsInit, record: "Mbp1Msg")
    }

    /// The trade of a `T` event (and of every TBBO record); nil for other actions.
    public func tradeTick(instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil) throws(ValidationError) -> TradeTick? {
        guard event.action == UInt8(ascii: "T") else { return nil }
        return try event.tradeTick(instrumentId: instrumentId, pricePrecision: pricePrecision, tsInit: tsInit)
    }
}

extension DBNBbo {
    /// The sampled best bid and offer; nil when a side is empty.
    public func quoteTick(instrumentId: InstrumentId, pricePrecision: UInt8, tsInit: UnixNanos? = nil) throws(ValidationError) -> QuoteTick? {
        try level.quoteTick(instrumentId: instrumentId, pricePrecision: pricePrecision, ts: UnixNanos(tsRecv), tsInit: tsInit, record: "BboMsg")
    }
}

extension DBNOhlcv {
    /// The bar's specification from its rtype (1-SECOND, 1-MINUTE, 1-HOUR, 1-DAY; end-of-day is 1-DAY).
    public var barSpecification: BarSpecification {
        let aggregation: BarAggregation =
            switch header.rtype {
            case 0x20: .second
            case 0x21: .minute
            case 0x22: .hour
            default: .day
            }
        return BarSpecification(step: 1, aggregation: aggregation, priceType: .last)
    }

    /// The bar, stamped at its close (NautilusTrader's default) or at DBN's open time.
    ///
    /// - Parameters:
    ///   - timestampOnClose: true (default) to stamp `tsEvent` at open + interval, as NautilusTrader does.
    /// - Throws: `ValidationError` for a price off the grid or inconsistent OHLC.
    public func bar(
        instrumentId: InstrumentId, pricePrecision: UInt8, timestampOnClose: Bool = true, tsInit: UnixNanos? = nil
    ) throws(ValidationError) -> Bar {
        let spec = barSpecification
        let interval = (spec.timedelta ?? .zero).rawValue
        guard header.tsEvent <= UInt64.max - interval else {
            throw ValidationError(field: "OhlcvMsg.hd.ts_event", reason: "\(header.tsEvent) is undefined or too late for a bar close")
        }
        let open = UnixNanos(header.tsEvent)
        let close = UnixNanos(header.tsEvent + interval)
        let ts = timestampOnClose ? close : open
        guard volume <= UInt64(Int64.max / FixedPoint.scale) else {
            throw ValidationError(field: "OhlcvMsg.volume", reason: "\(volume) is out of range")
        }
        return try Bar(
            validating: BarType(instrumentId: instrumentId, spec: spec, aggregationSource: .external),
            open: try DBN.price(self.open, precision: pricePrecision, field: "OhlcvMsg.open"),
            high: try DBN.price(high, precision: pricePrecision, field: "OhlcvMsg.high"),
            low: try DBN.price(low, precision: pricePrecision, field: "OhlcvMsg.low"),
            close: try DBN.price(self.close, precision: pricePrecision, field: "OhlcvMsg.close"),
            volume: Quantity(units: Int64(volume)), tsEvent: ts, tsInit: tsInit ?? close)
    }
}

extension DBNInstrumentDef {
    /// The price increment and its precision: decimals of `min_price_increment`, at least the currency's.
    public func priceIncrement(currency: Currency) -> Price {
        let floor = currency.precision
        guard minPriceIncrement != 0, minPriceIncrement != DBN.undefinedPrice, minPriceIncrement > 0 else {
            return Price(raw: FixedPoint.rawStep(precision: floor), precision: floor)
        }
        var decimals: UInt8 = 9
        var v = minPriceIncrement
        while decimals > 0 && v % 10 == 0 {
            v /= 10
            decimals -= 1
        }
        return Price(raw: minPriceIncrement, precision: max(decimals, floor))
    }

    /// The definition as a Keel instrument with id `instrumentId`: a futures contract (class `F`), an
    /// option (`C`, `P`) or an equity (`K`); nil for other classes (spreads, bonds …), not yet mapped.
    ///
    /// - Throws: `ValidationError` if a field breaks an instrument rule (e.g. an undefined expiration).
    public func instrument(instrumentId: InstrumentId, tsInit: UnixNanos? = nil) throws(ValidationError) -> Instrument? {
        let currency = (try? Currency.named(currency.isEmpty ? "USD" : currency)) ?? .usd
        let increment = priceIncrement(currency: currency)
        let multiplier: Quantity
        if unitOfMeasureQty <= 0 || unitOfMeasureQty == .max {
            multiplier = Quantity(units: 1)
        } else {
            var decimals: UInt8 = 9
            var v = unitOfMeasureQty
            while decimals > 0 && v % 10 == 0 {
                v /= 10
                decimals -= 1
            }
            multiplier = Quantity(raw: unitOfMeasureQty, precision: decimals)
        }
        let lotSize = minLotSizeRoundLot <= 0 || minLotSizeRoundLot == .max ? Quantity(units: 1) : Quantity(units: Int64(minLotSizeRoundLot))
        let ts = UnixNanos(tsRecv)
        let rawSymbol = try Self.symbol(self.rawSymbol)
        var assetClass: AssetClass = .commodity
        let c = Array(cfi.utf8)
        if c.count >= 3 {
            if c[0] == UInt8(ascii: "E") { assetClass = .equity } else if c[0] == UInt8(ascii: "D") { assetClass = .debt }
            if c[2] == UInt8(ascii: "I") { assetClass = .index }
        }
        let activationTs = activation == DBN.undefinedTimestamp ? UnixNanos.zero : UnixNanos(activation)
        guard expiration != DBN.undefinedTimestamp || instrumentClass == UInt8(ascii: "K") else {
            throw ValidationError(field: "InstrumentDefMsg.expiration", reason: "undefined for \(self.rawSymbol)")
        }
        switch instrumentClass {
        case UInt8(ascii: "F"):
            return .futuresContract(
                try FuturesContract(
                    id: instrumentId, rawSymbol: rawSymbol, assetClass: assetClass, exchange: exchange,
                    underlying: asset.isEmpty ? self.rawSymbol : asset, activation: activationTs,
                    expiration: UnixNanos(expiration), currency: currency, pricePrecision: increment.precision,
                    priceIncrement: increment, multiplier: multiplier, lotSize: lotSize, tsEvent: ts, tsInit: tsInit ?? ts))
        case UInt8(ascii: "C"), UInt8(ascii: "P"):
            return .optionContract(
                try OptionContract(
                    id: instrumentId, rawSymbol: rawSymbol, assetClass: assetClass, exchange: exchange,
                    underlying: underlying.isEmpty ? asset : underlying,
                    optionKind: instrumentClass == UInt8(ascii: "C") ? .call : .put,
                    strikePrice: try DBN.price(strikePrice, precision: increment.precision, field: "InstrumentDefMsg.strike_price"),
                    activation: activationTs, expiration: UnixNanos(expiration), currency: currency,
                    pricePrecision: increment.precision, priceIncrement: increment, multiplier: multiplier,
                    lotSize: lotSize, tsEvent: ts, tsInit: tsInit ?? ts))
        case UInt8(ascii: "K"):
            return .equity(
                try Equity(
                    id: instrumentId, rawSymbol: rawSymbol, currency: currency, pricePrecision: increment.precision,
                    priceIncrement: increment, lotSize: lotSize, tsEvent: ts, tsInit: tsInit ?? ts))
        default:
            return nil
        }
    }

    static func symbol(_ text: String) throws(ValidationError) -> Symbol {
        do { return try Symbol(validating: text) } catch {
            throw ValidationError(field: "InstrumentDefMsg.raw_symbol", reason: "\(error)")
        }
    }
}

/// Resolves the numeric instrument ids of DBN records to Keel `InstrumentId`s (`RAW_SYMBOL.VENUE`).
///
/// Raw symbols come from the metadata's symbol mappings and from definition records seen with
/// `register(_:)`; the venue from the record's publisher (or a venue given by the caller).
public struct DBNSymbology: Sendable {
    private var symbols: [UInt32: String]
    private var cache: [UInt64: InstrumentId] = [:]
    private let venueOverride: Venue?
    private let datasetVenue: Venue?

    /// Creates a resolver from a file's metadata.
    ///
    /// - Parameter venue: The venue of every id; nil for the publisher's venue (NautilusTrader's default).
    public init(metadata: DBNMetadata, venue: Venue? = nil) {
        symbols = metadata.rawSymbolsByInstrumentId
        venueOverride = venue
        datasetVenue = DBN.venue(dataset: metadata.dataset)
    }

    /// Records the raw symbol of a definition's instrument id.
    public mutating func register(_ definition: DBNInstrumentDef) {
        symbols[definition.header.instrumentId] = definition.rawSymbol
    }

    /// The Keel id of a record's instrument.
    ///
    /// - Throws: `ValidationError` if the id has no known raw symbol or the symbol is not valid.
    public mutating func instrumentId(for header: DBNRecordHeader) throws(ValidationError) -> InstrumentId {
        let key = UInt64(header.publisherId) << 32 | UInt64(header.instrumentId)
        if let id = cache[key] { return id }
        guard let raw = symbols[header.instrumentId] else {
            throw ValidationError(field: "hd.instrument_id", reason: "\(header.instrumentId) has no symbol in the metadata mappings or definitions")
        }
        guard let venue = venueOverride ?? DBN.venue(publisherId: header.publisherId) ?? datasetVenue else {
            throw ValidationError(field: "hd.publisher_id", reason: "no venue known for publisher \(header.publisherId)")
        }
        let symbol = try DBNInstrumentDef.symbol(raw)
        let id = InstrumentId(symbol: symbol, venue: venue)
        cache[key] = id
        return id
    }
}
