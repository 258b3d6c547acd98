import Foundation
import StatlasCore

/// RFC 8288 `Link` headers for paging through a collection, keeping every other parameter.
enum Pagination {
    /// With `after` in the query, the next page is the one after `lastId` (the page's last record), as deep
    /// readers should page; otherwise pages are by offset.
    static func linkHeader(
        path: String, parameters: [String: String], query: ListQuery, total: Int, lastId: String? = nil
    ) -> String {
        var links: [String] = []
        func url(offset: Int? = nil, after: String? = nil) -> String {
            var items = parameters.filter { !["offset", "page", "limit", "after"].contains($0.key) }
                .sorted { $0.key < $1.key }.map { URLQueryItem(name: $0.key, value: $0.value) }
            items.append(URLQueryItem(name: "limit", value: String(query.limit)))
            if let after { items.append(URLQueryItem(name: "after", value: after)) }
            if let offset { items.append(URLQueryItem(name: "offset", value: String(offset))) }
            var components = URLComponents()
            components.path = path
            components.queryItems = items
            return components.string ?? path
        }
        if query.after != nil {
            if let lastId { links.append("<\(url(after: lastId))>; rel=\"next\"") }
        } else if query.offset + query.limit < total {
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
