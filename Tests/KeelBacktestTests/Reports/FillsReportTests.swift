import KeelBacktest
import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// The fills CSV writes amounts as the reference does (Python's `Decimal(raw) / 10**9`).
@Suite struct FillsReportTests {
    @Test(arguments: [("0.03", "0.03"), ("0", "0"), ("1.50", "1.5"), ("22.45", "22.45"), ("100", "100"), ("-0.20", "-0.2")])
    func commissionsHaveNoTrailingZeros(amount: String, written: String) throws {
        let harness = BacktestHarness()
        let order = harness.limit(.buy, "1.57616")
        let fill = TestOrderEvents.filled(
            order, quantity: Quantity(units: 1_000), price: try Price("1.57616"), at: BacktestHarness.t0,
            commission: try Money(amount, .usd))
        let columns = FillsReport.row(fill).split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        #expect(columns.count == FillsReport.header.split(separator: ",").count)
        #expect(columns[10] == written)
        #expect(columns[11] == "USD")
    }
}
