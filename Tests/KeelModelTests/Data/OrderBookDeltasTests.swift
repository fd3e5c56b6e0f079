import KeelCore
import KeelModel
import Testing

/// The single-delta batch a replay of single deltas wraps each delta in.
@Suite struct OrderBookDeltasTests {
    typealias F = BookFixture

    @Test func aSingleDeltaBatchIsForItsDeltasInstrument() {
        let d = F.delta(.add, .buy, "1.00", 1, id: 1, sequence: 7, ts: 10)
        let batch = OrderBookDeltas(single: [d])
        #expect(batch.instrumentId == d.instrumentId)
        #expect(batch.deltas == [d])
        #expect(batch.sequence == 7 && batch.tsEvent == d.tsEvent)
    }

    @Test func aSingleDeltaBatchOfNoDeltaTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = OrderBookDeltas(single: [])
        }
    }

    @Test func aSingleDeltaBatchOfTwoDeltasTraps() async {
        await #expect(processExitsWith: .failure) {
            let d = BookFixture.delta(.add, .buy, "1.00", 1, id: 1)
            _ = OrderBookDeltas(single: [d, d])
        }
    }
}
