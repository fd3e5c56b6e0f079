// StrategyRegistry: strategies chosen by name in a backtest configuration.
//
// Design decisions:
// - A registry maps a name to a factory that reads the strategy's `parameters` table; it is a value, so
//   a user's package starts from `.examples`, registers its own and hands the result to
//   `KeelCommandLine.main(registry:)`. Registration order is kept (names are listed in that order).
// - Adding an example strategy is one line in `examples`.

public import KeelTrading

/// Makes strategies from their names and parameters.
public struct StrategyRegistry: Sendable {
    /// Builds a strategy from its `parameters` table; errors name the field.
    public typealias Factory = @Sendable (ConfigTable) throws(ConfigError) -> Strategy

    private var entries: [(name: String, factory: Factory)] = []

    /// An empty registry.
    public init() {}

    /// Registers `factory` under `name`, replacing an earlier one of that name.
    public mutating func register(_ name: String, _ factory: @escaping Factory) {
        entries.removeAll { $0.name == name }
        entries.append((name, factory))
    }

    /// The registered names, in registration order.
    public var names: [String] { entries.map(\.name) }

    /// Builds the strategy `name` from `parameters`.
    ///
    /// - Throws: `ConfigError` naming `field` if the name is unknown, or the factory's error.
    public func make(_ name: String, parameters: ConfigTable, field: String) throws(ConfigError) -> Strategy {
        guard let entry = entries.first(where: { $0.name == name }) else {
            throw ConfigError(field: field, "unknown strategy '\(name)' (registered: \(names.joined(separator: ", ")))")
        }
        return try entry.factory(parameters)
    }
}
