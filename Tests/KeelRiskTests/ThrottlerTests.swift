import KeelCache
import KeelCommon
import KeelCore
import KeelModel
import KeelRisk
import KeelTestKit
import Testing

@Suite struct ThrottlerTests {
    static let t0 = UnixNanos(seconds: 1_000)

    // MARK: Rate limits

    @Test(arguments: [
        ("100/00:00:01", 100, UInt64(1_000_000_000)),
        ("10/00:00:00.5", 10, UInt64(500_000_000)),
        ("1/00:00:00.000000001", 1, UInt64(1)),
        ("5/01:02:03", 5, UInt64(3_723_000_000_000)),
    ])
    func parsesRateLimits(text: String, limit: Int, nanos: UInt64) throws {
        let rate = try RateLimit(parsing: text)
        #expect(rate.limit == limit && rate.interval == DurationNanos(nanos))
        #expect(try RateLimit(parsing: rate.description) == rate)
    }

    @Test(arguments: ["0/00:00:01", "abc", "10/00:00:00", "10/00:60:00", "10/1s", "10/00:00:01.1234567890", "-1/00:00:01", "10"])
    func refusesBadRateLimits(text: String) {
        #expect(throws: ParseError.self) { try RateLimit(parsing: text) }
    }

    @Test func printsAsNautilusTraderDoes() {
        #expect(RateLimit.nautilusDefault.description == "100/00:00:01")
        #expect(RateLimit(limit: 3, interval: .milliseconds(250)).description == "3/00:00:00.250000000")
    }

    // MARK: The sliding window

    @Test func allowsExactlyTheLimitThenRefuses() {
        var throttler = Throttler(rateLimit: RateLimit(limit: 3, interval: .seconds(1)))
        let results = throttler.attempts(at: Array(repeating: Self.t0, count: 4))
        #expect(results == [true, true, true, false])
        #expect(throttler.sentCount == 3 && throttler.droppedCount == 1)
        #expect(throttler.used(at: Self.t0) == 1.0)
    }

    @Test func theWindowIsHalfOpen() {
        var throttler = Throttler(rateLimit: RateLimit(limit: 2, interval: .seconds(1)))
        let times: [UnixNanos] = [
            Self.t0, Self.t0 + .milliseconds(500), Self.t0 + .nanoseconds(999_999_999),
            Self.t0 + .seconds(1),  // the first send has left the window
            Self.t0 + .seconds(1), Self.t0 + .milliseconds(1_500),
        ]
        let results = throttler.attempts(at: times)
        #expect(results == [true, true, false, true, false, true])
        #expect(throttler.countInWindow(at: Self.t0 + .milliseconds(1_500)) == 2)
    }

    @Test func refusedAttemptsDoNotUseTheWindow() {
        var throttler = Throttler(rateLimit: RateLimit(limit: 1, interval: .seconds(1)))
        let times = [Self.t0] + (1...9).map { Self.t0 + .milliseconds(UInt64($0) * 100) } + [Self.t0 + .seconds(1)]
        let results = throttler.attempts(at: times)
        #expect(results == [true] + Array(repeating: false, count: 9) + [true])
    }

    @Test func sweepMatchesACountOfTheLastInterval() {
        // Exhaustive over a small space: sends at every 100 ms tick, limit 3 per 450 ms.
        var throttler = Throttler(rateLimit: RateLimit(limit: 3, interval: .milliseconds(450)))
        var sent: [UnixNanos] = []
        for k in 0..<50 {
            let now = Self.t0 + .milliseconds(UInt64(k) * 100)
            for _ in 0..<(k % 3 + 1) {
                let expected = sent.filter { now - $0 < .milliseconds(450) }.count < 3
                let ok = throttler.tryAcquire(at: now)
                #expect(ok == expected, "tick \(k)")
                if expected { sent.append(now) }
            }
        }
    }

    @Test func resetForgetsEverything() {
        var throttler = Throttler(rateLimit: RateLimit(limit: 1, interval: .seconds(1)))
        _ = throttler.tryAcquire(at: Self.t0)
        throttler.reset()
        #expect(throttler.sentCount == 0 && throttler.used(at: Self.t0) == 0)
        #expect(throttler.attempts(at: [Self.t0]) == [true])
    }

    // MARK: In the engine

    @Test func submitsOverTheLimitAreDeniedUntilTheWindowMoves() {
        let h = RiskHarness(config: RiskEngineConfig(maxOrderSubmitRate: RateLimit(limit: 3, interval: .seconds(1))))
        for _ in 0..<3 { h.submit(h.limit()) }
        #expect(h.executed.count == 3 && h.processed.isEmpty)
        #expect(h.engine.submitThrottleUsed == 1.0)
        h.submit(h.limit())
        #expect(h.denialReasons == ["RATE_LIMIT_EXCEEDED"])
        h.clock.advanceTime(to: RiskHarness.start + .nanoseconds(999_999_999))
        h.submit(h.limit())
        #expect(h.denialReasons.count == 2)
        h.clock.advanceTime(to: RiskHarness.start + .seconds(1))
        h.submit(h.limit())
        #expect(h.executed.count == 4 && h.denialReasons.count == 2)
    }

    @Test func aListTakesOneSlotAndIsDeniedWhole() {
        let h = RiskHarness(config: RiskEngineConfig(maxOrderSubmitRate: RateLimit(limit: 2, interval: .seconds(1))))
        h.submitList([h.limit(), h.limit()])
        h.submit(h.limit())
        h.submitList([h.limit(), h.limit()], listId: OrderListId("OL-2"))
        #expect(h.executed.map(\.name) == ["SubmitOrderList", "SubmitOrder"])
        #expect(h.denialReasons == ["RATE_LIMIT_EXCEEDED", "RATE_LIMIT_EXCEEDED"])
    }

    @Test func modifiesOverTheLimitAreRejected() {
        let h = RiskHarness(config: RiskEngineConfig(maxOrderModifyRate: RateLimit(limit: 2, interval: .seconds(1))))
        let order = h.limit()
        h.cache.add(order: order)
        h.makeOpen(order)
        for price in ["1.31000", "1.32000", "1.33000"] { h.modify(order, price: price) }
        #expect(h.executed.count == 2)
        #expect(h.modifyRejections.map(\.reason) == ["Exceeded MAX_ORDER_MODIFY_RATE"])
        h.clock.advanceTime(to: RiskHarness.start + .seconds(1))
        h.modify(order, price: "1.34000")
        #expect(h.executed.count == 3)
        #expect(h.engine.modifyThrottleUsed == 0.5)
    }

    @Test func deniedSubmitsDoNotUseTheSubmitWindow() {
        let h = RiskHarness(config: RiskEngineConfig(maxOrderSubmitRate: RateLimit(limit: 1, interval: .seconds(1))))
        h.submit(h.limit(price: "0.00000"))
        h.submit(h.limit())
        #expect(h.executed.count == 1)
    }

    // MARK: Traps

    @Test func timeGoingBackwardsTraps() async {
        await #expect(processExitsWith: .failure) {
            var throttler = Throttler(rateLimit: RateLimit(limit: 1, interval: .seconds(1)))
            _ = throttler.tryAcquire(at: UnixNanos(seconds: 2))
            _ = throttler.tryAcquire(at: UnixNanos(seconds: 1))
        }
    }

    @Test func zeroLimitTraps() async {
        await #expect(processExitsWith: .failure) { _ = RateLimit(limit: 0, interval: .seconds(1)) }
    }

    @Test func zeroIntervalTraps() async {
        await #expect(processExitsWith: .failure) { _ = RateLimit(limit: 1, interval: .zero) }
    }
}

extension Throttler {
    /// The answers of `tryAcquire` at each of `times`, in order.
    mutating func attempts(at times: [UnixNanos]) -> [Bool] { times.map { tryAcquire(at: $0) } }
}
