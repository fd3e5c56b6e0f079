import KeelCore
import KeelTestKit
import Testing

@testable import KeelModel

/// The L3 book's order id index behaves as a dictionary under any mix of inserts, updates and removals.
@Suite struct OrderIdIndexTests {
    @Test func randomOperationsMatchADictionary() {
        var generator = TestSeed.generator(salt: 0x1D)
        var index = OrderIdIndex()
        var reference: [UInt64: Int32] = [:]
        // Few distinct keys (collisions, long probe runs, removal inside runs) and some large ones.
        for step in 0..<20_000 {
            let key = generator.next() % 4 == 0 ? generator.next() : generator.next() % 600
            switch generator.next() % 3 {
            case 0, 1:
                let value = Int32(truncatingIfNeeded: generator.next() % 1_000_000)
                index[key] = value
                reference[key] = value
            default:
                #expect(index.removeValue(forKey: key) == reference.removeValue(forKey: key), "step \(step), seed \(TestSeed.value)")
            }
            if step % 97 == 0 {
                #expect(index.count == reference.count, "step \(step), seed \(TestSeed.value)")
                for (k, v) in reference { #expect(index[k] == v, "key \(k) at step \(step), seed \(TestSeed.value)") }
            }
        }
        for (k, v) in reference { #expect(index[k] == v) }
        #expect(index.count == reference.count)
    }

    @Test func keyZeroAndRemoveAllKeepingCapacity() {
        var index = OrderIdIndex(capacity: 4)
        index[0] = 7
        index[UInt64.max] = 8
        #expect(index[0] == 7 && index[UInt64.max] == 8 && index.count == 2)
        index[0] = nil
        #expect(index[0] == nil && index.count == 1)
        for k in UInt64(1)...1_000 { index[k] = Int32(k) }
        #expect(index.count == 1_001)
        index.removeAll(keepingCapacity: true)
        #expect(index.isEmpty && index[5] == nil)
        index[5] = 1
        #expect(index[5] == 1)
    }

    @Test func findThenInsertOrRemoveAtTheBucket() {
        var generator = TestSeed.generator(salt: 0x1F)
        var index = OrderIdIndex()
        var reference: [UInt64: Int32] = [:]
        for step in 0..<5_000 {
            let key = generator.next() % 300
            let (bucket, found) = index.find(key)
            #expect(found == (reference[key] != nil), "step \(step), seed \(TestSeed.value)")
            if found {
                #expect(index.value(at: bucket) == reference[key])
                index.remove(at: bucket)
                reference[key] = nil
            } else {
                let value = Int32(step)
                index.insert(key, value, at: bucket)
                reference[key] = value
            }
        }
        #expect(index.count == reference.count)
        for (k, v) in reference { #expect(index[k] == v) }
    }
}
