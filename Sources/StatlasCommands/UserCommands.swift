import Foundation
import ArgumentParser
import StatlasCore
import StatlasStorage

/// `statlas user …`: account administration.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "user", abstract: "Manage user accounts.",
        subcommands: [Create.self, SetPassword.self, Disable.self])

    /// `statlas user create --email E --name N [--admin]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a user account.")
        @Option(help: "The user's email address (their sign-in name).") var email: String
        @Option(help: "The user's name.") var name: String
        @Flag(help: "Make the user an administrator.") var admin = false
        @Flag(help: "Read the password from the first line of standard input instead of asking for it.") var passwordStdin = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let password = try PasswordInput.read(fromStdin: passwordStdin)
            if let password, let problem = PasswordPolicy.problems(password).first { throw ValidationError(problem.message) }
            let service = try await storage.open(logger: commandLogger())
            do {
                let user = try await service.accounts.createUser(email: email, name: name, isAdmin: admin)
                if let password { try await service.accounts.setPassword(email: user.email, password: password) }
                await service.shutdown()
                print("Created user \(user.email)\(admin ? " (administrator)" : "") with id \(user.id).")
                if password == nil { print("No password set: set one with 'statlas user set-password --email \(user.email)' to sign in.") }
            } catch StatlasError.invalid(let errors) {
                await service.shutdown()
                throw ValidationError(errors.map(\.message).joined(separator: "; "))
            }
        }
    }
}

extension UserCommand {
    /// `statlas user set-password --email E [--password-stdin]`: sets a password and ends the user's sessions.
    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set a user's password (ends their signed-in sessions).")
        @Option(help: "The user's email address.") var email: String
        @Flag(help: "Read the password from the first line of standard input instead of asking for it.") var passwordStdin = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let password = try PasswordInput.read(fromStdin: passwordStdin) else {
                throw ValidationError("Give the password on standard input with --password-stdin, or run this in a terminal.")
            }
            let service = try await storage.open(logger: commandLogger())
            do {
                try await service.accounts.setPassword(email: email, password: password)
                await service.shutdown()
                print("Password set for \(email.lowercased()).")
            } catch StatlasError.invalid(let errors) {
                await service.shutdown()
                throw ValidationError(errors.map(\.message).joined(separator: "; "))
            }
        }
    }

    /// `statlas user disable --email E [--enable]`: stops (or restores) an account; disabling ends its sessions.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user account and end its sessions, or --enable it again.")
        @Option(help: "The user's email address.") var email: String
        @Flag(help: "Enable the account again instead.") var enable = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let service = try await storage.open(logger: commandLogger())
            let found = try await service.accounts.setDisabled(email: email, disabled: !enable)
            await service.shutdown()
            guard found else { throw ValidationError("No user has the email address \(email).") }
            print("\(email.lowercased()) is \(enable ? "enabled" : "disabled").")
        }
    }
}

/// Reads a new password without echoing it (twice, on a terminal) or from standard input.
enum PasswordInput {
    static func read(fromStdin: Bool) throws -> String? {
        if fromStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else { throw ValidationError("No password on standard input.") }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        guard let first = getpass("Password (at least \(PasswordPolicy.minimumLength) characters): ").map({ String(cString: $0) }),
            let second = getpass("The same password again: ").map({ String(cString: $0) })
        else { return nil }
        guard first == second else { throw ValidationError("The two passwords are different.") }
        return first
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
