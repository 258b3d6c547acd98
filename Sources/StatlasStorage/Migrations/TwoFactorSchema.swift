/// Migration 4: optional TOTP second factor (RFC 6238) with single-use recovery codes, and the short-lived
/// "password accepted, code still needed" state between the two steps of signing in.
enum TwoFactorSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            "ALTER TABLE users ADD COLUMN totp_secret TEXT",
            "ALTER TABLE users ADD COLUMN totp_enabled INTEGER NOT NULL DEFAULT 0",
            "ALTER TABLE users ADD COLUMN totp_last_step BIGINT NOT NULL DEFAULT 0",
            """
            CREATE TABLE recovery_codes (code_hash TEXT PRIMARY KEY, user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE)
            """,
            "CREATE INDEX recovery_codes_user ON recovery_codes (user_id)",
            """
            CREATE TABLE pending_sign_ins (token_hash TEXT PRIMARY KEY,
              user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE, expires_at TEXT NOT NULL)
            """,
        ]
    }
}
