// `keel data …`: look at market data files.
//
// - `keel data inspect FILE`: the kind of file, its counts, time range and quirks (KeelPersistence's
//   `DataInspector`).
// - `keel data book FILE --depth N`: replays a Databento MBO file into an L3 order book, applying deltas
//   one by one as NautilusTrader does (a side-less fill of an order already gone is counted and skipped),
//   and prints the top levels per side (price, size, order count), the best bid and ask and the counts.

import ArgumentParser
import Foundation
import KeelCore
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

        func run() throws {
            let decoder: DBNDecoder
            do { decoder = try DBNDecoder(path: file) } catch { throw ValidationError("\(error)") }
            var symbology = DBNSymbology(metadata: decoder.metadata)
            var book: OrderBook?
            var deltas = 0, skipped = 0, records = 0
            do {
                while let record = try decoder.next() {
                    records += 1
                    guard case .mbo(let mbo) = record else { continue }
                    let instrumentId = try symbology.instrumentId(for: mbo.header)
                    guard let delta = try mbo.orderBookDelta(instrumentId: instrumentId, pricePrecision: pricePrecision) else { continue }
                    if book == nil { book = OrderBook(instrumentId: instrumentId, bookType: .l3MBO, expectedOrders: 16_384) }
                    deltas += 1
                    do { try book!.apply(delta) } catch { skipped += 1 }
                }
            } catch {
                throw ValidationError("\(file): \(error)")
            }
            guard let book else { throw ValidationError("\(file): no MBO records") }
            print("instrument: \(book.instrumentId)")
            print("records: \(records), deltas: \(deltas), rejected: \(skipped), update count: \(book.updateCount), last sequence: \(book.lastSequence)")
            print("best bid: \(book.bestBidPrice?.description ?? "-")  best ask: \(book.bestAskPrice?.description ?? "-")")
            print("bids: \(book.bidLevelCount) levels, asks: \(book.askLevelCount) levels, orders: \(book.orderCount)")
            print("side  price        size  orders")
            for level in book.asks(depth: depth).reversed() { print("ask   \(pad(level.price.description, 10)) \(pad(level.size.description, 6)) \(level.orderCount)") }
            for level in book.bids(depth: depth) { print("bid   \(pad(level.price.description, 10)) \(pad(level.size.description, 6)) \(level.orderCount)") }
        }

        private func pad(_ text: String, _ width: Int) -> String {
            text.count >= width ? text : String(repeating: " ", count: width - text.count) + text
        }
    }
}
