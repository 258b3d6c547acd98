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
            TokenCommand.Create.self, TokenCommand.Revoke.self, ImportCommand.self, ExportCommand.self]
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

    @Test("import and export: a bad file exits with status 65 and writes nothing; export → import round-trips through files")
    func importExport() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statlas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let good = directory.appendingPathComponent("themes.csv")
        try Data("id,name\nhousing,Housing\nwellbeing,Wellbeing\n".utf8).write(to: good)
        try await run(["import", "themes", good.path, "--data-dir", data])
        let bad = directory.appendingPathComponent("bad.csv")
        try Data("id,name\ntransport,Transport\ncrime,\"Crime\n".utf8).write(to: bad)
        await #expect(throws: ExitCode(65)) { try await run(["import", "themes", bad.path, "--data-dir", data]) }
        await #expect(throws: (any Error).self) { try await run(["import", "themes", good.path, "--format", "govuk", "--data-dir", data]) }
        let output = directory.appendingPathComponent("out.json").path
        try await run(["export", "themes", "--format", "json", "--output", output, "--data-dir", data])
        let exported = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]]
        #expect(exported?.compactMap { $0["id"] as? String } == ["housing", "wellbeing"])
        let other = directory.appendingPathComponent("other").path
        try await run(["import", "themes", output, "--data-dir", other])
        let storage = try await StorageService.open(.sqlite(path: other + "/statlas.sqlite"), logger: Logger(label: "t"))
        #expect(try await storage.records.get(Theme.self, ids: ["housing", "wellbeing", "transport"]).count == 2)
        await storage.shutdown()
    }
}
