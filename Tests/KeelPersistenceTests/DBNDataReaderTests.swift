// DBNDataReader: DBN files read as market data value by value — the ES MBO day of S3 as the reference's
// 65,819 deltas, trades on request, ids from the file's symbology, the other schemas, and clear errors.

import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

@Suite(.enabled(if: DBNFile.available, "shared/data/databento is not on this machine"))
struct DBNDataReaderTests {
    static let es = DBNFile.all[1]
    static let esh4 = InstrumentId("ESH4.GLBX")

    func readAll(_ reader: DBNDataReader) throws -> [MarketData] {
        var values: [MarketData] = []
        while let value = try reader.next() { values.append(value) }
        #expect(reader.valueCount == values.count)
        return values
    }

    @Test func mboDayGivesTheReferenceDeltasInFileOrder() throws {
        let reader = try DBNDataReader(path: Self.es.zstPath, instrumentId: Self.esh4) { _ in 2 }
        let values = try readAll(reader)
        let deltas = values.compactMap { if case .delta(let d) = $0 { d } else { nil } }
        #expect(values.count == 65_819)
        #expect(deltas.count == values.count)
        #expect(reader.skippedRecords == 0)
        // The same values as the test kit's independent reader of the uncompressed copy.
        #expect(deltas == (try MBOFixture.deltas()))
        #expect(Dictionary(grouping: deltas, by: \.action).mapValues(\.count) == [.add: 29_216, .update: 18_604, .delete: 17_999])
    }

    @Test func nextDeltaGivesTheSameDeltasWithoutWrapping() throws {
        let reader = try DBNDataReader(path: Self.es.zstPath, instrumentId: Self.esh4, includeTrades: true) { _ in 2 }
        var deltas: [OrderBookDelta] = []
        while let delta = try reader.nextDelta() { deltas.append(delta) }
        #expect(deltas == (try MBOFixture.deltas()), "trades are skipped even when included")
        #expect(reader.recordCount == Self.es.records)
    }

    @Test func forEachDeltaHandsOverTheSameDeltas() throws {
        for instrumentId in [Self.esh4, nil] {
            let reader = try DBNDataReader(path: Self.es.zstPath, instrumentId: instrumentId) { _ in 2 }
            var deltas: [OrderBookDelta] = []
            try reader.forEachDelta {
                deltas.append($0)
                return true
            }
            #expect(deltas == (try MBOFixture.deltas()))
            #expect(reader.valueCount == deltas.count)
        }
        let reader = try DBNDataReader(path: Self.es.zstPath, instrumentId: Self.esh4) { _ in 2 }
        var count = 0
        try reader.forEachDelta { _ in
            count += 1
            return count < 10
        }
        #expect(count == 10, "stops when the body says so")
    }

    /// `appendDeltas` appends `next()`'s deltas in place and hands over every other value in its turn: with
    /// any limit, the values come out as `next()` gives them.
    @Test func appendDeltasGivesNextsValuesInOrder() throws {
        let files = [(Self.es.zstPath, Self.esh4 as InstrumentId?), (DBNFile.all[6].zstPath, nil), (DBNFile.all[8].zstPath, nil)]
        for (path, id) in files {
            let expected = try readAll(try DBNDataReader(path: path, instrumentId: id, includeTrades: true) { _ in 2 })
            for limit in [1, 7, 256] {
                let reader = try DBNDataReader(path: path, instrumentId: id, includeTrades: true) { _ in 2 }
                var values: [MarketData] = []
                var more = true
                while more {
                    var deltas: [OrderBookDelta] = []
                    var other: MarketData?
                    more = try reader.appendDeltas(to: &deltas, limit: limit) { other = $0 }
                    #expect(deltas.count <= limit)
                    values += deltas.map(MarketData.delta)
                    if let other { values.append(other) }
                }
                #expect(values.map { "\($0)" } == expected.map { "\($0)" }, "\(path), limit \(limit)")
                #expect(reader.valueCount == expected.count)
            }
        }
    }

    @Test func tradesOnRequestFollowTheirRecords() throws {
        let reader = try DBNDataReader(path: Self.es.plainPath, instrumentId: Self.esh4, includeTrades: true) { _ in 2 }
        let values = try readAll(reader)
        let trades = values.compactMap { if case .trade(let t) = $0 { t } else { nil } }
        #expect(values.count == 65_819 + trades.count)
        #expect(trades.count == 2_973)
        #expect(trades.allSatisfy { $0.price.precision == 2 && $0.size.isPositive })
    }

    @Test func idsComeFromTheSymbologyAndPrecisionIsAskedOncePerInstrument() throws {
        var asked: [InstrumentId] = []
        let reader = try DBNDataReader(path: Self.es.zstPath) { id in
            asked.append(id)
            return 2
        }
        let first = try #require(try reader.next())
        #expect(first.instrumentId == Self.esh4)
        for _ in 0..<1_000 { _ = try reader.next() }
        #expect(asked == [Self.esh4])
    }

    @Test func anInstrumentWithoutPrecisionIsAnErrorNamingIt() throws {
        let reader = try DBNDataReader(path: Self.es.zstPath) { _ in nil }
        do {
            _ = try reader.next()
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.field == "hd.instrument_id")
            #expect("\(error)".contains("ESH4.GLBX"))
        }
    }

    @Test func aWrongPrecisionIsAnErrorWithTheRecordOffset() throws {
        // ES trades in quarters: at precision 1 the first price (4799.00 is fine) … 4799.25 is off the grid.
        let reader = try DBNDataReader(path: Self.es.plainPath, instrumentId: Self.esh4) { _ in 1 }
        do {
            while try reader.next() != nil {}
            Issue.record("expected an error")
        } catch {
            #expect(error.code == .invalidValue)
            #expect(error.field == "MboMsg.price")
            #expect(error.offset > 0 && (error.offset - 206) % 56 == 0, "the offset of an MBO record")
        }
    }

    @Test func otherSchemasMapToQuotesTradesAndBars() throws {
        let mbp = DBNFile.all[6], trades = DBNFile.all[7], bars = DBNFile.all[8]
        let quotes = try readAll(try DBNDataReader(path: mbp.zstPath) { _ in 2 })
        #expect(!quotes.isEmpty && quotes.allSatisfy { if case .quote = $0 { true } else { false } })
        let withTrades = try readAll(try DBNDataReader(path: mbp.zstPath, includeTrades: true) { _ in 2 })
        #expect(withTrades.count > quotes.count)
        let tradeValues = try readAll(try DBNDataReader(path: trades.zstPath) { _ in 2 })
        #expect(tradeValues.count == trades.records)
        let barValues = try readAll(try DBNDataReader(path: bars.zstPath) { _ in 2 })
        #expect(barValues.count == bars.records)
        #expect(Set(barValues.compactMap(\.instrumentId)) == [InstrumentId("ESU4.GLBX"), InstrumentId("NQU4.GLBX")])
        let definitions = try DBNDataReader(path: DBNFile.all[2].zstPath) { _ in 2 }
        #expect(try definitions.next() == nil)
        #expect(definitions.skippedRecords == 2)
    }
}
