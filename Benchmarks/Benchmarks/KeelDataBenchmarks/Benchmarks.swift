// Benchmarks of Keel's data input: the DBN decoder (plain and zstd) on the real ES MBO day, MBO records
// to order book deltas, the CSV reader on a real quote file, and a catalog stream of S2's 2,004,500
// quotes. One iteration reads the whole input once: records/s = records ÷ the wall-clock time of one
// iteration. Peak resident memory is reported per benchmark.
//
// Run: `swift package benchmark --target KeelDataBenchmarks --no-progress` from Benchmarks/ (needs
// ../shared/data beside the checkout).

import Benchmark
import Foundation
import KeelCore
import KeelExamples
import KeelModel
import KeelPersistence
import KeelTestKit

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident],
        maxDuration: .seconds(10),
        maxIterations: 5
    )
    let mboZst = SharedData.path("data/databento/esh4-glbx-mdp3-20231225.mbo.dbn.zst")
    let mboPlain = SharedData.path("data/databento/uncompressed/esh4-glbx-mdp3-20231225.mbo.dbn")
    let mboRecords = 68_792

    for (name, path) in [("plain", mboPlain), ("zstd", mboZst)] {
        Benchmark("DBN: decode the ES MBO day, 68,792 records (\(name))") { benchmark in
            for _ in benchmark.scaledIterations {
                let decoder = try! DBNDecoder(path: path)
                var n = 0
                while let record = try! decoder.next() {
                    if case .mbo(let m) = record { n &+= Int(m.size) }
                }
                blackHole(n)
                precondition(decoder.recordCount == mboRecords)
            }
        }
        Benchmark("DBN: ES MBO day to order book deltas, 68,792 records (\(name))") { benchmark in
            for _ in benchmark.scaledIterations {
                let decoder = try! DBNDecoder(path: path)
                let id = InstrumentId("ESH4.GLBX")
                var n = 0
                while let record = try! decoder.next() {
                    if case .mbo(let m) = record, let d = try! m.orderBookDelta(instrumentId: id, pricePrecision: 2) { n &+= Int(d.order.size.raw & 1) }
                }
                blackHole(n)
            }
        }
    }

    let s2Source = SharedData.path("data/fx/quote_tick_data.csv")
    Benchmark("CSV: HistData quotes, 9,500 rows") { benchmark in
        for _ in benchmark.scaledIterations {
            var n = 0
            let report = try! CSVLoader.loadQuotes(path: s2Source, layout: .histData(instrumentId: S2Stream.instrumentId)) { q in n &+= Int(q.bidPrice.raw & 1) }
            precondition(report.rows == 9_500)
            blackHole(n)
        }
    }

    // The S2 stream (211 copies) in a catalog built once per process.
    let catalogPath = NSTemporaryDirectory() + "keel-bench-catalog-\(getpid())"
    Benchmark("Catalog: stream S2's 2,004,500 quotes (checksums on)") { benchmark in
        let catalog = try! makeS2Catalog(at: catalogPath, source: s2Source)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(readAll(catalog, verify: true)) }
    }
    Benchmark("Catalog: stream S2's 2,004,500 quotes (checksums off)") { benchmark in
        let catalog = try! makeS2Catalog(at: catalogPath, source: s2Source)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(readAll(catalog, verify: false)) }
    }
}

func makeS2Catalog(at path: String, source: String) throws -> Catalog {
    if let existing = try? Catalog(path: path), (try? existing.partitions().count) == 211 { return existing }
    let catalog = try Catalog.create(path: path)
    let writer = CatalogWriter(catalog: catalog, overwrite: true)
    var quotes = try S2Stream(sourcePath: source).lazyQuotes()
    while let q = quotes.next() { try writer.append(.quote(q)) }
    _ = try writer.finish()
    return catalog
}

func readAll(_ catalog: Catalog, verify: Bool) -> Int {
    var n = 0
    for stream in try! catalog.query(CatalogQuery(verify: verify)) {
        while let v = try! stream.next() {
            if case .quote(let q) = v { n &+= Int(q.bidPrice.raw & 1) }
        }
    }
    return n
}
