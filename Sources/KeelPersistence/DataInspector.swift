// DataInspector: what a data file is and what is in it, for `keel data inspect FILE`.
//
// Detection looks at bytes, not names: DBN (plain or zstd) by its magic, CSV by its first line
// (header names, or the shape of a headerless row). Each known kind is then read in full through its
// loader, so the counts and quirks are the ones a load would report.

public import KeelCore
import KeelModel

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What `DataInspector.inspect(path:)` found.
public struct InspectionReport: Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public var path: String
    /// The detected kind, e.g. `dbn mbo (v1, zstd)`, `csv bars (FXCM)`, `csv quotes (TrueFX)`.
    public var kind: String
    /// Records or data rows.
    public var count: Int
    /// The earliest and latest timestamps (`ts_event` for DBN, the row timestamps for CSV).
    public var firstTs: UnixNanos?
    public var lastTs: UnixNanos?
    /// Quirks and notable counts by name (duplicates, crossed quotes, records per rtype …).
    public var quirks: [String: Int]
    /// Other facts (dataset, symbols, columns).
    public var details: [String]

    /// A few lines for a terminal.
    public var description: String {
        var lines = ["\(path): \(kind)", "  count: \(count)"]
        if let firstTs { lines.append("  time: \(firstTs) → \(lastTs ?? firstTs)") }
        lines += details.map { "  \($0)" }
        lines += quirks.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }
        return lines.joined(separator: "\n")
    }
}

/// An error inspecting a file: it cannot be read, is of no known kind, or fails to load.
public struct InspectionError: Error, Hashable, Sendable, CustomStringConvertible {
    public let description: String
}

/// Inspects market data files.
public enum DataInspector {
    /// Detects the kind of `path` and reads it in full.
    ///
    /// - Throws: `InspectionError` carrying the `DBNError` or `CSVError` message (file, offset or line,
    ///   field) if the file does not load, or saying the kind is unknown.
    public static func inspect(path: String) throws -> InspectionReport {
        if hasPartitionMagic(path) { return try inspectPartition(path) }
        if let dbn = try? DBNDecoder(path: path) { return try inspectDBN(dbn) }
        if case .some(let error) = dbnError(path), error.code != .badMagic {
            throw InspectionError(description: error.description)
        }
        return try inspectCSV(path)
    }

    private static func hasPartitionMagic(_ path: String) -> Bool {
        guard let f = fopen(path, "rb") else { return false }
        defer { fclose(f) }
        var magic = [UInt8](repeating: 0, count: 8)
        return fread(&magic, 1, 8, f) == 8 && magic == CatalogFormat.magic
    }

    /// A Keel catalog partition: its header, and every record read back with checksums checked.
    private static func inspectPartition(_ path: String) throws -> InspectionReport {
        do {
            let header = try PartitionReader(path: path).header
            let day = path.split(separator: "/").last.map { String($0.prefix(10)) } ?? ""
            let stream = try CatalogStream(partitions: [CatalogPartition(path: path, day: day, header: header)], start: nil, end: nil, verify: true)
            var quirks: [String: Int] = [:]
            var n = 0
            while let value = try stream.next() {
                n += 1
                if case .quote(let q) = value {
                    if q.bidPrice > q.askPrice { quirks["crossed", default: 0] += 1 }
                    else if q.bidPrice == q.askPrice { quirks["locked", default: 0] += 1 }
                }
            }
            return InspectionReport(
                path: path, kind: "keel catalog partition v\(CatalogFormat.version) (\(header.dataType))", count: n,
                firstTs: n > 0 ? header.firstTs : nil, lastTs: n > 0 ? header.lastTs : nil, quirks: quirks,
                details: ["key: \(header.key)", "precision: price \(header.pricePrecision), size \(header.sizePrecision)",
                          "checksum blocks: \(header.blockCount), all good"])
        } catch {
            throw InspectionError(description: error.description)
        }
    }

    private static func dbnError(_ path: String) -> DBNError? {
        do { _ = try DBNDecoder(path: path); return nil } catch { return error }
    }

    private static func inspectDBN(_ decoder: DBNDecoder) throws -> InspectionReport {
        var quirks: [String: Int] = [:]
        var first = UInt64.max, last = UInt64.min
        var rtypes: [UInt8: Int] = [:]
        do {
            while let r = try decoder.next() {
                let h = r.header
                rtypes[h.rtype, default: 0] += 1
                first = min(first, h.tsEvent)
                last = max(last, h.tsEvent)
                switch r {
                case .mbp1(let m):
                    if m.level.bidPrice != DBN.undefinedPrice && m.level.askPrice != DBN.undefinedPrice {
                        if m.level.bidPrice > m.level.askPrice { quirks["crossed", default: 0] += 1 }
                        else if m.level.bidPrice == m.level.askPrice { quirks["locked", default: 0] += 1 }
                    }
                case .mbo(let m) where m.flags & 0x08 != 0: quirks["badTsRecvFlag", default: 0] += 1
                default: break
                }
            }
        } catch {
            throw InspectionError(description: error.description)
        }
        for (rtype, n) in rtypes { quirks["rtype 0x\(String(rtype, radix: 16))", default: 0] += n }
        let m = decoder.metadata
        let stream = decoder.metadata.version
        return InspectionReport(
            path: decoder.path, kind: "dbn \(m.schema.map(String.init(describing:)) ?? "mixed") (v\(stream))",
            count: decoder.recordCount, firstTs: decoder.recordCount > 0 ? UnixNanos(first) : nil,
            lastTs: decoder.recordCount > 0 ? UnixNanos(last) : nil, quirks: quirks,
            details: ["dataset: \(m.dataset)", "symbols: \(m.symbols.joined(separator: ","))", "window: \(m.start) → \(m.end.map(String.init(describing:)) ?? "open")"])
    }

    private static func firstLine(_ path: String) throws -> [String] {
        let reader: CSVReader
        do { reader = try CSVReader(path: path) } catch { throw InspectionError(description: error.description) }
        do {
            guard try reader.nextRow() else { throw InspectionError(description: "\(path): empty file") }
        } catch let error as CSVError {
            throw InspectionError(description: error.description)
        }
        return (0..<reader.fieldCount).map { reader.string($0) }
    }

    private static func inspectCSV(_ path: String) throws -> InspectionReport {
        let fields = try firstLine(path)
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let symbol = InstrumentId("INSPECT.FILE")
        func report(_ kind: String, _ r: LoadReport, _ details: [String] = []) -> InspectionReport {
            InspectionReport(
                path: path, kind: kind, count: r.rows, firstTs: r.firstTs, lastTs: r.lastTs,
                quirks: Dictionary(uniqueKeysWithValues: r.quirks), details: details + ["columns: \(fields.joined(separator: ","))"])
        }
        do {
            let keep = OutOfOrderPolicy.keep
            if let tardis = TardisLoader.detectKind(header: fields) {
                let r = try TardisLoader.loadReport(path: path, kind: tardis, instrumentId: symbol)
                return InspectionReport(
                    path: path, kind: "csv \(tardis) (Tardis.dev)", count: r.csv.rows, firstTs: r.csv.firstTs, lastTs: r.csv.lastTs,
                    quirks: Dictionary(r.quirks, uniquingKeysWith: +), details: ["columns: \(fields.count)"])
            }
            if fields == ["timestamp", "open", "high", "low", "close"] {
                var layout = CSVBarLayout.fxcm(barType: BarType(instrumentId: symbol, spec: BarSpecification(step: 1, aggregation: .minute, priceType: .bid)))
                layout.time.outOfOrder = keep
                return report("csv bars (FXCM style, no volume)", try CSVLoader.loadBars(path: path, layout: layout) { _ in })
            }
            if fields == ["timestamp", "bid", "ask"] {
                var layout = CSVQuoteLayout.trueFX(instrumentId: symbol)
                layout.time.outOfOrder = keep
                return report("csv quotes (TrueFX style)", try CSVLoader.loadQuotes(path: path, layout: layout) { _ in })
            }
            if fields.first == "timestamp_ms" && fields.contains("buyer_maker") {
                var layout = CSVTradeLayout.binanceTrades(instrumentId: symbol)
                layout.time.outOfOrder = keep
                return report("csv trades (Binance)", try CSVLoader.loadTrades(path: path, layout: layout) { _ in })
            }
            if fields.first == "timestamp_ms" && fields.contains("bid_price") {
                var layout = CSVQuoteLayout.binanceQuotes(instrumentId: symbol)
                layout.time.outOfOrder = keep
                return report("csv quotes (Binance)", try CSVLoader.loadQuotes(path: path, layout: layout) { _ in })
            }
            if fields.count == 4, fields[0].utf8.count == 18, fields[0].utf8.allSatisfy({ $0 == 32 || ($0 >= 48 && $0 <= 57) }) {
                var layout = CSVQuoteLayout.histData(instrumentId: symbol)
                layout.time.outOfOrder = keep
                return report("csv quotes (HistData style, read as UTC)", try CSVLoader.loadQuotes(path: path, layout: layout) { _ in })
            }
            if fields.count == 12, fields[0].utf8.count == 13, fields[0].utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
                var layout = CSVBarLayout.binanceKlines(barType: BarType(instrumentId: symbol, spec: BarSpecification(step: 1, aggregation: .minute, priceType: .last)))
                layout.time.outOfOrder = keep
                return report("csv bars (Binance klines, 1-minute assumed)", try CSVLoader.loadBars(path: path, layout: layout) { _ in })
            }
        } catch {
            throw InspectionError(description: error.description)
        }
        throw InspectionError(description: "\(name): not DBN and not a CSV layout Keel recognises (first line: \(fields.joined(separator: ",")))")
    }
}
