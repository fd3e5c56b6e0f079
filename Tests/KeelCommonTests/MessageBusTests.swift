import KeelCommon
import KeelCore
import KeelModel
import KeelTestKit
import Testing

@Suite struct MessageBusTests {
    let gbpusd = InstrumentId("GBP/USD.SIM")
    let eurusd = InstrumentId("EUR/USD.SIM")

    func quote(_ id: InstrumentId, _ bid: String = "1.00000") -> QuoteTick {
        QuoteTick(
            instrumentId: id, bidPrice: try! Price(bid), askPrice: try! Price("1.00010"),
            bidSize: Quantity(units: 1), askSize: Quantity(units: 1), tsEvent: .zero, tsInit: .zero)
    }

    @Test func topicNamesFollowTheArchitecture() {
        #expect(Topics.quotes(gbpusd).name == "data.quotes.SIM.GBP/USD")
        #expect(Topics.trades(gbpusd).name == "data.trades.SIM.GBP/USD")
        #expect(Topics.bars(BarType("GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")).name == "data.bars.GBP/USD.SIM-1-MINUTE-BID-EXTERNAL")
        #expect(Topics.orderEvents(StrategyId("EMACross-001")).name == "events.order.EMACross-001")
        #expect(Topics.positionEvents(StrategyId("EMACross-001")).name == "events.position.EMACross-001")
    }

    @Test func publishReachesSubscribersInPriorityThenSubscriptionOrder() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        var calls: [String] = []
        bus.subscribe(Topics.quotes(gbpusd)) { _ in calls.append("a0") }
        bus.subscribe(Topics.quotes(gbpusd), priority: 10) { _ in calls.append("b10") }
        bus.subscribe(Topics.quotes(gbpusd)) { _ in calls.append("c0") }
        bus.subscribe(Topics.quotes(gbpusd), priority: -1) { _ in calls.append("d-1") }
        bus.subscribe(Topics.quotes(gbpusd), priority: 10) { _ in calls.append("e10") }
        bus.publish(Topics.quotes(gbpusd), quote(gbpusd))
        #expect(calls == ["b10", "e10", "a0", "c0", "d-1"])
        #expect(bus.subscriberCount(Topics.quotes(gbpusd)) == 5)
    }

    @Test func publisherHandleDeliversWithoutLookup() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let publisher = bus.publisher(for: Topics.quotes(gbpusd))
        #expect(!publisher.hasSubscribers)
        var received: [QuoteTick] = []
        bus.subscribe(Topics.quotes(gbpusd)) { received.append($0) }
        #expect(publisher.hasSubscribers)
        publisher.publish(quote(gbpusd))
        #expect(received.count == 1)
        #expect(bus.publishCount == 1)
    }

    @Test func wildcardSubscriptionsMatchExistingAndFutureTopicsOfTheirType() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        var seen: [String] = []
        bus.subscribe(Topics.quotes(gbpusd)) { _ in }
        bus.subscribe(pattern: "data.quotes.SIM.*", as: QuoteTick.self) { seen.append($0.instrumentId.description) }
        bus.subscribe(pattern: "data.quotes.SIM.???/USD", as: QuoteTick.self) { seen.append("?" + $0.instrumentId.description) }
        bus.subscribe(pattern: "data.*", as: TradeTick.self) { _ in seen.append("wrong type") }
        bus.publish(Topics.quotes(gbpusd), quote(gbpusd))
        bus.publish(Topics.quotes(eurusd), quote(eurusd))  // a route created after the patterns
        bus.publish(Topics.quotes(InstrumentId("BTCUSDT.BINANCE")), quote(InstrumentId("BTCUSDT.BINANCE")))
        #expect(seen == ["GBP/USD.SIM", "?GBP/USD.SIM", "EUR/USD.SIM", "?EUR/USD.SIM"])
    }

    @Test(arguments: [
        ("data.quotes.*", "data.quotes.SIM.GBP/USD", true),
        ("data.*.SIM.*", "data.quotes.SIM.GBP/USD", true),
        ("*", "anything", true),
        ("data.quotes.SIM.GBP?USD", "data.quotes.SIM.GBP/USD", true),
        ("data.quotes.SIM.GBP?USD", "data.quotes.SIM.GBPUSD", false),
        ("data.trades.*", "data.quotes.SIM.GBP/USD", false),
        ("events.order.*-001", "events.order.EMACross-001", true),
        ("events.order.*-001", "events.order.EMACross-002", false),
        ("", "", true),
        ("a*b*c", "aXXbYYc", true),
        ("a*b*c", "aXXbYY", false),
    ])
    func wildcardMatching(pattern: String, name: String, matches: Bool) {
        #expect(TopicPattern.matches(pattern, name) == matches)
    }

    @Test func subscriptionChangesDuringADispatchTakeEffectNextMessage() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls: [String] = []
        var late: Subscription?
        var second: Subscription!
        bus.subscribe(topic) { _ in
            calls.append("first")
            if late == nil { late = bus.subscribe(topic) { _ in calls.append("late") } }
            bus.unsubscribe(second)
        }
        second = bus.subscribe(topic) { _ in calls.append("second") }
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["first", "second"], "the dispatch in progress uses the list as it began")
        calls.removeAll()
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["first", "late"], "changes apply from the next message")
    }

    @Test func unsubscribeRemovesTopicAndPatternSubscriptions() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        var count = 0
        let s1 = bus.subscribe(Topics.quotes(gbpusd)) { _ in count += 1 }
        let s2 = bus.subscribe(pattern: "data.quotes.*", as: QuoteTick.self) { _ in count += 1 }
        bus.unsubscribe(s1)
        bus.unsubscribe(s2)
        bus.unsubscribe(s2)
        bus.publish(Topics.quotes(gbpusd), quote(gbpusd))
        bus.publish(Topics.quotes(eurusd), quote(eurusd))
        #expect(count == 0)
        #expect(bus.topics.isEmpty)
    }

    @Test func endpointsAndRequestResponse() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let echo = Endpoint<(UUID4, String)>("Echo.request")
        bus.register(echo) { request in bus.respond(correlationId: request.0, request.1.uppercased()) }
        #expect(bus.isRegistered(echo))
        var answers: [String] = []
        let id = UUID4(high: 1, low: 2)
        bus.request(echo, (id, "ping"), correlationId: id) { (answer: String) in answers.append(answer) }
        #expect(answers == ["PING"])
        #expect(bus.pendingRequestCount == 0)
        #expect(!bus.respond(correlationId: id, "again"), "a second response finds nobody waiting")
        #expect(bus.sendCount == 1)
    }

    @Test func aSenderFollowsTheEndpointsRegistrations() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let endpoint = Endpoint<Int>("Sum.add")
        let sender = bus.sender(for: endpoint)
        #expect(!sender.isRegistered, "a sender may be made before the handler is registered")
        #expect(!bus.isRegistered(endpoint))
        #expect(bus.endpointNames.isEmpty, "an endpoint nobody registered is not listed")
        var total = 0
        bus.register(endpoint) { total += $0 }
        sender.send(2)
        bus.send(endpoint, 3)
        #expect(total == 5)
        #expect(bus.sendCount == 2, "sends through a sender and by endpoint are both counted")
        bus.deregister(endpoint)
        #expect(!sender.isRegistered)
        #expect(!bus.isRegistered(endpoint))
        #expect(bus.endpointNames.isEmpty)
        var doubled = 0
        bus.register(endpoint) { doubled += 2 * $0 }
        sender.send(4)
        #expect(total == 5 && doubled == 8, "the sender reaches the handler registered again, not the old one")
        #expect(bus.endpointNames == ["Sum.add"])
        #expect(bus.sendCount == 3)
    }

    @Test func registeringAnotherMessageTypeAfterDeregistrationKeepsTheCount() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let ints = Endpoint<Int>("Shared.name")
        bus.register(ints) { _ in }
        bus.send(ints, 1)
        bus.deregister(ints)
        let strings = Endpoint<String>("Shared.name")
        var received: [String] = []
        bus.register(strings) { received.append($0) }
        bus.sender(for: strings).send("a")
        #expect(received == ["a"])
        #expect(bus.sendCount == 2)
    }

    @Test func cancellingDuringADispatchSkipsTheHandlerAtOnce() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls: [String] = []
        var second: Subscription!
        bus.subscribe(topic) { _ in
            calls.append("first")
            bus.cancel(second)
        }
        second = bus.subscribe(topic) { _ in calls.append("second") }
        bus.subscribe(topic) { _ in calls.append("third") }
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["first", "third"], "a cancelled handler is not called, even by the dispatch in progress")
        #expect(bus.subscriberCount(topic) == 2)
    }

    @Test func nestedDispatchesOfOneTopicSeeTheirOwnLists() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls: [String] = []
        var depth = 0
        var added: [Subscription] = []
        bus.subscribe(topic, priority: 1) { _ in
            depth += 1
            defer { depth -= 1 }
            calls.append("outer\(depth)")
            if depth == 1 {
                if added.isEmpty { added.append(bus.subscribe(topic) { _ in calls.append("added") }) }
                bus.publish(topic, quote(gbpusd))
            }
        }
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["outer1", "outer2", "added"], "the nested publish began after the subscription")
        calls.removeAll()
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["outer1", "outer2", "added", "added"], "both dispatches reach the subscriber now")
        calls.removeAll()
        for subscription in added { bus.unsubscribe(subscription) }
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["outer1", "outer2"])
        #expect(bus.subscriberCount(topic) == 1)
    }

    @Test func manySubscribersKeepTheirOrderThroughGrowthAndRemoval() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls: [Int] = []
        var subscriptions: [Subscription] = []
        for index in 0..<20 {
            subscriptions.append(bus.subscribe(topic, priority: index % 3) { _ in calls.append(index) })
        }
        for index in stride(from: 0, to: 20, by: 4) { bus.unsubscribe(subscriptions[index]) }
        bus.publish(topic, quote(gbpusd))
        let kept = (0..<20).filter { $0 % 4 != 0 }
        #expect(calls == kept.filter { $0 % 3 == 2 } + kept.filter { $0 % 3 == 1 } + kept.filter { $0 % 3 == 0 })
    }

    /// A handler-list element that records its calls and can remove another element while it is called.
    private final class Recorder {
        let name: String
        var log: [String] = []
        var onCall: (() -> Void)?
        init(_ name: String) { self.name = name }
    }

    @Test func handlerListVisitsInOrderAndKeepsARemovedElementForTheVisitInProgress() {
        let list = HandlerList<Recorder>()
        var calls: [String] = []
        let first = Recorder("a"), second = Recorder("b")
        first.onCall = { list.remove(second) }
        list.append(first)
        list.append(second)
        #expect(!list.isEmpty && list.count == 2)
        for value in 1...2 {
            list.forEach { recorder in
                calls.append("\(recorder.name)\(value)")
                recorder.onCall?()
            }
        }
        #expect(calls == ["a1", "b1", "a2"])
        #expect(list.count == 1)
        #expect(!list.remove(second))
    }

    @Test func handlerListReleasesARemovedElementWhenTheVisitEnds() {
        let list = HandlerList<Recorder>()
        weak var removed: Recorder?
        do {
            let element = Recorder("a")
            removed = element
            list.append(element)
        }
        list.forEach { recorder in
            list.remove(recorder)
            #expect(removed != nil)
            recorder.log.append("still here")
        }
        #expect(removed == nil)
        #expect(list.isEmpty)
    }

    @Test func anElementAppendedDuringAVisitIsVisitedFromTheNextOne() {
        let list = HandlerList<Recorder>()
        var calls: [String] = []
        let first = Recorder("a"), second = Recorder("b")
        list.append(first)
        list.forEach { recorder in
            calls.append(recorder.name)
            if recorder === first && list.count == 1 { list.append(second) }
        }
        list.forEach { calls.append($0.name) }
        #expect(calls == ["a", "a", "b"])
    }

    @Test func aSuspendedSubscriptionIsSkippedAndKeepsItsPlace() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        let publisher = bus.publisher(for: topic)
        var calls: [String] = []
        let a = bus.subscribe(topic, priority: 5) { _ in calls.append("a") }
        bus.subscribe(topic) { _ in calls.append("b") }
        bus.suspend(a)
        bus.suspend(a)
        publisher.publish(quote(gbpusd))
        #expect(calls == ["b"])
        #expect(bus.subscriberCount(topic) == 2 && publisher.hasSubscribers)
        bus.resume(a)
        bus.resume(a)
        publisher.publish(quote(gbpusd))
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["b", "a", "b", "a", "b"])
    }

    @Test func aRouteWithOnlySuspendedHandlersIsNotDispatched() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        let publisher = bus.publisher(for: topic)
        var calls = 0
        let subscription = bus.subscribe(topic) { _ in calls += 1 }
        bus.suspend(subscription)
        publisher.publish(quote(gbpusd))
        bus.publish(topic, quote(gbpusd))
        #expect(calls == 0)
        #expect(bus.publishCount == 2)
        bus.unsubscribe(subscription)
        bus.resume(subscription)
        publisher.publish(quote(gbpusd))
        #expect(calls == 0 && !publisher.hasSubscribers)
    }

    @Test func aSubscriptionResumedDuringADispatchRunsInThatDispatch() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls: [String] = []
        var late: Subscription?
        bus.subscribe(topic, priority: 1) { _ in
            calls.append("first")
            if let late { bus.resume(late) }
        }
        late = bus.subscribe(topic) { _ in calls.append("late") }
        bus.suspend(late!)
        bus.publish(topic, quote(gbpusd))
        #expect(calls == ["first", "late"])
    }

    @Test func aPatternSubscriptionIsNotSuspended() {
        let bus = MessageBus(traderId: TraderId("TRADER-001"))
        let topic = Topics.quotes(gbpusd)
        var calls = 0
        let subscription = bus.subscribe(pattern: "data.quotes.*", as: QuoteTick.self) { _ in calls += 1 }
        bus.suspend(subscription)
        bus.publisher(for: topic).publish(quote(gbpusd))
        #expect(calls == 1)
    }

    @Test func sendingToAnUnregisteredEndpointTraps() async {
        await #expect(processExitsWith: .failure) {
            MessageBus(traderId: TraderId("TRADER-001")).send(Endpoint<Int>("Nobody.home"), 1)
        }
    }

    @Test func oneTopicNameWithTwoTypesTraps() async {
        await #expect(processExitsWith: .failure) {
            let bus = MessageBus(traderId: TraderId("TRADER-001"))
            bus.subscribe(Topic<Int>("x")) { _ in }
            bus.subscribe(Topic<String>("x")) { _ in }
        }
    }

    @Test func registeringAnEndpointTwiceTraps() async {
        await #expect(processExitsWith: .failure) {
            let bus = MessageBus(traderId: TraderId("TRADER-001"))
            bus.register(Endpoint<Int>("E")) { _ in }
            bus.register(Endpoint<Int>("E")) { _ in }
        }
    }
}
