// The data catalog: real files written and read back value for value, partition layout, queries,
// byte-identical rewrites, all-or-nothing imports, and damaged files reported with file, offset and field.

import Foundation
import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

enum CatalogFixture {
    /// A fresh folder under the temp directory.
    static func folder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "keel-catalog-\(name)-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func write(_ values: [MarketData], to catalog: Catalog, overwrite: Bool = false) throws -> [WrittenPartition] {
        let writer = CatalogWriter(catalog: catalog, overwrite: overwrite)
        for v in values { try writer.append(v) }
        return try writer.finish()
    }

    static func readAll(_ catalog: Catalog, _ query: CatalogQuery = CatalogQuery()) throws -> [[MarketData]] {
        try catalog.query(query).map { stream in
            var out: [MarketData] = []
            while let v = try stream.next() { out.append(v) }
            return out
        }
    }

    static func quotes(_ values: [MarketData]) -> [QuoteTick] { values.compactMap { if case .quote(let q) = $0 { q } else { nil } } }
    static func bars(_ values: [MarketData]) -> [Bar] { values.compactMap { if case .bar(let b) = $0 { b } else { nil } } }
    static func trades(_ values: [MarketData]) -> [TradeTick] { values.compactMap { if case .trade(let t) = $0 { t } else { nil } } }
    static func deltas(_ values: [MarketData]) -> [OrderBookDelta] { values.compactMap { if case .delta(let d) = $0 { d } else { nil } } }

    static func quote(_ id: InstrumentId, _ ts: UInt64, bid: String = "1.10000", ask: String = "1.10010") -> QuoteTick {
        QuoteTick(
            instrumentId: id, bidPrice: try! Price(bid), askPrice: try! Price(ask), bidSize: Quantity(units: 1_000_000),
            askSize: Quantity(units: 1_000_000), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts))
    }

    static let day: UInt64 = 86_400_000_000_000
    static let eurusd = InstrumentId("EUR/USD.SIM")
    static let gbpusd = InstrumentId("GBP/USD.SIM")
}

@Suite(.enabled(if: CSVData.available, "shared/data is not on this machine"))
struct CatalogRealDataTests {
    @Test func fxcmBarsRoundTripIntoDailyPartitions() throws {
        let bidType = BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")
        let askType = BarType("GBP/USD.SIM-1-MINUTE-ASK-EXTERNAL")
        let (bid, _) = try CSVLoader.loadBars(path: CSVData.path("fx/fxcm/gbpusd-m1-bid-2012.csv"), layout: .fxcm(barType: bidType))
        let (ask, _) = try CSVLoader.loadBars(path: CSVData.path("fx/fxcm/gbpusd-m1-ask-2012.csv"), layout: .fxcm(barType: askType))
        let catalog = try Catalog.create(path: CatalogFixture.folder("fxcm"))
        let written = try CatalogFixture.write(bid.map(MarketData.bar) + ask.map(MarketData.bar), to: catalog)
        // 2012-02-01 … 2012-03-01 is 30 UTC days, but FX does not trade on the 4 Saturdays: 26 per bar type.
        #expect(written.count == 52)
        #expect(written.first!.path.hasSuffix("/bars/GBP%2FUSD.SIM-1-MINUTE-ASK-EXTERNAL/2012-02-01.kcp"))
        #expect(written.reduce(0) { $0 + $1.header.count } == 60_234)

        // Keys in the query's order: BID first, as S1 needs.
        let streams = try CatalogFixture.readAll(catalog, CatalogQuery(keys: [bidType.description, askType.description]))
        #expect(streams.count == 2)
        #expect(CatalogFixture.bars(streams[0]) == bid)
        #expect(CatalogFixture.bars(streams[1]) == ask)

        // An instrument id selects every bar type of it; without keys the order is by key.
        let byInstrument = try catalog.query(CatalogQuery(keys: ["GBP/USD.SIM"]))
        #expect(byInstrument.map(\.key) == [askType.description, bidType.description])

        let listed = try catalog.partitions()
        #expect(listed.count == 52)
        #expect(listed.first!.day == "2012-02-01" && listed.last!.day == "2012-03-01")
    }

    @Test func trueFXQuotesBinanceTradesAndTheESDeltasRoundTrip() throws {
        let usdjpy = InstrumentId("USD/JPY.TRUEFX")
        let (quotes, _) = try CSVLoader.loadQuotes(path: CSVData.path("fx/truefx/usdjpy-ticks.csv"), layout: .trueFX(instrumentId: usdjpy))
        let btc = InstrumentId("BTCUSDT.BINANCE")
        let (trades, _) = try CSVLoader.loadTrades(path: CSVData.path("crypto/binance/btcusdt-trades.csv"), layout: .binanceTrades(instrumentId: btc))
        let deltas = try MBOFixture.deltas()
        let catalog = try Catalog.create(path: CatalogFixture.folder("mixed"))
        _ = try CatalogFixture.write(quotes.map(MarketData.quote), to: catalog)
        _ = try CatalogFixture.write(trades.map(MarketData.trade), to: catalog)
        _ = try CatalogFixture.write(deltas.map(MarketData.delta), to: catalog)

        #expect(CatalogFixture.quotes(try CatalogFixture.readAll(catalog, CatalogQuery(types: [.quotes]))[0]) == quotes)
        #expect(CatalogFixture.trades(try CatalogFixture.readAll(catalog, CatalogQuery(types: [.trades]))[0]) == trades)
        let readDeltas = try CatalogFixture.readAll(catalog, CatalogQuery(types: [.deltas]))
        #expect(readDeltas.count == 1)
        #expect(CatalogFixture.deltas(readDeltas[0]) == deltas)

        // The deltas rebuild the reference's final ES book.
        var book = OrderBook(instrumentId: deltas[0].instrumentId, bookType: .l3MBO)
        for d in CatalogFixture.deltas(readDeltas[0]) { try? book.apply(d) }
        #expect(book.bestBidPrice == (try Price("4810.00")))
        #expect(book.bestAskPrice == (try Price("4810.25")))
        #expect(try catalog.verify() == quotes.count + trades.count + deltas.count)

        // `read(limit:…)` hands each value to the sink of its type: the same values as `next()`, in order, in
        // batches of at most `limit`; a short batch is the end.
        for limit in [1, 256, 1_000_000] {
            for stream in try catalog.query(CatalogQuery()) {
                var q: [QuoteTick] = [], t: [TradeTick] = [], d: [OrderBookDelta] = [], b: [Bar] = []
                while true {
                    let n = try stream.read(
                        limit: limit, quote: { q.append($0) }, trade: { t.append($0) }, bar: { b.append($0) }, delta: { d.append($0) })
                    #expect(n <= limit)
                    if n < limit { break }
                }
                #expect(try stream.next() == nil)
                switch stream.dataType {
                case .quotes: #expect(q == quotes && t.isEmpty && d.isEmpty && b.isEmpty)
                case .trades: #expect(t == trades && q.isEmpty)
                case .deltas: #expect(d == deltas && q.isEmpty)
                case .bars: Issue.record("no bars were written")
                }
            }
        }
    }
}

struct CatalogTests {
    @Test func queriesSelectTypesKeysAndAnInclusiveTimeRange() throws {
        let catalog = try Catalog.create(path: CatalogFixture.folder("query"))
        let d = CatalogFixture.day
        var values: [MarketData] = []
        for day in 0..<3 as Range<UInt64> {
            for i in 0..<5 as Range<UInt64> {
                values.append(.quote(CatalogFixture.quote(CatalogFixture.eurusd, day * d + i * 1_000)))
                values.append(.quote(CatalogFixture.quote(CatalogFixture.gbpusd, day * d + i * 1_000 + 1)))
            }
        }
        let written = try CatalogFixture.write(values, to: catalog)
        #expect(written.count == 6)

        let all = try CatalogFixture.readAll(catalog)
        #expect(all.map(\.count) == [15, 15])
        // Keys in the asked order, GBP first.
        let ordered = try catalog.query(CatalogQuery(keys: ["GBP/USD.SIM", "EUR/USD.SIM"]))
        #expect(ordered.map(\.key) == ["GBP/USD.SIM", "EUR/USD.SIM"])
        // An inclusive range across a day boundary, found by binary search inside the partitions.
        let ranged = try CatalogFixture.readAll(
            catalog, CatalogQuery(keys: ["EUR/USD.SIM"], start: UnixNanos(3_000), end: UnixNanos(d + 2_000)))
        #expect(CatalogFixture.quotes(ranged[0]).map(\.tsInit.rawValue) == [3_000, 4_000, d, d + 1_000, d + 2_000])
        // Partitions wholly outside the range are not opened.
        let lastDay = try catalog.query(CatalogQuery(keys: ["EUR/USD.SIM"], start: UnixNanos(2 * d)))
        #expect(lastDay[0].partitions.count == 1)
        #expect(throws: CatalogError.self) { try catalog.query(CatalogQuery(keys: ["USD/JPY.SIM"])) }
        #expect(try catalog.query(CatalogQuery(types: [.trades])).isEmpty)
    }

    @Test func theSameValuesGiveByteIdenticalFiles() throws {
        let values = (0..<50_000 as Range<UInt64>).map { MarketData.quote(CatalogFixture.quote(CatalogFixture.eurusd, $0 * 1_000_000)) }
        let a = try CatalogFixture.write(values, to: try Catalog.create(path: CatalogFixture.folder("det-a")))
        let b = try CatalogFixture.write(values, to: try Catalog.create(path: CatalogFixture.folder("det-b")))
        #expect(a.count == 1 && b.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: a[0].path)) == Data(contentsOf: URL(fileURLWithPath: b[0].path)))
    }

    @Test func anImportIsAllOrNothing() throws {
        let path = CatalogFixture.folder("atomic")
        let catalog = try Catalog.create(path: path)
        let d = CatalogFixture.day
        // Day 1 then day 0: the second day goes back in time; nothing may be left behind.
        let writer = CatalogWriter(catalog: catalog)
        try writer.append(.quote(CatalogFixture.quote(CatalogFixture.eurusd, d + 5)))
        #expect(throws: CatalogError.self) { try writer.append(.quote(CatalogFixture.quote(CatalogFixture.eurusd, 5))) }
        #expect(try catalog.partitions().isEmpty)
        let leftovers = FileManager.default.enumerator(atPath: path)!.compactMap { $0 as? String }.filter { $0.contains(".tmp-") }
        #expect(leftovers.isEmpty)

        // A partition that exists is kept unless the import overwrites it.
        _ = try CatalogFixture.write([.quote(CatalogFixture.quote(CatalogFixture.eurusd, 5))], to: catalog)
        #expect(throws: CatalogError.self) {
            _ = try CatalogFixture.write([.quote(CatalogFixture.quote(CatalogFixture.eurusd, 6, bid: "1.20000", ask: "1.20010"))], to: catalog)
        }
        #expect(CatalogFixture.quotes(try CatalogFixture.readAll(catalog)[0]).map(\.bidPrice) == [try Price("1.10000")])
        _ = try CatalogFixture.write(
            [.quote(CatalogFixture.quote(CatalogFixture.eurusd, 6, bid: "1.20000", ask: "1.20010"))], to: catalog, overwrite: true)
        #expect(CatalogFixture.quotes(try CatalogFixture.readAll(catalog)[0]).map(\.bidPrice) == [try Price("1.20000")])
    }

    @Test func aChangeOfPrecisionOrAnUnstoredKindIsAnError() throws {
        let catalog = try Catalog.create(path: CatalogFixture.folder("precision"))
        let writer = CatalogWriter(catalog: catalog)
        try writer.append(.quote(CatalogFixture.quote(CatalogFixture.eurusd, 1)))
        do {
            try writer.append(.quote(CatalogFixture.quote(CatalogFixture.eurusd, 2, bid: "1.1000", ask: "1.1001")))
            Issue.record("a precision change was accepted")
        } catch {
            #expect(error.description.contains("precision 4/0 (price/size) differs from the partition's 5/0"))
        }
        let other = CatalogWriter(catalog: catalog)
        let status = InstrumentStatus(instrumentId: CatalogFixture.eurusd, action: .trading, tsEvent: .zero, tsInit: .zero)
        #expect(throws: CatalogError.self) { try other.append(.status(status)) }
    }

    @Test func damagedFilesAreReportedWithFileOffsetAndField() throws {
        let values = (0..<60_000 as Range<UInt64>).map { MarketData.quote(CatalogFixture.quote(CatalogFixture.eurusd, $0)) }
        func fresh(_ name: String) throws -> (Catalog, String) {
            let catalog = try Catalog.create(path: CatalogFixture.folder(name))
            return (catalog, try CatalogFixture.write(values, to: catalog)[0].path)
        }
        func edit(_ file: String, _ body: (inout Data) -> Void) throws {
            var data = try Data(contentsOf: URL(fileURLWithPath: file))
            body(&data)
            try data.write(to: URL(fileURLWithPath: file))
        }
        func failure(_ catalog: Catalog) -> String {
            do {
                _ = try catalog.verify()
                return "no error"
            } catch { return error.description }
        }

        // A flipped byte in the second block's records: reported when the block is reached.
        let (c1, f1) = try fresh("flip")
        let secondBlock = 64 + CatalogFormat.blockRecords(recordSize: 48) * 48 + 100
        try edit(f1) { $0[secondBlock] ^= 0x01 }
        let m1 = failure(c1)
        #expect(m1.contains(f1) && m1.contains("field 'block 1'") && m1.contains("do not match their checksum"), "\(m1)")
        // Read without checksums, the same stream still never yields an invalid value.
        let unchecked = try c1.query(CatalogQuery(verify: false))[0]
        var n = 0
        do { while try unchecked.next() != nil { n += 1 } } catch {
            #expect(error.description.contains("not on the grid") || error.description.contains("ts_init"))
        }

        // A truncated file fails on open.
        let (c2, f2) = try fresh("truncated")
        try edit(f2) { $0.removeLast(1_000) }
        let m2 = failure(c2)
        #expect(m2.contains(f2) && m2.contains("byte 24") && m2.contains("truncated"), "\(m2)")

        // A damaged header fails its meta digest.
        let (c3, f3) = try fresh("header")
        try edit(f3) { $0[40] ^= 0x01 }
        let m3 = failure(c3)
        #expect(m3.contains("meta_digest"), "\(m3)")

        // Not a partition at all.
        let (c4, f4) = try fresh("magic")
        try edit(f4) { $0[0] = UInt8(ascii: "X") }
        #expect(failure(c4).contains("not a Keel catalog partition"))

        // A folder that is not a catalog.
        #expect(throws: CatalogError.self) { try Catalog(path: NSTemporaryDirectory()) }
    }
}
