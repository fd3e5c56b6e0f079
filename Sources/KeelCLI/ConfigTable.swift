// ConfigTable: typed, path-aware reading of a TOML table, so that every configuration error names its
// field (`venues[0].oms_type: expected NETTING or HEDGING, got 'NETT'`).
//
// Design decisions:
// - Every accessor throws `ConfigError` with the dotted path of the field; nothing traps on user input.
// - Unknown keys are errors (`checkKeys`), so a misspelt option is reported instead of silently ignored.
// - TOMLKit (toml++) parses; this file is the only one that touches its types besides `BacktestConfig`.

public import KeelCore
public import KeelModel
public import TOMLKit

/// A configuration problem: the field and what is wrong with it.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    /// The dotted path of the field, e.g. `venues[0].oms_type` (empty for the file as a whole).
    public let field: String
    /// What is wrong, in words.
    public let problem: String

    public init(field: String, _ problem: String) {
        self.field = field
        self.problem = problem
    }

    public var description: String { field.isEmpty ? problem : "\(field): \(problem)" }
}

/// A TOML table with the path it was found at, read field by field.
public struct ConfigTable {
    /// The TOML table.
    public let table: TOMLTable
    /// Its dotted path (empty at the top).
    public let path: String

    public init(_ table: TOMLTable, path: String = "") {
        self.table = table
        self.path = path
    }

    /// Parses TOML text.
    public init(parsing text: String, file: String) throws(ConfigError) {
        do { self.init(try TOMLTable(string: text)) } catch let error as TOMLParseError {
            throw ConfigError(
                field: "", "\(file):\(error.source.begin.line):\(error.source.begin.column): invalid TOML: \(error.description)")
        } catch { throw ConfigError(field: "", "\(file): invalid TOML: \(error)") }
    }

    /// The path of `key` in this table.
    public func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// True if the table has `key`.
    public func has(_ key: String) -> Bool { table[key] != nil }

    /// Throws if the table has a key not in `allowed`.
    public func checkKeys(_ allowed: [String]) throws(ConfigError) {
        for key in table.keys.sorted() where !allowed.contains(key) {
            throw ConfigError(field: field(key), "unknown field (expected one of: \(allowed.joined(separator: ", ")))")
        }
    }

    private func value(_ key: String) throws(ConfigError) -> any TOMLValueConvertible {
        guard let value = table[key] else { throw ConfigError(field: field(key), "missing") }
        return value
    }

    private func typeName(_ value: any TOMLValueConvertible) -> String { "\(value.type)" }

    // MARK: Scalars

    /// A required string.
    public func string(_ key: String) throws(ConfigError) -> String {
        let v = try value(key)
        guard let s = v.string else { throw ConfigError(field: field(key), "expected a string, got \(typeName(v))") }
        return s
    }

    /// An optional string.
    public func string(_ key: String, default fallback: String?) throws(ConfigError) -> String? {
        has(key) ? try string(key) : fallback
    }

    /// A required integer.
    public func int(_ key: String) throws(ConfigError) -> Int {
        let v = try value(key)
        guard let i = v.int else { throw ConfigError(field: field(key), "expected an integer, got \(typeName(v))") }
        return i
    }

    /// An integer with a default.
    public func int(_ key: String, default fallback: Int) throws(ConfigError) -> Int { has(key) ? try int(key) : fallback }

    /// A non-negative integer that fits `T`, with a default.
    public func unsigned<T: FixedWidthInteger & UnsignedInteger>(_ key: String, default fallback: T) throws(ConfigError) -> T {
        guard has(key) else { return fallback }
        let i = try int(key)
        guard let value = T(exactly: i) else {
            throw ConfigError(field: field(key), "expected an integer in 0...\(T.max), got \(i)")
        }
        return value
    }

    /// A required number (an integer is accepted).
    public func double(_ key: String) throws(ConfigError) -> Double {
        let v = try value(key)
        if let d = v.double { return d }
        if let i = v.int { return Double(i) }
        throw ConfigError(field: field(key), "expected a number, got \(typeName(v))")
    }

    /// A number with a default.
    public func double(_ key: String, default fallback: Double) throws(ConfigError) -> Double {
        has(key) ? try double(key) : fallback
    }

    /// A probability in 0...1 with a default.
    public func probability(_ key: String, default fallback: Double) throws(ConfigError) -> Double {
        let p = try double(key, default: fallback)
        guard p >= 0, p <= 1 else { throw ConfigError(field: field(key), "expected a probability in 0...1, got \(p)") }
        return p
    }

    /// A Boolean with a default.
    public func bool(_ key: String, default fallback: Bool) throws(ConfigError) -> Bool {
        guard has(key) else { return fallback }
        let v = try value(key)
        guard let b = v.bool else { throw ConfigError(field: field(key), "expected true or false, got \(typeName(v))") }
        return b
    }

    /// A required string converted by `parse`; its error becomes "expected `what`, got '…'".
    public func parse<T>(_ key: String, expected what: String, _ parse: (String) throws -> T) throws(ConfigError) -> T {
        let text = try string(key)
        do { return try parse(text) } catch {
            throw ConfigError(field: field(key), "expected \(what), got '\(text)' (\(error))")
        }
    }

    /// A required domain enum given by its text (`NETTING`).
    public func choice<E: DomainEnum>(_ key: String, _ type: E.Type = E.self) throws(ConfigError) -> E {
        let text = try string(key)
        if let value = E.allCases.first(where: { $0.description == text.uppercased() }) { return value }
        let names = E.allCases.map(\.description)
        let expected = names.count > 1 ? names.dropLast().joined(separator: ", ") + " or " + names.last! : names.joined()
        throw ConfigError(field: field(key), "expected \(expected), got '\(text)'")
    }

    /// A domain enum with a default.
    public func choice<E: DomainEnum>(_ key: String, default fallback: E) throws(ConfigError) -> E {
        has(key) ? try choice(key, E.self) : fallback
    }

    // MARK: Domain values

    /// A currency code (`USD`).
    public func currency(_ key: String) throws(ConfigError) -> Currency {
        try parse(key, expected: "a currency code") { try Currency.named($0) }
    }

    /// An instrument id (`SYMBOL.VENUE`).
    public func instrumentId(_ key: String) throws(ConfigError) -> InstrumentId {
        try parse(key, expected: "SYMBOL.VENUE") { try InstrumentId(validating: $0) }
    }

    /// A bar type; `example` is shown in the error message.
    public func barType(_ key: String, example: String = "GBP/USD.SIM-1-MINUTE-BID-EXTERNAL") throws(ConfigError) -> BarType {
        try parse(key, expected: "a bar type such as '\(example)'") { try BarType(validating: $0) }
    }

    /// A strategy id (`NAME-TAG`).
    public func strategyId(_ key: String) throws(ConfigError) -> StrategyId {
        try parse(key, expected: "NAME-TAG") { try StrategyId(validating: $0) }
    }

    /// An amount with its currency, `"100000.00 USD"`.
    public func money(_ key: String) throws(ConfigError) -> Money {
        try parse(key, expected: "an amount and a currency such as '100000.00 USD'", Self.money)
    }

    static func money(_ text: String) throws -> Money {
        let parts = text.split(separator: " ")
        guard parts.count == 2 else { throw ConfigError(field: "", "two words") }
        return try Money(String(parts[0]), try Currency.named(parts[1]))
    }

    /// A required price (decimal text or a number).
    public func price(_ key: String) throws(ConfigError) -> Price {
        let text = try decimalText(key)
        do { return try Price(text) } catch { throw ConfigError(field: field(key), "expected a price, got '\(text)' (\(error))") }
    }

    /// A required quantity (decimal text or a number).
    public func quantity(_ key: String) throws(ConfigError) -> Quantity {
        let text = try decimalText(key)
        do { return try Quantity(text) } catch {
            throw ConfigError(field: field(key), "expected a quantity, got '\(text)' (\(error))")
        }
    }

    /// A required rate (decimal text or a number).
    public func rate(_ key: String) throws(ConfigError) -> Rate {
        let text = try decimalText(key)
        do { return try Rate(text) } catch { throw ConfigError(field: field(key), "expected a rate, got '\(text)' (\(error))") }
    }

    /// A value given as a string, an integer or a float, as decimal text (floats should be quoted for
    /// exactness; an integer is exact).
    private func decimalText(_ key: String) throws(ConfigError) -> String {
        let v = try value(key)
        if let s = v.string { return s }
        if let i = v.int { return String(i) }
        if let d = v.double { return "\(d)" }
        throw ConfigError(field: field(key), "expected a decimal number, got \(typeName(v))")
    }

    /// A timestamp: ISO-8601 text or integer nanoseconds.
    public func timestamp(_ key: String) throws(ConfigError) -> UnixNanos {
        let v = try value(key)
        if let i = v.int, i >= 0 { return UnixNanos(UInt64(i)) }
        return try parse(key, expected: "an ISO-8601 time or nanoseconds") { try UnixNanos(iso8601: $0) }
    }

    // MARK: Nested

    /// A sub-table, if present.
    public func table(_ key: String) throws(ConfigError) -> ConfigTable? {
        guard has(key) else { return nil }
        let v = try value(key)
        guard let t = v.table else { throw ConfigError(field: field(key), "expected a table, got \(typeName(v))") }
        return ConfigTable(t, path: field(key))
    }

    /// An array of tables (`[[key]]`); empty if absent.
    public func tables(_ key: String) throws(ConfigError) -> [ConfigTable] {
        guard has(key) else { return [] }
        let v = try value(key)
        guard let array = v.array else { throw ConfigError(field: field(key), "expected an array of tables, got \(typeName(v))") }
        var out: [ConfigTable] = []
        for (i, element) in array.enumerated() {
            guard let t = element.table else { throw ConfigError(field: "\(field(key))[\(i)]", "expected a table") }
            out.append(ConfigTable(t, path: "\(field(key))[\(i)]"))
        }
        return out
    }

    /// An array of strings; empty if absent.
    public func strings(_ key: String) throws(ConfigError) -> [String] {
        guard has(key) else { return [] }
        let v = try value(key)
        guard let array = v.array else { throw ConfigError(field: field(key), "expected an array of strings, got \(typeName(v))") }
        var out: [String] = []
        for (i, element) in array.enumerated() {
            guard let s = element.string else { throw ConfigError(field: "\(field(key))[\(i)]", "expected a string") }
            out.append(s)
        }
        return out
    }
}
