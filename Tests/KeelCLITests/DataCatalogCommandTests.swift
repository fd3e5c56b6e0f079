import Foundation
import KeelBacktest
import KeelCLI
import KeelCore
import Logging
import KeelTestKit
import Testing

/// `keel data import` and `keel data ls` through the built executable, and a backtest whose data comes
/// from a catalog query: S1 from the catalog gives the same event log as S1 from its CSV files.
@Suite struct DataCatalogCommandTests {
    static let examples = EventLogTests.root.appendingPathComponent("Examples").path
    static let bid = "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL"
    static let ask = "GBP/USD.SIM-1-MINUTE-ASK-EXTERNAL"

    static func freshFolder(_ name: String) -> String {
        let path = NSTemporaryDirectory() + "keel-cli-\(name)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Imports S1's bid and ask bars into a new catalog with the command line.
    static func importS1(into catalog: String) throws -> [String] {
        var outputs: [String] = []
        for (side, barType) in [("bid", bid), ("ask", ask)] {
            let (status, output) = try DataCommandTests().keel([
                "data", "import", "\(examples)/data/fxcm/gbpusd-m1-\(side)-2012.csv", "--kind", "fxcm-bars", "--bar-type", barType,
                "--catalog", catalog,
            ])
            #expect(status == 0, "\(output)")
            outputs.append(output)
        }
        return outputs
    }

    @Test func importListsAndRefusesToOverwrite() throws {
        let catalog = Self.freshFolder("import")
        let imports = try Self.importS1(into: catalog)
        #expect(imports[0].contains("imported 30117 values"))
        #expect(imports[0].contains("partitions: 26 written"))

        let (status, listing) = try DataCommandTests().keel(["data", "ls", catalog, "--verify"])
        #expect(status == 0)
        #expect(listing.contains("bars \(Self.ask): 30117 records, 26 days 2012-02-01 … 2012-03-01"))
        #expect(listing.contains("bars \(Self.bid): 30117 records, 26 days 2012-02-01 … 2012-03-01"))
        #expect(listing.contains("verified: 60234 records"))

        // The same import again would replace partitions: refused, with the partition named.
        let (again, message) = try DataCommandTests().keel([
            "data", "import", "\(Self.examples)/data/fxcm/gbpusd-m1-bid-2012.csv", "--kind", "fxcm-bars", "--bar-type", Self.bid,
            "--catalog", catalog,
        ])
        #expect(again != 0)
        #expect(message.contains("2012-02-01.kcp: the partition exists"))
        let (badKind, kindMessage) = try DataCommandTests().keel(["data", "import", "x.csv", "--kind", "fxcm", "--catalog", catalog])
        #expect(badKind != 0 && kindMessage.contains("--kind: expected one of fxcm-bars"))
        let (notCatalog, lsMessage) = try DataCommandTests().keel(["data", "ls", Self.examples])
        #expect(notCatalog != 0 && lsMessage.contains("not a Keel catalog"))
    }

    @Test(.enabled(if: SharedData.exists("data/tardis") || SharedData.isCI, "shared/data is not on this machine"))
    func tardisFilesImportWithTheirKinds() throws {
        let catalog = Self.freshFolder("tardis")
        let tardis = SharedData.path("data/tardis")
        for (file, kind, id) in [
            ("deribit_incremental_book_L2_BTC-PERPETUAL.csv", "tardis-book-l2", "BTC-PERPETUAL.DERIBIT"),
            ("bitmex_trades_XBTUSD.csv", "tardis-trades", "XBTUSD.BITMEX"),
            ("huobi-dm-swap_quotes_BTC-USD.csv", "tardis-quotes", "BTC-USD.HUOBI"),
            ("binance-futures_book_snapshot_5_BTCUSDT.csv", "tardis-book-snapshot", "BTCUSDT-PERP.BINANCE"),
        ] {
            let (status, output) = try DataCommandTests().keel(["data", "import", "\(tardis)/\(file)", "--kind", kind, "--instrument-id", id, "--catalog", catalog])
            #expect(status == 0, "\(file): \(output)")
        }
        let (status, listing) = try DataCommandTests().keel(["data", "ls", catalog, "--verify"])
        #expect(status == 0)
        // 15 snapshot rows + the CLEAR before them; 10 trades; 10 quotes; 10 snapshots of 5 + 5 levels with a CLEAR each.
        #expect(listing.contains("deltas BTC-PERPETUAL.DERIBIT: 16 records, 1 day 2020-04-01"))
        #expect(listing.contains("trades XBTUSD.BITMEX: 10 records"))
        #expect(listing.contains("quotes BTC-USD.HUOBI: 10 records"))
        #expect(listing.contains("deltas BTCUSDT-PERP.BINANCE: 110 records"))
        #expect(listing.contains("verified: 146 records"))
    }

    @Test func s1FromACatalogQueryGivesTheSameEventLogAsFromItsFiles() throws {
        let catalog = Self.freshFolder("s1")
        _ = try Self.importS1(into: catalog)
        let s1 = try String(contentsOfFile: Self.examples + "/S1.toml", encoding: .utf8)
        // S1.toml with its two [[data]] tables replaced by one catalog query: BID bars before ASK bars.
        let head = s1[..<s1.range(of: "[[data]]")!.lowerBound]
        let tail = s1[s1.range(of: "[[strategies]]")!.lowerBound...]
        let text = head + """
            [[data]]
            kind = "catalog"
            path = "\(catalog)"
            types = ["bars"]
            keys = ["\(Self.bid)", "\(Self.ask)"]
            end = "2012-02-08T00:00:00Z"

            """ + tail

        func run(_ config: BacktestConfig) throws -> (EventLog, BacktestResult) {
            let log = try EventLog(keepsLines: true)
            let engine = try config.makeEngine(registry: .examples, eventLog: log, logger: .init(label: "test"))
            return (log, try engine.run(end: try .init(iso8601: "2012-02-08T00:00:00Z")))
        }
        let (fromFiles, a) = try run(try BacktestConfig(contentsOf: Self.examples + "/S1.toml"))
        let (fromCatalog, b) = try run(try BacktestConfig(parsing: String(text), path: Self.examples + "/S1-catalog.toml"))
        #expect(fromFiles.lineCount > 1_000)
        #expect(fromFiles.lines == fromCatalog.lines)
        #expect(a.digest == b.digest)
        #expect(a.iterations == b.iterations)
    }

    /// S3 with its deltas read from a catalog (imported from the DBN file) gives the event log of S3 read
    /// from the DBN file: every delta field (action, side, order id, flags, sequence) survives the catalog.
    @Test(.enabled(if: SharedData.exists("data/databento") || SharedData.isCI, "the ES MBO file is not on this machine"))
    func s3FromACatalogGivesTheEventLogOfS3FromItsDBNFile() throws {
        let catalog = Self.freshFolder("s3")
        let (status, output) = try DataCommandTests().keel([
            "data", "import", SharedData.path("data/databento/esh4-glbx-mdp3-20231225.mbo.dbn.zst"), "--kind", "databento",
            "--price-precision", "2", "--catalog", catalog,
        ])
        #expect(status == 0, "\(output)")
        #expect(output.contains("imported 65819 values"))
        let s3 = try String(contentsOfFile: Self.examples + "/S3.toml", encoding: .utf8)
        let head = s3[..<s3.range(of: "[[data]]")!.lowerBound]
        let tail = s3[s3.range(of: "[[strategies]]")!.lowerBound...]
        let fromCatalog = head + "[[data]]\nkind = \"catalog\"\npath = \"\(catalog)\"\ntypes = [\"deltas\"]\n\n" + tail
        func run(_ config: BacktestConfig) throws -> BacktestResult {
            let engine = try config.makeEngine(registry: .examples, eventLog: try EventLog(), logger: .init(label: "test"))
            return try engine.run()
        }
        let a = try run(try BacktestConfig(contentsOf: Self.examples + "/S3.toml"))
        let b = try run(try BacktestConfig(parsing: String(fromCatalog), path: Self.examples + "/S3-catalog.toml"))
        #expect(a.fills == 1 && b.fills == 1)
        #expect(a.iterations == 65_819 && b.iterations == 65_819)
        #expect(a.digest == b.digest)
    }

    @Test func aCatalogQueryIsCheckedWhenTheConfigurationIsRead() throws {
        let catalog = Self.freshFolder("checked")
        _ = try Self.importS1(into: catalog)
        let s1 = try String(contentsOfFile: Self.examples + "/S1.toml", encoding: .utf8)
        let head = s1[..<s1.range(of: "[[data]]")!.lowerBound]
        func message(_ data: String) -> String {
            do {
                _ = try BacktestConfig(parsing: String(head) + data, path: Self.examples + "/x.toml")
                return "no error"
            } catch { return "\(error)" }
        }
        #expect(message("[[data]]\nkind = \"catalog\"\npath = \"\(catalog)\"\ntypes = [\"ticks\"]\n").contains("data[0].types: expected quotes, trades, bars or deltas, got 'ticks'"))
        #expect(message("[[data]]\nkind = \"catalog\"\npath = \"/nonexistent\"\n").contains("data[0].path"))
        #expect(message("[[data]]\nkind = \"fxcm-bars\"\npath = \"data/fxcm/gbpusd-m1-bid-2012.csv\"\nbar_type = \"\(Self.bid)\"\nkeys = [\"x\"]\n")
            .contains("only catalog data takes 'keys'"))
    }
}
