// Positions from fills, per OMS (NautilusTrader's `_handle_position_update`, `_open_position`,
// `_update_position`, `_flip_position`):
// - no position, or a closed one under the fill's id: open a new `Position` (a closed NETTING position is
//   snapshotted first and replaced under its id; a NETTING reduce-only fill never opens one);
// - a fill on the other side larger than the open quantity: flip — close with the first part, snapshot (NETTING),
//   open the rest (NETTING: same id; HEDGING: a new `…F` id if the id was generated);
// - otherwise apply the fill to the open position.
// Each step builds its `PositionEvent` at once (it copies the position's state) and queues it; `process`
// publishes the queue after the order event.

import KeelCache
import KeelCommon
import KeelCore
import KeelModel

extension ExecutionEngine {
    func handleFill(_ fill: OrderFilled, order: Order, omsType: OmsType) {
        guard let instrument = cache.instrument(fill.instrumentId) else {
            return record(.instrumentNotFound, fill.clientOrderId, "cannot handle fill \(fill.tradeId): no instrument \(fill.instrumentId) in the cache")
        }
        guard let positionId = fill.positionId else {
            preconditionFailure("Invariant: the engine books every fill to a position id before handling it")  // set by process(_:)
        }
        guard let position = cache.position(positionId), position.isOpen else {
            if omsType == .netting, order.isReduceOnly {
                return record(
                    .positionError, fill.clientOrderId,
                    "cannot open NETTING position \(positionId) from reduce-only fill \(fill.tradeId) for \(fill.instrumentId)")
            }
            return openPosition(instrument, closed: cache.position(positionId), fill: fill, omsType: omsType)
        }
        if let split = position.splitFlip(fill) {
            flipPosition(instrument, position, split: split, omsType: omsType)
        } else {
            updatePosition(position, fill: fill)
        }
    }

    private func openPosition(_ instrument: Instrument, closed: Position?, fill: OrderFilled, omsType: OmsType) {
        if let closed {
            if closed.appliedTradeIds.contains(fill.tradeId) {
                return record(.duplicateFill, fill.clientOrderId, "ignoring duplicate fill \(fill.tradeId) for closed position \(closed.id); no position reopened")
            }
            guard omsType == .netting else {
                return record(
                    .positionError, fill.clientOrderId,
                    "fill \(fill.tradeId) names closed HEDGING position \(closed.id); HEDGING position ids are not reused")
            }
            if config.snapshotPositions { cache.snapshotPosition(closed) }
        }
        addPosition(instrument, fill: fill, omsType: omsType)
    }

    private func addPosition(_ instrument: Instrument, fill: OrderFilled, omsType: OmsType) {
        let position = Position(instrument: instrument, fill: fill)
        cache.add(position: position, oms: omsType)
        queue(.opened, position)
    }

    private func updatePosition(_ position: Position, fill: OrderFilled) {
        do {
            try position.apply(fill)
        } catch {
            return record(.positionError, fill.clientOrderId, error.description)
        }
        cache.updatePosition(position)
        queue(position.isClosed ? .closed : .changed, position)
    }

    private func flipPosition(_ instrument: Instrument, _ position: Position, split: (closing: OrderFilled, opening: OrderFilled), omsType: OmsType) {
        updatePosition(position, fill: split.closing)
        guard position.isClosed else { return }  // the closing part was refused (recorded)
        var opening = split.opening
        if omsType == .netting {
            if config.snapshotPositions { cache.snapshotPosition(position) }
        } else {
            // HEDGING ids are never reused: a generated id flips to a new `…F` id, as NautilusTrader; a venue's id
            // (which NautilusTrader would reopen) also gets one, since the cache keeps each HEDGING id once.
            let flipped = positionIds.generate(strategyId: opening.strategyId, at: clock.timestampNs, flipped: true)
            opening = opening.with(positionId: flipped)
        }
        addPosition(instrument, fill: opening, omsType: omsType)
    }

    private func queue(_ kind: PositionEvent.Kind, _ position: Position) {
        pendingPositionEvents.append(PositionEvent(kind, of: position, eventId: nextEventId(), tsInit: clock.timestampNs))
    }
}
