import Foundation

/// One page of a long table on an insight page: which rows to show, a sentence saying which, and links to the
/// pages either side (keeping the rest of the query), so that a page's size follows what it shows.
struct TablePage: Sendable {
    /// Rows per page.
    static let size = 50

    let range: Range<Int>
    let pagination: PaginationView?
    /// "Showing 51 to 100 of 2,300 rows; the download has them all." — nil when everything fits.
    let note: String?

    /// The page asked for in `parameter` (1 when absent or not a number; the last page when beyond it).
    init(total: Int, parameter: String, parameters: [String: String], path: String, fragment: String, noun: String) {
        let pages = max(1, (total + Self.size - 1) / Self.size)
        let asked = parameters[parameter].flatMap { Int($0.prefix(9)) } ?? 1
        let page = min(max(asked, 1), pages)
        range = min(total, (page - 1) * Self.size)..<min(total, page * Self.size)
        guard pages > 1 else {
            (pagination, note) = (nil, nil)
            return
        }
        func url(_ number: Int) -> String {
            var components = URLComponents()
            components.path = path
            components.queryItems =
                parameters.filter { $0.key != parameter }.sorted { $0.key < $1.key }
                .map { URLQueryItem(name: $0.key, value: $0.value) } + [
                    URLQueryItem(name: parameter, value: "\(number)")
                ]
            return (components.string ?? path) + "#" + fragment
        }
        pagination = PaginationView(
            page: page, pages: pages, previous: page > 1 ? url(page - 1) : nil, next: page < pages ? url(page + 1) : nil
        )
        note =
            "Showing \(noun) \(Self.figure(range.lowerBound + 1)) to \(Self.figure(range.upperBound)) of \(Self.figure(total)); the download has them all."
    }

    static func figure(_ n: Int) -> String {
        let digits = Array(String(n))
        var out = ""
        for (i, d) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(d)
        }
        return out
    }
}
