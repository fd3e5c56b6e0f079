// Scenario S2 against NautilusTrader 1.221.0: every fill equals the reference's, in order
// (../shared/reference/nautilus/out/s2_quotes_strategy_fills.csv), and the totals are the reference's;
// the replay without a strategy trades nothing.

import Foundation
import KeelBacktest
import KeelCore
import KeelExamples
import KeelModel
import KeelSystem
import KeelTestKit
import Testing

@Suite struct S2ParityTests {
    @Test(.enabled(if: S2Files.available, "the S2 data is not on this machine"))
    func fillsEqualTheReference() throws {
        let engine = try Scenarios.s2(sourcePath: SharedData.path(S2Files.source))
        let result = try engine.run()
        let fills = FillsReport.fills(in: engine.kernel.cache)
        let ours = FillsReport.csv(fills).split(separator: "\n").map(String.init)
        // The reference was written by Python's csv module: CRLF line endings.
        let reference = try String(contentsOfFile: SharedData.path(S2Files.reference), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        #expect(result.iterations == 2_004_500)
        #expect(ours.first == reference.first, "the reference's columns")
        // The first difference, if any, with its line number, so a failure says where parity breaks.
        let firstDifference = zip(ours, reference).enumerated().first { $0.element.0 != $0.element.1 }
        if let (line, (mine, theirs)) = firstDifference {
            Issue.record("line \(line + 1) differs:\n keel: \(mine)\n  ref: \(theirs)")
        }
        #expect(ours.count == reference.count, "fills: \(ours.count - 1) vs \(reference.count - 1)")
        #expect(result.orders == 2_532)
        #expect(result.fills == 2_532)
        #expect(result.positions == 1_266)
        #expect(result.balances.map(\.1) == [try Money("521691.93", .usd)])
    }

    @Test(.enabled(if: S2Files.available, "the S2 data is not on this machine"))
    func replayTradesNothing() throws {
        let engine = try Scenarios.s2(sourcePath: SharedData.path(S2Files.source), variant: .replay)
        let result = try engine.run()
        #expect(result.iterations == 2_004_500)
        #expect(result.orders == 0 && result.fills == 0 && result.positions == 0)
        #expect(result.balances.map(\.1) == [try Money("1000000.00", .usd)])
    }
}
