/// Returns the value `make` builds from input the code knows to be valid; traps with the error
/// (`Invariant: …`) if it throws.
///
/// This is the trapping twin of every throwing validated constructor whose parameter list is too long
/// to repeat (instruments): `let gbpusd = requireValid { try CurrencyPair(...) }`.
@inlinable
public func requireValid<T, E: Error>(_ make: () throws(E) -> T) -> T {
    do { return try make() } catch { preconditionFailure("Invariant: \(error)") }
}
