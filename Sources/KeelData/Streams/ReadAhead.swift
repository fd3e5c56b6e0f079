// ReadAhead: a source of values that runs on a thread of its own, handing them over in chunks.
//
// Design decisions:
// - Decoding a file (decompression, parsing, building values) is independent of the replay, so it can run
//   beside it: on a machine with a core to spare the replay then waits only for the first chunk. A DBN
//   file's decoding is about a third of an L3 replay's work (S3).
// - The source is built ON the producer thread from a `@Sendable` factory, so a non-Sendable decoder never
//   crosses threads; only `MarketData` values (Sendable) do, in arrays of `chunkSize`.
// - Bounded: at most `depth` chunks wait ahead of the consumer (a semaphore of free slots), so memory does
//   not grow with the file. Nothing starts before the first value is asked for, so decoding is part of
//   the run it serves, never done ahead of it.
// - Order and errors are kept: values arrive in the order the source produced them; a source error is
//   delivered after the values before it, as the synchronous stream would; the end is `nil`.
// - The consumer side is not Sendable and lives on the kernel thread; when it is released before the end
//   (a run that stops early), the producer is told to stop and exits at its next chunk.
// - This is an adapter: it uses a lock, a flag and semaphores, which the kernel's spine never does.

import Dispatch
public import KeelModel
import Synchronization

/// A source that produces market data values one at a time, made on the producer thread.
public typealias MarketDataSource = () throws(MarketDataStreamError) -> MarketData?

/// Builds a `MarketDataSource` on the thread that will run it.
public typealias MarketDataSourceFactory = @Sendable () throws(MarketDataStreamError) -> MarketDataSource

/// Values of a source that runs on a thread of its own, read in order on the caller's thread (see the
/// file's design notes). Not Sendable: one consumer reads it.
///
/// ```swift
/// let deltas = ReadAhead<OrderBookDelta, DBNError> {
///     let decoder = try DBNDecoder(path: path)        // built on the producer thread
///     return { try … next delta or nil … }
/// }
/// while let delta = try deltas.next() { try book.apply(delta) }
/// ```
public final class ReadAhead<Value: Sendable, Failure: Error & Sendable> {
    /// Builds the source on the producer thread.
    public typealias Factory = @Sendable () throws(Failure) -> () throws(Failure) -> Value?

    private let channel: ReadAheadChannel<Value, Failure>
    private let chunkSize: Int
    private let make: Factory
    private var push: PushFactory?
    private var started = false
    @exclusivity(unchecked) private var current: [Value] = []
    @exclusivity(unchecked) private var index = 0
    @exclusivity(unchecked) private var terminal: ReadAheadChannel<Value, Failure>.Terminal?

    /// Creates a read-ahead source; nothing runs until the first `next()`.
    ///
    /// - Parameters:
    ///   - chunkSize: Values per hand-over (default 256: a chunk of market data then stays under 64 KiB, in the cache and off the allocator's mmap path).
    ///   - depth: Chunks produced ahead at most (default 8).
    ///   - make: Builds the source on the producer thread; its error is the first thing `next()` throws.
    public init(chunkSize: Int = 256, depth: Int = 8, make: @escaping Factory) {
        precondition(chunkSize > 0 && depth > 0, "Invariant: a read-ahead source has positive chunk size and depth")
        self.channel = ReadAheadChannel(depth: depth)
        self.chunkSize = chunkSize
        self.make = make
    }

    /// Builds the source as a producer that pushes values (a decoder with a callback loop), on the producer
    /// thread: `emit` hands a value over and returns false once the reader has been released, when the
    /// producer should stop.
    public typealias PushFactory = @Sendable (_ emit: (Value) -> Bool) throws(Failure) -> Void

    /// Creates a read-ahead source from a producer that pushes its values; nothing runs until the first
    /// `next()`.
    ///
    /// - Parameters:
    ///   - chunkSize: Values per hand-over (default 256).
    ///   - depth: Chunks produced ahead at most (default 8).
    ///   - producing: Runs on the producer thread, calling `emit` for each value in order; its error ends the
    ///     values (after those emitted before it).
    public init(chunkSize: Int = 256, depth: Int = 8, producing: @escaping PushFactory) {
        precondition(chunkSize > 0 && depth > 0, "Invariant: a read-ahead source has positive chunk size and depth")
        let channel = ReadAheadChannel<Value, Failure>(depth: depth)
        self.channel = channel
        self.chunkSize = chunkSize
        self.make = { () throws(Failure) -> () throws(Failure) -> Value? in
            preconditionFailure("Invariant: a push source is started by start(), not pulled")
        }
        self.push = producing
    }

    deinit {
        channel.cancelled.store(true, ordering: .relaxed)
        channel.free.signal()  // wakes a producer waiting for a slot, which then sees the flag
    }

    /// The next value, or nil at the end; starts the producer on the first call.
    ///
    /// - Throws: The source's error, after the values it produced before it.
    @inline(__always)
    public func next() throws(Failure) -> Value? {
        if index < current.count {
            let value = current[index]
            index &+= 1
            return value
        }
        return try nextChunk()
    }

    private func nextChunk() throws(Failure) -> Value? {
        while true {
            if let terminal {
                switch terminal {
                case .end: return nil
                case .failure(let error): throw error
                }
            }
            if !started {
                started = true
                let channel = self.channel, chunkSize = self.chunkSize, make = self.make
                if let push {
                    DispatchQueue.global().async { channel.produce(chunkSize: chunkSize, pushing: push) }
                } else {
                    DispatchQueue.global().async { channel.produce(chunkSize: chunkSize, make: make) }
                }
            }
            let chunk = channel.pop()
            current = chunk.values
            index = 0
            terminal = chunk.terminal
            if !current.isEmpty {
                index = 1
                return current[0]
            }
        }
    }
}

/// The state shared by the producer thread and the consumer.
final class ReadAheadChannel<Value: Sendable, Failure: Error & Sendable>: Sendable {
    /// How a producer's run ended.
    enum Terminal: Sendable {
        case end
        case failure(Failure)
    }

    struct Chunk: Sendable {
        var values: [Value]
        /// Set on the last chunk.
        var terminal: Terminal?
    }

    /// At most `depth` chunks: an array is enough.
    let chunks = Mutex<[Chunk]>([])
    /// Chunks ready for the consumer.
    let filled = DispatchSemaphore(value: 0)
    /// Free slots for the producer (`depth` at the start).
    let free: DispatchSemaphore
    let cancelled = Atomic<Bool>(false)

    init(depth: Int) {
        // Created at 0 and raised: libdispatch traps when a semaphore is released below its initial value,
        // which a run that stops early would leave.
        free = DispatchSemaphore(value: 0)
        for _ in 0..<depth { free.signal() }
    }

    func push(_ chunk: Chunk) {
        chunks.withLock { $0.append(chunk) }
        filled.signal()
    }

    func pop() -> Chunk {
        filled.wait()
        let chunk = chunks.withLock { $0.removeFirst() }
        free.signal()
        return chunk
    }

    /// The producer's loop for a pushing source: chunks fill as it emits; a full chunk waits for a free slot.
    func produce(chunkSize: Int, pushing: (_ emit: (Value) -> Bool) throws(Failure) -> Void) {
        free.wait()
        var values: [Value] = []
        values.reserveCapacity(chunkSize)
        var stopped = false
        do {
            try pushing { value in
                values.append(value)
                guard values.count == chunkSize else { return true }
                push(Chunk(values: values, terminal: nil))
                values = []
                values.reserveCapacity(chunkSize)
                free.wait()
                stopped = cancelled.load(ordering: .relaxed)
                return !stopped
            }
        } catch {
            push(Chunk(values: values, terminal: .failure(error)))
            return
        }
        if !stopped { push(Chunk(values: values, terminal: .end)) }
    }

    /// The producer's loop: makes the source, then fills chunks until the end, an error or cancellation.
    func produce(chunkSize: Int, make: @Sendable () throws(Failure) -> () throws(Failure) -> Value?) {
        let next: () throws(Failure) -> Value?
        free.wait()
        do { next = try make() } catch {
            push(Chunk(values: [], terminal: .failure(error)))
            return
        }
        while true {
            if cancelled.load(ordering: .relaxed) { return }
            var values: [Value] = []
            values.reserveCapacity(chunkSize)
            var terminal: Terminal?
            do {
                while values.count < chunkSize {
                    guard let value = try next() else {
                        terminal = .end
                        break
                    }
                    values.append(value)
                }
            } catch {
                terminal = .failure(error)
            }
            push(Chunk(values: values, terminal: terminal))
            if terminal != nil { return }
            free.wait()
        }
    }
}
