import ArgumentParser
import Foundation
import StatlasCore
import StatlasStorage

/// `statlas token …`: API tokens, which carry their user's permissions.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token", abstract: "Manage API tokens.", subcommands: [Create.self, List.self, Revoke.self])

    /// `statlas token create --email E`: prints a new token once.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create an API token for a user; the token is shown once.")
        @Option(help: "The email address of the token's user.") var email: String
        @Option(help: "A label to recognise the token by.") var label: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let created = try await storage.with { service -> (String, String, String)? in
                guard let user = try await service.accounts.user(email: email), !user.disabled else { return nil }
                let (id, token) = try await service.accounts.createToken(userId: user.id, label: label)
                try await service.audit.append(
                    AuditEntry(.tokenCreate, actorId: user.id, detail: "API token \(id), from the command line"))
                return (id, token, user.email)
            }
            guard let (id, token, owner) = created else {
                throw ValidationError(
                    "No enabled user has the email address \(email). Create one with 'statlas user create'.")
            }
            print("Token \(id) for \(owner). Copy it now; it is not shown again:")
            print(token)
        }
    }

    /// `statlas token list --email E`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List a user's API tokens (never the token text).")
        @Option(help: "The email address of the tokens' user.") var email: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let tokens = try await storage.with { service -> [APIToken]? in
                guard let user = try await service.accounts.user(email: email) else { return nil }
                return try await service.accounts.tokens(userId: user.id)
            }
            guard let tokens else { throw ValidationError("No user has the email address \(email).") }
            let format = ISO8601DateFormatter()
            for token in tokens {
                let state = token.revokedAt.map { "revoked " + format.string(from: $0) } ?? "active"
                let used = token.lastUsedAt.map { "last used " + format.string(from: $0) } ?? "never used"
                print(
                    "\(token.id)\t\(token.label ?? "-")\tcreated \(format.string(from: token.createdAt))\t\(used)\t\(state)"
                )
            }
        }
    }

    /// `statlas token revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by its id.")
        @Argument(help: "The token's id, as printed by 'token create'.") var id: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let revoked = try await storage.with { service in
                let revoked = try await service.accounts.revokeToken(id: id)
                if revoked {
                    try await service.audit.append(AuditEntry(.tokenRevoke, actorId: nil, detail: "API token \(id)"))
                }
                return revoked
            }
            guard revoked else { throw ValidationError("No active token has the id \(id).") }
            print("Revoked token \(id).")
        }
    }
}
