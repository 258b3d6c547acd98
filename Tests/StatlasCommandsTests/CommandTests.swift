import ArgumentParser
import Foundation
import Logging
import StatlasCore
import StatlasExchange
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

    /// How a command that must fail fails: the message ArgumentParser prints and the exit status.
    func failure(_ arguments: [String]) async -> (message: String, status: Int32) {
        do {
            try await run(arguments)
            Issue.record("\(arguments) succeeded")
            return ("", 0)
        } catch {
            return (StatlasCommand.message(for: error), StatlasCommand.exitCode(for: error).rawValue)
        }
    }

    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("statlas-cli-\(UUID().uuidString)").path
    }

    static func open(_ directory: String) async throws -> StorageService {
        try await StorageService.open(
            .sqlite(path: directory + "/statlas.sqlite"), logger: Logger(label: "t"), passwordCost: 4)
    }

    @Test("user create, token create, token revoke and migrate work on a data directory")
    func userAndToken() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statlas-cli-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await run(["user", "create", "--email", "a@example.org", "--name", "A", "--admin", "--data-dir", directory])
        try await run(["token", "create", "--email", "a@example.org", "--data-dir", directory])
        try await run(["migrate", "--data-dir", directory])
        let again = await failure([
            "user", "create", "--email", "a@example.org", "--name", "A", "--data-dir", directory,
        ])
        #expect(again.message.contains("A user with this email address already exists") && again.status == 64)
        let revoke = await failure(["token", "revoke", "no-such-token", "--data-dir", directory])
        #expect(revoke.message.contains("No active token has the id no-such-token") && revoke.status == 64)
        let nobody = await failure(["token", "create", "--email", "nobody@example.org", "--data-dir", directory])
        #expect(
            nobody.message.contains("No enabled user has the email address nobody@example.org") && nobody.status == 64)
        // An editor of an organisation not in the register is refused before anything is written.
        let unknown = await failure([
            "user", "create", "--email", "e@example.org", "--name", "E", "--editor", "no-such-body", "--data-dir",
            directory,
        ])
        #expect(unknown.message.contains("No organisation has the id no-such-body: nothing was created"))
        let storage = try await Self.open(directory)
        #expect(try await storage.accounts.user(email: "a@example.org")?.isAdmin == true)
        #expect(try await storage.accounts.user(email: "e@example.org") == nil)
        await storage.shutdown()
    }

    @Test(
        "study import-document reads a caption file into a study for a participant, encrypted; mistakes change nothing")
    func importDocument() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statlas-cli-\(UUID().uuidString)"
        ).path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try await run(["user", "create", "--email", "r@example.org", "--name", "R", "--data-dir", directory])
        var storage = try await Self.open(directory)
        let lead = try #require(try await storage.accounts.user(email: "r@example.org"))
        var study = Study()
        (study.title, study.kind) = ("Field notes", .interviews)
        let id = try await storage.services.studies.create(study, lead: lead).id
        _ = try await storage.services.studies.addParticipant(StudyParticipant(), to: id)
        await storage.shutdown()
        let file = directory + "/interview.srt"
        try "1\n00:00:01,000 --> 00:00:02,000\nP01: We meet the council monthly.\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        try await run([
            "study", "import-document", id, file, "--participant", "P01", "--data-dir", directory,
        ])
        let nobody = await failure([
            "study", "import-document", id, file, "--participant", "P09", "--data-dir", directory,
        ])
        #expect(nobody.message.contains("The study has no participant P09"))
        let unknown = await failure([
            "study", "import-document", id, directory + "/notes.xyz", "--participant", "P01", "--data-dir",
            directory,
        ])
        #expect(unknown.message.contains("Give --format"))
        storage = try await Self.open(directory)
        let documents = try await storage.services.studies.documents(of: id)
        #expect(documents.map(\.title) == ["interview"] && documents.first?.format == .srt)
        let text = try await storage.services.studies.document(documents[0].id, of: id)?.text
        #expect(text == "P01: We meet the council monthly.")
        await storage.shutdown()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: directory + "/statlas.sqlite"))
        let wal = (try? Data(contentsOf: URL(fileURLWithPath: directory + "/statlas.sqlite-wal"))) ?? Data()
        #expect(
            bytes.range(of: Data("council monthly".utf8)) == nil && wal.range(of: Data("council monthly".utf8)) == nil)
    }

    @Test("Every command has --help with the shared storage options; bad database URLs are refused")
    func help() throws {
        let commands: [any ParsableCommand.Type] = [
            ServeCommand.self, MigrateCommand.self, UserCommand.Create.self,
            TokenCommand.Create.self, TokenCommand.Revoke.self, ImportCommand.self, ExportCommand.self,
        ]
        for command in commands {
            let help = command.helpMessage()
            #expect(help.contains("--data-dir") && help.contains("--database-url"))
        }
        #expect(ServeCommand.helpMessage().contains("--reference-data"))
        let options = try StorageOptions.parse(["--database-url", "mysql://x"])
        let refused = #expect(throws: ValidationError.self) { _ = try options.configuration() }
        #expect(refused?.message == "--database-url must start with postgres:// (for SQLite, use --data-dir instead)")
        let sqlite = try StorageOptions.parse(["--data-dir", "/tmp/x"])
        #expect(try sqlite.configuration() == .sqlite(path: "/tmp/x/statlas.sqlite"))
    }

    @Test(
        "import and export: a bad file exits with status 65 and writes nothing; export → import round-trips through files"
    )
    func importExport() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statlas-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let data = directory.appendingPathComponent("data").path
        let good = directory.appendingPathComponent("themes.csv")
        try Data("id,name\nhousing,Housing\nwellbeing,Wellbeing\n".utf8).write(to: good)
        try await run(["import", "themes", good.path, "--data-dir", data])
        let bad = directory.appendingPathComponent("bad.csv")
        try Data("id,name\ntransport,Transport\ncrime,\"Crime\n".utf8).write(to: bad)
        await #expect(throws: ExitCode(65)) { try await run(["import", "themes", bad.path, "--data-dir", data]) }
        let wrongFormat = await failure(["import", "themes", good.path, "--format", "govuk", "--data-dir", data])
        #expect(wrongFormat.status == 65, "a file that is not in the format named is a data error: \(wrongFormat)")
        let output = directory.appendingPathComponent("out.json").path
        try await run(["export", "themes", "--format", "json", "--output", output, "--data-dir", data])
        let exported =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: output))) as? [[String: Any]]
        #expect(exported?.compactMap { $0["id"] as? String } == ["housing", "wellbeing"])
        let other = directory.appendingPathComponent("other").path
        try await run(["import", "themes", output, "--data-dir", other])
        let storage = try await Self.open(other)
        #expect(try await storage.records.get(Theme.self, ids: ["housing", "wellbeing", "transport"]).count == 2)
        await storage.shutdown()
    }

    @Test("A database that cannot be opened makes the command fail with the reason and exit status 1")
    func unopenable() async throws {
        let file = Self.directory()
        try Data("not a directory".utf8).write(to: URL(fileURLWithPath: file))
        defer { try? FileManager.default.removeItem(atPath: file) }
        for arguments in [["migrate"], ["user", "list"], ["audit", "verify"], ["export", "themes"]] {
            let result = await failure(arguments + ["--data-dir", file])
            #expect(result.status == 1, "\(arguments): \(result)")
            #expect(
                result.message.hasPrefix("Could not open SQLite at \(file)/statlas.sqlite"),
                "\(arguments): \(result.message)")
        }
    }

    @Test("restore and migrate refuse while a server holds the database; afterwards they run")
    func maintenanceWaitsForTheServer() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let backup = directory + "/backup.sqlite"
        try await run(["user", "create", "--email", "a@example.org", "--name", "A", "--data-dir", directory])
        try await run(["backup", "--output", backup, "--data-dir", directory])
        let server = try await Self.open(directory)
        let lock = try #require(try await server.database.holdForServer())
        for command in ["restore", "migrate"] {
            let arguments = command == "restore" ? ["restore", backup] : ["migrate"]
            let refused = await failure(arguments + ["--data-dir", directory])
            #expect(refused.status == 1, "\(command): \(refused)")
            #expect(
                refused.message.contains("Statlas is running on this database")
                    && refused.message.contains("statlas \(command)"), "\(refused.message)")
        }
        // Meanwhile the server goes on working: its write is still there after it stops.
        _ = try await server.accounts.createUser(email: "b@example.org", name: "B", isAdmin: false)
        await lock.release()
        await server.shutdown()
        try await run(["migrate", "--data-dir", directory])
        try await run(["restore", backup, "--data-dir", directory])
        let restored = try await Self.open(directory)
        #expect(try await restored.accounts.user(email: "a@example.org") != nil)
        await restored.shutdown()
    }

    @Test("Two servers starting at once on an empty directory take turns loading the demo: no duplicates, no error")
    func startTogether() async throws {
        let directory = Self.directory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let results = try await withThrowingTaskGroup(of: DemoLoader.Summary.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    let storage = try await Self.open(directory)
                    let summary = try await storage.database.serialisingStartUp {
                        try await DemoLoader.load(into: storage.records)
                    }
                    await storage.shutdown()
                    return summary
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results.map(\.created).sorted().first == 0, "the second found everything loaded: \(results)")
        #expect(Set(results.map { $0.created + $0.existing }).count == 1)
    }
}
