import Foundation
import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Synchronization
import Testing

/// A source run on a thread of its own gives the same values, in order, with errors where they occurred.
@Suite struct ReadAheadTests {
    struct Stop: Error, Equatable { let at: Int }

    @Test(arguments: [(1, 1), (3, 2), (1_024, 8)])
    func valuesArriveInOrderAcrossChunks(chunkSize: Int, depth: Int) throws {
        let values = ReadAhead<Int, Stop>(chunkSize: chunkSize, depth: depth) { () throws(Stop) -> () throws(Stop) -> Int? in
            var n = 0
            return { () throws(Stop) -> Int? in
                n += 1
                return n <= 5_000 ? n : nil
            }
        }
        var seen: [Int] = []
        while let v = try values.next() { seen.append(v) }
        #expect(seen == Array(1...5_000))
        #expect(try values.next() == nil, "the end stays the end")
    }

    @Test func anErrorComesAfterTheValuesBeforeIt() {
        let values = ReadAhead<Int, Stop>(chunkSize: 4, depth: 2) { () throws(Stop) -> () throws(Stop) -> Int? in
            var n = 0
            return { () throws(Stop) -> Int? in
                n += 1
                if n == 7 { throw Stop(at: n) }
                return n
            }
        }
        var seen: [Int] = []
        do {
            while let v = try values.next() { seen.append(v) }
            Issue.record("expected an error")
        } catch {
            #expect(error == Stop(at: 7))
        }
        #expect(seen == [1, 2, 3, 4, 5, 6])
    }

    @Test func aFactoryErrorIsTheFirstThingThrown() {
        let values = ReadAhead<Int, Stop> { () throws(Stop) -> () throws(Stop) -> Int? in throw Stop(at: 0) }
        #expect(throws: Stop(at: 0)) { try values.next() }
    }

    @Test func releasingItEarlyStopsTheProducer() throws {
        // An endless source, read a little and dropped: the producer must stop (the test would hang or
        // trap in libdispatch otherwise).
        for _ in 0..<20 {
            let values = ReadAhead<Int, Stop>(chunkSize: 16, depth: 2) { () throws(Stop) -> () throws(Stop) -> Int? in
                var n = 0
                return { () throws(Stop) -> Int? in
                    n += 1
                    return n
                }
            }
            #expect(try values.next() == 1)
            #expect(try values.next() == 2)
        }
    }

    @Test(arguments: [1, 2, 5, 8])
    func theProducerStaysAtMostDepthChunksAhead(depth: Int) throws {
        // The producer counts what it made; the consumer reads slowly. Whenever the consumer has taken k
        // values, at most `depth` whole chunks wait and one is being filled: made ≤ k + (depth + 1) × chunk.
        let chunkSize = 4
        let made = Atomic<Int>(0)
        let values = ReadAhead<Int, Stop>(chunkSize: chunkSize, depth: depth) { () throws(Stop) -> () throws(Stop) -> Int? in
            { () throws(Stop) -> Int? in
                let n = made.add(1, ordering: .relaxed).newValue
                return n <= 400 ? n : nil
            }
        }
        var taken = 0
        while let v = try values.next() {
            taken += 1
            #expect(v == taken)
            if taken % 37 == 0 { usleep(200) }  // let the producer run ahead as far as it may
            let ahead = made.load(ordering: .relaxed) - taken
            #expect(ahead <= (depth + 1) * chunkSize, "\(ahead) values made ahead of the reader")
        }
        #expect(taken == 400)
    }

    @Test func aPushingSourceGivesTheSameValuesAndItsError() {
        let values = ReadAhead<Int, Stop>(chunkSize: 7, depth: 2) { (emit) throws(Stop) in
            for n in 1...1_000 { guard emit(n) else { return } }
            throw Stop(at: 1_001)
        }
        var seen: [Int] = []
        do {
            while let v = try values.next() { seen.append(v) }
            Issue.record("expected an error")
        } catch {
            #expect(error == Stop(at: 1_001))
        }
        #expect(seen == Array(1...1_000))
    }

    @Test func aPushingSourceIsToldToStopWhenReleased() throws {
        for _ in 0..<20 {
            let values = ReadAhead<Int, Stop>(chunkSize: 16, depth: 2) { (emit) throws(Stop) in
                var n = 0
                while true {
                    n += 1
                    guard emit(n) else { return }
                }
            }
            #expect(try values.next() == 1)
        }
    }

    @Test func aReadingAheadStreamMergesLikeAnyOther() throws {
        let quotes = (1...3_000).map { MarketDataMergerTests.quote(UInt64($0), Int64($0)) }
        let stream = MarketDataStream(name: "ahead", chunkSize: 100, depth: 3) { () throws(MarketDataStreamError) -> MarketDataSource in
            var i = 0
            return { () throws(MarketDataStreamError) -> MarketData? in
                defer { i += 1 }
                return i < quotes.count ? quotes[i] : nil
            }
        }
        var merger = MarketDataMerger([stream, MarketDataStream(name: "memory", values: [MarketDataMergerTests.quote(2, -2)])])
        var tags: [Int64] = []
        while let v = try merger.next() { tags.append(MarketDataMergerTests.tags([v])[0]) }
        #expect(tags == [1, 2, -2] + Array(3...3_000).map(Int64.init))
    }
}
