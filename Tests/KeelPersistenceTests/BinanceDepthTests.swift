import Foundation
import KeelCore
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

/// Binance depth snapshot + update files (../shared/data/crypto/binance, README: the snapshot holds 100 bid
/// levels only; the update file is 10 minutes and ~20M update ids later, and repeats its first 37 rows).
@Suite struct BinanceDepthTests {
    static let snapshot = "data/crypto/binance/btcusdt-depth-snap.csv"
    static let update = "data/crypto/binance/btcusdt-depth-update.csv"
    static var available: Bool { (SharedData.exists(snapshot) && SharedData.exists(update)) || SharedData.isCI }
    static let id = InstrumentId("BTCUSDT-PERP.BINANCE")

    @Test(.enabled(if: available, "the Binance depth files are not on this machine"))
    func theSnapshotBuildsAnL2Book() throws {
        let (batches, report) = try BinanceDepth.load(
            snapshotPath: SharedData.path(Self.snapshot), updatePaths: [], instrumentId: Self.id, pricePrecision: 1, sizePrecision: 3)
        #expect(report.snapshotRows == 100)
        #expect(batches.count == 1)
        let deltas = batches[0].deltas
        #expect(deltas.count == 101, "a CLEAR, then one ADD per level")
        #expect(deltas[0].action == .clear)
        #expect(deltas.allSatisfy { $0.flags & RecordFlags.snapshot.rawValue != 0 })
        #expect(deltas.last!.isLast)
        var book = OrderBook(instrumentId: Self.id, bookType: .l2MBP)
        try book.apply(batches[0])
        #expect(book.bidLevelCount == 100)
        #expect(book.askLevelCount == 0)
        #expect(book.bestBidPrice == (try Price("20377.0")))
        book.checkInvariants()
    }

    @Test(.enabled(if: available, "the Binance depth files are not on this machine"))
    func aGapBetweenSnapshotAndUpdatesIsAnErrorNamingTheLine() throws {
        do {
            _ = try BinanceDepth.load(
                snapshotPath: SharedData.path(Self.snapshot), updatePaths: [SharedData.path(Self.update)], instrumentId: Self.id,
                pricePrecision: 1, sizePrecision: 3)
            Issue.record("expected a gap error")
        } catch {
            #expect(error.path.hasSuffix("btcusdt-depth-update.csv"))
            #expect(error.line == 2)
            #expect(error.field == "first_update_id")
            #expect(error.reason.contains("do not follow 2098021528332"))
        }
    }

    @Test(.enabled(if: available, "the Binance depth files are not on this machine"))
    func reportedGapsDuplicatesAndRemovalsAreCounted() throws {
        let (batches, report) = try BinanceDepth.load(
            snapshotPath: SharedData.path(Self.snapshot), updatePaths: [SharedData.path(Self.update)], instrumentId: Self.id,
            pricePrecision: 1, sizePrecision: 3, gaps: .report)
        #expect(report.gaps.count == 1)
        #expect(report.updateRows == 100)
        #expect(report.duplicateRows == 37)
        #expect(report.removals == 21)
        #expect(batches.count == 2, "the snapshot, then one update event (all rows share its ids)")
        #expect(batches[1].deltas.count == 100)
        #expect(batches[1].deltas.filter { $0.action == .delete }.count == 21)
        #expect(report.lastUpdateId == 2_098_041_696_700)
        let (deduplicated, dropReport) = try BinanceDepth.load(
            snapshotPath: SharedData.path(Self.snapshot), updatePaths: [SharedData.path(Self.update)], instrumentId: Self.id,
            pricePrecision: 1, sizePrecision: 3, duplicates: .drop, gaps: .report)
        #expect(dropReport.duplicateRows == 37)
        #expect(deduplicated[1].deltas.count == 63)
    }

    @Test func malformedRowsNameFileLineAndField() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("keel-depth-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let header = "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu\n"
        func write(_ name: String, _ rows: String) throws -> String {
            let path = dir.appendingPathComponent(name).path
            try Data((header + rows).utf8).write(to: URL(fileURLWithPath: path))
            return path
        }
        let cases: [(String, String, String?)] = [
            ("BTCUSDT,1667346579146,1,1,x,snap,20377.00,1.000,-1\n", "side", "expected 'b' or 'a'"),
            ("BTCUSDT,1667346579146,1,1,b,snap,20377.0x,1.000,-1\n", "price", "invalid Price"),
            ("BTCUSDT,1667346579146,1,1,b,snip,20377.00,1.000,-1\n", "update_type", "expected 'snap' or 'set'"),
            ("BTCUSDT,1667346579146,one,1,b,snap,20377.00,1.000,-1\n", "first_update_id", "not an integer"),
        ].map { ($0.0, $0.1, $0.2) }
        for (i, (row, field, reason)) in cases.enumerated() {
            let path = try write("bad\(i).csv", row)
            do {
                _ = try BinanceDepth.load(snapshotPath: path, updatePaths: [], instrumentId: Self.id, pricePrecision: 1, sizePrecision: 3)
                Issue.record("expected an error for \(row)")
            } catch {
                #expect(error.line == 2)
                #expect(error.field == field)
                #expect(error.reason.contains(reason!), "\(error)")
            }
        }
    }
}
