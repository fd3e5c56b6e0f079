import KeelCore
import KeelModel
import Testing

/// Identifiers hash their text themselves (`_rawHashValue(seed:)`, Identifier+Hashing.swift).
@Suite struct IdentifierHashingTests {
    @Test func inlineTextKeepsTheLayoutTheHashReads() {
        #expect(MemoryLayout<InlineText>.size == 64)
        let text = InlineText("ABC")
        let (first, last) = withUnsafeBytes(of: text) { raw in
            (raw.load(fromByteOffset: 0, as: UInt64.self), raw.load(fromByteOffset: 56, as: UInt64.self))
        }
        #expect(first == 0x43_42_41)
        #expect(last == 3 << 56)
    }

    @Test func equalIdentifiersHashEqually() {
        let a = ClientOrderId("O-20240102-000000-001-001-1")
        let b = ClientOrderId(String("O-20240102-000000-001-001-1"))
        #expect(a.hashValue == b.hashValue)
        #expect(a._rawHashValue(seed: 42) == b._rawHashValue(seed: 42))
        let joined = InstrumentId(symbol: Symbol("EUR/USD"), venue: Venue("SIM"))
        #expect(InstrumentId("EUR/USD.SIM").hashValue == joined.hashValue)
    }

    @Test func theSeedChangesTheHash() {
        let id = PositionId("EUR/USD.SIM-EMACross-001")
        #expect(id._rawHashValue(seed: 1) != id._rawHashValue(seed: 2))
    }

    @Test func generatedIdsSpreadOverTheLowBits() {
        // Order ids differ only in their last bytes; a table uses the low bits of the hash.
        let ids = (0..<10_000).map { ClientOrderId("O-20240102-000000-001-001-\($0)") }
        #expect(Set(ids.map(\.hashValue)).count == ids.count)
        let buckets = Set(ids.map { $0.hashValue & 1_023 })
        #expect(buckets.count > 1_000)
        var table: [ClientOrderId: Int] = [:]
        for (index, id) in ids.enumerated() { table[id] = index }
        #expect(ids.enumerated().allSatisfy { table[$0.element] == $0.offset })
    }

    @Test func everyByteOfALongIdentifierCounts() {
        let stem = String(repeating: "X", count: 60)
        let ids = ["A", "B", "C"].map { Symbol(stem + "-" + $0) }  // 62 bytes: the difference is in the last word
        #expect(Set(ids.map(\.hashValue)).count == 3)
        let short = ["A", "B"].map { Venue(String(repeating: "Y", count: 15) + $0) }  // the 16th byte, second word
        #expect(short[0].hashValue != short[1].hashValue)
    }
}
