/// Migration 6: the shared cache of whole-register analytics (`analytics_results`), and an index that finds the
/// register's last change in the audit trail (its version) without reading the trail.
enum AnalyticsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            "CREATE INDEX audit_events_action_seq ON audit_events (action, seq)",
            """
            CREATE TABLE analytics_results (key TEXT PRIMARY KEY, version TEXT NOT NULL, computed_at TEXT NOT NULL,
              seconds DOUBLE PRECISION NOT NULL, body TEXT NOT NULL)
            """,
        ]
    }
}
