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
///
/// The words are read as a value (`unsafeBitCast` of the 64-byte `@frozen` text to its eight words), not through
/// `withUnsafeBytes(of:)`: that closure was not inlined into the tables' probes (~40 instructions a call, S1: ~0.4 M
/// calls). The fold is the same: the last word (with the length), the first, then each later word while the text
/// reaches into it, up to the seventh.
@inlinable
func identifierRawHash(_ text: InlineText, seed: Int) -> Int {
    let w = unsafeBitCast(text, to: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64).self)
    let count = w.7 >> 56
    let k = identifierHashMultiplier
    var h = (UInt64(truncatingIfNeeded: seed) ^ w.7) &* k
    h = (h ^ w.0) &* k
    if count > 8 {
        h = (h ^ w.1) &* k
        if count > 16 {
            h = (h ^ w.2) &* k
            if count > 24 {
                h = (h ^ w.3) &* k
                if count > 32 {
                    h = (h ^ w.4) &* k
                    if count > 40 {
                        h = (h ^ w.5) &* k
                        if count > 48 { h = (h ^ w.6) &* k }
                    }
                }
            }
        }
    }
    return Int(truncatingIfNeeded: avalanche(h))
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
