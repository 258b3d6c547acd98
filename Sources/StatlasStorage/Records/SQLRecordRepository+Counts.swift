import SQLKit
import StatlasCore

extension SQLRecordRepository {
    public func ids(_ kind: EntityKind, offset: Int, limit: Int, descending: Bool) async throws -> [String] {
        guard limit > 0 else { return [] }
        let direction: SQLQueryString = descending ? "DESC" : "ASC"
        return try await database.withConnection { db in
            try await db.raw(
                "SELECT id FROM \(ident: kind.table) ORDER BY id \(direction) LIMIT \(literal: min(limit, 100_000)) OFFSET \(literal: max(0, offset))"
            ).all().map { try $0.decode(column: "id", as: String.self) }
        }
    }

    public func valueCounts<R: Record>(_ type: R.Type, _ query: ListQuery, by dimension: String, limit: Int)
        async throws -> [ValueCount]
    {
        guard limit > 0, let definition = R.filters.first(where: { $0.name == dimension }) else { return [] }
        let terms = query.q.map(SearchDialect.terms) ?? []
        if query.q != nil && terms.isEmpty { return [] }
        let join: SQLQueryString
        let value: SQLQueryString
        switch definition.source {
        case .link(let target, let relations):
            join =
                "JOIN \(ident: LinkTables.name(R.kind, target)) v ON v.source_id = t.id AND v.relation IN (\(binds: relations))"
            value = "v.target_id"
        case .facet(let facet):
            join = "JOIN \(ident: "\(R.kind.table)_facets") v ON v.record_id = t.id AND v.name = \(bind: facet)"
            value = "v.value"
        default:
            return []
        }
        let from: SQLQueryString = terms.isEmpty ? "\(ident: R.kind.table) t" : search.matched(R.kind, terms)
        // Every matching record is counted, so the matches are read first (`RecordFilters.Form`).
        let conditions = RecordFilters.conditions(
            for: R.self, query.filters, engine: database.engine, form: .members)
        let sql: SQLQueryString = """
            SELECT \(value) AS value, COUNT(*) AS n FROM \(from) \(join) \(Self.whereClause(conditions))
            GROUP BY \(value) ORDER BY n DESC, value ASC LIMIT \(literal: min(limit, 10_000))
            """
        return try await database.withConnection { db in
            let version = try await RegisterVersion.latestEvent(db)
            return try await valueCountCache.value(QueryKey.of(sql, db), version: version) {
                try await db.raw(sql).all().map {
                    ValueCount(
                        try $0.decode(column: "value", as: String.self), try $0.decode(column: "n", as: Int.self))
                }
            }
        }
    }
}
