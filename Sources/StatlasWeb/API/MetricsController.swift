import Foundation
import HTTPTypes
import Hummingbird
import Prometheus
import StatlasCore

/// `/metrics` for the people who run Statlas, in Prometheus's text format: requests by route, method and status
/// with their durations, the database pool's use, search, analysis and import timings. Answered only to a request
/// from the machine itself (loopback, no proxy in between) or with an administrator's token or session.
struct MetricsController {
    let registry: PrometheusCollectorRegistry?

    func register(on routes: RouteTable) {
        routes.add(.get, "/metrics", .everyone) { _, context in
            guard let registry else { throw HTTPError(.notFound, message: "Metrics are not collected here") }
            guard Self.isLoopback(context.clientAddress) || context.user?.isAdmin == true else {
                throw StatlasError.forbidden(
                    "Metrics are for the people who run Statlas: ask from the server itself or with an administrator's token."
                )
            }
            var buffer: [UInt8] = []
            registry.emit(into: &buffer)
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; version=0.0.4; charset=utf-8"
            headers[.cacheControl] = "no-store"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: buffer)))
        }
    }

    /// Whether the address is the machine's own (127.0.0.0/8 or ::1, IPv4-mapped included).
    static func isLoopback(_ address: String?) -> Bool {
        guard let address else { return false }
        let bare = address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
        return bare == "::1" || bare.hasPrefix("127.")
    }
}
