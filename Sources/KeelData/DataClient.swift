// DataClient: the port through which market data enters a kernel.

public import KeelCommon
public import KeelModel

/// A source of market data: a venue adapter in live contexts, a passive client in backtests.
///
/// ## Implementation requirements
/// - `subscribe`/`unsubscribe` are idempotent: subscribing twice to one stream delivers it once.
/// - Data is handed to the kernel's `DataEngine` (`process(quote:)`, `process(trade:)`, …) on the kernel
///   thread — in live contexts through the kernel's inbox — with `tsInit` set when Keel received it.
/// - Every `DataRequest` is answered exactly once, with data or a failure, through
///   `DataEngine.handle(response:)`.
/// - The client never reads the kernel's cache or publishes on its bus directly.
///
/// `KeelTestKit.TestDataClient` is an implementation for tests that records what it is asked.
public protocol DataClient: AnyObject {
    /// The client's id.
    var clientId: ClientId { get }
    /// The venue whose data the client provides, if it serves one venue.
    var venue: Venue? { get }
    /// True once connected.
    var isConnected: Bool { get }
    /// Connects (live: opens its sessions).
    func connect()
    /// Disconnects.
    func disconnect()
    /// Starts delivering a stream.
    func subscribe(_ subscription: DataSubscription)
    /// Stops delivering a stream.
    func unsubscribe(_ subscription: DataSubscription)
    /// Fetches historical data; answers through `DataEngine.handle(response:)`.
    func request(_ request: DataRequest)
}
