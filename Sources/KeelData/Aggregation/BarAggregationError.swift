// BarAggregationError: why a bar type cannot be aggregated. Thrown when an aggregator is built, never
// per update; the DataEngine switches on `code` to decide what to tell the subscriber.

public import KeelModel

/// Why a bar aggregator cannot be created for a bar type.
public struct BarAggregationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kinds of configuration error.
    public enum Code: Hashable, Sendable {
        /// The bar type's aggregation source is EXTERNAL: the venue builds those bars.
        case externalSource
        /// The instrument given is not the bar type's.
        case instrumentMismatch
        /// The size precision exceeds 9.
        case invalidSizePrecision
        /// The price type cannot be aggregated from quotes or trades (MARK).
        case unsupportedPriceType
        /// The step is not positive, or so large that the threshold or interval overflows.
        case invalidStep
        /// A time bar type was given no clock.
        case missingClock
        /// The clock refused the aggregator's timer (e.g. a timer of that name is already set).
        case timer
    }

    /// The kind of error.
    public let code: Code
    /// The bar type that cannot be aggregated.
    public let barType: BarType
    /// What is wrong, in words.
    public let reason: String

    /// Creates an error for `barType`.
    public init(_ code: Code, barType: BarType, reason: String) {
        self.code = code
        self.barType = barType
        self.reason = reason
    }

    /// `bar type 'BAR_TYPE': reason`.
    public var description: String { "bar type '\(barType)': \(reason)" }
}
