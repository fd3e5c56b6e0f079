public import KeelCommon
import KeelCore
public import KeelExecution
import KeelModel

/// Checks the `ExecutionClient` port's implementation requirements that hold for every client.
///
/// Every `ExecutionClient` implementation runs this check (see the protocol's "Implementation requirements").
/// `makeClient` builds a client on the bus it is given; `submit` makes a valid command for the client's venue.
/// The check captures what the client sends to `Endpoints.executionProcess` while it handles the command.
/// Returns the failures found, empty when the client conforms.
public enum ExecutionClientConformance {
    public static func check<C: ExecutionClient>(
        makeClient: (MessageBus) -> C, submit: (C) -> SubmitOrder
    ) -> [String] {
        var failures: [String] = []
        func expect(_ ok: Bool, _ what: @autoclosure () -> String) { if !ok { failures.append(what()) } }

        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        var events: [OrderEvent] = []
        bus.register(Endpoints.executionProcess) { events.append($0) }
        bus.register(Endpoints.portfolioUpdateAccount) { _ in }
        let client = makeClient(bus)

        // Identity does not change.
        let identity = (client.clientId, client.venue, client.accountId, client.accountType, client.baseCurrency, client.omsType)
        expect(client.omsType != .unspecified, "omsType is NETTING or HEDGING, not UNSPECIFIED")

        // connect/disconnect are idempotent and reflected by isConnected.
        client.connect()
        client.connect()
        expect(client.isConnected, "isConnected after connect()")
        client.disconnect()
        client.disconnect()
        expect(!client.isConnected, "not isConnected after disconnect()")
        client.connect()

        // What a command produces carries its ids and the client's account.
        let command = submit(client)
        client.submitOrder(command)
        for event in events {
            expect(event.clientOrderId == command.clientOrderId, "\(event.name) names the command's order (\(event.clientOrderId))")
            expect(event.strategyId == command.strategyId, "\(event.name) names the command's strategy")
            expect(event.traderId == command.traderId, "\(event.name) names the command's trader")
            expect(event.instrumentId == command.instrumentId, "\(event.name) names the command's instrument")
            if let account = event.accountId { expect(account == client.accountId, "\(event.name) books to the client's account") }
        }
        let ids = events.map(\.eventId)
        expect(Set(ids).count == ids.count, "event ids are unique")

        let after = (client.clientId, client.venue, client.accountId, client.accountType, client.baseCurrency, client.omsType)
        expect(identity == after, "identity (clientId, venue, accountId, accountType, baseCurrency, omsType) does not change")
        return failures
    }
}
