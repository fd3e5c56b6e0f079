public import KeelModel

/// The standard point-to-point endpoints of a kernel, with their message types.
///
/// Commands flow strategy → `riskExecute` → `executionExecute` → execution client; events flow
/// execution client → `executionProcess` → cache, positions, portfolio → strategy topics. Data commands
/// flow actor → `dataExecute` → data client; requests flow through `dataRequest`.
public enum Endpoints {
    /// Every trading command enters here: the risk engine checks it.
    public static let riskExecute = Endpoint<TradingCommand>("RiskEngine.execute")
    /// Commands the risk engine let through: the execution engine routes them to a client.
    public static let executionExecute = Endpoint<TradingCommand>("ExecEngine.execute")
    /// Order events from execution clients (and the risk engine's denials).
    public static let executionProcess = Endpoint<OrderEvent>("ExecEngine.process")
    /// Account states reported by execution clients: the portfolio applies them.
    public static let portfolioUpdateAccount = Endpoint<AccountState>("Portfolio.update_account")
    /// Subscribe and unsubscribe commands.
    public static let dataExecute = Endpoint<DataCommand>("DataEngine.execute")
    /// Historical data requests.
    public static let dataRequest = Endpoint<DataRequest>("DataEngine.request")
}
