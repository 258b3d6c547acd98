import Foundation
import SQLKit
import StatlasCore

/// The records of one kind an import created, recorded as one audit event (action `create`, the kind as its
/// entity, no record id) whose content is `{"imported": N, "records": MAC}`, and one `audit_records` row per
/// record naming the event and where in the file the record came from. The MAC, under the audit key, covers the
/// event's sequence number and every (id, location) pair in the byte order of the ids, so the chain seals the
/// rows: a row removed, added, changed or moved to another event no longer matches (`verify`).
struct ImportedRecords: Sendable {
    let kind: EntityKind
    var records: [(id: String, location: String)] = []

    init(kind: EntityKind) { self.kind = kind }

    /// The event's entry, for the event numbered `sequence`.
    func entry(sequence: Int, seal: AuditSeal) -> AuditEntry {
        AuditEntry(
            .create, actorId: nil, entity: kind, recordId: nil,
            after: Self.content(count: records.count, mac: Self.mac(sequence, records, seal)),
            detail: "import: \(records.count) \(records.count == 1 ? kind.noun : kind.collection) created")
    }

    /// The rows of `audit_records` for the event numbered `sequence`.
    func rows(sequence: Int) -> [[SQLValue]] {
        records.map { [.text(kind.rawValue), .text($0.id), .integer(sequence), .text($0.location)] }
    }

    static func content(count: Int, mac: String) -> String { "{\"imported\":\(count),\"records\":\"\(mac)\"}" }

    static func mac(_ sequence: Int, _ records: [(id: String, location: String)], _ seal: AuditSeal) -> String {
        var text = "records\u{1F}\(sequence)"
        for record in records.sorted(by: { $0.id.utf8.lexicographicallyPrecedes($1.id.utf8) }) {
            text += "\u{1E}\(record.id)\u{1F}\(record.location)"
        }
        return seal.mac(Data(text.utf8))
    }

    /// The count and MAC an import event's content names, or nil for any other event.
    static func sealed(_ entry: AuditEntry) -> (count: Int, mac: String)? {
        guard entry.action == .create, entry.entity != nil, entry.recordId == nil, let after = entry.after,
            case .object(let object)? = JSONValue.read(Data(after.utf8)),
            case .number(let count)? = object["imported"], case .string(let mac)? = object["records"],
            count >= 0, count < 1e12
        else { return nil }
        return (Int(count), mac)
    }

    /// Why the rows of the import event numbered `sequence` do not match what it sealed, or nil.
    static func check(
        _ sequence: Int, _ entry: AuditEntry, sealed: (count: Int, mac: String), seal: AuditSeal,
        _ db: any SQLDatabase
    ) async throws -> String? {
        let rows = try await db.raw(
            "SELECT entity, record_id, location FROM audit_records WHERE seq = \(bind: sequence)"
        ).all()
        var records: [(id: String, location: String)] = []
        for row in rows {
            guard try row.decode(column: "entity", as: String.self) == entry.entity?.rawValue else {
                return "a record of another kind was added to the records it imported"
            }
            records.append(
                (
                    try row.decode(column: "record_id", as: String.self),
                    try row.decode(column: "location", as: String.self)
                ))
        }
        if records.count != sealed.count || mac(sequence, records, seal) != sealed.mac {
            return "the records it imported were changed (\(records.count) listed, \(sealed.count) sealed)"
        }
        return nil
    }
}
