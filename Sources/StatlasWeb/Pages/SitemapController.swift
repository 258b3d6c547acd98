import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore

/// What search engines read: `robots.txt` (public pages only; no accounts, forms, studies or people) and a
/// sitemap index of the register's public pages, split in files of 10,000 addresses (the sitemap protocol's
/// limit is 50,000) read from the id index, so that a register of any size is listed at the cost of its size.
struct SitemapController {
    let records: any RecordRepository

    /// Addresses per sitemap file.
    static let pageSize = 10_000
    /// Kinds whose pages are listed: every kind but people, whose pages are public but are no one's to publicise.
    func listed() -> [EntityKind] { records.kinds.all.filter { $0 != .person } }
    /// The site's own pages worth finding.
    static let pages = ["/", "/contact", "/coverage", "/network", "/insight/engagement", "/actions", "/findings"]

    func register(on routes: RouteTable) {
        routes.add(.get, "/robots.txt", .everyone) { _, context in
            let text = """
                User-agent: *
                Allow: /
                Disallow: /admin/
                Disallow: /account
                Disallow: /studies
                Disallow: /sign-in
                Disallow: /sign-out
                Disallow: /invitations/
                Disallow: /people/
                Disallow: /api/
                Disallow: /search

                Sitemap: \(context.origin)/sitemap.xml

                """
            return Self.answer(text, type: "text/plain; charset=utf-8")
        }
        routes.add(.get, "/sitemap.xml", .everyone) { _, context in
            let counts = try await records.counts()
            var files = ["\(context.origin)/sitemaps/pages.xml"]
            for kind in listed() {
                let count = counts[kind] ?? 0
                let parts = max(0, (count + Self.pageSize - 1) / Self.pageSize)
                if parts > 0 { files += (1...parts).map { "\(context.origin)/sitemaps/\(kind.collection)-\($0).xml" } }
            }
            let body = files.map { "<sitemap><loc>\(TextEscaping.markup($0))</loc></sitemap>" }.joined(separator: "\n")
            return Self.answer(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\(body)\n</sitemapindex>\n",
                type: "application/xml; charset=utf-8")
        }
        routes.add(.get, "/sitemaps/{name}.xml", .everyone) { _, context in
            try await file(context.parameters.get("name") ?? "", context)
        }
    }

    /// One sitemap file: the site's pages, or one window of a kind's records (`datasets-3`).
    func file(_ name: String, _ context: StatlasRequestContext) async throws -> Response {
        var paths: [String]
        if name == "pages" {
            paths = Self.pages + listed().map { "/" + $0.collection }
        } else {
            let pieces = name.split(separator: "-")
            guard pieces.count >= 2, let number = Int(pieces.last!), (1...1_000_000).contains(number),
                let kind = listed().first(where: { $0.collection == pieces.dropLast().joined(separator: "-") })
            else { throw HTTPError(.notFound) }
            let ids = try await records.ids(kind, offset: (number - 1) * Self.pageSize, limit: Self.pageSize)
            guard !ids.isEmpty else { throw HTTPError(.notFound) }
            paths = ids.map { RecordPaths.path(kind, $0) }
        }
        let body = paths.map { "<url><loc>\(TextEscaping.markup(context.origin + $0))</loc></url>" }
            .joined(separator: "\n")
        return Self.answer(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\(body)\n</urlset>\n",
            type: "application/xml; charset=utf-8")
    }

    static func answer(_ text: String, type: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = type
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
