// Fill accounting: the average fill price, slippage and commissions.
//
// The average price is Σ(lastQty.raw × lastPx.raw) / Σ lastQty.raw. The numerator is kept exactly as
// an Int128 at scale 10^-18 (`fillNotionalRaw`); the denominator is `filledQty.raw`. Dividing gives the
// average at Keel's raw scale 10^-9, rounded half away from zero only if the true average has more than
// nine decimals. Example: 1000 at 1.00001 and 3000 at 1.00003 average exactly 1.000025.
//
// Nautilus reports `avg_px` as a float (`f64`, now `Decimal`). Keel's exact form costs one 128-bit
// multiply-add per fill and one division per read, and makes fill reports and position PnL
// reproducible to the last digit.

import KeelCore

extension Order {
    /// The volume-weighted average fill price, or `nil` before the first fill.
    ///
    /// Shown at the fill prices' precision, or with as many more decimals as the exact average needs
    /// (at most 9): fills of 1000 at 1.00001 and 3000 at 1.00003 give `1.000025`. Only an average
    /// with more than nine decimals is rounded (half away from zero, at the ninth decimal).
    public var avgPx: Price? {
        guard filledQty.isPositive, let basePrecision = fillPricePrecision else { return nil }
        let raw = FixedPoint.roundedQuotient(fillNotionalRaw, Int128(filledQty.raw), rule: .toNearestOrAwayFromZero)
        let raw64 = Int64(raw)
        var precision = basePrecision
        while precision < FixedPoint.maxPrecision, raw64 % FixedPoint.rawStep(precision: precision) != 0 {
            precision += 1
        }
        return Price(raw: raw64, precision: precision)
    }

    /// True if `avgPx` is the exact average (it has at most nine decimals), false if it was rounded.
    public var isAvgPxExact: Bool {
        guard filledQty.isPositive else { return true }
        return fillNotionalRaw % Int128(filledQty.raw) == 0
    }

    /// The average fill price as a `Double`, for statistics and reports.
    public var avgPxDouble: Double? {
        guard filledQty.isPositive else { return nil }
        return Double(fillNotionalRaw) / Double(filledQty.raw) / 1e9
    }

    /// How much worse than its price the order was filled on average, or `nil` if it has no price or
    /// no fills.
    ///
    /// Positive means worse (a buy filled above its price, a sell below), negative means better. For
    /// MARKET_TO_LIMIT orders the price is the first fill's.
    public var slippage: Price? {
        guard let average = avgPx, let price else { return nil }
        let precision = max(average.precision, price.precision)
        let difference = side == .buy ? average.raw - price.raw : price.raw - average.raw
        return Price(raw: difference, precision: precision)
    }

    /// The commission charged in `currency`, or `nil` if none was.
    ///
    /// - Complexity: O(c), where c is the number of currencies charged (one or two in practice).
    public func commission(in currency: Currency) -> Money? {
        commissions.first { $0.currency == currency }
    }
}
