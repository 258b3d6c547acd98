import SQLKit
import StatlasCore

/// The full-text search differences between SQLite FTS5 and PostgreSQL tsvector, in one place.
struct SearchDialect: Sendable {
    let engine: Engine

    /// Words of letters and digits from the user's text; everything else is dropped, so no query syntax leaks in.
    static func terms(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.prefix(12).map(String.init)
    }

    /// The engine's match expression for all terms, each as a prefix.
    func matchQuery(_ terms: [String]) -> String {
        switch engine {
        case .sqlite: terms.map { "\"\($0)\"*" }.joined(separator: " ")
        case .postgres: terms.map { "\($0):*" }.joined(separator: " & ")
        }
    }

    /// A subquery yielding `entity`, `record_id`, `title` and `rank` (higher is better) for matches among records
    /// of `entity` (all entities when nil).
    ///
    /// On SQLite the full-text index is read first and each match then looks up its document (`CROSS JOIN` fixes
    /// that order): SQLite 3.51's planner otherwise read every document of the kind and ran the whole match again
    /// for each (minutes for a common word on the synthetic register, against 80 ms this way). One kind's matches
    /// are its rowid range of the index (`SearchRanges`), so the index ranks only them and other kinds' matches
    /// are never looked up.
    func matches(_ terms: [String], entity: EntityKind?) -> SQLQueryString {
        let query = matchQuery(terms)
        switch engine {
        case .sqlite:
            guard let entity else {
                return """
                    SELECT d.entity AS entity, d.record_id AS record_id, d.title AS title, -bm25(search_fts, 10.0, 1.0) AS rank
                    FROM search_fts CROSS JOIN search_documents d ON d.rowid = search_fts.rowid
                    WHERE search_fts MATCH \(bind: query)
                    """
            }
            return """
                SELECT d.entity AS entity, d.record_id AS record_id, d.title AS title, f.rank AS rank
                FROM (SELECT rowid, -bm25(search_fts, 10.0, 1.0) AS rank FROM search_fts WHERE search_fts MATCH \(bind: query)
                  AND rowid >= \(literal: SearchRanges.first(entity)) AND rowid < \(literal: SearchRanges.end(entity))) f
                CROSS JOIN search_documents d ON d.rowid = f.rowid
                """
        case .postgres:
            // The kind as a literal, so that the planner reads its own index of the kind's entries
            // (`RecordTables.searchIndex`) rather than all kinds' matches and then the kind's every entry.
            let entityFilter: SQLQueryString = entity.map { "AND d.entity = \(literal: $0.rawValue)" } ?? ""
            return """
                SELECT d.entity AS entity, d.record_id AS record_id, d.title AS title,
                  CAST(ts_rank(d.document, to_tsquery('english', \(bind: query))) AS DOUBLE PRECISION) AS rank
                FROM search_documents d
                WHERE d.document @@ to_tsquery('english', \(bind: query)) \(entityFilter)
                """
        }
    }

    /// How many records of `kind` match, counted in the index alone.
    func count(_ kind: EntityKind, _ terms: [String]) -> SQLQueryString {
        let query = matchQuery(terms)
        switch engine {
        case .sqlite:
            return """
                SELECT COUNT(*) AS n FROM search_fts WHERE search_fts MATCH \(bind: query)
                AND rowid >= \(literal: SearchRanges.first(kind)) AND rowid < \(literal: SearchRanges.end(kind))
                """
        case .postgres:
            return """
                SELECT COUNT(*) AS n FROM search_documents d
                WHERE d.document @@ to_tsquery('english', \(bind: query)) AND d.entity = \(literal: kind.rawValue)
                """
        }
    }

    /// A kind's table `t` joined to its matches `s`, the matches read first (see `matches`).
    func matched(_ kind: EntityKind, _ terms: [String]) -> SQLQueryString {
        switch engine {
        case .sqlite: "(\(matches(terms, entity: kind))) s CROSS JOIN \(ident: kind.table) t ON t.id = s.record_id"
        case .postgres: "\(ident: kind.table) t JOIN (\(matches(terms, entity: kind))) s ON s.record_id = t.id"
        }
    }

    /// A kind's matches `s` alone, for a list that asks nothing of the records but their rank: every record has
    /// exactly one index entry (written and removed in the record's transaction), so no join to the table is
    /// needed. On PostgreSQL the join made the planner expect a few thousand matches where a common word has
    /// tens of thousands, and sort all of them on disk (300 ms) rather than keep the best page (130 ms).
    func ranked(_ kind: EntityKind, _ terms: [String]) -> SQLQueryString {
        "(\(matches(terms, entity: kind))) s"
    }

    /// Replaces the index entry for one record.
    func index(_ db: any SQLDatabase, entity: EntityKind, id: String, title: String, content: String) async throws {
        switch engine {
        case .sqlite:
            try await remove(db, entity: entity, id: id)
            let rowid = try await SearchRanges.next(entity, db)
            try await db.raw(
                "INSERT INTO search_documents (rowid, entity, record_id, title) VALUES (\(bind: rowid), \(bind: entity.rawValue), \(bind: id), \(bind: title))"
            ).run()
            try await db.raw(
                "INSERT INTO search_fts (rowid, title, content) VALUES (\(bind: rowid), \(bind: title), \(bind: content))"
            ).run()
        case .postgres:
            try await db.raw(
                """
                INSERT INTO search_documents (entity, record_id, title, content)
                VALUES (\(bind: entity.rawValue), \(bind: id), \(bind: title), \(bind: content))
                ON CONFLICT (entity, record_id) DO UPDATE SET title = excluded.title, content = excluded.content
                """
            ).run()
        }
    }

    /// Removes one record's index entry.
    func remove(_ db: any SQLDatabase, entity: EntityKind, id: String) async throws {
        if engine == .sqlite {
            try await db.raw(
                "DELETE FROM search_fts WHERE rowid IN (SELECT rowid FROM search_documents WHERE entity = \(bind: entity.rawValue) AND record_id = \(bind: id))"
            ).run()
        }
        try await db.raw(
            "DELETE FROM search_documents WHERE entity = \(bind: entity.rawValue) AND record_id = \(bind: id)"
        ).run()
    }
}
