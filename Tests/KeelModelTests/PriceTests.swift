import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct PriceTests {
    @Test func parsesTextWithItsPrecision() throws {
        let p = try Price("1.23450")
        #expect(p.raw == 1_234_500_000)
        #expect(p.precision == 5)
        #expect(p.description == "1.23450")
        #expect(try Price("-0.5").raw == -500_000_000)
        #expect(try Price("4810.25").precision == 2)
    }

    @Test func parsesAndRoundsToAPrecision() throws {
        #expect(try Price("1.234565", precision: 5) == Price(raw: 1_234_570_000, precision: 5))
        #expect(try Price("1.234564999", precision: 5) == Price(raw: 1_234_560_000, precision: 5))
    }

    @Test(arguments: ["", "1.2.3", "nan", "inf", "1.0000000001", "9300000000", "abc"])
    func rejectsBadText(text: String) {
        #expect(throws: ParseError.self) { try Price(text) }
    }

    @Test func errorNamesTheText() {
        #expect(throws: ParseError(kind: "Price", text: "1.2.3", reason: "not a decimal number (a second decimal point)")) {
            try Price("1.2.3")
        }
    }

    @Test func doubleConstructionRejectsNonFinite() throws {
        #expect(throws: ValidationError.self) { try Price(Double.nan, precision: 2) }
        #expect(throws: ValidationError.self) { try Price(Double.infinity, precision: 2) }
        #expect(throws: ValidationError.self) { try Price(1e12, precision: 2) }
        #expect(try Price(1.005, precision: 2).precision == 2)
        #expect(try Price(0.1, precision: 1) == Price("0.1"))
    }

    @Test func arithmetic() throws {
        let a = try Price("1.00010")
        let b = try Price("0.00005")
        #expect(a + b == (try Price("1.00015")))
        #expect(a - b == (try Price("1.00005")))
        #expect(-b == (try Price("-0.00005")))
        #expect(b * 3 == (try Price("0.00015")))
        #expect((try Price("1.00")).divided(by: 3) == (try Price("0.33")))
        #expect((try Price("2.00")).divided(by: 3) == (try Price("0.67")))
        #expect((try Price("-2.00")).divided(by: 3) == (try Price("-0.67")))
        #expect(a.tick == (try Price("0.00001")))
    }

    @Test func midpointIsExactAtOneMoreDecimal() throws {
        let mid = Price.midpoint(try Price("1.12345"), try Price("1.12346"))
        #expect(mid == (try Price("1.123455")))
        #expect(mid.precision == 6)
    }

    @Test func midpointAgreesWithAWideReferenceAtEveryPrecisionSignAndNearOverflow() throws {
        // The reference: the exact half in Int128, rounded half away from zero onto precision P + 1.
        func reference(_ a: Price, _ b: Price) -> Price {
            let p = min(a.precision + 1, 9)
            let twice = Int128(a.raw) + Int128(b.raw)
            let step = Int128(FixedPoint.rawStep(precision: p))
            let q = twice / (2 * step), r = twice % (2 * step)
            let rounded = abs(r) * 2 >= 2 * step ? q + (twice > 0 ? 1 : -1) : q
            return Price(raw: Int64(rounded * step), precision: p)
        }
        var rng = SeededGenerator(seed: 7)
        for precision in 0...9 as ClosedRange<UInt8> {
            let step = FixedPoint.rawStep(precision: precision)
            let bound = Int64.max / step - 1
            for _ in 0..<500 {
                let a = Price(raw: Int64.random(in: -bound...bound, using: &rng) * step, precision: precision)
                let b = Price(raw: Int64.random(in: -bound...bound, using: &rng) * step, precision: precision)
                #expect(Price.midpoint(a, b) == reference(a, b), "\(a) \(b)")
            }
        }
        let top = Price(raw: Price.maxRaw, precision: 9)
        #expect(Price.midpoint(top, top) == top)
        #expect(Price.midpoint(Price(raw: 3, precision: 9), Price(raw: 4, precision: 9)) == Price(raw: 4, precision: 9))
        #expect(Price.midpoint(Price(raw: -3, precision: 9), Price(raw: -4, precision: 9)) == Price(raw: -4, precision: 9))
    }

    @Test func comparisonIsByValueAcrossPrecisions() throws {
        #expect(try Price("1.5") < Price("1.51"))
        #expect(try Price("1.50") > Price("1.4"))
    }

    @Test func roundingToPrecision() throws {
        let p = try Price("1.234565")
        #expect(p.rounded(toPrecision: 5) == (try Price("1.23457")))
        #expect(p.rounded(toPrecision: 5, rule: .toNearestOrEven) == (try Price("1.23456")))
        #expect(p.rounded(toPrecision: 2, rule: .down) == (try Price("1.23")))
        #expect(p.rounded(toPrecision: 2, rule: .up) == (try Price("1.24")))
    }

    @Test func additiveInverseProperty() {
        var rng = TestSeed.generator(salt: 10)
        for _ in 0..<20_000 {
            let precision = UInt8(rng.nextInt(below: 10))
            let step = FixedPoint.rawStep(precision: precision)
            let a = Price(raw: Int64(bitPattern: rng.next()) / 4 / step * step, precision: precision)
            let b = Price(raw: Int64(bitPattern: rng.next()) / 4 / step * step, precision: precision)
            #expect((a + b) - b == a, "seed \(TestSeed.value)")
            #expect(a + b == b + a)
            // Parse/format round trip.
            #expect((try? Price(a.description)) == a)
        }
    }

    @Test func orderIsTransitiveAndTotal() {
        var rng = TestSeed.generator(salt: 11)
        let values = (0..<200).map { _ in Price(raw: Int64(bitPattern: rng.next()) / 2 / 1_000_000_000 * 1_000_000_000, precision: 0) }
        let sorted = values.sorted()
        for i in 1..<sorted.count { #expect(sorted[i - 1] <= sorted[i]) }
    }

    @Test func mismatchedPrecisionAdditionTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Price(raw: 1_000_000_000, precision: 2) + Price(raw: 1_000_000_000, precision: 3)
        }
    }

    @Test func overflowTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Price(raw: Int64.max - 1, precision: 9) + Price(raw: 2, precision: 9)
        }
    }

    @Test func rawOffTheGridTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Price(raw: 1, precision: 2)
        }
    }

    @Test func precisionAboveNineTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Price(raw: 0, precision: 10)
        }
    }
}

@Suite struct QuantityTests {
    @Test func parses() throws {
        let q = try Quantity("1000")
        #expect(q.raw == 1_000 * 1_000_000_000)
        #expect(q.precision == 0)
        #expect(try Quantity("0.500").description == "0.500")
        #expect(throws: ParseError.self) { try Quantity("-1") }
        #expect(throws: ValidationError.self) { try Quantity(-1.0, precision: 0) }
        #expect(throws: ValidationError.self) { try Quantity(.nan, precision: 0) }
    }

    @Test func arithmetic() throws {
        let a = try Quantity("1.5")
        let b = try Quantity("0.5")
        #expect(a + b == (try Quantity("2.0")))
        #expect(a - b == (try Quantity("1.0")))
        #expect(b.saturatingSubtract(a).isZero)
        #expect(Quantity(units: 3) == (try Quantity("3")))
    }

    @Test func negativeResultTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Quantity(units: 1) - Quantity(units: 2)
        }
    }

    @Test func negativeRawTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = Quantity(raw: -1_000_000_000, precision: 0)
        }
    }
}
