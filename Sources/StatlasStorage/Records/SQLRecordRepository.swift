import Foundation
import Logging
import SQLKit
import StatlasCore

/// The one repository for every kind of record, over SQLite or PostgreSQL.
///
/// A record is stored as its JSON document plus the columns lists sort on; its references go to link
/// tables (real foreign keys), its filterable values to a facet table, and its text to the search index.
public struct SQLRecordRepository: RecordRepository {
    let database: Database
    let search: SearchDialect
    /// The clock, injectable for tests.
    let now: @Sendable () -> Date
    /// Seals the audit events appended with each change.
    let seal: AuditSeal
    /// The kinds of record this register holds (each has its tables; see `RecordTables`).
    public let kinds: RecordKinds

    public init(
        database: Database, seal: AuditSeal, kinds: RecordKinds = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.kinds = kinds
        self.seal = seal
        self.search = SearchDialect(engine: database.engine)
        self.now = now
    }

    // MARK: Reading

    public func list<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<R> {
        let terms = query.q.map(SearchDialect.terms) ?? []
        if query.q != nil && terms.isEmpty { return Page(items: [], total: 0) }
        let from = fromClause(R.kind, terms: terms)
        let conditions = RecordFilters.conditions(for: R.self, query.filters)
        let whereClause: SQLQueryString = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let order = orderClause(query, searching: !terms.isEmpty)
        return try await database.withConnection { db in
            let total =
                try await db.raw("SELECT COUNT(*) AS n FROM \(from) \(whereClause)").first()?
                .decode(column: "n", as: Int.self) ?? 0
            let rows = try await db.raw(
                "SELECT t.body AS body FROM \(from) \(whereClause) ORDER BY \(order) LIMIT \(literal: query.limit) OFFSET \(literal: query.offset)"
            ).all()
            return Page(items: try rows.map(Self.decodeBody), total: total)
        }
    }

    public func get<R: Record>(_ type: R.Type, id: String) async throws -> R {
        let candidates = R.kind == .area && id != id.uppercased() ? [id, id.uppercased()] : [id]
        let found = try await get(type, ids: candidates)
        guard let record = found.first else { throw StatlasError.notFound(entity: R.kind, id: id) }
        return record
    }

    public func get<R: Record>(_ type: R.Type, ids: [String]) async throws -> [R] {
        guard !ids.isEmpty else { return [] }
        return try await database.withConnection { db in
            try await fetch(type, ids: ids, db)
        }
    }

    func fetch<R: Record>(_ type: R.Type, ids: [String], _ db: any SQLDatabase) async throws -> [R] {
        let rows = try await db.raw(
            "SELECT body FROM \(ident: R.kind.table) WHERE id IN (\(binds: ids)) ORDER BY sort_title, id"
        ).all()
        return try rows.map(Self.decodeBody)
    }

    public func search(_ text: String, kinds: [EntityKind]?, limit: Int) async throws -> [SearchHit] {
        let terms = SearchDialect.terms(text)
        guard !terms.isEmpty else { return [] }
        let kindFilter: SQLQueryString = kinds.map { "WHERE m.entity IN (\(binds: $0.map(\.rawValue)))" } ?? ""
        let sql: SQLQueryString =
            "SELECT m.entity, m.record_id, m.title, m.rank FROM (\(search.matches(terms, entity: nil))) m \(kindFilter) ORDER BY m.rank DESC, m.title LIMIT \(literal: min(max(limit, 1), ListQuery.maxLimit))"
        return try await database.withConnection { db in
            let rows = try await db.raw(sql).all()
            return try rows.compactMap { row -> SearchHit? in
                guard let kind = self.kinds.kind(named: try row.decode(column: "entity", as: String.self)) else {
                    return nil
                }
                return SearchHit(
                    type: kind, id: try row.decode(column: "record_id", as: String.self),
                    title: try row.decode(column: "title", as: String.self),
                    rank: try row.decode(column: "rank", as: Double.self))
            }
        }
    }

    public func counts() async throws -> [EntityKind: Int] {
        let parts: [SQLQueryString] = kinds.all.map {
            "SELECT \(bind: $0.rawValue) AS entity, COUNT(*) AS n FROM \(ident: $0.table)"
        }
        return try await database.withConnection { db in
            var result: [EntityKind: Int] = [:]
            for row in try await db.raw(parts.joined(separator: " UNION ALL ")).all() {
                if let kind = kinds.kind(named: try row.decode(column: "entity", as: String.self)) {
                    result[kind] = try row.decode(column: "n", as: Int.self)
                }
            }
            return result
        }
    }

    /// The type of a kind this register holds; a kind it does not hold is a configuration error.
    func type(_ kind: EntityKind) throws -> any Record.Type {
        guard let type = kinds.type(for: kind) else {
            throw StatlasStorageError.configuration("This register holds no records of the kind \(kind.collection)")
        }
        return type
    }

    // MARK: Query pieces

    private func fromClause(_ kind: EntityKind, terms: [String]) -> SQLQueryString {
        guard !terms.isEmpty else { return "\(ident: kind.table) t" }
        return "\(ident: kind.table) t JOIN (\(search.matches(terms, entity: kind))) s ON s.record_id = t.id"
    }

    private func orderClause(_ query: ListQuery, searching: Bool) -> SQLQueryString {
        let direction: SQLQueryString = query.descending ? "DESC" : "ASC"
        switch query.sort {
        case .relevance where searching: return "s.rank DESC, t.sort_title ASC, t.id ASC"
        case .title, .relevance: return "t.sort_title \(direction), t.id \(direction)"
        case .created: return "t.created_at \(direction), t.id \(direction)"
        case .updated: return "t.updated_at \(direction), t.id \(direction)"
        case .start:
            return
                "CASE WHEN t.start_date IS NULL THEN 1 ELSE 0 END, t.start_date \(direction), t.sort_title ASC, t.id ASC"
        }
    }

    static func decodeBody<R: Record>(_ row: any SQLRow) throws -> R {
        let body = try row.decode(column: "body", as: String.self)
        return try RecordCodec.decoder().decode(R.self, from: Data(body.utf8))
    }
}
