import Crypto
import Foundation
import Logging
import SQLKit
import StatlasCore

/// Online backups and restores (STANDARDS.md R5). SQLite uses `VACUUM INTO`, which copies one consistent
/// snapshot while writers carry on; PostgreSQL uses `pg_dump`, which reads one snapshot too. A restore
/// carries the erasure tombstones of the database it replaces into the restored one and erases those
/// people again, so restoring an older backup never brings back erased personal data (S15).
public enum Backup {
    /// Writes a consistent copy of the live database to `path` (which must not exist yet).
    public static func create(_ storage: StorageService, to path: String) async throws {
        guard !FileManager.default.fileExists(atPath: path) else {
            throw StatlasStorageError.configuration("\(path) already exists: choose a new file name for the backup")
        }
        switch storage.database.configuration {
        case .sqlite:
            try await storage.database.withConnection { db in try await db.raw("VACUUM INTO \(bind: path)").run() }
        case .postgres(let url, let schema):
            try PostgresTools.run(
                "pg_dump", url: url,
                arguments: ["--format=custom", "--no-owner", "--schema", schema ?? "public", "--file", path])
        }
    }

    /// Replaces the database's content with the backup at `path`, then migrates it to the current schema,
    /// erases again everyone erased in the replaced database, and records the restore in the audit trail.
    /// The server must be stopped. Returns the storage opened on the restored data and the number of
    /// people erased again.
    public static func restore(
        _ configuration: DatabaseConfiguration, from path: String, logger: Logger, passwordCost: UInt8 = 12,
        auditKey: AuditKeySource? = nil, kinds: RecordKinds = .standard
    ) async throws -> (StorageService, reErased: Int) {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StatlasStorageError.configuration("There is no backup file at \(path)")
        }
        let guardian = try Database(configuration, logger: logger)
        guard let lock = try await guardian.holdForMaintenance() else {
            await guardian.shutdown()
            throw StatlasStorageError.configuration(Self.inUse("restore"))
        }
        do {
            let restored = try await lock.whileHeld {
                try await replace(
                    configuration, from: path, logger: logger, passwordCost: passwordCost, auditKey: auditKey,
                    kinds: kinds)
            }
            await guardian.shutdown()
            return restored
        } catch {
            await guardian.shutdown()
            throw error
        }
    }

    /// Why a maintenance command refuses to run: a server holds the database.
    public static func inUse(_ command: String) -> String {
        "Statlas is running on this database (a server or another maintenance command holds it). Stop it first, then run 'statlas \(command)' again."
    }

    /// The restore itself, run while holding the database exclusively.
    static func replace(
        _ configuration: DatabaseConfiguration, from path: String, logger: Logger, passwordCost: UInt8,
        auditKey: AuditKeySource?, kinds: RecordKinds
    ) async throws -> (StorageService, reErased: Int) {
        let tombstones = try await currentTombstones(configuration, logger: logger)
        let participantTombstones = try await currentParticipantTombstones(configuration, logger: logger)
        switch configuration {
        case .sqlite(let target):
            let temporary = target + ".restoring"
            try? FileManager.default.removeItem(atPath: temporary)
            try FileManager.default.copyItem(atPath: path, toPath: temporary)
            do {
                try await checkSQLiteBackup(temporary, logger: logger)
            } catch {
                for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: temporary + suffix) }
                throw error
            }
            for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: target + suffix) }
            guard rename(temporary, target) == 0 else {
                throw StatlasStorageError.configuration(
                    "Could not move the restored database into place (error \(errno))")
            }
        case .postgres(let url, let schema):
            let name = schema ?? "public"
            let database = try Database(configuration, logger: logger)
            do {
                try await database.withConnection { db in
                    try await db.raw("DROP SCHEMA IF EXISTS \(ident: name) CASCADE").run()
                }
                if name == "public" {
                    try await database.withConnection { db in try await db.raw("CREATE SCHEMA public").run() }
                }
            } catch {
                await database.shutdown()
                throw error
            }
            await database.shutdown()
            try PostgresTools.run("pg_restore", url: url, arguments: ["--no-owner", "--exit-on-error", path])
        }
        let storage = try await StorageService.open(
            configuration, logger: logger, passwordCost: passwordCost, auditKey: auditKey, kinds: kinds)
        do {
            let all = Array(Set(tombstones).union(try await storage.records.erasedPeople())).sorted()
            var count = try await storage.records.reapplyErasures(all)
            try await storage.database.transaction { db in
                for (study, participant, erasedAt) in participantTombstones {
                    try await db.raw(
                        "INSERT INTO study_erasures (study_id, participant_id, erased_at) VALUES (\(bind: study), \(bind: participant), \(bind: erasedAt)) ON CONFLICT DO NOTHING"
                    ).run()
                }
            }
            count += try await SQLStudyRepository(database: storage.database, seal: storage.audit.seal)
                .reapplyParticipantErasures()
            try await storage.audit.append(
                AuditEntry(.restore, actorId: nil, detail: "restored a backup; \(count) erasures applied again"))
            return (storage, count)
        } catch {
            await storage.shutdown()
            throw error
        }
    }

    /// The erasure tombstones of the database about to be replaced (none when it does not exist yet).
    static func currentTombstones(_ configuration: DatabaseConfiguration, logger: Logger) async throws -> [String] {
        if case .sqlite(let path) = configuration, !FileManager.default.fileExists(atPath: path) { return [] }
        let database = try Database(configuration, logger: logger)
        do {
            // A database Statlas never set up (no migrations table) has no tombstones; any other failure stops
            // the restore, so that no erasure is silently dropped.
            let version = (try? await Migrator.currentVersion(database)) ?? 0
            let ids = version >= 3 ? try await SQLRecordRepository.erasedPeople(database) : []
            await database.shutdown()
            return ids
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// The study participants' erasure tombstones of the database about to be replaced (study, participant, when).
    static func currentParticipantTombstones(_ configuration: DatabaseConfiguration, logger: Logger) async throws
        -> [(String, String, String)]
    {
        if case .sqlite(let path) = configuration, !FileManager.default.fileExists(atPath: path) { return [] }
        let database = try Database(configuration, logger: logger)
        do {
            let version = (try? await Migrator.currentVersion(database)) ?? 0
            let rows =
                version >= 19
                ? try await database.withConnection { db in
                    try await db.raw("SELECT study_id, participant_id, erased_at FROM study_erasures").all().map {
                        (
                            try $0.decode(column: "study_id", as: String.self),
                            try $0.decode(column: "participant_id", as: String.self),
                            try $0.decode(column: "erased_at", as: String.self)
                        )
                    }
                } : []
            await database.shutdown()
            return rows
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// Refuses a file that is not an intact Statlas SQLite database (checked on the copy about to be used).
    static func checkSQLiteBackup(_ path: String, logger: Logger) async throws {
        let probe = try Database(.sqlite(path: path), logger: logger)
        let result = try? await probe.withConnection { db -> (String?, Int) in
            let check = try await db.raw("PRAGMA integrity_check").first()?.decode(
                column: "integrity_check", as: String.self)
            return (check, try await Migrator.currentVersion(probe))
        }
        try? await probe.withConnection { db in try await db.raw("PRAGMA wal_checkpoint(TRUNCATE)").run() }
        await probe.shutdown()
        guard let result, result.0 == "ok", result.1 > 0 else {
            throw StatlasStorageError.configuration(
                "The file is not an intact Statlas backup (integrity check: \(result?.0 ?? "failed"))")
        }
    }

    /// A SHA-256 over the content that matters (records, accounts, audit trail, tombstones), in key order:
    /// two databases with the same digest hold the same register.
    /// `auditThrough` leaves out audit events after that sequence number (such as the restore's own).
    public static func contentDigest(
        _ database: Database, kinds: RecordKinds = .standard, auditThrough: Int = Int.max
    ) async throws -> String {
        let queries: [String] =
            kinds.all.map {
                "SELECT id, version, created_at, updated_at, demo, title, body FROM \($0.table) ORDER BY id"
            } + [
                "SELECT id, email, name, is_admin, disabled FROM users ORDER BY id",
                "SELECT seq, hash, redacted FROM audit_events WHERE seq <= \(auditThrough) ORDER BY seq",
                "SELECT person_id FROM erasures ORDER BY person_id",
            ]
        return try await database.withConnection { db in
            var hasher = SHA256()
            for query in queries {
                hasher.update(data: Data([0x1D]))
                for row in try await db.raw("\(unsafeRaw: query)").all() {
                    for column in row.allColumns {
                        let text =
                            (try? row.decode(column: column, as: String?.self))
                            ?? (try? row.decode(column: column, as: Int?.self)).map { $0.map(String.init) } ?? nil
                        hasher.update(data: Data((text ?? "∅").utf8))
                        hasher.update(data: Data([0x1F]))
                    }
                    hasher.update(data: Data([0x1E]))
                }
            }
            return AuditLog.hex(hasher.finalize())
        }
    }
}
