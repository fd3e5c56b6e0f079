// The component lifecycle: one finite state machine for engines, clients, actors and strategies.
//
// Stable states: PRE_INITIALIZED, READY, RUNNING, STOPPED, DEGRADED, FAULTED, DISPOSED. Transitional
// states (STARTING, STOPPING, RESUMING, RESETTING, DEGRADING, FAULTING, DISPOSING) are held while the
// component's hook runs (`onStart`, `onStop`, …), so a hook that looks at the state sees where the
// component is going. The table is NautilusTrader's (`common/component`).

public import KeelModel

/// A component's lifecycle state.
public enum ComponentState: UInt8, DomainEnum {
    case preInitialized, ready, starting, running, stopping, stopped, resuming, resetting, disposing, disposed,
        degrading, degraded, faulting, faulted

    public var description: String {
        switch self {
        case .preInitialized: "PRE_INITIALIZED"
        case .ready: "READY"
        case .starting: "STARTING"
        case .running: "RUNNING"
        case .stopping: "STOPPING"
        case .stopped: "STOPPED"
        case .resuming: "RESUMING"
        case .resetting: "RESETTING"
        case .disposing: "DISPOSING"
        case .disposed: "DISPOSED"
        case .degrading: "DEGRADING"
        case .degraded: "DEGRADED"
        case .faulting: "FAULTING"
        case .faulted: "FAULTED"
        }
    }

    /// True for the states a component rests in between commands.
    public var isStable: Bool {
        switch self {
        case .preInitialized, .ready, .running, .stopped, .degraded, .faulted, .disposed: true
        default: false
        }
    }
}

/// What moves a component from one state to another.
public enum ComponentTrigger: UInt8, DomainEnum {
    case initialize, start, startCompleted, stop, stopCompleted, resume, resumeCompleted, reset, resetCompleted,
        dispose, disposeCompleted, degrade, degradeCompleted, fault, faultCompleted

    public var description: String {
        switch self {
        case .initialize: "INITIALIZE"
        case .start: "START"
        case .startCompleted: "START_COMPLETED"
        case .stop: "STOP"
        case .stopCompleted: "STOP_COMPLETED"
        case .resume: "RESUME"
        case .resumeCompleted: "RESUME_COMPLETED"
        case .reset: "RESET"
        case .resetCompleted: "RESET_COMPLETED"
        case .dispose: "DISPOSE"
        case .disposeCompleted: "DISPOSE_COMPLETED"
        case .degrade: "DEGRADE"
        case .degradeCompleted: "DEGRADE_COMPLETED"
        case .fault: "FAULT"
        case .faultCompleted: "FAULT_COMPLETED"
        }
    }
}

extension ComponentState {
    /// The state `trigger` leads to from this state, or nil if the transition is not allowed.
    public func transition(on trigger: ComponentTrigger) -> ComponentState? {
        switch (self, trigger) {
        case (.preInitialized, .initialize): .ready
        case (.ready, .reset): .resetting
        case (.ready, .start): .starting
        case (.ready, .dispose): .disposing
        case (.resetting, .resetCompleted): .ready
        case (.starting, .startCompleted): .running
        case (.starting, .stop): .stopping
        case (.starting, .fault): .faulting
        case (.running, .stop): .stopping
        case (.running, .degrade): .degrading
        case (.running, .fault): .faulting
        case (.resuming, .stop): .stopping
        case (.resuming, .resumeCompleted): .running
        case (.resuming, .fault): .faulting
        case (.stopping, .stopCompleted): .stopped
        case (.stopping, .fault): .faulting
        case (.stopped, .reset): .resetting
        case (.stopped, .resume): .resuming
        case (.stopped, .dispose): .disposing
        case (.stopped, .fault): .faulting
        case (.degrading, .degradeCompleted): .degraded
        case (.degraded, .resume): .resuming
        case (.degraded, .stop): .stopping
        case (.degraded, .fault): .faulting
        case (.disposing, .disposeCompleted): .disposed
        case (.faulting, .faultCompleted): .faulted
        default: nil
        }
    }
}

/// A trigger that the component's current state does not accept.
public struct LifecycleError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The component.
    public let componentId: String
    /// Its state when the trigger came.
    public let state: ComponentState
    /// The trigger refused.
    public let trigger: ComponentTrigger

    public init(componentId: String, state: ComponentState, trigger: ComponentTrigger) {
        self.componentId = componentId
        self.state = state
        self.trigger = trigger
    }

    public var description: String { "\(componentId): cannot \(trigger) in state \(state)" }
}

/// The lifecycle state machine of one component.
public struct ComponentStateMachine: Hashable, Sendable {
    /// The current state.
    public private(set) var state: ComponentState = .preInitialized

    public init() {}

    /// Applies `trigger`.
    ///
    /// - Throws: `LifecycleError` if the current state does not accept it; the state is unchanged.
    public mutating func trigger(_ trigger: ComponentTrigger, componentId: String) throws(LifecycleError) {
        guard let next = state.transition(on: trigger) else {
            throw LifecycleError(componentId: componentId, state: state, trigger: trigger)
        }
        state = next
    }
}
