import Foundation
import KeelTestKit
import Testing

/// `keel backtest Examples/S3.toml`: the DBN file streamed into the L3 venue, the reference's fill, and the
/// strategy's counters printed under the summary.
@Suite struct KeelCommandLineTests {
    static let fills = "reference/nautilus/out/s3_l3_20231225_quote_fills.csv"

    @Test(.enabled(if: (SharedData.exists(S3Config.data) && SharedData.exists(Self.fills)) || SharedData.isCI, "the S3 data is not here"))
    func s3BacktestPrintsTheReferenceResultAndTheStrategyCounters() throws {
        let fillsPath = FileManager.default.temporaryDirectory.appendingPathComponent("keel-s3-fills-\(getpid()).csv").path
        defer { try? FileManager.default.removeItem(atPath: fillsPath) }
        let (status, output) = try DataCommandTests().keel([
            "backtest", BacktestConfigTests.examples + "/S3.toml", "--no-progress", "--fills", fillsPath,
        ])
        #expect(status == 0, "\(output)")
        let lines = Set(output.split(separator: "\n").map(String.init))
        for line in [
            "data: 65,819 values, 2023-12-25T00:00:00.000000000Z … 2023-12-25T23:59:59.446821072Z",
            "orders: 2", "fills: 1", "positions: 1", "balance GLBX-001: 1,000,000.00 USD",
            "BookReader-000 updates: 65819", "BookReader-000 two-sided: 60627", "BookReader-000 crossed: 956",
            "BookReader-000 locked: 636", "BookReader-000 best bid changes: 1090", "BookReader-000 best ask changes: 940",
        ] {
            #expect(lines.contains(line), "missing '\(line)'")
        }
        let ours = try String(contentsOfFile: fillsPath, encoding: .utf8).split(whereSeparator: \.isNewline)
        let theirs = try String(contentsOfFile: SharedData.path(Self.fills), encoding: .utf8).split(whereSeparator: \.isNewline)
        #expect(ours == theirs)
    }

    /// With the cache purging closed orders, a fills CSV would miss them: the command refuses, naming why.
    @Test func fillsAndReportsAreRefusedWhenTheCachePurges() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("keel-purge-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let s1 = try String(contentsOfFile: BacktestConfigTests.examples + "/S1.toml", encoding: .utf8)
            .replacingOccurrences(of: "path = \"data/", with: "path = \"\(BacktestConfigTests.examples)/data/")
            .replacingOccurrences(of: "[risk]", with: "[execution]\npurge_closed_orders_interval_mins = 60\n\n[risk]")
        let config = folder.appendingPathComponent("S1-purging.toml").path
        try s1.write(toFile: config, atomically: true, encoding: .utf8)
        let fills = folder.appendingPathComponent("fills.csv").path
        let (status, output) = try DataCommandTests().keel(["backtest", config, "--no-progress", "--fills", fills])
        #expect(status == 2)
        #expect(output.contains("error: execution: fills and reports are built from the cache"), "\(output)")
        #expect(!FileManager.default.fileExists(atPath: fills))
    }
}
