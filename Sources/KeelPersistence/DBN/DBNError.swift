// DBNError: the one error type of the DBN decoder.
//
// Every failure names the file, the byte offset and the field, so a user can open the file in a hex
// viewer at that offset. For zstd input the offset is into the decompressed stream (the DBN layout's
// offsets), and the message says so. Typed throws (`throws(DBNError)`) let callers switch on `code`.

/// A DBN file that cannot be decoded: what is wrong, in which file, at which byte and in which field.
public struct DBNError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public enum Code: Hashable, Sendable {
        /// The file could not be opened or read.
        case io
        /// The first bytes are not `DBN` (nor a zstd frame holding `DBN`).
        case badMagic
        /// The version byte is not 1, 2 or 3.
        case unsupportedVersion
        /// The metadata header is inconsistent (a length or count that does not fit, bad text).
        case corruptMetadata
        /// The metadata names a schema or symbology type this decoder does not know.
        case unknownSchema
        /// A record has an rtype this decoder does not know.
        case unknownRType
        /// A record's length byte is too small for its rtype.
        case badRecordLength
        /// The file ends inside the metadata or a record.
        case truncated
        /// The zstd data is corrupt or ends inside a frame.
        case corruptCompression
        /// A well-formed record holds a value Keel cannot map to market data (a price off the instrument's
        /// grid, an unknown action, an instrument without a symbol); raised by `DBNDataReader`.
        case invalidValue
    }

    /// The kind of failure.
    public let code: Code
    /// The file being decoded.
    public let path: String
    /// The byte offset of the failure (into the decompressed stream for zstd input).
    public let offset: UInt64
    /// The field being read, e.g. `"metadata.schema"` or `"MboMsg.hd.length"`.
    public let field: String
    /// What is wrong, in words.
    public let reason: String
    /// True if `offset` is into decompressed bytes.
    public let decompressed: Bool

    /// Creates an error.
    public init(_ code: Code, path: String, offset: UInt64, field: String, reason: String, decompressed: Bool = false) {
        self.code = code
        self.path = path
        self.offset = offset
        self.field = field
        self.reason = reason
        self.decompressed = decompressed
    }

    /// `FILE: byte OFFSET (decompressed): field 'FIELD': REASON`.
    public var description: String {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        return "\(name): byte \(offset)\(decompressed ? " (decompressed)" : ""): field '\(field)': \(reason)"
    }
}
