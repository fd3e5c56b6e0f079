// A data client for tests: it records what the kernel asks of it, and the test decides what data to
// deliver and when (through the data engine, as a real client does).

public import KeelCommon
public import KeelData
public import KeelModel

/// A `DataClient` that records subscriptions and requests; tests push data through the data engine.
public final class TestDataClient: DataClient {
    public let clientId: ClientId
    public let venue: Venue?
    public private(set) var isConnected = false
    /// The streams currently subscribed, in subscription order.
    public private(set) var subscriptions: [DataSubscription] = []
    /// Every subscribe and unsubscribe call, in order.
    public private(set) var calls: [String] = []
    /// Requests received, oldest first (answer them with `DataEngine.handle(response:)`).
    public private(set) var requests: [DataRequest] = []

    public init(clientId: ClientId, venue: Venue?) {
        self.clientId = clientId
        self.venue = venue
    }

    public func connect() {
        isConnected = true
        calls.append("connect")
    }

    public func disconnect() {
        isConnected = false
        calls.append("disconnect")
    }

    public func subscribe(_ subscription: DataSubscription) {
        if !subscriptions.contains(subscription) { subscriptions.append(subscription) }
        calls.append("subscribe \(subscription)")
    }

    public func unsubscribe(_ subscription: DataSubscription) {
        subscriptions.removeAll { $0 == subscription }
        calls.append("unsubscribe \(subscription)")
    }

    public func request(_ request: DataRequest) {
        requests.append(request)
        calls.append("request \(request.subscription)")
    }
}
