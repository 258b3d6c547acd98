/// Migration 2: passwords on accounts and server-side browser sessions.
enum SessionsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            "ALTER TABLE users ADD COLUMN password_hash TEXT",
            """
            CREATE TABLE sessions (id_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
              csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, last_seen_at TEXT NOT NULL)
            """,
            "CREATE INDEX sessions_user_id ON sessions (user_id)",
        ]
    }
}
