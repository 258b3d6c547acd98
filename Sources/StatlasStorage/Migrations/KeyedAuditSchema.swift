import Crypto
import Foundation
import SQLKit
import StatlasCore

/// Migration 5: the audit trail sealed with a key kept outside the database (HMAC-SHA-256 instead of plain
/// SHA-256). Each event of an older database is checked against the unkeyed chain it was written with and,
/// while that chain holds, sealed again with the key; an event that already failed is left as it was, so
/// that verification still reports it rather than the migration laundering it. A closing `seal` event lists
/// the events older erasures had redacted, as erasures now do themselves. The chain's head (its last
/// sequence number and hash, with a keyed MAC) is kept in `audit_head`, so that events removed from the end are
/// noticed too; and the triggers are made stricter: content may only be blanked, `redacted` only set.
enum KeyedAuditSchema {
    /// The append-only triggers refuse changes to the hash columns; they are lifted while the chain is resealed.
    static func statements(_ engine: Engine) -> [String] {
        let head = """
            CREATE TABLE audit_head (id INTEGER PRIMARY KEY CHECK (id = 1), seq BIGINT NOT NULL, hash TEXT NOT NULL,
              mac TEXT NOT NULL)
            """
        switch engine {
        case .sqlite: return [head, "DROP TRIGGER audit_events_no_delete", "DROP TRIGGER audit_events_sealed"]
        case .postgres:
            return [
                head, "DROP TRIGGER audit_events_append_only ON audit_events",
                "DROP FUNCTION audit_events_append_only()",
            ]
        }
    }

    /// The columns the chain's hash covers directly; no trigger lets them change.
    static let sealedColumns = TrustSchema.sealedColumns

    /// Triggers that refuse deleting events, changing any sealed column, putting content back into an event
    /// (it may only be blanked, by an erasure) and clearing the redacted marker.
    static func triggers(_ engine: Engine) -> [String] {
        switch engine {
        case .sqlite:
            // Migration 3's two triggers (released, so never edited), and the rule for content.
            return TrustSchema.appendOnly(.sqlite) + [
                """
                CREATE TRIGGER audit_events_redaction BEFORE UPDATE OF before_json, after_json, redacted ON audit_events
                WHEN NEW.before_json IS NOT NULL OR NEW.after_json IS NOT NULL OR NEW.redacted <> 1
                BEGIN SELECT RAISE(ABORT, 'audit content can only be redacted, by an erasure'); END
                """
            ]
        case .postgres:
            let changed = sealedColumns.map { "NEW.\($0) IS DISTINCT FROM OLD.\($0)" }.joined(separator: " OR ")
            let content = """
                (NEW.before_json IS DISTINCT FROM OLD.before_json OR NEW.after_json IS DISTINCT FROM OLD.after_json
                 OR NEW.redacted IS DISTINCT FROM OLD.redacted)
                AND (NEW.before_json IS NOT NULL OR NEW.after_json IS NOT NULL OR NEW.redacted <> 1)
                """
            return [
                """
                CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF TG_OP = 'DELETE' OR \(changed) OR (\(content)) THEN
                    RAISE EXCEPTION 'the audit trail is append-only';
                  END IF;
                  RETURN NEW;
                END $$
                """,
                """
                CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
                FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()
                """,
            ]
        }
    }

    static func seal(_ db: any SQLDatabase, _ engine: Engine, _ seal: AuditSeal) async throws {
        var previousLegacy = AuditLog.genesis
        var previousKeyed = AuditLog.genesis
        var legacyRedacted: [Int] = []
        var resealed = 0
        var after = 0
        let erasures =
            try await db.raw("SELECT MAX(seq) AS n FROM audit_events WHERE action = 'erase'").first()
            .flatMap { try? $0.decode(column: "n", as: Int?.self) } ?? 0
        pages: while true {
            let rows = try await db.raw("SELECT * FROM audit_events WHERE seq > \(bind: after) ORDER BY seq LIMIT 1000")
                .all()
            for row in rows {
                let sequence = try row.decode(column: "seq", as: Int.self)
                guard sequence == after + 1, try legacyIntact(row, previous: previousLegacy, erasuresUpTo: erasures)
                else { break pages }
                let entry = try AuditLog.entry(row)
                let redacted = try row.decode(column: "redacted", as: Int.self) == 1
                let at = try row.decode(column: "at", as: String.self)
                let action = try row.decode(column: "action", as: String.self)
                // A redacted event's content is gone: its unkeyed content hash stays, sealed into the keyed chain.
                let content =
                    redacted
                    ? try row.decode(column: "content_hash", as: String.self)
                    : seal.contentHash(before: entry.before, after: entry.after)
                let hash = seal.chainHash(
                    previous: previousKeyed, sequence: sequence, at: at, action: action, entry: entry,
                    contentHash: content)
                try await db.raw(
                    """
                    UPDATE audit_events SET content_hash = \(bind: content), prev_hash = \(bind: previousKeyed), hash = \(bind: hash)
                    WHERE seq = \(bind: sequence)
                    """
                ).run()
                if redacted { legacyRedacted.append(sequence) }
                previousLegacy = try row.decode(column: "hash", as: String.self)
                previousKeyed = hash
                after = sequence
                resealed += 1
            }
            if rows.count < 1000 { break }
        }
        for statement in triggers(engine) { try await db.raw("\(unsafeRaw: statement)").run() }
        // The head is the trail's real end, resealed or not (events after a break stay, for verify to report).
        let last = try await db.raw("SELECT seq, hash FROM audit_events ORDER BY seq DESC LIMIT 1").first()
        try await AuditLog.moveHead(
            to: try last?.decode(column: "seq", as: Int.self) ?? 0,
            hash: try last?.decode(column: "hash", as: String.self) ?? AuditLog.genesis,
            seal: seal, db)
        if resealed > 0 {
            let entry = AuditEntry(
                .seal, actorId: nil, after: AuditLog.redactionList(legacyRedacted),
                detail: "audit trail sealed with a key: \(resealed) earlier events")
            try await AuditLog.append([entry], at: Date(), engine: engine, seal: seal, db)
        }
    }

    /// True when an event written before keyed sealing follows from its predecessor under the unkeyed chain.
    /// A redacted event counts only if some erasure came after it (older erasures did not list what they redacted).
    static func legacyIntact(_ row: any SQLRow, previous: String, erasuresUpTo lastErasure: Int) throws -> Bool {
        let entry = try AuditLog.entry(row)
        let sequence = try row.decode(column: "seq", as: Int.self)
        let stored = try row.decode(column: "content_hash", as: String.self)
        if try row.decode(column: "redacted", as: Int.self) == 0 {
            guard hex(Data(((entry.before ?? "") + "\u{1E}" + (entry.after ?? "")).utf8)) == stored else {
                return false
            }
        } else if lastErasure <= sequence {
            return false
        }
        guard try row.decode(column: "prev_hash", as: String.self) == previous else { return false }
        let fields = [
            previous, String(sequence), try row.decode(column: "at", as: String.self),
            try row.decode(column: "action", as: String.self),
            entry.actorId ?? "", entry.entity?.rawValue ?? "", entry.recordId ?? "", entry.detail ?? "", stored,
        ]
        return hex(Data(fields.joined(separator: "\u{1F}").utf8)) == (try row.decode(column: "hash", as: String.self))
    }

    static func hex(_ data: Data) -> String { AuditLog.hex(SHA256.hash(data: data)) }
}
