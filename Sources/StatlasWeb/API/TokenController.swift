import Foundation
import Hummingbird
import StatlasCore

/// `/api/v1/tokens`: a user lists, creates and revokes their own API tokens (administrators may revoke
/// anyone's). The token text is returned once, at creation; only its hash is kept.
struct TokenController {
    let accounts: any AccountRepository
    let audit: any AuditRepository

    static let base = "/api/v1/tokens"

    func register(on routes: RouteTable) {
        routes.add(.get, Self.base, .signedIn) { _, context in try await list(context) }
        routes.add(.post, Self.base, .signedIn) { request, context in try await create(request, context) }
        routes.add(.delete, Self.base + "/{id}", .signedIn) { _, context in try await revoke(context) }
    }

    /// A token as listed.
    struct Listed: Codable {
        var id: String
        var label: String?
        var createdAt: Date
        var lastUsedAt: Date?
        var revokedAt: Date?
        var active: Bool
    }

    /// A new token: the only time its text is shown.
    struct Created: Codable {
        var id: String
        var label: String?
        var token: String
    }

    /// The body of a create request.
    struct CreateBody: Decodable {
        var label: String?
    }

    func list(_ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let tokens = try await accounts.tokens(userId: user.id).map {
            Listed(
                id: $0.id, label: $0.label, createdAt: $0.createdAt, lastUsedAt: $0.lastUsedAt, revokedAt: $0.revokedAt,
                active: $0.revokedAt == nil)
        }
        return try JSONResponse.make(ListBody(items: tokens, total: tokens.count))
    }

    func create(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let body = try await JSONResponse.body(request, context: context)
        let input: CreateBody
        do { input = try JSONDecoder().decode(CreateBody.self, from: body) } catch {
            throw StatlasError.invalid([FieldError("label", "label must be a string")])
        }
        if let label = input.label, label.count > 100 {
            throw StatlasError.invalid([FieldError("label", "label must be at most 100 characters")])
        }
        let (id, token) = try await accounts.createToken(userId: user.id, label: input.label)
        try await audit.append(AuditEntry(.tokenCreate, actorId: user.id, detail: "API token \(id)"))
        return try JSONResponse.make(
            Created(id: id, label: input.label, token: token), status: .created,
            headers: [.location: "\(Self.base)/\(id)", .cacheControl: "no-store"])
    }

    func revoke(_ context: StatlasRequestContext) async throws -> Response {
        let user = try context.requireUser()
        let id = context.parameters.get("id") ?? ""
        guard let token = try await accounts.token(id: id), token.userId == user.id || user.isAdmin,
            token.revokedAt == nil
        else {
            throw APIFailure.notFound("You have no active token with the id \(id).")
        }
        _ = try await accounts.revokeToken(id: id)
        try await audit.append(AuditEntry(.tokenRevoke, actorId: user.id, detail: "API token \(id)"))
        return Response(status: .noContent)
    }
}
