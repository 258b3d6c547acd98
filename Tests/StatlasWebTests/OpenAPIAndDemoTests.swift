import Foundation
import Logging
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Testing

@Suite("OpenAPI document and demo register")
struct OpenAPIAndDemoTests {
    /// The API as users and outside tools know it, written out by hand rather than derived from the route
    /// table or the entity list, so that a route added, lost or renamed in either is noticed.
    static let expectedOperations: Set<String> = {
        var operations: Set<String> = [
            "GET /healthz", "GET /api/v1/openapi.json", "GET /api/v1/search", "GET /api/v1/network",
            "GET /api/v1/coverage",
            "GET /api/v1/insight/engagement", "GET /api/v1/actions", "GET /api/v1/datasets/{id}/suggested-equivalents",
            "POST /api/v1/datasets/{id}/suggested-equivalents", "GET /api/v1/studies", "POST /api/v1/studies",
            "GET /api/v1/studies/{id}", "GET /api/v1/studies/{id}/team", "POST /api/v1/studies/{id}/team",
            "GET /api/v1/studies/{id}/participants", "POST /api/v1/studies/{id}/participants",
            "GET /api/v1/studies/{id}/documents", "POST /api/v1/studies/{id}/documents",
            "GET /api/v1/studies/{id}/documents/{docId}", "GET /api/v1/studies/{id}/codes",
            "POST /api/v1/studies/{id}/codes", "GET /api/v1/studies/{id}/codings", "POST /api/v1/studies/{id}/codings",
            "GET /api/v1/studies/{id}/agreement", "DELETE /api/v1/studies/{id}/team/{userId}",
            "GET /api/v1/tokens", "POST /api/v1/tokens",
            "DELETE /api/v1/tokens/{id}",
            // Study results: surveys and tables, analysis, memos, participants' changes, findings.
            "GET /api/v1/studies/{id}/surveys", "POST /api/v1/studies/{id}/surveys",
            "POST /api/v1/studies/{id}/surveys/{surveyId}/responses", "GET /api/v1/studies/{id}/tables",
            "GET /api/v1/studies/{id}/frequencies", "GET /api/v1/studies/{id}/cooccurrence",
            "GET /api/v1/studies/{id}/memos", "POST /api/v1/studies/{id}/memos",
            "PUT /api/v1/studies/{id}/participants/{participantId}",
            "DELETE /api/v1/studies/{id}/participants/{participantId}", "POST /api/v1/studies/{id}/codes/seed",
            "GET /api/v1/studies/{id}/findings", "POST /api/v1/studies/{id}/findings",
            "POST /api/v1/studies/{id}/findings/{findingId}/approve",
            "POST /api/v1/studies/{id}/findings/{findingId}/withdraw", "GET /api/v1/findings",
            "GET /api/v1/findings/{findingId}", "GET /api/v1/studies/{id}/export", "POST /api/v1/studies/{id}/import",
        ]
        for collection in [
            "organisations", "people", "themes", "areas", "datasets", "collaborations", "activities", "relationships",
            "factors", "resources", "research-questions",
        ] {
            operations.formUnion([
                "GET /api/v1/\(collection)", "POST /api/v1/\(collection)", "GET /api/v1/\(collection)/{id}",
                "PUT /api/v1/\(collection)/{id}",
                "PATCH /api/v1/\(collection)/{id}", "DELETE /api/v1/\(collection)/{id}",
            ])
        }
        return operations
    }()

    @Test("The served OpenAPI document describes exactly the registered routes, and every route has a policy")
    func openAPIMatchesRoutes() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            let all = try buildRoutes(services: storage.services, logger: Logger(label: "t")).entries
            let routes = all.filter(\.isAPI)
            let response = try await client.send(.get, "/api/v1/openapi.json")
            #expect(response.object["openapi"] == "3.1.0")
            guard case .object(let paths)? = response.object["paths"] else {
                Issue.record("no paths")
                return
            }
            var documented = Set<String>()
            for (path, operations) in paths {
                guard case .object(let ops) = operations else { continue }
                for (method, op) in ops {
                    documented.insert("\(method.uppercased()) \(path)")
                    guard case .object(let o) = op, case .object(let responses)? = o["responses"] else {
                        Issue.record("\(path) has no responses")
                        continue
                    }
                    #expect(responses["500"] != nil)
                }
            }
            let served = Set(routes.map { "\($0.method.rawValue) \($0.path)" })
            #expect(
                documented == Self.expectedOperations,
                "documented but not expected: \(documented.subtracting(Self.expectedOperations)); missing: \(Self.expectedOperations.subtracting(documented))"
            )
            #expect(
                served == Self.expectedOperations,
                "served but not expected: \(served.subtracting(Self.expectedOperations)); missing: \(Self.expectedOperations.subtracting(served))"
            )
            #expect(served.contains("GET /api/v1/areas/{id}") && served.contains("DELETE /api/v1/relationships/{id}"))
            #expect(
                all.filter {
                    $0.method != .get && !$0.foreign  // CKAN's POSTs are reads
                        && !["/sign-in", "/sign-in/code", "/invitations/{token}"].contains($0.path)
                }.allSatisfy { $0.policy != .everyone })
            for collection in [
                "organisations", "people", "themes", "areas", "datasets", "collaborations", "activities",
                "relationships",
            ] {
                #expect(
                    served.isSuperset(of: [
                        "GET /api/v1/\(collection)", "POST /api/v1/\(collection)", "GET /api/v1/\(collection)/{id}",
                        "PUT /api/v1/\(collection)/{id}", "PATCH /api/v1/\(collection)/{id}",
                        "DELETE /api/v1/\(collection)/{id}",
                    ]))
            }
        }
    }

    @Test("The demo register loads, and loading it twice adds nothing", arguments: TestDatabase.engines)
    func demoTwice(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let first = try await DemoLoader.load(into: storage.records)
            let countsAfterFirst = try await storage.records.counts()
            let second = try await DemoLoader.load(into: storage.records)
            #expect(first.created > 80 && first.existing == 0)
            #expect(second.created == 0 && second.existing == first.created)
            #expect(try await storage.records.counts() == countsAfterFirst)
            // The bodies, areas and themes are real and not marked; the people and the work are invented, and are.
            let bodies = try await storage.records.list(Organisation.self, ListQuery(limit: 200))
            #expect(bodies.items.allSatisfy { !$0.demo })
            #expect(try await storage.records.list(Person.self, ListQuery(limit: 200)).items.allSatisfy(\.demo))
            #expect(try await storage.records.list(Dataset.self, ListQuery(limit: 200)).items.allSatisfy(\.demo))
            for named in [
                "royal-statistical-society", "office-for-statistics-regulation", "uk-statistics-authority",
                "national-statisticians-expert-user-advisory-committee", "forum-of-statistics-user-groups",
            ] {
                #expect(bodies.items.contains { $0.id == named }, "the demo lacks \(named)")
            }
            let hci = try await storage.records.list(
                Activity.self, try ListQuery.parse(["q": "Household Cost Indices"], for: Activity.self))
            #expect(hci.total == 3)
            #expect(hci.items.compactMap(\.signedUp).reduce(0, +) > 1000)
            let wales = try await storage.records.list(
                Dataset.self, try ListQuery.parse(["nation": "wales", "level": "local-authority"], for: Dataset.self))
            #expect(wales.total >= 2)
        }
    }
}
