import HTTPTypes
import Hummingbird

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// An IPv4 or IPv6 network in CIDR notation (`10.0.0.0/8`, `fd00::/8`), or one address.
public struct CIDR: Sendable, Hashable, CustomStringConvertible {
    let network: [UInt8]
    let prefix: Int
    public let description: String

    /// Parses `address/prefix` or a bare address; nil when either part is malformed.
    public init?(_ text: String) {
        let parts = text.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard let bytes = Self.bytes(String(parts[0])) else { return nil }
        let bits = bytes.count * 8
        let prefix: Int
        if parts.count == 2 {
            guard let given = Int(parts[1]), (0...bits).contains(given), parts[1].utf8.count <= 3 else { return nil }
            prefix = given
        } else {
            prefix = bits
        }
        self.network = bytes
        self.prefix = prefix
        self.description = text
    }

    /// True when the address lies in this network.
    public func contains(_ address: String) -> Bool {
        guard let bytes = Self.bytes(address), bytes.count == network.count else { return false }
        var remaining = prefix
        for (a, b) in zip(bytes, network) where remaining > 0 {
            let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
            if a & mask != b & mask { return false }
            remaining -= 8
        }
        return true
    }

    /// The address's bytes (4 for IPv4, 16 for IPv6; IPv4-mapped IPv6 addresses as IPv4), or nil.
    static func bytes(_ text: String) -> [UInt8]? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return withUnsafeBytes(of: &v4) { Array($0) } }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xFF && bytes[11] == 0xFF {
            return Array(bytes[12...])
        }
        return bytes
    }
}

/// Works out where a request comes from, as the browser sees it: the client's address (for sign-in
/// throttling), and the scheme and host the browser used (for same-origin checks and links). The
/// `X-Forwarded-For`, `-Host` and `-Proto` headers are believed only when the connection comes from a proxy
/// given with `--trusted-proxy` (STANDARDS.md S19); from anyone else they change nothing.
struct ForwardedMiddleware: RouterMiddleware {
    typealias Context = StatlasRequestContext
    let configuration: WebConfiguration

    static let forwardedFor = HTTPField.Name("X-Forwarded-For")!
    static let forwardedHost = HTTPField.Name("X-Forwarded-Host")!
    static let forwardedProto = HTTPField.Name("X-Forwarded-Proto")!

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
        -> Response
    {
        var context = context
        context.scheme = configuration.secureCookies ? "https" : "http"
        context.host = request.headers[HTTPField.Name("Host")!] ?? request.head.authority
        if let peer = context.clientAddress, trusted(peer) {
            if let chain = request.headers[Self.forwardedFor] {
                // The nearest address that is not one of our proxies is the client.
                let hops = chain.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                    !$0.isEmpty
                }
                context.clientAddress = hops.last { !trusted($0) } ?? hops.first ?? peer
            }
            if let host = request.headers[Self.forwardedHost]?.split(separator: ",").first {
                context.host = host.trimmingCharacters(in: .whitespaces)
            }
            if let proto = request.headers[Self.forwardedProto]?.split(separator: ",").first?.trimmingCharacters(
                in: .whitespaces
            ).lowercased(),
                proto == "https" || proto == "http"
            {
                context.scheme = proto
            }
        }
        return try await next(request, context)
    }

    func trusted(_ address: String) -> Bool { configuration.trustedProxies.contains { $0.contains(address) } }
}
