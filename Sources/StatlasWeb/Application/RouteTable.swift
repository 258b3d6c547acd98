import HTTPTypes
import Hummingbird
import StatlasCore

/// Who may call a route. Every route declares one (deny by default).
public enum Policy: String, Sendable {
    /// Anyone, signed in or not (public reads).
    case everyone
    /// A valid bearer token or session of an enabled user.
    case signedIn
    /// A signed-in administrator or editor of an organisation; the handler then checks the record itself
    /// (object-level checks in `GuardedWrites`).
    case editor
    /// A signed-in administrator (account management, erasure, reports).
    case admin

    /// Nil when the request's user may use a route with this policy; otherwise the error to answer with.
    func refusal(_ user: UserAccount?) -> (any Error)? {
        switch self {
        case .everyone: return nil
        case .signedIn: return user == nil ? APIFailure.unauthenticated : nil
        case .editor:
            guard let user else { return APIFailure.unauthenticated }
            return Principal(user).canEdit ? nil : StatlasError.forbidden(Access.viewerMessage)
        case .admin:
            guard let user else { return APIFailure.unauthenticated }
            return user.isAdmin ? nil : StatlasError.forbidden("Only administrators can do this.")
        }
    }
}

/// One registered route, as recorded for the policy test and the OpenAPI comparison.
public struct RouteEntry: Sendable, Hashable {
    public let method: HTTPRequest.Method
    public let path: String
    public let policy: Policy
    /// The query parameters the route takes; any other is refused (422 naming it) before the handler runs.
    public let query: [String]
    /// True for a route that keeps another system's contract (CKAN's action API): it reads and answers its
    /// parameters and errors as that system does, not as Statlas's own API does.
    public var foreign = false

    /// True for Statlas's own JSON API and health routes (described by the OpenAPI document); false for pages
    /// and foreign routes.
    public var isAPI: Bool { !foreign && (path.hasPrefix("/api/") || path == "/healthz") }
}

/// Registers routes together with their policy, and enforces that policy before the handler runs.
public final class RouteTable: @unchecked Sendable {
    public let router: Router<StatlasRequestContext>
    public private(set) var entries: [RouteEntry] = []
    /// The answers routes added with `shared: true` keep for everyone who is not signed in.
    let shared: SharedAnswers

    init(router: Router<StatlasRequestContext>, shared: SharedAnswers) {
        self.router = router
        self.shared = shared
    }

    /// Adds a route; `path` uses `{name}` for parameters, as in OpenAPI; `query` names the query parameters it
    /// takes (none by default), which the handler reads with `QueryReader`. With `shared`, the route's answer
    /// depends only on its address and the register, so people not signed in get it from `SharedAnswers`. A
    /// `foreign` route (another system's contract) reads its own parameters, whatever their names.
    func add(
        _ method: HTTPRequest.Method, _ path: String, _ policy: Policy, query: [String] = [], shared: Bool = false,
        foreign: Bool = false, _ handler: @escaping @Sendable (Request, StatlasRequestContext) async throws -> Response
    ) {
        let answers = self.shared
        var entry = RouteEntry(method: method, path: path, policy: policy, query: query)
        entry.foreign = foreign
        entries.append(entry)
        // A whole segment `{id}` is Hummingbird's `:id`; a segment with more (`{id}.ics`) keeps its braces, which
        // Hummingbird reads as a capture with a fixed suffix.
        let routerPath = RouterPath(
            path.split(separator: "/", omittingEmptySubsequences: false).map { segment in
                segment.hasPrefix("{") && segment.hasSuffix("}") && segment.filter { $0 == "{" }.count == 1
                    ? ":" + segment.dropFirst().dropLast() : segment
            }.joined(separator: "/"))
        router.on(routerPath, method: method) { request, context in
            if let refusal = policy.refusal(context.user) { throw refusal }
            var context = context
            context.query = QueryReader(request.parameters)
            (context.path, context.uri) = (request.uri.path, request.uri.description)
            let unknown = foreign ? [] : QueryReader.unknown(context.query.parameters, accepting: query)
            if !unknown.isEmpty { throw StatlasError.invalid(unknown) }
            return shared
                ? try await answers.answer(request, context, handler) : try await handler(request, context)
        }
    }
}
