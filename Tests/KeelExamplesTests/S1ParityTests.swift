// Scenario S1 against NautilusTrader 1.221.0: every fill equal to the reference's, in order
// (../shared/reference/nautilus/out/s1_bars_det_fills.csv), and the reference's totals.

import Foundation
import KeelBacktest
import KeelCore
import KeelExamples
import KeelModel
import KeelSystem
import KeelTestKit
import Testing

enum S1Files {
    static let bid = "data/fx/fxcm/gbpusd-m1-bid-2012.csv"
    static let ask = "data/fx/fxcm/gbpusd-m1-ask-2012.csv"
    static let reference = "reference/nautilus/out/s1_bars_det_fills.csv"
    static var available: Bool { (SharedData.exists(bid) && SharedData.exists(reference)) || SharedData.isCI }
}

@Suite struct S1ParityTests {
    @Test(.enabled(if: S1Files.available, "the S1 data is not on this machine"))
    func fillsEqualTheReference() throws {
        let engine = try Scenarios.s1(bidPath: SharedData.path(S1Files.bid), askPath: SharedData.path(S1Files.ask))
        let result = try engine.run()
        let fills = FillsReport.fills(in: engine.kernel.cache)
        let ours = FillsReport.csv(fills).split(separator: "\n").map(String.init)
        // The reference was written by Python's csv module: CRLF line endings.
        let reference = try String(contentsOfFile: SharedData.path(S1Files.reference), encoding: .utf8)
            .split(whereSeparator: \.isNewline).map(String.init)
        #expect(result.iterations == 60_234)
        #expect(ours.first == reference.first, "the reference's columns")
        // The first difference, if any, with its line number, so a failure says where parity breaks.
        let firstDifference = zip(ours, reference).enumerated().first { $0.element.0 != $0.element.1 }
        if let (line, (mine, theirs)) = firstDifference {
            Issue.record("line \(line + 1) differs:\n keel: \(mine)\n  ref: \(theirs)")
        }
        #expect(ours.count == reference.count, "fills: \(ours.count - 1) vs \(reference.count - 1)")
        // The command line writes the file row by row (FillsReport.write): the same text.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keel-s1-fills-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try FillsReport.write(engine.kernel.cache, to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == FillsReport.csv(fills))
        #expect(result.orders == 23_988)
        #expect(result.fills == 4_048)
        #expect(result.positions == 2_024)
        #expect(result.balances.map(\.1) == [try Money("100010.50", .usd)])
    }
}
