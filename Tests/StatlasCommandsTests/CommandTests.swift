import ArgumentParser
import Foundation
import Logging
import StatlasCore
import StatlasStorage
import Testing

@testable import StatlasCommands

@Suite("Command line")
struct CommandTests {
    func run(_ arguments: [String]) async throws {
        guard var command = try StatlasCommand.parseAsRoot(arguments) as? any AsyncParsableCommand else {
            Issue.record("not an async command: \(arguments)")
            return
        }
        try await command.run()
    }

    @Test("user create, token create, token revoke and migrate work on a data directory")
    func userAndToken() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statlas-cli-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await run(["user", "create", "--email", "a@example.org", "--name", "A", "--admin", "--data-dir", directory])
        try await run(["token", "create", "--email", "a@example.org", "--data-dir", directory])
        try await run(["migrate", "--data-dir", directory])
        await #expect(throws: (any Error).self) {
            try await run(["user", "create", "--email", "a@example.org", "--name", "A", "--data-dir", directory])
        }
        await #expect(throws: (any Error).self) { try await run(["token", "revoke", "no-such-token", "--data-dir", directory]) }
        await #expect(throws: (any Error).self) { try await run(["token", "create", "--email", "nobody@example.org", "--data-dir", directory]) }
        let storage = try await StorageService.open(.sqlite(path: directory + "/statlas.sqlite"), logger: Logger(label: "t"))
        #expect(try await storage.accounts.user(email: "a@example.org")?.isAdmin == true)
        await storage.shutdown()
    }

    @Test("Every command has --help with the shared storage options; bad database URLs are refused")
    func help() throws {
        let commands: [any ParsableCommand.Type] = [ServeCommand.self, MigrateCommand.self, UserCommand.Create.self,
            TokenCommand.Create.self, TokenCommand.Revoke.self]
        for command in commands {
            let help = command.helpMessage()
            #expect(help.contains("--data-dir") && help.contains("--database-url"))
        }
        #expect(ServeCommand.helpMessage().contains("--reference-data"))
        let options = try StorageOptions.parse(["--database-url", "mysql://x"])
        #expect(throws: (any Error).self) { _ = try options.configuration() }
        let sqlite = try StorageOptions.parse(["--data-dir", "/tmp/x"])
        #expect(try sqlite.configuration() == .sqlite(path: "/tmp/x/statlas.sqlite"))
    }
}
