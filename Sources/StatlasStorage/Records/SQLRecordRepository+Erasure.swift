import Foundation
import SQLKit
import StatlasCore

/// Erasure of a person across every table (STANDARDS.md S15): the person's record is anonymised in place
/// (its id stays, so references remain valid), their name and email are blanked out of every other
/// record's text, their audit content is redacted (the hash chain still verifies), the search index is
/// rewritten, stored analytics are dropped, and a tombstone records the erasure so that `restore` can apply it
/// again to older backups.
extension SQLRecordRepository: ErasureRepository {
    public func erase(personId: String, by actor: Principal) async throws {
        let stamp = wholeSeconds(now())
        try await database.transaction { db in
            try await eraseInTransaction(personId: personId, actor: actor, stamp: stamp, db)
            try await db.raw(
                "INSERT INTO erasures (person_id, erased_at) VALUES (\(bind: personId), \(bind: Timestamp.string(stamp))) ON CONFLICT DO NOTHING"
            ).run()
        }
        try await database.checkpoint()
    }

    public func erasedPeople() async throws -> [String] { try await Self.erasedPeople(database) }

    /// The tombstones of a database, read without opening the register (before a restore replaces it), with
    /// every person an erasure event in the (sealed) audit trail names: removing a tombstone row does not bring
    /// a person back on the next restore.
    static func erasedPeople(_ database: Database) async throws -> [String] {
        try await database.withConnection { db in
            let tombstones = try await db.raw("SELECT person_id FROM erasures").all().map {
                try $0.decode(column: "person_id", as: String.self)
            }
            let erased = try await db.raw(
                "SELECT DISTINCT record_id FROM audit_events WHERE action = 'erase' AND entity = \(bind: EntityKind.person.rawValue)"
            ).all().compactMap { try $0.decode(column: "record_id", as: String?.self) }
            return Array(Set(tombstones + erased)).sorted()
        }
    }

    public func reapplyErasures(_ personIds: [String]) async throws -> Int {
        var count = 0
        let stamp = wholeSeconds(now())
        for id in personIds {
            let erased = try await database.transaction { db in
                try await db.raw(
                    "INSERT INTO erasures (person_id, erased_at) VALUES (\(bind: id), \(bind: Timestamp.string(stamp))) ON CONFLICT DO NOTHING"
                ).run()
                guard let person: Person = try await fetch(Person.self, ids: [id], db).first, !person.isErased else {
                    return false
                }
                try await eraseInTransaction(personId: id, actor: .system, stamp: stamp, db)
                return true
            }
            if erased { count += 1 }
        }
        if count > 0 { try await database.checkpoint() }
        return count
    }

    private func eraseInTransaction(personId: String, actor: Principal, stamp: Date, _ db: any SQLDatabase) async throws
    {
        guard let person: Person = try await fetch(Person.self, ids: [personId], db).first else {
            throw StatlasError.notFound(entity: .person, id: personId)
        }
        var anonymous = person.anonymised()
        (anonymous.version, anonymous.updatedAt) = (person.version + 1, stamp)
        try await storeChange(anonymous, expectedVersion: person.version, previousTitle: person.title, db)
        let traces = [person.name, person.email ?? ""].filter { $0.count >= 3 && $0 != Person.erasedName }
        var redacted: [Int] = []
        for type in kinds.types where type.kind != .person {
            redacted += try await blankOut(traces, in: type, stamp: stamp, db)
        }
        redacted += try await AuditLog.redact(.person, id: personId, db)
        // Stored analytics hold records' text (titles of datasets, names of organisations) from before the
        // erasure, and keep the replaced version's rows: drop them all, to be recomputed when next asked for.
        try await db.raw("DELETE FROM analytics_rows").run()
        try await db.raw("DELETE FROM analytics_results").run()
        if database.engine == .sqlite {
            // Merge the full-text index so the erased words leave its segments, not only its live rows.
            try await db.raw("INSERT INTO search_fts(search_fts) VALUES ('optimize')").run()
        }
        // The erasure names every event it redacted, so that a redaction made any other way is seen as tampering.
        let entry = AuditEntry(
            .erase, actorId: actor.userId, entity: .person, recordId: personId,
            after: AuditLog.redactionList(redacted), detail: "personal data erased")
        try await AuditLog.append([entry], at: stamp, engine: database.engine, seal: seal, db)
    }

    /// Replaces every occurrence of the traces in the text of records of one kind with "[erased]"; returns the
    /// audit events redacted with them.
    private func blankOut<R: Record>(_ traces: [String], in type: R.Type, stamp: Date, _ db: any SQLDatabase)
        async throws -> [Int]
    {
        guard !traces.isEmpty else { return [] }
        var redacted: [Int] = []
        let encoded = try traces.map {
            String(String(decoding: try JSONEncoder().encode($0), as: UTF8.self).dropFirst().dropLast())
        }
        // A title may be kept in its column alone (`StoredBodies`), so both are searched.
        let conditions: [SQLQueryString] =
            encoded.map { "body LIKE \(bind: "%" + Self.likeEscaped($0) + "%") ESCAPE '\\'" }
            + traces.map { "title LIKE \(bind: "%" + Self.likeEscaped($0) + "%") ESCAPE '\\'" }
        let rows = try await db.raw(
            "SELECT \(StoredBodies.columns()) FROM \(ident: R.kind.table) WHERE \(conditions.joined(separator: " OR "))"
        ).all()
        for row in rows {
            var body = try stored.document(R.kind, row)
            let original = body
            for trace in encoded { body = body.replacingOccurrences(of: trace, with: "[erased]") }
            guard body != original, var record = try? RecordCodec.decoder().decode(R.self, from: Data(body.utf8)),
                let before = try? RecordCodec.decoder().decode(R.self, from: Data(original.utf8))
            else { continue }
            let previous = record.version
            (record.version, record.updatedAt) = (previous + 1, stamp)
            // A relationship's title names its organisations: it is stored with their names again, not its ids.
            try await storeChange(record, expectedVersion: previous, previousTitle: before.title, db)
            redacted += try await AuditLog.redact(R.kind, id: record.id, db)
        }
        return redacted
    }

    static func likeEscaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_")
    }
}
