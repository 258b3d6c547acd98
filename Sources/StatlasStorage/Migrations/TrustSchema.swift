/// Migration 3: editors of organisations, the hash-chained audit trail (append-only, enforced by
/// triggers) and erasure tombstones.
enum TrustSchema {
    /// The columns the hash covers; no trigger lets them change.
    static let sealedColumns = [
        "seq", "at", "action", "actor_id", "entity", "record_id", "detail", "content_hash", "prev_hash", "hash",
    ]

    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE user_organisations (user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
              organisation_id TEXT NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
              PRIMARY KEY (user_id, organisation_id))
            """,
            "CREATE INDEX user_organisations_organisation ON user_organisations (organisation_id)",
            """
            CREATE TABLE audit_events (seq BIGINT PRIMARY KEY, at TEXT NOT NULL, action TEXT NOT NULL, actor_id TEXT,
              entity TEXT, record_id TEXT, detail TEXT, before_json TEXT, after_json TEXT, content_hash TEXT NOT NULL,
              redacted INTEGER NOT NULL DEFAULT 0, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)
            """,
            "CREATE INDEX audit_events_record ON audit_events (entity, record_id, seq)",
            """
            CREATE TABLE erasures (person_id TEXT PRIMARY KEY, erased_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE invitations (token_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
              expires_at TEXT NOT NULL)
            """,
        ] + appendOnly(engine)
    }

    /// Triggers that refuse deleting audit events and changing anything the hash covers. Only the content
    /// columns may be blanked, by an erasure, which marks the row redacted.
    static func appendOnly(_ engine: Engine) -> [String] {
        switch engine {
        case .sqlite:
            return [
                """
                CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
                """,
                """
                CREATE TRIGGER audit_events_sealed BEFORE UPDATE OF \(sealedColumns.joined(separator: ", ")) ON audit_events
                BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END
                """,
            ]
        case .postgres:
            let changed = sealedColumns.map { "NEW.\($0) IS DISTINCT FROM OLD.\($0)" }.joined(separator: " OR ")
            return [
                """
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'DELETE' OR \(changed) THEN
                    RAISE EXCEPTION 'the audit trail is append-only';
                  END IF;
                  RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """,
            ]
        }
    }
}
