import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Testing

@Suite struct MarketDataMergerTests {
    static let id = InstrumentId("EUR/USD.SIM")

    static func quote(_ ts: UInt64, _ tag: Int64) -> MarketData {
        .quote(QuoteTick(
            instrumentId: id, bidPrice: Price(raw: tag * 10_000, precision: 5), askPrice: Price(raw: tag * 10_000, precision: 5),
            bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts)))
    }

    static func tags(_ values: [MarketData]) -> [Int64] {
        values.map { if case .quote(let q) = $0 { q.bidPrice.raw / 10_000 } else { -1 } }
    }

    func drain(_ merger: inout MarketDataMerger) throws -> [MarketData] {
        var out: [MarketData] = []
        while let v = try merger.next() { out.append(v) }
        return out
    }

    @Test func mergesByTsInitWithTiesInStreamOrder() throws {
        // Like S1: bid bars added first, then ask bars; each minute must give BID then ASK.
        let bids = MarketDataStream(name: "bid", values: [Self.quote(1, 10), Self.quote(2, 20), Self.quote(2, 21), Self.quote(4, 40)])
        let asks = MarketDataStream(name: "ask", values: [Self.quote(1, 11), Self.quote(2, 22), Self.quote(3, 33)])
        var merger = MarketDataMerger([bids, asks])
        #expect(Self.tags(try drain(&merger)) == [10, 11, 20, 21, 22, 33, 40])
        #expect(merger.count == 7)
    }

    @Test func sameAsAStableSortOfTheConcatenation() throws {
        // Property: for random sorted streams, the merge equals a stable sort of all values in stream order.
        var rng = TestSeed.generator(salt: 60)
        for streamCount in [1, 2, 3, 5, 20, 40] {  // 20 and 40 use the heap
            var streams: [MarketDataStream] = []
            var all: [(ts: UInt64, tag: Int64)] = []
            var tag: Int64 = 0
            for s in 0..<streamCount {
                var ts: UInt64 = 0
                var values: [MarketData] = []
                for _ in 0..<Int(rng.nextInt(below: 30)) {
                    ts += rng.nextInt(below: 3)
                    tag += 1
                    values.append(Self.quote(ts, tag))
                    all.append((ts, tag))
                }
                streams.append(MarketDataStream(name: "s\(s)", values: values))
            }
            let expected = all.enumerated().sorted { a, b in a.element.ts != b.element.ts ? a.element.ts < b.element.ts : a.offset < b.offset }.map(\.element.tag)
            var merger = MarketDataMerger(streams)
            #expect(Self.tags(try drain(&merger)) == expected, "seed \(TestSeed.value), \(streamCount) streams")
        }
    }

    @Test func sortingInitialiserIsStable() throws {
        let stream = MarketDataStream(name: "unsorted", sorting: [Self.quote(5, 1), Self.quote(1, 2), Self.quote(5, 3), Self.quote(1, 4)])
        var merger = MarketDataMerger([stream])
        #expect(Self.tags(try drain(&merger)) == [2, 4, 1, 3])
    }

    /// Bars of one bar type are held as raw rows and read back as the same values (sorted stably first);
    /// anything else in the array (another bar type, another precision, a quote) keeps the values as given.
    @Test func barsOfOneTypeReadBackUnchanged() throws {
        let bid = BarType("EUR/USD.SIM-1-MINUTE-BID-EXTERNAL"), ask = BarType("EUR/USD.SIM-1-MINUTE-ASK-EXTERNAL")
        func bar(_ type: BarType, _ ts: UInt64, _ close: Int64, precision: UInt8 = 5) -> MarketData {
            let p = { Price(raw: $0 * 100_000, precision: precision) }
            return .bar(Bar(
                barType: type, open: p(close), high: p(close + 2), low: p(close - 3), close: p(close),
                volume: Quantity(raw: Int64(ts) * 1_000_000_000, precision: 0), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts + 1)))
        }
        func read(_ values: [MarketData]) throws -> [MarketData] {
            var merger = MarketDataMerger([MarketDataStream(name: "bars", sorting: values)])
            return try drain(&merger)
        }
        func bars(_ values: [MarketData]) -> [Bar?] { values.map { if case .bar(let b) = $0 { b } else { nil } } }
        let values = [bar(bid, 3, 157_600), bar(bid, 1, 157_610), bar(bid, 2, 157_590), bar(bid, 2, 157_580)]
        let stable = [values[1], values[2], values[3], values[0]]
        #expect(bars(try read(values)) == bars(stable))
        let mixed = [bar(bid, 1, 1), bar(ask, 2, 2)]
        #expect(bars(try read(mixed)) == bars(mixed))
        let precisions = [bar(bid, 1, 1), bar(bid, 2, 2, precision: 4)]
        #expect(bars(try read(precisions)) == bars(precisions))
        #expect(try read([bar(bid, 1, 1), Self.quote(2, 7)]).count == 2)
    }

    /// Property: streams that are all bars in memory (merged row by row, straight into chunks of bars) give the
    /// values, order, counts and chunk kinds of the same bars merged value by value through the general path
    /// (the same streams held as plain values), read by `next()` and by `nextChunk`, ties in stream order.
    @Test func barStreamsMergeAsTheGeneralPath() throws {
        var rng = TestSeed.generator(salt: 62)
        let types = ["BID", "ASK", "MID", "LAST"].map { BarType("EUR/USD.SIM-1-MINUTE-\($0)-EXTERNAL") }
        for round in 0..<24 {
            let streamCount = 2 + Int(rng.nextInt(below: 3))
            var specs: [[MarketData]] = []
            var tag: Int64 = 0
            for s in 0..<streamCount {
                var ts: UInt64 = 0
                specs.append((0..<Int(rng.nextInt(below: 600))).map { _ in
                    ts += rng.nextInt(below: 3)  // equal stamps within and across streams
                    tag += 1
                    let p = Price(raw: tag * 100_000, precision: 5)
                    return .bar(Bar(
                        barType: types[s], open: p, high: p, low: p, close: p, volume: Quantity(units: tag),
                        tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts)))
                })
            }
            if round == 0 { specs[0].append(contentsOf: specs[0].last.map { [$0] } ?? []) }
            if round == 1 {  // a bar at the very end of time is a bar, not the end of the stream
                let p = Price(raw: 100_000, precision: 5)
                specs[1].append(.bar(Bar(
                    barType: types[1], open: p, high: p, low: p, close: p, volume: Quantity(units: 1),
                    tsEvent: UnixNanos(UInt64.max), tsInit: UnixNanos(UInt64.max))))
            }
            func bars(_ values: [MarketData]) -> [Bar?] { values.map { if case .bar(let b) = $0 { b } else { nil } } }
            let general = specs.enumerated().map { MarketDataStream(name: "plain\($0)", values: $1) }
            let compact = specs.enumerated().map { MarketDataStream(name: "bars\($0)", sorting: $1) }
            var expected = MarketDataMerger(general)
            let want = try drain(&expected)
            var byValue = MarketDataMerger(compact)
            #expect(bars(try drain(&byValue)) == bars(want), "seed \(TestSeed.value), round \(round)")
            #expect(byValue.count == expected.count && byValue.currentTs == expected.currentTs)
            var byChunk = MarketDataMerger(compact)
            var chunk = MarketDataChunk()
            var got: [Bar] = []
            while try byChunk.nextChunk(into: &chunk) {
                #expect(chunk.kind == .bars && chunk.count <= MarketDataChunk.capacity)
                got += chunk.bars
            }
            #expect(got == bars(want).compactMap { $0 }, "seed \(TestSeed.value), round \(round)")
            #expect(byChunk.count == expected.count && byChunk.currentTs == expected.currentTs)
        }
    }

    @Test func generatorStreamsAndEmptyStreams() throws {
        var n: UInt64 = 0
        let generated = MarketDataStream(name: "gen") { () throws(MarketDataStreamError) -> MarketData? in
            n += 1
            return n <= 3 ? Self.quote(n * 2, Int64(n)) : nil
        }
        var merger = MarketDataMerger([generated, MarketDataStream(name: "empty", values: []), MarketDataStream(name: "odd", values: [Self.quote(3, 9)])])
        #expect(Self.tags(try drain(&merger)) == [1, 9, 2, 3])
    }

    @Test func aStreamGoingBackInTimeIsReportedByName() {
        var merger = MarketDataMerger([MarketDataStream(name: "ticks.csv", values: [Self.quote(5, 1), Self.quote(4, 2)])])
        do {
            while try merger.next() != nil {}
            Issue.record("expected an error")
        } catch {
            #expect(error.stream == "ticks.csv")
            #expect(error.reason.contains("back in time"))
        }
    }
}
