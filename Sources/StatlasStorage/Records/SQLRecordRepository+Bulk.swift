import Foundation
import SQLKit
import StatlasCore

/// A record's entry in the search index, as written in bulk: its kind and id, title and text.
typealias SearchEntry = (entity: EntityKind, id: String, title: String, content: String)

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
    private var search: [SearchEntry] = []
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
        try await Self.writeSearch(search, db, engine: engine)
        self = BulkInsert()
    }

    /// Writes new records' search entries (none of them indexed yet).
    static func writeSearch(
        _ search: [SearchEntry], _ db: any SQLDatabase,
        engine: Engine
    ) async throws {
        switch engine {
        case .postgres:
            try await BulkRows.insert(
                db, "search_documents", ["entity", "record_id", "title", "content"],
                search.map { [.text($0.entity.rawValue), .text($0.id), .text($0.title), .text($0.content)] },
                suffix:
                    "ON CONFLICT (entity, record_id) DO UPDATE SET title = excluded.title, content = excluded.content")
        case .sqlite:
            // Each kind's entries take the next rowids of its range (`SearchRanges`); the full-text rows share them.
            var last: [EntityKind: Int] = [:]  // each kind's last rowid, read from the index once
            var rowids: [Int] = []
            rowids.reserveCapacity(search.count)
            for entry in search {
                let previous: Int
                if let known = last[entry.entity] {
                    previous = known
                } else {
                    previous = try await SearchRanges.last(entry.entity, db)
                }
                let rowid = try SearchRanges.after(previous, of: entry.entity)
                last[entry.entity] = rowid
                rowids.append(rowid)
            }
            try await BulkRows.insert(
                db, "search_documents", ["rowid", "entity", "record_id", "title"],
                zip(rowids, search).map { [.integer($0), .text($1.entity.rawValue), .text($1.id), .text($1.title)] })
            try await BulkRows.insert(
                db, "search_fts", ["rowid", "title", "content"],
                zip(rowids, search).map { [.integer($0), .text($1.title), .text($1.content)] })
        }
    }
}

/// The rows of one new record's tables: its own row, its links, facets and search entry.
struct BulkRecord: Sendable {
    let table: String
    let record: [SQLValue]
    var links: [(table: String, row: [SQLValue])] = []
    var facets: [[SQLValue]] = []
    let search: SearchEntry

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
        search = (R.kind, record.id, record.title, record.searchText)
    }
}
