// Inputs found by scripts/fuzz.sh that trapped a decoder, reduced to a few lines each. Every one must now
// end in a thrown error naming the input, line or offset and field ("bad input gets a clear error, never a
// crash").

import KeelCore
import KeelModel
import KeelPersistence
import Testing

@Suite struct FuzzRegressionTests {
    static let depthHeader = "symbol,timestamp,first_update_id,last_update_id,side,update_type,price,qty,pu\n"
    static let id = InstrumentId("BTCUSDT-PERP.BINANCE")

    static func depthError(snapshot: String, updates: [String] = []) -> CSVError? {
        do {
            _ = try BinanceDepth.load(
                snapshotBytes: Array(snapshot.utf8), updateBytes: updates.map { Array($0.utf8) }, instrumentId: id,
                pricePrecision: 2, sizePrecision: 3)
            return nil
        } catch {
            return error
        }
    }

    /// FuzzCSV: a depth timestamp past UInt64 nanoseconds overflowed in `UnixNanos(milliseconds:)`.
    @Test func depthTimestampBeyond2554IsAnError() throws {
        let error = try #require(Self.depthError(snapshot: Self.depthHeader + "BTCUSDT,99999999999999999,1,1,b,snap,20377.00,1.770,-1\n"))
        #expect(error.description == "snapshot:2: field 'timestamp': 99999999999999999 ms is out of range (after 2554)")
    }

    /// Found reviewing the finding above: a snapshot ending at update id Int64.max overflowed in the
    /// continuity check (`previous + 1`).
    @Test func updateAfterTheLargestIdIsAGapNotATrap() throws {
        let snapshot = Self.depthHeader + "BTCUSDT,1667346579146,1,9223372036854775807,b,snap,20377.00,1.770,-1\n"
        let update = Self.depthHeader + "BTCUSDT,1667346579200,1,9223372036854775807,b,set,20377.00,0.000,1\n"
        let error = try #require(Self.depthError(snapshot: snapshot, updates: [update]))
        #expect(error.path == "update 1")
        #expect(error.line == 2)
        #expect(error.field == "first_update_id")
    }

    /// FuzzCSV: an ISO-8601 year after 2554 overflowed converting seconds to nanoseconds.
    @Test(arguments: ["2813-01-01 22:02:36.197000+00:00", "9999-12-31T23:59:59Z", "2554-07-21 23:34:34"])
    func isoTimestampBeyond2554IsAnError(timestamp: String) throws {
        let text = "timestamp,bid,ask\n2013-01-01 22:00:00.295000+00:00,86.655,86.728\n\(timestamp),86.658,86.728\n"
        do {
            try CSVLoader.loadQuotes(bytes: Array(text.utf8), name: "ticks", layout: .trueFX(instrumentId: InstrumentId("USD/JPY.TRUEFX"))) { _ in }
            Issue.record("expected an error")
        } catch {
            #expect(error.line == 3)
            #expect(error.field == "timestamp")
            #expect(error.reason.contains("out of range"), "\(error)")
        }
    }

    /// The last representable instant still loads.
    @Test func isoTimestampAtTheLastInstantLoads() throws {
        let text = "timestamp,bid,ask\n2554-07-21T23:34:33.709551615Z,86.658,86.728\n"
        var quotes: [QuoteTick] = []
        try CSVLoader.loadQuotes(bytes: Array(text.utf8), name: "ticks", layout: .trueFX(instrumentId: InstrumentId("USD/JPY.TRUEFX"))) {
            quotes.append($0)
        }
        #expect(quotes.first?.tsEvent == UnixNanos(UInt64.max))
    }
}
