// InlineText: short ASCII text stored inline, for identifiers.
//
// Design decisions:
// - Identifiers (instrument ids, order ids, venues …) are hashed and compared on every event. Swift's
//   `String` keeps up to 15 UTF-8 bytes inline; longer ones live on the heap, so copying them costs an
//   atomic retain/release and hashing walks Unicode machinery. NautilusTrader interns identifiers in a
//   global table (`Ustr`); Keel's rule is "no global interner", because two kernels in one process must
//   share no mutable state.
// - So an identifier is 64 bytes held inline: 63 bytes of ASCII plus a length byte. Copying is a few
//   vector moves, equality is eight word compares, hashing feeds only the words in use, and nothing
//   ever allocates or touches a reference count. The price is a hard limit of 63 bytes, checked with a
//   thrown error that names the text.
// - Text is printable ASCII (0x20...0x7E), not empty, without leading or trailing spaces: identifiers
//   travel through CSV, logs, databases and venue APIs, and Unicode look-alikes there are bugs.

/// Up to 63 bytes of printable ASCII, stored inline in 64 bytes.
///
/// Equality, hashing and ordering (bytewise, the order of `String` for ASCII) never allocate.
@frozen
public struct InlineText: Sendable {
    /// The largest number of bytes an `InlineText` holds.
    public static let capacity = 63

    // Bytes 0..<63 hold the text, zero padded; byte 63 holds the length.
    @usableFromInline
    var words: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)

    /// The number of bytes of text.
    @inlinable
    public var count: Int { Int(truncatingIfNeeded: words.7 >> 56) }

    /// True if the text has no bytes (only the `empty` value).
    @inlinable
    public var isEmpty: Bool { count == 0 }

    /// The empty text. Identifier types never hold it; it is a placeholder for builders.
    public static let empty = InlineText(uncheckedWords: (0, 0, 0, 0, 0, 0, 0, 0))

    @inlinable
    init(uncheckedWords: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64)) {
        self.words = uncheckedWords
    }

    /// Creates inline text from bytes that are already known to satisfy the rules.
    ///
    /// Traps if the bytes break them; use ``validate(_:kind:)`` for external input.
    public init(_ text: some StringProtocol) {
        do {
            self = try InlineText(validating: text, kind: "identifier")
        } catch {
            preconditionFailure("Invariant: identifier text is valid (\(error))")
        }
    }

    /// Creates inline text from `text`, checking the rules.
    ///
    /// - Parameter kind: the name of the identifier type, used in the error message.
    /// - Throws: `ParseError` if `text` is empty, longer than 63 bytes, not printable ASCII, or has
    ///   leading or trailing spaces.
    public init(validating text: some StringProtocol, kind: String) throws(ParseError) {
        try self.init(validating: String(text), kind: kind)
    }

    /// Creates inline text from `text`, checking the rules (the concrete, fast form for `String`).
    ///
    /// - Throws: `ParseError` as ``init(validating:kind:)-(StringProtocol,_)``.
    public init(validating text: String, kind: String) throws(ParseError) {
        var copy = text
        let scanned = copy.withUTF8 { InlineText.scan($0) }
        switch scanned {
        case .success(let words): self.words = words
        case .failure(let reason): throw ParseError(kind: kind, text: text, reason: reason.description)
        }
    }

    /// Creates inline text from UTF-8 bytes, checking the rules (for text assembled as bytes, without a `String`).
    ///
    /// - Throws: `ParseError` as ``init(validating:kind:)-(StringProtocol,_)``.
    public init(validatingBytes bytes: UnsafeBufferPointer<UInt8>, kind: String) throws(ParseError) {
        switch InlineText.scan(bytes) {
        case .success(let words): self.words = words
        case .failure(let reason):
            throw ParseError(kind: kind, text: String(decoding: bytes, as: UTF8.self), reason: reason.description)
        }
    }

    enum ScanFailure: Error {
        case empty, notPrintable(UInt8), tooLong, surroundingSpace
        var description: String {
            switch self {
            case .empty: "must not be empty"
            case .notPrintable(let byte): "byte 0x\(String(byte, radix: 16)) is not printable ASCII"
            case .tooLong: "longer than \(InlineText.capacity) bytes"
            case .surroundingSpace: "must not start or end with a space"
            }
        }
    }

    /// Checks the rules on UTF-8 bytes and packs them into words.
    static func scan(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<(UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64), ScanFailure> {
        let n = bytes.count
        if n == 0 { return .failure(.empty) }
        if n > capacity { return .failure(.tooLong) }
        for c in bytes where c < 0x20 || c > 0x7E { return .failure(.notPrintable(c)) }
        if bytes[0] == 0x20 || bytes[n - 1] == 0x20 { return .failure(.surroundingSpace) }
        var w: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        withUnsafeMutableBytes(of: &w) { raw in
            raw.baseAddress!.copyMemory(from: bytes.baseAddress!, byteCount: n)
        }
        w.7 |= UInt64(n) << 56
        return .success(w)
    }

    /// Calls `body` with the bytes of the text.
    @inlinable
    public func withBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        var copy = words
        let n = count
        // `withUnsafeBytes(of:)` rethrows untyped; keep the typed error by capturing the result.
        var result: Result<R, E>! = nil
        withUnsafeBytes(of: &copy) { raw in
            do throws(E) { result = .success(try body(UnsafeRawBufferPointer(rebasing: raw[0..<n]))) } catch {
                result = .failure(error)
            }
        }
        return try result.get()
    }

    /// The byte at `index` (0 ≤ index < count).
    @inlinable
    public func byte(at index: Int) -> UInt8 {
        precondition(index >= 0 && index < count, "Invariant: byte index within the text")
        var copy = words
        return withUnsafeBytes(of: &copy) { $0[index] }
    }

    /// The index of the last occurrence of `byte`, if any.
    public func lastIndex(of byte: UInt8) -> Int? {
        withBytes { raw in raw.lastIndex(of: byte) }
    }

    /// The text in `range` as new inline text; traps if the range is empty or out of bounds.
    public func slice(_ range: Range<Int>) -> InlineText {
        precondition(range.lowerBound >= 0 && range.upperBound <= count && !range.isEmpty, "Invariant: slice within the text")
        var w: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var copy = words
        withUnsafeBytes(of: &copy) { src in
            withUnsafeMutableBytes(of: &w) { dst in
                for (k, i) in range.enumerated() { dst[k] = src[i] }
            }
        }
        w.7 |= UInt64(range.count) << 56
        return InlineText(uncheckedWords: w)
    }

    /// The concatenation `lhs + separator + rhs`, or nil if it exceeds the capacity.
    public static func joined(_ lhs: InlineText, _ separator: UInt8, _ rhs: InlineText) -> InlineText? {
        let total = lhs.count + 1 + rhs.count
        guard total <= capacity else { return nil }
        var w: (UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0, 0, 0, 0, 0)
        var l = lhs.words
        var r = rhs.words
        let ln = lhs.count
        let rn = rhs.count
        withUnsafeBytes(of: &l) { lb in
            withUnsafeBytes(of: &r) { rb in
                withUnsafeMutableBytes(of: &w) { dst in
                    for i in 0..<ln { dst[i] = lb[i] }
                    dst[ln] = separator
                    for i in 0..<rn { dst[ln + 1 + i] = rb[i] }
                }
            }
        }
        w.7 |= UInt64(total) << 56
        return InlineText(uncheckedWords: w)
    }

    /// The text as a `String` (allocates for more than 15 bytes; use at the edges).
    public var string: String {
        withBytes { String(decoding: $0, as: UTF8.self) }
    }
}

extension InlineText: Hashable {
    @inlinable
    public static func == (lhs: InlineText, rhs: InlineText) -> Bool {
        let a = lhs.words
        let b = rhs.words
        return (a.0 ^ b.0) | (a.1 ^ b.1) | (a.2 ^ b.2) | (a.3 ^ b.3)
            | (a.4 ^ b.4) | (a.5 ^ b.5) | (a.6 ^ b.6) | (a.7 ^ b.7) == 0
    }

    @inlinable
    public func hash(into hasher: inout Hasher) {
        // Fold the words that hold text (unused words are zero) into one, then feed the hasher once:
        // one `combine` instead of up to eight keeps hashing near the cost of the hasher's finalisation.
        // The fold is injective enough for identifiers; the hasher's per-process seed still randomises
        // the result, so collision attacks through crafted ids stay impractical.
        let w = words
        let k: UInt64 = 0x9E37_79B9_7F4A_7C15
        var h = w.7
        h = (h ^ w.0) &* k
        if count > 8 { h = (h ^ w.1) &* k }
        if count > 16 { h = (h ^ w.2) &* k }
        if count > 24 { h = (h ^ w.3) &* k }
        if count > 32 { h = (h ^ w.4) &* k }
        if count > 40 { h = (h ^ w.5) &* k }
        if count > 48 { h = (h ^ w.6) &* k }
        hasher.combine(h)
    }
}

extension InlineText: Comparable {
    /// Bytewise lexicographic order (for ASCII, the order of `String`).
    @inlinable
    public static func < (lhs: InlineText, rhs: InlineText) -> Bool {
        let a = lhs.words
        let b = rhs.words
        // Little-endian words hold the first byte lowest; byte-swapping makes numeric order bytewise.
        if a.0 != b.0 { return a.0.byteSwapped < b.0.byteSwapped }
        if a.1 != b.1 { return a.1.byteSwapped < b.1.byteSwapped }
        if a.2 != b.2 { return a.2.byteSwapped < b.2.byteSwapped }
        if a.3 != b.3 { return a.3.byteSwapped < b.3.byteSwapped }
        if a.4 != b.4 { return a.4.byteSwapped < b.4.byteSwapped }
        if a.5 != b.5 { return a.5.byteSwapped < b.5.byteSwapped }
        if a.6 != b.6 { return a.6.byteSwapped < b.6.byteSwapped }
        return a.7.byteSwapped < b.7.byteSwapped
    }
}

extension InlineText: CustomStringConvertible {
    public var description: String { string }
}
