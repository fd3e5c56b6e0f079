@testable import KeelModel
import Testing

@Suite struct OrderStateFlagsTests {
    /// `stateFlags` agrees with the four predicates in every status, with and without an emulation trigger.
    @Test func stateFlagsMatchThePredicates() {
        let order = OrderFixtures.limit()
        for trigger in [nil, TriggerType.default] {
            for raw in UInt8(0)...13 {
                let status = OrderStatus(rawValue: raw)!
                order.status = status
                order.emulationTrigger = trigger
                let expected: UInt8 =
                    (order.isOpen ? 1 : 0) | (order.isClosed ? 2 : 0) | (order.isInflight ? 4 : 0) | (order.isEmulated ? 8 : 0)
                #expect(order.stateFlags == expected, "\(status), trigger \(String(describing: trigger))")
            }
        }
        #expect(OrderStatus(rawValue: 14) == nil, "a new status needs its flags in the tables")
    }
}
