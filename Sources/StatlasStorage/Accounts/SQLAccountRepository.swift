import Foundation
import SQLKit
import StatlasCore

/// Users and API tokens in SQL. Tokens are random 32-byte values; only their SHA-256 hash is stored.
public struct SQLAccountRepository: AccountRepository {
    let database: Database
    /// The bcrypt cost for new password hashes (lower only in tests).
    let passwordCost: UInt8
    /// Compared against for unknown accounts, at `passwordCost`.
    let decoy: DecoyHash
    /// Seals the token-use events recorded here.
    let seal: AuditSeal

    public init(database: Database, seal: AuditSeal, passwordCost: UInt8 = 12) {
        self.database = database
        self.seal = seal
        self.passwordCost = passwordCost
        self.decoy = DecoyHash(cost: passwordCost)
    }

    public func createUser(email: String, name: String, isAdmin: Bool) async throws -> UserAccount {
        let email = email.trimmingCharacters(in: .whitespaces).lowercased()
        var v = Validator()
        v.required(email, "email", "Enter an email address")
        v.email(email, "email")
        v.required(name, "name", "Enter the user's name")
        if !v.errors.isEmpty { throw StatlasError.invalid(v.errors) }
        let user = UserAccount(
            id: UUID().uuidString.lowercased(), email: email, name: name, isAdmin: isAdmin, createdAt: Date())
        try await database.transaction { db in
            if try await db.raw("SELECT id FROM users WHERE email = \(bind: email)").first() != nil {
                throw StatlasError.invalid([FieldError("email", "A user with this email address already exists")])
            }
            try await db.raw(
                """
                INSERT INTO users (id, email, name, is_admin, disabled, created_at)
                VALUES (\(bind: user.id), \(bind: email), \(bind: name), \(bind: isAdmin ? 1 : 0), 0, \(bind: Timestamp.now()))
                """
            ).run()
        }
        return user
    }

    public func user(email: String) async throws -> UserAccount? {
        try await database.withConnection { db in
            try await Self.withOrganisations(
                try await db.raw("SELECT * FROM users WHERE email = \(bind: email.lowercased())").first().map(
                    Self.account), db)
        }
    }

    public func createToken(userId: String, label: String?) async throws -> (id: String, token: String) {
        let token = "stl_" + SecretToken.hex(bytes: 32)
        let id = UUID().uuidString.lowercased()
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO api_tokens (id, user_id, token_hash, label, created_at)
                VALUES (\(bind: id), \(bind: userId), \(bind: AccountRules.hash(token)), \(bind: label), \(bind: Timestamp.now()))
                """
            ).run()
        }
        return (id, token)
    }

    public func user(forToken token: String) async throws -> UserAccount? {
        let row = try await database.withConnection { db in
            try await db.raw(
                """
                SELECT u.*, t.id AS token_id, t.last_used_at FROM api_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = \(bind: AccountRules.hash(token)) AND t.revoked_at IS NULL AND u.disabled = 0
                """
            ).first()
        }
        guard let row else { return nil }
        var user = try Self.account(row)
        user.tokenId = try row.decode(column: "token_id", as: String.self)
        let found = user
        return try await database.withConnection { db in try await Self.withOrganisations(found, db) }
    }

    public func recordTokenUse(_ uses: [TokenUse]) async throws {
        guard !uses.isEmpty else { return }
        let audit = uses.map {
            AuditEntry(.tokenUse, actorId: $0.userId, detail: "API token \($0.tokenId): \($0.request)")
        }
        let latest = Dictionary(uses.map { ($0.tokenId, $0.at) }, uniquingKeysWith: max)
        let (engine, seal) = (database.engine, seal)
        try await database.transaction { db in
            for (id, at) in latest {
                try await db.raw(
                    "UPDATE api_tokens SET last_used_at = \(bind: Timestamp.string(at)) WHERE id = \(bind: id)"
                ).run()
            }
            try await AuditLog.append(audit, at: Date(), engine: engine, seal: seal, db)
        }
    }

    public func revokeToken(id: String) async throws -> Bool {
        try await database.transaction { db in
            let rows = try await db.raw(
                "UPDATE api_tokens SET revoked_at = \(bind: Timestamp.now()) WHERE id = \(bind: id) AND revoked_at IS NULL RETURNING id"
            ).all()
            return !rows.isEmpty
        }
    }

    static func account(_ row: any SQLRow) throws -> UserAccount {
        UserAccount(
            id: try row.decode(column: "id", as: String.self), email: try row.decode(column: "email", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            isAdmin: try row.decode(column: "is_admin", as: Int.self) == 1,
            disabled: try row.decode(column: "disabled", as: Int.self) == 1, createdAt: Date(),
            twoFactor: (try? row.decode(column: "totp_enabled", as: Int.self)) == 1)
    }

}
