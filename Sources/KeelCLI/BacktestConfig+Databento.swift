// BacktestConfig+Databento: a `kind = "databento"` data source, streamed during the run.
//
// The file is opened (and its metadata checked) when the engine is built, so a wrong path or a corrupt
// header is reported before the run; its records are decoded during the run by a `DBNDataReader` on a
// thread of its own (a read-ahead `MarketDataStream`), a bounded number of values ahead of the replay,
// so memory does not grow with the file and decoding overlaps the replay.
//
// Each record's instrument must be among `[[instruments]]`: its price precision is the instrument's
// unless `price_precision` is given, and a record of an unknown instrument stops the run with an error
// naming it (the venue's matching engine would otherwise meet data it has no book for).

import KeelBacktest
import KeelCore
import KeelData
import KeelModel
import KeelPersistence

extension BacktestConfig {
    /// Opens a databento source and adds it to `engine` as a stream decoded on a thread of its own.
    ///
    /// - Throws: `ConfigError` naming the source if the file cannot be opened or its metadata is corrupt.
    func addDatabentoStream(_ source: DataSource, to engine: BacktestEngine) throws(ConfigError) {
        // The configured instruments' precisions (those the engine was given), or the one given.
        var precisions: [InstrumentId: UInt8] = [:]
        for instrument in instruments {
            precisions[instrument.spec.id] = source.hasPricePrecision ? source.pricePrecision : instrument.spec.pricePrecision
        }
        let path = source.path, instrumentId = source.instrumentId, includeTrades = source.includeTrades
        let precisionOf: @Sendable (InstrumentId) -> UInt8? = { [precisions] in precisions[$0] }
        // Opened here, so a missing or corrupt file is reported before the run; decoded during it.
        do { _ = try DBNDecoder(path: path) } catch { throw ConfigError(field: source.field, "\(error)") }
        engine.addStream(
            MarketDataStream(name: path) { () throws(MarketDataStreamError) -> MarketDataSource in
                let reader: DBNDataReader
                do {
                    reader = try DBNDataReader(path: path, instrumentId: instrumentId, includeTrades: includeTrades, pricePrecision: precisionOf)
                } catch {
                    throw MarketDataStreamError(stream: path, reason: "\(error)")
                }
                return { () throws(MarketDataStreamError) -> MarketData? in
                    do { return try reader.next() } catch { throw MarketDataStreamError(stream: path, reason: "\(error)") }
                }
            })
    }
}
