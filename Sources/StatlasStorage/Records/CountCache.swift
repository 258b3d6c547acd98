import Foundation
import SQLKit
import StatlasCore
import Synchronization

/// List totals by query, for one version of the register: counting every match of a long list costs more than
/// reading its page, and the answer changes only when the register does.
final class CountCache: Sendable {
    /// At most this many queries are remembered; beyond it the cache starts again.
    static let capacity = 2_000
    private let entries = Mutex<[String: (version: String, total: Int)]>([:])

    func value(_ key: String, version: String) -> Int? {
        entries.withLock { entries in
            guard let entry = entries[key], entry.version == version else { return nil }
            return entry.total
        }
    }

    func store(_ key: String, version: String, _ total: Int) {
        entries.withLock { entries in
            if entries.count >= Self.capacity { entries.removeAll(keepingCapacity: true) }
            entries[key] = (version, total)
        }
    }

    /// The cache key of a query: its SQL and its bound values.
    static func key(_ query: SQLQueryString, _ db: any SQLDatabase) -> String {
        let (sql, binds) = db.serialize(query)
        return sql + "\u{1F}" + binds.map { String(describing: $0) }.joined(separator: "\u{1F}")
    }
}

/// The version of the register as the audit trail records it: a sequence number and the start of that event's
/// hash, which makes a restored database's version differ from any version before it.
enum RegisterVersion {
    static let changes = [AuditAction.create, .update, .delete, .erase, .restore].map(\.rawValue)

    /// The last record-changing event (create, update, delete, erasure or restore), found through the
    /// `(action, seq)` index: changes exactly when a record does.
    static func lastChange(_ db: any SQLDatabase) async throws -> String {
        let latest: [SQLQueryString] = changes.map {
            "SELECT MAX(seq) AS m FROM audit_events WHERE action = \(bind: $0)"
        }
        let row = try await db.raw(
            "SELECT seq, hash FROM audit_events WHERE seq = (SELECT MAX(m) FROM (\(latest.joined(separator: " UNION ALL "))) x)"
        ).first()
        return try row.map(version) ?? "0"
    }

    /// The last event of any kind: changes with every record change, and more often.
    static func latestEvent(_ db: any SQLDatabase) async throws -> String {
        try await db.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first().map(version) ?? "0"
    }

    static func version(_ row: any SQLRow) throws -> String {
        "\(try row.decode(column: "seq", as: Int.self))-\(try row.decode(column: "hash", as: String.self).prefix(16))"
    }
}
