// EventLog: every trading command and event of a run, in order, as deterministic text; and its digest.
//
// Design decisions:
// - One line per message: `<tsInit> <Kind> <fields…>`, fields in declaration order as `name=value`.
//   Lines are written by hand (`LineWriter`, EventLogLine.swift) straight into a byte buffer: no
//   reflection, no intermediate `String` per value. Every recorded type is a struct of scalars,
//   identifiers and arrays (no `Dictionary` or `Set`), values are printed from their raw integers, and
//   nothing prints a pointer or reads the wall clock, so the same run gives the same bytes in every
//   process (ARCHITECTURE.md, "Threading and determinism"). Timestamps are printed as raw nanoseconds.
// - The digest is the SHA-256 of the log's bytes (swift-crypto), fed incrementally, so it is computed
//   whether or not the lines also go to a file.
// - The kernel thread only records: it copies each message (a `Sendable` value) into a batch and hands
//   full batches to a serial dispatch queue, where `EventLogSink` formats, hashes and writes them.
//   Formatting and hashing are as much work as the run that produces the messages (S1: 52 MB of text;
//   formatting ~1.0 G and SHA-256 ~1.7 G instructions, 43% of the run), and nothing in the run waits for
//   them. The queue keeps the order, so the bytes and the digest are those of a log written inline. At
//   most `depth` batches wait (a semaphore): a slow disk holds the run back instead of growing memory.
//   `finish()`, `byteCount` and `lines` hand over what is pending and wait for the sink.
// - The log is a tap, not a stage: `BacktestEngine` attaches it only when one is given (pattern
//   subscriptions on the event topics at the highest priority, so an event is logged before any
//   strategy reacts to it, and a wrapper on the risk engine's endpoint for commands). Without a log the
//   hot path is exactly as before.
// - `EventLog` is not thread-safe: it lives on the kernel thread with the engine. The sink touches nothing
//   of the kernel's.

import Crypto
import Dispatch
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

    private let sink: EventLogSink
    private let queue = DispatchQueue(label: "keel.event-log")
    private let freeSlots = DispatchSemaphore(value: EventLog.depth)
    @exclusivity(unchecked) private var pending: [LogRecord] = []
    private var finalDigest: String?

    /// Messages per hand-over: a batch of the largest records (a command, ~1.1 KB) stays under 128 KiB, off
    /// the allocator's mmap path.
    private static let batchSize = 96
    /// Batches handed over and not yet written, at most.
    private static let depth = 8

    /// Creates a log that hashes its lines and, with `path`, writes them to that file (replacing it).
    ///
    /// - Parameter keepsLines: also keep every line in memory (`lines`), for tests and small runs.
    /// - Throws: `EventLogError` if the file cannot be created.
    public init(path: String? = nil, keepsLines: Bool = false) throws(EventLogError) {
        self.path = path
        var file: FileHandle?
        if let path {
            guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
                throw EventLogError(message: "cannot create the event log '\(path)'")
            }
            file = handle
        }
        sink = EventLogSink(file: file, keepsLines: keepsLines)
        pending.reserveCapacity(Self.batchSize)
    }

    /// The number of bytes recorded so far (waits for the lines recorded to be written).
    public var byteCount: UInt64 {
        let sink = self.sink
        handOver()
        return queue.sync { sink.byteCount }
    }

    /// Every line, when the log keeps them in memory (`keepsLines`), for tests (waits as `byteCount`).
    public var lines: [String] {
        let sink = self.sink
        handOver()
        return queue.sync { sink.lines }
    }

    /// Records one line (a newline is added).
    public func record(_ line: String) { append(.line(line)) }

    /// Records a trading command as it reaches the risk engine.
    public func record(command: TradingCommand) { append(.command(command)) }

    /// Records an order event.
    public func record(orderEvent: OrderEvent) { append(.orderEvent(orderEvent)) }

    /// Records a position event.
    public func record(positionEvent: PositionEvent) { append(.positionEvent(positionEvent)) }

    /// Records an account state.
    public func record(accountState: AccountState) { append(.accountState(accountState)) }

    /// Records a change of the risk engine's trading state.
    public func record(tradingState: TradingStateChanged) { append(.tradingState(tradingState)) }

    private func append(_ record: consuming LogRecord) {
        precondition(finalDigest == nil, "Invariant: nothing is recorded after the digest is taken")
        lineCount += 1
        pending.append(record)
        if pending.count >= Self.batchSize { handOver() }
    }

    /// Ends the log (writing what is pending and closing the file) and returns the SHA-256 of its bytes as
    /// lowercase hex. Calling it again returns the same digest.
    @discardableResult
    public func finish() -> String {
        if let finalDigest { return finalDigest }
        handOver()
        let sink = self.sink
        let digest = queue.sync { sink.finish() }
        finalDigest = digest
        return digest
    }

    /// Hands the pending records to the sink's queue.
    private func handOver() {
        guard !pending.isEmpty else { return }
        let batch = pending
        pending = []
        pending.reserveCapacity(Self.batchSize)
        freeSlots.wait()
        let sink = self.sink
        let freeSlots = self.freeSlots
        queue.async {
            sink.write(batch)
            freeSlots.signal()
        }
    }
}

/// One recorded message, on its way to the sink.
private enum LogRecord: Sendable {
    case line(String)
    case command(TradingCommand)
    case orderEvent(OrderEvent)
    case positionEvent(PositionEvent)
    case accountState(AccountState)
    case tradingState(TradingStateChanged)
}

/// Formats, hashes and writes an event log's records; used only on the log's serial queue.
private final class EventLogSink: @unchecked Sendable {
    // Unchecked: every use after `init` runs on the owning `EventLog`'s serial queue, one at a time.
    private var hasher = SHA256()
    private var file: FileHandle?
    private var buffer = LogBytes(capacity: EventLogSink.chunkSize + 4_096)
    private let keepsLines: Bool
    private(set) var lines: [String] = []
    private(set) var byteCount: UInt64 = 0

    private static let chunkSize = 64 * 1_024

    init(file: FileHandle?, keepsLines: Bool) {
        self.file = file
        self.keepsLines = keepsLines
    }

    deinit {
        buffer.deallocate()
        try? file?.close()
    }

    func write(_ batch: [LogRecord]) {
        for record in batch {
            var writer = LineWriter(bytes: buffer)  // moves the buffer in (a pointer copy) …
            let start = writer.bytes.count
            switch record {
            case .line(let text): writer.bytes.append(text)
            case .command(let command): writer.command(command)
            case .orderEvent(let event): writer.orderEvent(event)
            case .positionEvent(let event): writer.positionEvent(event)
            case .accountState(let state): writer.accountState(state)
            case .tradingState(let state): writer.tradingState(state)
            }
            if keepsLines { lines.append(String(decoding: writer.bytes.bufferPointer[start...], as: UTF8.self)) }
            writer.bytes.append(UInt8(ascii: "\n"))
            byteCount &+= UInt64(writer.bytes.count - start)
            buffer = writer.bytes  // … and back: it may have grown
            if buffer.count >= Self.chunkSize { flush() }
        }
    }

    private func flush() {
        guard !buffer.isEmpty else { return }
        hasher.update(bufferPointer: buffer.bufferPointer)
        if let file { file.write(Data(buffer.bufferPointer)) }
        buffer.removeAll()
    }

    /// Writes what is buffered, closes the file and returns the digest as lowercase hex.
    func finish() -> String {
        flush()
        try? file?.close()
        file = nil
        return hasher.finalize().map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }
}
