import Crypto
import HTTPTypes
import Hummingbird
import NIOCore
import StatlasCore

/// Makes public reads work well with browsers on other sites, caches and polling clients:
///
/// - **CORS** on public reads (`GET`/`HEAD` of the API, feeds, calendars, the catalogue, the sitemap):
///   `Access-Control-Allow-Origin: *`, never with credentials, so a page on another origin can read public data
///   but can send no cookie or token; a preflight for `GET`/`HEAD` is answered, one for a write is not, and
///   writes get no CORS headers.
/// - **ETags** on every whole `200` answer to a `GET` (a record's is its version; any other's a hash of its
///   bytes), and `304 Not Modified` when `If-None-Match` names it.
/// - **Brief caching** of answers to people not signed in (`public, max-age=60`, varying by `Accept` and
///   `Cookie`); anything for someone signed in, or setting a cookie, stays `no-store`.
struct HTTPCachingMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext

    /// Bodies larger than this are not hashed (streamed downloads have no length and are not hashed either).
    static let largestHashed = 8 << 20
    static let sharedMaxAge = 60

    /// True for the addresses whose reads any site may make.
    static func isPublicRead(_ path: String) -> Bool {
        path.hasPrefix("/api/") || path.hasPrefix("/feeds/") || path.hasPrefix("/catalog") || path.hasSuffix(".ics")
            || path.hasPrefix("/sitemap")
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        let path = request.uri.path
        if request.method == .options, Self.isPublicRead(path),
            request.headers[HTTPField.Name("Origin")!] != nil
        {
            return Self.preflight(request)
        }
        var response = try await next(request, context)
        guard request.method == .get || request.method == .head else { return response }
        if Self.isPublicRead(path) {
            response.headers[.accessControlAllowOrigin] = "*"
            response.headers[HTTPField.Name("Access-Control-Expose-Headers")!] = "ETag, Link, X-Total-Count, Location"
        }
        guard response.status == .ok else { return response }
        let anonymous =
            context.user == nil && context.session == nil && request.headers[.authorization] == nil
            && response.headers[.setCookie] == nil
        if anonymous && response.headers[.cacheControl] == nil {
            response.headers[.cacheControl] = "public, max-age=\(Self.sharedMaxAge)"
            response.headers[.vary] = "Accept, Cookie"
        }
        if response.headers[.eTag] == nil, let length = response.body.contentLength, length <= Self.largestHashed {
            let collected = Collected()
            try await response.body.write(Collector(into: collected))
            let digest = SHA256.hash(data: Array(collected.buffer.readableBytesView))
            response.headers[.eTag] = "\"h" + Hex.string(digest.prefix(12)) + "\""
            response.body = .init(byteBuffer: collected.buffer)
        }
        if let asked = request.headers[.ifNoneMatch], let tag = response.headers[.eTag], Self.matches(asked, tag) {
            var headers = HTTPFields()
            for name in [HTTPField.Name.eTag, .cacheControl, .vary, .accessControlAllowOrigin, .contentLocation] {
                if let value = response.headers[name] { headers[name] = value }
            }
            return Response(status: .notModified, headers: headers)
        }
        return response
    }

    /// Whether `If-None-Match` names the tag (weak comparison, as RFC 9110 asks for this header), or is `*`.
    static func matches(_ header: String, _ tag: String) -> Bool {
        func bare(_ value: Substring) -> Substring {
            let trimmed = value.drop { $0 == " " }.reversed().drop { $0 == " " }.reversed()
            let text = Substring(trimmed)
            return text.hasPrefix("W/") ? text.dropFirst(2) : text
        }
        let own = bare(Substring(tag))
        return header.split(separator: ",").contains { bare($0) == own || bare($0) == "*" }
    }

    /// The answer to a CORS preflight: reads only, no credentials, the headers a reader sends.
    static func preflight(_ request: Request) -> Response {
        let method = request.headers[HTTPField.Name("Access-Control-Request-Method")!]?.uppercased() ?? ""
        guard ["GET", "HEAD"].contains(method) else { return Response(status: .noContent) }
        return Response(
            status: .noContent,
            headers: [
                .accessControlAllowOrigin: "*",
                HTTPField.Name("Access-Control-Allow-Methods")!: "GET, HEAD, OPTIONS",
                HTTPField.Name("Access-Control-Allow-Headers")!: "Accept, Accept-Language, If-None-Match, Content-Type",
                HTTPField.Name("Access-Control-Max-Age")!: "600",
            ])
    }
}
