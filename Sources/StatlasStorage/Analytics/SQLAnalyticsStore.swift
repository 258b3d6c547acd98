import Foundation
import SQLKit
import StatlasCore

/// Whole-register analytics kept in the database (`analytics_results`, with their long lists in
/// `analytics_rows`), shared by every instance.
///
/// The register's version is the sequence number and hash of the last record-changing event in the audit
/// trail: every create, update, delete, erasure and restore appends one in its own transaction, and the hash
/// makes a restored database's version differ from any version before it.
public struct SQLAnalyticsStore: AnalyticsStore {
    let database: Database
    /// Results not recomputed for this long are removed when another is saved.
    static let retention: TimeInterval = 7 * 24 * 3600

    /// This store's name in `analytics_claims`: random, so that every instance (and every restart) is another.
    let owner = UUID().uuidString

    public init(database: Database) { self.database = database }

    public func claimAnalysis(_ key: String, version: String, lease: TimeInterval) async throws -> Bool {
        let now = Int(Date().timeIntervalSince1970)
        let until = now + Int(min(max(lease, 1), 86_400).rounded(.up))
        // One statement, so two instances cannot both take the claim: the row is inserted, or taken over when it
        // is this instance's, for another version, or lapsed; RETURNING gives a row only when it was. A write, so
        // it goes through the write path: on SQLite a write outside it waits in the busy handler on one of the
        // few SQLite threads, and enough of them starve the writer that holds the lock (the server stopped
        // answering under conformance/extremes.py).
        return try await database.transaction { db in
            try await db.raw(
                """
                INSERT INTO analytics_claims (key, version, owner, until)
                VALUES (\(bind: key), \(bind: version), \(bind: owner), \(bind: until))
                ON CONFLICT (key) DO UPDATE SET version = excluded.version, owner = excluded.owner,
                  until = excluded.until
                WHERE analytics_claims.owner = excluded.owner OR analytics_claims.version <> excluded.version
                  OR analytics_claims.until < \(bind: now)
                RETURNING owner
                """
            ).first() != nil
        }
    }

    public func releaseAnalysis(_ key: String, version: String) async throws {
        try await database.transaction { db in
            try await db.raw(
                """
                DELETE FROM analytics_claims
                WHERE key = \(bind: key) AND version = \(bind: version) AND owner = \(bind: owner)
                """
            ).run()
        }
    }

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
        try await database.withConnection { db in try await Self.version(key, db) }
    }

    static func version(_ key: String, _ db: any SQLDatabase) async throws -> String? {
        try await db.raw("SELECT version FROM analytics_results WHERE key = \(bind: key)").first()?
            .decode(column: "version", as: String.self)
    }

    public func saveAnalysis(_ analysis: StoredAnalysis) async throws {
        let key = analysis.key
        try await database.transaction { db in
            // The rows of the result being replaced stay (for its readers) until the next save; older ones go.
            let replaced = try await Self.version(key, db) ?? ""
            try await db.raw(
                """
                DELETE FROM analytics_rows WHERE key = \(bind: key)
                  AND version <> \(bind: replaced) AND version <> \(bind: analysis.version)
                """
            ).run()
            for (list, rows) in analysis.lists.sorted(by: { $0.key < $1.key }) {
                try await db.raw(
                    """
                    DELETE FROM analytics_rows
                    WHERE key = \(bind: key) AND version = \(bind: analysis.version) AND list = \(bind: list)
                    """
                ).run()
                // A few thousand rows at a time, each window encoded as it is written, so that only one
                // statement's rows are held encoded and as SQL binds.
                for start in stride(from: 0, to: rows.count, by: 5000) {
                    let window = start..<min(rows.count, start + 5000)
                    let encoded = try rows.encoded(window)
                    try await BulkRows.insert(
                        db, "analytics_rows", ["key", "version", "list", "position", "body"],
                        zip(window, encoded).map { position, row in
                            [
                                .text(key), .text(analysis.version), .text(list), .integer(position),
                                .text(String(decoding: row, as: UTF8.self)),
                            ]
                        })
                }
            }
            try await db.raw(
                """
                INSERT INTO analytics_results (key, version, computed_at, seconds, body)
                VALUES (\(bind: key), \(bind: analysis.version), \(bind: Timestamp.string(analysis.computedAt)),
                  \(bind: analysis.seconds), \(bind: String(decoding: analysis.body, as: UTF8.self)))
                ON CONFLICT (key) DO UPDATE SET version = excluded.version, computed_at = excluded.computed_at,
                  seconds = excluded.seconds, body = excluded.body
                """
            ).run()
            let cutoff = Timestamp.string(analysis.computedAt.addingTimeInterval(-Self.retention))
            let expired = try await db.raw("SELECT key FROM analytics_results WHERE computed_at < \(bind: cutoff)")
                .all().map { try $0.decode(column: "key", as: String.self) }
            for old in expired {
                try await db.raw("DELETE FROM analytics_rows WHERE key = \(bind: old)").run()
                try await db.raw("DELETE FROM analytics_results WHERE key = \(bind: old)").run()
            }
        }
    }

    public func analysisRows(_ key: String, version: String, list: String, offset: Int, limit: Int) async throws
        -> [Data]
    {
        let first = max(0, offset)
        let (sum, overflow) = first.addingReportingOverflow(max(0, limit))
        let end = overflow ? Int.max : sum
        return try await database.withConnection { db in
            try await db.raw(
                """
                SELECT body FROM analytics_rows
                WHERE key = \(bind: key) AND version = \(bind: version) AND list = \(bind: list)
                  AND position >= \(bind: first) AND position < \(bind: end)
                ORDER BY position
                """
            ).all().map { Data(try $0.decode(column: "body", as: String.self).utf8) }
        }
    }
}
