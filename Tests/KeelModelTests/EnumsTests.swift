import KeelCore
import KeelModel
import Testing

@Suite struct EnumsTests {
    @Test func textFormsRoundTrip() throws {
        for c in OrderType.allCases { #expect(try OrderType(parsing: c.description) == c) }
        for c in TimeInForce.allCases { #expect(try TimeInForce(parsing: c.description) == c) }
        for c in OrderStatus.allCases { #expect(try OrderStatus(parsing: c.description) == c) }
        for c in BarAggregation.allCases { #expect(try BarAggregation(parsing: c.description) == c) }
        #expect(try OrderSide(parsing: "buy") == .buy)
        #expect(OrderType.trailingStopLimit.description == "TRAILING_STOP_LIMIT")
        #expect(AggregationSource.internal.description == "INTERNAL")
    }

    @Test func parseErrorNamesTypeTextAndChoices() {
        do {
            _ = try OrderSide(parsing: "LONG")
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == "OrderSide")
            #expect(error.text == "LONG")
            #expect(error.reason.contains("BUY, SELL"))
        }
    }

    @Test func oppositeSides() {
        #expect(OrderSide.buy.opposite == .sell)
        #expect(PositionSide.long.closingOrderSide == .sell)
    }

    @Test func oppositeOfNoSideTraps() async {
        await #expect(processExitsWith: .failure) { _ = OrderSide.noOrderSide.opposite }
    }
}
