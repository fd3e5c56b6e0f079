// Identifier hashing for `Dictionary`, `Set` and `OrderedDictionary`.
//
// Design decisions:
// - The standard tables hash a key through `_rawHashValue(seed:)`, whose default builds a `Hasher`, feeds it
//   through `hash(into:)` and finalises it (SipHash-1-3): ~250 instructions for a 64-byte identifier, of which
//   the finalisation alone is ~75. On the order path every event looks its order, instrument, account and
//   position up by identifier (S1: ~0.9 M identifier hashes, ~11% of the kernel thread's instructions).
// - So identifiers answer `_rawHashValue(seed:)` themselves: the words that hold text are folded with the
//   table's seed (multiply and xor, one step per 8 bytes, as `InlineText.hash(into:)` folds them) and the
//   result is finished with a 64-bit avalanche (MurmurHash3's `fmix64`) so the low bits the table uses depend
//   on every byte: ~25 instructions. The seed is still the table's per-process seed, so iteration order still
//   changes from process to process (nothing may depend on it; ARCHITECTURE.md, "Threading and determinism").
// - `hash(into:)` is unchanged: identifiers inside composite keys still feed a `Hasher`. Equal identifiers
//   have equal raw hashes, which is all a hash table needs.
// - The words are read from the identifier's `InlineText` by its documented layout (`@frozen`, 64 bytes: the
//   text zero padded, the length in the last byte), which the tests check.

public import KeelCore

@usableFromInline let identifierHashMultiplier: UInt64 = 0x9E37_79B9_7F4A_7C15

/// The raw hash of `text` under `seed`: the text's words folded with the seed, then avalanched.
@inlinable
func identifierRawHash(_ text: InlineText, seed: Int) -> Int {
    withUnsafeBytes(of: text) { raw in
        let last = raw.load(fromByteOffset: 56, as: UInt64.self)  // bytes 56..<63 and the length
        let count = Int(truncatingIfNeeded: last >> 56)
        var h = (UInt64(truncatingIfNeeded: seed) ^ last) &* identifierHashMultiplier
        h = (h ^ raw.load(fromByteOffset: 0, as: UInt64.self)) &* identifierHashMultiplier
        var offset = 8
        while offset < count && offset < 56 {  // words past the text are zero: skip them
            h = (h ^ raw.load(fromByteOffset: offset, as: UInt64.self)) &* identifierHashMultiplier
            offset &+= 8
        }
        return Int(truncatingIfNeeded: avalanche(h))
    }
}

extension Identifier {
    /// The hash tables' entry point for hashing (see the file header): a seeded fold of the text, without a
    /// `Hasher`.
    @inlinable
    public func _rawHashValue(seed: Int) -> Int { identifierRawHash(text, seed: seed) }

    // Equality and `hash(into:)` are spelled out `@inlinable` rather than synthesized: the synthesized ones
    // were inlined into other modules' hash-table probes or not depending on unrelated code (outlined, the
    // cache's order look-up cost ~20% more).

    /// Two identifiers are equal when their texts are.
    @inlinable
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.text == rhs.text }

    /// Feeds the text to `hasher`.
    @inlinable
    public func hash(into hasher: inout Hasher) { text.hash(into: &hasher) }
}

extension InstrumentId {
    /// The hash tables' entry point for hashing, as for the other identifiers.
    @inlinable
    public func _rawHashValue(seed: Int) -> Int { identifierRawHash(text, seed: seed) }
}
