import Foundation
import Logging
import SQLKit
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Audit trail, erasure, backup and restore (S11, S15, R5)")
struct TrustStorageTests {
    static let name = "Zebedee Quartermaine"
    static let email = "zebedee.q@example.org"

    /// A person recorded in several contexts: their record (changed once), an organisation's contact
    /// relationship that they own and whose notes name them, and an activity whose feedback quotes their email.
    static func person(in storage: StorageService) async throws {
        var organisation = Organisation()
        (organisation.id, organisation.name, organisation.kind) = ("org-z", "Zed Council", .localAuthority)
        _ = try await storage.records.create(organisation)
        var other = Organisation()
        (other.id, other.name, other.kind) = ("org-y", "Why Trust", .localAuthority)
        _ = try await storage.records.create(other)
        var person = Person()
        (person.id, person.name, person.email, person.organisationId, person.jobTitle) = (
            "zq", name, email, "org-z", "Data lead"
        )
        let created = try await storage.records.create(person)
        var changed = created
        changed.jobTitle = "Head of data"
        _ = try await storage.records.update(changed, expectedVersion: 1)
        var relationship = Relationship()
        (relationship.id, relationship.ownerOrganisationId, relationship.stakeholderOrganisationId) = (
            "rel-z", "org-z", "org-y"
        )
        (relationship.relationshipOwnerId, relationship.notes) = ("zq", "Talk to \(name) first")
        (relationship.power, relationship.interest) = (3, 3)
        _ = try await storage.records.create(relationship)
        var activity = Activity()
        (activity.id, activity.title, activity.start, activity.organiserIds) = (
            "act-z", "Open day", CalendarDate("2026-03-01"), ["org-z"]
        )
        activity.feedbackSummary = "Questions went to \(email)"
        _ = try await storage.records.create(activity)
        // Named in its title alone, which is kept in the title column rather than the body.
        var call = Activity()
        (call.id, call.title, call.start, call.organiserIds) = (
            "act-y", "Call with \(name)", CalendarDate("2026-03-02"), ["org-z"]
        )
        _ = try await storage.records.create(call)
    }

    /// Every text value in every table that contains the name or email (case-insensitive).
    static func traces(_ database: Database) async throws -> [String] {
        try await TestDatabase.storedText(database).filter { _, text in
            let lower = text.lowercased()
            return lower.contains("zebedee") || lower.contains("quartermaine") || lower.contains(email)
        }.map(\.place)
    }

    @Test(
        "Every change is chained; the verifier finds a tampered row, and the trail refuses updates and deletes",
        arguments: TestDatabase.engines)
    func auditChain(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await Self.person(in: storage)
            try await storage.audit.append(AuditEntry(.signIn, actorId: "someone"))
            let intact = try await storage.audit.verify()
            #expect(intact.isIntact && intact.checked >= 8)
            let history = try await storage.audit.history(.person, id: "zq", limit: 10)
            #expect(history.map(\.entry.action) == [.update, .create])
            #expect(history.first?.changedFields == ["jobTitle"])
            await #expect(throws: (any Error).self) {
                try await storage.database.withConnection { db in
                    try await db.raw("DELETE FROM audit_events WHERE seq = 2").run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await storage.database.withConnection { db in
                    try await db.raw("UPDATE audit_events SET detail = 'x' WHERE seq = 2").run()
                }
            }
            // Someone with direct access removes the guard and edits the content of the person's update.
            let update = try #require(history.first?.sequence)
            try await storage.database.withConnection { db in
                if engine == .sqlite {  // the guards: sealed columns, and content that may only be blanked
                    try await db.raw("DROP TRIGGER audit_events_sealed").run()
                    try await db.raw("DROP TRIGGER audit_events_redaction").run()
                } else {
                    try await db.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
                }
                try await db.raw(
                    "UPDATE audit_events SET after_json = REPLACE(after_json, 'Head of data', 'Janitor') WHERE seq = \(bind: update)"
                ).run()
            }
            let broken = try await storage.audit.verify()
            #expect(broken.firstBroken == update && broken.checked == update - 1)
            try await storage.database.withConnection { db in
                try await db.raw(
                    "UPDATE audit_events SET after_json = REPLACE(after_json, 'Janitor', 'Head of data') WHERE seq = \(bind: update)"
                ).run()
                try await db.raw("UPDATE audit_events SET actor_id = 'intruder' WHERE seq = \(bind: update + 1)").run()
            }
            #expect(try await storage.audit.verify().firstBroken == update + 1)
        }
    }

    @Test(
        "Erasure reaches every table, keeps references and the chain valid; the export has everything first",
        arguments: TestDatabase.engines)
    func erasure(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await Self.person(in: storage)
            let report = try await SubjectAccessReport.gather(
                personId: "zq", records: storage.records, audit: storage.audit)
            #expect(report.person.email == Self.email && report.history.count == 2)
            #expect(Set(report.referredToBy.map(\.id)) == ["rel-z"])
            #expect(try await !Self.traces(storage.database).isEmpty)
            try await storage.records.erase(personId: "zq", by: .system)
            #expect(try await Self.traces(storage.database) == [])
            let person = try await storage.records.get(Person.self, id: "zq")
            #expect(person.isErased && person.name == Person.erasedName && person.email == nil)
            #expect(try await storage.records.get(Relationship.self, id: "rel-z").relationshipOwnerId == "zq")
            #expect(try await storage.records.get(Relationship.self, id: "rel-z").notes == "Talk to [erased] first")
            #expect(try await storage.records.search("Zebedee", kinds: nil, limit: 10).isEmpty)
            // The relationship rewritten without the name is still titled, and found, by its organisations' names.
            let titles = try await storage.records.search("Why Trust", kinds: [.relationship], limit: 10).map(\.title)
            #expect(titles == ["Zed Council → Why Trust"], "\(titles)")
            #expect(try await storage.audit.verify().isIntact)
            #expect(try await storage.records.erasedPeople() == ["zq"])
            if case .sqlite(let path) = storage.database.configuration {
                let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
                #expect(bytes.range(of: Data("Zebedee".utf8)) == nil && bytes.range(of: Data("zebedee".utf8)) == nil)
                let wal = (try? Data(contentsOf: URL(fileURLWithPath: path + "-wal"))) ?? Data()
                #expect(wal.range(of: Data("Zebedee".utf8)) == nil)
            }
        }
    }

    @Test("Restoring a backup made before an erasure erases the person again", arguments: TestDatabase.engines)
    func restoreReappliesErasure(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let backup = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statlas-backup-\(UUID().uuidString)"
        ).path
        defer {
            try? FileManager.default.removeItem(atPath: backup)
        }
        var storage = try await TestDatabase.open(configuration)
        do {
            try await Self.person(in: storage)
            try await Backup.create(storage, to: backup)
            try await storage.records.erase(personId: "zq", by: .system)
            await storage.shutdown()
            let (restored, reErased) = try await Backup.restore(
                configuration, from: backup, logger: Self.logger, passwordCost: 4,
                auditKey: TestDatabase.auditKey(configuration))
            storage = restored
            #expect(reErased == 1)
            #expect(try await storage.records.get(Person.self, id: "zq").isErased)
            #expect(try await Self.traces(storage.database) == [])
            #expect(try await storage.audit.verify().isIntact)
            await storage.shutdown()
        } catch {
            await storage.shutdown()
            await cleanup()
            throw error
        }
        await cleanup()
    }

    @Test(
        "A backup taken while writers run is consistent, and a quiet backup restores identical content (R5)",
        arguments: TestDatabase.engines)
    func backupUnderLoad(engine: Engine) async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(engine)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent(
            "statlas-backups-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let storage = try await TestDatabase.open(configuration)
        do {
            let records = storage.records
            let writers = Task {
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for writer in 0..<4 {
                        group.addTask {
                            for i in 0..<60 {
                                var theme = Theme()
                                (theme.id, theme.name) = ("w\(writer)-\(i)", "Theme \(writer) \(i)")
                                _ = try await records.create(theme)
                            }
                        }
                    }
                    try await group.waitForAll()
                }
            }
            while (try await records.counts()[.theme] ?? 0) < 20 { try await Task.sleep(for: .milliseconds(10)) }
            let during = directory.appendingPathComponent("during.backup").path
            try await Backup.create(storage, to: during)
            try await writers.value
            let quiet = directory.appendingPathComponent("quiet.backup").path
            try await Backup.create(storage, to: quiet)
            let sourceDigest = try await Backup.contentDigest(storage.database)
            let lastEvent = try await storage.database.withConnection { db in
                try await db.raw("SELECT MAX(seq) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self)
                    ?? 0
            }
            await storage.shutdown()

            let (fromDuring, _) = try await Backup.restore(
                configuration, from: during, logger: Self.logger, passwordCost: 4,
                auditKey: TestDatabase.auditKey(configuration))
            let counts = try await fromDuring.database.withConnection { db in
                let themes = try await db.raw("SELECT COUNT(*) AS n FROM themes WHERE id LIKE 'w%'").first()?.decode(
                    column: "n", as: Int.self)
                let events = try await db.raw(
                    "SELECT COUNT(*) AS n FROM audit_events WHERE entity = 'themes' AND action = 'create'"
                ).first()?
                .decode(column: "n", as: Int.self)
                return (themes ?? -1, events ?? -2)
            }
            #expect(
                counts.0 == counts.1, "every record in the backup has its audit event, and no event lacks its record")
            #expect(counts.0 > 0)
            #expect(try await fromDuring.audit.verify().isIntact)
            await fromDuring.shutdown()

            let (fromQuiet, _) = try await Backup.restore(
                configuration, from: quiet, logger: Self.logger, passwordCost: 4,
                auditKey: TestDatabase.auditKey(configuration))
            #expect(try await Backup.contentDigest(fromQuiet.database, auditThrough: lastEvent) == sourceDigest)
            #expect(try await fromQuiet.records.counts()[.theme] == 240)
            await fromQuiet.shutdown()
        } catch {
            await storage.shutdown()
            await cleanup()
            throw error
        }
        await cleanup()
    }

    static var logger: Logger {
        var logger = Logger(label: "statlas-test")
        logger.logLevel = .warning
        return logger
    }
}
