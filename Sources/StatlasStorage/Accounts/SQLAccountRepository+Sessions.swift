import Crypto
import Foundation
import HummingbirdBcrypt
import SQLKit
import StatlasCore

/// Passwords and browser sessions. Passwords are hashed with bcrypt over a SHA-256 pre-hash, so every
/// character counts (no 72-byte truncation); session tokens are stored only as their SHA-256 hash.
extension SQLAccountRepository {
    /// A bcrypt hash of the password's SHA-256 digest (base64: 44 bytes, no NULs).
    static func passwordHash(_ password: String, cost: UInt8) -> String {
        Bcrypt.hash(prehash(password), cost: cost)
    }

    static func prehash(_ password: String) -> String {
        Data(SHA256.hash(data: Data(password.utf8))).base64EncodedString()
    }

    public func setPassword(email: String, password: String) async throws {
        let problems = PasswordPolicy.problems(password)
        if !problems.isEmpty { throw StatlasError.invalid(problems) }
        let hash = Self.passwordHash(password, cost: passwordCost)
        if try await updateUser(email: email, set: "password_hash = \(bind: hash)", endingSessions: true) == false {
            throw StatlasError.invalid([FieldError("email", "No user has the email address \(email)")])
        }
    }

    public func verify(email: String, password: String) async throws -> UserAccount? {
        let row = try await database.withConnection { db in
            try await db.raw(
                "SELECT * FROM users WHERE email = \(bind: email.trimmingCharacters(in: .whitespaces).lowercased())"
            ).first()
        }
        let stored = try row.flatMap { try $0.decode(column: "password_hash", as: String?.self) }
        let matches = Bcrypt.verify(Self.prehash(password), hash: stored ?? decoy.value)
        guard let row, stored != nil, matches else { return nil }
        let user = try Self.account(row)
        return user.disabled
            ? nil : try await database.withConnection { db in try await Self.withOrganisations(user, db) }
    }

    public func setDisabled(email: String, disabled: Bool) async throws -> Bool {
        try await updateUser(email: email, set: "disabled = \(bind: disabled ? 1 : 0)", endingSessions: disabled)
    }

    /// Changes the user with this email, in one transaction with ending their sessions when asked; false
    /// when no user has the email.
    private func updateUser(email: String, set change: SQLQueryString, endingSessions: Bool) async throws -> Bool {
        try await database.transaction { db in
            let email = email.lowercased()
            let rows = try await db.raw("UPDATE users SET \(change) WHERE email = \(bind: email) RETURNING id").all()
            if endingSessions {
                try await db.raw(
                    "DELETE FROM sessions WHERE user_id IN (SELECT id FROM users WHERE email = \(bind: email))"
                ).run()
            }
            return !rows.isEmpty
        }
    }

    public func startSession(userId: String, replacing: String?, now: Date) async throws -> String {
        let token = SecretToken.hex(bytes: 32)
        let stamp = Timestamp.string(now)
        try await database.transaction { db in
            if let replacing {
                try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: AccountRules.hash(replacing))").run()
            }
            try await db.raw(
                """
                INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at)
                VALUES (\(bind: AccountRules.hash(token)), \(bind: userId), \(bind: SecretToken.hex(bytes: 32)), \(bind: stamp), \(bind: stamp))
                """
            ).run()
        }
        return token
    }

    public func session(token: String, now: Date, limits: SessionLimits) async throws -> BrowserSession? {
        let idHash = AccountRules.hash(token)
        let row = try await database.withConnection { db in
            try await db.raw(
                """
                SELECT u.*, s.csrf_token, s.created_at AS session_created, s.last_seen_at FROM sessions s
                JOIN users u ON u.id = s.user_id WHERE s.id_hash = \(bind: idHash) AND u.disabled = 0
                """
            ).first()
        }
        guard let row else { return nil }
        let created = Timestamp.date(try row.decode(column: "session_created", as: String.self)) ?? .distantPast
        let lastSeen = Timestamp.date(try row.decode(column: "last_seen_at", as: String.self)) ?? .distantPast
        guard limits.allows(createdAt: created, lastSeenAt: lastSeen, now: now) else {
            try await endSession(token: token)
            return nil
        }
        if now.timeIntervalSince(lastSeen) >= 60 {
            try await database.transaction { db in
                try await db.raw(
                    "UPDATE sessions SET last_seen_at = \(bind: Timestamp.string(now)) WHERE id_hash = \(bind: idHash)"
                ).run()
            }
        }
        let account = try Self.account(row)
        guard let user = try await database.withConnection({ db in try await Self.withOrganisations(account, db) })
        else { return nil }
        return BrowserSession(
            user: user, csrfToken: try row.decode(column: "csrf_token", as: String.self),
            createdAt: created, lastSeenAt: now)
    }

    public func endSession(token: String) async throws {
        try await database.transaction { db in
            try await db.raw("DELETE FROM sessions WHERE id_hash = \(bind: AccountRules.hash(token))").run()
        }
    }
}

/// The hash compared against when the account does not exist (or has no password yet), so that both cases
/// take the time of one bcrypt check at the cost real hashes are made with (S9). Made once, in the background
/// as the repository opens, so that not even the first unknown account answers faster.
final class DecoyHash: @unchecked Sendable {
    private let lock = NSLock()
    private let cost: UInt8
    private var made: String?

    init(cost: UInt8) {
        self.cost = cost
        Task.detached(priority: .utility) { [self] in _ = self.value }
    }

    var value: String {
        lock.withLock {
            if let made { return made }
            let hash = Bcrypt.hash(SecretToken.hex(bytes: 16), cost: cost)
            made = hash
            return hash
        }
    }
}
