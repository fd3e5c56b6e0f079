// Corrupt DBN input: truncated files (cut at many offsets, plain and zstd), a bad magic, an
// unsupported version, a corrupt metadata length, an unknown schema, an unknown rtype and a record
// length too small. Each gives one DBNError naming the file, the byte offset and the field; none
// crashes and none yields a short file as if it were whole.

import Foundation
import KeelCore
import KeelPersistence
import KeelTestKit
import Testing

/// A scratch directory with byte-edited copies of real files.
struct CorruptCopies {
    let dir: String

    init() throws {
        dir = NSTemporaryDirectory() + "keel-dbn-\(UInt64.random(in: 0..<UInt64.max))"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    func write(_ name: String, _ bytes: [UInt8]) throws -> String {
        let path = dir + "/" + name
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    func remove() { try? FileManager.default.removeItem(atPath: dir) }

    static func bytes(_ path: String) throws -> [UInt8] { [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))) }
}

/// Decodes a whole file and returns the error it ends with (nil if it decodes).
func decodeError(_ path: String) -> DBNError? {
    do {
        let decoder = try DBNDecoder(path: path)
        while try decoder.next() != nil {}
        return nil
    } catch {
        return error
    }
}

@Suite(.enabled(if: DBNFile.available, "shared/data/databento is not on this machine"))
struct DBNBadInputTests {
    static let trades = DBNFile.all[7]  // 206-byte metadata, 120 × 48-byte records

    @Test(arguments: [0, 2, 5, 8, 60, 150, 205, 206 + 7, 206 + 47, 206 + 48 + 20, 5_966 - 1])
    func truncatedPlainFileNamesOffsetAndField(cut: Int) throws {
        let copies = try CorruptCopies()
        defer { copies.remove() }
        let bytes = try CorruptCopies.bytes(Self.trades.plainPath)
        let path = try copies.write("cut-\(cut).dbn", Array(bytes[0..<cut]))
        let error = try #require(decodeError(path))
        #expect(error.code == .truncated || (cut < 3 && error.code == .truncated), "\(error)")
        #expect(error.path == path)
        #expect(error.description.hasPrefix("cut-\(cut).dbn: byte "), "\(error)")
        if cut >= 206 {
            // A cut inside a record is reported at the record's end of data, naming the record.
            #expect(error.field == "record header" || error.field == "TradeMsg", "\(error)")
            #expect(error.offset <= UInt64(cut) && error.offset >= UInt64(cut - (cut - 206) % 48))
        } else if cut >= 8 {
            #expect(error.field == "metadata", "\(error)")
        }
    }

    @Test(arguments: [10, 100, 500, 1_000, 2_000])
    func truncatedZstdFileIsAnErrorNotAShortRead(cut: Int) throws {
        let copies = try CorruptCopies()
        defer { copies.remove() }
        let bytes = try CorruptCopies.bytes(Self.trades.zstPath)
        let path = try copies.write("cut-\(cut).dbn.zst", Array(bytes[0..<cut]))
        let error = try #require(decodeError(path))
        #expect(error.code == .truncated || error.code == .corruptCompression, "\(error)")
        #expect(error.decompressed)
    }

    @Test func corruptZstdDataIsAnError() throws {
        let copies = try CorruptCopies()
        defer { copies.remove() }
        var bytes = try CorruptCopies.bytes(Self.trades.zstPath)
        for k in 40..<120 { bytes[k] ^= 0x5A }
        let error = try #require(decodeError(try copies.write("flipped.dbn.zst", bytes)))
        #expect(error.code == .corruptCompression || error.code == .badMagic || error.code == .corruptMetadata, "\(error)")
    }

    /// (name, byte offset to change, new bytes, expected code, expected field).
    static let edits: [(String, Int, [UInt8], DBNError.Code, String)] = [
        ("magic", 0, [0x44, 0x42, 0x5A], .badMagic, "magic"),
        ("version", 3, [9], .unsupportedVersion, "version"),
        ("version0", 3, [0], .unsupportedVersion, "version"),
        ("metadata length", 4, [0xFF, 0xFF, 0xFF, 0x7F], .corruptMetadata, "metadata.length"),
        ("short metadata length", 4, [10, 0, 0, 0], .corruptMetadata, "metadata.length"),
        ("schema", 24, [0x99, 0], .unknownSchema, "metadata.schema"),
        ("stype_out", 59, [77], .unknownSchema, "metadata.stype_out"),
        ("symbol count", 112, [0xFF, 0xFF, 0, 0], .corruptMetadata, "metadata.symbols.count"),
        ("rtype", 206 + 1, [0x77], .unknownRType, "hd.rtype"),
        ("record length", 206 + 48 * 3, [1], .badRecordLength, "TradeMsg.hd.length"),
    ]

    @Test(arguments: 0..<edits.count)
    func corruptHeaderOrRecordNamesTheField(index: Int) throws {
        let (name, offset, patch, code, field) = Self.edits[index]
        let copies = try CorruptCopies()
        defer { copies.remove() }
        var bytes = try CorruptCopies.bytes(Self.trades.plainPath)
        bytes.replaceSubrange(offset..<(offset + patch.count), with: patch)
        let error = try #require(decodeError(try copies.write("edit.dbn", bytes)), "\(name)")
        #expect(error.code == code, "\(name): \(error)")
        #expect(error.field == field, "\(name): \(error)")
        #expect(error.offset == UInt64(offset) || code == .unknownRType || code == .badRecordLength || code == .badMagic, "\(name): \(error)")
        #expect(error.description.contains("edit.dbn: byte "), "\(error)")
    }

    @Test func recordErrorsReportTheRecordOffset() throws {
        let copies = try CorruptCopies()
        defer { copies.remove() }
        var bytes = try CorruptCopies.bytes(Self.trades.plainPath)
        bytes[206 + 48 * 5 + 1] = 0xEE
        let error = try #require(decodeError(try copies.write("rtype.dbn", bytes)))
        #expect(error.offset == UInt64(206 + 48 * 5 + 1) && error.description.contains("record 5"), "\(error)")
    }

    @Test func missingFileIsAnIOError() {
        let error = decodeError("/nonexistent/keel/file.dbn")
        #expect(error?.code == .io)
    }

    @Test func everyTruncationOfTheMetadataFails() throws {
        // Exhaustive over the metadata of the two-symbol OHLCV file (284 bytes): no crash, always an error.
        let copies = try CorruptCopies()
        defer { copies.remove() }
        let bytes = try CorruptCopies.bytes(DBNFile.all[8].plainPath)
        for cut in 0..<284 {
            let path = try copies.write("m.dbn", Array(bytes[0..<cut]))
            #expect(decodeError(path) != nil, "cut \(cut)")
        }
    }
}
