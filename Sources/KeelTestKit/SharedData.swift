// The project's shared folder (`../shared` beside the checkout): real market data and the reference
// results that tests compare against.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Paths into the project's `shared/` folder, which sits beside the repository checkout.
public enum SharedData {
    /// The `shared/` folder: `KEEL_SHARED_DIR` if set, else `../shared` next to the package root.
    public static var root: String {
        if let dir = getenvString("KEEL_SHARED_DIR") { return dir }
        // This file is <root>/Sources/KeelTestKit/SharedData.swift.
        var parts = #filePath.split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        parts.removeLast()  // the checkout folder itself
        return parts.joined(separator: "/") + "/shared"
    }

    /// The absolute path of `relative` inside `shared/`.
    public static func path(_ relative: String) -> String { root + "/" + relative }

    /// True if `relative` exists inside `shared/`.
    public static func exists(_ relative: String) -> Bool { access(path(relative), F_OK) == 0 }

    /// True when running under CI (`CI` is set), where missing shared data is a failure, not a skip.
    public static var isCI: Bool { getenvString("CI") != nil }
}
