import KeelCore
import KeelModel
import Testing

@Suite struct IdentifierTests {
    @Test func instrumentIdSplitsAtTheLastDot() throws {
        let id = try InstrumentId(validating: "GBP/USD.SIM")
        #expect(id.symbol == Symbol("GBP/USD"))
        #expect(id.venue == Venue("SIM"))
        #expect(InstrumentId(symbol: Symbol("BRK.B"), venue: Venue("XNYS")).description == "BRK.B.XNYS")
        #expect(try InstrumentId(validating: "BRK.B.XNYS").symbol == Symbol("BRK.B"))
    }

    @Test(arguments: ["GBPUSD", ".SIM", "GBP/USD.", "", "A .B", String(repeating: "X", count: 60) + ".SIM"])
    func instrumentIdParseErrorsNameTheText(text: String) {
        do {
            _ = try InstrumentId(validating: text)
            Issue.record("expected an error for \(text)")
        } catch {
            #expect(error.text == text || error.description.contains(text))
        }
    }

    @Test func hyphenatedIdentifiers() throws {
        #expect(try TraderId(validating: "TRADER-001").value == "TRADER-001")
        #expect(throws: ParseError.self) { try TraderId(validating: "TRADER") }
        #expect(throws: ParseError.self) { try AccountId(validating: "SIM-") }
        #expect(try AccountId(validating: "SIM-001").issuer == "SIM")
        #expect(StrategyId.external.isExternal)
        #expect(throws: ParseError.self) { try StrategyId(validating: "EMACross") }
    }

    @Test func identifiersOrderLikeTheirText() {
        let ids = ["O-2", "O-10", "O-1", "A"].map { ClientOrderId($0) }
        #expect(ids.sorted().map(\.value) == ["A", "O-1", "O-10", "O-2"])
        var set = Set(ids)
        set.insert(ClientOrderId("O-2"))
        #expect(set.count == 4)
    }

    @Test func invalidTrustedIdentifierTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = TraderId("NOHYPHEN")
        }
    }
}
