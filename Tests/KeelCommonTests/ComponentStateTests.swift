import KeelCommon
import Testing

@Suite struct ComponentStateTests {
    /// The allowed transitions, written out independently of the implementation.
    static let allowed: [ComponentState: [ComponentTrigger: ComponentState]] = [
        .preInitialized: [.initialize: .ready],
        .ready: [.reset: .resetting, .start: .starting, .dispose: .disposing],
        .resetting: [.resetCompleted: .ready],
        .starting: [.startCompleted: .running, .stop: .stopping, .fault: .faulting],
        .running: [.stop: .stopping, .degrade: .degrading, .fault: .faulting],
        .resuming: [.stop: .stopping, .resumeCompleted: .running, .fault: .faulting],
        .stopping: [.stopCompleted: .stopped, .fault: .faulting],
        .stopped: [.reset: .resetting, .resume: .resuming, .dispose: .disposing, .fault: .faulting],
        .degrading: [.degradeCompleted: .degraded],
        .degraded: [.resume: .resuming, .stop: .stopping, .fault: .faulting],
        .disposing: [.disposeCompleted: .disposed],
        .faulting: [.faultCompleted: .faulted],
        .disposed: [:],
        .faulted: [:],
    ]

    @Test(arguments: ComponentState.allCases)
    func everyTriggerFromEveryState(state: ComponentState) {
        for trigger in ComponentTrigger.allCases {
            #expect(state.transition(on: trigger) == Self.allowed[state]?[trigger], "\(state) on \(trigger)")
        }
    }

    @Test func machineFollowsAFullLife() throws {
        var fsm = ComponentStateMachine()
        for trigger: ComponentTrigger in [.initialize, .start, .startCompleted, .stop, .stopCompleted, .resume, .resumeCompleted, .stop, .stopCompleted, .dispose, .disposeCompleted] {
            try fsm.trigger(trigger, componentId: "C-1")
        }
        #expect(fsm.state == .disposed)
    }

    @Test func refusedTriggerNamesStateAndLeavesItUnchanged() {
        var fsm = ComponentStateMachine()
        #expect(throws: LifecycleError(componentId: "C-1", state: .preInitialized, trigger: .start)) {
            try fsm.trigger(.start, componentId: "C-1")
        }
        #expect(fsm.state == .preInitialized)
    }

    @Test func stableStates() {
        #expect(ComponentState.allCases.filter(\.isStable) == [.preInitialized, .ready, .running, .stopped, .disposed, .degraded, .faulted])
    }
}
