/// Migration 16: confidential research studies and their teams. A study's description is a JSON document; its
/// team is one row per member. Content (participants, documents, codings) comes in later migrations, encrypted.
enum StudiesSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE studies (id TEXT PRIMARY KEY, title TEXT NOT NULL, sort_title TEXT NOT NULL,
              version INTEGER NOT NULL, body TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)
            """,
            """
            CREATE TABLE study_members (study_id TEXT NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
              user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, role TEXT NOT NULL,
              added_at TEXT NOT NULL, PRIMARY KEY (study_id, user_id))
            """,
            "CREATE INDEX study_members_user ON study_members (user_id, study_id)",
        ]
    }
}
