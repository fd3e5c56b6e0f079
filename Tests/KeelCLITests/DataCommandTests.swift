import Foundation
import KeelTestKit
import Testing

/// `keel data book` replays the ES MBO day of scenario S3 into an L3 book: the reference's final book
/// (../shared/reference/nautilus/RESULTS.md, S3).
@Suite struct DataCommandTests {
    static let mbo = "data/databento/esh4-glbx-mdp3-20231225.mbo.dbn.zst"

    func keel(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let keel = try #require(EventLogTests.keelExecutable(), "the keel executable is built by `swift build --build-tests`")
        let process = Process()
        process.executableURL = keel
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test(.enabled(if: SharedData.exists(Self.mbo) || SharedData.isCI, "the ES MBO file is not on this machine"))
    func bookReplayPrintsTheReferenceFinalBook() throws {
        let (status, output) = try keel(["data", "book", SharedData.path(Self.mbo), "--depth", "5"])
        #expect(status == 0)
        let lines = output.split(separator: "\n").map { $0.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ") }
        #expect(lines.contains("best bid: 4810.00 best ask: 4810.25"))
        #expect(lines.contains("bids: 922 levels, asks: 565 levels, orders: 11217"))
        #expect(lines.contains("records: 68792, deltas: 65819, rejected: 7, update count: 65812, last sequence: 59585"))
        let levels = lines.filter { $0.hasPrefix("bid ") || $0.hasPrefix("ask ") }
        #expect(levels == [
            "ask 4811.25 65 36", "ask 4811.00 60 29", "ask 4810.75 41 24", "ask 4810.50 40 27", "ask 4810.25 28 18",
            "bid 4810.00 22 22", "bid 4809.75 47 22", "bid 4809.50 50 23", "bid 4809.25 60 30", "bid 4809.00 85 33",
        ])
    }

    @Test(.enabled(if: SharedData.exists(Self.mbo) || SharedData.isCI, "the ES MBO file is not on this machine"))
    func timingReplaysCheckTheBookAndPrintRates() throws {
        let (status, output) = try keel(["data", "book", SharedData.path(Self.mbo), "--timing", "--repeats", "1"])
        #expect(status == 0, "\(output)")
        let rates = output.split(separator: "\n").filter { $0.hasPrefix("replay, ") }
        #expect(rates.count == 2)
        #expect(rates.allSatisfy { $0.contains(" records/s (median of 1: ") })
    }

    @Test func badFilesGiveOneClearError() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keel-not-dbn-\(getpid()).dbn").path
        try Data("this is not a DBN file".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (status, output) = try keel(["data", "book", path])
        #expect(status != 0)
        #expect(output.contains(path) || output.contains("keel-not-dbn"))
        #expect(!output.contains("Fatal error"))
    }
}
