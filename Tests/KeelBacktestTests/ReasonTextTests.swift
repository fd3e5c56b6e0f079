// The venue's reason texts written without interpolation read exactly as the interpolated ones.

@testable import KeelBacktest
import KeelCore
import KeelModel
import Testing

@Suite struct ReasonTextTests {
    @Test func pricesReadAsTheirDescription() {
        let raws: [Int64] = [
            0, 1, -1, 999_999_999, 1_000_000_000, -1_000_000_000, 1_576_110_000, -1_576_110_000, 123_456_789_012,
            Int64.max, Int64.min + 1, 5_000_000, -5_000_000,
        ]
        for precision in UInt8(0)...9 {
            let step = FixedPoint.rawStep(precision: precision)
            for raw in raws {
                let price = Price(raw: raw / step * step, precision: precision)
                let text = ReasonText.make { $0.append(price) }
                #expect(text == price.description, "precision \(precision), raw \(raw)")
            }
        }
    }

    @Test func optionalPricesReadNoneWhenAbsent() {
        let price = Price(raw: 1_576_110_000, precision: 5)
        #expect(ReasonText.make { $0.append(Optional(price)) } == "1.57611")
        #expect(ReasonText.make { $0.append(Price?.none) } == "None")
    }

    @Test func literalsAndDescriptionsJoin() {
        let text = ReasonText.make { text in
            text.append("REDUCE_ONLY ")
            text.append(text: OrderType.stopMarket.description)
            text.append(" ")
            text.append(text: OrderSide.sell.description)
            text.append(" order would have increased position")
        }
        #expect(text == "REDUCE_ONLY \(OrderType.stopMarket) \(OrderSide.sell) order would have increased position")
    }
}
