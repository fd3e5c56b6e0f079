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
// - A batch keeps one array per message type plus the order of the kinds, not one array of an enum over all
//   types: the enum was as large as its largest case (a command, ~1.1 KB), so every order event, position event
//   and account state (S1: 97k states of ~100 bytes) was copied into a 1.1 KB slot. Batches are recycled: the
//   sink returns a written batch to a pool the recorder takes from, so the kernel thread neither allocates a
//   fresh batch per hand-over (with 96-message batches, ~27% of S1's page faults) nor frees one the sink has let
//   go of. The recorder empties a batch it takes (keeping its capacity): the records' boxed events and commands
//   are then freed on the thread that allocated them, into its own malloc cache. Freed by the sink, they went
//   back under the malloc arena's lock, and the kernel thread waited on that lock (futex calls in S1: 2,860
//   with sink-side emptying and 96-message batches, 90 now).
// - 512 messages per hand-over: each hand-over to an idle sink wakes its thread (a system call and a thread
//   switch on the kernel thread); S1 hands over ~220 times instead of ~1,160.
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
    private let pool = LogBatchPool()
    @exclusivity(unchecked) private var pending = LogBatch()
    private var finalDigest: String?

    /// Messages per hand-over.
    private static let batchSize = 512
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
    public func record(_ line: String) {
        willAppend()
        pending.append(.line)
        pending.lines.append(line)
        didAppend()
    }

    /// Records a trading command as it reaches the risk engine.
    public func record(command: TradingCommand) {
        willAppend()
        pending.append(.command)
        pending.commands.append(command)
        didAppend()
    }

    /// Records an order event.
    public func record(orderEvent: OrderEvent) {
        willAppend()
        pending.append(.orderEvent)
        pending.orderEvents.append(orderEvent)
        didAppend()
    }

    /// Records a position event.
    public func record(positionEvent: PositionEvent) {
        willAppend()
        pending.append(.positionEvent)
        pending.positionEvents.append(positionEvent)
        didAppend()
    }

    /// Records an account state.
    public func record(accountState: AccountState) {
        willAppend()
        pending.append(.accountState)
        pending.accountStates.append(accountState)
        didAppend()
    }

    /// Records a change of the risk engine's trading state.
    public func record(tradingState: TradingStateChanged) {
        willAppend()
        pending.append(.tradingState)
        pending.tradingStates.append(tradingState)
        didAppend()
    }

    @inline(__always)
    private func willAppend() {
        precondition(finalDigest == nil, "Invariant: nothing is recorded after the digest is taken")
        lineCount += 1
    }

    @inline(__always)
    private func didAppend() {
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

    /// Hands the pending records to the sink's queue and takes an empty batch from the pool.
    private func handOver() {
        guard pending.count > 0 else { return }
        let batch = pending
        freeSlots.wait()
        let sink = self.sink
        let pool = self.pool
        let freeSlots = self.freeSlots
        queue.async {
            sink.write(batch)
            pool.give(batch)  // before the slot is freed: the recorder, woken by it, finds the batch
            freeSlots.signal()
        }
        pending = pool.take()
        pending.removeAll()  // on the kernel thread: see "Batches are recycled" above
    }
}

/// The kind of a recorded message: which of a batch's arrays holds it.
private enum LogRecordKind: UInt8 {
    case line, command, orderEvent, positionEvent, accountState, tradingState
}

/// Recorded messages on their way to the sink: one array per message type, and the kinds in recording order.
///
/// Unchecked `Sendable`: a batch is filled on the kernel thread, then handed to the sink's queue, which empties
/// it and returns it to the pool; one side holds it at a time, and the hand-over and the pool's lock order
/// their accesses.
private final class LogBatch: @unchecked Sendable {
    private(set) var kinds: [LogRecordKind] = []
    var lines: [String] = []
    var commands: [TradingCommand] = []
    var orderEvents: [OrderEvent] = []
    var positionEvents: [PositionEvent] = []
    var accountStates: [AccountState] = []
    var tradingStates: [TradingStateChanged] = []

    var count: Int { kinds.count }

    @inline(__always)
    func append(_ kind: LogRecordKind) { kinds.append(kind) }

    /// Empties every array, keeping the capacity for the batch's next use (called by the recorder, on the
    /// kernel thread, when it takes the batch from the pool).
    func removeAll() {
        kinds.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        commands.removeAll(keepingCapacity: true)
        orderEvents.removeAll(keepingCapacity: true)
        positionEvents.removeAll(keepingCapacity: true)
        accountStates.removeAll(keepingCapacity: true)
        tradingStates.removeAll(keepingCapacity: true)
    }
}

/// Batches the sink has written, for the recorder to empty and fill again.
private final class LogBatchPool: @unchecked Sendable {
    // Unchecked: `batches` is touched only under `lock`.
    private let lock = NSLock()
    private var batches: [LogBatch] = []

    /// An empty batch: a recycled one if there is one, else a new one.
    func take() -> LogBatch {
        lock.lock()
        let batch = batches.popLast()
        lock.unlock()
        return batch ?? LogBatch()
    }

    /// Returns an emptied batch.
    func give(_ batch: LogBatch) {
        lock.lock()
        batches.append(batch)
        lock.unlock()
    }
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

    func write(_ batch: LogBatch) {
        var lines = 0, commands = 0, orderEvents = 0, positionEvents = 0, accountStates = 0, tradingStates = 0
        for kind in batch.kinds {
            var writer = LineWriter(bytes: buffer)  // moves the buffer in (a pointer copy) …
            let start = writer.bytes.count
            switch kind {
            case .line:
                writer.bytes.append(batch.lines[lines])
                lines += 1
            case .command:
                writer.command(batch.commands[commands])
                commands += 1
            case .orderEvent:
                writer.orderEvent(batch.orderEvents[orderEvents])
                orderEvents += 1
            case .positionEvent:
                writer.positionEvent(batch.positionEvents[positionEvents])
                positionEvents += 1
            case .accountState:
                writer.accountState(batch.accountStates[accountStates])
                accountStates += 1
            case .tradingState:
                writer.tradingState(batch.tradingStates[tradingStates])
                tradingStates += 1
            }
            if keepsLines { self.lines.append(String(decoding: writer.bytes.bufferPointer[start...], as: UTF8.self)) }
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
