import Foundation
import SQLKit
import StatlasCore

/// Invitations: an administrator creates an account and gives the person a one-time link to set their
/// password. Only the link token's hash is stored.
extension SQLAccountRepository {
    static let invitationLifetime: TimeInterval = 7 * 24 * 60 * 60

    public func createInvitation(userId: String, now: Date) async throws -> String {
        let token = SecretToken.hex(bytes: 32)
        try await database.transaction { db in
            try await db.raw("DELETE FROM invitations WHERE user_id = \(bind: userId)").run()
            try await db.raw(
                """
                INSERT INTO invitations (token_hash, user_id, expires_at)
                VALUES (\(bind: Self.hash(token)), \(bind: userId), \(bind: Timestamp.string(now.addingTimeInterval(Self.invitationLifetime))))
                """
            ).run()
        }
        return token
    }

    public func acceptInvitation(token: String, password: String, now: Date) async throws -> UserAccount? {
        let problems = PasswordPolicy.problems(password)
        if !problems.isEmpty { throw StatlasError.invalid(problems) }
        let hash = Self.passwordHash(password, cost: passwordCost)
        return try await database.transaction { db in
            guard let row = try await db.raw(
                """
                SELECT u.*, i.expires_at FROM invitations i JOIN users u ON u.id = i.user_id
                WHERE i.token_hash = \(bind: Self.hash(token)) AND u.disabled = 0
                """
            ).first() else { return nil }
            let user = try Self.account(row)
            try await db.raw("DELETE FROM invitations WHERE user_id = \(bind: user.id)").run()
            let expires = Timestamp.date(try row.decode(column: "expires_at", as: String.self)) ?? .distantPast
            guard expires > now else { return nil }
            try await db.raw("UPDATE users SET password_hash = \(bind: hash) WHERE id = \(bind: user.id)").run()
            try await db.raw("DELETE FROM sessions WHERE user_id = \(bind: user.id)").run()
            return user
        }
    }
}
