// MessageBus: publish/subscribe, point-to-point endpoints and request/response for one kernel.
//
// Design decisions:
// - Typed topics. A `Topic<Payload>` pairs a topic name with the type of its messages, and every
//   standard topic is made by a typed constructor (`Topics.quotes(_:) -> Topic<QuoteTick>`), so a
//   publisher and a subscriber that disagree on the type do not compile. Hot data (quotes, trades,
//   bars, deltas, order events) and everything else go through this one API.
// - Routes are resolved once. Each topic name has one `Route<Payload>` holding its handlers, created on
//   first use. Publishers on hot paths resolve the route when they are set up (`publisher(for:)`) and
//   publish by iterating its handler list: no string work, no hashing, no existential, no allocation and
//   no reference counting per message (the route keeps its handlers as unretained boxes in a buffer of
//   its own; a Swift array snapshot cost ~80 instructions per message in retains and releases).
//   `publish(_:_:)` by topic is the convenience for cold paths (one lookup).
// - Order is deterministic: higher priority first, then subscription order.
// - Wildcards. A pattern subscription (`data.quotes.*`, `?` for one character) attaches to every route
//   of its payload type whose name matches, including routes created later; routes of another type are
//   not matched.
// - Subscribing or unsubscribing during a dispatch takes effect from the next message: a publish
//   iterates the handler list as it was when the publish began. The list is never changed in place while
//   a dispatch of its route runs; a change builds a new list, and the old one is freed when the outermost
//   dispatch ends. `cancel(_:)` (for owners going away, whose handlers reach them unretained) also stops
//   a dispatch in progress from calling the handler.
// - A topic subscription can be suspended and resumed (`suspend(_:)`, package): dispatches skip it, and a
//   route whose handlers are all suspended is not dispatched at all. The portfolio's quote handler, which
//   has work only while a margin calculation waits for a rate, is suspended otherwise (S2: ~80
//   instructions per quote saved).
// - Endpoints are typed too (`Endpoint<Message>`): exactly one handler each; sending to an endpoint that
//   nobody registered is a wiring bug and traps. Each endpoint name has one `EndpointSlot<Message>`, created on
//   first use and kept when its handler is deregistered, so a `Sender` resolved once (`sender(for:)`) sees
//   later registrations: hot senders (strategy → risk → execution, venues → execution) send through one with
//   no string hashing and no dynamic cast per message (S1: ~32 M instructions in `as?` casts alone).
// - Not thread-safe by design: the bus lives on the kernel thread (ARCHITECTURE.md, "Threading").

public import KeelCore
public import KeelModel

/// A topic: a name and the type of the messages published on it.
public struct Topic<Payload>: Hashable, Sendable, CustomStringConvertible {
    /// The topic's name, e.g. `data.quotes.SIM.GBP/USD`.
    public let name: String

    /// Creates a topic. Prefer the constructors in `Topics` for the standard ones.
    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

/// A point-to-point endpoint: a name and the type of the messages sent to it.
public struct Endpoint<Message>: Hashable, Sendable, CustomStringConvertible {
    /// The endpoint's name, e.g. `RiskEngine.execute`.
    public let name: String

    /// Creates an endpoint.
    public init(_ name: String) { self.name = name }

    public var description: String { name }
}

/// A handle to one subscription, for unsubscribing.
public struct Subscription: Hashable, Sendable {
    /// The subscription's sequence number on its bus.
    public let id: UInt64
}

/// The message bus of one kernel.
public final class MessageBus {
    /// The trader this bus belongs to.
    public let traderId: TraderId

    private var routes: [String: RouteBase] = [:]
    private var patterns: [PatternSubscriptionBase] = []
    private var subscriptionRoutes: [UInt64: [RouteBase]] = [:]
    private var nextSequence: UInt64 = 0
    private var endpoints: [String: EndpointSlotBase] = [:]
    /// Messages sent through slots that a registration of another message type replaced.
    private var retiredSendCount: UInt64 = 0
    private var pendingResponses: [UUID4: ResponseHandlerBase] = [:]

    /// The number of messages sent to endpoints (for statistics and tests).
    public var sendCount: UInt64 { endpoints.values.reduce(retiredSendCount) { $0 &+ $1.sentCount } }

    /// The number of messages published on all topics (for statistics and tests).
    public var publishCount: UInt64 { routes.values.reduce(0) { $0 &+ $1.publishedCount } }

    /// Creates a bus for `traderId`.
    public init(traderId: TraderId) {
        self.traderId = traderId
    }

    // MARK: Publish/subscribe

    /// Subscribes `handler` to `topic`.
    ///
    /// - Parameters:
    ///   - priority: higher runs first; equal priorities run in subscription order.
    /// - Returns: a handle for `unsubscribe(_:)`.
    /// - Complexity: O(h) for h handlers on the topic.
    @discardableResult
    public func subscribe<Payload>(_ topic: Topic<Payload>, priority: Int = 0, handler: @escaping (Payload) -> Void) -> Subscription {
        let sequence = takeSequence()
        let route = self.route(for: topic)
        route.insert(HandlerBox(sequence: sequence, priority: priority, handler: handler))
        subscriptionRoutes[sequence] = [route]
        return Subscription(id: sequence)
    }

    /// Subscribes `handler` to every topic of type `Payload` whose name matches `pattern` (`*` matches
    /// any run of characters, `?` exactly one), now and in the future.
    ///
    /// - Complexity: O(r) for r existing routes.
    @discardableResult
    public func subscribe<Payload>(
        pattern: String, as type: Payload.Type = Payload.self, priority: Int = 0, handler: @escaping (Payload) -> Void
    ) -> Subscription {
        let sequence = takeSequence()
        let pattern = PatternSubscription<Payload>(pattern: Array(pattern.utf8), sequence: sequence, priority: priority, handler: handler)
        patterns.append(pattern)
        var attached: [RouteBase] = []
        for name in routes.keys.sorted() {
            let route = routes[name]!
            if pattern.attach(to: route) { attached.append(route) }
        }
        subscriptionRoutes[sequence] = attached
        return Subscription(id: sequence)
    }

    /// Removes a subscription (topic or pattern). Removing one twice does nothing.
    ///
    /// A dispatch in progress still calls the handler (the change takes effect from the next message).
    public func unsubscribe(_ subscription: Subscription) {
        remove(subscription, cancelling: false)
    }

    /// Removes a subscription whose handler must not run again, not even for a dispatch in progress: for
    /// an owner going away (its `deinit`), whose handlers reach it unretained.
    package func cancel(_ subscription: Subscription) {
        remove(subscription, cancelling: true)
    }

    private func remove(_ subscription: Subscription, cancelling: Bool) {
        guard let attached = subscriptionRoutes.removeValue(forKey: subscription.id) else { return }
        for route in attached { route.remove(sequence: subscription.id, cancelling: cancelling) }
        patterns.removeAll { $0.sequence == subscription.id }
    }

    /// Suspends a topic subscription: dispatches skip its handler (those in progress too) until `resume(_:)`.
    /// It keeps its place in the dispatch order and still counts as a subscriber. Suspending a suspended or
    /// removed subscription does nothing; pattern subscriptions are not suspended.
    ///
    /// For a handler that has nothing to do most of the time and knows when that changes (the portfolio's quote
    /// handler): a route whose handlers are all suspended costs a publisher a count, not a dispatch.
    ///
    /// - Complexity: O(h) for h handlers on the topic.
    package func suspend(_ subscription: Subscription) {
        setSuspended(subscription, true)
    }

    /// Resumes a suspended subscription: its handler runs again from now on, a dispatch in progress included.
    ///
    /// - Complexity: O(h) for h handlers on the topic.
    package func resume(_ subscription: Subscription) {
        setSuspended(subscription, false)
    }

    private func setSuspended(_ subscription: Subscription, _ suspended: Bool) {
        guard let attached = subscriptionRoutes[subscription.id], attached.count == 1,
            !patterns.contains(where: { $0.sequence == subscription.id })
        else { return }
        attached[0].setSuspended(sequence: subscription.id, suspended)
    }

    /// True if `topic` has at least one subscriber.
    public func hasSubscribers<Payload>(_ topic: Topic<Payload>) -> Bool {
        (routes[topic.name]?.handlerCount ?? 0) > 0
    }

    /// The number of handlers subscribed to `topic` (including matching patterns).
    public func subscriberCount<Payload>(_ topic: Topic<Payload>) -> Int { routes[topic.name]?.handlerCount ?? 0 }

    /// The names of the topics that have subscribers, sorted.
    public var topics: [String] { routes.filter { $0.value.handlerCount > 0 }.keys.sorted() }

    /// A publisher bound to `topic`'s route, for hot paths: publishing through it does no lookup.
    public func publisher<Payload>(for topic: Topic<Payload>) -> Publisher<Payload> {
        Publisher(route: route(for: topic))
    }

    /// Publishes `message` to every subscriber of `topic`, in priority then subscription order.
    ///
    /// - Complexity: one dictionary lookup plus O(h) handler calls. Use a `Publisher` on hot paths.
    public func publish<Payload>(_ topic: Topic<Payload>, _ message: Payload) {
        let base: RouteBase
        if let existing = routes[topic.name] { base = existing } else { base = route(for: topic) }
        let route = Self.cast(base, to: Payload.self, name: topic.name)
        route.dispatch(message)
    }

    private func route<Payload>(for topic: Topic<Payload>) -> Route<Payload> {
        if let existing = routes[topic.name] { return Self.cast(existing, to: Payload.self, name: topic.name) }
        let route = Route<Payload>(name: topic.name)
        routes[topic.name] = route
        for pattern in patterns where pattern.attach(to: route) {
            subscriptionRoutes[pattern.sequence, default: []].append(route)
        }
        return route
    }

    private static func cast<Payload>(_ base: RouteBase, to: Payload.Type, name: String) -> Route<Payload> {
        guard let route = base as? Route<Payload> else {
            preconditionFailure("Invariant: topic '\(name)' carries one message type (\(base.payloadTypeName), not \(Payload.self))")
        }
        return route
    }

    private func takeSequence() -> UInt64 {
        nextSequence += 1
        return nextSequence
    }

    // MARK: Endpoints

    /// Registers `handler` as the one receiver of `endpoint`; traps if the endpoint already has one.
    public func register<Message>(_ endpoint: Endpoint<Message>, handler: @escaping (Message) -> Void) {
        let existing = endpoints[endpoint.name]
        precondition(existing?.isRegistered != true, "Invariant: endpoint '\(endpoint.name)' has one handler")
        if let slot = existing as? EndpointSlot<Message> {
            slot.handler = handler
            return
        }
        // A first registration, or one of another message type than the slot was made for: a new slot (senders
        // resolved for the old type keep the old, empty slot and trap as unregistered).
        if let existing { retiredSendCount &+= existing.sentCount }
        let slot = EndpointSlot<Message>(name: endpoint.name)
        slot.handler = handler
        endpoints[endpoint.name] = slot
    }

    /// Removes the handler of `endpoint`, if any.
    public func deregister<Message>(_ endpoint: Endpoint<Message>) {
        endpoints[endpoint.name]?.deregister()
    }

    /// True if `endpoint` has a handler.
    public func isRegistered<Message>(_ endpoint: Endpoint<Message>) -> Bool {
        endpoints[endpoint.name]?.isRegistered == true
    }

    /// The registered endpoint names, sorted.
    public var endpointNames: [String] { endpoints.filter { $0.value.isRegistered }.keys.sorted() }

    /// A sender bound to `endpoint`, for hot paths: sending through it does no lookup and no cast. It follows
    /// the endpoint's registrations (it may be made before the handler is registered, and sees a handler
    /// registered again after a `deregister(_:)`).
    ///
    /// Traps if a handler of another message type is registered under the endpoint's name.
    public func sender<Message>(for endpoint: Endpoint<Message>) -> Sender<Message> {
        if let existing = endpoints[endpoint.name] {
            guard let slot = existing as? EndpointSlot<Message> else {
                preconditionFailure(
                    "Invariant: endpoint '\(endpoint.name)' takes one message type, not \(Message.self)")
            }
            return Sender(slot: slot)
        }
        let slot = EndpointSlot<Message>(name: endpoint.name)
        endpoints[endpoint.name] = slot
        return Sender(slot: slot)
    }

    /// Sends `message` to `endpoint`'s handler; traps if none is registered (a wiring bug).
    ///
    /// - Complexity: one dictionary lookup and a cast, plus the handler. Use a `Sender` on hot paths.
    public func send<Message>(_ endpoint: Endpoint<Message>, _ message: Message) {
        guard let base = endpoints[endpoint.name], base.isRegistered else {
            preconditionFailure("Invariant: endpoint '\(endpoint.name)' is registered before messages are sent to it")
        }
        guard let slot = base as? EndpointSlot<Message> else {
            preconditionFailure("Invariant: endpoint '\(endpoint.name)' takes one message type, not \(Message.self)")
        }
        Sender(slot: slot).send(message)
    }

    // MARK: Request/response

    /// Sends `request` to `endpoint` and remembers `onResponse` under `correlationId`; the responder
    /// answers with `respond(correlationId:_:)`.
    ///
    /// Traps if `correlationId` is already waiting for a response.
    public func request<Request, Response>(
        _ endpoint: Endpoint<Request>, _ request: Request, correlationId: UUID4, onResponse: @escaping (Response) -> Void
    ) {
        precondition(pendingResponses[correlationId] == nil, "Invariant: correlation id \(correlationId) is unique among pending requests")
        pendingResponses[correlationId] = ResponseHandler<Response>(handler: onResponse)
        send(endpoint, request)
    }

    /// Delivers `response` to the requester waiting on `correlationId`.
    ///
    /// - Returns: false if no request is waiting (already answered or never made).
    @discardableResult
    public func respond<Response>(correlationId: UUID4, _ response: Response) -> Bool {
        guard let base = pendingResponses.removeValue(forKey: correlationId) else { return false }
        guard let handler = base as? ResponseHandler<Response> else {
            preconditionFailure("Invariant: the response to \(correlationId) has the type its requester expects, not \(Response.self)")
        }
        handler.handler(response)
        return true
    }

    /// The number of requests waiting for a response.
    public var pendingRequestCount: Int { pendingResponses.count }
}

/// A handle that publishes to one resolved route: the hot-path way to publish.
public struct Publisher<Payload> {
    @usableFromInline let route: Route<Payload>

    init(route: Route<Payload>) {
        self.route = route
    }

    /// The topic's name.
    public var topicName: String { route.name }

    /// True if anybody is subscribed.
    @inlinable
    public var hasSubscribers: Bool { route.count > 0 }

    /// Publishes `message` to the topic's subscribers.
    @inlinable
    public func publish(_ message: Payload) {
        // A topic nobody follows (or whose handlers are all suspended) costs a count, not a call.
        guard route.activeCount > 0 else {
            route.publishedCount &+= 1
            return
        }
        route.dispatch(message)
    }
}

/// A handle that sends to one resolved endpoint: the hot-path way to send (see `MessageBus.sender(for:)`).
public struct Sender<Message> {
    @usableFromInline let slot: EndpointSlot<Message>

    init(slot: EndpointSlot<Message>) {
        self.slot = slot
    }

    /// The endpoint's name.
    public var endpointName: String { slot.name }

    /// True if the endpoint has a handler now.
    public var isRegistered: Bool { slot.handler != nil }

    /// Sends `message` to the endpoint's handler; traps if none is registered (a wiring bug).
    @inlinable
    public func send(_ message: Message) {
        slot.sentCount &+= 1
        guard let handler = slot.handler else { slot.unregistered() }
        handler(message)
    }
}

/// A list of objects visited in order with the bus's dispatch semantics (no reference counting per visit;
/// changes made during a visit take effect from the next one), for a component's own fan-out that must not
/// go through a topic: the data engine feeds its bar aggregators with it, before the quote is published.
///
/// The list holds its objects (retained on append, released on removal); an object removed during a visit
/// lives until the outermost visit ends. It holds objects rather than closures so that the caller's body is
/// inlined at the call site: the data engine calls its aggregators directly, where a list of closures cost a
/// call through a reabstraction thunk and a copy of the 120-byte quote into the dispatch's frame (~60
/// instructions per quote).
///
/// Public rather than `package` because `forEach(_:)` must be inlined (and specialized for the element) into
/// its callers in other modules, and the compiler does not inline `@inlinable package` code across modules.
public final class HandlerList<Element: AnyObject> {
    @exclusivity(unchecked) @usableFromInline var buffer = UnretainedBuffer<Element>()

    /// Creates an empty list.
    public init() {}

    deinit { buffer.destroy() }

    /// True if the list has no element.
    @inlinable
    public var isEmpty: Bool { buffer.count == 0 }

    /// The number of elements.
    public var count: Int { buffer.count }

    /// Appends `element` (retaining it).
    ///
    /// - Complexity: O(n) when a visit is in progress (the list is copied), else amortized O(1).
    public func append(_ element: Element) {
        buffer.insert(element, at: buffer.count)
    }

    /// Removes `element` (compared by identity) if it is in the list; returns whether it was.
    ///
    /// - Complexity: O(n).
    @discardableResult
    public func remove(_ element: Element) -> Bool {
        guard let index = buffer.firstIndex(where: { $0 === element }) else { return false }
        buffer.remove(at: index)
        return true
    }

    /// Calls `body` with every element, in the order they were appended; elements appended or removed by
    /// `body` are seen from the next call on.
    @inlinable
    public func forEach(_ body: (Element) -> Void) {
        let end = buffer.count
        guard end > 0 else { return }
        let elements = buffer.entries
        buffer.iterationDepth &+= 1
        var index = 0
        repeat {
            elements[index]._withUnsafeGuaranteedRef(body)
            index &+= 1
        } while index < end
        buffer.endIteration()
    }
}

// MARK: Internals

/// The type-erased part of a route, for the bus's table.
@usableFromInline
class RouteBase {
    @usableFromInline let name: String
    let nameBytes: [UInt8]
    init(name: String) {
        self.name = name
        self.nameBytes = Array(name.utf8)
    }
    var handlerCount: Int { 0 }
    @exclusivity(unchecked) @usableFromInline var publishedCount: UInt64 = 0
    var payloadTypeName: String { "" }
    func remove(sequence: UInt64, cancelling: Bool) {}
    func setSuspended(sequence: UInt64, _ suspended: Bool) {}
}

/// One subscriber of a route: its handler and its place in the dispatch order.
@usableFromInline
final class HandlerBox<Payload> {
    @usableFromInline let handler: (Payload) -> Void
    let sequence: UInt64
    let priority: Int
    /// True while the dispatch skips the handler: the subscription is suspended (`MessageBus.suspend(_:)`) or
    /// was cancelled (`MessageBus.cancel(_:)`: its owner is going away, so a dispatch in progress must not call
    /// it). One flag, so a dispatch tests one byte; a cancelled subscription is gone from the bus's table, so
    /// nothing can resume it.
    @exclusivity(unchecked) @usableFromInline var isSkipped = false

    init(sequence: UInt64, priority: Int, handler: @escaping (Payload) -> Void) {
        self.sequence = sequence
        self.priority = priority
        self.handler = handler
    }
}

/// Unretained references to objects the owner holds, in a buffer managed by hand, for lists that are visited
/// with no reference counting at all (routes and handler lists): a snapshot of a Swift array cost a retain and
/// release of the array and of each element (~80 instructions per message).
///
/// The owner retains an object on insertion and releases it on removal. The buffer is never changed while a
/// visit runs (`iterationDepth > 0`): a change builds a new buffer, and the old buffer and the objects removed
/// are kept until the outermost visit ends (`endIteration()`). Not a deinitializing type: the owner calls
/// `destroy()` from its `deinit`.
@usableFromInline
struct UnretainedBuffer<Element: AnyObject> {
    @usableFromInline typealias Entry = Unmanaged<Element>

    @usableFromInline var entries: UnsafeMutablePointer<Entry>
    @usableFromInline var count = 0
    var capacity: Int
    /// The number of visits in progress (they may nest: a handler may publish on its own route).
    @usableFromInline var iterationDepth = 0
    /// Buffers replaced, and objects removed, while a visit could still read them.
    @usableFromInline var retiredBuffers: [UnsafeMutablePointer<Entry>] = []
    var retiredEntries: [Entry] = []

    init() {
        capacity = 2
        entries = .allocate(capacity: capacity)
    }

    /// Releases every object and frees the buffers.
    func destroy() {
        precondition(iterationDepth == 0, "Invariant: a handler list outlives its dispatches")
        for index in 0..<count { entries[index].release() }
        entries.deallocate()
        for buffer in retiredBuffers { buffer.deallocate() }
        for entry in retiredEntries { entry.release() }
    }

    /// The object at `index`, unretained.
    func element(at index: Int) -> Element { entries[index].takeUnretainedValue() }

    /// The index of the first object satisfying `predicate`.
    func firstIndex(where predicate: (Element) -> Bool) -> Int? {
        var index = 0
        while index < count {
            if entries[index]._withUnsafeGuaranteedRef(predicate) { return index }
            index += 1
        }
        return nil
    }

    /// Inserts `element` at `index`, retaining it.
    mutating func insert(_ element: Element, at index: Int) {
        let entry = Entry.passRetained(element)
        if iterationDepth == 0 && count < capacity {
            (entries + index + 1).moveInitialize(from: entries + index, count: count - index)
            (entries + index).initialize(to: entry)
        } else {
            let newCapacity = count < capacity ? capacity : 2 * capacity
            let buffer = UnsafeMutablePointer<Entry>.allocate(capacity: newCapacity)
            buffer.initialize(from: entries, count: index)
            (buffer + index).initialize(to: entry)
            (buffer + index + 1).initialize(from: entries + index, count: count - index)
            replace(with: buffer, capacity: newCapacity)
        }
        count += 1
    }

    /// Removes the object at `index`, releasing it now or when the outermost visit ends.
    mutating func remove(at index: Int) {
        let entry = entries[index]
        if iterationDepth == 0 {
            (entries + index).moveInitialize(from: entries + index + 1, count: count - index - 1)
            entry.release()
        } else {
            let buffer = UnsafeMutablePointer<Entry>.allocate(capacity: capacity)
            buffer.initialize(from: entries, count: index)
            (buffer + index).initialize(from: entries + index + 1, count: count - index - 1)
            replace(with: buffer, capacity: capacity)
            retiredEntries.append(entry)
        }
        count -= 1
    }

    /// Makes `buffer` the list; the old one is freed now, or when the outermost visit ends.
    private mutating func replace(with buffer: UnsafeMutablePointer<Entry>, capacity: Int) {
        // `Unmanaged` is a trivial type: the old buffer needs no deinitialization.
        if iterationDepth == 0 { entries.deallocate() } else { retiredBuffers.append(entries) }
        entries = buffer
        self.capacity = capacity
    }

    /// Ends a visit begun by incrementing `iterationDepth`; the outermost frees what the visit kept alive.
    /// (Objects are retired only together with a buffer, so an empty `retiredBuffers` means nothing is kept.)
    @inlinable
    mutating func endIteration() {
        iterationDepth &-= 1
        if iterationDepth == 0 && !retiredBuffers.isEmpty { releaseRetired() }
    }

    @usableFromInline
    mutating func releaseRetired() {
        for buffer in retiredBuffers { buffer.deallocate() }
        retiredBuffers.removeAll()
        for entry in retiredEntries { entry.release() }
        retiredEntries.removeAll()
    }
}

/// The subscribers of one topic, in dispatch order, as unretained references to boxes the route owns (see
/// `UnretainedBuffer`): a dispatch reads them with no reference counting, and a handler that subscribes or
/// unsubscribes during one changes a new buffer, which is the snapshot semantics of the file header.
///
/// `activeCount` counts the handlers not suspended: a publisher whose handlers are all suspended skips the
/// dispatch (the portfolio's quote handler, suspended while it has nothing to recalculate, costs no call).
@usableFromInline
final class Route<Payload>: RouteBase {
    // Exclusivity is checked statically: each access is a short read or write that calls out to nothing.
    @exclusivity(unchecked) @usableFromInline var handlers = UnretainedBuffer<HandlerBox<Payload>>()
    /// The number of handlers not suspended.
    @exclusivity(unchecked) @usableFromInline var activeCount = 0

    deinit { handlers.destroy() }

    @usableFromInline var count: Int { handlers.count }
    override var handlerCount: Int { handlers.count }
    override var payloadTypeName: String { String(describing: Payload.self) }

    func insert(_ box: HandlerBox<Payload>) {
        // Higher priority first; equal priority in subscription (sequence) order.
        var index = 0
        while index < handlers.count {
            let other = handlers.element(at: index)
            if other.priority < box.priority || (other.priority == box.priority && other.sequence > box.sequence) { break }
            index += 1
        }
        handlers.insert(box, at: index)
        if !box.isSkipped { activeCount += 1 }
    }

    override func remove(sequence: UInt64, cancelling: Bool) {
        guard let index = handlers.firstIndex(where: { $0.sequence == sequence }) else { return }
        let box = handlers.element(at: index)
        if !box.isSkipped { activeCount -= 1 }
        if cancelling { box.isSkipped = true }
        handlers.remove(at: index)
    }

    override func setSuspended(sequence: UInt64, _ suspended: Bool) {
        guard let index = handlers.firstIndex(where: { $0.sequence == sequence }) else { return }
        let box = handlers.element(at: index)
        guard box.isSkipped != suspended else { return }
        box.isSkipped = suspended
        activeCount += suspended ? -1 : 1
    }

    @inlinable
    func dispatch(_ message: Payload) {
        publishedCount &+= 1
        // The list as the dispatch begins: changes made by handlers go to a new buffer (see the type's doc).
        let entries = handlers.entries
        let end = handlers.count
        guard end > 0 else { return }
        handlers.iterationDepth &+= 1
        var index = 0
        repeat {
            entries[index]._withUnsafeGuaranteedRef { box in
                if !box.isSkipped { box.handler(message) }
            }
            index &+= 1
        } while index < end
        handlers.endIteration()
    }
}

class PatternSubscriptionBase {
    let pattern: [UInt8]
    let sequence: UInt64
    init(pattern: [UInt8], sequence: UInt64) {
        self.pattern = pattern
        self.sequence = sequence
    }
    func attach(to route: RouteBase) -> Bool { false }
}

final class PatternSubscription<Payload>: PatternSubscriptionBase {
    let priority: Int
    let handler: (Payload) -> Void
    init(pattern: [UInt8], sequence: UInt64, priority: Int, handler: @escaping (Payload) -> Void) {
        self.priority = priority
        self.handler = handler
        super.init(pattern: pattern, sequence: sequence)
    }

    /// Adds this subscription to `route` if the route carries `Payload` and its name matches.
    override func attach(to route: RouteBase) -> Bool {
        guard let typed = route as? Route<Payload>, TopicPattern.matches(pattern, route.nameBytes) else { return false }
        typed.insert(HandlerBox(sequence: sequence, priority: priority, handler: handler))
        return true
    }
}

/// The type-erased part of an endpoint's slot, for the bus's table.
@usableFromInline
class EndpointSlotBase {
    @usableFromInline let name: String
    /// The number of messages sent to the endpoint through this slot.
    @exclusivity(unchecked) @usableFromInline var sentCount: UInt64 = 0
    init(name: String) { self.name = name }
    var isRegistered: Bool { false }
    func deregister() {}

    /// Traps: a message was sent to an endpoint with no handler.
    @usableFromInline
    func unregistered() -> Never {
        preconditionFailure("Invariant: endpoint '\(name)' is registered before messages are sent to it")
    }
}

/// One endpoint's handler, if registered; kept across deregistration so that senders stay bound.
@usableFromInline
final class EndpointSlot<Message>: EndpointSlotBase {
    @exclusivity(unchecked) @usableFromInline var handler: ((Message) -> Void)?
    override var isRegistered: Bool { handler != nil }
    override func deregister() { handler = nil }
}

class ResponseHandlerBase {}

final class ResponseHandler<Response>: ResponseHandlerBase {
    let handler: (Response) -> Void
    init(handler: @escaping (Response) -> Void) { self.handler = handler }
}

/// Wildcard matching of topic names: `*` matches any run of characters (including none), `?` one.
public enum TopicPattern {
    /// True if `name` matches `pattern`.
    public static func matches(_ pattern: String, _ name: String) -> Bool {
        matches(Array(pattern.utf8), Array(name.utf8))
    }

    /// True if `name` matches `pattern` (UTF-8 bytes).
    ///
    /// - Complexity: O(p × n) worst case, linear in practice (greedy with one backtrack point).
    public static func matches(_ pattern: [UInt8], _ name: [UInt8]) -> Bool {
        var p = 0, n = 0
        var star = -1, mark = 0
        let asterisk = UInt8(ascii: "*"), question = UInt8(ascii: "?")
        while n < name.count {
            if p < pattern.count && (pattern[p] == question || pattern[p] == name[n]) {
                p += 1
                n += 1
            } else if p < pattern.count && pattern[p] == asterisk {
                star = p
                mark = n
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                n = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == asterisk { p += 1 }
        return p == pattern.count
    }
}
