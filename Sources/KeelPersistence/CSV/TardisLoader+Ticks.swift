// TardisLoader+Ticks: trades and quotes files as trade and quote ticks.
// Mapping and policies: the header of TardisLoader.swift.

import KeelCore
public import KeelModel

extension TardisLoader {
    /// Loads a `trades` file as trade ticks.
    ///
    /// The aggressor is `side`: `buy` → BUYER, `sell` → SELLER, `unknown` → NO_AGGRESSOR. The trade id is
    /// `id` as written (UUIDs fit: the limit is 63 bytes); an empty `id` becomes the line number and is
    /// counted in `emptyTradeIds`. Zero-amount trades are skipped and counted in `zeroVolume`.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - instrumentId: The instrument the trades are for.
    ///   - pricePrecision: The instrument's price precision, or nil to infer it from the file.
    ///   - sizePrecision: The instrument's size precision, or nil to infer it from the file.
    ///   - outOfOrder: What to do with a `local_timestamp` earlier than the previous row's.
    /// - Returns: The trades in file order, and the report.
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row: a bad number or
    ///   timestamp, a value with more decimals than a given precision, an unknown `side`, an `id` longer
    ///   than 63 bytes or not printable ASCII, a missing column or field.
    /// - Complexity: O(n) in the number of rows.
    public static func loadTrades(
        path: String, instrumentId: InstrumentId, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        outOfOrder: OutOfOrderPolicy = .fail
    ) throws(CSVError) -> ([TradeTick], TardisLoadReport) {
        var rows = try TardisRows(
            path: path, kind: .trades, pricePrecision: pricePrecision, sizePrecision: sizePrecision, outOfOrder: outOfOrder)
        let idColumn = try rows.column("id"), sideColumn = try rows.column("side")
        let priceColumn = try rows.column("price"), amountColumn = try rows.column("amount")
        var trades: [TradeTick] = []
        while let times = try rows.next() {
            let price = try rows.price(priceColumn)
            let amount = try rows.size(amountColumn)
            let aggressor: AggressorSide
            if rows.fieldIs(sideColumn, "buy") {
                aggressor = .buyer
            } else if rows.fieldIs(sideColumn, "sell") {
                aggressor = .seller
            } else if rows.fieldIs(sideColumn, "unknown") {
                aggressor = .noAggressor
            } else {
                throw rows.error(column: sideColumn, "expected buy, sell or unknown, not '\(rows.reader.string(sideColumn))'")
            }
            let tradeId: TradeId
            do throws(ParseError) {
                if rows.isEmpty(idColumn) {
                    rows.report.emptyTradeIds += 1
                    tradeId = try TradeId(validating: String(rows.reader.line))
                } else {
                    tradeId = try TradeId(validating: rows.reader.string(idColumn))
                }
            } catch {
                throw rows.error(column: idColumn, error.description)
            }
            guard amount > 0 else {
                rows.report.csv.zeroVolume += 1
                continue
            }
            trades.append(
                TradeTick(
                    instrumentId: instrumentId, price: Price(raw: price, precision: rows.prices.building),
                    size: Quantity(raw: amount, precision: rows.sizes.building), aggressorSide: aggressor, tradeId: tradeId,
                    tsEvent: times.tsEvent, tsInit: times.tsInit))
        }
        if rows.needsRestamp {
            let p = rows.prices.final, s = rows.sizes.final
            trades = trades.map {
                TradeTick(
                    instrumentId: $0.instrumentId, price: Price(raw: $0.price.raw, precision: p), size: Quantity(raw: $0.size.raw, precision: s),
                    aggressorSide: $0.aggressorSide, tradeId: $0.tradeId, tsEvent: $0.tsEvent, tsInit: $0.tsInit)
            }
        }
        rows.report.csv.loaded = trades.count
        return (trades, rows.report)
    }

    /// Loads a `quotes` file as quote ticks, finding `bid_price`, `bid_amount`, `ask_price` and
    /// `ask_amount` by name (their order differs between exchanges).
    ///
    /// A side whose price and amount are both empty (no bids, or no asks) is loaded as price 0 and size 0
    /// and counted in `oneSidedQuotes`; such quotes are not counted as crossed or locked.
    ///
    /// - Parameters:
    ///   - path: The CSV file.
    ///   - instrumentId: The instrument the quotes are for.
    ///   - pricePrecision: The instrument's price precision, or nil to infer it from the file.
    ///   - sizePrecision: The instrument's size precision, or nil to infer it from the file.
    ///   - outOfOrder: What to do with a `local_timestamp` earlier than the previous row's.
    /// - Returns: The quotes in file order, and the report.
    /// - Throws: `CSVError` naming the file, line and field of the first malformed row: a bad number or
    ///   timestamp, a value with more decimals than a given precision, a price without an amount or an
    ///   amount without a price, a missing column or field.
    /// - Complexity: O(n) in the number of rows.
    public static func loadQuotes(
        path: String, instrumentId: InstrumentId, pricePrecision: UInt8? = nil, sizePrecision: UInt8? = nil,
        outOfOrder: OutOfOrderPolicy = .fail
    ) throws(CSVError) -> ([QuoteTick], TardisLoadReport) {
        var rows = try TardisRows(
            path: path, kind: .quotes, pricePrecision: pricePrecision, sizePrecision: sizePrecision, outOfOrder: outOfOrder)
        let bidPrice = try rows.column("bid_price"), bidAmount = try rows.column("bid_amount")
        let askPrice = try rows.column("ask_price"), askAmount = try rows.column("ask_amount")
        var quotes: [QuoteTick] = []
        var previous: (bid: Int64, ask: Int64)? = nil
        while let times = try rows.next() {
            func side(_ priceColumn: Int, _ amountColumn: Int) throws(CSVError) -> (price: Int64, size: Int64)? {
                if rows.isEmpty(priceColumn) {
                    guard rows.isEmpty(amountColumn) else {
                        throw rows.error(column: priceColumn, "empty price with amount '\(rows.reader.string(amountColumn))'")
                    }
                    return nil
                }
                return (try rows.price(priceColumn), try rows.size(amountColumn))
            }
            let bid = try side(bidPrice, bidAmount), ask = try side(askPrice, askAmount)
            if let bid, let ask {
                if bid.price > ask.price { rows.report.csv.crossed += 1 } else if bid.price == ask.price { rows.report.csv.locked += 1 }
            } else {
                rows.report.oneSidedQuotes += 1
            }
            let now = (bid: bid?.price ?? 0, ask: ask?.price ?? 0)
            if let previous, previous == now { rows.report.csv.unchangedQuotes += 1 }
            previous = now
            let p = rows.prices.building, s = rows.sizes.building
            quotes.append(
                QuoteTick(
                    instrumentId: instrumentId, bidPrice: Price(raw: now.bid, precision: p), askPrice: Price(raw: now.ask, precision: p),
                    bidSize: Quantity(raw: bid?.size ?? 0, precision: s), askSize: Quantity(raw: ask?.size ?? 0, precision: s),
                    tsEvent: times.tsEvent, tsInit: times.tsInit))
        }
        if rows.needsRestamp {
            let p = rows.prices.final, s = rows.sizes.final
            quotes = quotes.map {
                QuoteTick(
                    instrumentId: $0.instrumentId, bidPrice: Price(raw: $0.bidPrice.raw, precision: p),
                    askPrice: Price(raw: $0.askPrice.raw, precision: p), bidSize: Quantity(raw: $0.bidSize.raw, precision: s),
                    askSize: Quantity(raw: $0.askSize.raw, precision: s), tsEvent: $0.tsEvent, tsInit: $0.tsInit)
            }
        }
        rows.report.csv.loaded = quotes.count
        return (quotes, rows.report)
    }
}
