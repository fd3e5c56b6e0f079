import KeelCore
import KeelModel
import KeelTestKit
import Testing

/// Every instrument kind built through its production initialiser.
@Suite struct InstrumentKindTests {
    let t0 = UnixNanos(seconds: 1_700_000_000)
    let t1 = UnixNanos(seconds: 1_710_000_000)

    @Test func currencyPairFixtureMatchesNautilusDefaultFX() throws {
        let i = TestInstruments.gbpusdSim
        #expect(i.id == InstrumentId("GBP/USD.SIM"))
        #expect(i.rawSymbol == Symbol("GBP/USD"))
        #expect(i.assetClass == .fx)
        #expect(i.instrumentClass == .spot)
        #expect(i.baseCurrency == .gbp)
        #expect(i.quoteCurrency == .usd)
        #expect(i.settlementCurrency == .usd)
        #expect(!i.isInverse)
        #expect(i.pricePrecision == 5)
        #expect(i.priceIncrement == (try Price("0.00001")))
        #expect(i.sizePrecision == 0)
        #expect(i.sizeIncrement == (try Quantity("1")))
        #expect(i.lotSize == (try Quantity("1000")))
        #expect(i.minQuantity == (try Quantity("1000")))
        #expect(i.maxQuantity == (try Quantity("10000000")))
        #expect(i.minNotional == (try Money("1000.00", .usd)))
        #expect(i.maxNotional == (try Money("50000000.00", .usd)))
        #expect(i.marginInit == (try Rate("0.03")))
        #expect(i.marginMaint == (try Rate("0.03")))
        #expect(i.makerFee == (try Rate("0.00002")))
        #expect(i.takerFee == (try Rate("0.00002")))
        #expect(i.multiplier == Quantity(units: 1))
        #expect(TestInstruments.eurusdSim.id == InstrumentId("EUR/USD.SIM"))
        #expect(TestInstruments.usdjpySim.pricePrecision == 3)
    }

    @Test func cryptoCurrencyPairIsCryptoAssetClass() throws {
        let pair = try CurrencyPair(
            id: InstrumentId("BTCUSDT.BINANCE"), rawSymbol: Symbol("BTCUSDT"), baseCurrency: .btc,
            quoteCurrency: .usdt, pricePrecision: 2, priceIncrement: Price("0.01"), sizePrecision: 6,
            sizeIncrement: Quantity("0.000001"), tsEvent: t0, tsInit: t0)
        #expect(pair.assetClass == .cryptocurrency)
        #expect(pair.instrument.spec == pair.spec)
    }

    @Test func equity() throws {
        let aapl = try Equity(
            id: InstrumentId("AAPL.XNAS"), rawSymbol: Symbol("AAPL"), isin: "US0378331005", currency: .usd,
            pricePrecision: 2, priceIncrement: Price("0.01"), lotSize: Quantity("100"), tsEvent: t0, tsInit: t0)
        #expect(aapl.isin?.string == "US0378331005")
        #expect(aapl.assetClass == .equity)
        #expect(aapl.sizeIncrement == Quantity(units: 1))
        #expect(aapl.baseCurrency == nil)
        #expect(aapl.instrument.expiration == nil)
    }

    @Test func futuresContractFixture() throws {
        let es = TestInstruments.esh4Glbx
        #expect(es.id == InstrumentId("ESH4.GLBX"))
        #expect(es.instrumentClass == .future)
        #expect(es.assetClass == .index)
        #expect(es.priceIncrement == (try Price("0.25")))
        #expect(es.multiplier == Quantity(units: 50))
        #expect(es.lotSize == Quantity(units: 1))
        #expect(es.expiration == (try UnixNanos(iso8601: "2024-03-15T14:30:00Z")))
        #expect(es.instrument.expiration == es.expiration)
        #expect(es.instrument.underlying == "ES")
        #expect(es.makerFee == .zero && es.marginInit == .zero)
    }

    @Test func futuresSpread() throws {
        let spread = try FuturesSpread(
            id: InstrumentId("ESM4-ESU4.GLBX"), rawSymbol: Symbol("ESM4-ESU4"), assetClass: .index,
            underlying: "ES", strategyType: "EQ", activation: t0, expiration: t1, currency: .usd,
            pricePrecision: 2, priceIncrement: Price("0.05"), multiplier: Quantity("50"), tsEvent: t0, tsInit: t0)
        #expect(spread.instrumentClass == .futuresSpread)
        #expect(spread.strategyType.string == "EQ")
        #expect(spread.instrument.activation == t0)
    }

    @Test func optionContract() throws {
        let option = try OptionContract(
            id: InstrumentId("ESM4 P4800.GLBX"), rawSymbol: Symbol("ESM4 P4800"), assetClass: .index,
            exchange: "XCME", underlying: "ESM4", optionKind: .put, strikePrice: Price("4800.00"),
            activation: t0, expiration: t1, currency: .usd, pricePrecision: 2, priceIncrement: Price("0.05"),
            multiplier: Quantity("50"), tsEvent: t0, tsInit: t0)
        #expect(option.instrumentClass == .option)
        #expect(option.instrument.optionKind == .put)
        #expect(option.instrument.strikePrice == (try Price("4800.00")))
        #expect(option.exchange?.string == "XCME")
    }

    @Test func cryptoPerpetualFixtures() throws {
        let linear = TestInstruments.btcusdtBinance
        #expect(linear.id == InstrumentId("BTCUSDT-PERP.BINANCE"))
        #expect(linear.rawSymbol == Symbol("BTCUSDT"))
        #expect(linear.instrumentClass == .swap)
        #expect(!linear.isInverse && !linear.isQuanto)
        #expect(linear.costCurrency == .usdt)
        let inverse = TestInstruments.xbtusdBitmex
        #expect(inverse.rawSymbol == Symbol("XBTUSD"))
        #expect(inverse.isInverse)
        #expect(inverse.settlementCurrency == .btc)
        #expect(inverse.costCurrency == .btc)
        #expect(inverse.makerFee == (try Rate("-0.00025")))
    }

    @Test func cryptoFuture() throws {
        let future = try CryptoFuture(
            id: InstrumentId("BTCUSDT_240329.BINANCE"), rawSymbol: Symbol("BTCUSDT_240329"), underlying: .btc,
            quoteCurrency: .usdt, settlementCurrency: .usdt, isInverse: false, activation: t0, expiration: t1,
            pricePrecision: 1, priceIncrement: Price("0.1"), sizePrecision: 3, sizeIncrement: Quantity("0.001"),
            tsEvent: t0, tsInit: t0)
        #expect(future.underlying == .btc)
        #expect(future.instrument.underlying == "BTC")
        #expect(future.instrument.expiration == t1)
    }

    @Test func cryptoOption() throws {
        let option = try CryptoOption(
            id: InstrumentId("BTC-29MAR24-70000-C.DERIBIT"), rawSymbol: Symbol("BTC-29MAR24-70000-C"),
            underlying: .btc, quoteCurrency: .usd, settlementCurrency: .btc, isInverse: true, optionKind: .call,
            strikePrice: Price("70000"), activation: t0, expiration: t1, pricePrecision: 4,
            priceIncrement: Price("0.0005"), sizePrecision: 1, sizeIncrement: Quantity("0.1"), tsEvent: t0, tsInit: t0)
        #expect(option.instrumentClass == .option)
        #expect(option.instrument.optionKind == .call)
        #expect(option.isInverse)
    }

    @Test func cfdCommodityIndexAndBetting() throws {
        let cfd = try Cfd(
            id: InstrumentId("XAUUSD.OANDA"), rawSymbol: Symbol("XAU_USD"), assetClass: .commodity,
            baseCurrency: .xau, quoteCurrency: .usd, pricePrecision: 3, priceIncrement: Price("0.001"),
            sizePrecision: 0, sizeIncrement: Quantity("1"), tsEvent: t0, tsInit: t0)
        #expect(cfd.instrumentClass == .cfd)
        let gold = try Commodity(
            id: InstrumentId("XAU/USD.SIM"), rawSymbol: Symbol("XAU/USD"), quoteCurrency: .usd,
            pricePrecision: 2, priceIncrement: Price("0.01"), sizePrecision: 2, sizeIncrement: Quantity("0.01"),
            tsEvent: t0, tsInit: t0)
        #expect(gold.assetClass == .commodity)
        let spx = try IndexInstrument(
            id: InstrumentId("SPX.XCBO"), rawSymbol: Symbol("SPX"), currency: .usd, pricePrecision: 2,
            priceIncrement: Price("0.01"), sizePrecision: 0, sizeIncrement: Quantity("1"), tsEvent: t0, tsInit: t0)
        #expect(spx.assetClass == .index)
        let bet = try BettingInstrument(
            id: InstrumentId("1-180737193-50214-0.0.BETFAIR"), rawSymbol: Symbol("1-180737193-50214-0.0"),
            eventTypeId: 6423, eventId: 29_678_534, marketId: "1.180737193", selectionId: 50214,
            marketStartTime: t1, currency: .gbp, pricePrecision: 2, priceIncrement: Price("0.01"),
            sizePrecision: 2, sizeIncrement: Quantity("0.01"), tsEvent: t0, tsInit: t0)
        #expect(bet.instrumentClass == .sportsBetting)
        #expect(bet.marketId.string == "1.180737193")
        let all: [Instrument] = [cfd.instrument, gold.instrument, spx.instrument, bet.instrument]
        #expect(all.map(\.id.venue.value) == ["OANDA", "SIM", "XCBO", "BETFAIR"])
    }
}
