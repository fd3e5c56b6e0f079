// ReadAhead: a source of values that runs on a thread of its own, handing them over in chunks.
//
// Design decisions:
// - Decoding a file (decompression, parsing, building values) is independent of the replay, so it can run
//   beside it: on a machine with a core to spare the replay then waits only for the first chunk. A DBN
//   file's decoding is about a third of an L3 replay's work (S3).
// - The source is built ON the producer thread from a `@Sendable` factory, so a non-Sendable decoder never
//   crosses threads; only `MarketData` values (Sendable) do, in arrays of `chunkSize`.
// - Bounded: at most `depth` chunks wait ahead of the consumer, so memory does not grow with the file. A
//   producer that is ahead sleeps until half of them are taken (see `ReadAheadChannel`): one wake-up per
//   `depth / 2` chunks, not one per chunk. Nothing starts before the first value is asked for, so decoding is part of
//   the run it serves, never done ahead of it.
// - Order and errors are kept: values arrive in the order the source produced them; a source error is
//   delivered after the values before it, as the synchronous stream would; the end is `nil`.
// - The consumer side is not Sendable and lives on the kernel thread; when it is released before the end
//   (a run that stops early), the producer is told to stop and exits at its next chunk.
// - This is an adapter: it uses a lock and semaphores, which the kernel's spine never does.

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
        channel.cancel()
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
///
/// Wake-ups are batched: a producer that finds `depth` chunks waiting sleeps until the consumer has taken half
/// of them, and a consumer that finds none sleeps until the next one arrives. A semaphore per slot, as before,
/// woke the producer on every chunk the consumer took once the producer was ahead (the usual case: a
/// generator or decoder is faster than the replay), a system call and a thread switch per chunk.
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

    private struct State {
        /// At most `depth` chunks: an array is enough.
        var chunks: [Chunk] = []
        /// The producer sleeps on `producerWake` until the queue is down to `depth / 2`.
        var producerWaits = false
        /// The consumer sleeps on `consumerWake` until a chunk arrives.
        var consumerWaits = false
        /// The reader was released: the producer stops at its next chunk.
        var cancelled = false
    }

    private let state = Mutex(State())
    private let depth: Int
    // Created at 0 and signalled only for a sleeper that announced itself under the lock (libdispatch traps
    // when a semaphore is destroyed below its initial value).
    private let producerWake = DispatchSemaphore(value: 0)
    private let consumerWake = DispatchSemaphore(value: 0)

    init(depth: Int) {
        self.depth = depth
    }

    /// Hands a chunk to the consumer (waking it if it waits).
    func push(_ chunk: Chunk) {
        let wake = state.withLock { state in
            state.chunks.append(chunk)
            guard state.consumerWaits else { return false }
            state.consumerWaits = false
            return true
        }
        if wake { consumerWake.signal() }
    }

    /// Waits while `depth` chunks are queued; false once the reader has been released.
    func waitForRoom() -> Bool {
        let wait = state.withLock { state in
            guard !state.cancelled, state.chunks.count >= depth else { return false }
            state.producerWaits = true
            return true
        }
        if wait { producerWake.wait() }
        return !state.withLock { $0.cancelled }
    }

    /// The next chunk, waiting for the producer if none is queued.
    func pop() -> Chunk {
        while true {
            let (chunk, wakeProducer) = state.withLock { state -> (Chunk?, Bool) in
                guard !state.chunks.isEmpty else {
                    state.consumerWaits = true
                    return (nil, false)
                }
                let chunk = state.chunks.removeFirst()
                guard state.producerWaits, state.chunks.count <= depth / 2 else { return (chunk, false) }
                state.producerWaits = false
                return (chunk, true)
            }
            if wakeProducer { producerWake.signal() }
            if let chunk { return chunk }
            consumerWake.wait()
        }
    }

    /// Tells the producer to stop (the reader is being released), waking it if it waits for room.
    func cancel() {
        let wake = state.withLock { state in
            state.cancelled = true
            guard state.producerWaits else { return false }
            state.producerWaits = false
            return true
        }
        if wake { producerWake.signal() }
    }

    /// The producer's loop for a pushing source: chunks fill as it emits; a full chunk waits for a free slot.
    func produce(chunkSize: Int, pushing: (_ emit: (Value) -> Bool) throws(Failure) -> Void) {
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
                stopped = !waitForRoom()
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
        do { next = try make() } catch {
            push(Chunk(values: [], terminal: .failure(error)))
            return
        }
        while true {
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
            if terminal != nil || !waitForRoom() { return }
        }
    }
}
