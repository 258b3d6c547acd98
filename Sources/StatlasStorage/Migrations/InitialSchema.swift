import StatlasCore

/// Migration 1: accounts, one table per entity (the JSON document plus the columns every list sorts on),
/// link and facet tables, and the full-text index.
enum InitialSchema {
    /// The entities created by this migration; frozen.
    static let entities: [EntityKind] = [
        .organisation, .person, .theme, .area, .dataset, .collaboration, .activity, .relationship, .factor,
    ]

    static func statements(_ engine: Engine) -> [String] {
        var sql = accounts
        for entity in entities { sql += entityTables(entity.collection) }
        for (source, target) in LinkTables.initial {
            sql += linkTable(LinkTables.name(source, target), source: source.collection, target: target.collection)
        }
        sql += search(engine)
        return sql
    }

    static let accounts = [
        """
        CREATE TABLE users (id TEXT PRIMARY KEY, email TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
          is_admin INTEGER NOT NULL DEFAULT 0, disabled INTEGER NOT NULL DEFAULT 0, created_at TEXT NOT NULL)
        """,
        """
        CREATE TABLE api_tokens (id TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          token_hash TEXT NOT NULL UNIQUE, label TEXT, created_at TEXT NOT NULL, last_used_at TEXT, revoked_at TEXT)
        """,
        "CREATE INDEX api_tokens_user_id ON api_tokens (user_id)",
    ]

    static func entityTables(_ table: String) -> [String] {
        [
            """
            CREATE TABLE \(table) (id TEXT PRIMARY KEY, version BIGINT NOT NULL, created_at TEXT NOT NULL,
              updated_at TEXT NOT NULL, demo INTEGER NOT NULL DEFAULT 0, title TEXT NOT NULL, sort_title TEXT NOT NULL,
              start_date TEXT, end_date TEXT, body TEXT NOT NULL)
            """,
            "CREATE INDEX \(table)_sort_title ON \(table) (sort_title, id)",
            "CREATE INDEX \(table)_created_at ON \(table) (created_at, id)",
            "CREATE INDEX \(table)_updated_at ON \(table) (updated_at, id)",
            "CREATE INDEX \(table)_start_date ON \(table) (start_date, id)",
            "CREATE INDEX \(table)_end_date ON \(table) (end_date)",
            "CREATE INDEX \(table)_demo ON \(table) (demo)",
            """
            CREATE TABLE \(table)_facets (record_id TEXT NOT NULL REFERENCES \(table)(id) ON DELETE CASCADE,
              name TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY (record_id, name, value))
            """,
            "CREATE INDEX \(table)_facets_value ON \(table)_facets (name, value, record_id)",
        ]
    }

    static func linkTable(_ name: String, source: String, target: String) -> [String] {
        [
            """
            CREATE TABLE \(name) (source_id TEXT NOT NULL REFERENCES \(source)(id) ON DELETE CASCADE,
              relation TEXT NOT NULL,
              target_id TEXT NOT NULL REFERENCES \(target)(id) DEFERRABLE INITIALLY DEFERRED,
              PRIMARY KEY (source_id, relation, target_id))
            """,
            "CREATE INDEX \(name)_target ON \(name) (target_id, relation, source_id)",
        ]
    }

    static func search(_ engine: Engine) -> [String] {
        switch engine {
        case .sqlite:
            return [
                """
                CREATE TABLE search_documents (rowid INTEGER PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL,
                  title TEXT NOT NULL, UNIQUE (entity, record_id))
                """,
                "CREATE VIRTUAL TABLE search_fts USING fts5(title, content, tokenize = 'porter unicode61 remove_diacritics 2')",
            ]
        case .postgres:
            return [
                """
                CREATE TABLE search_documents (rowid BIGSERIAL PRIMARY KEY, entity TEXT NOT NULL, record_id TEXT NOT NULL,
                  title TEXT NOT NULL, content TEXT NOT NULL,
                  document tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', content), 'B')) STORED,
                  UNIQUE (entity, record_id))
                """,
                "CREATE INDEX search_documents_document ON search_documents USING GIN (document)",
            ]
        }
    }
}

