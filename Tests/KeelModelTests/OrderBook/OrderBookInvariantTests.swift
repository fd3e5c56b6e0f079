import KeelCore
import Testing

@testable import KeelModel

@Suite struct OrderBookInvariantTests {
    @Test func checkInvariantsTrapsOnACorruptLevelSize() async {
        await #expect(processExitsWith: .failure) {
            var book = BookFixture.book(
                .l3MBO,
                [BookFixture.delta(.add, .buy, "1.00", 2, id: 1), BookFixture.delta(.add, .buy, "1.00", 3, id: 2)])
            book.bids.levels[0].size += 1
            book.checkInvariants()
        }
    }

    @Test func checkInvariantsTrapsOnUnsortedLevels() async {
        await #expect(processExitsWith: .failure) {
            var book = BookFixture.book(
                .l2MBP, [BookFixture.delta(.add, .sell, "1.00", 2), BookFixture.delta(.add, .sell, "1.25", 3)])
            book.asks.levels.swapAt(0, 1)
            book.checkInvariants()
        }
    }

    @Test func checkInvariantsTrapsOnAStaleOrderIndex() async {
        await #expect(processExitsWith: .failure) {
            var book = BookFixture.book(.l3MBO, [BookFixture.delta(.add, .buy, "1.00", 2, id: 1)])
            book.orderIndex[7] = 0
            book.checkInvariants()
        }
    }
}
