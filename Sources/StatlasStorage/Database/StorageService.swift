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

    /// Opens the database, applies pending migrations and asserts durability (STANDARDS.md R2).
    public static func open(
        _ configuration: DatabaseConfiguration, logger: Logger, migrate: Bool = true, passwordCost: UInt8 = 12
    ) async throws -> StorageService {
        let database = try Database(configuration, logger: logger)
        do {
            try await database.assertDurability()
            let service = StorageService(
                database: database, records: SQLRecordRepository(database: database), accounts: SQLAccountRepository(database: database, passwordCost: passwordCost),
                audit: SQLAuditRepository(database: database))
            if migrate {
                let applied = try await Migrator.migrate(database)
                if applied.contains(1) { try await service.seedCodebook() }
            }
            return service
        } catch {
            await database.shutdown()
            throw error
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
}
