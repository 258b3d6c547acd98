import SQLKit
import StatlasCore

/// Migration 7 (SQLite): the same rows in less space. Facet and link tables become `WITHOUT ROWID` tables
/// clustered on their primary key, so that each row is stored once in the key's b-tree rather than in a rowid
/// table and again in the key's index; the full-text index becomes contentless (`contentless_delete=1`), since
/// search reads only its index and takes titles from `search_documents`, so it no longer keeps a second copy
/// of every record's text. PostgreSQL keeps its tables (heap rows and their indexes are laid out otherwise).
enum CompactSchema {
    /// The full-text table, as created from this migration on.
    static let contentlessFTS =
        "USING fts5(title, content, content = '', contentless_delete = 1, tokenize = 'porter unicode61 remove_diacritics 2')"

    static func rebuild(_ db: any SQLDatabase, _ engine: Engine, _ seal: AuditSeal) async throws {
        guard engine == .sqlite else { return }
        let tables = try await db.raw(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND (name LIKE '%\\_facets' ESCAPE '\\' OR name LIKE '%\\_links' ESCAPE '\\')"
        ).all()
        for row in tables {
            let name = try row.decode(column: "name", as: String.self)
            let sql = try row.decode(column: "sql", as: String.self)
            guard !sql.uppercased().contains("WITHOUT ROWID") else { continue }
            try await compact(db, name, sql)
        }
        try await db.raw("CREATE VIRTUAL TABLE search_fts_compact \(unsafeRaw: contentlessFTS)").run()
        try await db.raw(
            "INSERT INTO search_fts_compact (rowid, title, content) SELECT rowid, title, content FROM search_fts"
        ).run()
        try await db.raw("DROP TABLE search_fts").run()
        try await db.raw("ALTER TABLE search_fts_compact RENAME TO search_fts").run()
    }

    /// Recreates one table as `WITHOUT ROWID` with the same columns, rows and indexes.
    static func compact(_ db: any SQLDatabase, _ name: String, _ sql: String) async throws {
        let indexes = try await db.raw(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = \(bind: name) AND sql IS NOT NULL"
        ).all().map { try $0.decode(column: "sql", as: String.self) }
        let temporary = "\(name)_compacting"
        guard let open = sql.firstIndex(of: "(") else { return }
        try await db.raw(
            "CREATE TABLE \(ident: temporary) \(unsafeRaw: String(sql[open...])) WITHOUT ROWID"
        ).run()
        try await db.raw("INSERT INTO \(ident: temporary) SELECT * FROM \(ident: name)").run()
        try await db.raw("DROP TABLE \(ident: name)").run()
        try await db.raw("ALTER TABLE \(ident: temporary) RENAME TO \(ident: name)").run()
        for index in indexes { try await db.raw("\(unsafeRaw: index)").run() }
    }
}
