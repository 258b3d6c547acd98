import Foundation
import SQLKit
import StatlasCore

/// Roles (administrator, editor of organisations, viewer), account listing and API token descriptions.
extension SQLAccountRepository {
    public func setOrganisations(email: String, organisations: [String]) async throws -> Bool {
        let wanted = Array(Set(organisations.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }))
            .sorted()
        return try await database.transaction { db in
            guard let row = try await db.raw("SELECT id FROM users WHERE email = \(bind: email.lowercased())").first()
            else { return false }
            let userId = try row.decode(column: "id", as: String.self)
            if !wanted.isEmpty {
                let found = Set(
                    try await db.raw("SELECT id FROM organisations WHERE id IN (\(binds: wanted))").all()
                        .map { try $0.decode(column: "id", as: String.self) })
                let missing = wanted.filter { !found.contains($0) }
                if !missing.isEmpty {
                    throw StatlasError.invalid(
                        missing.map { FieldError("organisations", "No organisation has the id \($0)") })
                }
            }
            try await db.raw("DELETE FROM user_organisations WHERE user_id = \(bind: userId)").run()
            for organisation in wanted {
                try await db.raw(
                    "INSERT INTO user_organisations (user_id, organisation_id) VALUES (\(bind: userId), \(bind: organisation))"
                ).run()
            }
            return true
        }
    }

    public func setAdmin(email: String, isAdmin: Bool) async throws -> Bool {
        try await database.transaction { db in
            !(try await db.raw(
                "UPDATE users SET is_admin = \(bind: isAdmin ? 1 : 0) WHERE email = \(bind: email.lowercased()) RETURNING id"
            ).all()).isEmpty
        }
    }

    public func users() async throws -> [UserAccount] {
        try await database.withConnection { db in
            let memberships = try await Self.memberships(db, userId: nil)
            return try await db.raw("SELECT * FROM users ORDER BY email").all().map { row in
                var user = try Self.account(row)
                user.organisations = memberships[user.id] ?? []
                return user
            }
        }
    }

    public func user(id: String) async throws -> UserAccount? {
        try await database.withConnection { db in
            try await Self.withOrganisations(
                try await db.raw("SELECT * FROM users WHERE id = \(bind: id)").first().map(Self.account), db)
        }
    }

    public func tokens(userId: String) async throws -> [APIToken] {
        try await database.withConnection { db in
            try await db.raw("SELECT * FROM api_tokens WHERE user_id = \(bind: userId) ORDER BY created_at DESC, id")
                .all().map(Self.token)
        }
    }

    public func token(id: String) async throws -> APIToken? {
        try await database.withConnection { db in
            try await db.raw("SELECT * FROM api_tokens WHERE id = \(bind: id)").first().map(Self.token)
        }
    }

    /// The user with their organisations filled in.
    static func withOrganisations(_ user: UserAccount?, _ db: any SQLDatabase) async throws -> UserAccount? {
        guard var user else { return nil }
        user.organisations = try await memberships(db, userId: user.id)[user.id] ?? []
        return user
    }

    /// Organisation ids by user id, for one user or all.
    static func memberships(_ db: any SQLDatabase, userId: String?) async throws -> [String: [String]] {
        let filter: SQLQueryString = userId.map { "WHERE user_id = \(bind: $0)" } ?? ""
        let rows = try await db.raw(
            "SELECT user_id, organisation_id FROM user_organisations \(filter) ORDER BY organisation_id"
        ).all()
        var result: [String: [String]] = [:]
        for row in rows {
            result[try row.decode(column: "user_id", as: String.self), default: []].append(
                try row.decode(column: "organisation_id", as: String.self))
        }
        return result
    }

    static func token(_ row: any SQLRow) throws -> APIToken {
        APIToken(
            id: try row.decode(column: "id", as: String.self),
            userId: try row.decode(column: "user_id", as: String.self),
            label: try row.decode(column: "label", as: String?.self),
            createdAt: Timestamp.date(try row.decode(column: "created_at", as: String.self)) ?? .distantPast,
            lastUsedAt: try row.decode(column: "last_used_at", as: String?.self).flatMap(Timestamp.date),
            revokedAt: try row.decode(column: "revoked_at", as: String?.self).flatMap(Timestamp.date))
    }
}
