import Foundation
import Logging
import SQLKit
import StatlasCore

/// One numbered schema change. Migrations run in order, each in its own transaction, and are never edited
/// once released: a later change is a new migration.
struct Migration: Sendable {
    let number: Int
    let name: String
    let statements: @Sendable (Engine) -> [String]
    /// Work that SQL alone cannot do, run after the statements in the same transaction.
    var code: (@Sendable (any SQLDatabase, Engine, AuditSeal) async throws -> Void)? = nil
}

/// Applies pending migrations and reports the schema version.
public enum Migrator {
    /// Every migration, in order.
    static let all: [Migration] = [
        Migration(number: 1, name: "register", statements: InitialSchema.statements),
        Migration(number: 2, name: "sessions", statements: SessionsSchema.statements),
        Migration(number: 3, name: "trust", statements: TrustSchema.statements),
        Migration(number: 4, name: "two-factor", statements: TwoFactorSchema.statements),
        Migration(number: 5, name: "keyed-audit", statements: KeyedAuditSchema.statements, code: KeyedAuditSchema.seal),
        Migration(number: 6, name: "analytics", statements: AnalyticsSchema.statements),
        Migration(number: 7, name: "compact", statements: { _ in [] }, code: CompactSchema.rebuild),
        Migration(number: 8, name: "analytics-rows", statements: AnalyticsRowsSchema.statements),
        Migration(number: 9, name: "analytics-claims", statements: AnalyticsClaimsSchema.statements),
        Migration(number: 10, name: "derived-facets", statements: DerivedFacetsSchema.statements),
        Migration(number: 11, name: "imported-records", statements: ImportedRecordsSchema.statements),
        // From here on a body may be stored without what its row's columns hold (`StoredBodies`), which builds
        // before it cannot read: the number is what tells a build that the database is newer than it.
        Migration(number: 12, name: "stored-bodies", statements: { _ in [] }),
        Migration(number: 13, name: "aliases", statements: AliasesSchema.statements),
        Migration(number: 14, name: "action-facets", statements: ActionFacetsSchema.statements),
        Migration(number: 15, name: "title-stems", statements: { _ in [] }, code: StemFacetsSchema.write),
        Migration(number: 16, name: "studies", statements: StudiesSchema.statements),
        Migration(number: 17, name: "study-content", statements: StudyContentSchema.statements),
        Migration(number: 18, name: "study-coding", statements: StudyCodingSchema.statements),
        Migration(number: 19, name: "study-findings", statements: StudyFindingsSchema.statements),
        Migration(number: 20, name: "study-document-surveys", statements: StudyDocumentSurveysSchema.statements),
        Migration(
            number: 21, name: "title-columns", statements: { _ in [] }, code: TitleColumnsSchema.dropDemoIndexes),
        // From here on each kind's search entries lie in its own rowid range on SQLite (`SearchRanges`), which
        // builds before it would break by numbering new entries after the last: the number makes them refuse the
        // database. The index is renumbered at start-up, where the kinds are known (`ensureSearchRanges`).
        Migration(number: 22, name: "search-ranges", statements: { _ in [] }),
    ]

    /// The first schema version whose audit trail is sealed with a key.
    static let keyedAuditVersion = 5

    /// The newest schema version this build knows.
    public static var latestVersion: Int { all.last?.number ?? 0 }

    /// Applies every migration not yet applied (up to `through`, for tests of older schemas); returns the numbers applied.
    @discardableResult
    public static func migrate(_ database: Database, seal: AuditSeal, through last: Int = .max) async throws -> [Int] {
        try await database.withConnection { db in
            try await db.raw(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)"
            ).run()
        }
        try await refuseNewer(database)
        var applied: [Int] = []
        for migration in all where migration.number <= last {
            let done = try await database.transaction { db in
                let existing = try await db.raw(
                    "SELECT version FROM schema_migrations WHERE version = \(bind: migration.number)"
                ).first()
                if existing != nil { return false }
                for statement in migration.statements(database.engine) {
                    try await db.raw("\(unsafeRaw: statement)").run()
                }
                try await migration.code?(db, database.engine, seal)
                try await db.raw(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (\(bind: migration.number), \(bind: migration.name), \(bind: Timestamp.now()))"
                ).run()
                return true
            }
            if done {
                applied.append(migration.number)
                database.logger.info("Applied migration \(migration.number): \(migration.name)")
            }
        }
        return applied
    }

    /// Refuses a database that a newer build has migrated: this build may not read what that one stores.
    static func refuseNewer(_ database: Database) async throws {
        let version = (try? await currentVersion(database)) ?? 0
        guard version <= latestVersion else {
            throw StatlasStorageError.migration(
                "This database was upgraded by a newer Statlas (schema version \(version); this build knows up to \(latestVersion)). Run that version or a newer one, or restore a backup taken before the upgrade."
            )
        }
    }

    /// The highest applied migration number (0 for an empty database).
    public static func currentVersion(_ database: Database) async throws -> Int {
        try await database.withConnection { db in
            let row = try await db.raw("SELECT MAX(version) AS v FROM schema_migrations").first()
            return (try? row?.decodeNil(column: "v") == false ? row?.decode(column: "v", as: Int.self) : nil) ?? 0
        }
    }
}
