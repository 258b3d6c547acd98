import ArgumentParser
import StatlasCore
import StatlasStorage

/// `statlas user …`: account administration.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage user accounts.",
        subcommands: [Create.self])

    /// `statlas user create --email E --name N [--admin]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user account.")
        @Option(help: "The user's email address (their sign-in name).") var email: String
        @Option(help: "The user's name.") var name: String
        @Flag(help: "Make the user an administrator.") var admin = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let service = try await storage.open(logger: commandLogger())
            do {
                let user = try await service.accounts.createUser(email: email, name: name, isAdmin: admin)
                await service.shutdown()
                print("Created user \(user.email)\(admin ? " (administrator)" : "") with id \(user.id).")
            } catch StatlasError.invalid(let errors) {
                await service.shutdown()
                throw ValidationError(errors.map(\.message).joined(separator: "; "))
            }
        }
    }
}

/// `statlas token …`: API tokens.
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "token", abstract: "Manage API tokens.",
        subcommands: [Create.self, Revoke.self])

    /// `statlas token create --email E`: prints a new token once.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an API token for a user; the token is shown once.")
        @Option(help: "The email address of the token's user.") var email: String
        @Option(help: "A label to recognise the token by.") var label: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let service = try await storage.open(logger: commandLogger())
            guard let user = try await service.accounts.user(email: email), !user.disabled else {
                await service.shutdown()
                throw ValidationError("No enabled user has the email address \(email). Create one with 'statlas user create'.")
            }
            let (id, token) = try await service.accounts.createToken(userId: user.id, label: label)
            await service.shutdown()
            print("Token \(id) for \(user.email). Copy it now; it is not shown again:")
            print(token)
        }
    }

    /// `statlas token revoke ID`.
    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke an API token by its id.")
        @Argument(help: "The token's id, as printed by 'token create'.") var id: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let service = try await storage.open(logger: commandLogger())
            let revoked = try await service.accounts.revokeToken(id: id)
            await service.shutdown()
            guard revoked else { throw ValidationError("No active token has the id \(id).") }
            print("Revoked token \(id).")
        }
    }
}
