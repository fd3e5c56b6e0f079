// BarSpecification and BarType: what a bar aggregates, written as NautilusTrader writes it.
//
// Design decisions:
// - Text form exactly as NautilusTrader: `{instrumentId}-{step}-{AGGREGATION}-{PRICE_TYPE}-{SOURCE}`,
//   e.g. `GBP/USD.SIM-1-MINUTE-BID-EXTERNAL`. Symbols may contain '-' (`BTCUSDT-PERP.BINANCE`) and '.',
//   so the text is split from the right: the last four '-' separate the four specification parts and
//   everything before them is the instrument id.
// - Parse errors name the whole text and the part that is wrong (`step '0' …`, `aggregation 'MINUTES' …`).
// - Only standard bar types. NautilusTrader's composite form (`…-INTERNAL@1-MINUTE-EXTERNAL`) is
//   rejected with a clear error until the bar aggregator needs it.
// - A bar type is inline (no heap): `InstrumentId` plus a few bytes, so every `Bar` carries its own.

public import KeelCore

/// How a bar is aggregated: every `step` units of `aggregation`, from prices of `priceType`.
@frozen
public struct BarSpecification: Hashable, Sendable {
    /// The number of aggregation units per bar (1 in `1-MINUTE-BID`); positive.
    public let step: Int
    /// The unit of aggregation (ticks, volume, value or a time unit).
    public let aggregation: BarAggregation
    /// The price the bar is built from.
    public let priceType: PriceType

    /// Creates a specification known to be valid; traps if `step` is not positive.
    @inlinable
    public init(step: Int, aggregation: BarAggregation, priceType: PriceType) {
        precondition(step > 0, "Invariant: a bar step is positive (got \(step))")
        self.step = step
        self.aggregation = aggregation
        self.priceType = priceType
    }

    /// Creates a specification from external input.
    ///
    /// - Throws: `ValidationError` naming `BarSpecification.step` if it is not positive.
    public init(validatingStep step: Int, aggregation: BarAggregation, priceType: PriceType) throws(ValidationError) {
        guard step > 0 else { throw ValidationError(field: "BarSpecification.step", reason: "\(step) is not positive") }
        self.init(step: step, aggregation: aggregation, priceType: priceType)
    }

    /// Parses `STEP-AGGREGATION-PRICE_TYPE`, e.g. `1-MINUTE-BID`.
    ///
    /// - Throws: `ParseError` naming the text and the bad part.
    public init(_ text: some StringProtocol) throws(ParseError) {
        let whole = String(text)
        let parts = whole.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw ParseError(kind: "BarSpecification", text: whole, reason: "expected 'STEP-AGGREGATION-PRICE_TYPE', e.g. '1-MINUTE-BID'")
        }
        self = try BarSpecification.parse(step: parts[0], aggregation: parts[1], priceType: parts[2], kind: "BarSpecification", whole: whole)
    }

    static func parse(
        step: Substring, aggregation: Substring, priceType: Substring, kind: String, whole: String
    ) throws(ParseError) -> BarSpecification {
        guard !step.isEmpty, step.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let n = Int(step), n > 0 else {
            throw ParseError(kind: kind, text: whole, reason: "step '\(step)' is not a positive integer")
        }
        let agg: BarAggregation
        do { agg = try BarAggregation(parsing: aggregation) } catch {
            throw ParseError(kind: kind, text: whole, reason: "aggregation '\(aggregation)': \(error.reason)")
        }
        let price: PriceType
        do { price = try PriceType(parsing: priceType) } catch {
            throw ParseError(kind: kind, text: whole, reason: "price type '\(priceType)': \(error.reason)")
        }
        return BarSpecification(step: n, aggregation: agg, priceType: price)
    }

    /// True for aggregations measured in time (millisecond to month).
    @inlinable
    public var isTimeAggregated: Bool {
        switch aggregation {
        case .millisecond, .second, .minute, .hour, .day, .week, .month: true
        case .tick, .volume, .value: false
        }
    }

    /// The length of one bar for fixed-length time aggregations (millisecond to week); nil for tick,
    /// volume and value bars, and for months, whose length varies.
    @inlinable
    public var timedelta: DurationNanos? {
        let n = UInt64(step)
        switch aggregation {
        case .millisecond: return .milliseconds(n)
        case .second: return .seconds(n)
        case .minute: return .minutes(n)
        case .hour: return .hours(n)
        case .day: return .days(n)
        case .week: return .days(7 * n)
        case .month, .tick, .volume, .value: return nil
        }
    }
}

extension BarSpecification: CustomStringConvertible {
    /// `STEP-AGGREGATION-PRICE_TYPE`, e.g. `1-MINUTE-BID`.
    public var description: String { "\(step)-\(aggregation)-\(priceType)" }
}

/// What a series of bars is: an instrument, a specification, and who aggregates it.
@frozen
public struct BarType: Hashable, Sendable {
    /// The instrument the bars are for.
    public let instrumentId: InstrumentId
    /// How the bars are aggregated.
    public let spec: BarSpecification
    /// Whether the venue (external) or Keel (internal) aggregates the bars.
    public let aggregationSource: AggregationSource

    /// Creates a bar type.
    @inlinable
    public init(instrumentId: InstrumentId, spec: BarSpecification, aggregationSource: AggregationSource = .external) {
        self.instrumentId = instrumentId
        self.spec = spec
        self.aggregationSource = aggregationSource
    }

    /// Equal if every field is: the one-byte and one-word fields first, so that BID and ASK bar types of one
    /// instrument (which alternate in a bar-data backtest) differ after two compares, not the id's 64 bytes.
    @inlinable
    public static func == (lhs: BarType, rhs: BarType) -> Bool {
        lhs.spec.priceType == rhs.spec.priceType && lhs.spec.step == rhs.spec.step
            && lhs.spec.aggregation == rhs.spec.aggregation && lhs.aggregationSource == rhs.aggregationSource
            && lhs.instrumentId == rhs.instrumentId
    }

    /// Feeds the hasher two words: the instrument id's, and the specification and source folded into one.
    /// (The synthesized hash fed five, one per field: each bar of a bar-data backtest is hashed by the cache,
    /// the data engine and the matching engine.) Equal bar types hash equally, as `==` compares every field.
    @inlinable
    public func hash(into hasher: inout Hasher) {
        instrumentId.hash(into: &hasher)
        let enums =
            UInt64(spec.aggregation.rawValue) << 16 | UInt64(spec.priceType.rawValue) << 8
            | UInt64(aggregationSource.rawValue)
        hasher.combine(UInt64(bitPattern: Int64(spec.step)) &* 0x9E37_79B9_7F4A_7C15 ^ enums)
    }

    /// Parses `INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE`, e.g. `GBP/USD.SIM-1-MINUTE-BID-EXTERNAL`
    /// or `BTCUSDT-PERP.BINANCE-100-TICK-LAST-INTERNAL`.
    ///
    /// - Throws: `ParseError` naming the text and the bad part.
    public init(validating text: some StringProtocol) throws(ParseError) {
        let whole = String(text)
        if whole.contains("@") {
            throw ParseError(kind: "BarType", text: whole, reason: "composite bar types ('…@…') are not supported")
        }
        // Split off the last four '-'-separated parts; the rest is the instrument id.
        var parts: [Substring] = []
        var end = whole.endIndex
        var cursor = whole.endIndex
        while parts.count < 4, cursor > whole.startIndex {
            cursor = whole.index(before: cursor)
            if whole[cursor] == "-" {
                parts.append(whole[whole.index(after: cursor)..<end])
                end = cursor
            }
        }
        guard parts.count == 4, end > whole.startIndex else {
            throw ParseError(
                kind: "BarType", text: whole,
                reason: "expected 'INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE', e.g. 'GBP/USD.SIM-1-MINUTE-BID-EXTERNAL'")
        }
        let idText = whole[whole.startIndex..<end]
        let id: InstrumentId
        do { id = try InstrumentId(validating: idText) } catch {
            throw ParseError(kind: "BarType", text: whole, reason: "instrument id '\(idText)': \(error.reason)")
        }
        let spec = try BarSpecification.parse(step: parts[3], aggregation: parts[2], priceType: parts[1], kind: "BarType", whole: whole)
        let source: AggregationSource
        do { source = try AggregationSource(parsing: parts[0]) } catch {
            throw ParseError(kind: "BarType", text: whole, reason: "aggregation source '\(parts[0])': \(error.reason)")
        }
        self.init(instrumentId: id, spec: spec, aggregationSource: source)
    }

    /// Parses a bar type the code knows to be valid; traps otherwise.
    public init(_ text: some StringProtocol) {
        do { try self.init(validating: text) } catch { preconditionFailure("Invariant: \(error)") }
    }
}

extension BarType: CustomStringConvertible {
    /// `INSTRUMENT_ID-STEP-AGGREGATION-PRICE_TYPE-SOURCE`, e.g. `GBP/USD.SIM-1-MINUTE-BID-EXTERNAL`.
    public var description: String { "\(instrumentId)-\(spec)-\(aggregationSource)" }
}
