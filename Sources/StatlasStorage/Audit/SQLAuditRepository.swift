import Foundation
import SQLKit
import StatlasCore

/// The audit trail in SQL: appends in their own transaction, the history of one record with the names of
/// the users responsible, and verification of the whole chain.
public struct SQLAuditRepository: AuditRepository {
    let database: Database
    let seal: AuditSeal
    let now: @Sendable () -> Date

    public init(database: Database, seal: AuditSeal, now: @escaping @Sendable () -> Date = Date.init) {
        self.database = database
        self.seal = seal
        self.now = now
    }

    public func append(_ entry: AuditEntry) async throws {
        let (engine, seal) = (database.engine, seal)
        let at = now()
        try await database.transaction { db in
            try await AuditLog.append([entry], at: at, engine: engine, seal: seal, db)
        }
    }

    public func history(_ kind: EntityKind, id: String, limit: Int) async throws -> [AuditEvent] {
        try await database.withConnection { db in
            try await db.raw(
                "\(Self.about(kind, id, names: true)) ORDER BY seq DESC LIMIT \(literal: max(1, limit))"
            ).all().map(Self.event)
        }
    }

    /// Every event about records of `kind` with these ids, oldest first (for subject access exports).
    public func events(_ kind: EntityKind, id: String) async throws -> [AuditEvent] {
        try await database.withConnection { db in
            try await db.raw("\(Self.about(kind, id, names: false)) ORDER BY seq").all().map(Self.event)
        }
    }

    /// The events about one record: its own, and the import that created it (`ImportedRecords`), shown as the
    /// record's own creation with the row it came from and without the import's content.
    static func about(_ kind: EntityKind, _ id: String, names: Bool) -> SQLQueryString {
        let actor: SQLQueryString = names ? "u.name" : "NULL"
        let users: SQLQueryString = names ? "LEFT JOIN users u ON u.id = a.actor_id" : ""
        return """
            SELECT a.seq, a.at, a.action, a.actor_id, a.entity, a.record_id, a.detail, a.before_json, a.after_json,
              a.redacted, \(actor) AS actor_name
            FROM audit_events a \(users) WHERE a.entity = \(bind: kind.rawValue) AND a.record_id = \(bind: id)
            UNION ALL
            SELECT a.seq, a.at, a.action, a.actor_id, a.entity, r.record_id, 'import ' || r.location, NULL, NULL,
              a.redacted, \(actor) AS actor_name
            FROM audit_records r JOIN audit_events a ON a.seq = r.seq \(users)
            WHERE r.entity = \(bind: kind.rawValue) AND r.record_id = \(bind: id)
            """
    }

    /// The chain's recorded end: the last event's sequence number and hash (nil before the first event).
    public func head() async throws -> (sequence: Int, hash: String)? {
        try await database.withConnection { db in
            guard let row = try await db.raw("SELECT seq, hash FROM audit_head WHERE id = 1").first() else {
                return nil
            }
            return (try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self))
        }
    }

    public func verify() async throws -> AuditVerification {
        let seal = seal
        return try await database.withConnection { db in try await AuditLog.verify(db, seal: seal) }
    }

    static func event(_ row: any SQLRow) throws -> AuditEvent {
        AuditEvent(
            sequence: try row.decode(column: "seq", as: Int.self),
            at: Timestamp.date(try row.decode(column: "at", as: String.self)) ?? .distantPast,
            entry: try AuditLog.entry(row),
            actorName: try row.decode(column: "actor_name", as: String?.self),
            redacted: try row.decode(column: "redacted", as: Int.self) == 1)
    }
}
