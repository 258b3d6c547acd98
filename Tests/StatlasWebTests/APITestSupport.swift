import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb

/// Runs `body` against the real application on a fresh database, with an administrator's token.
func withAPI(
    _ engine: Engine, kinds: RecordKinds = .standard,
    _ body: @escaping @Sendable (any TestClientProtocol, String, StorageService) async throws -> Void
) async throws {
    try await TestDatabase.withStorage(engine, kinds: kinds) { storage in
        let user = try await storage.accounts.createUser(email: "admin@example.org", name: "Admin", isAdmin: true)
        let token = try await storage.accounts.createToken(userId: user.id, label: "test").token
        var logger = Logger(label: "statlas-test")
        logger.logLevel = .critical
        let app = try buildApplication(WebConfiguration(), services: storage.services, logger: logger)
        try await app.test(.router) { client in try await body(client, token, storage) }
    }
}

extension TestClientProtocol {
    /// Sends a request with an optional JSON body and bearer token.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, token: String? = nil, json: String? = nil,
        headers extra: HTTPFields = [:]
    ) async throws -> TestResponse {
        var headers = extra
        if let token { headers[.authorization] = "Bearer \(token)" }
        if json != nil && headers[.contentType] == nil { headers[.contentType] = "application/json" }
        return try await execute(uri: uri, method: method, headers: headers, body: json.map { ByteBuffer(string: $0) })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
    var object: [String: JSONValue] {
        guard case .object(let o)? = try? JSONDecoder().decode(JSONValue.self, from: Data(text.utf8)) else {
            return [:]
        }
        return o
    }
    /// The fields named in a problem-details `errors` list.
    var invalidFields: Set<String> {
        guard case .array(let errors)? = object["errors"] else { return [] }
        return Set(
            errors.compactMap {
                if case .object(let e) = $0, case .string(let f)? = e["field"] { return f } else { return nil }
            })
    }
}
