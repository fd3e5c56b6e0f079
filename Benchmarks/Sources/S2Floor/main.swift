// The floor for scenario S2: a hand-written loop doing S2's work with nothing else — parse the stream,
// build 100-tick mid bars, run EMA 10/20 on their closes and count the crosses (where EMACross would
// trade). No engine, no orders, no allocation per quote. Keel's S2 engine time is compared with it
// (issue: within 2×).
//
// Usage: S2Floor [S2_CSV] — the S2 stream's CSV (`ts_event_ns,bid,ask,bid_size,ask_size`, as
// ../shared/reference/nautilus/build_s2_stream.py writes it); default: built from
// ../shared/data/fx/quote_tick_data.csv by Keel's S2Stream into /tmp. Prints two floors, medians of 5:
// from the CSV bytes (parse included) and from quotes already in memory.

import Foundation
import KeelExamples
import KeelModel

/// Decimal text → integer in units of 10^-5 (the stream's prices have at most 6 decimals, the last 0).
@inline(__always)
func parsePrice(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int64 {
    var v: Int64 = 0
    var decimals = -1
    var i = start
    while i < end {
        let c = p[i]
        if c == UInt8(ascii: ".") { decimals = 0 } else {
            v = v &* 10 &+ Int64(c &- 48)
            if decimals >= 0 { decimals += 1 }
        }
        i += 1
    }
    var d = max(decimals, 0)
    while d < 5 { v &*= 10; d += 1 }
    while d > 5 { v /= 10; d -= 1 }
    return v
}

struct Floor {
    var ticks = 0
    var lastMid: Int64 = 0
    var fast = 0.0, slow = 0.0
    var bars = 0
    var crosses = 0
    var wasAbove: Bool?

    @inline(__always)
    mutating func quote(bid: Int64, ask: Int64) {
        lastMid = bid &+ ask  // mid × 2: the same ordering, no division
        ticks += 1
        guard ticks == 100 else { return }
        ticks = 0
        let close = Double(lastMid) / 2e5
        bars += 1
        if bars == 1 { fast = close; slow = close } else {
            fast += 2.0 / 11.0 * (close - fast)
            slow += 2.0 / 21.0 * (close - slow)
        }
        guard bars >= 20 else { return }
        let above = fast >= slow
        if let wasAbove, wasAbove != above { crosses += 1 }
        wasAbove = above
    }
}

func fromCSV(_ bytes: [UInt8]) -> Floor {
    var floor = Floor()
    bytes.withUnsafeBufferPointer { buf in
        let p = buf.baseAddress!
        var i = 0
        while i < buf.count && p[i] != 10 { i += 1 }  // header
        i += 1
        while i < buf.count {
            var commas = (0, 0, 0)
            var j = i, k = 0
            while j < buf.count && p[j] != 10 {
                if p[j] == 44 {
                    if k == 0 { commas.0 = j } else if k == 1 { commas.1 = j } else if k == 2 { commas.2 = j }
                    k += 1
                }
                j += 1
            }
            floor.quote(bid: parsePrice(p, commas.0 + 1, commas.1), ask: parsePrice(p, commas.1 + 1, commas.2))
            i = j + 1
        }
    }
    return floor
}

func fromMemory(_ quotes: [(Int64, Int64)]) -> Floor {
    var floor = Floor()
    for (bid, ask) in quotes { floor.quote(bid: bid, ask: ask) }
    return floor
}

func median(_ runs: Int, _ body: () -> Floor) -> (Double, Floor) {
    var times: [Double] = []
    var last = Floor()
    for _ in 0..<runs {
        let t0 = DispatchTime.now().uptimeNanoseconds
        last = body()
        times.append(Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    }
    return (times.sorted()[runs / 2], last)
}

// Sources/S2Floor/main.swift → the checkout → its sibling `shared`.
let checkout = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent()
let source = checkout.appendingPathComponent("../shared/data/fx/quote_tick_data.csv").standardized.path
let s2 = try S2Stream(sourcePath: source)
var path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : ""
if path.isEmpty {
    path = NSTemporaryDirectory() + "keel-s2-stream.csv"
    if !FileManager.default.fileExists(atPath: path) { try s2.write(toPath: path) }
}
let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
let (csvSeconds, fromFile) = median(5) { fromCSV(bytes) }

// The same quotes in memory, as price raws in units of 10^-5.
var quotes: [(Int64, Int64)] = []
quotes.reserveCapacity(s2.count)
var it = s2.lazyQuotes()
while let q = it.next() { quotes.append((q.bidPrice.raw / 10_000, q.askPrice.raw / 10_000)) }
let (memorySeconds, inMemory) = median(5) { fromMemory(quotes) }
precondition(fromFile.bars == inMemory.bars && fromFile.crosses == inMemory.crosses, "the two floors disagree")
print("quotes: \(quotes.count), bars: \(inMemory.bars), EMA crosses: \(inMemory.crosses)")
print(String(format: "floor from the CSV (parse included): %.4f s (%.1f M quotes/s)", csvSeconds, Double(quotes.count) / csvSeconds / 1e6))
print(String(format: "floor from memory: %.4f s (%.1f M quotes/s)", memorySeconds, Double(quotes.count) / memorySeconds / 1e6))
