import ArgumentParser
import Foundation
import StatlasCore
import StatlasStorage

/// `statlas user …`: account administration.
struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage user accounts.",
        subcommands: [
            Create.self, List.self, SetPassword.self, SetRole.self, Disable.self, Enable.self, ResetTwoFactor.self,
        ])

    /// `statlas user create --email E --name N [--admin | --editor ORG_ID …]`.
    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Create a user account: a viewer, an editor of organisations (--editor, repeatable) or an administrator (--admin)."
        )
        @Option(help: "The user's email address (their sign-in name).") var email: String
        @Option(help: "The user's name.") var name: String
        @Flag(help: "Make the user an administrator.") var admin = false
        @Option(
            name: .customLong("editor"),
            help: "An organisation id whose records the user may change (repeat for several).")
        var editorOf: [String] = []
        @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
        var passwordStdin = false
        @OptionGroup var storage: StorageOptions

        func validate() throws {
            if admin && !editorOf.isEmpty {
                throw ValidationError("Give either --admin or --editor, not both: administrators may edit everything.")
            }
        }

        func run() async throws {
            let password = try PasswordInput.read(fromStdin: passwordStdin)
            if let password, let problem = PasswordPolicy.problems(password).first {
                throw ValidationError(problem.message)
            }
            let user = try await storage.with { service in
                // The organisations are checked before anything is written: a refused editor leaves no account.
                let known = Set(try await service.records.get(Organisation.self, ids: editorOf).map(\.id))
                if let missing = editorOf.first(where: { !known.contains($0) }) {
                    throw ValidationError("No organisation has the id \(missing): nothing was created.")
                }
                let user = try await service.accounts.createUser(email: email, name: name, isAdmin: admin)
                if !editorOf.isEmpty {
                    _ = try await service.accounts.setOrganisations(email: user.email, organisations: editorOf)
                }
                if let password { try await service.accounts.setPassword(email: user.email, password: password) }
                try await service.audit.append(AuditEntry(.account, actorId: nil, detail: "created user \(user.id)"))
                return user
            }
            let role =
                admin
                ? " (administrator)"
                : editorOf.isEmpty ? " (viewer)" : " (editor of \(editorOf.joined(separator: ", ")))"
            print("Created user \(user.email)\(role) with id \(user.id).")
            if password == nil {
                print("No password set: set one with 'statlas user set-password --email \(user.email)' to sign in.")
            }
        }
    }

    /// `statlas user list`.
    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List user accounts with their roles.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            for user in try await storage.with({ try await $0.accounts.users() }) {
                let organisations =
                    user.organisations.isEmpty ? "" : " of " + user.organisations.joined(separator: ", ")
                print(
                    "\(user.email)\t\(user.roleLabel)\(organisations)\t\(user.disabled ? "disabled" : "active")\t\(user.id)"
                )
            }
        }
    }

    /// `statlas user set-role E [--admin | --editor ORG …]`: changes a user's role.
    struct SetRole: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-role",
            abstract: "Make a user a viewer (no options), an editor of organisations, or an administrator.")
        @Argument(help: "The user's email address.") var email: String
        @Flag(help: "Make the user an administrator.") var admin = false
        @Option(
            name: .customLong("editor"),
            help: "An organisation id whose records the user may change (repeat for several).")
        var editorOf: [String] = []
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let found = try await storage.with { service in
                guard try await service.accounts.setOrganisations(email: email, organisations: admin ? [] : editorOf)
                else { return false }
                _ = try await service.accounts.setAdmin(email: email, isAdmin: admin)
                try await service.audit.append(AuditEntry(.account, actorId: nil, detail: "changed a user's role"))
                return true
            }
            guard found else { throw ValidationError("No user has the email address \(email).") }
            print(
                "\(email.lowercased()) is now \(admin ? "an administrator" : editorOf.isEmpty ? "a viewer" : "an editor of " + editorOf.joined(separator: ", "))."
            )
        }
    }

    /// `statlas user set-password --email E [--password-stdin]`: sets a password and ends the user's sessions.
    struct SetPassword: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "set-password", abstract: "Set a user's password (ends their signed-in sessions).")
        @Option(help: "The user's email address.") var email: String
        @Flag(help: "Read the password from the first line of standard input instead of asking for it.")
        var passwordStdin = false
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            guard let password = try PasswordInput.read(fromStdin: passwordStdin) else {
                throw ValidationError(
                    "Give the password on standard input with --password-stdin, or run this in a terminal.")
            }
            try await storage.with { try await $0.accounts.setPassword(email: email, password: password) }
            print("Password set for \(email.lowercased()).")
        }
    }

    /// `statlas user disable E`: stops an account and ends its sessions.
    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable a user account and end its sessions.")
        @Argument(help: "The user's email address.") var email: String
        @OptionGroup var storage: StorageOptions

        func run() async throws { try await UserCommand.setDisabled(email, true, storage) }
    }

    /// `statlas user enable E`: lets a disabled account sign in again.
    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled user account again.")
        @Argument(help: "The user's email address.") var email: String
        @OptionGroup var storage: StorageOptions

        func run() async throws { try await UserCommand.setDisabled(email, false, storage) }
    }

    /// `statlas user reset-two-factor E`: for a user who lost their authenticator app and recovery codes.
    struct ResetTwoFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-two-factor",
            abstract:
                "Turn off a user's two-factor authentication (lost app and recovery codes) and end their sessions.")
        @Argument(help: "The user's email address.") var email: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let found = try await storage.with { service in
                let found = try await service.accounts.resetTwoFactor(email: email)
                if found {
                    try await service.audit.append(
                        AuditEntry(.account, actorId: nil, detail: "reset a user's two-factor authentication"))
                }
                return found
            }
            guard found else { throw ValidationError("No user has the email address \(email).") }
            print(
                "Two-factor authentication is off for \(email.lowercased()); they sign in with their password and can set it up again."
            )
        }
    }

    static func setDisabled(_ email: String, _ disabled: Bool, _ storage: StorageOptions) async throws {
        let found = try await storage.with { service in
            let found = try await service.accounts.setDisabled(email: email, disabled: disabled)
            if found {
                try await service.audit.append(
                    AuditEntry(.account, actorId: nil, detail: disabled ? "disabled a user" : "enabled a user"))
            }
            return found
        }
        guard found else { throw ValidationError("No user has the email address \(email).") }
        print("\(email.lowercased()) is \(disabled ? "disabled" : "enabled").")
    }
}

/// Reads a new password without echoing it (twice, on a terminal) or from standard input.
enum PasswordInput {
    static func read(fromStdin: Bool) throws -> String? {
        if fromStdin {
            guard let line = readLine(strippingNewline: true), !line.isEmpty else {
                throw ValidationError("No password on standard input.")
            }
            return line
        }
        guard isatty(STDIN_FILENO) == 1 else { return nil }
        guard
            let first = getpass("Password (at least \(PasswordPolicy.minimumLength) characters): ").map({
                String(cString: $0)
            }),
            let second = getpass("The same password again: ").map({ String(cString: $0) })
        else { return nil }
        guard first == second else { throw ValidationError("The two passwords are different.") }
        return first
    }
}
