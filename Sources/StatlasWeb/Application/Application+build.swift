import Hummingbird
import Logging
import StatlasCore

/// Builds the whole application: the one composition root used by `statlas serve` and by the tests.
public func buildApplication(
    _ configuration: WebConfiguration, services: RegisterServices, logger: Logger = Logger(label: "statlas")
) throws -> some ApplicationProtocol {
    let uses = TokenUseRecorder(accounts: services.accounts, logger: logger)
    let routes = try buildRoutes(services: services, configuration: configuration, logger: logger, tokenUses: uses)
    return Application(
        router: routes.router,
        configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: nil),
        services: [uses, AnalyticsRefresher(analytics: services.analytics, logger: logger)],
        logger: logger
    )
}

/// The router with every route and middleware, and the table of routes with their policies (for tests).
public func buildRoutes(
    services: RegisterServices, configuration: WebConfiguration = WebConfiguration(), logger: Logger
) throws -> RouteTable {
    try buildRoutes(
        services: services, configuration: configuration, logger: logger,
        tokenUses: TokenUseRecorder(accounts: services.accounts, logger: logger))
}

/// The routes, with token uses recorded by `tokenUses` (a service of the application).
func buildRoutes(
    services: RegisterServices, configuration: WebConfiguration, logger: Logger, tokenUses: TokenUseRecorder
) throws -> RouteTable {
    let pages = try PageRenderer.load(demo: configuration.demo)
    // HEAD is answered by every GET route, with its status and headers and no body (RFC 9110 §9.3.2).
    let router = Router(context: StatlasRequestContext.self, options: .autoGenerateHeadEndpoints)
    let problems = ProblemMiddleware(logger: logger, audit: services.audit)
    let errorPages = ErrorPageMiddleware(logger: logger, pages: pages, audit: services.audit)
    router.add(middleware: SecurityHeadersMiddleware(tls: configuration.secureCookies))
    router.add(middleware: ForwardedMiddleware(configuration: configuration))
    if configuration.accessLog { router.add(middleware: AccessLogMiddleware()) }
    if configuration.metrics != nil { router.add(middleware: MetricsMiddleware()) }
    // Failures while authenticating (such as a full disk) are answered too, then everything after.
    router.add(middleware: problems)
    router.add(middleware: errorPages)
    router.add(middleware: ControlCharacterMiddleware())
    router.add(middleware: Authenticator(accounts: services.accounts, uses: tokenUses))
    router.add(middleware: SessionMiddleware(accounts: services.accounts, configuration: configuration))
    router.add(middleware: HTTPCachingMiddleware())
    router.add(middleware: problems)
    router.add(middleware: errorPages)
    router.add(middleware: CSRFMiddleware(configuration: configuration))
    let records = services.records
    let routes = RouteTable(
        router: router, shared: SharedAnswers(now: configuration.now) { try await records.version() })
    HealthController(health: services.health).register(on: routes)
    APIRegistry.register(on: routes, services: services, now: configuration.now)
    PageRegistry.register(on: routes, services: services, pages: pages, configuration: configuration)
    return routes
}

/// Registers the browser pages: home, search, who to contact, sign-in, and list, detail and forms for
/// every collection.
enum PageRegistry {
    static func register(
        on routes: RouteTable, services: RegisterServices, pages: PageRenderer, configuration: WebConfiguration
    ) {
        let repository = services.records
        let analyses = Analyses(repository: repository, cache: services.analytics)
        AssetsController(assets: pages.assets).register(on: routes)
        HomeController(repository: repository, pages: pages, now: configuration.now).register(on: routes)
        ContactPage(repository: repository, pages: pages).register(on: routes)
        NetworkPage(repository: repository, analyses: analyses, pages: pages).register(on: routes)
        StakeholderPages(repository: repository, pages: pages).register(on: routes)
        CoveragePage(repository: repository, analyses: analyses, pages: pages).register(on: routes)
        EngagementPage(repository: repository, analyses: analyses, pages: pages, now: configuration.now).register(
            on: routes)
        ActionsPage(repository: repository, pages: pages).register(on: routes)
        SignInController(accounts: services.accounts, audit: services.audit, pages: pages, configuration: configuration)
            .register(on: routes)
        AdminUsers(
            accounts: services.accounts, records: repository, audit: services.audit, pages: pages,
            configuration: configuration
        )
        .register(on: routes)
        AccountPages(
            accounts: services.accounts, records: repository, audit: services.audit, pages: pages,
            configuration: configuration
        )
        .register(on: routes)
        InvitationPage(accounts: services.accounts, audit: services.audit, pages: pages, configuration: configuration)
            .register(on: routes)
        PersonalDataPages(records: repository, audit: services.audit, pages: pages, configuration: configuration)
            .register(on: routes)
        let studiesAPI = StudiesController(
            studies: services.studies, accounts: services.accounts, audit: services.audit, records: services.records)
        StudyPages(api: studiesAPI, pages: pages).register(on: routes)
        StudyWorkPages(api: studiesAPI, pages: pages).register(on: routes)
        StudyResultPages(api: studiesAPI, pages: pages).register(on: routes)
        StudyFormPages(api: studiesAPI, pages: pages).register(on: routes)
        FindingPages(studies: services.studies, records: repository, pages: pages).register(on: routes)
        FeedsController(records: repository, studies: services.studies).register(on: routes)
        SitemapController(records: repository).register(on: routes)
        CatalogController(records: repository).register(on: routes)
        MetricsController(registry: configuration.metrics).register(on: routes)
        for type in repository.kinds.types { register(type, on: routes, services: services, pages: pages) }
    }

    private static func register<R: Record>(
        _ type: R.Type, on routes: RouteTable, services: RegisterServices, pages: PageRenderer
    ) {
        let repository = services.records
        RecordForms<R>(repository: repository, pages: pages, audit: services.audit).register(on: routes)
        RecordPages<R>(
            repository: repository, pages: pages,
            extras: DetailExtras(
                repository: repository, analyses: Analyses(repository: repository, cache: services.analytics),
                studies: services.studies),
            audit: services.audit
        )
        .register(on: routes)
    }
}
