import Hummingbird
import StatlasCore

/// The per-request context: Hummingbird's core storage plus the signed-in user, when there is one.
public struct StatlasRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The user authenticated by a bearer token, set by `Authenticator`.
    public var user: UserAccount?

    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.user = nil
    }

    /// Request bodies larger than this are refused with 413 (STANDARDS.md S16).
    public var maxUploadSize: Int { 1_048_576 }
}
