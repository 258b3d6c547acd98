import Foundation
import Logging
import StatlasCore

/// The opened storage: database, repositories. Opening migrates the schema, checks durability settings
/// and seeds the factor codebook into a new database.
public struct StorageService: Sendable {
    public let database: Database
    public let records: SQLRecordRepository
    public let accounts: SQLAccountRepository
    public let audit: SQLAuditRepository
    /// Whole-register analytics of this process, kept in the database for every instance.
    public let analytics: AnalyticsCache

    /// Applies pending migrations; returns the numbers applied.
    @discardableResult
    public func migrate() async throws -> [Int] {
        let applied = try await Migrator.migrate(database, seal: audit.seal)
        try await RecordTables.ensure(records.kinds, database)
        try await records.ensureSearchRanges()
        return applied
    }

    /// Opens the database, applies pending migrations and asserts durability (STANDARDS.md R2). The audit
    /// trail's key comes from `auditKey` (by default beside a SQLite file, or `STATLAS_AUDIT_KEY`); a new key is
    /// made only for a database whose trail has never been sealed with one.
    public static func open(
        _ configuration: DatabaseConfiguration, logger: Logger, migrate: Bool = true, passwordCost: UInt8 = 12,
        auditKey: AuditKeySource? = nil, kinds: RecordKinds = .standard
    ) async throws -> StorageService {
        let database = try Database(configuration, logger: logger)
        do {
            // Processes opening a database at once take turns, from its first connection (which turns on WAL, and
            // SQLite refuses that while another connection is being set up) through making the audit key and
            // migrating: the second finds the work done.
            return try await database.serialisingStartUp {
                try await database.assertDurability()
                try await Migrator.refuseNewer(database)
                let source = try auditKey ?? AuditKeySource.standard(for: configuration)
                let seal = try source.load(create: !(try await isSealed(database)))
                let service = StorageService(
                    database: database, records: SQLRecordRepository(database: database, seal: seal, kinds: kinds),
                    accounts: SQLAccountRepository(database: database, seal: seal, passwordCost: passwordCost),
                    audit: SQLAuditRepository(database: database, seal: seal),
                    analytics: AnalyticsCache(
                        store: SQLAnalyticsStore(database: database), afterComputation: Memory.trim))
                if migrate {
                    let applied = try await Migrator.migrate(database, seal: seal)
                    try await RecordTables.ensure(kinds, database)
                    try await service.records.ensureSearchRanges()
                    if applied.contains(1) { try await service.seedCodebook() }
                }
                return service
            }
        } catch {
            await database.shutdown()
            throw error
        }
    }

    /// True when the database's audit trail holds events sealed with a key, which only that key verifies.
    static func isSealed(_ database: Database) async throws -> Bool {
        guard (try? await Migrator.currentVersion(database)) ?? 0 >= Migrator.keyedAuditVersion else { return false }
        return try await database.withConnection { db in
            try await db.raw("SELECT seq FROM audit_events LIMIT 1").first() != nil
        }
    }

    /// Adds the starting codebook of collaboration factors (those missing only).
    public func seedCodebook() async throws {
        let existing = Set(try await records.get(Factor.self, ids: Factor.codebook.map(\.id)).map(\.id))
        for entry in Factor.codebook where !existing.contains(entry.id) {
            var factor = Factor()
            factor.id = entry.id
            factor.name = entry.name
            factor.typicalKinds = entry.kinds
            _ = try await records.create(factor)
        }
    }

    public func shutdown() async { await database.shutdown() }

    /// The storage as the Core interfaces the web layer works over.
    public var services: RegisterServices {
        RegisterServices(
            records: records, accounts: accounts, audit: audit, health: database, analytics: analytics,
            studies: SQLStudyRepository(database: database, seal: audit.seal))
    }
}
