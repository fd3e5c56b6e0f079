import KeelCore
import KeelTestKit
import Testing

@testable import KeelModel

/// A side's level storage behaves as an array under any mix of inserts and removals at any position, and a
/// ladder's hinted search finds the same index as a linear scan from any hint.
@Suite struct LevelStoreTests {
    private static func record(_ key: Int64) -> LevelRecord {
        LevelRecord(key: key, size: key &* 3, count: 1, head: -1, tail: -1)
    }

    @Test func randomInsertsAndRemovalsMatchAnArray() {
        var generator = TestSeed.generator(salt: 0x1E)
        var store = LevelStore()
        var reference: [LevelRecord] = []
        for step in 0..<20_000 {
            // Inserts slightly outnumber removals, so the store grows through several capacities.
            if reference.isEmpty || generator.next() % 5 < 3 {
                let i = Int(generator.next() % UInt64(reference.count + 1))
                let r = Self.record(Int64(step))
                store.insert(r, at: i)
                reference.insert(r, at: i)
            } else {
                let i = Int(generator.next() % UInt64(reference.count))
                store.remove(at: i)
                reference.remove(at: i)
            }
            if step % 101 == 0 {
                #expect(Array(store) == reference, "step \(step), seed \(TestSeed.value)")
                #expect(store.last == reference.last, "step \(step), seed \(TestSeed.value)")
            }
        }
        #expect(Array(store) == reference)
        #expect(store.withUnsafeLevels { Array($0) } == reference)
        store.removeAll(keepingCapacity: true)
        #expect(store.isEmpty && store.last == nil)
        store.append(Self.record(1))
        store.append(Self.record(2))
        store.insert(Self.record(0), at: 0)
        #expect(Array(store) == [Self.record(0), Self.record(1), Self.record(2)])
    }

    @Test func mutatingALevelInPlace() {
        var store = LevelStore()
        for k in 0..<40 { store.append(Self.record(Int64(k))) }
        store[17].size = -5
        #expect(store[17].size == -5 && store[16].size == 48 && store.count == 40)
        var copy = store
        copy[0].size = 1
        #expect(store[0].size == 0 && copy != store)
    }

    @Test func hintedSearchMatchesALinearScanFromEveryHint() {
        var ladder = BookLadder(isBid: true)
        for k in stride(from: Int64(10), through: 400, by: 10) { ladder.levels.append(Self.record(k)) }
        let keys = Array(ladder.levels.map(\.key))
        for key in Int64(0)...410 {
            let expected = keys.firstIndex { $0 >= key } ?? keys.count
            for hint in Int32(-1)...Int32(keys.count + 1) {
                #expect(ladder.lowerBound(key, depthHint: hint) == expected, "key \(key), hint \(hint)")
            }
        }
        #expect(BookLadder(isBid: false).lowerBound(5, depthHint: 3) == 0)
    }
}
