import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import StatlasWeb

/// A clock tests can move forward.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_800_000_000)
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// A browser-like client: keeps cookies, sends a same-origin `Origin` on posts, and reads CSRF tokens.
final class Browser: @unchecked Sendable {
    let client: any TestClientProtocol
    var cookies: [String: String] = [:]
    var csrf: String?
    /// The site's origin as this browser reaches it: https when cookies are secure (served over TLS).
    var origin: String
    /// Headers sent with every request (such as `X-Forwarded-For` from a proxy, or one a client forges).
    var extra: HTTPFields = [:]

    init(_ client: any TestClientProtocol, secure: Bool = false) {
        self.client = client
        self.origin = secure ? "https://statlas.test" : "http://statlas.test"
    }

    @discardableResult
    func get(_ uri: String) async throws -> TestResponse {
        let response = try await client.execute(uri: uri, method: .get, headers: headers(), body: nil)
        remember(response)
        return response
    }

    @discardableResult
    func post(_ uri: String, _ fields: [(String, String)], origin: String? = nil, token: Bool = true) async throws
        -> TestResponse
    {
        let origin = origin ?? self.origin
        var form = fields
        if token, let csrf { form.insert(("csrf", csrf), at: 0) }
        var headers = headers()
        headers[.contentType] = "application/x-www-form-urlencoded"
        headers[HTTPField.Name("Origin")!] = origin
        let body = form.map { "\(escape($0.0))=\(escape($0.1))" }.joined(separator: "&")
        let response = try await client.execute(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        remember(response)
        return response
    }

    /// Posts a `multipart/form-data` form as a browser does for a form with a file input: the text fields, then
    /// each file with its name and type.
    @discardableResult
    func upload(
        _ uri: String, _ fields: [(String, String)], files: [(field: String, filename: String, data: Data)],
        token: Bool = true
    ) async throws -> TestResponse {
        let boundary = "----StatlasTestBoundary7MA4YWxkTrZu0gW"
        var form = fields
        if token, let csrf { form.insert(("csrf", csrf), at: 0) }
        var body = Data()
        for (name, value) in form {
            body.append(
                Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8))
        }
        for file in files {
            body.append(
                Data(
                    "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                        .utf8))
            body.append(file.data)
            body.append(Data("\r\n".utf8))
        }
        body.append(Data("--\(boundary)--\r\n".utf8))
        var headers = headers()
        headers[.contentType] = "multipart/form-data; boundary=\(boundary)"
        headers[HTTPField.Name("Origin")!] = origin
        let response = try await client.execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(data: body))
        remember(response)
        return response
    }

    func signIn(_ email: String = "editor@example.org", _ password: String = "a long enough password") async throws
        -> TestResponse
    {
        try await get("/sign-in")
        return try await post("/sign-in", [("email", email), ("password", password)])
    }

    private func headers() -> HTTPFields {
        var headers: HTTPFields = [HTTPField.Name("Host")!: "statlas.test"]
        for field in extra { headers[field.name] = field.value }
        if !cookies.isEmpty { headers[.cookie] = cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; ") }
        return headers
    }

    private func remember(_ response: TestResponse) {
        for value in response.headers[values: .setCookie] {
            let pair = value.split(separator: ";")[0].split(
                separator: "=", maxSplits: 1, omittingEmptySubsequences: false
            ).map(String.init)
            guard pair.count == 2 else { continue }
            if pair[1].isEmpty { cookies[pair[0]] = nil } else { cookies[pair[0]] = pair[1] }
        }
        let text = String(buffer: response.body)
        if let range = text.range(of: #"name="csrf" value="([0-9a-f]{64})""#, options: .regularExpression) {
            csrf = String(text[range].dropFirst(#"name="csrf" value=""#.count).dropLast())
        }
    }

    private func escape(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// Runs `body` with the application over the demo register and a signed-out browser; an account
/// `editor@example.org` with the password "a long enough password" edits for one organisation (the Office for
/// National Statistics in the demo, else `editors-organisation`), so that journeys run with an editor's rights,
/// not an administrator's; `admin@example.org` (same password) is an administrator.
func withPages(
    _ engine: Engine, secureCookies: Bool = false, clock: TestClock = TestClock(), demo: Bool = true,
    _ body: @escaping @Sendable (Browser, StorageService) async throws -> Void
) async throws {
    try await TestDatabase.withStorage(engine) { storage in
        if demo { _ = try await DemoLoader.load(into: storage.records) }
        let organisation = demo ? "office-for-national-statistics" : "editors-organisation"
        if !demo {
            var own = Organisation()
            (own.id, own.name, own.kind) = (organisation, "The editor's organisation", .publicBody)
            _ = try await storage.records.create(own)
        }
        _ = try await storage.accounts.createUser(email: "editor@example.org", name: "Eddie Editor", isAdmin: false)
        _ = try await storage.accounts.setOrganisations(email: "editor@example.org", organisations: [organisation])
        try await storage.accounts.setPassword(email: "editor@example.org", password: "a long enough password")
        _ = try await storage.accounts.createUser(email: "admin@example.org", name: "Ada Admin", isAdmin: true)
        try await storage.accounts.setPassword(email: "admin@example.org", password: "a long enough password")
        var logger = Logger(label: "statlas-test")
        logger.logLevel = .critical
        let configuration = WebConfiguration(demo: demo, secureCookies: secureCookies, now: { clock.now })
        let app = try buildApplication(configuration, services: storage.services, logger: logger)
        try await app.test(.router) { client in try await body(Browser(client, secure: secureCookies), storage) }
    }
}

extension TestResponse {
    /// The page's `<title>`.
    var title: String {
        let text = String(buffer: body)
        guard let start = text.range(of: "<title>"), let end = text.range(of: "</title>") else { return "" }
        return String(text[start.upperBound..<end.lowerBound])
    }
}
