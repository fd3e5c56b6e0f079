// `keel data …`: look at market data files.
//
// - `keel data inspect FILE`: the kind of file, its counts, time range and quirks (KeelPersistence's
//   `DataInspector`).
// - `keel data book FILE --depth N`: replays a Databento MBO file into an L3 order book, applying deltas
//   one by one as NautilusTrader does (a side-less fill of an order already gone is counted and skipped),
//   and prints the top levels per side (price, size, order count), the best bid and ask and the counts.
//   `--timing` then replays it `--repeats` more times in the process, DBN decoding included, on one thread,
//   then as many times with the decoding on a second thread (`ReadAhead`), checks every final book, and
//   prints the median records/s of each (records = DBN records read, as hftbacktest counts its rows).

import ArgumentParser
import Foundation
import KeelCommon
import KeelCore
import KeelData
import KeelModel
import KeelPersistence

struct DataCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "data", abstract: "Inspect market data files, import them into a catalog, list a catalog.", subcommands: [InspectFile.self, BookReplay.self, DataImport.self, DataList.self])

    struct InspectFile: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "inspect", abstract: "Show a data file's kind, counts, time range and quirks.")
        @Argument(help: "A DBN file (plain or zstd) or a CSV file.") var file: String

        func run() throws {
            do {
                print(try DataInspector.inspect(path: file))
            } catch {
                throw ValidationError("\(file): \(error)")
            }
        }
    }

    struct BookReplay: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "book", abstract: "Replay a Databento MBO file into an L3 book and print its top levels.")
        @Argument(help: "A DBN MBO file (plain or zstd).") var file: String
        @Option(help: "Levels to print per side.") var depth = 5
        @Option(help: "Price precision of the instrument (CME ES: 2).") var pricePrecision: UInt8 = 2
        @Flag(help: "Also time the replay (DBN decoding included), repeated in this process, and print records/s.")
        var timing = false
        @Option(help: "Timed replays of each kind (with --timing).") var repeats = 9

        /// The outcome of one replay.
        struct Outcome {
            var book: OrderBook?
            var records = 0, deltas = 0, rejected = 0
        }

        func run() throws {
            let outcome: Outcome
            do { outcome = try Self.replay(file, pricePrecision: pricePrecision) } catch { throw ValidationError("\(file): \(error)") }
            guard let book = outcome.book else { throw ValidationError("\(file): no MBO records") }
            print("instrument: \(book.instrumentId)")
            print("records: \(outcome.records), deltas: \(outcome.deltas), rejected: \(outcome.rejected), update count: \(book.updateCount), last sequence: \(book.lastSequence)")
            print("best bid: \(book.bestBidPrice?.description ?? "-")  best ask: \(book.bestAskPrice?.description ?? "-")")
            print("bids: \(book.bidLevelCount) levels, asks: \(book.askLevelCount) levels, orders: \(book.orderCount)")
            print("side  price        size  orders")
            for level in book.asks(depth: depth).reversed() { print("ask   \(pad(level.price.description, 10)) \(pad(level.size.description, 6)) \(level.orderCount)") }
            for level in book.bids(depth: depth) { print("bid   \(pad(level.price.description, 10)) \(pad(level.size.description, 6)) \(level.orderCount)") }
            if timing { try time(expected: book, records: outcome.records) }
        }

        /// Replays the file on this thread: decode a record, apply its delta, next.
        static func replay(_ file: String, pricePrecision: UInt8) throws(DBNError) -> Outcome {
            let reader = try DBNDataReader(path: file) { _ in pricePrecision }
            // The book is made for the first delta's instrument; locals, not the outcome's fields, in the loop.
            var book = OrderBook(instrumentId: InstrumentId("NONE.NONE"), bookType: .l3MBO)
            var deltas = 0, rejected = 0
            try reader.forEachDelta { delta in
                if deltas == 0 { book = OrderBook(instrumentId: delta.instrumentId, bookType: .l3MBO, expectedOrders: 16_384) }
                deltas += 1
                do throws(OrderBookError) { try book.apply(delta) } catch { rejected += 1 }
                return true
            }
            return Outcome(book: deltas > 0 ? book : nil, records: reader.recordCount, deltas: deltas, rejected: rejected)
        }

        /// Replays the file with its decoding on a thread of its own (`ReadAhead`), applying on this one.
        static func replayReadingAhead(_ file: String, pricePrecision: UInt8) throws(DBNError) -> OrderBook? {
            // Large chunks: the applying side is the faster one here, and each time it waits for a chunk it
            // pays a thread wake-up.
            let deltas = ReadAhead<OrderBookDelta, DBNError>(chunkSize: 4_096, depth: 4) { (emit) throws(DBNError) in
                let reader = try DBNDataReader(path: file) { _ in pricePrecision }
                try reader.forEachDelta(emit)
            }
            var book: OrderBook?
            while let delta = try deltas.next() {
                if book == nil { book = OrderBook(instrumentId: delta.instrumentId, bookType: .l3MBO, expectedOrders: 16_384) }
                do throws(OrderBookError) { try book!.apply(delta) } catch {}
            }
            return book
        }

        /// Times `repeats` replays of each kind, checks each final book, prints the medians.
        private func time(expected: OrderBook, records: Int) throws {
            var oneThread: [UInt64] = [], readingAhead: [UInt64] = []
            var sameBooks = true
            do {
                // One untimed replay of each kind first (code, allocator and file cache warm), as hftbacktest's
                // figures come after its JIT warm-up.
                _ = try Self.replay(file, pricePrecision: pricePrecision)
                _ = try Self.replayReadingAhead(file, pricePrecision: pricePrecision)
                // One kind after the other: a read-ahead replay's thread and chunks then do not disturb the
                // one-thread replays' caches.
                for _ in 0..<repeats {
                    let start = wallClockNow()
                    let book = try Self.replay(file, pricePrecision: pricePrecision).book
                    oneThread.append(wallClockNow().rawValue - start.rawValue)
                    sameBooks = sameBooks && book == expected
                }
                for _ in 0..<repeats {
                    let start = wallClockNow()
                    let book = try Self.replayReadingAhead(file, pricePrecision: pricePrecision)
                    readingAhead.append(wallClockNow().rawValue - start.rawValue)
                    sameBooks = sameBooks && book == expected
                }
            } catch { throw ValidationError("\(file): \(error)") }
            guard sameBooks else { throw ValidationError("\(file): a timed replay ended with another book") }
            for (label, samples) in [("decode and apply on one thread", oneThread), ("decode on a second thread", readingAhead)] {
                let sorted = samples.sorted()
                let median = Double(sorted[sorted.count / 2]) / 1e9
                print("replay, \(label): \(Int(Double(records) / median)) records/s (median of \(samples.count): \(String(format: "%.2f", median * 1e3)) ms; best \(String(format: "%.2f", Double(sorted[0]) / 1e6)) ms)")
            }
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
    }
}
