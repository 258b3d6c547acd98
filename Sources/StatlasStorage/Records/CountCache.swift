import Foundation
import SQLKit
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

/// The version of the register as the audit trail records it.
enum RegisterVersion {
    /// The last event of any kind (sequence number and hash): changes with every record change, and more often.
    static func latestEvent(_ db: any SQLDatabase) async throws -> String {
        guard let row = try await db.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first() else {
            return "0"
        }
        return
            "\(try row.decode(column: "seq", as: Int.self))-\(try row.decode(column: "hash", as: String.self).prefix(16))"
    }
}
