import Foundation
import Hummingbird
import StatlasCore

/// Reads `Authorization: Bearer <token>` and puts the token's user in the context. A bad token is
/// treated as no token; routes that need a user refuse with 401.
struct Authenticator: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let accounts: any AccountRepository
    /// Records each use of a token (STANDARDS.md S11), without making the request wait.
    let uses: TokenUseRecorder

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        if let header = request.headers[.authorization], header.lowercased().hasPrefix("bearer ") {
            let token = String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces)
            if !token.isEmpty, token.count < 200, let user = try await accounts.user(forToken: token) {
                context.user = user
                if let tokenId = user.tokenId {
                    await uses.record(
                        TokenUse(
                            tokenId: tokenId, userId: user.id,
                            request: "\(request.method) \(LogSafe.text(request.uri.path))", at: Date()))
                }
            }
        }
        return try await next(request, context)
    }
}
