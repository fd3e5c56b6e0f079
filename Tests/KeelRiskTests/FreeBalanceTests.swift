import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelRisk
import KeelTestKit
import Testing

/// Free-balance checks of cash accounts (the reference's `_check_orders_risk`); margin accounts are not checked.
@Suite struct FreeBalanceTests {
    static func account(_ type: AccountType, usd: String, base: Currency? = .usd) throws -> Account {
        let total = try Money(usd, .usd)
        let state = AccountState(
            accountId: AccountId("SIM-001"), accountType: type, baseCurrency: base,
            balances: [AccountBalance(total: total, locked: .zero(.usd), free: total)], isReported: true,
            eventId: UUID4(high: 1, low: 1), tsEvent: .zero, tsInit: .zero)
        return try Account(state, isCalculated: true, allowsBorrowing: false)
    }

    @Test func aBuyBeyondTheFreeCashIsDenied() throws {
        let harness = RiskHarness()
        harness.cache.add(account: try Self.account(.cash, usd: "100000.00"))
        // 100,000 GBP at 1.30000 = 130,000 USD > 100,000 USD free.
        harness.submit(harness.limit(.buy, "100000", price: "1.30000"))
        #expect(harness.executed.isEmpty)
        guard case .denied(let denied) = harness.processed.last else {
            Issue.record("expected OrderDenied")
            return
        }
        #expect(denied.reason == "NOTIONAL_EXCEEDS_FREE_BALANCE: free=Money(100000.00, USD), balance_impact=Money(-130000.00, USD)")
    }

    @Test func aBuyWithinTheFreeCashPasses() throws {
        let harness = RiskHarness()
        harness.cache.add(account: try Self.account(.cash, usd: "200000.00"))
        harness.submit(harness.limit(.buy, "100000", price: "1.30000"))
        #expect(harness.executed.count == 1)
    }

    @Test func cumulativeBuysOfAListAreChecked() throws {
        let harness = RiskHarness()
        harness.cache.add(account: try Self.account(.cash, usd: "200000.00"))
        // Each 130,000 fits; together 260,000 does not.
        harness.submitList([harness.limit(.buy, "100000", price: "1.30000"), harness.limit(.buy, "100000", price: "1.30000")])
        #expect(harness.executed.isEmpty)
        guard case .denied(let denied) = harness.processed.last else {
            Issue.record("expected OrderDenied")
            return
        }
        #expect(denied.reason.hasPrefix("CUM_NOTIONAL_EXCEEDS_FREE_BALANCE") || denied.reason.hasPrefix("ORDER_LIST_DENIED"))
    }

    @Test func marginAccountsAreNotCheckedAsTheReference() throws {
        let harness = RiskHarness()
        harness.cache.add(account: try Self.account(.margin, usd: "1000.00"))
        harness.submit(harness.limit(.buy, "100000", price: "1.30000"))
        #expect(harness.executed.count == 1)
    }
}
