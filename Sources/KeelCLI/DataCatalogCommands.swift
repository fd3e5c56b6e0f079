// `keel data import` and `keel data ls`: filling and listing a Keel data catalog (`Docs/catalog.md`).
//
// - `keel data import SRC --kind KIND --catalog DIR [...]`: reads SRC with the loader of KIND (the kinds
//   of a configuration's `[[data]]`), streams its values into DIR's partitions and moves them into place
//   only when all are written. Prints the values, partitions and rate.
// - `keel data ls DIR [--partitions] [--verify]`: per data type and instrument, the days, records, time
//   range and bytes; `--verify` reads every record and checks every checksum.

import ArgumentParser
import Foundation
import KeelCore
import KeelData
import KeelExamples
import KeelModel
import KeelPersistence

struct DataImport: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import", abstract: "Import a market data file into a Keel data catalog.",
        discussion: "Kinds: \(DataSource.Kind.allCases.filter { $0 != .catalog }.map(\.rawValue).joined(separator: ", ")).")

    @Argument(help: "The file to import.") var source: String
    @Option(help: "The kind of file (as in a configuration's [[data]] kind).") var kind: String
    @Option(help: "The catalog folder (created if needed).") var catalog: String
    @Option(help: "The instrument id of the values (quotes, trades).") var instrumentId: String?
    @Option(help: "The bar type of the values (bars).") var barType: String?
    @Option(help: "Price precision (histdata-quotes: default 5; Tardis kinds: inferred from the file by default).") var pricePrecision: UInt8?
    @Option(help: "Size precision (Tardis kinds: inferred from the file by default).") var sizePrecision: UInt8?
    @Option(help: "UTC offset of the file's timestamps in seconds (histdata-quotes).") var utcOffsetSeconds = 0
    @Option(help: "Copies of the source (s2-stream).") var repeats = S2Stream.defaultRepeats
    @Flag(help: "Replace partitions that already exist.") var overwrite = false

    func run() throws {
        guard let kind = DataSource.Kind(rawValue: kind), kind != .catalog else {
            throw ValidationError("--kind: expected one of \(DataSource.Kind.allCases.filter { $0 != .catalog }.map(\.rawValue).joined(separator: ", ")), got '\(self.kind)'")
        }
        var data = DataSource(kind: kind, path: source, field: "source")
        do {
            if let instrumentId { data.instrumentId = try InstrumentId(validating: instrumentId) }
            if let barType { data.barType = try BarType(validating: barType) }
        } catch { throw ValidationError("\(error)") }
        if kind == .databento && pricePrecision == nil {
            throw ValidationError("--price-precision: a databento import needs the instruments' price precision (CME ES: 2)")
        }
        data.pricePrecision = pricePrecision
        data.sizePrecision = sizePrecision
        data.utcOffsetSeconds = utcOffsetSeconds
        data.repeats = repeats
        do { try data.check() } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "source.bar_type", with: "--bar-type")
                .replacingOccurrences(of: "source.instrument_id", with: "--instrument-id").replacingOccurrences(of: "source.path", with: source))
        }
        let started = DispatchTime.now().uptimeNanoseconds
        let written: [WrittenPartition]
        var count = 0
        do {
            let writer = CatalogWriter(catalog: try Catalog.create(path: catalog), overwrite: overwrite)
            var merger = MarketDataMerger(try data.streams())
            while let value = try merger.next() {
                try writer.append(value)
                count += 1
            }
            written = try writer.finish()
        } catch {
            throw ValidationError("\(error)")
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
        let bytes = written.reduce(0) { $0 + $1.header.fileSize }
        print("imported \(count) values from \(source) into \(catalog)")
        print("partitions: \(written.count) written, \(bytes) bytes")
        print(String(format: "time: %.3f s (%.0f values/s)", seconds, Double(count) / max(seconds, 1e-9)))
    }
}

struct DataList: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "ls", abstract: "List what a Keel data catalog holds.")

    @Argument(help: "The catalog folder.") var catalog: String
    @Flag(help: "List every partition (one line per day).") var partitions = false
    @Flag(help: "Read every record and check every checksum.") var verify = false

    func run() throws {
        let cat: Catalog
        let all: [CatalogPartition]
        do {
            cat = try Catalog(path: catalog)
            all = try cat.partitions()
        } catch { throw ValidationError("\(error)") }
        print("catalog: \(cat.path)")
        if all.isEmpty { print("(empty)") }
        var groups: [(type: CatalogDataType, key: String, parts: [CatalogPartition])] = []
        for p in all {
            if let last = groups.last, last.type == p.header.dataType, last.key == p.header.key {
                groups[groups.count - 1].parts.append(p)
            } else {
                groups.append((p.header.dataType, p.header.key, [p]))
            }
        }
        for g in groups {
            let records = g.parts.reduce(0) { $0 + $1.header.count }
            let bytes = g.parts.reduce(0) { $0 + $1.header.fileSize }
            let first = g.parts.first!, last = g.parts.last!
            print("\(g.type) \(g.key): \(records) records, \(g.parts.count) day\(g.parts.count == 1 ? "" : "s") \(first.day) … \(last.day), "
                + "\(first.header.firstTs.iso8601) … \(last.header.lastTs.iso8601), precision \(first.header.pricePrecision)/\(first.header.sizePrecision), \(bytes) bytes")
            if partitions {
                for p in g.parts {
                    print("  \(p.day): \(p.header.count) records, \(p.header.firstTs.iso8601) … \(p.header.lastTs.iso8601)")
                }
            }
        }
        if verify {
            do {
                let n = try cat.verify()
                print("verified: \(n) records, every checksum and value good")
            } catch { throw ValidationError("\(error)") }
        }
    }
}
