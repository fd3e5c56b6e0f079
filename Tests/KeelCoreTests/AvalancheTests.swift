import KeelCore
import Testing

/// `avalanche(_:)` is MurmurHash3's `fmix64`.
@Suite struct AvalancheTests {
    @Test(arguments: [
        (UInt64(0), UInt64(0)), (1, 0xB456_BCFC_34C2_CB2C), (0xDEAD_BEEF, 0xD24B_D59F_862A_1DAC),
        (.max, 0x64B5_720B_4B82_5F21),
    ])
    func matchesTheReferenceFinaliser(input: UInt64, expected: UInt64) {
        #expect(avalanche(input) == expected)
    }

    @Test func neighbouringInputsDifferInAboutHalfTheBits() {
        // Every input bit reaches the low bits a hash table uses: flipping one input bit flips ~32 output bits.
        var total = 0
        for bit in 0..<64 { total += (avalanche(0x1234_5678) ^ avalanche(0x1234_5678 ^ (1 << bit))).nonzeroBitCount }
        #expect((24 * 64...40 * 64).contains(total))
    }
}
