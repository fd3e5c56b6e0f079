import Foundation
import KeelCLI
import Testing

/// A sweep runs its grid on worker threads; every run gives the digest it gives alone.
@Suite struct SweepTests {
    static let s1Path = EventLogTests.s1
    /// S1 over its first two days, so that a grid of debug-built runs stays short.
    static var s1Text: String {
        "end = \"2012-02-03T00:00:00Z\"\n" + (try! String(contentsOfFile: s1Path, encoding: .utf8))
    }

    @Test func theGridVariesTheFirstAxisSlowest() throws {
        let axes = [try SweepAxis(parsing: "a=1,2"), try SweepAxis(parsing: "b=x, y,z")]
        #expect(Sweep.grid(axes) == [["1", "x"], ["1", "y"], ["1", "z"], ["2", "x"], ["2", "y"], ["2", "z"]])
        #expect(throws: ConfigError.self) { try SweepAxis(parsing: "novalues=") }
        #expect(throws: ConfigError.self) { try SweepAxis(parsing: "=1") }
    }

    @Test func parallelRunsGiveTheDigestsOfTheSameRunsAlone() throws {
        let axes = [try SweepAxis(parsing: "fast_ema_period=8,10"), try SweepAxis(parsing: "slow_ema_period=20,25")]
        let parallel = Sweep.run(configText: Self.s1Text, path: Self.s1Path, axes: axes, strategy: 0, workers: 2, registry: .examples)
        #expect(parallel.map(\.index) == [0, 1, 2, 3])
        var digests: [String] = []
        for run in parallel {
            let summary = try run.outcome.get()
            let alone = try Sweep.runOne(
                index: run.index, text: Self.s1Text, path: Self.s1Path, names: axes.map(\.name), values: run.parameters, strategy: 0,
                registry: .examples
            ).outcome.get()
            #expect(summary.digest == alone.digest)
            #expect(summary.fills == alone.fills && summary.orders == alone.orders)
            digests.append(summary.digest)
        }
        // Different parameters trade differently.
        #expect(Set(digests).count == 4)
    }

    @Test func aBadParameterFailsItsRunWithTheField() throws {
        let axes = [try SweepAxis(parsing: "fast_ema_period=30")]  // not below the slow period (20)
        let runs = Sweep.run(configText: Self.s1Text, path: Self.s1Path, axes: axes, strategy: 0, workers: 1, registry: .examples)
        guard case .failure(let error) = runs[0].outcome else {
            Issue.record("a fast period above the slow one was accepted")
            return
        }
        #expect(error.description.contains("fast_ema_period") || error.description.contains("slow"))
    }
}
