// MessageBus: publish/subscribe, point-to-point endpoints and request/response for one kernel.
//
// Design decisions:
// - Typed topics. A `Topic<Payload>` pairs a topic name with the type of its messages, and every
//   standard topic is made by a typed constructor (`Topics.quotes(_:) -> Topic<QuoteTick>`), so a
//   publisher and a subscriber that disagree on the type do not compile. Hot data (quotes, trades,
//   bars, deltas, order events) and everything else go through this one API.
// - Routes are resolved once. Each topic name has one `Route<Payload>` holding its handlers, created on
//   first use. Publishers on hot paths resolve the route when they are set up (`publisher(for:)`) and
//   publish by iterating its handler array: no string work, no hashing, no existential and no
//   allocation per message. `publish(_:_:)` by topic is the convenience for cold paths (one lookup).
// - Order is deterministic: higher priority first, then subscription order.
// - Wildcards. A pattern subscription (`data.quotes.*`, `?` for one character) attaches to every route
//   of its payload type whose name matches, including routes created later; routes of another type are
//   not matched.
// - Subscribing or unsubscribing during a dispatch takes effect from the next message: a publish
//   iterates the handler list as it was when the publish began (copy-on-write makes that free unless a
//   handler changes the list, which then copies once).
// - Endpoints are typed too (`Endpoint<Message>`): exactly one handler each; sending to an endpoint that
//   nobody registered is a wiring bug and traps.
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
    private var endpoints: [String: EndpointBase] = [:]
    private var pendingResponses: [UUID4: ResponseHandlerBase] = [:]

    /// The number of messages sent to endpoints (for statistics and tests).
    public private(set) var sendCount: UInt64 = 0

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
        route.insert(HandlerEntry(sequence: sequence, priority: priority, handler: handler))
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
    public func unsubscribe(_ subscription: Subscription) {
        guard let attached = subscriptionRoutes.removeValue(forKey: subscription.id) else { return }
        for route in attached { route.remove(sequence: subscription.id) }
        patterns.removeAll { $0.sequence == subscription.id }
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
        precondition(endpoints[endpoint.name] == nil, "Invariant: endpoint '\(endpoint.name)' has one handler")
        endpoints[endpoint.name] = EndpointHandler<Message>(handler: handler)
    }

    /// Removes the handler of `endpoint`, if any.
    public func deregister<Message>(_ endpoint: Endpoint<Message>) {
        endpoints[endpoint.name] = nil
    }

    /// True if `endpoint` has a handler.
    public func isRegistered<Message>(_ endpoint: Endpoint<Message>) -> Bool { endpoints[endpoint.name] != nil }

    /// The registered endpoint names, sorted.
    public var endpointNames: [String] { endpoints.keys.sorted() }

    /// Sends `message` to `endpoint`'s handler; traps if none is registered (a wiring bug).
    public func send<Message>(_ endpoint: Endpoint<Message>, _ message: Message) {
        sendCount &+= 1
        guard let base = endpoints[endpoint.name] else {
            preconditionFailure("Invariant: endpoint '\(endpoint.name)' is registered before messages are sent to it")
        }
        guard let handler = base as? EndpointHandler<Message> else {
            preconditionFailure("Invariant: endpoint '\(endpoint.name)' takes one message type, not \(Message.self)")
        }
        handler.handler(message)
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
    public var hasSubscribers: Bool { !route.handlers.isEmpty }

    /// Publishes `message` to the topic's subscribers.
    @inlinable
    public func publish(_ message: Payload) {
        route.dispatch(message)
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
    func remove(sequence: UInt64) {}
}

@usableFromInline
struct HandlerEntry<Payload> {
    @usableFromInline let sequence: UInt64
    @usableFromInline let priority: Int
    @usableFromInline let handler: (Payload) -> Void
}

/// The subscribers of one topic, in dispatch order.
@usableFromInline
final class Route<Payload>: RouteBase {
    // Exclusivity is checked statically: dispatch reads the array once (a snapshot), and changes made by
    // handlers during a dispatch are separate, non-overlapping accesses.
    @exclusivity(unchecked) @usableFromInline var handlers: [HandlerEntry<Payload>] = []

    override var handlerCount: Int { handlers.count }
    override var payloadTypeName: String { String(describing: Payload.self) }

    func insert(_ entry: HandlerEntry<Payload>) {
        // Higher priority first; equal priority in subscription (sequence) order.
        let index = handlers.firstIndex {
            $0.priority < entry.priority || ($0.priority == entry.priority && $0.sequence > entry.sequence)
        } ?? handlers.endIndex
        handlers.insert(entry, at: index)
    }

    override func remove(sequence: UInt64) {
        handlers.removeAll { $0.sequence == sequence }
    }

    @inlinable
    func dispatch(_ message: Payload) {
        publishedCount &+= 1
        let snapshot = handlers  // a retain; later changes copy, so this dispatch is unaffected
        for entry in snapshot { entry.handler(message) }
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
        typed.insert(HandlerEntry(sequence: sequence, priority: priority, handler: handler))
        return true
    }
}

class EndpointBase {}

final class EndpointHandler<Message>: EndpointBase {
    let handler: (Message) -> Void
    init(handler: @escaping (Message) -> Void) { self.handler = handler }
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
