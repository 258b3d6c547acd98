/// Migration 11: the records an import created, one row each (`audit_records`), beside the one audit event that
/// records the import of each kind. The event's content holds how many records it created and a keyed MAC of
/// this list (`ImportedRecords`), so the chain seals the list while each record costs a short row rather than an
/// event with three hashes (the trail was 145 MB of a 884 MB database after importing the synthetic register).
/// A record's history finds the event through the primary key; verification reads an event's rows by `seq`.
enum ImportedRecordsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE audit_records (entity TEXT NOT NULL, record_id TEXT NOT NULL, seq BIGINT NOT NULL,
              location TEXT NOT NULL, PRIMARY KEY (entity, record_id, seq))\(engine == .sqlite ? " WITHOUT ROWID" : "")
            """,
            "CREATE INDEX audit_records_seq ON audit_records (seq)",
        ]
    }
}
