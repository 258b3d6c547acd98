import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// Refuses state-changing page requests that do not come from this site's own forms (STANDARDS.md S5):
/// the `Origin` (or `Sec-Fetch-Site`) must be this site and the form must carry the session's token (or,
/// for signing in, the token in the form cookie). The API is exempt: it takes bearer tokens, not cookies.
struct CSRFMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let configuration: WebConfiguration

    /// Thrown when a request fails the check; shown as a 403 page.
    struct Refused: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard ![.get, .head, .options].contains(request.method), !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        guard Self.sameOrigin(request, context: context) else { throw Refused() }
        var request = request
        let boundary = MultipartForm.boundary(of: request.headers[.contentType])
        let buffer = try await request.body.collect(upTo: FormData.limit(multipart: boundary != nil, context))
        request.body = .init(buffer: buffer)
        let form = try FormData.read(buffer, boundary: boundary)
        let expected = context.session?.csrfToken ?? Cookies.value(configuration.formCookie, in: request)
        guard let expected, let sent = form["csrf"], Self.equal(sent, expected) else { throw Refused() }
        var context = context
        context.submittedForm = form
        return try await next(request, context)
    }

    /// True when the browser says the request comes from this site: `Origin` has the scheme and host (with
    /// port) the browser used to reach us, as `ForwardedMiddleware` worked them out.
    static func sameOrigin(_ request: Request, context: Context) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else {
            return request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "same-origin"
        }
        guard let url = URL(string: origin), let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased(),
            let expected = context.host?.lowercased(), scheme == context.scheme
        else { return false }
        let standard = scheme == "https" ? 443 : 80
        let (expectedHost, expectedPort) = Self.split(expected, standard: standard)
        return host == expectedHost && (url.port ?? standard) == expectedPort
    }

    /// A `Host` value as host and port (the scheme's standard port when none is written).
    static func split(_ authority: String, standard: Int) -> (String, Int) {
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {  // [::1]:8080
            let host = String(authority[authority.index(after: authority.startIndex)..<close])
            let rest = authority[authority.index(after: close)...]
            return (host, rest.hasPrefix(":") ? Int(rest.dropFirst()) ?? -1 : standard)
        }
        let parts = authority.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { return (authority, standard) }
        return (String(parts[0]), Int(parts[1]) ?? -1)
    }

    /// Constant-time comparison of two tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8)
        let y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
