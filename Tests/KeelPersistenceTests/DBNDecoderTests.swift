// Decodes every Databento file in ../shared/data/databento/ (plain and zstd) and checks the counts,
// symbols, time ranges and record contents that ../shared/data/README.md lists, the README's hex test
// vectors, the conversions to Keel types, and the S3 replay of the ES MBO file through an L3 book.

import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

/// One Databento file and what the data README says about it.
struct DBNFile: Sendable, CustomTestStringConvertible {
    let name: String  // path under data/databento/ without .zst; the plain copy is uncompressed/<basename>
    let schema: DBNSchema
    let records: Int
    let symbols: [String: UInt32]
    let firstTs: String  // ISO-8601 prefix of the smallest ts_event
    let lastTs: String  // ISO-8601 prefix of the largest ts_event

    var testDescription: String { name }
    var zstPath: String { SharedData.path("data/databento/\(name).zst") }
    var plainPath: String { SharedData.path("data/databento/uncompressed/\(name.split(separator: "/").last!)") }

    static let all: [DBNFile] = [
        DBNFile(name: "esh4-glbx-mdp3-20231224.mbo.dbn", schema: .mbo, records: 8_725, symbols: ["ESH4": 17077],
                firstTs: "2023-12-24T13:00:05.243925", lastTs: "2023-12-24T13:00:05.243925"),
        DBNFile(name: "esh4-glbx-mdp3-20231225.mbo.dbn", schema: .mbo, records: 68_792, symbols: ["ESH4": 17077],
                firstTs: "2023-12-24T13:00:05", lastTs: "2023-12-25T23:59:59.44672"),  // README rounds to µs: .446725
        DBNFile(name: "definition-glbx-es-fut.dbn", schema: .definition, records: 2, symbols: ["ESM3": 95414],
                firstTs: "2023-04-02T16:03:56", lastTs: "2023-04-02T16:03:56"),
        DBNFile(name: "order_book_deltas_catalog/orderbooks_definition.dbn", schema: .definition, records: 1,
                symbols: ["ESM4": 5602], firstTs: "2024-05-05T11:03:56", lastTs: "2024-05-05T11:03:56"),
        DBNFile(name: "order_book_deltas_catalog/orderbooks_mbo_2024-05-08T00-00-00_2024-05-08T00-00-02.dbn", schema: .mbo,
                records: 13_796, symbols: ["ESM4": 5602], firstTs: "2024-05-05T12:00:04", lastTs: "2024-05-08T00:00:01.995601"),
        DBNFile(name: "historical_bars_catalog/futures_definition.dbn", schema: .definition, records: 2,
                symbols: ["ESU4": 118, "NQU4": 4358], firstTs: "2024-06-30T11:03", lastTs: "2024-06-30T11:04"),
        DBNFile(name: "historical_bars_catalog/futures_mbp-1_2024-07-01T23-58_2024-07-02T00-02.dbn", schema: .mbp1,
                records: 2_288, symbols: ["ESU4": 118], firstTs: "2024-07-01T23:58:01.218", lastTs: "2024-07-02T00:01:59.824"),
        DBNFile(name: "historical_bars_catalog/futures_trades_2024-07-01T23-58_2024-07-02T00-02.dbn", schema: .trades,
                records: 120, symbols: ["ESU4": 118], firstTs: "2024-07-01T23:58:01.218", lastTs: "2024-07-02T00:01:52.813"),
        DBNFile(name: "historical_bars_catalog/futures_ohlcv-1m_2024-07-01T23-40_2024-07-02T00-10.dbn", schema: .ohlcv1m,
                records: 60, symbols: ["ESU4": 118, "NQU4": 4358], firstTs: "2024-07-01T23:40:00.000", lastTs: "2024-07-02T00:09:00.000"),
    ]

    /// True if the data is here; under CI missing data is a failure, not a skip.
    static var available: Bool { SharedData.exists("data/databento/uncompressed") || SharedData.isCI }
}

/// Every record of a file.
func decodeAll(_ path: String) throws -> (DBNMetadata, [DBNRecord]) {
    let decoder = try DBNDecoder(path: path)
    var records: [DBNRecord] = []
    while let r = try decoder.next() { records.append(r) }
    #expect(decoder.recordCount == records.count)
    return (decoder.metadata, records)
}

@Suite(.enabled(if: DBNFile.available, "shared/data/databento is not on this machine"))
struct DBNDecoderTests {
    @Test(arguments: DBNFile.all, [false, true])
    func decodesEveryFile(file: DBNFile, compressed: Bool) throws {
        let (metadata, records) = try decodeAll(compressed ? file.zstPath : file.plainPath)
        #expect(metadata.version == 1)
        #expect(metadata.dataset == "GLBX.MDP3")
        #expect(metadata.schema == file.schema)
        #expect(metadata.stypeIn == .rawSymbol && metadata.stypeOut == .instrumentId)
        #expect(!metadata.tsOut)
        #expect(metadata.recordsOffset == (file.symbols.count == 1 ? 206 : 284))
        #expect(metadata.symbols.sorted() == file.symbols.keys.sorted())
        #expect(metadata.partial.isEmpty && metadata.notFound.isEmpty)
        #expect(metadata.rawSymbolsByInstrumentId == Dictionary(uniqueKeysWithValues: file.symbols.map { ($0.value, $0.key) }))
        #expect(records.count == file.records)
        let ts = records.map(\.header.tsEvent)
        #expect(UnixNanos(ts.min()!).iso8601.hasPrefix(file.firstTs), "\(UnixNanos(ts.min()!))")
        #expect(UnixNanos(ts.max()!).iso8601.hasPrefix(file.lastTs), "\(UnixNanos(ts.max()!))")
        #expect(records.allSatisfy { $0.header.publisherId == 1 && Set(file.symbols.values).contains($0.header.instrumentId) })
    }

    @Test func compressedAndPlainCopiesDecodeIdentically() throws {
        for file in DBNFile.all {
            let (m1, r1) = try decodeAll(file.zstPath)
            let (m2, r2) = try decodeAll(file.plainPath)
            #expect(m1 == m2 && r1 == r2, "\(file.name)")
        }
    }

    @Test func readmeHexVectorsDecode() throws {
        let (_, trades) = try decodeAll(DBNFile.all[7].plainPath)
        guard case .trade(let t) = trades[0] else { Issue.record("first record is not a trade"); return }
        #expect(t.header.instrumentId == 118 && t.header.tsEvent == 1_719_878_281_218_218_853)
        #expect(t.price == 5_528_750_000_000 && t.size == 2 && t.action == UInt8(ascii: "T") && t.side == UInt8(ascii: "B"))
        #expect(t.flags == 0 && t.tsRecv == 1_719_878_281_218_485_389 && t.tsInDelta == 17_664 && t.sequence == 9_060_643)

        let (_, mbo) = try decodeAll(DBNFile.all[4].plainPath)
        guard case .mbo(let m) = mbo[0] else { Issue.record("first record is not MBO"); return }
        #expect(m.action == UInt8(ascii: "R") && m.side == UInt8(ascii: "N") && m.price == DBN.undefinedPrice)
        #expect(m.orderId == 0 && m.size == 0 && m.flags == 0x28 && m.tsRecv == 1_715_126_400_000_000_000 && m.sequence == 0)

        let (_, bars) = try decodeAll(DBNFile.all[8].plainPath)
        guard case .ohlcv(let b) = bars[0] else { Issue.record("first record is not OHLCV"); return }
        #expect(b.header.instrumentId == 118 && b.header.tsEvent == 1_719_877_200_000_000_000)
        #expect(b.open == 5_527_250_000_000 && b.high == 5_527_500_000_000 && b.low == 5_527_000_000_000)
        #expect(b.close == 5_527_500_000_000 && b.volume == 180)
    }

    @Test func esMBOFileHasTheReadmesActionSideAndFlagCounts() throws {
        let (_, records) = try decodeAll(DBNFile.all[1].zstPath)
        var actions: [UInt8: Int] = [:], sides: [UInt8: Int] = [:], flags: [UInt8: Int] = [:]
        for case .mbo(let m) in records {
            actions[m.action, default: 0] += 1
            sides[m.side, default: 0] += 1
            flags[m.flags, default: 0] += 1
        }
        #expect(actions[UInt8(ascii: "A")] == 29_216)  // the 8,725 snapshot adds included
        #expect(actions[UInt8(ascii: "C")] == 17_999 && actions[UInt8(ascii: "M")] == 12_233)
        #expect(actions[UInt8(ascii: "F")] == 6_371 && actions[UInt8(ascii: "T")] == 2_973)
        #expect(sides[UInt8(ascii: "N")] == 36)
        #expect(flags[0x82] == 47_021 && flags[0x00] == 13_045 && flags[0x28] == 8_725 && flags[0x80] == 1)
    }

    @Test func mbp1AndTradesConvertToQuotesAndTrades() throws {
        let mbpDecoder = try DBNDecoder(path: DBNFile.all[6].zstPath)
        var symbology = DBNSymbology(metadata: mbpDecoder.metadata)
        var quotes: [QuoteTick] = [], mbpTrades: [TradeTick] = []
        while let r = try mbpDecoder.next() {
            guard case .mbp1(let m) = r else { Issue.record("not MBP-1"); return }
            let id = try symbology.instrumentId(for: m.event.header)
            if let q = try m.quoteTick(instrumentId: id, pricePrecision: 2) { quotes.append(q) }
            if let t = try m.tradeTick(instrumentId: id, pricePrecision: 2) { mbpTrades.append(t) }
        }
        #expect(quotes.count == 2_288 && mbpTrades.count == 120)
        #expect(quotes[0].instrumentId == InstrumentId("ESU4.GLBX"))
        #expect(quotes.allSatisfy { !$0.isCrossed && $0.bidPrice != $0.askPrice })
        let (lowBid, highAsk) = (try Price("5528.50"), try Price("5529.50"))
        #expect(quotes.map(\.bidPrice).min() == lowBid && quotes.map(\.askPrice).max() == highAsk)

        let (metadata, records) = try decodeAll(DBNFile.all[7].zstPath)
        var tradeSymbology = DBNSymbology(metadata: metadata)
        var trades: [TradeTick] = []
        for case .trade(let t) in records {
            trades.append(try t.tradeTick(instrumentId: try tradeSymbology.instrumentId(for: t.header), pricePrecision: 2))
        }
        #expect(trades == mbpTrades)
        #expect(trades[0].tradeId == TradeId("9060643") && trades[0].aggressorSide == .buyer)
        #expect(trades[0].price == (try Price("5528.75")))
        #expect(trades[0].size == Quantity(units: 2))
        #expect(trades[0].tsEvent == UnixNanos(1_719_878_281_218_485_389))
        #expect(trades.filter { $0.aggressorSide == .buyer }.count == 66 && trades.filter { $0.aggressorSide == .seller }.count == 54)
    }

    @Test func ohlcvConvertsToBarsStampedAtTheClose() throws {
        let (metadata, records) = try decodeAll(DBNFile.all[8].zstPath)
        var symbology = DBNSymbology(metadata: metadata)
        var bars: [Bar] = []
        for case .ohlcv(let o) in records {
            bars.append(try o.bar(instrumentId: try symbology.instrumentId(for: o.header), pricePrecision: 2))
        }
        #expect(bars.count == 60)
        #expect(bars[0].barType == BarType("ESU4.GLBX-1-MINUTE-LAST-EXTERNAL"))
        // DBN stamps the open (23:40); NautilusTrader and Keel stamp the close (23:41).
        #expect(bars[0].tsEvent == UnixNanos(1_719_877_200_000_000_000 + 60_000_000_000))
        #expect(bars[0].open == (try Price("5527.25")))
        #expect(bars[0].volume == Quantity(units: 180))
        #expect(bars.filter { $0.instrumentId == InstrumentId("NQU4.GLBX") }.count == 30)
        guard case .ohlcv(let first) = records[0] else { return }
        let atOpen = try first.bar(instrumentId: InstrumentId("ESU4.GLBX"), pricePrecision: 2, timestampOnClose: false)
        #expect(atOpen.tsEvent == UnixNanos(1_719_877_200_000_000_000))
    }

    @Test func definitionsConvertToFuturesContracts() throws {
        let (metadata, records) = try decodeAll(DBNFile.all[2].zstPath)
        #expect(metadata.limit == 2)
        guard case .definition(let d) = records[0] else { Issue.record("not a definition"); return }
        #expect(d.rawSymbol == "ESM3" && d.exchange == "XCME" && d.asset == "ES" && d.cfi == "FFIXSX")
        #expect(d.instrumentClass == UInt8(ascii: "F") && d.currency == "USD" && d.minPriceIncrement == 250_000_000)
        #expect(d.displayFactor == 10_000_000 && d.unitOfMeasure == "IPNT" && d.unitOfMeasureQty == 50_000_000_000)
        #expect(d.highLimitPrice == 4_425_000_000_000 && d.lowLimitPrice == 3_850_000_000_000)
        #expect(d.contractMultiplier == .max && d.tickRule == 255 && d.matchAlgorithm == UInt8(ascii: "F"))
        #expect(d.securityUpdateAction == UInt8(ascii: "A"))
        #expect(UnixNanos(d.expiration).iso8601.hasPrefix("2023-06-16T13:30"))
        #expect(UnixNanos(d.activation).iso8601.hasPrefix("2021-06-04T21:30"))
        guard case .futuresContract(let future)? = try d.instrument(instrumentId: InstrumentId("ESM3.GLBX")) else {
            Issue.record("not a futures contract"); return
        }
        #expect(future.spec.priceIncrement == (try Price("0.25")))
        #expect(future.spec.pricePrecision == 2)
        #expect(future.spec.multiplier == Quantity(units: 50) && future.underlying.string == "ES")
        #expect(future.exchange?.string == "XCME" && future.spec.quoteCurrency == .usd)

        let (_, two) = try decodeAll(DBNFile.all[5].zstPath)
        let defs = two.compactMap { if case .definition(let d) = $0 { d } else { nil } }
        #expect(defs.map(\.rawSymbol) == ["ESU4", "NQU4"] || defs.map(\.rawSymbol) == ["NQU4", "ESU4"])
        #expect(defs.first { $0.rawSymbol == "NQU4" }?.unitOfMeasureQty == 20_000_000_000)
        #expect(defs.first { $0.rawSymbol == "NQU4" }?.channelId == 8)
    }

    @Test(.enabled(if: MBOFixture.available, "the ES MBO data file is not on this machine"))
    func esMBOReplayThroughTheDecoderEndsAtTheReferenceBook() throws {
        let decoder = try DBNDecoder(path: DBNFile.all[1].zstPath)
        var symbology = DBNSymbology(metadata: decoder.metadata)
        var book = OrderBook(instrumentId: InstrumentId("ESH4.GLBX"), bookType: .l3MBO, expectedOrders: 16_384)
        var deltas = 0, skipped = 0
        while let record = try decoder.next() {
            guard case .mbo(let m) = record else { continue }
            guard let delta = try m.orderBookDelta(instrumentId: try symbology.instrumentId(for: m.header), pricePrecision: 2) else { continue }
            deltas += 1
            do { try book.apply(delta) } catch { skipped += 1 }
        }
        book.checkInvariants()
        #expect(deltas == 65_819 && skipped == 7)
        #expect(book.lastSequence == 59_585)
        #expect(book.bestBidPrice == (try Price("4810.00")))
        #expect(book.bestAskPrice == (try Price("4810.25")))
        #expect(book.bidLevelCount == 922 && book.askLevelCount == 565)
        // The decoder gives exactly what KeelTestKit's fixture reader gave.
        #expect(try MBOFixture.deltas().count == deltas)
    }
}
