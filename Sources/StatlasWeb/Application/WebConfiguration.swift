import Foundation
import Prometheus
import StatlasCore

/// How the web server listens and behaves; storage is passed separately to `buildApplication`.
public struct WebConfiguration: Sendable {
    public var host: String
    public var port: Int
    /// True when the register holds demo data (shown in the phase banner and health output).
    public var demo: Bool
    /// Mark cookies `Secure` and use the `__Host-` prefix, and send HSTS (when served over TLS or behind a
    /// TLS proxy). Off only for plain-HTTP local use.
    public var secureCookies: Bool
    /// Session idle and absolute timeouts.
    public var sessionLimits: SessionLimits
    /// The clock, injectable for tests of timeouts and throttling.
    public var now: @Sendable () -> Date
    /// The proxies whose `X-Forwarded-*` headers are believed (`--trusted-proxy`); none by default (S19).
    public var trustedProxies: [CIDR]
    /// Where request, database, search, analysis and import metrics are collected (swift-metrics bootstrapped
    /// with swift-prometheus on this registry), served at `/metrics`; nil when none are collected.
    public var metrics: PrometheusCollectorRegistry?
    /// Write one access-log line per request (method, route pattern, status, duration, request id; no address,
    /// query or account).
    public var accessLog = false

    public init(
        host: String = "127.0.0.1", port: Int = 8080, demo: Bool = false, secureCookies: Bool = true,
        sessionLimits: SessionLimits = SessionLimits(), trustedProxies: [CIDR] = [],
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.trustedProxies = trustedProxies
        self.host = host
        self.port = port
        self.demo = demo
        self.secureCookies = secureCookies
        self.sessionLimits = sessionLimits
        self.now = now
    }

    /// The session cookie's name: `__Host-` prefixed when cookies are secure (STANDARDS.md S1).
    var sessionCookie: String { secureCookies ? "__Host-statlas-session" : "statlas-session" }
    /// The cookie carrying the sign-in form's CSRF token before there is a session.
    var formCookie: String { secureCookies ? "__Host-statlas-form" : "statlas-form" }
    /// Carries the state between a correct password and the second factor's code.
    var pendingCookie: String { secureCookies ? "__Host-statlas-pending" : "statlas-pending" }
}
