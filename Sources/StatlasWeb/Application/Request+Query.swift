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
