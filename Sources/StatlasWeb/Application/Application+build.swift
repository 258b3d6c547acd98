import Hummingbird
import Logging
import StatlasCore
import StatlasStorage

/// Builds the whole application: the one composition root used by `statlas serve` and by the tests.
public func buildApplication(
    _ configuration: WebConfiguration, storage: StorageService, logger: Logger = Logger(label: "statlas")
) -> some ApplicationProtocol {
    let routes = buildRoutes(storage: storage, logger: logger)
    return Application(
        router: routes.router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        logger: logger
    )
}

/// The router with every route and middleware, and the table of routes with their policies (for tests).
public func buildRoutes(storage: StorageService, logger: Logger) -> RouteTable {
    let router = Router(context: StatlasRequestContext.self)
    router.add(middleware: ProblemMiddleware(logger: logger))
    router.add(middleware: Authenticator(accounts: storage.accounts))
    let routes = RouteTable(router: router)
    HealthController(database: storage.database).register(on: routes)
    APIRegistry.register(on: routes, storage: storage)
    return routes
}
