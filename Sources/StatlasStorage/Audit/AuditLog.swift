import Crypto
import Foundation
import SQLKit
import StatlasCore

/// Appends to and checks the hash chain in `audit_events`. Each event's hash covers its predecessor's
/// hash, its own fields and the SHA-256 of its before/after content, so changing, removing or reordering
/// any event breaks every later link. Appends are serialised: SQLite writers already hold the write lock
/// (`BEGIN IMMEDIATE`); PostgreSQL takes a transaction-scoped advisory lock, which also serialises
/// several app instances sharing one database.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)
    static let lockKey = 7_512_001

    /// Appends entries, in order, inside the caller's transaction.
    static func append(_ entries: [AuditEntry], at date: Date, engine: Engine, _ db: any SQLDatabase) async throws {
        guard !entries.isEmpty else { return }
        if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: lockKey))").run() }
        let last = try await db.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first()
        var sequence = try last?.decode(column: "seq", as: Int.self) ?? 0
        var previous = try last?.decode(column: "hash", as: String.self) ?? genesis
        let at = Timestamp.string(date)
        for chunk in stride(from: 0, to: entries.count, by: 200).map({ entries[$0..<min($0 + 200, entries.count)] }) {
            var insert = db.insert(into: "audit_events").columns(
                "seq", "at", "action", "actor_id", "entity", "record_id", "detail", "before_json", "after_json", "content_hash",
                "redacted", "prev_hash", "hash")
            for entry in chunk {
                sequence += 1
                let content = contentHash(before: entry.before, after: entry.after)
                let hash = chainHash(previous: previous, sequence: sequence, at: at, action: entry.action.rawValue, entry: entry, contentHash: content)
                insert = insert.values(
                    SQLBind(sequence), SQLBind(at), SQLBind(entry.action.rawValue), SQLBind(entry.actorId),
                    SQLBind(entry.entity?.rawValue), SQLBind(entry.recordId), SQLBind(entry.detail), SQLBind(entry.before),
                    SQLBind(entry.after), SQLBind(content), SQLBind(0), SQLBind(previous), SQLBind(hash))
                previous = hash
            }
            try await insert.run()
        }
    }

    static func contentHash(before: String?, after: String?) -> String {
        hex(SHA256.hash(data: Data(((before ?? "") + "\u{1E}" + (after ?? "")).utf8)))
    }

    /// The hash sealing one event. `action` is the stored text, so an action this build does not know still verifies.
    static func chainHash(previous: String, sequence: Int, at: String, action: String, entry: AuditEntry, contentHash: String) -> String {
        let fields = [
            previous, String(sequence), at, action, entry.actorId ?? "", entry.entity?.rawValue ?? "",
            entry.recordId ?? "", entry.detail ?? "", contentHash,
        ]
        return hex(SHA256.hash(data: Data(fields.joined(separator: "\u{1F}").utf8)))
    }

    static func hex(_ digest: SHA256.Digest) -> String { digest.map { String(format: "%02x", $0) }.joined() }

    /// Walks the whole chain in sequence order, in pages, and reports the first event that does not follow.
    static func verify(_ db: any SQLDatabase) async throws -> AuditVerification {
        var previous = genesis
        var expected = 1
        var checked = 0
        while true {
            let rows = try await db.raw(
                "SELECT * FROM audit_events WHERE seq >= \(bind: expected) ORDER BY seq LIMIT 1000"
            ).all()
            for row in rows {
                let sequence = try row.decode(column: "seq", as: Int.self)
                if let problem = try check(row, sequence: sequence, expected: expected, previous: previous) {
                    return AuditVerification(checked: checked, firstBroken: sequence, problem: problem)
                }
                previous = try row.decode(column: "hash", as: String.self)
                expected += 1
                checked += 1
            }
            if rows.count < 1000 { break }
        }
        let total = try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) ?? 0
        if total != checked {
            return AuditVerification(checked: checked, firstBroken: expected, problem: "events after \(expected - 1) are out of sequence")
        }
        return AuditVerification(checked: checked)
    }

    /// Why one stored event breaks the chain, or nil.
    static func check(_ row: any SQLRow, sequence: Int, expected: Int, previous: String) throws -> String? {
        if sequence != expected { return "event \(expected) is missing" }
        let entry = try self.entry(row)
        let stored = try row.decode(column: "content_hash", as: String.self)
        if try row.decode(column: "redacted", as: Int.self) == 0, contentHash(before: entry.before, after: entry.after) != stored {
            return "its before/after content was changed"
        }
        if try row.decode(column: "prev_hash", as: String.self) != previous { return "it does not follow the event before it" }
        let at = try row.decode(column: "at", as: String.self)
        let action = try row.decode(column: "action", as: String.self)
        if chainHash(previous: previous, sequence: sequence, at: at, action: action, entry: entry, contentHash: stored)
            != (try row.decode(column: "hash", as: String.self))
        {
            return "its fields do not match its hash"
        }
        return nil
    }

    static func entry(_ row: any SQLRow) throws -> AuditEntry {
        let action = try row.decode(column: "action", as: String.self)
        return AuditEntry(
            AuditAction(rawValue: action) ?? .account, actorId: try row.decode(column: "actor_id", as: String?.self),
            entity: try row.decode(column: "entity", as: String?.self).flatMap(EntityKind.init(rawValue:)),
            recordId: try row.decode(column: "record_id", as: String?.self),
            before: try row.decode(column: "before_json", as: String?.self), after: try row.decode(column: "after_json", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self))
    }
}
