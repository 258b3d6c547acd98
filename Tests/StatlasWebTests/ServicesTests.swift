import Foundation
import HummingbirdTesting
import Logging
import StatlasCore
import StatlasTestSupport
import StatlasWeb
import Testing

/// A health probe whose answer the test chooses.
struct FixedProbe: HealthProbe {
    let engineName = "probe"
    let reachable: Bool
    func isReachable() async -> Bool { reachable }
}

@Suite("The web layer works over Core interfaces (RegisterServices)")
struct ServicesTests {
    @Test("/healthz answers from whatever health probe the composition root passes")
    func healthProbe() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            for reachable in [true, false] {
                var services = storage.services
                services.health = FixedProbe(reachable: reachable)
                let app = try buildApplication(WebConfiguration(), services: services, logger: Logger(label: "t"))
                try await app.test(.router) { client in
                    let response = try await client.execute(uri: "/healthz", method: .get)
                    #expect(response.status == (reachable ? .ok : .serviceUnavailable))
                    #expect(String(buffer: response.body).contains("\"database\":\"probe\""))
                }
            }
        }
    }
}
