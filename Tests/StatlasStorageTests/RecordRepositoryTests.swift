import Foundation
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Record repository contract (SQLite and PostgreSQL)")
struct RecordRepositoryTests {
    @Test("Create, read, update with versions, delete", arguments: TestDatabase.engines)
    func lifecycle(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            let created = try await repo.create(Build.organisation("ons", "Office for National Statistics"))
            #expect(created.version == 1 && created.createdAt != nil)
            var changed = try await repo.get(Organisation.self, id: "ons")
            #expect(changed == created)
            changed.shortName = "ONS"
            let updated = try await repo.update(changed, expectedVersion: 1)
            #expect(updated.version == 2)
            await #expect(throws: StatlasError.versionConflict(entity: .organisation, id: "ons", current: 2)) {
                _ = try await repo.update(changed, expectedVersion: 1)
            }
            await #expect(throws: StatlasError.duplicate(entity: .organisation, id: "ons")) {
                _ = try await repo.create(Build.organisation("ons"))
            }
            try await repo.delete(Organisation.self, id: "ons", expectedVersion: 2)
            await #expect(throws: StatlasError.notFound(entity: .organisation, id: "ons")) {
                _ = try await repo.get(Organisation.self, id: "ons")
            }
        }
    }

    @Test("References must exist, and referenced records cannot be deleted", arguments: TestDatabase.engines)
    func references(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            do {
                _ = try await repo.create(Build.dataset("d1", producers: ["nobody"], themes: ["nothing"]))
                Issue.record("expected invalid references")
            } catch StatlasError.invalid(let errors) {
                #expect(Set(errors.map(\.field)) == ["producerIds[0]", "themeIds[0]"])
            }
            _ = try await repo.create(Build.organisation("ons"))
            _ = try await repo.create(Build.dataset("d1", producers: ["ons"]))
            do {
                try await repo.delete(Organisation.self, id: "ons", expectedVersion: nil)
                Issue.record("expected referenced")
            } catch StatlasError.referenced(_, _, let detail) {
                #expect(detail.contains("d1"))
            }
            try await repo.delete(Dataset.self, id: "d1", expectedVersion: nil)
            try await repo.delete(Organisation.self, id: "ons", expectedVersion: nil)
        }
    }

    @Test("Filters, sorting, pagination and full-text search", arguments: TestDatabase.engines)
    func listing(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            _ = try await repo.create(Build.organisation("ons", nations: Nation.allCases))
            _ = try await repo.create(
                Build.organisation("wg", "Welsh Government", kind: .devolvedGovernment, nations: [.wales]))
            _ = try await repo.create(Build.theme("housing", "Housing"))
            _ = try await repo.create(
                Build.dataset(
                    "rents", producers: ["wg"], themes: ["housing"],
                    coverage: [
                        NationCoverage(nation: .wales, covered: true, finestLevel: .localAuthority, areaCount: 22)
                    ],
                    title: "Private rents in Wales"))
            _ = try await repo.create(
                Build.dataset(
                    "gdp", producers: ["ons"],
                    coverage: Nation.allCases.map {
                        NationCoverage(nation: $0, covered: true, finestLevel: .country, areaCount: 1)
                    },
                    title: "Gross domestic product"))
            func ids(_ parameters: [String: String]) async throws -> [String] {
                try await repo.list(Dataset.self, try ListQuery.parse(parameters, for: Dataset.self)).items.map(\.id)
            }
            #expect(try await ids(["theme": "housing"]) == ["rents"])
            #expect(try await ids(["producer": "ons"]) == ["gdp"])
            #expect(try await ids(["nation": "wales"]) == ["gdp", "rents"])
            #expect(try await ids(["nation": "wales", "level": "local-authority"]) == ["rents"])
            #expect(try await ids(["nation": "scotland", "level": "local-authority"]) == [])
            #expect(try await ids(["level": "country"]) == ["gdp"])
            #expect(try await ids(["sort": "-title"]) == ["rents", "gdp"])
            #expect(try await ids(["q": "rent"]) == ["rents"])
            #expect(try await ids(["q": "domestic product"]) == ["gdp"])
            let orgs = try await repo.list(
                Organisation.self, try ListQuery.parse(["kind": "devolved-government"], for: Organisation.self))
            #expect(orgs.items.map(\.id) == ["wg"] && orgs.total == 1)
            let page = try await repo.list(Organisation.self, ListQuery(limit: 1, offset: 1))
            #expect(page.total == 2 && page.items.map(\.id) == ["wg"])
            let hits = try await repo.search("welsh", kinds: nil, limit: 10)
            #expect(hits.first?.id == "wg" && hits.first?.type == .organisation)
            #expect(try await repo.search("%' OR 1=1 --", kinds: nil, limit: 10).isEmpty)
        }
    }

    @Test("Activity date filters and collaboration factor filters", arguments: TestDatabase.engines)
    func dateAndFactorFilters(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let repo = storage.records
            _ = try await repo.create(Build.organisation("ons"))
            _ = try await repo.create(
                Build.activity("jan", organisers: ["ons"], start: "2024-01-10", audiences: [.media]))
            _ = try await repo.create(
                Build.activity("jun", organisers: ["ons"], start: "2024-06-01", end: "2024-06-03", kind: .workshop))
            func ids(_ p: [String: String]) async throws -> [String] {
                try await repo.list(Activity.self, try ListQuery.parse(p, for: Activity.self)).items.map(\.id)
            }
            #expect(try await ids(["from": "2024-06-02"]) == ["jun"])
            #expect(try await ids(["to": "2024-05-31"]) == ["jan"])
            #expect(try await ids(["audience": "media"]) == ["jan"])
            #expect(try await ids(["kind": "workshop", "organisation": "ons"]) == ["jun"])
            var c = Collaboration()
            (c.id, c.title, c.kind) = ("c1", "Linkage", .dataLinkage)
            c.participants = [Participant(organisationId: "ons", role: .lead)]
            c.factors = [FactorAssignment(factorId: "legal-gateway", kind: .barrier)]
            _ = try await repo.create(c)
            let found = try await repo.list(
                Collaboration.self, try ListQuery.parse(["factor": "legal-gateway"], for: Collaboration.self))
            #expect(found.items.map(\.id) == ["c1"])
            let none = try await repo.list(
                Collaboration.self, try ListQuery.parse(["factor": "funding"], for: Collaboration.self))
            #expect(none.total == 0)
        }
    }

    @Test("Migrations run once, the codebook is seeded, durability settings hold", arguments: TestDatabase.engines)
    func migrations(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            #expect(try await Migrator.currentVersion(storage.database) == Migrator.latestVersion)
            #expect(try await storage.migrate().isEmpty)
            try await storage.database.assertDurability()
            let factors = try await storage.records.list(Factor.self, ListQuery(limit: 200))
            #expect(factors.total == Factor.codebook.count)
        }
    }

    @Test("Tokens are stored hashed, resolve to their user and can be revoked", arguments: TestDatabase.engines)
    func tokens(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let user = try await storage.accounts.createUser(email: "Admin@Example.org", name: "Admin", isAdmin: true)
            let (id, token) = try await storage.accounts.createToken(userId: user.id, label: nil)
            #expect(try await storage.accounts.user(forToken: token)?.email == "admin@example.org")
            #expect(try await storage.accounts.user(forToken: token + "x") == nil)
            #expect(try await storage.accounts.revokeToken(id: id))
            #expect(try await storage.accounts.user(forToken: token) == nil)
            await #expect(throws: StatlasError.self) {
                _ = try await storage.accounts.createUser(email: "admin@example.org", name: "Again", isAdmin: false)
            }
        }
    }
}
