// Currency: ISO 4217 fiat, crypto and commodity currencies with their precision.
//
// A currency is identified by its code (up to 15 ASCII characters, stored inline in 16 bytes so that
// `Money` stays small and copying it never touches the heap). Equality and hashing use the code only.
// Well-known currencies are static members (`Currency.usd`); others are registered by code lookup
// (`Currency.named("USDT")`) or built by hand for a venue's exotic asset.

public import KeelCore

/// The kind of a currency.
public enum CurrencyType: UInt8, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    case fiat = 1
    case crypto = 2
    case commodityBacked = 3

    public var description: String {
        switch self {
        case .fiat: "FIAT"
        case .crypto: "CRYPTO"
        case .commodityBacked: "COMMODITY_BACKED"
        }
    }
}

/// A currency: code, precision of its amounts, ISO 4217 numeric code (0 if none) and kind.
@frozen
public struct Currency: Sendable {
    @usableFromInline let code0: UInt64
    @usableFromInline let code1: UInt64
    /// The number of decimals amounts in this currency carry (e.g. 2 for USD, 8 for BTC).
    public let precision: UInt8
    /// The ISO 4217 numeric code, or 0 for currencies without one.
    public let iso4217: UInt16
    /// Fiat, crypto or commodity-backed.
    public let currencyType: CurrencyType

    /// Creates a currency, checking the code and precision.
    ///
    /// - Throws: `ParseError` if the code is empty, longer than 15 characters or not alphanumeric, or
    ///   the precision exceeds 9.
    public init(code: String, precision: UInt8, iso4217: UInt16 = 0, type: CurrencyType) throws(ParseError) {
        let bytes = Array(code.utf8)
        guard !bytes.isEmpty, bytes.count <= 15 else {
            throw ParseError(kind: "Currency", text: code, reason: "a code has 1 to 15 characters")
        }
        guard bytes.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }) else {
            throw ParseError(kind: "Currency", text: code, reason: "a code is ASCII letters and digits")
        }
        guard precision <= FixedPoint.maxPrecision else {
            throw ParseError(kind: "Currency", text: code, reason: "precision \(precision) exceeds 9")
        }
        var w: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &w) { raw in
            for (i, b) in bytes.enumerated() { raw[i] = b }
        }
        self.code0 = w.0
        self.code1 = w.1
        self.precision = precision
        self.iso4217 = iso4217
        self.currencyType = type
    }

    /// Creates a currency that is known to be valid; traps otherwise.
    public init(_ code: String, precision: UInt8, iso4217: UInt16 = 0, type: CurrencyType) {
        do { try self.init(code: code, precision: precision, iso4217: iso4217, type: type) } catch {
            preconditionFailure("Invariant: a built-in currency is valid (\(error))")
        }
    }

    /// The currency code, e.g. `"USD"`.
    public var code: String {
        var w = (code0, code1)
        return withUnsafeBytes(of: &w) { raw in
            let n = raw.firstIndex(of: 0) ?? 16
            return String(decoding: UnsafeRawBufferPointer(rebasing: raw[0..<n]), as: UTF8.self)
        }
    }

    /// Looks up a well-known currency by code (case-sensitive, as written by venues: `USD`, `USDT`).
    ///
    /// - Throws: `ParseError` naming the code if Keel does not know it; build it by hand with
    ///   ``init(code:precision:iso4217:type:)``.
    public static func named(_ code: some StringProtocol) throws(ParseError) -> Currency {
        guard let c = knownByCode[String(code)] else {
            throw ParseError(kind: "Currency", text: String(code), reason: "unknown currency code (define it with Currency(code:precision:type:))")
        }
        return c
    }

    /// True if `code` names a well-known currency.
    public static func isKnown(_ code: String) -> Bool { knownByCode[code] != nil }
}

extension Currency: Hashable {
    @inlinable
    public static func == (lhs: Currency, rhs: Currency) -> Bool { lhs.code0 == rhs.code0 && lhs.code1 == rhs.code1 }
    @inlinable
    public func hash(into hasher: inout Hasher) {
        hasher.combine(code0)
        hasher.combine(code1)
    }
}

extension Currency: Comparable {
    /// Orders currencies by code, for deterministic reports.
    public static func < (lhs: Currency, rhs: Currency) -> Bool {
        if lhs.code0 != rhs.code0 { return lhs.code0.byteSwapped < rhs.code0.byteSwapped }
        return lhs.code1.byteSwapped < rhs.code1.byteSwapped
    }
}

extension Currency: CustomStringConvertible {
    public var description: String { code }
}

// MARK: Well-known currencies

extension Currency {
    // Fiat (ISO 4217).
    public static let aud = Currency("AUD", precision: 2, iso4217: 36, type: .fiat)
    public static let brl = Currency("BRL", precision: 2, iso4217: 986, type: .fiat)
    public static let cad = Currency("CAD", precision: 2, iso4217: 124, type: .fiat)
    public static let chf = Currency("CHF", precision: 2, iso4217: 756, type: .fiat)
    public static let cny = Currency("CNY", precision: 2, iso4217: 156, type: .fiat)
    public static let cnh = Currency("CNH", precision: 2, iso4217: 0, type: .fiat)
    public static let czk = Currency("CZK", precision: 2, iso4217: 203, type: .fiat)
    public static let dkk = Currency("DKK", precision: 2, iso4217: 208, type: .fiat)
    public static let eur = Currency("EUR", precision: 2, iso4217: 978, type: .fiat)
    public static let gbp = Currency("GBP", precision: 2, iso4217: 826, type: .fiat)
    public static let hkd = Currency("HKD", precision: 2, iso4217: 344, type: .fiat)
    public static let huf = Currency("HUF", precision: 2, iso4217: 348, type: .fiat)
    public static let ils = Currency("ILS", precision: 2, iso4217: 376, type: .fiat)
    public static let inr = Currency("INR", precision: 2, iso4217: 356, type: .fiat)
    public static let jpy = Currency("JPY", precision: 0, iso4217: 392, type: .fiat)
    public static let krw = Currency("KRW", precision: 0, iso4217: 410, type: .fiat)
    public static let mxn = Currency("MXN", precision: 2, iso4217: 484, type: .fiat)
    public static let nok = Currency("NOK", precision: 2, iso4217: 578, type: .fiat)
    public static let nzd = Currency("NZD", precision: 2, iso4217: 554, type: .fiat)
    public static let pln = Currency("PLN", precision: 2, iso4217: 985, type: .fiat)
    public static let rub = Currency("RUB", precision: 2, iso4217: 643, type: .fiat)
    public static let sar = Currency("SAR", precision: 2, iso4217: 682, type: .fiat)
    public static let sek = Currency("SEK", precision: 2, iso4217: 752, type: .fiat)
    public static let sgd = Currency("SGD", precision: 2, iso4217: 702, type: .fiat)
    public static let thb = Currency("THB", precision: 2, iso4217: 764, type: .fiat)
    public static let try_ = Currency("TRY", precision: 2, iso4217: 949, type: .fiat)
    public static let twd = Currency("TWD", precision: 2, iso4217: 901, type: .fiat)
    public static let usd = Currency("USD", precision: 2, iso4217: 840, type: .fiat)
    public static let zar = Currency("ZAR", precision: 2, iso4217: 710, type: .fiat)
    // Commodity-backed.
    public static let xag = Currency("XAG", precision: 2, iso4217: 961, type: .commodityBacked)
    public static let xau = Currency("XAU", precision: 2, iso4217: 959, type: .commodityBacked)
    // Crypto (precision as the major venues quote balances).
    public static let ada = Currency("ADA", precision: 6, type: .crypto)
    public static let bnb = Currency("BNB", precision: 8, type: .crypto)
    public static let btc = Currency("BTC", precision: 8, type: .crypto)
    public static let busd = Currency("BUSD", precision: 8, type: .crypto)
    public static let doge = Currency("DOGE", precision: 8, type: .crypto)
    public static let dot = Currency("DOT", precision: 8, type: .crypto)
    public static let eth = Currency("ETH", precision: 8, type: .crypto)
    public static let link = Currency("LINK", precision: 8, type: .crypto)
    public static let ltc = Currency("LTC", precision: 8, type: .crypto)
    public static let sol = Currency("SOL", precision: 8, type: .crypto)
    public static let usdc = Currency("USDC", precision: 8, type: .crypto)
    public static let usdt = Currency("USDT", precision: 8, type: .crypto)
    public static let xbt = Currency("XBT", precision: 8, type: .crypto)
    public static let xrp = Currency("XRP", precision: 6, type: .crypto)

    /// Every built-in currency, ordered by code.
    public static let allKnown: [Currency] = [
        aud, brl, cad, chf, cny, cnh, czk, dkk, eur, gbp, hkd, huf, ils, inr, jpy, krw, mxn, nok, nzd, pln, rub,
        sar, sek, sgd, thb, try_, twd, usd, zar, xag, xau, ada, bnb, btc, busd, doge, dot, eth, link, ltc, sol,
        usdc, usdt, xbt, xrp,
    ].sorted()

    static let knownByCode: [String: Currency] = Dictionary(uniqueKeysWithValues: allKnown.map { ($0.code, $0) })
}
