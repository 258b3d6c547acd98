/// Migration 6: the shared cache of whole-register analytics (`analytics_results`), an index that finds the
/// register's last change in the audit trail (its version) without reading the trail, and indexes that give
/// lists in date order (undated last) without sorting the whole table.
enum AnalyticsSchema {
    static func statements(_ engine: Engine) -> [String] {
        // The record tables of migration 1 (kinds added later get theirs from `RecordTables`).
        InitialSchema.entities.map {
            "CREATE INDEX \($0)_start_order ON \($0) ((CASE WHEN start_date IS NULL THEN 1 ELSE 0 END), start_date, sort_title, id)"
        } + [
            "CREATE INDEX audit_events_action_seq ON audit_events (action, seq)",
            """
            CREATE TABLE analytics_results (key TEXT PRIMARY KEY, version TEXT NOT NULL, computed_at TEXT NOT NULL,
              seconds DOUBLE PRECISION NOT NULL, body TEXT NOT NULL)
            """,
        ]
    }
}
