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

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard ![.get, .head, .options].contains(request.method), !request.uri.path.hasPrefix("/api/") else {
            return try await next(request, context)
        }
        guard Self.sameOrigin(request) else { throw Refused() }
        var request = request
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        request.body = .init(buffer: buffer)
        let form = FormData(urlEncoded: String(buffer: buffer))
        let expected = context.session?.csrfToken ?? Cookies.value(configuration.formCookie, in: request)
        guard let expected, let sent = form["csrf"], Self.equal(sent, expected) else { throw Refused() }
        return try await next(request, context)
    }

    /// True when the browser says the request comes from this site.
    static func sameOrigin(_ request: Request) -> Bool {
        if let site = request.headers[HTTPField.Name("Sec-Fetch-Site")!], site != "same-origin" { return false }
        guard let origin = request.headers[HTTPField.Name("Origin")!] else {
            return request.headers[HTTPField.Name("Sec-Fetch-Site")!] == "same-origin"
        }
        guard let host = request.headers[HTTPField.Name("X-Forwarded-Host")!] ?? request.headers[HTTPField.Name("Host")!]
            ?? request.head.authority,
            let originHost = URL(string: origin)?.host
        else { return false }
        let port = URL(string: origin)?.port.map { ":\($0)" } ?? ""
        return originHost + port == host || originHost == host
    }

    /// Constant-time comparison of two tokens.
    static func equal(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        return zip(x, y).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}
