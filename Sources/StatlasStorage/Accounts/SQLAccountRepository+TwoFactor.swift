import Foundation
import SQLKit
import StatlasCore

/// The optional second factor: TOTP secrets, single-use recovery codes (stored as hashes), replay
/// protection (the last accepted time step is kept, and only later steps are accepted), and the pending
/// state between password and code.
extension SQLAccountRepository {
    static let pendingLifetime: TimeInterval = 10 * 60
    static let recoveryCodeCount = 10

    public func beginTwoFactor(userId: String) async throws -> String {
        let fresh = Base32.encode((0..<20).map { _ in UInt8.random(in: 0...255) })
        return try await database.transaction { db in
            let row = try await db.raw("SELECT totp_secret FROM users WHERE id = \(bind: userId) AND totp_enabled = 0").first()
            if let existing = try row?.decode(column: "totp_secret", as: String?.self) { return existing }
            try await db.raw("UPDATE users SET totp_secret = \(bind: fresh) WHERE id = \(bind: userId) AND totp_enabled = 0").run()
            return fresh
        }
    }

    public func confirmTwoFactor(userId: String, code: String, now: Date) async throws -> [String]? {
        let codes = (0..<Self.recoveryCodeCount).map { _ in Self.recoveryCode() }
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT totp_secret, totp_enabled FROM users WHERE id = \(bind: userId)").first(),
                try row.decode(column: "totp_enabled", as: Int.self) == 0,
                let secret = try row.decode(column: "totp_secret", as: String?.self).flatMap(Base32.decode),
                let step = TOTP.matchingStep(code, secret: secret, now: now)
            else { return nil }
            try await db.raw("UPDATE users SET totp_enabled = 1, totp_last_step = \(bind: step) WHERE id = \(bind: userId)").run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userId)").run()
            for code in codes {
                try await db.raw("INSERT INTO recovery_codes (code_hash, user_id) VALUES (\(bind: Self.hash(Self.normalised(code))), \(bind: userId))").run()
            }
            return codes
        }
    }

    public func disableTwoFactor(userId: String, code: String, now: Date) async throws -> Bool {
        try await database.transaction { db in
            guard try await Self.acceptCode(code, userId: userId, now: now, db) else { return false }
            try await db.raw("UPDATE users SET totp_enabled = 0, totp_secret = NULL, totp_last_step = 0 WHERE id = \(bind: userId)").run()
            try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userId)").run()
            return true
        }
    }

    public func resetTwoFactor(email: String) async throws -> Bool {
        try await database.transaction { db in
            let rows = try await db.raw(
                "UPDATE users SET totp_enabled = 0, totp_secret = NULL, totp_last_step = 0 WHERE email = \(bind: email.lowercased()) RETURNING id"
            ).all()
            guard let id = try rows.first?.decode(column: "id", as: String.self) else { return false }
            for table in ["recovery_codes", "sessions", "pending_sign_ins"] {
                try await db.raw("DELETE FROM \(ident: table) WHERE user_id = \(bind: id)").run()
            }
            return true
        }
    }

    public func startPendingSignIn(userId: String, now: Date) async throws -> String {
        let token = SecretToken.hex(bytes: 32)
        try await database.transaction { db in
            try await db.raw("DELETE FROM pending_sign_ins WHERE expires_at < \(bind: Timestamp.string(now))").run()
            try await db.raw(
                """
                INSERT INTO pending_sign_ins (token_hash, user_id, expires_at)
                VALUES (\(bind: Self.hash(token)), \(bind: userId), \(bind: Timestamp.string(now.addingTimeInterval(Self.pendingLifetime))))
                """
            ).run()
        }
        return token
    }

    public func pendingSignInUser(token: String, now: Date) async throws -> String? {
        try await database.withConnection { db in
            let row = try await db.raw(
                "SELECT user_id, expires_at FROM pending_sign_ins WHERE token_hash = \(bind: Self.hash(token))"
            ).first()
            guard let row, let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)), expires > now else { return nil }
            return try row.decode(column: "user_id", as: String.self)
        }
    }

    public func completePendingSignIn(token: String, code: String, now: Date) async throws -> UserAccount? {
        let account: UserAccount? = try await database.transaction { db in
            guard let row = try await db.raw(
                """
                SELECT u.*, p.expires_at FROM pending_sign_ins p JOIN users u ON u.id = p.user_id
                WHERE p.token_hash = \(bind: Self.hash(token)) AND u.disabled = 0
                """
            ).first() else { return nil }
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)) ?? .distantPast
            let user = try Self.account(row)
            guard expires > now, try await Self.acceptCode(code, userId: user.id, now: now, db) else { return nil }
            try await db.raw("DELETE FROM pending_sign_ins WHERE user_id = \(bind: user.id)").run()
            return user
        }
        guard let account else { return nil }
        return try await database.withConnection { db in try await Self.withOrganisations(account, db) }
    }

    /// True when `code` is a TOTP code for a step after the last one accepted (which it then becomes), or an
    /// unused recovery code (which is then used up).
    static func acceptCode(_ code: String, userId: String, now: Date, _ db: any SQLDatabase) async throws -> Bool {
        guard let row = try await db.raw("SELECT totp_secret, totp_last_step, totp_enabled FROM users WHERE id = \(bind: userId)").first(),
            try row.decode(column: "totp_enabled", as: Int.self) == 1,
            let secret = try row.decode(column: "totp_secret", as: String?.self).flatMap(Base32.decode)
        else { return false }
        let last = try row.decode(column: "totp_last_step", as: Int64.self)
        if let step = TOTP.matchingStep(code, secret: secret, now: now) {
            guard step > last else { return false }  // replayed
            try await db.raw("UPDATE users SET totp_last_step = \(bind: step) WHERE id = \(bind: userId)").run()
            return true
        }
        let used = try await db.raw(
            "DELETE FROM recovery_codes WHERE user_id = \(bind: userId) AND code_hash = \(bind: hash(normalised(code))) RETURNING code_hash"
        ).all()
        return !used.isEmpty
    }

    /// A recovery code: 10 characters from an unambiguous alphabet, shown as two groups of five.
    static func recoveryCode() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        let characters = (0..<10).map { _ in alphabet[Int.random(in: 0..<alphabet.count)] }
        return String(characters[0..<5]) + "-" + String(characters[5...])
    }

    static func normalised(_ code: String) -> String {
        code.lowercased().filter { $0.isLetter || $0.isNumber }
    }
}
