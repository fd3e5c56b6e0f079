import KeelCore
import KeelTestKit
import Testing

@Suite struct InlineTextTests {
    @Test func storesAndReturnsText() throws {
        let t = try InlineText(validating: "GBP/USD.SIM", kind: "test")
        #expect(t.string == "GBP/USD.SIM")
        #expect(t.count == 11)
        let long = String(repeating: "x", count: 63)
        #expect(try InlineText(validating: long, kind: "test").string == long)
    }

    @Test(arguments: ["", " A", "A ", String(repeating: "x", count: 64), "é", "a\tb"])
    func rejects(text: String) {
        #expect(throws: ParseError.self) { try InlineText(validating: text, kind: "test") }
    }

    @Test func orderIsBytewiseLikeString() throws {
        var rng = TestSeed.generator(salt: 3)
        let alphabet = Array("AB-./09az".utf8)
        var samples: [String] = []
        for _ in 0..<300 {
            let n = 1 + Int(rng.nextInt(below: 20))
            samples.append(String(decoding: (0..<n).map { _ in alphabet[Int(rng.nextInt(below: UInt64(alphabet.count)))] }, as: UTF8.self))
        }
        for a in samples.prefix(60) {
            for b in samples {
                let ta = InlineText(a)
                let tb = InlineText(b)
                #expect((ta < tb) == (Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))), "\(a) vs \(b)")
                #expect((ta == tb) == (a == b))
                if a == b { #expect(ta.hashValue == tb.hashValue) }
            }
        }
    }

    @Test func sliceAndJoin() {
        let t = InlineText("ESH4.GLBX")
        #expect(t.slice(0..<4).string == "ESH4")
        #expect(InlineText.joined(InlineText("A"), UInt8(ascii: "."), InlineText("B"))?.string == "A.B")
        #expect(InlineText.joined(InlineText(String(repeating: "a", count: 40)), 46, InlineText(String(repeating: "b", count: 30))) == nil)
    }

    @Test func invalidTrustedTextTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = InlineText("")
        }
    }
}
