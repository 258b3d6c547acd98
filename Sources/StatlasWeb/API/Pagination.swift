import Foundation
import StatlasCore

/// RFC 8288 `Link` headers for paging through a collection, keeping every other parameter.
enum Pagination {
    static func linkHeader(path: String, parameters: [String: String], query: ListQuery, total: Int) -> String {
        var links: [String] = []
        func url(offset: Int) -> String {
            var items = parameters.filter { $0.key != "offset" && $0.key != "page" && $0.key != "limit" }
                .sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: "limit", value: String(query.limit)))
            items.append(URLQueryItem(name: "offset", value: String(offset)))
            var components = URLComponents()
            components.path = path
            components.queryItems = items
            return components.string ?? path
        }
        if query.offset + query.limit < total {
            links.append("<\(url(offset: query.offset + query.limit))>; rel=\"next\"")
        }
        if query.offset > 0 { links.append("<\(url(offset: max(query.offset - query.limit, 0)))>; rel=\"prev\"") }
        if total > 0 {
            links.append("<\(url(offset: 0))>; rel=\"first\"")
            links.append("<\(url(offset: ((total - 1) / query.limit) * query.limit))>; rel=\"last\"")
        }
        return links.joined(separator: ", ")
    }
}
