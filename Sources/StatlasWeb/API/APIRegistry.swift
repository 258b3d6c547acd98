import Foundation
import StatlasCore

/// Registers the JSON API: one record controller per collection, search and the OpenAPI document.
enum APIRegistry {
    static func register(on routes: RouteTable, services: RegisterServices, now: @escaping @Sendable () -> Date) {
        for type in services.records.kinds.types { register(type, on: routes, repository: services.records) }
        SearchController(repository: services.records).register(on: routes)
        EquivalentsController(repository: services.records).register(on: routes)
        let analyses = Analyses(repository: services.records, cache: services.analytics)
        NetworkController(analyses: analyses).register(on: routes)
        CoverageController(repository: services.records, analyses: analyses).register(on: routes)
        EngagementController(repository: services.records, analyses: analyses, now: now).register(on: routes)
        TokenController(accounts: services.accounts, audit: services.audit).register(on: routes)
        let studies = StudiesController(
            studies: services.studies, accounts: services.accounts, audit: services.audit, records: services.records)
        studies.register(on: routes)
        StudyContentController(api: studies).register(on: routes)
        StudyCodingController(api: studies).register(on: routes)
        StudySurveyController(api: studies).register(on: routes)
        StudyFindingsController(api: studies).register(on: routes)
        StudyExchangeController(api: studies).register(on: routes)
        CKANController(records: services.records).register(on: routes)
        routes.add(.get, "/api/v1/openapi.json", .everyone) { _, _ in
            try JSONResponse.make(
                OpenAPIDocument(kinds: services.records.kinds).build(routes: routes.entries.filter(\.isAPI)))
        }
    }

    private static func register<R: Record>(_ type: R.Type, on routes: RouteTable, repository: any RecordRepository) {
        RecordController<R>(repository: repository).register(on: routes)
    }
}
