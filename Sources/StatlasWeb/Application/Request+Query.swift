import Foundation
import Hummingbird
import StatlasCore

extension Request {
    /// The query parameters (decoded by `RouteTable` into `StatlasRequestContext.query`), names and values decoded exactly once (`+` is a space, `%2525` is `%25`), for every
    /// page and API route alike; the values of a repeated name (ticked checkboxes) are joined with commas, as a
    /// list parameter takes them.
    var parameters: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in FormData(urlEncoded: uri.query ?? "").pairs {
            result[name] = result[name].map { $0 + "," + value } ?? value
        }
        return result
    }
}

extension Request {
    /// True when the `Accept` header asks for JSON rather than HTML: `application/json` (or a `+json` type)
    /// with a higher preference than `text/html`, or without HTML at all.
    var prefersJSON: Bool {
        guard let accept = headers[.accept]?.lowercased() else { return false }
        func weight(_ matches: (String) -> Bool) -> Double? {
            accept.split(separator: ",").compactMap { item -> Double? in
                let parts = item.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
                guard let type = parts.first, matches(type) else { return nil }
                let q = parts.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
                return q
            }.max()
        }
        guard let json = weight({ $0 == "application/json" || $0.hasSuffix("+json") }), json > 0 else { return false }
        return json > (weight({ $0 == "text/html" || $0 == "application/xhtml+xml" }) ?? 0)
    }
}
