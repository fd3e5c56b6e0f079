// FuzzDBN: the DBN decoder and the DBN → Keel conversions on arbitrary bytes.
//
// One input is one DBN stream (plain or zstd) given to `DBNDecoder(bytes:name:)`. Every record is decoded
// and converted the way Keel's users do it (`keel data inspect`, `keel data book`, the MBO → delta
// mapping): instrument ids through `DBNSymbology`, MBO events to deltas applied to an L3 book and to
// trades, MBP-1/BBO to quotes, trades to ticks, OHLCV to bars (stamped at open and at close), definitions
// to instruments. Thrown errors are expected outcomes (their messages are built, as a user would see them);
// a trap, a sanitizer report, a leak or a hang is a finding.
//
// The price precision of a record's conversions is its instrument id modulo 10 (0…9), so the fuzzer reaches
// both the on-grid paths and the off-grid errors.

import KeelCore
import KeelModel
import KeelPersistence

/// Runs `body` and builds the message of what it throws.
@inline(never)
func attempt<T>(_ body: () throws -> T) {
    do { _ = try body() } catch { _ = "\(error)" }
}

/// The conversions of one input, with the state they share across records.
struct Conversions {
    var symbology: DBNSymbology
    var books: [InstrumentId: OrderBook] = [:]
    let fallbackId = InstrumentId("FUZZ.GLBX")

    init(metadata: DBNMetadata) {
        symbology = DBNSymbology(metadata: metadata)
        _ = metadata.rawSymbolsByInstrumentId
    }

    mutating func convert(_ record: DBNRecord) {
        let header = record.header
        _ = record.tsRecv
        if case .definition(let definition) = record { symbology.register(definition) }
        var id = fallbackId
        do { id = try symbology.instrumentId(for: header) } catch { _ = "\(error)" }
        let precision = UInt8(header.instrumentId % 10)
        switch record {
        case .mbo(let mbo):
            do {
                if let delta = try mbo.orderBookDelta(instrumentId: id, pricePrecision: precision) {
                    var book = books[id] ?? OrderBook(instrumentId: id, bookType: .l3MBO)
                    attempt { try book.apply(delta) }
                    _ = book.bestBidPrice
                    _ = book.bestAskPrice
                    books[id] = book
                }
            } catch {
                _ = "\(error)"
            }
            attempt { try mbo.tradeTick(instrumentId: id, pricePrecision: precision) }
        case .trade(let trade):
            attempt { try trade.tradeTick(instrumentId: id, pricePrecision: precision) }
        case .mbp1(let mbp1):
            attempt { try mbp1.quoteTick(instrumentId: id, pricePrecision: precision) }
            attempt { try mbp1.tradeTick(instrumentId: id, pricePrecision: precision) }
        case .mbp10(let mbp10):
            for level in 0..<10 { _ = mbp10.level(level) }
            attempt { try mbp10.event.tradeTick(instrumentId: id, pricePrecision: precision) }
        case .bbo(let bbo):
            attempt { try bbo.quoteTick(instrumentId: id, pricePrecision: precision) }
        case .ohlcv(let ohlcv):
            _ = ohlcv.barSpecification
            attempt { try ohlcv.bar(instrumentId: id, pricePrecision: precision) }
            attempt { try ohlcv.bar(instrumentId: id, pricePrecision: precision, timestampOnClose: false) }
        case .definition(let definition):
            attempt { try definition.instrument(instrumentId: id) }
        case .status, .imbalance, .statistics, .symbolMapping, .gatewayError, .system:
            _ = record.hashValue
        }
    }
}

/// Decodes every record of `bytes` and converts each.
func decodeAndConvert(_ bytes: [UInt8]) {
    let decoder: DBNDecoder
    do { decoder = try DBNDecoder(bytes: bytes, name: "fuzz input") } catch {
        _ = error.description
        return
    }
    var conversions = Conversions(metadata: decoder.metadata)
    do {
        while let record = try decoder.next() { conversions.convert(record) }
    } catch {
        _ = error.description
    }
    _ = decoder.recordCount
    _ = decoder.lastTsOut
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    decodeAndConvert(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}
