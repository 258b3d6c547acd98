import Hummingbird
import StatlasCore

/// The per-request context: Hummingbird's core storage plus who is asking.
public struct StatlasRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The user authenticated by a bearer token (API) or a session cookie (pages).
    public var user: UserAccount?
    /// The browser session, for pages; carries the CSRF token.
    public var session: BrowserSession?
    /// The session cookie's token, to replace it at sign-in and end it at sign-out.
    public var sessionToken: String?
    /// The client's IP address, for sign-in throttling (never logged): the peer, or the client a trusted
    /// proxy names (`ForwardedMiddleware`).
    public var clientAddress: String?
    /// The scheme and host the browser used to reach Statlas (`ForwardedMiddleware`).
    public var scheme = "http"
    public var host: String?
    /// The request's query parameters, decoded once by `RouteTable` and read with the one reader every route uses.
    public internal(set) var query = QueryReader([:])
    /// The request's path, and its path with the query, as asked (for the page's own address).
    public internal(set) var path = "/"
    public internal(set) var uri = "/"
    /// The form the CSRF check read from the body, so that the handler does not read it again.
    var submittedForm: FormData?

    /// The site's own origin as the browser sees it (`https://statlas.example`), for same-origin checks and links.
    public var origin: String { "\(scheme)://\(host ?? "localhost")" }

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
        self.clientAddress = source.channel.remoteAddress?.ipAddress
    }

    /// Who acts for writes: the signed-in user with their roles.
    public var principal: Principal? { user.map(Principal.init) }

    /// Writes to `repository` checked against the signed-in user's permissions.
    public func writes(_ repository: any RecordRepository) throws -> GuardedWrites {
        GuardedWrites(repository: repository, actor: try requirePrincipal())
    }

    /// The signed-in principal; 401 (or the sign-in page) when no one is signed in.
    public func requirePrincipal() throws -> Principal { Principal(try requireUser()) }

    /// The signed-in user; 401 (or the sign-in page) when no one is signed in.
    public func requireUser() throws -> UserAccount {
        guard let user else { throw APIFailure.unauthenticated }
        return user
    }

    /// Request bodies larger than this are refused with 413 (STANDARDS.md S16).
    public var maxUploadSize: Int { 1_048_576 }
}

extension StatlasRequestContext {
    /// The `{id}` of the route's path, percent-decoded; a missing one is a bad request.
    func recordId() throws -> String {
        guard let id = parameters.get("id"), !id.isEmpty else {
            throw StatlasError.badRequest("The record id is missing")
        }
        return id.removingPercentEncoding ?? id
    }
}
