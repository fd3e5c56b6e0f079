// A reader for the one Databento MBO file of scenario S3 (uncompressed DBN v1, MBO records only),
// shared by the order book tests and benchmarks until Keel's DBN decoder exists. It maps records the
// way NautilusTrader's Databento loader does, so replays can be compared with the reference numbers.

import Foundation
import KeelCore
public import KeelModel

/// The ES MBO file of scenario S3, read into order book deltas.
public enum MBOFixture {
    public static let relativePath = "data/databento/uncompressed/esh4-glbx-mdp3-20231225.mbo.dbn"
    public static let path = SharedData.path(relativePath)
    /// True if the file is there; under CI a missing file is a failure, not a reason to skip.
    public static var available: Bool { SharedData.exists(relativePath) || SharedData.isCI }

    /// The file's records as deltas with NautilusTrader's mapping: A → ADD, C → DELETE, M/F → UPDATE,
    /// R → CLEAR, T skipped; side B → buy, A → sell, other → none; tsEvent = ts_recv.
    public static func deltas() throws -> [OrderBookDelta] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        func u64(_ at: Int) -> UInt64 { (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[at + $1]) << (8 * UInt64($1)) } }
        func u32(_ at: Int) -> UInt32 { (0..<4).reduce(UInt32(0)) { $0 | UInt32(bytes[at + $1]) << (8 * UInt32($1)) } }
        let id = InstrumentId("ESH4.GLBX")
        var result: [OrderBookDelta] = []
        var offset = 206
        while offset < bytes.count {
            let length = Int(bytes[offset]) * 4
            defer { offset += length }
            let action: BookAction
            switch bytes[offset + 38] {
            case UInt8(ascii: "A"): action = .add
            case UInt8(ascii: "C"): action = .delete
            case UInt8(ascii: "M"), UInt8(ascii: "F"): action = .update
            case UInt8(ascii: "R"): action = .clear
            default: continue
            }
            let side: OrderSide =
                switch bytes[offset + 39] {
                case UInt8(ascii: "B"): .buy
                case UInt8(ascii: "A"): .sell
                default: .noOrderSide
                }
            let order = BookOrder(
                side: side, price: Price(raw: Int64(bitPattern: u64(offset + 24)), precision: 2),
                size: Quantity(raw: Int64(u32(offset + 32)) * 1_000_000_000, precision: 0), orderId: u64(offset + 16))
            let ts = UnixNanos(u64(offset + 40))
            result.append(
                try OrderBookDelta.validated(
                    instrumentId: id, action: action, order: order, flags: bytes[offset + 36],
                    sequence: UInt64(u32(offset + 52)),
                    tsEvent: ts, tsInit: ts))
        }
        return result
    }
}

