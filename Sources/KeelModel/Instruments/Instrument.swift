// Instrument: any instrument kind, as a closed enum.
//
// The cache, the risk engine and the portfolio hold instruments of every kind side by side. An enum with
// one case per kind does that without existentials: `spec` is one switch, and kind-specific fields are
// optional accessors (`expiration`, `strikePrice`, …) that return nil for kinds without them. See
// InstrumentSpec.swift for the full rationale.
//
// `indirect`: each instrument's payload sits in one immutable heap box made when the instrument is built, so
// copying an `Instrument` is a retain. Inline it was several hundred bytes, copied field by field every time it
// left the cache (S1: 110k look-ups on the order path and the data loader, ~300 instructions each).

public import KeelCore

/// An instrument of any kind.
@frozen
public indirect enum Instrument: InstrumentDefinition {
    /// A spot currency pair.
    case currencyPair(CurrencyPair)
    /// A share.
    case equity(Equity)
    /// A futures contract.
    case futuresContract(FuturesContract)
    /// A futures spread.
    case futuresSpread(FuturesSpread)
    /// A listed option.
    case optionContract(OptionContract)
    /// A crypto perpetual swap.
    case cryptoPerpetual(CryptoPerpetual)
    /// A dated crypto future.
    case cryptoFuture(CryptoFuture)
    /// A crypto option.
    case cryptoOption(CryptoOption)
    /// A contract for difference.
    case cfd(Cfd)
    /// A spot commodity.
    case commodity(Commodity)
    /// A market index.
    case index(IndexInstrument)
    /// A betting selection.
    case betting(BettingInstrument)

    /// The common fields of the wrapped instrument.
    @inlinable
    public var spec: InstrumentSpec {
        switch self {
        case .currencyPair(let i): i.spec
        case .equity(let i): i.spec
        case .futuresContract(let i): i.spec
        case .futuresSpread(let i): i.spec
        case .optionContract(let i): i.spec
        case .cryptoPerpetual(let i): i.spec
        case .cryptoFuture(let i): i.spec
        case .cryptoOption(let i): i.spec
        case .cfd(let i): i.spec
        case .commodity(let i): i.spec
        case .index(let i): i.spec
        case .betting(let i): i.spec
        }
    }

    /// When the contract starts trading, for kinds that expire; nil otherwise.
    public var activation: UnixNanos? {
        switch self {
        case .futuresContract(let i): i.activation
        case .futuresSpread(let i): i.activation
        case .optionContract(let i): i.activation
        case .cryptoFuture(let i): i.activation
        case .cryptoOption(let i): i.activation
        case .currencyPair, .equity, .cryptoPerpetual, .cfd, .commodity, .index, .betting: nil
        }
    }

    /// When the contract expires, for kinds that expire; nil otherwise.
    public var expiration: UnixNanos? {
        switch self {
        case .futuresContract(let i): i.expiration
        case .futuresSpread(let i): i.expiration
        case .optionContract(let i): i.expiration
        case .cryptoFuture(let i): i.expiration
        case .cryptoOption(let i): i.expiration
        case .currencyPair, .equity, .cryptoPerpetual, .cfd, .commodity, .index, .betting: nil
        }
    }

    /// The strike price of an option; nil for other kinds.
    public var strikePrice: Price? {
        switch self {
        case .optionContract(let i): i.strikePrice
        case .cryptoOption(let i): i.strikePrice
        default: nil
        }
    }

    /// Call or put for an option; nil for other kinds.
    public var optionKind: OptionKind? {
        switch self {
        case .optionContract(let i): i.optionKind
        case .cryptoOption(let i): i.optionKind
        default: nil
        }
    }

    /// The underlying's name for derivatives (`ES`, `BTC`); nil for other kinds.
    public var underlying: String? {
        switch self {
        case .futuresContract(let i): i.underlying.string
        case .futuresSpread(let i): i.underlying.string
        case .optionContract(let i): i.underlying.string
        case .cryptoFuture(let i): i.underlying.code
        case .cryptoOption(let i): i.underlying.code
        default: nil
        }
    }
}

// Lifting each kind into `Instrument`.

extension CurrencyPair {
    /// This pair as an `Instrument`.
    public var instrument: Instrument { .currencyPair(self) }
}
extension Equity {
    /// This equity as an `Instrument`.
    public var instrument: Instrument { .equity(self) }
}
extension FuturesContract {
    /// This contract as an `Instrument`.
    public var instrument: Instrument { .futuresContract(self) }
}
extension FuturesSpread {
    /// This spread as an `Instrument`.
    public var instrument: Instrument { .futuresSpread(self) }
}
extension OptionContract {
    /// This option as an `Instrument`.
    public var instrument: Instrument { .optionContract(self) }
}
extension CryptoPerpetual {
    /// This perpetual as an `Instrument`.
    public var instrument: Instrument { .cryptoPerpetual(self) }
}
extension CryptoFuture {
    /// This future as an `Instrument`.
    public var instrument: Instrument { .cryptoFuture(self) }
}
extension CryptoOption {
    /// This option as an `Instrument`.
    public var instrument: Instrument { .cryptoOption(self) }
}
extension Cfd {
    /// This CFD as an `Instrument`.
    public var instrument: Instrument { .cfd(self) }
}
extension Commodity {
    /// This commodity as an `Instrument`.
    public var instrument: Instrument { .commodity(self) }
}
extension IndexInstrument {
    /// This index as an `Instrument`.
    public var instrument: Instrument { .index(self) }
}
extension BettingInstrument {
    /// This betting selection as an `Instrument`.
    public var instrument: Instrument { .betting(self) }
}
