import Foundation
import SQLKit
import StatlasCore
import StatlasTestSupport
import Testing

@testable import StatlasStorage

/// An import records the records of each kind it creates as one audit event, with a row per record in
/// `audit_records` sealed by the event (S11): each record's history still shows its creation and the row it came
/// from, and any change to the rows is found by verification.
@Suite("Imported records in the audit trail")
struct ImportedRecordsTests {
    static func rows(_ count: Int, kind: EntityKind = .theme) -> [ImportRow] {
        (0..<count).map { i in
            ImportRow(
                kind, id: "imported-\(i)", fields: ["name": .string("Imported \(i)")],
                location: "line \(i + 2) (imported-\(i))")
        }
    }

    static func run(_ storage: StorageService, _ sql: SQLQueryString) async throws {
        try await storage.database.withConnection { db in try await db.raw(sql).run() }
    }

    @Test(
        "One event per kind imported; each record's history shows its creation and row; the chain verifies",
        arguments: TestDatabase.engines)
    func historyAndVerification(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let before = try await KeyedAuditTests.events(storage)
            let summary = try await storage.records.importRows(Self.rows(1_200), kind: .theme, progress: nil)
            #expect(summary.created == 1_200)
            #expect(try await KeyedAuditTests.events(storage) == before + 1)
            let history = try await storage.audit.history(.theme, id: "imported-700", limit: 10)
            #expect(history.count == 1)
            #expect(history.first?.entry.action == .create && history.first?.entry.recordId == "imported-700")
            #expect(history.first?.entry.detail == "import line 702 (imported-700)")
            #expect(history.first?.entry.after == nil)
            #expect(
                try await storage.audit.events(.theme, id: "imported-3").map(\.entry.detail) == [
                    "import line 5 (imported-3)"
                ])
            // A later change is the record's own event, after its creation.
            var theme = try await storage.records.get(Theme.self, id: "imported-3")
            theme.description = "Changed"
            _ = try await storage.records.update(theme, expectedVersion: theme.version)
            #expect(
                try await storage.audit.history(.theme, id: "imported-3", limit: 10).map(\.entry.action) == [
                    .update, .create,
                ])
            #expect(try await storage.audit.verify().isIntact)
        }
    }

    @Test(
        "A row of imported records removed, changed, added or moved to another event is found by verification",
        arguments: TestDatabase.engines)
    func tampering(engine: Engine) async throws {
        let changes: [(String, SQLQueryString)] = [
            ("removed", "DELETE FROM audit_records WHERE record_id = 'imported-10'"),
            ("changed", "UPDATE audit_records SET location = 'line 9999' WHERE record_id = 'imported-11'"),
            ("renamed", "UPDATE audit_records SET record_id = 'someone-else' WHERE record_id = 'imported-12'"),
            (
                "added",
                "INSERT INTO audit_records (entity, record_id, seq, location) SELECT entity, 'forged', seq, 'line 1' FROM audit_records WHERE record_id = 'imported-13'"
            ),
            ("moved", "UPDATE audit_records SET seq = seq + 1000 WHERE record_id = 'imported-14'"),
            (
                "listed under no import",
                "INSERT INTO audit_records (entity, record_id, seq, location) VALUES ('themes', 'orphan', 999999, 'line 1')"
            ),
        ]
        for (name, change) in changes {
            try await TestDatabase.withStorage(engine) { storage in
                _ = try await storage.records.importRows(Self.rows(30), kind: .theme, progress: nil)
                let event = try #require(try await storage.audit.history(.theme, id: "imported-0", limit: 1).first)
                #expect(try await storage.audit.verify().isIntact, "\(name)")
                try await Self.run(storage, change)
                let result = try await storage.audit.verify()
                #expect(!result.isIntact, "\(name): \(result)")
                // Rows under a number that is no event's are reported after the last event.
                let last = try await KeyedAuditTests.events(storage)
                #expect(
                    result.firstBroken == (name == "listed under no import" ? last + 1 : event.sequence),
                    "\(name): \(result)")
            }
        }
    }
}
