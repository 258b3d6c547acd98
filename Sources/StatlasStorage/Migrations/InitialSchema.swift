import StatlasCore

/// Migration 1: accounts, one table per entity (the JSON document plus the columns every list sorts on),
/// link and facet tables, and the full-text index.
enum InitialSchema {
    /// The entity tables created by this migration; frozen as literals, so a kind declared later never changes
    /// what this migration does (later kinds get their tables from `RecordTables`).
    static let entities = [
        "organisations", "people", "themes", "areas", "datasets", "collaborations", "activities", "relationships",
        "factors",
    ]

    /// The link tables created by this migration, as (table, source table, target table); frozen.
    static let links: [(String, String, String)] =
        entities.map { ("\($0)_organisation_links", $0, "organisations") } + [
            ("people_theme_links", "people", "themes"), ("areas_area_links", "areas", "areas"),
            ("datasets_theme_links", "datasets", "themes"), ("datasets_dataset_links", "datasets", "datasets"),
            ("datasets_person_links", "datasets", "people"),
            ("collaborations_dataset_links", "collaborations", "datasets"),
            ("collaborations_area_links", "collaborations", "areas"),
            ("collaborations_theme_links", "collaborations", "themes"),
            ("collaborations_factor_links", "collaborations", "factors"),
            ("activities_theme_links", "activities", "themes"),
            ("activities_dataset_links", "activities", "datasets"), ("activities_area_links", "activities", "areas"),
            ("relationships_dataset_links", "relationships", "datasets"),
            ("relationships_person_links", "relationships", "people"),
        ]

    static func statements(_ engine: Engine) -> [String] {
        var sql = accounts
        for table in entities { sql += entityTables(table) }
        for (name, source, target) in links { sql += linkTable(name, source: source, target: target) }
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
