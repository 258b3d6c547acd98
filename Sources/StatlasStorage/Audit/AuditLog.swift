import Crypto
import Foundation
import SQLKit
import StatlasCore

/// Appends to and checks the keyed hash chain in `audit_events` (STANDARDS.md S11). Each event's hash is an
/// HMAC-SHA-256, under a key kept outside the database (`AuditKeySource`), of its predecessor's hash and of
/// every column it was stored with: its before/after content through `content_hash` (another HMAC), and
/// `redacted` as 0. Redaction happens only in an erasure, which names in its own (sealed) content every event it
/// redacted; an event marked redacted that no erasure names is tampering. So changing, removing, reordering or
/// redacting any event breaks the chain, and recomputing the chain needs the key, not just the database.
///
/// Appends are serialised: SQLite writers already hold the write lock (`BEGIN IMMEDIATE`); PostgreSQL takes a
/// transaction-scoped advisory lock, which also serialises several app instances sharing one database.
enum AuditLog {
    static let genesis = String(repeating: "0", count: 64)
    static let lockKey = 7_512_001
    /// The actions whose content lists the events they redacted.
    static let redactingActions: Set<String> = [AuditAction.erase.rawValue, AuditAction.seal.rawValue]

    /// Appends entries, in order, inside the caller's transaction; then one event for each kind of record an import
    /// created, with its records in `audit_records` (`ImportedRecords`).
    static func append(
        _ entries: [AuditEntry], imports: [ImportedRecords] = [], at date: Date, engine: Engine, seal: AuditSeal,
        _ db: any SQLDatabase
    ) async throws {
        let imports = imports.filter { !$0.records.isEmpty }
        guard !entries.isEmpty || !imports.isEmpty else { return }
        if engine == .postgres { try await db.raw("SELECT pg_advisory_xact_lock(\(literal: lockKey))").run() }
        let last = try await db.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first()
        var sequence = try last?.decode(column: "seq", as: Int.self) ?? 0
        var previous = try last?.decode(column: "hash", as: String.self) ?? genesis
        let at = Timestamp.string(date)
        // The imports' events follow the entries, so their numbers are known before any is sealed.
        var events = entries
        var imported: [[SQLValue]] = []
        for (offset, group) in imports.enumerated() {
            let number = sequence + entries.count + offset + 1
            events.append(group.entry(sequence: number, seal: seal))
            imported += group.rows(sequence: number)
        }
        var rows: [[SQLValue]] = []
        rows.reserveCapacity(events.count)
        for entry in events {
            sequence += 1
            let content = seal.contentHash(before: entry.before, after: entry.after)
            let hash = seal.chainHash(
                previous: previous, sequence: sequence, at: at, action: entry.action.rawValue, entry: entry,
                contentHash: content)
            rows.append([
                .integer(sequence), .text(at), .text(entry.action.rawValue), SQLValue(entry.actorId),
                SQLValue(entry.entity?.rawValue), SQLValue(entry.recordId), SQLValue(entry.detail),
                SQLValue(entry.before), SQLValue(entry.after), .text(content), .integer(0), .text(previous),
                .text(hash),
            ])
            previous = hash
        }
        try await BulkRows.insert(
            db, "audit_events",
            [
                "seq", "at", "action", "actor_id", "entity", "record_id", "detail", "before_json", "after_json",
                "content_hash", "redacted", "prev_hash", "hash",
            ], rows)
        try await BulkRows.insert(db, "audit_records", ["entity", "record_id", "seq", "location"], imported)
        try await moveHead(to: sequence, hash: previous, seal: seal, db)
    }

    /// Records the chain's last event (its sequence number and hash, under a keyed MAC) in `audit_head`, in the
    /// append's transaction: events removed from the end, or all of them, no longer match it.
    static func moveHead(to sequence: Int, hash: String, seal: AuditSeal, _ db: any SQLDatabase) async throws {
        try await db.raw(
            """
            INSERT INTO audit_head (id, seq, hash, mac) VALUES (1, \(bind: sequence), \(bind: hash), \(bind: headMAC(sequence, hash, seal)))
            ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, mac = excluded.mac
            """
        ).run()
    }

    static func headMAC(_ sequence: Int, _ hash: String, _ seal: AuditSeal) -> String {
        seal.mac(Data("head\u{1F}\(sequence)\u{1F}\(hash)".utf8))
    }

    /// Why the recorded head does not match the chain's last event (`sequence`, `hash`), or nil.
    static func checkHead(
        _ db: any SQLDatabase, last sequence: Int, hash: String, seal: AuditSeal
    ) async throws -> (broken: Int, problem: String)? {
        guard let row = try await db.raw("SELECT seq, hash, mac FROM audit_head WHERE id = 1").first() else {
            return sequence == 0 ? nil : (1, "the record of the chain's last event is missing")
        }
        let (headSequence, headHash) = (
            try row.decode(column: "seq", as: Int.self), try row.decode(column: "hash", as: String.self)
        )
        if try row.decode(column: "mac", as: String.self) != headMAC(headSequence, headHash, seal) {
            return (min(headSequence, sequence) + 1, "the record of the chain's last event was changed")
        }
        if headSequence > sequence {
            return (sequence + 1, "events \(sequence + 1) to \(headSequence) were removed from the end of the trail")
        }
        if headSequence < sequence || headHash != hash {
            return (
                headSequence + 1, "events were added after the chain's recorded end without going through the audit log"
            )
        }
        return nil
    }

    /// Removes the content of every unredacted event about one record (erasure only); returns their sequence
    /// numbers, which the erasure event must list. Erasures' own lists are never redacted.
    static func redact(_ kind: EntityKind, id: String, _ db: any SQLDatabase) async throws -> [Int] {
        try await db.raw(
            """
            UPDATE audit_events SET before_json = NULL, after_json = NULL, redacted = 1
            WHERE entity = \(bind: kind.rawValue) AND record_id = \(bind: id) AND redacted = 0
              AND action NOT IN ('erase', 'seal') RETURNING seq
            """
        ).all().map { try $0.decode(column: "seq", as: Int.self) }
    }

    /// The content of an erasure (or sealing) event: the events it redacted.
    static func redactionList(_ sequences: [Int]) -> String {
        "{\"redacted\":[" + sequences.sorted().map(String.init).joined(separator: ",") + "]}"
    }

    /// The events named as redacted in a redacting event's content.
    static func redactions(in content: String?) -> [Int] {
        guard let content,
            case .object(let object)? = try? JSONDecoder().decode(JSONValue.self, from: Data(content.utf8)),
            case .array(let items)? = object["redacted"]
        else { return [] }
        return items.compactMap { if case .number(let n) = $0, n.magnitude < 1e15 { Int(n) } else { nil } }
    }

    /// Walks the whole chain in sequence order, in pages, and reports the first event that does not follow.
    static func verify(_ db: any SQLDatabase, seal: AuditSeal) async throws -> AuditVerification {
        // Which events erasures redacted, and the first erasure naming each (a redaction must come before it).
        var redactedBy: [Int: Int] = [:]
        for row in try await db.raw(
            "SELECT seq, after_json FROM audit_events WHERE action IN ('erase', 'seal') ORDER BY seq"
        ).all() {
            let eraser = try row.decode(column: "seq", as: Int.self)
            for sequence in redactions(in: try row.decode(column: "after_json", as: String?.self))
            where redactedBy[sequence] == nil {
                redactedBy[sequence] = eraser
            }
        }
        var previous = genesis
        var expected = 1
        var checked = 0
        var imports = Set<Int>()
        while true {
            let rows = try await db.raw(
                "SELECT * FROM audit_events WHERE seq >= \(bind: expected) ORDER BY seq LIMIT 1000"
            ).all()
            for row in rows {
                let sequence = try row.decode(column: "seq", as: Int.self)
                if let problem = try check(
                    row, sequence: sequence, expected: expected, previous: previous, seal: seal, redactedBy: redactedBy)
                {
                    return AuditVerification(checked: checked, firstBroken: sequence, problem: problem)
                }
                let entry = try self.entry(row)
                if let sealed = ImportedRecords.sealed(entry) {
                    imports.insert(sequence)
                    if let problem = try await ImportedRecords.check(sequence, entry, sealed: sealed, seal: seal, db) {
                        return AuditVerification(checked: checked, firstBroken: sequence, problem: problem)
                    }
                }
                previous = try row.decode(column: "hash", as: String.self)
                expected += 1
                checked += 1
            }
            if rows.count < 1000 { break }
        }
        let total =
            try await db.raw("SELECT COUNT(*) AS n FROM audit_events").first()?.decode(column: "n", as: Int.self) ?? 0
        if total != checked {
            return AuditVerification(
                checked: checked, firstBroken: expected, problem: "events after \(expected - 1) are out of sequence")
        }
        // Rows of imported records under a number that is no import event's.
        let listed = try await db.raw("SELECT DISTINCT seq FROM audit_records").all().map {
            try $0.decode(column: "seq", as: Int.self)
        }
        if let orphan = listed.filter({ !imports.contains($0) }).min() {
            return AuditVerification(
                checked: min(checked, max(0, orphan - 1)), firstBroken: max(1, min(orphan, checked + 1)),
                problem: "records are listed as imported by event \(orphan), which imported none")
        }
        if let (broken, problem) = try await checkHead(db, last: checked, hash: previous, seal: seal) {
            return AuditVerification(checked: min(checked, broken - 1), firstBroken: broken, problem: problem)
        }
        return AuditVerification(checked: checked, lastHash: previous)
    }

    /// Why one stored event breaks the chain, or nil.
    static func check(
        _ row: any SQLRow, sequence: Int, expected: Int, previous: String, seal: AuditSeal, redactedBy: [Int: Int]
    ) throws -> String? {
        if sequence != expected { return "event \(expected) is missing" }
        let entry = try self.entry(row)
        let stored = try row.decode(column: "content_hash", as: String.self)
        switch try row.decode(column: "redacted", as: Int.self) {
        case 0:
            if seal.contentHash(before: entry.before, after: entry.after) != stored {
                return "its before/after content was changed"
            }
        case 1:
            guard let eraser = redactedBy[sequence], eraser > sequence else {
                return "it is marked as redacted, but no erasure redacted it"
            }
            if entry.before != nil || entry.after != nil { return "it was redacted, but holds content again" }
        default:
            return "its redacted marker was changed"
        }
        if try row.decode(column: "prev_hash", as: String.self) != previous {
            return "it does not follow the event before it"
        }
        let at = try row.decode(column: "at", as: String.self)
        let action = try row.decode(column: "action", as: String.self)
        if seal.chainHash(
            previous: previous, sequence: sequence, at: at, action: action, entry: entry, contentHash: stored)
            != (try row.decode(column: "hash", as: String.self))
        {
            return "its fields do not match its keyed hash (changed, or sealed with another key)"
        }
        return nil
    }

    static func entry(_ row: any SQLRow) throws -> AuditEntry {
        let action = try row.decode(column: "action", as: String.self)
        return AuditEntry(
            AuditAction(rawValue: action) ?? .account, actorId: try row.decode(column: "actor_id", as: String?.self),
            entity: try row.decode(column: "entity", as: String?.self).map(EntityKind.init(stored:)),
            recordId: try row.decode(column: "record_id", as: String?.self),
            before: try row.decode(column: "before_json", as: String?.self),
            after: try row.decode(column: "after_json", as: String?.self),
            detail: try row.decode(column: "detail", as: String?.self))
    }

    static func hex(_ digest: SHA256.Digest) -> String { Hex.string(digest) }
}
