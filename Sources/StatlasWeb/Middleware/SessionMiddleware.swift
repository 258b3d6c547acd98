import Hummingbird
import StatlasCore

/// Finds the browser session from its cookie for page requests (not the API, which uses bearer tokens)
/// and puts its user in the context. Expired or unknown sessions count as signed out.
struct SessionMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let accounts: any AccountRepository
    let configuration: WebConfiguration

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        guard !request.uri.path.hasPrefix("/api/"), !request.uri.path.hasPrefix("/assets/"),
            let token = Cookies.value(configuration.sessionCookie, in: request), token.count == 64
        else { return try await next(request, context) }
        var context = context
        if let session = try await accounts.session(
            token: token, now: configuration.now(), limits: configuration.sessionLimits)
        {
            context.session = session
            context.user = session.user
            context.sessionToken = token
        }
        return try await next(request, context)
    }
}
