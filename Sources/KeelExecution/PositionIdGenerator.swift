// PositionIdGenerator: ids for HEDGING positions the venue did not name.
//
// NautilusTrader's format (`common/generators.pyx`, `PositionIdGenerator.generate`):
// `P-{YYYYMMDD}-{HHMMSS}-{trader tag}-{strategy tag}-{count}` with a per-strategy count starting at 1 and an
// `F` suffix for the position a flip opens, e.g. `P-20240102-030405-001-001-1F`. The date and time are the
// clock's (UTC), so a backtest replays the same ids. Counts are kept per strategy in a dictionary that is
// only looked up, never iterated.

public import KeelCore
public import KeelModel

/// Generates HEDGING position ids in NautilusTrader's format, with a count per strategy.
public struct PositionIdGenerator: Sendable {
    /// The trader whose tag goes into every id.
    public let traderId: TraderId
    private let traderTag: Substring
    private var counts: [StrategyId: Int] = [:]

    /// Creates a generator for `traderId`'s positions, every count at zero.
    public init(traderId: TraderId) {
        self.traderId = traderId
        self.traderTag = Self.tag(traderId.value)
    }

    /// The number of ids generated for `strategyId` so far.
    public func count(for strategyId: StrategyId) -> Int { counts[strategyId] ?? 0 }

    /// Sets the count of `strategyId` (after a restart, to continue the sequence); traps if negative.
    public mutating func setCount(_ count: Int, for strategyId: StrategyId) {
        precondition(count >= 0, "Invariant: a position id count is not negative")
        counts[strategyId] = count
    }

    /// Returns the next id for `strategyId` at time `ts`; `flipped` appends `F`.
    ///
    /// Traps if the id exceeds 63 bytes (trader and strategy tags of about 20 characters each).
    public mutating func generate(strategyId: StrategyId, at ts: UnixNanos, flipped: Bool = false) -> PositionId {
        let count = (counts[strategyId] ?? 0) + 1
        counts[strategyId] = count
        let text = "P-\(ts.datetimeTag)-\(traderTag)-\(Self.tag(strategyId.value))-\(count)\(flipped ? "F" : "")"
        precondition(text.utf8.count <= 63, "Invariant: a generated position id fits 63 bytes ('\(text)')")
        return PositionId(text)
    }

    /// Restarts every count at zero.
    public mutating func reset() { counts.removeAll() }

    /// The text after the last `-` (the whole text if there is none).
    static func tag(_ text: String) -> Substring {
        guard let dash = text.lastIndex(of: "-") else { return Substring(text) }
        return text[text.index(after: dash)...]
    }
}

extension PositionId {
    /// True for an id Keel generated (`P-…`) rather than one the venue assigned: NautilusTrader's
    /// `is_virtual`. A HEDGING flip of a virtual position opens the rest under a new `…F` id.
    public var isVirtual: Bool { value.hasPrefix("P-") }
}
