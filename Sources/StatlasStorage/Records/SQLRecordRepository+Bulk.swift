import Foundation
import SQLKit
import StatlasCore

/// The rows of new records an import gathers, written with one multi-row statement per table and batch instead
/// of one statement per row and table: the record rows first (the link and facet rows refer to them), then the
/// links, facets and search entries.
struct BulkInsert {
    static let recordColumns = [
        "id", "version", "created_at", "updated_at", "demo", "title", "sort_title", "start_date", "end_date", "body",
    ]

    private var records: [String: [[SQLValue]]] = [:]
    private var links: [String: [[SQLValue]]] = [:]
    private var facets: [String: [[SQLValue]]] = [:]
    private var search: [(entity: String, id: String, title: String, content: String)] = []
    private(set) var count = 0

    /// Gathers a new record's rows.
    mutating func add(_ record: BulkRecord) {
        records[record.table, default: []].append(record.record)
        for (table, row) in record.links { links[table, default: []].append(row) }
        if !record.facets.isEmpty { facets[record.table + "_facets", default: []] += record.facets }
        search.append(record.search)
        count += 1
    }

    /// Writes everything gathered, in the caller's transaction, and empties the batch.
    mutating func flush(_ db: any SQLDatabase, engine: Engine) async throws {
        guard count > 0 else { return }
        for (table, rows) in records.sorted(by: { $0.key < $1.key }) {
            try await BulkRows.insert(db, table, Self.recordColumns, rows)
        }
        for (table, rows) in links.sorted(by: { $0.key < $1.key }) {
            try await BulkRows.insert(db, table, ["source_id", "relation", "target_id"], rows)
        }
        for (table, rows) in facets.sorted(by: { $0.key < $1.key }) {
            try await BulkRows.insert(db, table, ["record_id", "name", "value"], rows)
        }
        try await writeSearch(db, engine: engine)
        self = BulkInsert()
    }

    private func writeSearch(_ db: any SQLDatabase, engine: Engine) async throws {
        switch engine {
        case .postgres:
            try await BulkRows.insert(
                db, "search_documents", ["entity", "record_id", "title", "content"],
                search.map { [.text($0.entity), .text($0.id), .text($0.title), .text($0.content)] },
                suffix:
                    "ON CONFLICT (entity, record_id) DO UPDATE SET title = excluded.title, content = excluded.content")
        case .sqlite:
            // The full-text rows share the document's rowid, which SQLite assigns: read them back by record.
            let returned = try await BulkRows.insert(
                db, "search_documents", ["entity", "record_id", "title"],
                search.map { [.text($0.entity), .text($0.id), .text($0.title)] }, returning: "rowid, entity, record_id")
            var rowids: [String: Int] = [:]
            for row in returned {
                guard let rowid = row.column("rowid")?.integer, let entity = row.column("entity")?.string,
                    let id = row.column("record_id")?.string
                else { continue }
                rowids[entity + "\u{1F}" + id] = rowid
            }
            try await BulkRows.insert(
                db, "search_fts", ["rowid", "title", "content"],
                search.map {
                    [.integer(rowids[$0.entity + "\u{1F}" + $0.id] ?? 0), .text($0.title), .text($0.content)]
                })
        }
    }
}

/// The rows of one new record's tables: its own row, its links, facets and search entry.
struct BulkRecord: Sendable {
    let table: String
    let record: [SQLValue]
    var links: [(table: String, row: [SQLValue])] = []
    var facets: [[SQLValue]] = []
    let search: (entity: String, id: String, title: String, content: String)

    /// The rows of a new record (stamped and versioned already), whose whole document is `object`; its body is
    /// stored as `bodies` keeps it.
    init<R: Record>(_ record: R, object: [String: JSONValue], bodies: StoredBodies) throws {
        let created = Timestamp.string(record.createdAt ?? Date())
        let updated = record.updatedAt.map(Timestamp.string) ?? created
        let body = try bodies.compact(record, object, created: created, updated: updated)
        table = R.kind.table
        self.record = [
            .text(record.id), .integer(record.version), .text(created), .text(updated),
            .integer(record.demo ? 1 : 0), .text(record.title), .text(SQLRecordRepository.sortKey(record.title)),
            SQLValue(record.startDate?.description), SQLValue(record.endDate?.description), .text(body),
        ]
        let targets = R.referenceTargets
        var seen = Set<LinkRow>()
        for link in record.allLinks {
            let row = LinkRow(relation: link.relation, target: link.target, id: link.id)
            guard seen.insert(row).inserted else { continue }
            guard targets.contains(link.target) else {
                throw StatlasStorageError.undeclaredReference(source: R.kind, target: link.target)
            }
            links.append(
                (LinkTables.name(R.kind, link.target), [.text(record.id), .text(link.relation), .text(link.id)]))
        }
        facets = record.storedFacets.map { [.text(record.id), .text($0.name), .text($0.value)] }
        search = (R.kind.rawValue, record.id, record.title, record.searchText)
    }
}
