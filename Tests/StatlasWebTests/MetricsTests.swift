import Foundation
import HTTPTypes
import HummingbirdTesting
import Logging
import NIOCore
import Prometheus
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Synchronization
import Testing

/// Keeps what is logged, for checking what an access log says.
final class CapturedLog: Sendable {
    let lines = Mutex<[(String, Logger.Metadata)]>([])
}

struct CapturingHandler: LogHandler {
    let store: CapturedLog
    var logLevel: Logger.Level = .info
    var metadata: Logger.Metadata = [:]
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { $1 }
        store.lines.withLock { $0.append((event.message.description, merged)) }
    }
}

@Suite("Metrics and the access log for the people who run Statlas")
struct MetricsTests {
    @Test("/metrics answers administrators (and, in conformance/operations.py, loopback) in Prometheus's format")
    func metrics() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let admin = try await storage.accounts.createUser(email: "admin@example.org", name: "A", isAdmin: true)
            let token = try await storage.accounts.createToken(userId: admin.id, label: "t").token
            // A registry of its own, not bootstrapped into swift-metrics: the process-wide backend is set once, by
            // `statlas serve`, and the real figures are checked against a running server.
            let registry = PrometheusCollectorRegistry()
            registry.makeCounter(name: "statlas_test_total", help: "A counter for the test").increment()
            var configuration = WebConfiguration()
            configuration.metrics = registry
            let app = try buildApplication(configuration, services: storage.services, logger: Logger(label: "t"))
            try await app.test(.router) { client in
                // No client address here, as behind a proxy: not loopback, so an administrator's token is needed.
                #expect(try await client.send(.get, "/metrics").status == .forbidden)
                let metrics = try await client.send(.get, "/metrics", token: token)
                #expect(metrics.status == .ok && metrics.headers[.contentType]?.hasPrefix("text/plain") == true)
                #expect(metrics.text.contains("statlas_test_total 1"))
            }
            let plain = try buildApplication(WebConfiguration(), services: storage.services, logger: Logger(label: "t"))
            try await plain.test(.router) { client in
                let answer = try await client.send(.get, "/metrics", token: token)
                #expect(answer.status == .notFound)
            }
        }
    }

    @Test("The access log names the route's pattern, status and duration, never the address asked or who asked")
    func accessLog() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            _ = try await storage.records.create(Build.organisation("ons"))
            var person = Person()
            (person.id, person.name, person.organisationId) = ("jane-smith", "Jane Smith", "ons")
            _ = try await storage.records.create(person)
            let captured = CapturedLog()
            let logger = Logger(label: "t") { _ in CapturingHandler(store: captured) }
            var configuration = WebConfiguration()
            configuration.accessLog = true
            let app = try buildApplication(configuration, services: storage.services, logger: logger)
            try await app.test(.router) { client in
                _ = try await client.send(.get, "/people/jane-smith?saved=jane@example.org")
            }
            let requests = captured.lines.withLock { $0.filter { $0.0 == "request" } }
            let line = try #require(requests.first)
            let text = "\(line.1)"
            #expect(text.contains("people") && !text.contains("jane") && !text.contains("example.org"))
            #expect(line.1["http.status"]?.description == "200" && line.1["duration_ms"] != nil)
        }
    }
}
