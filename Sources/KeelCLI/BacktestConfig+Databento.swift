// BacktestConfig+Databento: a `kind = "databento"` data source, streamed during the run.
//
// The file is opened (and its metadata checked) when the engine is built, so a wrong path or a corrupt
// header is reported before the run; its records are decoded as the engine asks for them, through a
// `MarketDataStream` over a `DBNDataReader`, so memory does not grow with the file.
//
// Each record's instrument must have been added (`[[instruments]]`): its price precision is the
// instrument's unless `price_precision` is given, and a record of an unknown instrument stops the run
// with an error naming it (the venue's matching engine would otherwise meet data it has no book for).

import KeelBacktest
import KeelCache
import KeelCore
import KeelData
import KeelModel
import KeelPersistence
import KeelSystem

extension BacktestConfig {
    /// Opens a databento source and adds it to `engine` as a stream.
    ///
    /// - Throws: `ConfigError` naming the source if the file cannot be opened or its metadata is corrupt.
    func addDatabentoStream(_ source: DataSource, to engine: BacktestEngine) throws(ConfigError) {
        let cache = engine.kernel.cache
        let fixedPrecision: UInt8? = source.hasPricePrecision ? source.pricePrecision : nil
        let reader: DBNDataReader
        do {
            reader = try DBNDataReader(path: source.path, instrumentId: source.instrumentId, includeTrades: source.includeTrades) { id in
                guard let instrument = cache.instrument(id) else { return nil }
                return fixedPrecision ?? instrument.spec.pricePrecision
            }
        } catch {
            throw ConfigError(field: source.field, "\(error)")
        }
        let name = source.path
        engine.addStream(
            MarketDataStream(name: name) { () throws(MarketDataStreamError) -> MarketData? in
                do { return try reader.next() } catch { throw MarketDataStreamError(stream: name, reason: "\(error)") }
            })
    }
}
