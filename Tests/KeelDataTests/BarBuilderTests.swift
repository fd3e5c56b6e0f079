import KeelCore
import KeelData
import KeelModel
import Testing

@Suite struct BarBuilderTests {
    let barType = BarType("EUR/USD.SIM-3-TICK-LAST-INTERNAL")

    @Test func firstUpdateSetsOpenAndLaterOnesMoveHighLowClose() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        #expect(builder.open == nil && builder.lastClose == nil && !builder.isInitialized)
        builder.update(price: price("1.00010"), size: quantity("2"), tsInit: UnixNanos(10))
        builder.update(price: price("1.00030"), size: quantity("1"), tsInit: UnixNanos(11))
        builder.update(price: price("0.99990"), size: quantity("4"), tsInit: UnixNanos(12))
        builder.update(price: price("1.00000"), size: quantity("3"), tsInit: UnixNanos(13))
        #expect(builder.count == 4)
        #expect(builder.open == price("1.00010") && builder.high == price("1.00030"))
        #expect(builder.low == price("0.99990") && builder.close == price("1.00000"))
        let bar = builder.build(tsEvent: UnixNanos(20), tsInit: UnixNanos(21))
        #expect(ohlcv(bar) == "1.00010,1.00030,0.99990,1.00000,10")
        #expect(bar.tsEvent == UnixNanos(20) && bar.tsInit == UnixNanos(21) && bar.barType == barType)
        #expect(builder.count == 0 && builder.open == nil && builder.volume == quantity("0"))
        #expect(builder.lastClose == price("1.00000"))
    }

    @Test func buildWithoutUpdatesIsFlatAtTheLastClose() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        builder.update(price: price("1.5"), size: quantity("1"), tsInit: UnixNanos(1))
        builder.update(price: price("1.7"), size: quantity("1"), tsInit: UnixNanos(2))
        _ = builder.buildNow()
        let flat = builder.build(tsEvent: UnixNanos(5), tsInit: UnixNanos(5))
        #expect(ohlcv(flat) == "1.7,1.7,1.7,1.7,0")
    }

    @Test func buildNowStampsTheLastUpdatesTsInit() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        builder.update(price: price("1.5"), size: quantity("1"), tsInit: UnixNanos(7))
        builder.update(price: price("1.6"), size: quantity("1"), tsInit: UnixNanos(9))
        let bar = builder.buildNow()
        #expect(bar.tsEvent == UnixNanos(9) && bar.tsInit == UnixNanos(9))
    }

    @Test func earlierUpdateIsIgnored() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        let first = builder.update(price: price("1.5"), size: quantity("1"), tsInit: UnixNanos(10))
        let earlier = builder.update(price: price("9.5"), size: quantity("1"), tsInit: UnixNanos(9))
        let sameTime = builder.update(price: price("1.4"), size: quantity("1"), tsInit: UnixNanos(10))
        #expect(first && !earlier && sameTime)
        #expect(builder.count == 2 && builder.high == price("1.5") && builder.tsLast == UnixNanos(10))
    }

    @Test(arguments: [
        (UInt8(0), "4.5", "5"),  // ties away from zero
        (UInt8(0), "4.4", "4"),
        (UInt8(1), "4.5", "4.5"),
        (UInt8(2), "0.015", "0.02"),
    ])
    func volumeIsRoundedToTheSizePrecision(sizePrecision: UInt8, size: String, expected: String) {
        var builder = BarBuilder(barType: barType, sizePrecision: sizePrecision)
        builder.update(price: price("1.0"), size: quantity(size), tsInit: UnixNanos(1))
        #expect(builder.volume == quantity(expected))
        #expect(builder.buildNow().volume == quantity(expected))
    }

    @Test func resetDiscardsTheBarButKeepsItsClose() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        builder.update(price: price("2.0"), size: quantity("1"), tsInit: UnixNanos(1))
        builder.reset()
        #expect(builder.count == 0 && builder.open == nil && builder.lastClose == price("2.0"))
        #expect(ohlcv(builder.buildNow()) == "2.0,2.0,2.0,2.0,0")
    }

    @Test func describesTheBarInProgress() {
        var builder = BarBuilder(barType: barType, sizePrecision: 0)
        #expect(builder.description == "BarBuilder(EUR/USD.SIM-3-TICK-LAST-INTERNAL,nil,nil,nil,nil,0)")
        builder.update(price: price("2.0"), size: quantity("3"), tsInit: UnixNanos(1))
        #expect(builder.description == "BarBuilder(EUR/USD.SIM-3-TICK-LAST-INTERNAL,2.0,2.0,2.0,2.0,3)")
    }

    @Test func buildingBeforeAnyUpdateTraps() async {
        await #expect(processExitsWith: .failure) {
            var builder = BarBuilder(barType: BarType("EUR/USD.SIM-3-TICK-LAST-INTERNAL"), sizePrecision: 0)
            _ = builder.buildNow()
        }
    }

    @Test func mixingPricePrecisionsTraps() async {
        await #expect(processExitsWith: .failure) {
            var builder = BarBuilder(barType: BarType("EUR/USD.SIM-3-TICK-LAST-INTERNAL"), sizePrecision: 0)
            builder.update(price: Price(raw: 1_000_000_000, precision: 5), size: Quantity(units: 1), tsInit: UnixNanos(1))
            builder.update(price: Price(raw: 1_000_000_000, precision: 6), size: Quantity(units: 1), tsInit: UnixNanos(2))
        }
    }

    @Test func sizePrecisionAboveNineTraps() async {
        await #expect(processExitsWith: .failure) {
            _ = BarBuilder(barType: BarType("EUR/USD.SIM-3-TICK-LAST-INTERNAL"), sizePrecision: 10)
        }
    }
}
