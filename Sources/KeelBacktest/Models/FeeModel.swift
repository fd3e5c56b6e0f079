// FeeModel: the commission a simulated venue charges per fill.
//
// Design decisions:
// - An enum of the reference's models, not a protocol: one switch per fill, no existential.
// - Maker/taker rounding matches NautilusTrader 1.221.0 exactly, doubles included
//   (nautilus_trader/backtest/models/fee.pyx `MakerTakerFeeModel.get_commission`, and
//   model/instruments/base.pyx `notional_value`): the notional is `Money(qty_f64 × multiplier × px_f64)`,
//   i.e. rounded half away from zero onto the quote currency's grid (Rust `f64_to_fixed_i64`: `(v × 10^p).round()`),
//   then the commission is `Money(notional_f64 × fee_f64)`, rounded the same way, in the quote currency (base
//   currency for inverse instruments). 1,000 GBP at 1.57611 → notional 1576.11 USD → 0.0315222 → 0.03 USD.
//   Keel's exact `Money.multiplied(by:)` would differ from this only on ties that doubles place on either
//   side; parity needs the reference's arithmetic, so it is restated here and nowhere else.
// - `fixed` charges its amount on an order's first fill only, or on every fill (`chargeOnce: false`), as the
//   reference's `FixedFeeModel(charge_commission_once=...)`.

import KeelCore
public import KeelModel

/// How a simulated venue computes the commission of a fill.
public enum FeeModel: Hashable, Sendable {
    /// Notional × the instrument's maker or taker fee, by the fill's liquidity side (the reference default).
    case makerTaker
    /// A fixed amount per order (`chargeOnce`: on its first fill only) or per fill.
    case fixed(Money, chargeOnce: Bool)

    /// The commission of one fill.
    ///
    /// - Parameters:
    ///   - instrument: The instrument traded.
    ///   - quantity: The fill's quantity.
    ///   - price: The fill's price.
    ///   - liquiditySide: MAKER or TAKER; traps on NO_LIQUIDITY_SIDE for `makerTaker`.
    ///   - isFirstFill: True if the order had no fill before this one.
    public func commission(
        instrument: InstrumentSpec, quantity: Quantity, price: Price, liquiditySide: LiquiditySide, isFirstFill: Bool
    ) -> Money {
        switch self {
        case .makerTaker:
            let rate: Rate
            switch liquiditySide {
            case .maker: rate = instrument.makerFee
            case .taker: rate = instrument.takerFee
            case .noLiquiditySide: preconditionFailure("Invariant: a fill is MAKER or TAKER")
            }
            let multiplier = instrument.multiplier.doubleValue
            let notional: Double
            let currency: Currency
            if instrument.isInverse {
                currency = instrument.baseCurrency!  // Validated: an inverse spec has a base currency.
                notional = FeeModel.referenceMoney(quantity.doubleValue * multiplier * (1.0 / price.doubleValue), currency)
            } else {
                currency = instrument.quoteCurrency
                notional = FeeModel.referenceMoney(quantity.doubleValue * multiplier * price.doubleValue, currency)
            }
            let amount = notional * rate.doubleValue
            return FeeModel.money(amount, currency)
        case .fixed(let amount, let chargeOnce):
            if !chargeOnce || isFirstFill { return amount }
            return Money(raw: 0, currency: amount.currency)
        }
    }

    /// `value` rounded as the reference's `Money(f64)` does, as a double again.
    static func referenceMoney(_ value: Double, _ currency: Currency) -> Double {
        let scale = pow10(currency.precision)
        return (value * scale).rounded(.toNearestOrAwayFromZero) / scale
    }

    /// `value` as Money, rounded as the reference's `Money(f64)` does.
    static func money(_ value: Double, _ currency: Currency) -> Money {
        let units = (value * pow10(currency.precision)).rounded(.toNearestOrAwayFromZero)
        let step = Int128(FixedPoint.rawStep(precision: currency.precision))
        return Money(raw: Int128(units) * step, currency: currency)
    }

    private static func pow10(_ n: UInt8) -> Double {
        var result = 1.0
        for _ in 0..<n { result *= 10 }
        return result
    }
}
