// `keel inspect`: parse domain values and show how Keel represents them.

import ArgumentParser
import KeelCore
import KeelModel

/// `keel inspect`: checks and shows domain values, for scripts and for users learning the model.
struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Parse domain values and show how Keel represents them.",
        subcommands: [PriceCommand.self, InstrumentIdCommand.self, TimestampCommand.self]
    )

    struct PriceCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "price", abstract: "Parse a decimal price.")
        @Argument(help: "Decimal text, e.g. 1.23450") var text: String
        @Option(help: "Round to this precision") var precision: UInt8?
        func run() throws {
            let price = try precision.map { try Price(text, precision: $0) } ?? Price(text)
            print("price: \(price) raw: \(price.raw) precision: \(price.precision)")
        }
    }

    struct InstrumentIdCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "instrument-id", abstract: "Parse SYMBOL.VENUE.")
        @Argument var text: String
        func run() throws {
            let id = try InstrumentId(validating: text)
            print("symbol: \(id.symbol) venue: \(id.venue)")
        }
    }

    struct TimestampCommand: ParsableCommand {
        static let configuration = CommandConfiguration(commandName: "timestamp", abstract: "Convert ISO-8601 text or nanoseconds.")
        @Argument var text: String
        func run() throws {
            if let n = UInt64(text) {
                print(UnixNanos(n).iso8601)
            } else {
                print(try UnixNanos(iso8601: text).rawValue)
            }
        }
    }
}
