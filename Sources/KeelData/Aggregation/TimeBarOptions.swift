// TimeBarOptions: the switches of time-bar aggregation, with NautilusTrader's defaults
// (`DataEngineConfig.time_bars_*` and `TimeBarAggregator.__init__` in 1.221.0).

/// How time bars are stamped and which bars are emitted.
public struct TimeBarOptions: Hashable, Sendable {
    /// True: a bar's `tsEvent` is the interval's close; false: its open. `tsInit` is the close either way.
    public var timestampOnClose: Bool
    /// True: the first bar is not emitted if the aggregator started after its interval opened.
    public var skipFirstNonFullBar: Bool
    /// True: an interval with no updates emits a flat bar at the last close; false: it emits nothing.
    public var buildWithNoUpdates: Bool

    /// Creates options; the defaults are the reference's.
    public init(timestampOnClose: Bool = true, skipFirstNonFullBar: Bool = false, buildWithNoUpdates: Bool = true) {
        self.timestampOnClose = timestampOnClose
        self.skipFirstNonFullBar = skipFirstNonFullBar
        self.buildWithNoUpdates = buildWithNoUpdates
    }

    /// The reference's defaults: stamp on close, emit the first bar, build bars with no updates.
    public static let `default` = TimeBarOptions()
}
