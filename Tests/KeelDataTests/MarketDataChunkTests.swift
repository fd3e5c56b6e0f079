import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Testing

/// Chunks hold one kind in its own array and turn mixed on a second kind; the merger's chunks give the same
/// values, in the same order, with the same errors, as its value-by-value `next()`.
@Suite struct MarketDataChunkTests {
    typealias M = MarketDataMergerTests

    static func trade(_ ts: UInt64, _ tag: Int64) -> MarketData {
        .trade(TradeTick(
            instrumentId: M.id, price: Price(raw: tag * 10_000, precision: 5), size: Quantity(units: 1), aggressorSide: .buyer,
            tradeId: TradeId("T\(tag)"), tsEvent: UnixNanos(ts), tsInit: UnixNanos(ts)))
    }

    /// Quote tags, trades as their tag negated.
    static func tags(_ values: [MarketData]) -> [Int64] {
        values.map {
            switch $0 {
            case .quote(let q): q.bidPrice.raw / 10_000
            case .trade(let t): -(t.price.raw / 10_000)
            default: 0
            }
        }
    }

    static func values(of chunk: MarketDataChunk) -> [MarketData] { (0..<chunk.count).map { chunk.value(at: $0) } }

    /// Every value of `merger`, read a chunk at a time.
    static func drainChunks(_ merger: inout MarketDataMerger) throws(MarketDataStreamError) -> [MarketData] {
        var chunk = MarketDataChunk()
        var out: [MarketData] = []
        while try merger.nextChunk(into: &chunk) {
            #expect(chunk.count <= MarketDataChunk.capacity)
            out += values(of: chunk)
        }
        return out
    }

    @Test func oneKindStaysTypedAndASecondKindTurnsMixedInOrder() {
        var chunk = MarketDataChunk()
        #expect(chunk.kind == .empty && chunk.isEmpty)
        chunk.append(M.quote(1, 1))
        chunk.append(M.quote(2, 2))
        #expect(chunk.kind == .quotes && chunk.quotes.count == 2 && chunk.values.isEmpty)
        chunk.append(Self.trade(3, 3))
        #expect(chunk.kind == .mixed && chunk.quotes.isEmpty)
        chunk.append(M.quote(4, 4))
        #expect(Self.tags(Self.values(of: chunk)) == [1, 2, -3, 4])
        #expect(chunk.tsInit(at: 2) == UnixNanos(3))
        chunk.removeAll()
        #expect(chunk.isEmpty && chunk.count == 0)
        chunk.append(Self.trade(5, 5))
        #expect(chunk.kind == .trades && Self.tags(Self.values(of: chunk)) == [-5])
    }

    @Test func generatorQuotesAreWrittenStraightIntoTheQuoteArray() {
        var chunk = MarketDataChunk()
        chunk.appendQuotes { (out: inout [QuoteTick]) in
            for v in [M.quote(1, 1), M.quote(2, 2)] { if case .quote(let q) = v { out.append(q) } }
        }
        #expect(chunk.kind == .quotes && chunk.count == 2)
        chunk.appendQuotes { (_: inout [QuoteTick]) in }
        #expect(chunk.count == 2)
        chunk.append(Self.trade(3, 3))
        chunk.appendQuotes { (out: inout [QuoteTick]) in if case .quote(let q) = M.quote(4, 4) { out.append(q) } }
        #expect(chunk.kind == .mixed && Self.tags(Self.values(of: chunk)) == [1, 2, -3, 4])
        var empty = MarketDataChunk()
        empty.appendQuotes { (_: inout [QuoteTick]) in }
        #expect(empty.kind == .empty)
    }

    @Test func decoderDeltasAreWrittenStraightIntoTheDeltaArray() {
        let d = OrderBookDelta.clear(instrumentId: M.id, flags: 0, sequence: 1, tsEvent: UnixNanos(1), tsInit: UnixNanos(1))
        var chunk = MarketDataChunk()
        let n = chunk.appendDeltas { (out: inout [OrderBookDelta]) -> Int in
            out.append(d)
            out.append(d)
            return out.count
        }
        #expect(n == 2 && chunk.kind == .deltas && chunk.count == 2)
        chunk.append(M.quote(2, 2))
        chunk.appendDeltas { (out: inout [OrderBookDelta]) in out.append(d) }
        #expect(chunk.kind == .mixed && chunk.count == 4)
        if case .delta = chunk.value(at: 3) {} else { Issue.record("the delta goes after the quote") }
        var empty = MarketDataChunk()
        empty.appendDeltas { (_: inout [OrderBookDelta]) in }
        #expect(empty.kind == .empty)
    }

    /// Property: over random streams of every source type (memory, generator, filler, read-ahead), mixed kinds
    /// and stream counts, chunks carry exactly the values `next()` returns.
    @Test func chunksEqualTheValueByValueMerge() throws {
        var rng = TestSeed.generator(salt: 61)
        for round in 0..<40 {
            let streamCount = 1 + Int(rng.nextInt(below: round < 20 ? 1 : 4))
            var specs: [[MarketData]] = []
            var tag: Int64 = 0
            for _ in 0..<streamCount {
                var ts: UInt64 = 0
                var values: [MarketData] = []
                let tradeShare = rng.nextInt(below: 3)  // none, some or half trades
                for _ in 0..<Int(rng.nextInt(below: 700)) {
                    ts += rng.nextInt(below: 3)
                    tag += 1
                    values.append(rng.nextInt(below: 4) < tradeShare ? Self.trade(ts, tag) : M.quote(ts, tag))
                }
                specs.append(values)
            }
            func streams() -> [MarketDataStream] {
                specs.enumerated().map { s, values in
                    switch (s + round) % 4 {
                    case 0: return MarketDataStream(name: "memory\(s)", values: values)
                    case 1:
                        var i = 0
                        return MarketDataStream(name: "gen\(s)") { () throws(MarketDataStreamError) -> MarketData? in
                            defer { i += 1 }
                            return i < values.count ? values[i] : nil
                        }
                    case 2:
                        var i = 0
                        return MarketDataStream(name: "fill\(s)") { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
                            let n = min(values.count - i, 1 + (i % 97))  // uneven chunk sizes
                            for _ in 0..<n { chunk.append(values[i]); i += 1 }
                        }
                    default:
                        return MarketDataStream(name: "ahead\(s)", chunkSize: 100, depth: 2) { () throws(MarketDataStreamError) -> MarketDataSource in
                            var i = 0
                            return { () throws(MarketDataStreamError) -> MarketData? in
                                defer { i += 1 }
                                return i < values.count ? values[i] : nil
                            }
                        }
                    }
                }
            }
            var byValue = MarketDataMerger(streams())
            var byChunk = MarketDataMerger(streams())
            let expected = try MarketDataMergerTests().drain(&byValue)
            #expect(Self.tags(try Self.drainChunks(&byChunk)) == Self.tags(expected), "seed \(TestSeed.value), round \(round)")
            #expect(byChunk.count == byValue.count)
            #expect(byChunk.currentTs == byValue.currentTs)
        }
    }

    /// A value that goes back in time: the values before it are returned, then the error, as `next()` does.
    @Test func backInTimeInsideAChunkDeliversThePrefixFirst() {
        var merger = MarketDataMerger([MarketDataStream(name: "ticks.csv", values: [M.quote(1, 1), M.quote(5, 2), M.quote(4, 3)])])
        var chunk = MarketDataChunk()
        var seen: [Int64] = []
        do {
            while try merger.nextChunk(into: &chunk) { seen += Self.tags(Self.values(of: chunk)) }
            Issue.record("expected an error")
        } catch {
            #expect(error.stream == "ticks.csv")
            #expect(error.reason.contains("back in time"))
        }
        #expect(seen == [1, 2])
        #expect(merger.currentTs == UnixNanos(5))
    }

    /// A filler's or a generator's error after some values: those values first, then the error.
    @Test func aSourceErrorFollowsTheValuesBeforeIt() {
        func check(_ stream: MarketDataStream) {
            var merger = MarketDataMerger([stream])
            var chunk = MarketDataChunk()
            var seen: [Int64] = []
            do {
                while try merger.nextChunk(into: &chunk) { seen += Self.tags(Self.values(of: chunk)) }
                Issue.record("expected an error from \(stream.name)")
            } catch {
                #expect(error.reason == "corrupt record 3")
            }
            #expect(seen == [1, 2], "\(stream.name)")
        }
        var n = 0
        check(MarketDataStream(name: "gen") { () throws(MarketDataStreamError) -> MarketData? in
            n += 1
            if n == 3 { throw MarketDataStreamError(stream: "gen", reason: "corrupt record 3") }
            return M.quote(UInt64(n), Int64(n))
        })
        check(MarketDataStream(name: "fill") { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
            chunk.append(M.quote(1, 1))
            chunk.append(M.quote(2, 2))
            throw MarketDataStreamError(stream: "fill", reason: "corrupt record 3")
        })
        check(MarketDataStream(name: "ahead") { () throws(MarketDataStreamError) -> MarketDataSource in
            var k = 0
            return { () throws(MarketDataStreamError) -> MarketData? in
                k += 1
                if k == 3 { throw MarketDataStreamError(stream: "ahead", reason: "corrupt record 3") }
                return M.quote(UInt64(k), Int64(k))
            }
        })
    }
}
