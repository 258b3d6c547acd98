import SQLKit
import StatlasCore

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
