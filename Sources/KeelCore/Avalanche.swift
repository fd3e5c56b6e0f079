// Avalanche: the final mixing step of Keel's own hash-table hashes.
//
// Design decisions:
// - Identifiers and the cache's order keys answer the standard tables' `_rawHashValue(seed:)` themselves,
//   without a `Hasher` (see Identifier+Hashing.swift in KeelModel). Their inputs (folded text words, an object
//   address) have structure in the low bits, which the tables use for buckets, so each hash ends with a 64-bit
//   avalanche: MurmurHash3's `fmix64`, where every input bit reaches every output bit. One copy here, for all.

/// MurmurHash3's 64-bit finaliser: mixes `x` so that every bit of it affects every bit of the result.
///
/// Not a hash on its own: callers fold their input and the table's seed first.
@inlinable
public func avalanche(_ x: UInt64) -> UInt64 {
    var h = x
    h ^= h >> 33
    h &*= 0xFF51_AFD7_ED55_8CCD
    h ^= h >> 33
    h &*= 0xC4CE_B9FE_1A85_EC53
    h ^= h >> 33
    return h
}
