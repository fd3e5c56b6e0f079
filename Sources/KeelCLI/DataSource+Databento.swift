// DataSource+Databento: a `kind = "databento"` data source, streamed during the run.
//
// The file is opened (and its metadata checked) when the stream is made, so a wrong path or a corrupt
// header is reported before the run; its records are decoded during the run by a `DBNDataReader` on a
// thread of its own (a read-ahead `MarketDataStream`), a bounded number of values ahead of the replay,
// so memory does not grow with the file and decoding overlaps the replay.
//
// Each record's instrument must be known: its price precision is the instrument's unless
// `price_precision` is given, and a record of an unknown instrument stops the run with an error naming it
// (the venue's matching engine would otherwise meet data it has no book for).

import KeelCore
import KeelData
import KeelExamples
import KeelModel
import KeelPersistence

extension DataSource {
    /// The databento source as a stream decoded on a thread of its own.
    ///
    /// - Parameter instruments: the instruments whose precisions the records take (unless
    ///   `pricePrecision` is set, which applies to every instrument of the file).
    /// - Throws: `DBNError` if the file cannot be opened or its metadata is corrupt.
    func databentoStream(instruments: [Instrument]) throws -> MarketDataStream {
        var precisions: [InstrumentId: UInt8] = [:]
        for instrument in instruments { precisions[instrument.spec.id] = pricePrecision ?? instrument.spec.pricePrecision }
        let path = self.path, instrumentId = self.instrumentId, includeTrades = self.includeTrades, fixed = pricePrecision
        let precisionOf: @Sendable (InstrumentId) -> UInt8? = { [precisions] in precisions[$0] ?? fixed }
        // Opened here, so a missing or corrupt file is reported before the run; decoded during it.
        _ = try DBNDecoder(path: path)
        return MarketDataStream.dbn(path: path, instrumentId: instrumentId, includeTrades: includeTrades, pricePrecision: precisionOf)
    }
}
