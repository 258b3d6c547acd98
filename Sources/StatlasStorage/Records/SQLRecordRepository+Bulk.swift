import Foundation
import SQLKit
import StatlasCore

/// The rows of new records an import gathers, written with one multi-row statement per table and batch instead
/// of one statement per row and table: the record rows first (the link and facet rows refer to them), then the
/// links, facets and search entries.
struct BulkInsert {
    /// At most this many bound values go in one statement (SQLite allows 32,766; PostgreSQL 65,535).
    static let maxBinds = 30_000
    static let recordColumns = [
        "id", "version", "created_at", "updated_at", "demo", "title", "sort_title", "start_date", "end_date", "body",
    ]

    private var records: [String: [[any Encodable & Sendable]]] = [:]
    private var links: [String: [[any Encodable & Sendable]]] = [:]
    private var facets: [String: [[any Encodable & Sendable]]] = [:]
    private var search: [(entity: String, id: String, title: String, content: String)] = []
    private(set) var count = 0

    /// Gathers a new record (stamped and versioned already), its body encoded as `body`.
    mutating func add<R: Record>(_ record: R, body: String) throws {
        let created = Timestamp.string(record.createdAt ?? Date())
        let updated = record.updatedAt.map(Timestamp.string) ?? created
        records[R.kind.table, default: []].append([
            record.id, record.version, created, updated, record.demo ? 1 : 0, record.title,
            SQLRecordRepository.sortKey(record.title),
            record.startDate?.description, record.endDate?.description, body,
        ])
        let targets = R.referenceTargets
        var seen = Set<LinkRow>()
        for link in record.allLinks {
            let row = LinkRow(relation: link.relation, target: link.target, id: link.id)
            guard seen.insert(row).inserted else { continue }
            guard targets.contains(link.target) else {
                throw StatlasStorageError.undeclaredReference(source: R.kind, target: link.target)
            }
            links[LinkTables.name(R.kind, link.target), default: []].append([record.id, link.relation, link.id])
        }
        for facet in Set(record.facets) {
            facets["\(R.kind.table)_facets", default: []].append([record.id, facet.name, facet.value])
        }
        search.append((R.kind.rawValue, record.id, record.title, record.searchText))
        count += 1
    }

    /// Writes everything gathered, in the caller's transaction, and empties the batch.
    mutating func flush(_ db: any SQLDatabase, engine: Engine) async throws {
        guard count > 0 else { return }
        for (table, rows) in records.sorted(by: { $0.key < $1.key }) {
            try await Self.insert(db, table, Self.recordColumns, rows)
        }
        for (table, rows) in links.sorted(by: { $0.key < $1.key }) {
            try await Self.insert(db, table, ["source_id", "relation", "target_id"], rows)
        }
        for (table, rows) in facets.sorted(by: { $0.key < $1.key }) {
            try await Self.insert(db, table, ["record_id", "name", "value"], rows)
        }
        try await writeSearch(db, engine: engine)
        self = BulkInsert()
    }

    private func writeSearch(_ db: any SQLDatabase, engine: Engine) async throws {
        switch engine {
        case .postgres:
            try await Self.insert(
                db, "search_documents", ["entity", "record_id", "title", "content"],
                search.map { [$0.entity, $0.id, $0.title, $0.content] },
                suffix:
                    "ON CONFLICT (entity, record_id) DO UPDATE SET title = excluded.title, content = excluded.content")
        case .sqlite:
            // The full-text rows share the document's rowid, which SQLite assigns: read them back by record.
            for chunk in Self.chunks(search, width: 3) {
                let rows = try await db.raw(
                    "INSERT INTO search_documents (entity, record_id, title) VALUES \(Self.tuples(chunk.map { [$0.entity, $0.id, $0.title] })) RETURNING rowid, entity, record_id"
                ).all()
                var rowids: [String: Int] = [:]
                for row in rows {
                    let key =
                        try row.decode(column: "entity", as: String.self) + "\u{1F}"
                        + row.decode(column: "record_id", as: String.self)
                    rowids[key] = try row.decode(column: "rowid", as: Int.self)
                }
                try await Self.insert(
                    db, "search_fts", ["rowid", "title", "content"],
                    chunk.map { [rowids[$0.entity + "\u{1F}" + $0.id] ?? 0, $0.title, $0.content] })
            }
        }
    }

    /// `INSERT INTO table (columns) VALUES (…), (…)…`, as few statements as the bind limit allows.
    static func insert(
        _ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any Encodable & Sendable]],
        suffix: SQLQueryString = ""
    ) async throws {
        let names = columns.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
        for chunk in chunks(rows, width: columns.count) {
            try await db.raw("INSERT INTO \(ident: table) (\(names)) VALUES \(tuples(chunk)) \(suffix)").run()
        }
    }

    static func tuples(_ rows: some Collection<[any Encodable & Sendable]>) -> SQLQueryString {
        rows.map { "(\(binds: $0))" as SQLQueryString }.joined(separator: ", ")
    }

    static func chunks<T>(_ rows: [T], width: Int) -> [ArraySlice<T>] {
        let size = max(1, maxBinds / max(1, width))
        return stride(from: 0, to: rows.count, by: size).map { rows[$0..<min($0 + size, rows.count)] }
    }
}
