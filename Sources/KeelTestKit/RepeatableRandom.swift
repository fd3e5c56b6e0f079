public import KeelCore

/// Seeds for property tests: a fixed default, overridable with `KEEL_TEST_SEED` to reproduce a failure.
///
/// Every property test reports the seed it ran with in its failure messages.
public enum TestSeed {
    /// The seed for this run.
    public static var value: UInt64 {
        if let text = getenvString("KEEL_TEST_SEED"), let seed = UInt64(text) { return seed }
        return 0x5EED_0F_4EE1
    }

    /// A generator seeded with `value` mixed with `salt`, so tests in one run do not share a stream.
    public static func generator(salt: UInt64 = 0) -> SeededGenerator {
        SeededGenerator(seed: value ^ (salt &* 0x9E37_79B9_7F4A_7C15))
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

func getenvString(_ name: String) -> String? {
    guard let p = getenv(name) else { return nil }
    return String(cString: p)
}
