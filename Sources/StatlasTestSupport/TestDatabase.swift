import Foundation
import Logging
import SQLKit
import StatlasCore
import StatlasStorage

/// The databases every repository and API test runs against.
///
/// SQLite always; PostgreSQL when `STATLAS_TEST_POSTGRES_URL` is set, and always under `CI=true`
/// (where a missing server makes the tests fail instead of being skipped).
public enum TestDatabase {
    public static var engines: [Engine] {
        let environment = ProcessInfo.processInfo.environment
        let ci = environment["CI"] == "true"
        return environment["STATLAS_TEST_POSTGRES_URL"] != nil || ci ? [.sqlite, .postgres] : [.sqlite]
    }

    static var postgresURL: String {
        ProcessInfo.processInfo.environment["STATLAS_TEST_POSTGRES_URL"]
            ?? "postgres://postgres@127.0.0.1:5433/postgres"
    }

    static var logger: Logger {
        var logger = Logger(label: "statlas-test")
        logger.logLevel = .warning
        return logger
    }

    /// A configuration for a brand-new, empty database of the given engine, and a cleanup to call after.
    public static func fresh(_ engine: Engine) async throws -> (DatabaseConfiguration, @Sendable () async -> Void) {
        let name = "t_" + UUID().uuidString.lowercased().replacingOccurrences(of: "-", with: "").prefix(16)
        switch engine {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("statlas-test-\(name)")
            let path = directory.appendingPathComponent("statlas.sqlite").path
            return (.sqlite(path: path), { try? FileManager.default.removeItem(at: directory) })
        case .postgres:
            let admin = try Database(.postgres(url: postgresURL), logger: logger)
            try await admin.withConnection { db in try await db.raw("CREATE SCHEMA \(unsafeRaw: String(name))").run() }
            await admin.shutdown()
            let url = postgresURL
            let key = auditKey(.postgres(url: url, schema: String(name)))
            return (
                .postgres(url: url, schema: String(name)),
                {
                    if case .file(let path) = key { try? FileManager.default.removeItem(atPath: path) }
                    if let admin = try? Database(.postgres(url: url), logger: logger) {
                        _ = try? await admin.withConnection { db in
                            try await db.raw("DROP SCHEMA \(unsafeRaw: String(name)) CASCADE").run()
                        }
                        await admin.shutdown()
                    }
                }
            )
        }
    }

    /// The audit key of a test database: beside a SQLite file; for a PostgreSQL schema, a file of its own in the
    /// temporary directory (so that reopening the same schema finds the same key).
    public static func auditKey(_ configuration: DatabaseConfiguration) -> AuditKeySource {
        switch configuration {
        case .sqlite(let path):
            return .file(
                URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("audit.key").path)
        case .postgres(_, let schema):
            return .file(
                FileManager.default.temporaryDirectory.appendingPathComponent(
                    "statlas-test-audit-\(schema ?? "public").key"
                ).path)
        }
    }

    /// Opens (and migrates) storage on a test database with its audit key.
    public static func open(_ configuration: DatabaseConfiguration, kinds: RecordKinds = .standard) async throws
        -> StorageService
    {
        try await StorageService.open(
            configuration, logger: logger, passwordCost: 4, auditKey: auditKey(configuration), kinds: kinds)
    }

    /// Runs `body` with opened, migrated storage on a new database, and removes the database afterwards.
    public static func withStorage<T: Sendable>(
        _ engine: Engine, kinds: RecordKinds = .standard, _ body: (StorageService) async throws -> T
    ) async throws -> T {
        let (configuration, cleanup) = try await fresh(engine)
        let storage = try await open(configuration, kinds: kinds)
        do {
            let result = try await body(storage)
            await storage.shutdown()
            await cleanup()
            return result
        } catch {
            await storage.shutdown()
            await cleanup()
            throw error
        }
    }
}

extension TestDatabase {
    /// Every text value stored in every table, with where it is: for tests that something (erased personal data,
    /// sealed study content) is in no table in the clear.
    public static func storedText(_ database: Database) async throws -> [(place: String, text: String)] {
        let tables: [String] = try await database.withConnection { db in
            let sql =
                database.engine == .sqlite
                ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
                : "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'"
            return try await db.raw("\(unsafeRaw: sql)").all().map { try $0.decode(column: "name", as: String.self) }
        }
        var found: [(place: String, text: String)] = []
        for table in tables {
            let rows = try await database.withConnection { db in try await db.raw("SELECT * FROM \(ident: table)").all()
            }
            for row in rows {
                for column in row.allColumns {
                    if let text = try? row.decode(column: column, as: String?.self) {
                        found.append(("\(table).\(column)", text))
                    }
                }
            }
        }
        return found
    }
}
