// EventLog: every trading command and event of a run, in order, as deterministic text; and its digest.
//
// Design decisions:
// - One line per message: `<tsInit> <Kind> <fields…>`, fields in declaration order as `name=value`.
//   Values are rendered by `EventLogFormat`, which never iterates a `Dictionary` or `Set` in hash order
//   (their elements are sorted as text), never prints a pointer and never reads the wall clock, so the
//   same run gives the same bytes in every process (ARCHITECTURE.md, "Threading and determinism").
// - The digest is the SHA-256 of the log's bytes (swift-crypto), fed incrementally, so it is computed
//   whether or not the lines also go to a file. Lines are buffered and handed to the hasher and the file
//   in 64 KiB chunks.
// - The log is a tap, not a stage: `BacktestEngine` attaches it only when one is given (pattern
//   subscriptions on the event topics at the highest priority, so an event is logged before any
//   strategy reacts to it, and a wrapper on the risk engine's endpoint for commands). Without a log the
//   hot path is exactly as before.
// - Not thread-safe: it lives on the kernel thread with the engine.

import Crypto
import Foundation
public import KeelCommon
public import KeelCore
public import KeelModel

/// Why an event log cannot be written.
public struct EventLogError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// The ordered log of a run's commands and events, with its SHA-256 digest.
public final class EventLog {
    /// The file the lines are written to, if any.
    public let path: String?
    /// The number of lines recorded so far.
    public private(set) var lineCount: UInt64 = 0
    /// The number of bytes recorded so far.
    public private(set) var byteCount: UInt64 = 0
    /// Every line, when the log keeps them in memory (`keepsLines`), for tests.
    public private(set) var lines: [String] = []

    private let keepsLines: Bool
    private var hasher = SHA256()
    private var buffer: [UInt8] = []
    private var file: FileHandle?
    private var finalDigest: String?

    /// Creates a log that hashes its lines and, with `path`, writes them to that file (replacing it).
    ///
    /// - Parameter keepsLines: also keep every line in memory (`lines`), for tests and small runs.
    /// - Throws: `EventLogError` if the file cannot be created.
    public init(path: String? = nil, keepsLines: Bool = false) throws(EventLogError) {
        self.path = path
        self.keepsLines = keepsLines
        buffer.reserveCapacity(Self.chunkSize + 1_024)
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw EventLogError(message: "cannot create the event log '\(path)'")
            }
            file = handle
        }
    }

    private static let chunkSize = 64 * 1_024

    /// Records one line (a newline is added).
    public func record(_ line: String) {
        precondition(finalDigest == nil, "Invariant: nothing is recorded after the digest is taken")
        lineCount += 1
        if keepsLines { lines.append(line) }
        buffer.append(contentsOf: line.utf8)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { flush() }
    }

    /// Records a trading command as it reaches the risk engine.
    public func record(command: TradingCommand) {
        record(EventLogFormat.line(tsInit: command.tsInit, kind: command.name, payload: EventLogFormat.payload(of: command)))
    }

    /// Records an order event.
    public func record(orderEvent: OrderEvent) {
        record(EventLogFormat.line(tsInit: orderEvent.tsInit, kind: orderEvent.name, payload: EventLogFormat.payload(of: orderEvent)))
    }

    /// Records a position event.
    public func record(positionEvent: PositionEvent) {
        record(EventLogFormat.line(tsInit: positionEvent.tsInit, kind: positionEvent.kind.description, payload: positionEvent))
    }

    /// Records an account state.
    public func record(accountState: AccountState) {
        record(EventLogFormat.line(tsInit: accountState.tsInit, kind: "AccountState", payload: accountState))
    }

    /// Records a change of the risk engine's trading state.
    public func record(tradingState: TradingStateChanged) {
        record(EventLogFormat.line(tsInit: tradingState.tsInit, kind: "TradingStateChanged", payload: tradingState))
    }

    /// Ends the log (flushing and closing the file) and returns the SHA-256 of its bytes as lowercase hex.
    /// Calling it again returns the same digest.
    @discardableResult
    public func finish() -> String {
        if let finalDigest { return finalDigest }
        flush()
        try? file?.close()
        file = nil
        let digest = hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
        finalDigest = digest
        return digest
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        byteCount += UInt64(buffer.count)
        hasher.update(data: buffer)
        if let file { file.write(Data(buffer)) }
        buffer.removeAll(keepingCapacity: true)
    }
}

/// The deterministic text of event-log values.
public enum EventLogFormat {
    /// `<tsInit> <kind> name=value …` for the stored properties of `payload`, in declaration order.
    public static func line(tsInit: UnixNanos, kind: String, payload: Any) -> String {
        var out = String(tsInit.rawValue)
        out += " "
        out += kind
        for child in Mirror(reflecting: payload).children {
            guard let label = child.label, label != "tsInit" else { continue }
            out += " "
            out += label
            out += "="
            out += text(child.value)
        }
        return out
    }

    /// The associated value of an enum case (the message inside a command or event enum), or the value.
    static func payload(of value: Any) -> Any {
        let mirror = Mirror(reflecting: value)
        if mirror.displayStyle == .enum, let child = mirror.children.first { return child.value }
        return value
    }

    /// The text of one value: its `description` if it has one, else its parts, recursively; optionals as
    /// the value or `None`; dictionaries and sets with their elements sorted as text.
    public static func text(_ value: Any) -> String {
        let mirror = Mirror(reflecting: value)
        switch mirror.displayStyle {
        case .optional:
            guard let some = mirror.children.first else { return "None" }
            return text(some.value)
        case .collection, .tuple:
            return "[" + mirror.children.map { text($0.value) }.joined(separator: ",") + "]"
        case .dictionary, .set:
            return "{" + mirror.children.map { text($0.value) }.sorted().joined(separator: ",") + "}"
        default:
            break
        }
        if let describable = value as? any CustomStringConvertible { return describable.description }
        switch mirror.displayStyle {
        case .struct, .class:
            let parts = mirror.children.map { ($0.label ?? "_") + "=" + text($0.value) }
            return "\(type(of: value))(" + parts.joined(separator: ",") + ")"
        case .enum:
            if let child = mirror.children.first {
                return (child.label ?? "\(value)") + "(" + text(child.value) + ")"
            }
            return "\(value)"
        default:
            return "\(value)"
        }
    }
}
