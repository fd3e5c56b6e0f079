// Sweep: one backtest configuration run over a grid of strategy parameters, the runs spread over worker
// threads in one process (`keel sweep`).
//
// Design decisions:
// - Kernels share no mutable state: each run parses the configuration text itself, builds its own
//   engine, data streams, strategies and event log on its worker thread, and hands back only values
//   (`SweepRun`). Nothing but the immutable inputs crosses threads.
// - Runs are taken from a shared counter, one at a time, so a slow run does not hold up a worker's
//   other runs; results are stored by run index, so the output order never depends on scheduling.
// - Determinism is checked, not assumed: `check` runs every combination again alone on the calling
//   thread and compares the event-log digests with the parallel runs'.

import ArgumentParser
import Foundation
import KeelBacktest
import KeelModel
import Logging
import Synchronization
import TOMLKit

/// One strategy parameter and the values to sweep it over.
public struct SweepAxis: Sendable, Hashable {
    /// The parameter's name in the strategy's `parameters` table.
    public var name: String
    /// The values, as TOML scalars: integers, floats, booleans or strings.
    public var values: [String]

    /// Parses `name=v1,v2,…`.
    ///
    /// - Throws: `ConfigError` if the text has no `=` or no values.
    public init(parsing text: String) throws(ConfigError) {
        guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
            throw ConfigError(field: "--set", "expected NAME=V1,V2,…, got '\(text)'")
        }
        name = String(text[..<eq])
        values = text[text.index(after: eq)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard !values.isEmpty, !values.contains(where: \.isEmpty) else {
            throw ConfigError(field: "--set", "'\(name)' needs at least one value (NAME=V1,V2,…)")
        }
    }
}

/// The outcome of one run of a sweep.
public struct SweepRun: Sendable {
    /// The run's index in the grid (the first axis varies slowest).
    public var index: Int
    /// The parameter values of the run, one per axis.
    public var parameters: [String]
    /// Its result, or the error that stopped it.
    public var outcome: Result<Summary, SweepError>

    /// What a finished run reports.
    public struct Summary: Sendable {
        public var orders: Int
        public var fills: Int
        public var positions: Int
        public var realizedPnl: String
        public var digest: String
        public var runSeconds: Double
    }
}

/// A run of a sweep failed.
public struct SweepError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The state the workers of one sweep share: the next run to take and the results by run index.
private final class SharedWork: Sendable {
    let next = Atomic<Int>(0)
    let results: Mutex<[SweepRun?]>
    init(count: Int) { results = Mutex(Array(repeating: nil, count: count)) }
}

/// Runs a configuration over a grid of parameter values.
public enum Sweep {
    /// Every combination of the axes' values, the first axis varying slowest.
    public static func grid(_ axes: [SweepAxis]) -> [[String]] {
        axes.reduce([[]]) { combos, axis in combos.flatMap { c in axis.values.map { c + [$0] } } }
    }

    /// Runs the grid on `workers` threads.
    ///
    /// - Parameters:
    ///   - text: the configuration's TOML text; `path` resolves its relative paths.
    ///   - strategy: the index of the `[[strategies]]` table whose parameters are swept.
    /// - Returns: one run per combination, in grid order.
    public static func run(
        configText text: String, path: String, axes: [SweepAxis], strategy: Int, workers: Int, registry: StrategyRegistry
    ) -> [SweepRun] {
        let combos = grid(axes)
        let names = axes.map(\.name)
        let shared = SharedWork(count: combos.count)
        let work: @Sendable () -> Void = {
            while true {
                let i = shared.next.add(1, ordering: .relaxed).oldValue
                guard i < combos.count else { return }
                let run = runOne(index: i, text: text, path: path, names: names, values: combos[i], strategy: strategy, registry: registry)
                shared.results.withLock { $0[i] = run }
            }
        }
        let done = DispatchGroup()
        for _ in 0..<max(1, min(workers, combos.count)) {
            done.enter()
            let thread = Thread {
                work()
                done.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        done.wait()
        return shared.results.withLock { $0.map { $0! } }
    }

    /// One run of the grid, built and run on the calling thread.
    public static func runOne(
        index: Int, text: String, path: String, names: [String], values: [String], strategy: Int, registry: StrategyRegistry
    ) -> SweepRun {
        do {
            let config = try BacktestConfig(parsing: text, path: path)
            guard config.strategies.indices.contains(strategy) else {
                throw ConfigError(field: "strategies", "the configuration has no strategy \(strategy) to sweep")
            }
            let parameters = config.strategies[strategy].parameters.table
            for (name, value) in zip(names, values) { parameters[name] = tomlValue(value) }
            let log = try EventLog()
            var logger = Logger(label: "keel.sweep")
            logger.logLevel = config.logLevel
            let engine = try config.makeEngine(registry: registry, eventLog: log, logger: logger)
            let result = try engine.run(start: config.start, end: config.end)
            let summary = SweepRun.Summary(
                orders: result.orders, fills: result.fills, positions: result.positions,
                realizedPnl: result.realizedPnl.map(\.description).joined(separator: " "), digest: result.digest ?? "",
                runSeconds: Double(result.runNanos) / 1e9)
            try engine.dispose()
            return SweepRun(index: index, parameters: values, outcome: .success(summary))
        } catch {
            return SweepRun(index: index, parameters: values, outcome: .failure(SweepError(description: "\(error)")))
        }
    }

    /// A TOML value for command-line text: an integer, a float, a boolean, else a string.
    static func tomlValue(_ text: String) -> any TOMLValueConvertible {
        if let i = Int(text) { return i }
        if let d = Double(text) { return d }
        if text == "true" || text == "false" { return text == "true" }
        return text
    }
}

/// `keel sweep CONFIG.toml --set NAME=V1,V2 … --workers N [--check]`.
struct SweepCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sweep", abstract: "Run a backtest over a grid of strategy parameters, in parallel, in one process.")

    @Argument(help: "The backtest configuration (TOML).") var config: String
    @Option(name: .customLong("set"), help: "A strategy parameter and its values: NAME=V1,V2,… (repeat for a grid).") var axes: [String] = []
    @Option(help: "The index of the [[strategies]] table whose parameters are swept.") var strategy = 0
    @Option(help: "Worker threads.") var workers = ProcessInfo.processInfo.activeProcessorCount
    @Flag(help: "Run every combination again alone and check that its digest is the same.") var check = false

    func run() throws {
        let text: String
        do { text = try String(contentsOfFile: config, encoding: .utf8) } catch { throw ValidationError("cannot read '\(config)': \(error.localizedDescription)") }
        var parsed: [SweepAxis] = []
        do { for a in axes { parsed.append(try SweepAxis(parsing: a)) } } catch { throw ValidationError("\(error)") }
        guard workers > 0 else { throw ValidationError("--workers: expected a positive number, got \(workers)") }
        let registry = KeelCommandLine.registry
        let combos = Sweep.grid(parsed)
        print("sweep: \(config), \(combos.count) run\(combos.count == 1 ? "" : "s"), \(workers) worker\(workers == 1 ? "" : "s")")
        let started = DispatchTime.now().uptimeNanoseconds
        let runs = Sweep.run(configText: text, path: config, axes: parsed, strategy: strategy, workers: workers, registry: registry)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let names = parsed.map(\.name)
        print((["run"] + names + ["orders", "fills", "realized pnl", "run s", "digest"]).joined(separator: "  "))
        var failed = 0
        for r in runs {
            switch r.outcome {
            case .success(let s):
                print(([String(r.index)] + r.parameters + [String(s.orders), String(s.fills), s.realizedPnl, String(format: "%.3f", s.runSeconds), s.digest])
                    .joined(separator: "  "))
            case .failure(let e):
                failed += 1
                print(([String(r.index)] + r.parameters + ["error: \(e)"]).joined(separator: "  "))
            }
        }
        print(String(format: "total: %d runs in %.3f s, %.2f runs/s", runs.count, seconds, Double(runs.count) / max(seconds, 1e-9)))
        if check {
            var mismatched = 0
            for r in runs {
                let alone = Sweep.runOne(index: r.index, text: text, path: config, names: names, values: r.parameters, strategy: strategy, registry: registry)
                if case .success(let a) = alone.outcome, case .success(let b) = r.outcome, a.digest == b.digest { continue }
                mismatched += 1
                print("check: run \(r.index) differs from the same run alone")
            }
            print(mismatched == 0 ? "check: every run's digest equals the same run alone" : "check: \(mismatched) runs differ")
            if mismatched > 0 { throw ExitCode(3) }
        }
        if failed > 0 { throw ExitCode(1) }
    }
}
