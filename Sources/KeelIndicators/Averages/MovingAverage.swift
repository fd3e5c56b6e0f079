// MovingAverage: a moving average whose kind is chosen at run time, for composite indicators (ATR,
// Bollinger Bands, RSI, …) whose average is a parameter. No existential: the chosen average lives in
// one of a few optionals and is mutated in place through `!`, so its window is never copied.

/// A moving average of a kind chosen when it is created (`MovingAverageType`).
public struct MovingAverage: Sendable {
    /// The kind of average.
    public let type: MovingAverageType
    /// The period of the average.
    public let period: Int
    private var simple: SimpleMovingAverage?
    private var exponential: ExponentialMovingAverage?
    private var wilder: WilderMovingAverage?
    private var doubleExponential: DoubleExponentialMovingAverage?
    private var hull: HullMovingAverage?
    private var weighted: WeightedMovingAverage?

    /// Creates an average of kind `type`; traps unless `period > 0`.
    ///
    /// - Parameters:
    ///   - type: The kind of average.
    ///   - period: Its period, positive.
    ///   - seed: How an exponential or Wilder average starts (ignored by the other kinds).
    public init(_ type: MovingAverageType, period: Int, seed: ExponentialSeed = .firstValue) {
        precondition(period > 0, "Invariant: a moving average's period is positive")
        self.type = type
        self.period = period
        switch type {
        case .simple: simple = SimpleMovingAverage(period: period)
        case .exponential: exponential = ExponentialMovingAverage(period: period, seed: seed)
        case .wilder: wilder = WilderMovingAverage(period: period, seed: seed)
        case .doubleExponential: doubleExponential = DoubleExponentialMovingAverage(period: period)
        case .hull: hull = HullMovingAverage(period: period)
        case .weighted: weighted = WeightedMovingAverage(period: period)
        }
    }

    /// Adds `input` to the average.
    @inline(__always)
    public mutating func update(_ input: Double) {
        switch type {
        case .simple: simple!.update(input)
        case .exponential: exponential!.update(input)
        case .wilder: wilder!.update(input)
        case .doubleExponential: doubleExponential!.update(input)
        case .hull: hull!.update(input)
        case .weighted: weighted!.update(input)
        }
    }

    /// The current average (0 before any input).
    public var value: Double {
        switch type {
        case .simple: simple!.value
        case .exponential: exponential!.value
        case .wilder: wilder!.value
        case .doubleExponential: doubleExponential!.value
        case .hull: hull!.value
        case .weighted: weighted!.value
        }
    }

    /// The number of inputs handled since creation or `reset()`.
    public var count: Int {
        switch type {
        case .simple: simple!.count
        case .exponential: exponential!.count
        case .wilder: wilder!.count
        case .doubleExponential: doubleExponential!.count
        case .hull: hull!.count
        case .weighted: weighted!.count
        }
    }

    /// True once an input has arrived.
    public var hasInputs: Bool { count > 0 }

    /// True once `period` inputs have arrived (every kind initializes after `period` inputs).
    public var initialized: Bool { count >= period }

    /// Returns to the freshly created state.
    public mutating func reset() {
        switch type {
        case .simple: simple!.reset()
        case .exponential: exponential!.reset()
        case .wilder: wilder!.reset()
        case .doubleExponential: doubleExponential!.reset()
        case .hull: hull!.reset()
        case .weighted: weighted!.reset()
        }
    }
}
