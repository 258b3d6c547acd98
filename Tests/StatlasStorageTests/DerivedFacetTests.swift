import Foundation
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

/// A dataset's nations and finest levels are filtered through its coverage facets (migration 10 stopped storing
/// them as facets of their own): the filters must still give exactly the datasets whose coverage says so.
@Suite("Dataset nation and level filters read the coverage facets")
struct DerivedFacetTests {
    /// Datasets covering every mix of nations and levels a small register needs.
    static func datasets() -> [Dataset] {
        let levels: [GeographicLevel] = [.country, .localAuthority, .lsoa, .itl1]
        return (0..<24).map { i in
            var dataset = Dataset()
            (dataset.id, dataset.title) = ("derived-\(i)", "Derived \(i)")
            dataset.coverage = Nation.allCases.enumerated().compactMap { n, nation in
                // Each dataset covers the nations of the bits of i, each at a level that varies with i and n.
                guard i & (1 << n) != 0 else { return nil }
                return NationCoverage(nation: nation, covered: true, finestLevel: levels[(i + n) % levels.count])
            }
            return dataset
        }
    }

    /// The ids the filters give, against the ids the datasets' own coverage gives, for every nation, level and
    /// nation with level.
    static func check(_ storage: StorageService, _ datasets: [Dataset]) async throws {
        func listed(_ filters: [String: String]) async throws -> Set<String> {
            // As a request's parameters are read: a nation with a level means the finest level in that nation.
            var query = try ListQuery.parse(filters, for: Dataset.self)
            query.limit = 100
            let page = try await storage.records.list(Dataset.self, query)
            return Set(page.items.map(\.id).filter { $0.hasPrefix("derived-") })
        }
        func expected(_ test: (NationCoverage) -> Bool) -> Set<String> {
            Set(datasets.filter { $0.coverage.contains { $0.covered && test($0) } }.map(\.id))
        }
        for nation in Nation.allCases {
            #expect(try await listed(["nation": nation.rawValue]) == expected { $0.nation == nation }, "\(nation)")
            for level in GeographicLevel.allCases {
                #expect(
                    try await listed(["nation": nation.rawValue, "level": level.rawValue])
                        == expected { $0.nation == nation && $0.finestLevel == level }, "\(nation) \(level)")
            }
        }
        for level in GeographicLevel.allCases {
            #expect(try await listed(["level": level.rawValue]) == expected { $0.finestLevel == level }, "\(level)")
        }
        // Not stored: only the coverage facets.
        let stored = try await storage.database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM datasets_facets WHERE name IN ('nation', 'level')").first()?
                .decode(column: "n", as: Int.self)
        }
        #expect(stored == 0)
    }

    @Test(
        "Nation, level and both give the datasets whose coverage says so, on a new database and after migration 10 removed the stored rows",
        arguments: TestDatabase.engines)
    func filters(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let datasets = Self.datasets()
        let storage = try await TestDatabase.open(configuration)
        for dataset in datasets { _ = try await storage.records.create(dataset) }
        try await Self.check(storage, datasets)
        // As a database from before migration 10 held them: a nation and a level facet per nation covered.
        try await storage.database.withConnection { db in
            for dataset in datasets {
                for entry in dataset.coverage where entry.covered {
                    for (name, value) in [("nation", entry.nation.rawValue), ("level", entry.finestLevel!.rawValue)] {
                        try await db.raw(
                            """
                            INSERT INTO datasets_facets (record_id, name, value) VALUES (\(bind: dataset.id), \(bind: name), \(bind: value))
                            ON CONFLICT DO NOTHING
                            """
                        ).run()
                    }
                }
            }
            try await db.raw("DELETE FROM schema_migrations WHERE version = 10").run()
        }
        await storage.shutdown()
        let migrated = try await TestDatabase.open(configuration)
        #expect(try await Migrator.currentVersion(migrated.database) == Migrator.latestVersion)
        try await Self.check(migrated, datasets)
        await migrated.shutdown()
        await cleanup()
    }
}

/// A build refuses a database that a newer build has migrated (whose bodies, say, it could not read), rather
/// than serving errors from it.
@Suite("A database upgraded by a newer build is refused")
struct NewerSchemaTests {
    @Test(
        "Opening a database whose schema is newer than this build fails with the reason",
        arguments: TestDatabase.engines)
    func newerSchema(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let storage = try await TestDatabase.open(configuration)
        let newer = Migrator.latestVersion + 1
        try await storage.database.withConnection { db in
            try await db.raw(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: newer), 'from-the-future', '2099-01-01T00:00:00Z')"
            ).run()
        }
        await storage.shutdown()
        do {
            let reopened = try await TestDatabase.open(configuration)
            await reopened.shutdown()
            Issue.record(
                "a database at schema \(newer) was opened by a build that knows up to \(Migrator.latestVersion)")
        } catch {
            #expect("\(error)".contains("upgraded by a newer Statlas (schema version \(newer)"))
        }
        await cleanup()
    }
}

@Suite("Migration 13: organisations' short names become alias facets")
struct AliasMigrationTests {
    @Test(
        "Organisations stored before schema 13 are found by their short names once it is applied",
        arguments: TestDatabase.engines)
    func aliasesForStoredOrganisations(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let storage = try await TestDatabase.open(configuration)
        var ons = Build.organisation("ons", "Office for National Statistics")
        ons.shortName = " ONS "
        _ = try await storage.records.create(ons)
        _ = try await storage.records.create(Build.organisation("plain", "No Short Name"))
        // As a build before schema 13 left it: no alias facets, schema 12.
        try await storage.database.withConnection { db in
            try await db.raw("DELETE FROM organisations_facets WHERE name = 'alias'").run()
            try await db.raw("DELETE FROM schema_migrations WHERE version = 13").run()
        }
        #expect(try await storage.records.named(.organisation, "ons", limit: 5).map(\.id) == ["ons"])  // the id
        #expect(try await storage.records.named(.organisation, "Ons", limit: 5).isEmpty)
        await storage.shutdown()
        let reopened = try await TestDatabase.open(configuration)
        #expect(try await reopened.records.named(.organisation, "Ons", limit: 5).map(\.id) == ["ons"])
        #expect(try await reopened.records.named(.organisation, "no short name", limit: 5).map(\.id) == ["plain"])
        await reopened.shutdown()
        await cleanup()
    }

    @Test(
        "Activities stored before schema 14 are found by their actions' statuses once it is applied",
        arguments: TestDatabase.engines)
    func actionFacetsForStoredActivities(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let storage = try await TestDatabase.open(configuration)
        _ = try await storage.records.create(Build.organisation("ons"))
        var asked = Build.activity("asked", organisers: ["ons"], start: "2024-01-01")
        asked.actions = [
            FeedbackAction(youSaid: "A", weDid: "a", status: .done),
            FeedbackAction(youSaid: "B", weDid: "b", status: .done),
        ]
        _ = try await storage.records.create(asked)
        _ = try await storage.records.create(Build.activity("silent", organisers: ["ons"], start: "2024-02-01"))
        try await storage.database.withConnection { db in
            try await db.raw("DELETE FROM activities_facets WHERE name = 'action'").run()
            try await db.raw("DELETE FROM schema_migrations WHERE version = 14").run()
        }
        func found(_ records: any RecordRepository, _ status: String) async throws -> [String] {
            try await records.list(Activity.self, ListQuery(filters: ["action": status])).items.map(\.id)
        }
        #expect(try await found(storage.records, "any").isEmpty)
        await storage.shutdown()
        let reopened = try await TestDatabase.open(configuration)
        #expect(try await found(reopened.records, "any") == ["asked"])
        #expect(try await found(reopened.records, "done") == ["asked"])
        #expect(try await found(reopened.records, "planned").isEmpty)
        await reopened.shutdown()
        await cleanup()
    }

    @Test(
        "Datasets stored before schema 15 are found by their title stems once it is applied, past a batch",
        arguments: TestDatabase.engines)
    func stemFacetsForStoredDatasets(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let storage = try await TestDatabase.open(configuration)
        _ = try await storage.records.create(Build.organisation("ons"))
        let rows = (0..<503).map { i in  // past the migration's batch of 500
            ImportRow(
                .dataset, id: String(format: "d-%04d", i),
                fields: ["title": .string(i == 7 ? "Net additions to the housing stock (Wales)" : "Statistic \(i)")],
                location: "row \(i)")
        }
        _ = try await storage.records.importRows(rows, kind: .dataset, progress: nil)
        try await storage.database.withConnection { db in
            try await db.raw("DELETE FROM datasets_facets WHERE name = 'stem'").run()
            try await db.raw("DELETE FROM schema_migrations WHERE version = 15").run()
        }
        func stems(_ records: any RecordRepository, _ values: [String]) async throws -> [String] {
            try await records.withFacet(.dataset, "stem", values: values, excluding: nil, limit: 10)
        }
        #expect(try await stems(storage.records, ["net addition housing stock"]).isEmpty)
        await storage.shutdown()
        let reopened = try await TestDatabase.open(configuration)
        #expect(try await stems(reopened.records, ["net addition housing stock"]) == ["d-0007"])
        #expect(try await stems(reopened.records, ["statistic 502", "statistic 0"]) == ["d-0000", "d-0502"])
        await reopened.shutdown()
        await cleanup()
    }
}
