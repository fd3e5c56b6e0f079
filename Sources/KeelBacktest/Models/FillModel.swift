// FillModel: the venue's chance of filling resting orders and of slipping, drawn from its own seeded generator.
//
// Design decisions:
// - A concrete struct, not a protocol: the matching engine asks it three questions per touched order, on the
//   hot path, so there is no existential and no generic parameter to spread over the exchange. NautilusTrader's
//   subclasses that simulate a whole book per fill (`get_orderbook_for_fill_simulation`) are not ported; the
//   reference's default `FillModel` returns no simulated book, which is the behaviour here.
// - The generator is owned by the model, and the model by the venue (one copy per matching engine, each with
//   its own stream), so a backtest with the same seed draws the same numbers in every process.
//   NautilusTrader seeds Python's global `random`; its draws cannot be reproduced outside it (RESULTS.md,
//   caveat 4), so only the deterministic default is compared fill for fill.
// - Behaviour matched (nautilus_trader/backtest/models/fill.pyx @ 1.221.0, `_event_success`): a probability
//   of exactly 0 is false and exactly 1 is true *without drawing*; otherwise the event happens when
//   `probability >= u` for a uniform `u` in [0, 1). With the defaults (1, 1, 0) nothing is ever drawn.

import KeelCore

/// The probabilities of a simulated venue filling passive orders and slipping market orders.
///
/// The default model always fills and never slips (NautilusTrader's `FillModel()`).
public struct FillModel: Sendable {
    /// The probability that a limit order resting at the touch fills when the market reaches its price.
    public let probabilityFillOnLimit: Double
    /// The probability that a stop order triggers when the market touches its trigger price exactly.
    public let probabilityFillOnStop: Double
    /// The probability that an L1 fill slips one tick against the order.
    public let probabilitySlippage: Double
    /// The seed of the model's generator.
    public let seed: UInt64

    private var generator: SeededGenerator

    /// Creates a fill model.
    ///
    /// Traps unless every probability is within 0...1.
    ///
    /// - Parameters:
    ///   - probabilityFillOnLimit: See `probabilityFillOnLimit` (default 1).
    ///   - probabilityFillOnStop: See `probabilityFillOnStop` (default 1).
    ///   - probabilitySlippage: See `probabilitySlippage` (default 0).
    ///   - seed: The seed of the generator the draws come from.
    public init(
        probabilityFillOnLimit: Double = 1, probabilityFillOnStop: Double = 1, probabilitySlippage: Double = 0,
        seed: UInt64 = 0
    ) {
        for p in [probabilityFillOnLimit, probabilityFillOnStop, probabilitySlippage] {
            precondition(p >= 0 && p <= 1, "Invariant: a fill model probability is within 0...1 (got \(p))")
        }
        self.probabilityFillOnLimit = probabilityFillOnLimit
        self.probabilityFillOnStop = probabilityFillOnStop
        self.probabilitySlippage = probabilitySlippage
        self.seed = seed
        self.generator = SeededGenerator(seed: seed)
    }

    /// True if a limit order at the touch fills this time.
    public mutating func isLimitFilled() -> Bool { eventSucceeds(probabilityFillOnLimit) }

    /// True if a stop order touched exactly triggers this time.
    public mutating func isStopFilled() -> Bool { eventSucceeds(probabilityFillOnStop) }

    /// True if this fill slips one tick.
    public mutating func isSlipped() -> Bool { eventSucceeds(probabilitySlippage) }

    /// The same model with its generator restarted at `seed`, as after a reset.
    public func restarted() -> FillModel {
        FillModel(
            probabilityFillOnLimit: probabilityFillOnLimit, probabilityFillOnStop: probabilityFillOnStop,
            probabilitySlippage: probabilitySlippage, seed: seed)
    }

    /// The same model drawing from an independent stream derived from `seed` and `stream` (one per engine).
    public func forStream(_ stream: UInt64) -> FillModel {
        FillModel(
            probabilityFillOnLimit: probabilityFillOnLimit, probabilityFillOnStop: probabilityFillOnStop,
            probabilitySlippage: probabilitySlippage, seed: seed &+ stream &* 0x9E37_79B9_7F4A_7C15)
    }

    private mutating func eventSucceeds(_ probability: Double) -> Bool {
        if probability == 0 { return false }
        if probability == 1 { return true }
        return probability >= generator.nextUnitDouble()
    }
}
