import Hummingbird
import StatlasCore

extension Request {
    /// The query parameters, read with the one reader every route uses.
    var query: QueryReader { QueryReader(parameters) }

    /// The query parameters, names and values decoded exactly once (`+` is a space, `%2525` is `%25`), for every
    /// page and API route alike; the last value of a repeated name wins.
    var parameters: [String: String] {
        var result: [String: String] = [:]
        for (name, value) in FormData(urlEncoded: uri.query ?? "").pairs { result[name] = value }
        return result
    }
}
