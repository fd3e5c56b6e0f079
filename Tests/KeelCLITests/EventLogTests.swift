import Foundation
import KeelBacktest
import KeelCLI
import KeelCore
import KeelExamples
import KeelModel
import Logging
import Testing

@Suite struct EventLogTests {
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
    static var s1: String { root.appendingPathComponent("Examples/S1.toml").path }

    /// One S1 run with an in-memory log; the first three weeks keep the test short.
    private func runS1() throws -> (EventLog, BacktestResult) {
        let config = try BacktestConfig(contentsOf: Self.s1)
        let log = try EventLog(keepsLines: true)
        let engine = try config.makeEngine(registry: .examples, eventLog: log, logger: .init(label: "test"))
        let result = try engine.run(end: try .init(iso8601: "2012-02-08T00:00:00Z"))
        return (log, result)
    }

    @Test func theSameRunTwiceInOneProcessGivesTheSameLog() throws {
        let (a, ra) = try runS1()
        let (b, rb) = try runS1()
        #expect(a.lineCount > 1_000)
        #expect(a.lines == b.lines)
        #expect(ra.digest == rb.digest)
        #expect(ra.digest?.count == 64)
        // Every kind of message is in the log: commands, order, position and account events.
        for kind in [" SubmitOrderList ", " OrderSubmitted ", " OrderFilled ", " PositionOpened ", " AccountState "] {
            #expect(a.lines.contains { $0.contains(kind) }, "no \(kind)")
        }
        #expect(!a.lines.contains { $0.contains("0x") })
    }

    /// The hand-written values of a line agree with the types' own text: prices, quantities and money
    /// (negative, precision 0, large), UUIDs, optionals as `None`.
    @Test func fillLineWritesEveryFieldLikeTheTypesDescriptions() throws {
        let log = try EventLog(keepsLines: true)
        let usd = Currency.usd
        let cases: [(Price, Quantity, Money?)] = [
            (Price(raw: 1_576_110_000, precision: 5), Quantity(raw: 1_000_000_000_000, precision: 0), Money(raw: -30_000_000, currency: usd)),
            (Price(raw: -12_300_000_000, precision: 2), Quantity(raw: 1_234_000_000, precision: 3), nil),
            (Price(raw: 7, precision: 9), Quantity(raw: 0, precision: 9), Money(raw: 123_456_789_012_000_000_000_000, currency: usd)),
        ]
        for (k, (px, qty, commission)) in cases.enumerated() {
            let eventId = UUID4(high: 0x0123_4567_89AB_4CDE, low: 0x8000_0000_0000_000F &+ UInt64(k))
            let fill = OrderFilled(
                traderId: TraderId("TRADER-001"), strategyId: StrategyId("S-001"), instrumentId: InstrumentId("GBP/USD.SIM"),
                clientOrderId: ClientOrderId("O-1"), venueOrderId: VenueOrderId("V-1"), accountId: AccountId("SIM-001"),
                tradeId: TradeId("T-1"), orderSide: .sell, orderType: .limit, lastQty: qty, lastPx: px, currency: usd,
                liquiditySide: .maker, eventId: eventId, tsEvent: UnixNanos(5), tsInit: UnixNanos(6), commission: commission)
            log.record(orderEvent: .filled(fill))
            let expected = "6 OrderFilled traderId=TRADER-001 strategyId=S-001 instrumentId=GBP/USD.SIM clientOrderId=O-1 "
                + "venueOrderId=V-1 accountId=SIM-001 tradeId=T-1 orderSide=SELL orderType=LIMIT lastQty=\(qty) lastPx=\(px) "
                + "currency=USD liquiditySide=MAKER positionId=None commission=\(commission.map(\.description) ?? "None") "
                + "reconciliation=false eventId=\(eventId) tsEvent=5"
            #expect(log.lines.last == expected)
        }
    }

    /// Runs the built `keel` twice on the bundled S1 configuration and compares the event logs byte for byte.
    @Test func twoProcessesGiveByteIdenticalLogs() throws {
        let keel = try #require(Self.keelExecutable(), "the keel executable is built by `swift build --build-tests`")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keel-events-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var outputs: [String] = []
        for i in 0..<2 {
            let process = Process()
            process.executableURL = keel
            process.arguments = ["backtest", Self.s1, "--events", dir.appendingPathComponent("events-\(i).log").path, "--no-progress"]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            outputs.append(String(decoding: data, as: UTF8.self))
        }
        let a = try Data(contentsOf: dir.appendingPathComponent("events-0.log"))
        let b = try Data(contentsOf: dir.appendingPathComponent("events-1.log"))
        #expect(a.count > 1_000_000)
        #expect(a == b)
        let digests = outputs.map { $0.split(separator: "\n").first { $0.hasPrefix("digest: ") } }
        #expect(digests[0] != nil && digests[0] == digests[1])
        #expect(outputs[0].contains("orders: 23,988"))
        #expect(outputs[0].contains("fills: 4,048"))
        #expect(outputs[0].contains("positions: 2,024"))
        #expect(outputs[0].contains("balance SIM-001: 100,010.50 USD"))
    }

    /// `keel` beside the test bundle (`.build/<triple>/debug/`), else under `.build/debug/`.
    static func keelExecutable() -> URL? {
        let candidates = [
            URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("keel"),
            Bundle.main.bundleURL.appendingPathComponent("keel"),
            Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("keel"),
            root.appendingPathComponent(".build/debug/keel"),
        ]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }
    }
}
