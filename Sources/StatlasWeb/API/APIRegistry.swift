import Foundation
import StatlasCore
import StatlasStorage

/// Registers the JSON API: one record controller per collection, search and the OpenAPI document.
enum APIRegistry {
    static func register(on routes: RouteTable, storage: StorageService, now: @escaping @Sendable () -> Date) {
        for type in storage.records.kinds.types { register(type, on: routes, repository: storage.records) }
        SearchController(repository: storage.records).register(on: routes)
        NetworkController(repository: storage.records).register(on: routes)
        CoverageController(repository: storage.records).register(on: routes)
        EngagementController(repository: storage.records, now: now).register(on: routes)
        TokenController(accounts: storage.accounts, audit: storage.audit).register(on: routes)
        routes.add(.get, "/api/v1/openapi.json", .everyone) { _, _ in
            try JSONResponse.make(OpenAPIDocument(kinds: storage.records.kinds).build(routes: routes.entries.filter(\.isAPI)))
        }
    }

    private static func register<R: Record>(_ type: R.Type, on routes: RouteTable, repository: any RecordRepository) {
        RecordController<R>(repository: repository).register(on: routes)
    }
}
