// Scenario S2's bars: the first 9,500 quotes of the S2 stream (the whole source file, copy 0 of
// reference/nautilus/build_s2_stream.py) aggregated into EUR/USD.SIM-100-TICK-MID-INTERNAL bars, compared
// with scripts/fixtures/s2_tick_bars.py's independent computation (Tests/KeelDataTests/Fixtures/).

import Foundation
import KeelCommon
import KeelCore
import KeelData
import KeelModel
import KeelTestKit
import Testing

@Suite struct S2TickBarsTests {
    static let relativePath = "data/fx/quote_tick_data.csv"
    /// True if the quote file is there; under CI a missing file is a failure, not a reason to skip.
    static var available: Bool { SharedData.exists(relativePath) || SharedData.isCI }

    /// The quotes as build_s2_stream.py writes them: `YYYYMMDD HHMMSSmmm` read as UTC, prices at
    /// 5 decimals (the source's 6th is always 0), sizes 1,000,000.
    static func quotes() throws -> [QuoteTick] {
        let text = try String(contentsOfFile: SharedData.path(relativePath), encoding: .utf8)
        let id = InstrumentId("EUR/USD.SIM")
        let size = Quantity(units: 1_000_000)
        var quotes: [QuoteTick] = []
        quotes.reserveCapacity(9_500)
        for (number, line) in text.split(separator: "\n").enumerated() {
            let fields = line.split(separator: ",")
            guard fields.count == 4, fields[0].utf8.count == 18 else {
                throw ParseError(kind: "quote_tick_data.csv", text: String(line), reason: "line \(number + 1): expected 'YYYYMMDD HHMMSSmmm,bid,ask,0'")
            }
            let t = Array(fields[0].utf8).map { Character(UnicodeScalar($0)) }
            let iso = "\(String(t[0..<4]))-\(String(t[4..<6]))-\(String(t[6..<8]))T\(String(t[9..<11])):\(String(t[11..<13])):\(String(t[13..<15])).\(String(t[15..<18]))Z"
            let ts = try UnixNanos(iso8601: iso)
            let bid = try Price(fields[1], precision: 5)
            let ask = try Price(fields[2], precision: 5)
            let (exactBid, exactAsk) = (try Price(fields[1]), try Price(fields[2]))
            #expect(bid.raw == exactBid.raw && ask.raw == exactAsk.raw, "line \(number + 1) has a 6th decimal")
            quotes.append(QuoteTick(instrumentId: id, bidPrice: bid, askPrice: ask, bidSize: size, askSize: size, tsEvent: ts, tsInit: ts))
        }
        return quotes
    }

    /// The fixture's bars: `index,open,high,low,close,volume,ts_event,ts_init`.
    static func expectedBars() throws -> [[Substring]] {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Fixtures/s2_100_tick_mid_bars.csv").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",") }
    }

    @Test(.enabled(if: available, "the S2 quote file (shared/data/fx/quote_tick_data.csv) is not on this machine"))
    func first9500QuotesMake95Bars() throws {
        let quotes = try Self.quotes()
        try #require(quotes.count == 9_500)
        let clock = TestClock(time: quotes[0].tsInit)
        let recorder = BarRecorder()
        let barType = BarType("EUR/USD.SIM-100-TICK-MID-INTERNAL")
        let aggregator = try BarAggregator(
            barType: barType, instrument: TestInstruments.defaultFX(base: .eur, quote: .usd), clock: clock,
            onBar: recorder.handler)
        for quote in quotes {
            clock.advanceTime(to: quote.tsInit)
            aggregator.handle(quote: quote)
        }
        let bars = recorder.bars
        #expect(bars.count == 95)
        #expect(aggregator.currentBar.count == 0 && aggregator.droppedUpdates == 0)

        let first = try #require(bars.first)
        #expect(ohlcv(first) == "1.121460,1.121585,1.121300,1.121475,100000000")
        #expect(first.tsEvent == UnixNanos(1_577_898_572_953_000_000) && first.tsInit == first.tsEvent)
        #expect(first.tsEvent.iso8601 == "2020-01-01T17:09:32.953000000Z")
        let last = try #require(bars.last)
        #expect(ohlcv(last) == "1.121315,1.121390,1.121305,1.121310,100000000")
        #expect(last.tsEvent == UnixNanos(1_577_919_652_125_000_000) && last.tsInit == last.tsEvent)
        #expect(bars.allSatisfy { $0.barType == barType && $0.open.precision == 6 && $0.volume.precision == 0 })

        // Every bar against the fixture computed independently by scripts/fixtures/s2_tick_bars.py.
        let expected = try Self.expectedBars()
        try #require(expected.count == bars.count)
        for (bar, row) in zip(bars, expected) {
            #expect("\(ohlcv(bar)),\(bar.tsEvent.rawValue),\(bar.tsInit.rawValue)" == row.dropFirst().joined(separator: ","), "bar \(row[0])")
        }
    }
}
