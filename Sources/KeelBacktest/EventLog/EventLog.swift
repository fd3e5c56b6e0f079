// EventLog: every trading command and event of a run, in order, as deterministic text; and its digest.
//
// Design decisions:
// - One line per message: `<tsInit> <Kind> <fields…>`, fields in declaration order as `name=value`.
//   Lines are written by hand (`LineWriter`, EventLogLine.swift) straight into the log's byte buffer:
//   no reflection, no intermediate `String` per value. Every recorded type is a struct of scalars,
//   identifiers and arrays (no `Dictionary` or `Set`), values are printed from their raw integers, and
//   nothing prints a pointer or reads the wall clock, so the same run gives the same bytes in every
//   process (ARCHITECTURE.md, "Threading and determinism"). Timestamps are printed as raw nanoseconds.
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
import KeelCore
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
    private var buffer = LogBytes(capacity: EventLog.chunkSize + 4_096)
    private var file: FileHandle?
    private var finalDigest: String?

    /// Creates a log that hashes its lines and, with `path`, writes them to that file (replacing it).
    ///
    /// - Parameter keepsLines: also keep every line in memory (`lines`), for tests and small runs.
    /// - Throws: `EventLogError` if the file cannot be created.
    public init(path: String? = nil, keepsLines: Bool = false) throws(EventLogError) {
        self.path = path
        self.keepsLines = keepsLines
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw EventLogError(message: "cannot create the event log '\(path)'")
            }
            file = handle
        }
    }

    private static let chunkSize = 64 * 1_024

    deinit { buffer.deallocate() }

    /// Records one line (a newline is added).
    public func record(_ line: String) {
        precondition(finalDigest == nil, "Invariant: nothing is recorded after the digest is taken")
        lineCount += 1
        if keepsLines { lines.append(line) }
        buffer.append(line)
        buffer.append(UInt8(ascii: "\n"))
        if buffer.count >= Self.chunkSize { flush() }
    }

    /// Records a trading command as it reaches the risk engine.
    public func record(command: TradingCommand) {
        write { $0.command(command) }
    }

    /// Records an order event.
    public func record(orderEvent: OrderEvent) {
        write { $0.orderEvent(orderEvent) }
    }

    /// Records a position event.
    public func record(positionEvent: PositionEvent) {
        write { $0.positionEvent(positionEvent) }
    }

    /// Records an account state.
    public func record(accountState: AccountState) {
        write { $0.accountState(accountState) }
    }

    /// Records a change of the risk engine's trading state.
    public func record(tradingState: TradingStateChanged) {
        write { $0.tradingState(tradingState) }
    }

    /// Appends one line written by `body` (a newline is added) directly to the buffer.
    private func write(_ body: (inout LineWriter) -> Void) {
        precondition(finalDigest == nil, "Invariant: nothing is recorded after the digest is taken")
        lineCount += 1
        var writer = LineWriter(bytes: buffer)  // moves the buffer in (a pointer copy) …
        let start = writer.bytes.count
        body(&writer)
        if keepsLines { lines.append(String(decoding: writer.bytes.bufferPointer[start...], as: UTF8.self)) }
        writer.bytes.append(UInt8(ascii: "\n"))
        buffer = writer.bytes  // … and back: it may have grown
        if buffer.count >= Self.chunkSize { flush() }
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
        hasher.update(bufferPointer: buffer.bufferPointer)
        if let file { file.write(Data(buffer.bufferPointer)) }
        buffer.removeAll()
    }
}
