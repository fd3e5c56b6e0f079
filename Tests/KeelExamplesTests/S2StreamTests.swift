// The S2 stream (../shared/reference/nautilus/build_s2_stream.py): Keel builds the reference's bytes.

import Foundation
import KeelCore
import KeelExamples
import KeelModel
import KeelPersistence
import KeelTestKit
import Testing

/// The S2 files in `shared/`: the stream's source and the reference's fills.
enum S2Files {
    static let source = "data/fx/quote_tick_data.csv"
    static let reference = "reference/nautilus/out/s2_quotes_strategy_fills.csv"
    static var available: Bool { (SharedData.exists(source) && SharedData.exists(reference)) || SharedData.isCI }
}

/// The sha256 of the bytes `write` hands to its sink, computed by the system's `sha256sum` (the test
/// target has no hashing library).
func sha256Hex(_ write: (([UInt8]) throws -> Void) throws -> Void) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["sha256sum"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    try write { bytes in try input.fileHandleForWriting.write(contentsOf: Data(bytes)) }
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return String(text.prefix { !$0.isWhitespace })
}

@Suite struct S2StreamTests {
    @Test(.enabled(if: S2Files.available, "the S2 data is not on this machine"))
    func csvHasTheReferenceDigest() throws {
        let stream = try S2Stream(sourcePath: SharedData.path(S2Files.source))
        #expect(stream.base.count == 9_500)
        #expect(stream.count == 2_004_500)
        #expect(stream.base.first?.tsInit == UnixNanos(1_577_898_000_065_000_000))
        #expect(try sha256Hex { sink in try stream.writeCSV(sink) } == S2Stream.sha256)
    }

    @Test(.enabled(if: S2Files.available, "the S2 data is not on this machine"))
    func quotesAreTheCopiesOfTheSource() throws {
        let stream = try S2Stream(sourcePath: SharedData.path(S2Files.source), repeats: 3)
        let quotes = stream.quotes()
        #expect(quotes.count == 28_500)
        let last = try #require(quotes.last), lastBase = try #require(stream.base.last)
        #expect(last.tsInit == lastBase.tsInit + .days(2) && last.tsEvent == last.tsInit)
        #expect(last.bidPrice == lastBase.bidPrice && last.askPrice == lastBase.askPrice)
        #expect(quotes[0].bidPrice.precision == 5 && quotes[0].bidSize == Quantity(units: 1_000_000))
        #expect(zip(quotes, quotes.dropFirst()).allSatisfy { $0.tsInit < $1.tsInit })
        // The CSV reads back as the same quotes.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("keel-s2-\(ProcessInfo.processInfo.processIdentifier).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try stream.write(toPath: path)
        let (loaded, _) = try CSVLoader.loadQuotes(path: path, layout: S2Stream.csvLayout())
        #expect(loaded == quotes)
    }
}
