import ArgumentParser
import Foundation
import StatlasCore
import StatlasStorage

/// `statlas audit verify`: checks the audit trail's hash chain.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit", abstract: "Check the audit trail.", subcommands: [Verify.self])

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Recompute the audit trail's hash chain and report the first broken link.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let result = try await storage.with { try await $0.audit.verify() }
            if let broken = result.firstBroken {
                printError(
                    "The audit trail is broken at event \(broken): \(result.problem ?? "it does not verify"). \(result.checked) events before it verify."
                )
                throw ExitCode(1)
            }
            print(
                "The audit trail is intact: \(result.checked) events verified; the last event's hash is \(result.lastHash ?? "-")."
            )
        }
    }
}

/// `statlas person export|erase|review`: personal data rights (UK GDPR Articles 15 and 17) and reviews.
struct PersonCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "person", abstract: "Personal data: subject access exports, erasure and review dates.",
        subcommands: [Export.self, Erase.self, Review.self])

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write everything held about a person as JSON (subject access).")
        @Argument(help: "The person's id.") var id: String
        @Option(help: "Write to this file instead of standard output.") var output: String?
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let data = try await storage.with { service in
                let report = try await SubjectAccessReport.gather(
                    personId: id, records: service.records, audit: service.audit)
                try await service.audit.append(
                    AuditEntry(.export, actorId: nil, entity: .person, recordId: id, detail: "subject access export"))
                let encoder = RecordCodec.encoder()
                encoder.outputFormatting.insert(.prettyPrinted)
                return try encoder.encode(report)
            }
            if let output {
                try data.write(to: URL(fileURLWithPath: output), options: .atomic)
                printError("Wrote everything held about person \(id) to \(output).")
            } else {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
    }

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract:
                "Erase a person: anonymise them in every table, redact their history, and keep a tombstone so restores erase them again."
        )
        @Argument(help: "The person's id.") var id: String
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            try await storage.with { try await $0.records.erase(personId: id, by: .system) }
            print("Erased person \(id).")
        }
    }

    struct Review: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List people whose review date has passed.")
        @OptionGroup var storage: StorageOptions

        func run() async throws {
            let due = try await storage.with { try await ReviewReport.due($0.records, today: CalendarDate(Date())) }
            for person in due { print("\(person.reviewDate?.description ?? "")\t\(person.id)\t\(person.name)") }
            printError("\(due.count) \(due.count == 1 ? "person is" : "people are") due for review.")
        }
    }
}

/// `statlas backup --output F`: an online, consistent backup.
struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract:
            "Write a consistent backup while the server keeps running (SQLite VACUUM INTO; pg_dump for PostgreSQL).")
    @Option(help: "The new backup file.") var output: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        try await storage.with { try await Backup.create($0, to: output) }
        print("Backed up to \(output).")
    }
}

/// `statlas restore F`: replaces the database with a backup (stop the server first).
struct RestoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "restore",
        abstract:
            "Replace the database with a backup, migrate it, and erase again everyone erased since. Stop the server first."
    )
    @Argument(help: "The backup file made by 'statlas backup'.") var file: String
    @OptionGroup var storage: StorageOptions

    func run() async throws {
        let configuration = try storage.configuration()
        let (service, reErased): (StorageService, Int)
        do {
            (service, reErased) = try await Backup.restore(
                configuration, from: file, logger: commandLogger(), auditKey: storage.auditKey)
        } catch {
            throw CommandFailure(CommandFailure.reason(error))
        }
        await service.shutdown()
        print(
            "Restored \(file) into \(configuration.redacted); \(reErased) erased \(reErased == 1 ? "person was" : "people were") erased again."
        )
    }
}
