/// An error for text that does not parse as the value asked for.
///
/// The message names the kind of value, the offending text and what is wrong with it, so that a
/// loader can prefix the file and line and hand the user one precise line.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of value that was being parsed, e.g. `"Price"` or `"InstrumentId"`.
    public let kind: String
    /// The text that failed to parse.
    public let text: String
    /// What is wrong with it.
    public let reason: String

    public init(kind: String, text: String, reason: String) {
        self.kind = kind
        self.text = text
        self.reason = reason
    }

    public var description: String { "invalid \(kind) '\(text)': \(reason)" }
}

/// An error for a value that breaks a rule of the domain (a negative size, a high below a low …).
///
/// Throwing constructors for external input raise it; their trapping twins are for values the code
/// already knows are valid.
public struct ValidationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The field or value that broke the rule, e.g. `"Bar.high"`.
    public let field: String
    /// The rule that was broken, in words.
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}
