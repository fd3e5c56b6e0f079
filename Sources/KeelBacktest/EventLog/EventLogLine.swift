// LineWriter: the hand-written text of one event-log line, appended to a byte buffer.
//
// Design decisions:
// - A line is `<tsInit> <Kind> name=value …`, fields in the declaration order of the message's stored
//   properties (`tsInit` is the line's first column, not a field). A message nested in another (the
//   order of a submit command, the cancels of a batch) is written `Type(name=value,…)` with all its
//   fields, `tsInit` included.
// - Values: timestamps as their raw nanoseconds, durations as `<n>ns`, prices, quantities and money from
//   their raw fixed-point integers (the same digits as their `description`), money followed by its
//   currency code, identifiers from their inline bytes, UUIDs as canonical lowercase hex, enums by their
//   NautilusTrader name, optionals as the value or `None`, arrays as `[a,b]`, balances and margins as
//   their `description`.
// - No reflection and no `String` per value on the hot path: the writer appends to the log's own buffer
//   (`LogBytes`), which keeps its capacity between lines. Appending is a capacity check and a copy; digits
//   are written in place, back to front, after one reservation for the whole number. (On `[UInt8]` each
//   byte paid a uniqueness check and a generic append: formatting cost ~27 instructions per byte.)

import KeelCommon
import KeelCore
import KeelModel

/// Appends the text of event-log lines to a byte buffer.
struct LineWriter {
    /// The buffer the text is appended to.
    var bytes: LogBytes
    /// Whether the next field needs a separator before it (false right after `Type(`).
    private var needsSeparator = true
    /// The separator between fields: a space on the line, a comma inside a nested message.
    private var separator = UInt8(ascii: " ")

    init(bytes: LogBytes) {
        self.bytes = bytes
    }

    // MARK: Lines

    /// `<tsInit> <kind>`: the start of a line.
    mutating func begin(_ tsInit: UnixNanos, _ kind: StaticString) {
        decimal(tsInit.rawValue)
        bytes.append(UInt8(ascii: " "))
        append(kind)
        needsSeparator = true
        separator = UInt8(ascii: " ")
    }

    /// The line of a trading command.
    mutating func command(_ command: TradingCommand) {
        switch command {
        case .submitOrder(let c):
            begin(c.tsInit, "SubmitOrder")
            submitOrder(c)
        case .submitOrderList(let c):
            begin(c.tsInit, "SubmitOrderList")
            submitOrderList(c)
        case .modifyOrder(let c):
            begin(c.tsInit, "ModifyOrder")
            modifyOrder(c)
        case .cancelOrder(let c):
            begin(c.tsInit, "CancelOrder")
            cancelOrder(c, includesTsInit: false)
        case .cancelAllOrders(let c):
            begin(c.tsInit, "CancelAllOrders")
            cancelAllOrders(c)
        case .batchCancelOrders(let c):
            begin(c.tsInit, "BatchCancelOrders")
            batchCancelOrders(c)
        case .queryOrder(let c):
            begin(c.tsInit, "QueryOrder")
            queryOrder(c)
        }
    }

    /// The line of an order event.
    mutating func orderEvent(_ event: OrderEvent) {
        switch event {
        case .initialized(let e):
            begin(e.tsInit, "OrderInitialized")
            orderInitialized(e, includesTsInit: false)
        case .denied(let e):
            begin(e.tsInit, "OrderDenied")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("reason", e.reason)
            field("eventId", e.eventId)
            field("tsEvent", e.tsEvent)
        case .emulated(let e):
            begin(e.tsInit, "OrderEmulated")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("eventId", e.eventId)
            field("tsEvent", e.tsEvent)
        case .released(let e):
            begin(e.tsInit, "OrderReleased")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("releasedPrice", e.releasedPrice)
            field("eventId", e.eventId)
            field("tsEvent", e.tsEvent)
        case .submitted(let e):
            begin(e.tsInit, "OrderSubmitted")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("accountId", e.accountId)
            field("eventId", e.eventId)
            field("tsEvent", e.tsEvent)
        case .accepted(let e):
            begin(e.tsInit, "OrderAccepted")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .rejected(let e):
            begin(e.tsInit, "OrderRejected")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("accountId", e.accountId)
            field("reason", e.reason)
            field("dueToPostOnly", e.dueToPostOnly)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .canceled(let e):
            begin(e.tsInit, "OrderCanceled")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .expired(let e):
            begin(e.tsInit, "OrderExpired")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .triggered(let e):
            begin(e.tsInit, "OrderTriggered")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .pendingUpdate(let e):
            begin(e.tsInit, "OrderPendingUpdate")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("accountId", e.accountId)
            field("venueOrderId", e.venueOrderId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .pendingCancel(let e):
            begin(e.tsInit, "OrderPendingCancel")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("accountId", e.accountId)
            field("venueOrderId", e.venueOrderId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .modifyRejected(let e):
            begin(e.tsInit, "OrderModifyRejected")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("reason", e.reason)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .cancelRejected(let e):
            begin(e.tsInit, "OrderCancelRejected")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("reason", e.reason)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .updated(let e):
            begin(e.tsInit, "OrderUpdated")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("quantity", e.quantity)
            field("price", e.price)
            field("triggerPrice", e.triggerPrice)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        case .filled(let e):
            begin(e.tsInit, "OrderFilled")
            orderHeader(e.traderId, e.strategyId, e.instrumentId, e.clientOrderId)
            field("venueOrderId", e.venueOrderId)
            field("accountId", e.accountId)
            field("tradeId", e.tradeId)
            field("orderSide", e.orderSide)
            field("orderType", e.orderType)
            field("lastQty", e.lastQty)
            field("lastPx", e.lastPx)
            field("currency", e.currency)
            field("liquiditySide", e.liquiditySide)
            field("positionId", e.positionId)
            field("commission", e.commission)
            orderTrailer(e.reconciliation, e.eventId, e.tsEvent)
        }
    }

    /// The line of a position event (its kind is the line's kind).
    mutating func positionEvent(_ e: PositionEvent) {
        switch e.kind {
        case .opened: begin(e.tsInit, "PositionOpened")
        case .changed: begin(e.tsInit, "PositionChanged")
        case .closed: begin(e.tsInit, "PositionClosed")
        }
        field("traderId", e.traderId)
        field("strategyId", e.strategyId)
        field("instrumentId", e.instrumentId)
        field("positionId", e.positionId)
        field("accountId", e.accountId)
        field("openingOrderId", e.openingOrderId)
        field("closingOrderId", e.closingOrderId)
        field("entry", e.entry)
        field("side", e.side)
        field("quantity", e.quantity)
        field("peakQuantity", e.peakQuantity)
        field("lastQty", e.lastQty)
        field("lastPx", e.lastPx)
        field("currency", e.currency)
        field("avgPxOpen", e.avgPxOpen)
        field("avgPxClose", e.avgPxClose)
        field("realizedReturn", e.realizedReturn)
        field("realizedPnl", e.realizedPnl)
        field("unrealizedPnl", e.unrealizedPnl)
        field("durationNanos", e.durationNanos)
        field("tsOpened", e.tsOpened)
        field("tsClosed", e.tsClosed)
        field("eventId", e.eventId)
        field("tsEvent", e.tsEvent)
    }

    /// The line of an account state.
    mutating func accountState(_ s: AccountState) {
        begin(s.tsInit, "AccountState")
        field("accountId", s.accountId)
        field("accountType", s.accountType)
        field("baseCurrency", s.baseCurrency)
        name("balances")
        bytes.append(UInt8(ascii: "["))
        for (k, balance) in s.balances.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            append("AccountBalance(total=")
            value(balance.total)
            append(", locked=")
            value(balance.locked)
            append(", free=")
            value(balance.free)
            bytes.append(UInt8(ascii: ")"))
        }
        bytes.append(UInt8(ascii: "]"))
        name("margins")
        bytes.append(UInt8(ascii: "["))
        for (k, margin) in s.margins.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            append("MarginBalance(initial=")
            value(margin.initial)
            append(", maintenance=")
            value(margin.maintenance)
            append(", instrument_id=")
            text(margin.instrumentId.text)
            bytes.append(UInt8(ascii: ")"))
        }
        bytes.append(UInt8(ascii: "]"))
        field("isReported", s.isReported)
        field("eventId", s.eventId)
        field("tsEvent", s.tsEvent)
    }

    /// The line of a change of the trading state.
    mutating func tradingState(_ e: TradingStateChanged) {
        begin(e.tsInit, "TradingStateChanged")
        field("traderId", e.traderId)
        field("state", e.state)
        field("reason", e.reason)
        field("eventId", e.eventId)
        field("tsEvent", e.tsEvent)
    }

    // MARK: Messages

    private mutating func orderHeader(_ t: TraderId, _ s: StrategyId, _ i: InstrumentId, _ c: ClientOrderId) {
        field("traderId", t)
        field("strategyId", s)
        field("instrumentId", i)
        field("clientOrderId", c)
    }

    private mutating func orderTrailer(_ reconciliation: Bool, _ eventId: UUID4, _ tsEvent: UnixNanos) {
        field("reconciliation", reconciliation)
        field("eventId", eventId)
        field("tsEvent", tsEvent)
    }

    private mutating func orderInitialized(_ o: OrderInitialized, includesTsInit: Bool) {
        orderHeader(o.traderId, o.strategyId, o.instrumentId, o.clientOrderId)
        field("orderSide", o.orderSide)
        field("orderType", o.orderType)
        field("quantity", o.quantity)
        field("timeInForce", o.timeInForce)
        field("price", o.price)
        field("triggerPrice", o.triggerPrice)
        field("triggerType", o.triggerType)
        field("limitOffset", o.limitOffset)
        field("trailingOffset", o.trailingOffset)
        field("trailingOffsetType", o.trailingOffsetType)
        field("expireTime", o.expireTime)
        field("postOnly", o.postOnly)
        field("reduceOnly", o.reduceOnly)
        field("quoteQuantity", o.quoteQuantity)
        field("displayQuantity", o.displayQuantity)
        field("emulationTrigger", o.emulationTrigger)
        field("triggerInstrumentId", o.triggerInstrumentId)
        field("contingencyType", o.contingencyType)
        field("orderListId", o.orderListId)
        field("linkedOrderIds", o.linkedOrderIds)
        field("parentOrderId", o.parentOrderId)
        field("execAlgorithmId", o.execAlgorithmId)
        field("execSpawnId", o.execSpawnId)
        name("tags")
        bytes.append(UInt8(ascii: "["))
        for (k, tag) in o.tags.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(tag)
        }
        bytes.append(UInt8(ascii: "]"))
        orderTrailer(o.reconciliation, o.eventId, o.tsEvent)
        if includesTsInit { field("tsInit", o.tsInit) }
    }

    private mutating func submitOrder(_ c: SubmitOrder) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        name("order")
        nested("OrderInitialized(") { $0.orderInitialized(c.order, includesTsInit: true) }
        field("positionId", c.positionId)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    private mutating func submitOrderList(_ c: SubmitOrderList) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("orderListId", c.orderListId)
        field("instrumentId", c.instrumentId)
        name("orders")
        bytes.append(UInt8(ascii: "["))
        for (k, order) in c.orders.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            nested("OrderInitialized(") { $0.orderInitialized(order, includesTsInit: true) }
        }
        bytes.append(UInt8(ascii: "]"))
        field("positionId", c.positionId)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    private mutating func modifyOrder(_ c: ModifyOrder) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("instrumentId", c.instrumentId)
        field("clientOrderId", c.clientOrderId)
        field("venueOrderId", c.venueOrderId)
        field("quantity", c.quantity)
        field("price", c.price)
        field("triggerPrice", c.triggerPrice)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    private mutating func cancelOrder(_ c: CancelOrder, includesTsInit: Bool) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("instrumentId", c.instrumentId)
        field("clientOrderId", c.clientOrderId)
        field("venueOrderId", c.venueOrderId)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
        if includesTsInit { field("tsInit", c.tsInit) }
    }

    private mutating func cancelAllOrders(_ c: CancelAllOrders) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("instrumentId", c.instrumentId)
        field("orderSide", c.orderSide)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    private mutating func batchCancelOrders(_ c: BatchCancelOrders) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("instrumentId", c.instrumentId)
        name("cancels")
        bytes.append(UInt8(ascii: "["))
        for (k, cancel) in c.cancels.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            nested("CancelOrder(") { $0.cancelOrder(cancel, includesTsInit: true) }
        }
        bytes.append(UInt8(ascii: "]"))
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    private mutating func queryOrder(_ c: QueryOrder) {
        field("traderId", c.traderId)
        field("strategyId", c.strategyId)
        field("instrumentId", c.instrumentId)
        field("clientOrderId", c.clientOrderId)
        field("venueOrderId", c.venueOrderId)
        field("clientId", c.clientId)
        field("commandId", c.commandId)
    }

    /// `Type(name=value,…)`: the fields `body` writes, comma-separated, after `open` (e.g. `"CancelOrder("`).
    private mutating func nested(_ open: StaticString, _ body: (inout LineWriter) -> Void) {
        append(open)
        let outer = (needsSeparator, separator)
        needsSeparator = false
        separator = UInt8(ascii: ",")
        body(&self)
        (needsSeparator, separator) = outer
        bytes.append(UInt8(ascii: ")"))
    }

    // MARK: Fields

    /// ` name=` (or `,name=` inside a nested message; no separator first inside one).
    mutating func name(_ name: StaticString) {
        if needsSeparator { bytes.append(separator) }
        needsSeparator = true
        append(name)
        bytes.append(UInt8(ascii: "="))
    }

    mutating func field(_ name: StaticString, _ v: UnixNanos) {
        self.name(name)
        decimal(v.rawValue)
    }

    mutating func field(_ name: StaticString, _ v: UnixNanos?) {
        self.name(name)
        if let v { decimal(v.rawValue) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: DurationNanos) {
        self.name(name)
        decimal(v.rawValue)
        append("ns")
    }

    mutating func field(_ name: StaticString, _ v: Bool) {
        self.name(name)
        append(v ? "true" : "false")
    }

    mutating func field(_ name: StaticString, _ v: String) {
        self.name(name)
        bytes.append(v)
    }

    mutating func field(_ name: StaticString, _ v: Double) {
        self.name(name)
        bytes.append(v.description)
    }

    mutating func field(_ name: StaticString, _ v: Double?) {
        self.name(name)
        if let v { bytes.append(v.description) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: UUID4) {
        self.name(name)
        hex(v.high >> 32, digits: 8)
        bytes.append(UInt8(ascii: "-"))
        hex(v.high >> 16 & 0xFFFF, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(v.high & 0xFFFF, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(v.low >> 48, digits: 4)
        bytes.append(UInt8(ascii: "-"))
        hex(v.low & 0xFFFF_FFFF_FFFF, digits: 12)
    }

    mutating func field(_ name: StaticString, _ v: some Identifier) {
        self.name(name)
        value(v)
    }

    mutating func field<I: Identifier>(_ name: StaticString, _ v: I?) {
        self.name(name)
        if let v { value(v) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: InstrumentId) {
        self.name(name)
        text(v.text)
    }

    mutating func field(_ name: StaticString, _ v: InstrumentId?) {
        self.name(name)
        if let v { text(v.text) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: [ClientOrderId]) {
        self.name(name)
        bytes.append(UInt8(ascii: "["))
        for (k, id) in v.enumerated() {
            if k > 0 { bytes.append(UInt8(ascii: ",")) }
            value(id)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    mutating func field(_ name: StaticString, _ v: some DomainEnum) {
        self.name(name)
        bytes.append(v.description)
    }

    mutating func field<E: DomainEnum>(_ name: StaticString, _ v: E?) {
        self.name(name)
        if let v { bytes.append(v.description) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: Currency) {
        self.name(name)
        bytes.append(v.code)
    }

    mutating func field(_ name: StaticString, _ v: Currency?) {
        self.name(name)
        if let v { bytes.append(v.code) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: Price) {
        self.name(name)
        fixed(v.raw, precision: v.precision)
    }

    mutating func field(_ name: StaticString, _ v: Price?) {
        self.name(name)
        if let v { fixed(v.raw, precision: v.precision) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: Quantity) {
        self.name(name)
        fixed(v.raw, precision: v.precision)
    }

    mutating func field(_ name: StaticString, _ v: Quantity?) {
        self.name(name)
        if let v { fixed(v.raw, precision: v.precision) } else { none() }
    }

    mutating func field(_ name: StaticString, _ v: Money) {
        self.name(name)
        value(v)
    }

    mutating func field(_ name: StaticString, _ v: Money?) {
        self.name(name)
        if let v { value(v) } else { none() }
    }

    // MARK: Values

    /// An identifier's bytes, without making a `String`.
    mutating func value(_ v: some Identifier) {
        text(v.text)
    }

    /// Inline text's bytes.
    mutating func text(_ t: InlineText) {
        t.withBytes { bytes.append($0) }
    }

    /// `<amount> <code>`, as `Money.description`.
    mutating func value(_ v: Money) {
        if v.raw < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = v.raw.magnitude
        let scale = UInt128(FixedPoint.scale)
        let integer = magnitude / scale
        if let small = UInt64(exactly: integer) { decimal(small) } else { bytes.append(String(integer)) }
        fraction(UInt64(magnitude % scale), precision: v.currency.precision)
        bytes.append(UInt8(ascii: " "))
        bytes.append(v.currency.code)
    }

    /// A fixed-point raw value (scale 10^9) with `precision` decimals, as `FixedPoint.format`.
    mutating func fixed(_ raw: Int64, precision: UInt8) {
        if raw < 0 { bytes.append(UInt8(ascii: "-")) }
        let magnitude = raw.magnitude
        let scale = UInt64(FixedPoint.scale)
        decimal(magnitude / scale)
        fraction(magnitude % scale, precision: precision)
    }

    /// `.ddd`: the first `precision` of the nine decimals of `nanos` (nothing for precision 0).
    private mutating func fraction(_ nanos: UInt64, precision: UInt8) {
        guard precision > 0 else { return }
        var digits = nanos
        var drop = FixedPoint.scaleDigits - Int(precision)
        while drop > 0 {
            digits /= 10
            drop -= 1
        }
        let n = Int(precision)
        bytes.reserve(n + 1)
        bytes.appendUnchecked(UInt8(ascii: "."))
        let start = bytes.end
        var k = n
        while k > 0 {
            k -= 1
            start[k] = UInt8(ascii: "0") + UInt8(digits % 10)
            digits /= 10
        }
        bytes.advance(by: n)
    }

    /// The decimal digits of `v` (KeelCore's `writeDecimalDigits`: two per division; most are 19-digit
    /// timestamps).
    mutating func decimal(_ v: UInt64) {
        let n = decimalDigitCount(v)
        bytes.reserve(n)
        writeDecimalDigits(v, before: bytes.end + n)
        bytes.advance(by: n)
    }

    /// Hex digits from a table (a constant in the binary: no lazy initialisation, no bounds check).
    private static let hexDigitText: StaticString = "0123456789abcdef"
    private static var hexDigits: UnsafePointer<UInt8> { hexDigitText.utf8Start }

    /// The lowercase hexadecimal digits of `v`, zero-padded to `digits`.
    private mutating func hex(_ v: UInt64, digits: Int) {
        bytes.reserve(digits)
        let start = bytes.end
        var rest = v
        var k = digits
        while k > 0 {
            k -= 1
            start[k] = Self.hexDigits[Int(truncatingIfNeeded: rest & 0xF)]
            rest >>= 4
        }
        bytes.advance(by: digits)
    }

    private mutating func none() {
        append("None")
    }

    private mutating func append(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(UnsafeRawBufferPointer($0)) }
    }
}

/// The event log's byte buffer: manually managed memory that grows by doubling, appended to by `LineWriter`.
///
/// A plain value holding a pointer, so that the writer can work on it without copy-on-write checks: the
/// `EventLog` that created it is its only owner and frees it (`deallocate()`); copies alias the same memory
/// and are only used to move the buffer into a writer and back.
struct LogBytes {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int) {
        precondition(capacity > 0, "Invariant: a log buffer has room")
        base = .allocate(capacity: capacity)
        self.capacity = capacity
    }

    func deallocate() { base.deallocate() }

    /// The first free byte.
    var end: UnsafeMutablePointer<UInt8> { base + count }

    var isEmpty: Bool { count == 0 }

    /// The bytes written so far (valid until the next append).
    var bufferPointer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.initialize(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    /// Counts `n` bytes written at `end` after a `reserve(n)`.
    @inline(__always)
    mutating func advance(by n: Int) { count += n }

    /// Appends a byte after a `reserve`.
    @inline(__always)
    mutating func appendUnchecked(_ byte: UInt8) {
        base[count] = byte
        count += 1
    }

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        reserve(1)
        appendUnchecked(byte)
    }

    mutating func append(_ raw: UnsafeRawBufferPointer) {
        guard let source = raw.baseAddress, raw.count > 0 else { return }
        reserve(raw.count)
        UnsafeMutableRawPointer(end).copyMemory(from: source, byteCount: raw.count)
        count += raw.count
    }

    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append(UnsafeRawBufferPointer($0)) }
    }

    /// Forgets the bytes, keeping the capacity.
    mutating func removeAll() { count = 0 }
}
