import Hummingbird
import StatlasCore

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
struct HealthController {
    let health: any HealthProbe

    func register(on routes: RouteTable) {
        routes.add(.get, "/healthz", .everyone) { _, _ in
            let ok = await health.isReachable()
            return try JSONResponse.make(
                ["status": ok ? "ok" : "unavailable", "database": health.engineName],
                status: ok ? .ok : .serviceUnavailable)
        }
    }
}
