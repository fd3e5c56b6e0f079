// CustomData: user-defined data carried through Keel next to market data.
//
// Design decisions:
// - Users define their own payload types (greeks, signals, alternative data) by conforming a `Sendable`,
//   `Hashable` value to `CustomDataPayload`. `CustomData` holds it as `any CustomDataPayload`: an
//   existential, which may box (allocate) payloads over 24 bytes. That is accepted here and only here
//   because custom data is not the hot path — quotes, trades and bars have their own concrete types and
//   routes, and never go through this box.
// - A `DataType` names the data for subscriptions and topics: the payload's type name plus ordered
//   metadata (`"OptionGreeks"`, `["instrument_id": "SPY.XNAS"]`). Order is kept as given, so the topic text
//   is deterministic; duplicate keys are rejected. Its topic text follows NautilusTrader:
//   `TypeName.key1=value1.key2=value2`.

public import KeelCore

/// A user-defined data payload carried in `CustomData`.
///
/// Implementation requirements: a value type (or an immutable final class) that is `Sendable` and
/// `Hashable`, with a stable `typeName` (used in data types, topics and persistence; keep it unique).
public protocol CustomDataPayload: Hashable, Sendable {
    /// The name of the payload type in data types and topics, e.g. `"OptionGreeks"`.
    static var typeName: String { get }
}

extension CustomDataPayload {
    /// True if `other` is a payload of this type and equal to `self`.
    func isEqual(to other: any CustomDataPayload) -> Bool {
        guard let other = other as? Self else { return false }
        return self == other
    }
}

/// The type of a custom data stream: a type name plus ordered metadata.
public struct DataType: Hashable, Sendable {
    /// One metadata entry.
    public struct Entry: Hashable, Sendable {
        /// The key, unique within a data type.
        public let key: String
        /// The value.
        public let value: String
    }

    /// The payload's type name.
    public let typeName: String
    /// The metadata, in the order given.
    public let metadata: [Entry]

    /// Creates a data type.
    ///
    /// - Throws: `ValidationError` naming `DataType.typeName` if it is empty, or `DataType.metadata` if a
    ///   key is empty or repeated.
    public init(typeName: String, metadata: KeyValuePairs<String, String> = [:]) throws(ValidationError) {
        guard !typeName.isEmpty else { throw ValidationError(field: "DataType.typeName", reason: "must not be empty") }
        var entries: [Entry] = []
        entries.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            guard !key.isEmpty else { throw ValidationError(field: "DataType.metadata", reason: "a key must not be empty") }
            guard !entries.contains(where: { $0.key == key }) else {
                throw ValidationError(field: "DataType.metadata", reason: "key '\(key)' is repeated")
            }
            entries.append(Entry(key: key, value: value))
        }
        self.typeName = typeName
        self.metadata = entries
    }

    /// The data type of `payloadType` without metadata.
    public init<P: CustomDataPayload>(_ payloadType: P.Type) {
        self.typeName = P.typeName
        self.metadata = []
    }

    /// The value for `key`, if present.
    ///
    /// - Complexity: O(n) in the number of metadata entries (a handful).
    public subscript(key: String) -> String? {
        metadata.first(where: { $0.key == key })?.value
    }

    /// The topic text, `TypeName.key1=value1.key2=value2` (just `TypeName` without metadata).
    public var topic: String {
        var text = typeName
        for entry in metadata { text += ".\(entry.key)=\(entry.value)" }
        return text
    }
}

extension DataType: CustomStringConvertible {
    /// The topic text.
    public var description: String { topic }
}

/// A user-defined payload with its data type and timestamps.
public struct CustomData: TimestampedData, Hashable {
    /// The data type (type name and metadata).
    public let dataType: DataType
    /// The user's payload.
    public let payload: any CustomDataPayload
    /// When the data happened at its source.
    public let tsEvent: UnixNanos
    /// When Keel created the value.
    public let tsInit: UnixNanos

    /// Wraps `payload` with a data type the code knows matches it; traps if `dataType.typeName` is not
    /// `P.typeName`.
    public init<P: CustomDataPayload>(_ payload: P, dataType: DataType, tsEvent: UnixNanos, tsInit: UnixNanos) {
        precondition(dataType.typeName == P.typeName, "Invariant: custom data's type name matches its payload's ('\(dataType.typeName)' vs '\(P.typeName)')")
        self.dataType = dataType
        self.payload = payload
        self.tsEvent = tsEvent
        self.tsInit = tsInit
    }

    /// Wraps `payload` with the data type of `P` (no metadata).
    public init<P: CustomDataPayload>(_ payload: P, tsEvent: UnixNanos, tsInit: UnixNanos) {
        self.init(payload, dataType: DataType(P.self), tsEvent: tsEvent, tsInit: tsInit)
    }

    /// Wraps `payload` with a data type from external input.
    ///
    /// - Throws: `ValidationError` naming `CustomData.dataType` if its type name is not `P.typeName`.
    public init<P: CustomDataPayload>(
        validating payload: P, dataType: DataType, tsEvent: UnixNanos, tsInit: UnixNanos
    ) throws(ValidationError) {
        guard dataType.typeName == P.typeName else {
            throw ValidationError(field: "CustomData.dataType", reason: "type name '\(dataType.typeName)' is not the payload's '\(P.typeName)'")
        }
        self.init(payload, dataType: dataType, tsEvent: tsEvent, tsInit: tsInit)
    }

    /// The payload as `P`, or nil if it is of another type.
    public func payload<P: CustomDataPayload>(as type: P.Type) -> P? { payload as? P }

    /// Equal if the data types, timestamps and payloads (of one type) are equal.
    public static func == (lhs: CustomData, rhs: CustomData) -> Bool {
        lhs.dataType == rhs.dataType && lhs.tsEvent == rhs.tsEvent && lhs.tsInit == rhs.tsInit
            && lhs.payload.isEqual(to: rhs.payload)
    }

    /// Hashes the data type, timestamps and payload.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(dataType)
        hasher.combine(tsEvent)
        hasher.combine(tsInit)
        payload.hash(into: &hasher)
    }
}
