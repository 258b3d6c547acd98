import Foundation
import SQLKit
import StatlasCore

/// Whole-register analytics kept in the database (`analytics_results`), shared by every instance.
///
/// The register's version is the sequence number and hash of the last record-changing event in the audit
/// trail: every create, update, delete, erasure and restore appends one in its own transaction, and the hash
/// makes a restored database's version differ from any version before it.
public struct SQLAnalyticsStore: AnalyticsStore {
    let database: Database
    /// Results not recomputed for this long are removed when another is saved.
    static let retention: TimeInterval = 7 * 24 * 3600

    public init(database: Database) { self.database = database }

    public func registerVersion() async throws -> String {
        try await database.withConnection { db in try await RegisterVersion.lastChange(db) }
    }

    public func loadAnalysis(_ key: String) async throws -> StoredAnalysis? {
        try await database.withConnection { db in
            guard
                let row = try await db.raw(
                    "SELECT version, computed_at, seconds, body FROM analytics_results WHERE key = \(bind: key)"
                ).first()
            else { return nil }
            return StoredAnalysis(
                key: key, version: try row.decode(column: "version", as: String.self),
                computedAt: Timestamp.date(try row.decode(column: "computed_at", as: String.self)) ?? Date(),
                seconds: try row.decode(column: "seconds", as: Double.self),
                body: Data(try row.decode(column: "body", as: String.self).utf8))
        }
    }

    public func analysisVersion(_ key: String) async throws -> String? {
        try await database.withConnection { db in
            try await db.raw("SELECT version FROM analytics_results WHERE key = \(bind: key)").first()?
                .decode(column: "version", as: String.self)
        }
    }

    public func saveAnalysis(_ analysis: StoredAnalysis) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO analytics_results (key, version, computed_at, seconds, body)
                VALUES (\(bind: analysis.key), \(bind: analysis.version), \(bind: Timestamp.string(analysis.computedAt)),
                  \(bind: analysis.seconds), \(bind: String(decoding: analysis.body, as: UTF8.self)))
                ON CONFLICT (key) DO UPDATE SET version = excluded.version, computed_at = excluded.computed_at,
                  seconds = excluded.seconds, body = excluded.body
                """
            ).run()
            let cutoff = Timestamp.string(analysis.computedAt.addingTimeInterval(-Self.retention))
            try await db.raw("DELETE FROM analytics_results WHERE computed_at < \(bind: cutoff)").run()
        }
    }
}
