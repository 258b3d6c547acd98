import Foundation
import SQLKit
import StatlasCore

/// The persistence under the Core account rules (`AccountStore`): second factors on the user's row,
/// recovery codes and one-time tokens (invitations, pending sign-ins) as hashes in their tables.
extension SQLAccountRepository: AccountStore {
    public func atomically<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws
        -> T
    {
        try await database.transaction { db in try await body(SQLAccountRecords(db: db)) }
    }

    public func reading<T: Sendable>(_ body: @escaping @Sendable (any AccountRecords) async throws -> T) async throws
        -> T
    {
        try await database.withConnection { db in try await body(SQLAccountRecords(db: db)) }
    }

    public func withOrganisations(_ user: UserAccount) async throws -> UserAccount {
        try await database.withConnection { db in try await Self.withOrganisations(user, db) } ?? user
    }

    public func passwordHash(_ password: String) -> String { Self.passwordHash(password, cost: passwordCost) }

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
}

/// `AccountRecords` on one SQL connection inside a transaction.
struct SQLAccountRecords: AccountRecords, @unchecked Sendable {
    let db: any SQLDatabase

    static func table(_ kind: OneTimeToken) -> String {
        switch kind {
        case .invitation: "invitations"
        case .pendingSignIn: "pending_sign_ins"
        }
    }

    func secondFactor(userId: String) async throws -> SecondFactor? {
        guard
            let row = try await db.raw(
                "SELECT totp_secret, totp_enabled, totp_last_step FROM users WHERE id = \(bind: userId)"
            ).first(),
            let secret = try row.decode(column: "totp_secret", as: String?.self)
        else { return nil }
        return SecondFactor(
            secret: secret, enabled: try row.decode(column: "totp_enabled", as: Int.self) == 1,
            lastStep: try row.decode(column: "totp_last_step", as: Int64.self))
    }

    func setSecondFactor(userId: String, _ factor: SecondFactor?) async throws {
        try await db.raw(
            """
            UPDATE users SET totp_secret = \(bind: factor?.secret), totp_enabled = \(bind: factor?.enabled == true ? 1 : 0),
              totp_last_step = \(bind: factor?.lastStep ?? 0) WHERE id = \(bind: userId)
            """
        ).run()
    }

    func advanceStep(userId: String, to step: Int64) async throws -> Bool {
        !(try await db.raw(
            """
            UPDATE users SET totp_last_step = \(bind: step)
            WHERE id = \(bind: userId) AND totp_enabled = 1 AND totp_last_step < \(bind: step) RETURNING id
            """
        ).all()).isEmpty
    }

    func replaceRecoveryCodes(userId: String, hashes: [String]) async throws {
        try await db.raw("DELETE FROM recovery_codes WHERE user_id = \(bind: userId)").run()
        for hash in hashes {
            try await db.raw("INSERT INTO recovery_codes (code_hash, user_id) VALUES (\(bind: hash), \(bind: userId))")
                .run()
        }
    }

    func removeRecoveryCode(userId: String, hash: String) async throws -> Bool {
        !(try await db.raw(
            "DELETE FROM recovery_codes WHERE user_id = \(bind: userId) AND code_hash = \(bind: hash) RETURNING code_hash"
        ).all()).isEmpty
    }

    func addOneTimeToken(_ kind: OneTimeToken, hash: String, userId: String, expires: Date) async throws {
        try await db.raw(
            """
            INSERT INTO \(ident: Self.table(kind)) (token_hash, user_id, expires_at)
            VALUES (\(bind: hash), \(bind: userId), \(bind: Timestamp.string(expires)))
            """
        ).run()
    }

    func oneTimeToken(_ kind: OneTimeToken, hash: String) async throws -> (user: UserAccount, expires: Date)? {
        guard
            let row = try await db.raw(
                """
                SELECT u.*, t.expires_at FROM \(ident: Self.table(kind)) t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: hash) AND u.disabled = 0
                """
            ).first()
        else { return nil }
        return (
            try SQLAccountRepository.account(row),
            Timestamp.date(try row.decode(column: "expires_at", as: String.self)) ?? .distantPast
        )
    }

    func removeOneTimeTokens(_ kind: OneTimeToken, userId: String) async throws {
        try await db.raw("DELETE FROM \(ident: Self.table(kind)) WHERE user_id = \(bind: userId)").run()
    }

    func removeOneTimeTokens(_ kind: OneTimeToken, expiredBefore date: Date) async throws {
        try await db.raw("DELETE FROM \(ident: Self.table(kind)) WHERE expires_at < \(bind: Timestamp.string(date))")
            .run()
    }

    func setPasswordHash(userId: String, _ hash: String) async throws {
        try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: userId)").run()
    }

    func endSessions(userId: String) async throws {
        try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: userId)").run()
    }
}
