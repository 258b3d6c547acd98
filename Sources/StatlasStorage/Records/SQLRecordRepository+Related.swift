import SQLKit
import StatlasCore

/// Reading references in both directions, for pages that show every related record.
extension SQLRecordRepository {
    public func linking<R: Record>(_ type: R.Type, filter: String, to ids: [String]) async throws -> [R] {
        guard let definition = R.filters.first(where: { $0.name == filter }),
            case .link(let target, let relations) = definition.source
        else {
            throw StatlasStorageError.configuration("\(R.kind.collection) have no link filter named \(filter)")
        }
        let table = LinkTables.name(R.kind, target)
        let unique = Array(Set(ids)).sorted()
        return try await database.withConnection { db in
            var found: [String: R] = [:]
            for start in stride(from: 0, to: unique.count, by: 500) {
                let chunk = Array(unique[start..<min(start + 500, unique.count)])
                let rows = try await db.raw(
                    """
                    SELECT \(StoredBodies.columns("t.")) FROM \(ident: R.kind.table) t WHERE t.id IN (SELECT l.source_id FROM \(ident: table) l
                      WHERE l.target_id IN (\(binds: chunk)) AND l.relation IN (\(binds: relations)))
                    """
                ).all()
                for row in rows {
                    let record: R = try decode(row)
                    found[record.id] = record
                }
            }
            return found.values.sorted { $0.id < $1.id }
        }
    }

    public func referrers(to kind: EntityKind, id: String) async throws -> [Referrer] {
        let sources = kinds.sources(of: kind)
        guard !sources.isEmpty else { return [] }
        let parts: [SQLQueryString] = sources.map { source in
            let table = LinkTables.name(source, kind)
            return """
                SELECT \(bind: source.rawValue) AS entity, l.relation AS relation, t.id AS id, t.title AS title
                FROM \(ident: table) l JOIN \(ident: source.table) t ON t.id = l.source_id WHERE l.target_id = \(bind: id)
                """
        }
        let sql: SQLQueryString =
            parts.joined(separator: " UNION ALL ") + " ORDER BY entity, relation, title, id LIMIT 2000"
        return try await database.withConnection { db in
            try await db.raw(sql).all().compactMap { row in
                guard let source = kinds.kind(named: try row.decode(column: "entity", as: String.self)) else {
                    return nil
                }
                return Referrer(
                    kind: source, relation: try row.decode(column: "relation", as: String.self),
                    id: try row.decode(column: "id", as: String.self),
                    title: try row.decode(column: "title", as: String.self))
            }
        }
    }

    public func withFacet(_ kind: EntityKind, _ name: String, values: [String], excluding: String?, limit: Int)
        async throws -> [String]
    {
        guard !values.isEmpty, limit > 0 else { return [] }
        return try await database.withConnection { db in
            try await db.raw(
                """
                SELECT DISTINCT record_id FROM \(ident: kind.table + "_facets")
                WHERE name = \(bind: name) AND value IN (\(binds: values)) AND record_id <> \(bind: excluding ?? "")
                ORDER BY record_id LIMIT \(literal: min(limit, ListQuery.maxLimit))
                """
            ).all().map { try $0.decode(column: "record_id", as: String.self) }
        }
    }

    public func index(_ kind: EntityKind, limit: Int) async throws -> [ChoiceOption] {
        try await database.withConnection { db in
            try await db.raw(
                "SELECT id, title FROM \(ident: kind.table) ORDER BY sort_title, id LIMIT \(literal: max(0, limit))"
            ).all().map {
                ChoiceOption(
                    try $0.decode(column: "id", as: String.self), try $0.decode(column: "title", as: String.self))
            }
        }
    }

    public func named(_ kind: EntityKind, _ text: String, limit: Int) async throws -> [Candidate] {
        let trimmed = text.trimmedWhitespace()
        guard !trimmed.isEmpty, limit > 0 else { return [] }
        @Sendable func candidate(_ row: any SQLRow) throws -> Candidate {
            Candidate(
                id: try row.decode(column: "id", as: String.self),
                name: try row.decode(column: "title", as: String.self))
        }
        return try await database.withConnection { db in
            if let row = try await db.raw(
                "SELECT id, title FROM \(ident: kind.table) WHERE id = \(bind: trimmed)"
            ).first() {
                return [try candidate(row)]
            }
            // Both halves read an index: the title sort key (the same folding) and the facets' values.
            let key = References.fold(trimmed)
            return try await db.raw(
                """
                SELECT id, title, sort_title FROM \(ident: kind.table) WHERE sort_title = \(bind: key)
                UNION SELECT t.id, t.title, t.sort_title FROM \(ident: kind.table + "_facets") f
                  JOIN \(ident: kind.table) t ON t.id = f.record_id WHERE f.name = 'alias' AND f.value = \(bind: key)
                ORDER BY sort_title, id LIMIT \(literal: limit)
                """
            ).all().map(candidate)
        }
    }

    public func titles(_ ids: [EntityKind: Set<String>]) async throws -> [EntityKind: [String: String]] {
        try await database.withConnection { db in
            var result: [EntityKind: [String: String]] = [:]
            for (kind, set) in ids where !set.isEmpty {
                let rows = try await db.raw(
                    "SELECT id, title FROM \(ident: kind.table) WHERE id IN (\(binds: Array(set)))"
                ).all()
                var titles: [String: String] = [:]
                for row in rows {
                    titles[try row.decode(column: "id", as: String.self)] = try row.decode(
                        column: "title", as: String.self)
                }
                result[kind] = titles
            }
            return result
        }
    }
}
