// A Databento DBN file as a backtest data stream, decoded on a thread of its own.
//
// Design decisions:
// - The file is decoded during the run by a `DBNDataReader` built on the read-ahead thread, which fills
//   whole chunks: each order book delta goes into the chunk's delta array where it is built
//   (`DBNDataReader.appendDeltas`), with no `MarketData` wrapper or closure call on the way. S3's decoder
//   thread: 126 M → ~90 M instructions with a closure per delta, then → ~80 M.
// - Opening and checking the file's metadata is the caller's job, before the run, so a wrong path or a
//   corrupt header is reported then (`DBNDecoder(path:)`).

public import KeelData
public import KeelModel
import KeelPersistence

extension MarketDataStream {
    /// A stream of the DBN file at `path`, decoded on a thread of its own, a chunk at a time.
    ///
    /// - Parameters:
    ///   - path: The DBN file (plain or zstd); also the stream's name.
    ///   - instrumentId: The instrument of every record, or nil to map each record's own (see `DBNDataReader`).
    ///   - includeTrades: Produce trades as well as book and quote data.
    ///   - pricePrecision: The price precision of an instrument.
    public static func dbn(
        path: String, instrumentId: InstrumentId?, includeTrades: Bool = false,
        pricePrecision: @escaping @Sendable (InstrumentId) -> UInt8?
    ) -> MarketDataStream {
        MarketDataStream(name: path, fillingAhead: { () throws(MarketDataStreamError) -> MarketDataFiller in
            let reader: DBNDataReader
            do {
                reader = try DBNDataReader(path: path, instrumentId: instrumentId, includeTrades: includeTrades, pricePrecision: pricePrecision)
            } catch {
                throw MarketDataStreamError(stream: path, reason: "\(error)")
            }
            return { (chunk: inout MarketDataChunk) throws(MarketDataStreamError) in
                do throws(DBNError) {
                    // Deltas go straight into the chunk's delta array; another kind of value ends the run and
                    // joins the chunk after them, in file order.
                    var other: MarketData?
                    var more = true
                    while more && chunk.count < MarketDataChunk.capacity {
                        let room = MarketDataChunk.capacity - chunk.count
                        more = try chunk.appendDeltas { (deltas: inout [OrderBookDelta]) throws(DBNError) -> Bool in
                            try reader.appendDeltas(to: &deltas, limit: deltas.count + room) { other = $0 }
                        }
                        if let value = other {
                            chunk.append(value)
                            other = nil
                        }
                    }
                } catch {
                    throw MarketDataStreamError(stream: path, reason: "\(error)")
                }
            }
        })
    }
}
