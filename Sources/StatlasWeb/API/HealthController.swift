import Hummingbird
import StatlasStorage

/// `GET /healthz`: 200 when the database answers, 503 otherwise.
struct HealthController {
    let database: Database

    func register(on routes: RouteTable) {
        routes.add(.get, "/healthz", .everyone) { _, _ in
            let ok = await database.isReachable()
            return try JSONResponse.make(
                ["status": ok ? "ok" : "unavailable", "database": database.engine.rawValue], status: ok ? .ok : .serviceUnavailable)
        }
    }
}
