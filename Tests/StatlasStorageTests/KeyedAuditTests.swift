import Crypto
import Foundation
import Logging
import SQLKit
import StatlasCore
import StatlasTestSupport
import Testing

@testable import StatlasStorage

@Suite("Keyed audit trail: HMAC-SHA-256 with a key outside the database (S11)")
struct KeyedAuditTests {
    /// Lifts every guard on the audit trail, as someone with direct database access can.
    static func liftTriggers(_ storage: StorageService) async throws {
        try await storage.database.withConnection { db in
            if storage.database.engine == .sqlite {
                for trigger in ["audit_events_sealed", "audit_events_redaction", "audit_events_no_delete"] {
                    try await db.raw("DROP TRIGGER \(unsafeRaw: trigger)").run()
                }
            } else {
                try await db.raw("DROP TRIGGER audit_events_append_only ON audit_events").run()
            }
        }
    }

    static func events(_ storage: StorageService) async throws -> Int {
        try await storage.database.withConnection { db in
            try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) ?? 0
        }
    }

    @Test("An event marked redacted outside an erasure is reported at that event", arguments: TestDatabase.engines)
    func forgedRedaction(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await TrustStorageTests.person(in: storage)
            #expect(try await storage.audit.verify().isIntact)
            let update = try #require(try await storage.audit.history(.person, id: "zq", limit: 1).first?.sequence)
            try await Self.liftTriggers(storage)
            // Rewrite the content and hide the change behind the redacted flag.
            try await storage.database.withConnection { db in
                try await db.raw("UPDATE audit_events SET after_json = '{}', redacted = 1 WHERE seq = \(bind: update)")
                    .run()
            }
            let result = try await storage.audit.verify()
            #expect(result.firstBroken == update, "\(result)")
            #expect(result.problem?.contains("no erasure redacted it") == true)
        }
    }

    @Test(
        "A chain recomputed with database access alone (no key) fails at its first event",
        arguments: TestDatabase.engines)
    func recomputedChain(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await TrustStorageTests.person(in: storage)
            try await Self.liftTriggers(storage)
            let target = try #require(try await storage.audit.history(.person, id: "zq", limit: 1).first?.sequence)
            // The forger edits one event and recomputes every hash with the unkeyed SHA-256 the chain once used
            // (or any other function): without the key, nothing they compute can match.
            let rows = try await storage.database.withConnection { db in
                try await db.raw("SELECT * FROM audit_events ORDER BY seq").all()
            }
            var previous = AuditLog.genesis
            for row in rows {
                var entry = try AuditLog.entry(row)
                let sequence = try row.decode(column: "seq", as: Int.self)
                if sequence == target {
                    entry.after = entry.after?.replacingOccurrences(of: "Head of data", with: "Janitor")
                }
                let content = KeyedAuditSchema.hex(Data(((entry.before ?? "") + "\u{1E}" + (entry.after ?? "")).utf8))
                let fields = [
                    previous, String(sequence), try row.decode(column: "at", as: String.self),
                    try row.decode(column: "action", as: String.self),
                    entry.actorId ?? "", entry.entity?.rawValue ?? "", entry.recordId ?? "", entry.detail ?? "",
                    content, "redacted=0",
                ]
                let hash = KeyedAuditSchema.hex(Data(fields.joined(separator: "\u{1F}").utf8))
                let (after, prior) = (entry.after, previous)
                try await storage.database.withConnection { db in
                    try await db.raw(
                        """
                        UPDATE audit_events SET after_json = \(bind: after), content_hash = \(bind: content), prev_hash = \(bind: prior),
                        hash = \(bind: hash) WHERE seq = \(bind: sequence)
                        """
                    ).run()
                }
                previous = hash
            }
            let result = try await storage.audit.verify()
            #expect(result.firstBroken == 1, "\(result)")
        }
    }

    @Test("Erasure redacts through an event of its own, and the chain still verifies", arguments: TestDatabase.engines)
    func erasureIsAnEvent(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await TrustStorageTests.person(in: storage)
            try await storage.records.erase(personId: "zq", by: .system)
            let erasure = try #require(try await storage.audit.history(.person, id: "zq", limit: 1).first)
            #expect(erasure.entry.action == .erase)
            let listed = AuditLog.redactions(in: erasure.entry.after)
            #expect(
                listed.count >= 3,
                "the person's create and update and the relationship's and activity's events: \(listed)")
            #expect(try await storage.audit.verify().isIntact)
            // Another erasure of the same person (as a restore does) keeps the first erasure's list.
            _ = try await storage.records.reapplyErasures(["zq"])
            #expect(try await storage.audit.verify().isIntact)
        }
    }

    @Test(
        "Events removed from the end, or all of them, are reported: the chain's head is sealed too",
        arguments: TestDatabase.engines)
    func truncation(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await TrustStorageTests.person(in: storage)
            let last = try await Self.events(storage)
            try await Self.liftTriggers(storage)
            try await storage.database.withConnection { db in
                try await db.raw("DELETE FROM audit_events WHERE seq = \(bind: last)").run()
            }
            let cut = try await storage.audit.verify()
            #expect(cut.firstBroken == last && cut.problem?.contains("removed from the end") == true, "\(cut)")
            try await storage.database.withConnection { db in try await db.raw("DELETE FROM audit_events").run() }
            let emptied = try await storage.audit.verify()
            #expect(emptied.firstBroken == 1, "\(emptied)")
            try await storage.database.withConnection { db in try await db.raw("DELETE FROM audit_head").run() }
            #expect(try await storage.audit.verify().isIntact, "a trail that never had events, and no head, is intact")
        }
    }

    @Test(
        "A redacted event cannot be given content again: the trigger refuses, and verify reports it",
        arguments: TestDatabase.engines)
    func redactedStaysRedacted(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            try await TrustStorageTests.person(in: storage)
            try await storage.records.erase(personId: "zq", by: .system)
            let redacted = try #require(
                try await storage.database.withConnection { db in
                    try await db.raw("SELECT seq FROM audit_events WHERE redacted = 1 ORDER BY seq LIMIT 1").first()?
                        .decode(column: "seq", as: Int.self)
                })
            await #expect(throws: (any Error).self) {
                try await storage.database.withConnection { db in
                    try await db.raw(
                        "UPDATE audit_events SET after_json = '{\"name\":\"Forged\"}' WHERE seq = \(bind: redacted)"
                    ).run()
                }
            }
            await #expect(throws: (any Error).self) {
                try await storage.database.withConnection { db in
                    try await db.raw("UPDATE audit_events SET redacted = 0 WHERE seq = \(bind: redacted)").run()
                }
            }
            #expect(try await storage.audit.verify().isIntact)
            try await Self.liftTriggers(storage)
            try await storage.database.withConnection { db in
                try await db.raw(
                    "UPDATE audit_events SET after_json = '{\"name\":\"Forged\"}' WHERE seq = \(bind: redacted)"
                ).run()
            }
            let result = try await storage.audit.verify()
            #expect(
                result.firstBroken == redacted && result.problem?.contains("holds content again") == true, "\(result)")
            // Tombstones come from the erasure events too: deleting the row does not undo the erasure on restore.
            try await storage.database.withConnection { db in try await db.raw("DELETE FROM erasures").run() }
            #expect(try await storage.records.erasedPeople() == ["zq"])
        }
    }

    @Test("The key lives outside the database: a 0600 file beside SQLite; missing for a sealed trail, opening stops")
    func keyFile() async throws {
        let (configuration, cleanup) = try await TestDatabase.fresh(.sqlite)
        defer { Task { await cleanup() } }
        let key = TestDatabase.auditKey(configuration)
        let storage = try await TestDatabase.open(configuration)
        try await storage.audit.append(AuditEntry(.signIn, actorId: "someone"))
        await storage.shutdown()
        guard case .file(let path) = key else {
            Issue.record("not a file")
            return
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.trimmingCharacters(in: .whitespacesAndNewlines).count == 64)
        if case .sqlite(let database) = configuration {
            #expect(
                try Data(contentsOf: URL(fileURLWithPath: database)).range(of: Data(text.prefix(64).utf8)) == nil,
                "the key is not in the database")
        }
        try FileManager.default.removeItem(atPath: path)
        await #expect(throws: StatlasStorageError.self) { _ = try await TestDatabase.open(configuration) }
        // With a different key (someone's guess), the trail does not verify.
        let other = try await StorageService.open(
            configuration, logger: Logger(label: "t"), passwordCost: 4,
            auditKey: .secret(String(repeating: "k", count: 40)))
        #expect(try await other.audit.verify().firstBroken == 1)
        await other.shutdown()
    }

    @Test(
        "A database from before keyed sealing is checked and resealed when migrated; earlier tampering stays visible",
        arguments: TestDatabase.engines)
    func legacyTrail(engine: Engine) async throws {
        for tampered in [false, true] {
            let (configuration, cleanup) = try await TestDatabase.fresh(engine)
            let database = try Database(configuration, logger: Logger(label: "t"))
            let seal = try TestDatabase.auditKey(configuration).load(create: true)
            try await Migrator.migrate(database, seal: seal, through: 4)
            // Three events chained the way version 4 chained them (unkeyed SHA-256), the second redacted by the
            // erasure that is the third.
            var previous = AuditLog.genesis
            for (sequence, action, after, redacted) in [
                (1, "create", "{\"name\":\"A\"}", 0), (2, "update", nil, 1), (3, "erase", nil, 0),
            ] as [(Int, String, String?, Int)] {
                let stored = after.map { tampered && sequence == 1 ? $0.replacingOccurrences(of: "A", with: "B") : $0 }
                let content = KeyedAuditSchema.hex(Data(("" + "\u{1E}" + (after ?? "")).utf8))
                let at = "2026-01-0\(sequence)T00:00:00Z"
                let fields = [previous, String(sequence), at, action, "", "people", "p", "", content]
                let hash = KeyedAuditSchema.hex(Data(fields.joined(separator: "\u{1F}").utf8))
                let prior = previous
                try await database.withConnection { db in
                    try await db.raw(
                        """
                        INSERT INTO audit_events (seq, at, action, entity, record_id, after_json, content_hash, redacted, prev_hash, hash)
                        VALUES (\(bind: sequence), \(bind: at), \(bind: action), 'people', 'p', \(bind: stored), \(bind: content), \(bind: redacted),
                        \(bind: prior), \(bind: hash))
                        """
                    ).run()
                }
                previous = hash
            }
            await database.shutdown()
            let storage = try await TestDatabase.open(configuration)
            let result = try await storage.audit.verify()
            if tampered {
                #expect(result.firstBroken == 1, "tampering before the upgrade is still reported: \(result)")
            } else {
                #expect(result.isIntact && result.checked == 4, "three events and the seal: \(result)")
                let seal = try await storage.audit.events(.person, id: "p")
                #expect(seal.count == 3)
            }
            await storage.shutdown()
            await cleanup()
        }
    }
}
