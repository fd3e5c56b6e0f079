// Helpers for the aggregation tests: values from text, quotes and trades with defaults, a bar recorder.

import KeelCore
import KeelData
import KeelModel

let eurusd = InstrumentId("EUR/USD.SIM")

func price(_ text: String) -> Price { requireValid { () throws(ParseError) in try Price(text) } }
func quantity(_ text: String) -> Quantity { requireValid { () throws(ParseError) in try Quantity(text) } }
func time(_ iso8601: String) -> UnixNanos { requireValid { () throws(ParseError) in try UnixNanos(iso8601: iso8601) } }

func quote(
    _ bid: String, _ ask: String, bidSize: String = "1000000", askSize: String = "1000000", at ts: UnixNanos,
    instrument: InstrumentId = eurusd
) -> QuoteTick {
    QuoteTick(
        instrumentId: instrument, bidPrice: price(bid), askPrice: price(ask), bidSize: quantity(bidSize),
        askSize: quantity(askSize), tsEvent: ts, tsInit: ts)
}

func trade(_ px: String, _ size: String, at ts: UnixNanos, instrument: InstrumentId = eurusd) -> TradeTick {
    TradeTick(
        instrumentId: instrument, price: price(px), size: quantity(size), aggressorSide: .buyer, tradeId: TradeId("T"),
        tsEvent: ts, tsInit: ts)
}

/// Collects the bars an aggregator emits.
final class BarRecorder {
    var bars: [Bar] = []
    var handler: (Bar) -> Void { { [unowned self] bar in self.bars.append(bar) } }
}

/// A bar's values as text, for compact expectations: `open,high,low,close,volume`.
func ohlcv(_ bar: Bar) -> String { "\(bar.open),\(bar.high),\(bar.low),\(bar.close),\(bar.volume)" }
