import Foundation
import SQLKit
import StatlasCore
import StatlasExchange
import StatlasTestSupport
import Testing

@testable import StatlasStorage

/// Each kind's entries in SQLite's search index lie in the kind's own rowid range (`SearchRanges`), so that a
/// search within one kind ranks only that kind's matches; an index written before ranges is rebuilt at start-up.
@Suite("Search index ranges per kind")
struct SearchRangesTests {
    @Test("Every kind has its own range, below 2^60")
    func rangesApart() {
        let kinds = RecordKinds.standard.all
        #expect(Set(kinds.map(SearchRanges.code)).count == kinds.count)
        for kind in kinds {
            #expect(SearchRanges.first(kind) >= SearchRanges.width)
            #expect(SearchRanges.end(kind) <= 1 << 60)
        }
        #expect(throws: Never.self) { try SearchRanges.check(kinds) }
        // Two kinds of one range are refused (found by trying names until one shares a standard kind's range).
        let taken = Set(kinds.map(SearchRanges.code))
        let clash = (0..<5_000_000).lazy.map { EntityKind("kind-\($0)", noun: "kind") }.first {
            taken.contains(SearchRanges.code($0))
        }
        #expect(clash != nil)
        if let clash { #expect(throws: StatlasStorageError.self) { try SearchRanges.check(kinds + [clash]) } }
    }

    /// Searches of each kind and across kinds, as ids in rank order.
    static func answers(_ repo: SQLRecordRepository) async throws -> [String] {
        var answers: [String] = []
        for word in ["population", "housing", "ons", "data", "wales", "survey", "council", "health statistics"] {
            answers += try await repo.search(word, kinds: nil, limit: 50).map { "\($0.type.rawValue)/\($0.id)" }
            answers += try await repo.search(word, kinds: [.dataset, .organisation], limit: 50).map(\.id)
            let datasets = try await repo.list(Dataset.self, ListQuery(q: word, sort: .relevance, limit: 50))
            answers += datasets.items.map(\.id) + ["total \(datasets.total)"]
            let organisations = try await repo.list(Organisation.self, ListQuery(q: word, sort: .relevance))
            answers += organisations.items.map(\.id) + ["total \(organisations.total)"]
            let activities = try await repo.list(Activity.self, ListQuery(q: word, filters: ["action": "any"]))
            answers += activities.items.map(\.id) + ["total \(activities.total)"]
        }
        return answers
    }

    /// Writes one kind's entries as builds before ranges did: rowids from 1, in the order given.
    static func writeUnrangedKind<R: Record>(_ type: R.Type, _ storage: StorageService) async throws {
        let records = try await storage.records.list(R.self, ListQuery(limit: ListQuery.maxLimit)).items
        try await storage.database.transaction { db in
            for record in records {
                let title =
                    try await db.raw("SELECT title FROM \(ident: R.kind.table) WHERE id = \(bind: record.id)").first()?
                    .decode(column: "title", as: String.self) ?? record.title
                let rowid = try await db.raw(
                    "INSERT INTO search_documents (entity, record_id, title) VALUES (\(bind: R.kind.rawValue), \(bind: record.id), \(bind: title)) RETURNING rowid"
                ).first()?.decode(column: "rowid", as: Int.self)
                try await db.raw(
                    "INSERT INTO search_fts (rowid, title, content) VALUES (\(bind: rowid), \(bind: title), \(bind: record.searchText))"
                ).run()
            }
        }
    }

    static func writeUnranged(_ type: any Record.Type, _ storage: StorageService) async throws {
        try await writeUnrangedKind(type, storage)
    }

    @Test("Entries lie in their kind's range, and an index from before ranges is rebuilt to the same answers")
    func rebuilt() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let entries = try await storage.database.withConnection { db in
                try await db.raw("SELECT rowid, entity FROM search_documents").all().map {
                    (try $0.decode(column: "rowid", as: Int.self), try $0.decode(column: "entity", as: String.self))
                }
            }
            #expect(entries.count > 100)
            for (rowid, entity) in entries {
                let kind = try #require(storage.records.kinds.kind(named: entity))
                #expect(rowid > SearchRanges.first(kind) && rowid < SearchRanges.end(kind), "\(entity) \(rowid)")
            }
            let before = try await Self.answers(storage.records)
            #expect(try await storage.records.ensureSearchRanges() == 0)

            // The index as an older build left it: every entry numbered from 1, kinds interleaved.
            try await storage.database.transaction { db in
                try await db.raw("DELETE FROM search_documents").run()
                try await db.raw("DROP TABLE search_fts").run()
                try await db.raw("CREATE VIRTUAL TABLE search_fts \(unsafeRaw: CompactSchema.contentlessFTS)").run()
            }
            for kind in storage.records.kinds.all.reversed() {
                try await Self.writeUnranged(try #require(storage.records.kinds.type(for: kind)), storage)
            }
            #expect(try await storage.database.withConnection { try await SearchRanges.outdated($0) })
            // A repository of its own for each reading, since answers are kept per version of the register.
            func fresh() -> SQLRecordRepository {
                SQLRecordRepository(database: storage.database, seal: storage.audit.seal, kinds: storage.records.kinds)
            }
            // Read within ranges, the old index finds nothing of any one kind.
            #expect(try await Self.answers(fresh()) != before)
            let rebuilt = try await storage.records.ensureSearchRanges()
            #expect(rebuilt == entries.count)
            #expect(try await storage.database.withConnection { try await SearchRanges.outdated($0) } == false)
            #expect(try await Self.answers(fresh()) == before)
        }
    }

    @Test("PostgreSQL reads one kind's own full-text index for a search within the kind")
    func postgresIndexPerKind() async throws {
        guard TestDatabase.engines.contains(.postgres) else { return }
        try await TestDatabase.withStorage(.postgres) { storage in
            _ = try await DemoLoader.load(into: storage.records)
            let dialect = SearchDialect(engine: .postgres)
            for kind in storage.records.kinds.all {
                let plan = try await storage.database.withConnection { db in
                    // The demo register is small enough for a table scan or the (entity, record_id) key, so both
                    // are put out of reach (and back, by the rollback): the question is whether the index fits.
                    try await db.raw("BEGIN").run()
                    try await db.raw("SET LOCAL enable_seqscan = off").run()
                    try await db.raw(
                        "ALTER TABLE search_documents DROP CONSTRAINT search_documents_entity_record_id_key"
                    ).run()
                    let plan = try await db.raw("EXPLAIN \(dialect.matches(["data"], entity: kind))").all().map {
                        try $0.decode(column: "QUERY PLAN", as: String.self)
                    }.joined(separator: "\n")
                    try await db.raw("ROLLBACK").run()
                    return plan
                }
                #expect(plan.contains("search_documents_\(kind.table)"), "\(kind): \(plan)")
                #expect(!plan.contains("BitmapAnd"), "\(kind): \(plan)")
            }
        }
    }
}
