import Foundation
import SQLKit
import StatlasCore

extension SQLRecordRepository {
    public func batch<R: Record>(_ type: R.Type, after afterId: String?, limit: Int) async throws -> [R] {
        let after: SQLQueryString = afterId.map { "WHERE id > \(bind: $0)" } ?? ""
        return try await database.withConnection { db in
            try await db.raw(
                "SELECT body FROM \(ident: R.kind.table) \(after) ORDER BY id LIMIT \(literal: max(1, limit))"
            )
            .all().map(Self.decodeBody)
        }
    }

    public func importRows(_ rows: [ImportRow], kind: EntityKind?, progress: (@Sendable (Int) -> Void)?) async throws
        -> ImportSummary
    {
        let duplicates = Self.duplicateKeys(rows)
        guard duplicates.isEmpty else { throw ImportError(problems: duplicates) }
        let today = CalendarDate(now())
        let stamp = wholeSeconds(now())
        let large = rows.count >= Self.largeImport && database.engine == .sqlite
        let summary = try await database.transaction { db in
            if large { try await Self.roomForImport(db, on: true) }
            do {
                let summary = try await write(rows, kind: kind, today: today, stamp: stamp, progress: progress, db)
                if large { try await Self.roomForImport(db, on: false) }
                return summary
            } catch {
                if large { try? await Self.roomForImport(db, on: false) }
                throw error
            }
        }
        if rows.count >= Self.largeImport { await settle() }
        return summary
    }

    /// Merges, checks and writes every row in the caller's transaction, 500 rows at a time; throws `ImportError`
    /// with every problem found (the caller rolls back).
    func write(
        _ rows: [ImportRow], kind: EntityKind?, today: CalendarDate, stamp: Date, progress: (@Sendable (Int) -> Void)?,
        _ db: any SQLDatabase
    ) async throws -> ImportSummary {
        var state = ImportState(kind: kind)
        var done = 0
        for chunk in stride(from: 0, to: rows.count, by: 500).map({ rows[$0..<min($0 + 500, rows.count)] }) {
            var existing: [EntityKind: [String: any Record]] = [:]
            for (kind, members) in Dictionary(grouping: chunk, by: \.kind) {
                existing[kind] = try await fetchAny(type(kind), ids: members.map(\.id), db)
            }
            for row in chunk {
                try await apply(type(row.kind), row, existing[row.kind]?[row.id], today, stamp, db, &state)
                done += 1
                progress?(done)
            }
            try await state.bulk.flush(db, engine: database.engine)
        }
        if state.problems.isEmpty { state.problems += try await danglingReferences(state, db) }
        guard state.problems.isEmpty else { throw ImportError(problems: state.problems) }
        try await AuditLog.append(state.audit, at: stamp, engine: database.engine, seal: seal, db)
        return state.summary
    }

    /// Gives a large SQLite import a page cache large enough to hold the pages its transaction changes, or takes it
    /// back (the connection returns to the pool): with the default 2 MB, SQLite wrote changed pages to the log
    /// in the middle of the transaction and read them back.
    static func roomForImport(_ db: any SQLDatabase, on: Bool) async throws {
        try await db.raw("PRAGMA cache_size = \(unsafeRaw: on ? "-131072" : "-2000")").run()
    }

    /// The rows from which an import is large enough to refresh the planner's statistics afterwards.
    static let largeImport = 1000

    /// After a large import on PostgreSQL, marks the new rows' pages visible and refreshes the planner's
    /// statistics (`VACUUM (ANALYZE)`), as autovacuum would later: until then, sorted and deep pages cannot use
    /// index-only scans and the planner guesses at the new tables' sizes. An optimisation only: a failure
    /// (a role that does not own the tables) changes nothing the import wrote.
    func settle() async {
        guard database.engine == .postgres else { return }
        try? await database.withConnection { db in try await db.raw("VACUUM (ANALYZE)").run() }
    }

    /// Rows that repeat an earlier row's kind and id.
    static func duplicateKeys(_ rows: [ImportRow]) -> [ImportProblem] {
        var first: [String: String] = [:]
        var problems: [ImportProblem] = []
        for row in rows {
            let key = "\(row.kind.rawValue)/\(row.id)"
            if let earlier = first[key] {
                problems.append(
                    ImportProblem(
                        row.location, field: "id", "\(row.kind.noun) \(row.id) appears again (first at \(earlier))"))
            } else {
                first[key] = row.location
            }
        }
        return problems
    }

    func fetchAny<R: Record>(_ type: R.Type, ids: [String], _ db: any SQLDatabase) async throws -> [String: any Record]
    {
        Dictionary(
            try await fetch(type, ids: ids, db).map { ($0.id, $0 as any Record) }, uniquingKeysWith: { a, _ in a })
    }

    /// Merges, validates and writes one row, noting problems instead of throwing so that every bad row is reported.
    func apply<R: Record>(
        _ type: R.Type, _ row: ImportRow, _ stored: (any Record)?, _ today: CalendarDate, _ stamp: Date,
        _ db: any SQLDatabase, _ state: inout ImportState
    ) async throws {
        let existing = stored as? R
        let record: R
        let outcome: RecordMerge.Outcome
        do {
            if existing == nil, state.blanks[R.kind] == nil { state.blanks[R.kind] = RecordCodec.object(R.blank) }
            (record, outcome) = try RecordMerge.merge(row, over: existing, today: today, blank: state.blanks[R.kind])
        } catch {
            state.fail(row, error)
            return
        }
        // A new record is stamped before it is checked, so that one encoding serves the checks and the stored
        // body (validation reads neither the version nor the timestamps).
        var written = record
        if outcome == .created { (written.version, written.createdAt, written.updatedAt) = (1, stamp, stamp) }
        let (object, encoded) = try RecordCodec.stored(written)
        let errors = written.validateAll(object: object)
        guard errors.isEmpty else {
            state.fail(row, .invalid(errors))
            return
        }
        state.written[LinkKey(kind: R.kind, id: record.id)] = (row.location, record.allLinks)
        guard state.problems.isEmpty else { return }  // keep validating, stop writing
        state.summary.count(outcome, of: R.kind, importing: state.kind)
        switch outcome {
        case .unchanged:
            break
        case .created:
            // Written in bulk with the rest of the batch. The trail names the row the record came from rather
            // than holding a second copy of it: until its first change the record is its own content, and that
            // change's event keeps what it was before.
            try state.bulk.add(written, body: String(decoding: encoded, as: UTF8.self))
            state.audit.append(
                AuditEntry(
                    .create, actorId: nil, entity: R.kind, recordId: written.id, detail: "import \(row.location)"))
        case .updated:
            (written.version, written.updatedAt) = (record.version + 1, stamp)
            try await updateRow(written, expectedVersion: record.version, db)
            try await writeDerived(written, db, replacing: true)
            state.audit.append(
                AuditEntry(
                    .update, actorId: nil, entity: R.kind, recordId: written.id,
                    before: try existing.map(encode), after: try encode(written), detail: "import \(row.location)"))
        }
    }

    /// References from imported records to records that exist neither in the store nor in the import.
    func danglingReferences(_ state: ImportState, _ db: any SQLDatabase) async throws -> [ImportProblem] {
        var problems: [ImportProblem] = []
        let written = Set(state.written.keys.map(\.kind))
        for type in kinds.types where written.contains(type.kind) {
            let kind = type.kind
            for target in type.referenceTargets {
                let rows = try await db.raw(
                    """
                    SELECT l.source_id, l.target_id FROM \(ident: LinkTables.name(kind, target)) l
                    LEFT JOIN \(ident: target.table) t ON t.id = l.target_id WHERE t.id IS NULL LIMIT 100
                    """
                ).all()
                for row in rows {
                    let source = try row.decode(column: "source_id", as: String.self)
                    let targetId = try row.decode(column: "target_id", as: String.self)
                    let origin = state.written[LinkKey(kind: kind, id: source)]
                    let field = origin?.links.first { $0.target == target && $0.id == targetId }?.field
                    problems.append(
                        ImportProblem(
                            origin?.location ?? "\(kind.noun) \(source)", field: field,
                            "No \(target.noun) has the id \(targetId), in the database or in this import"))
                }
            }
        }
        return problems
    }
}

/// A record written by an import, to trace a bad reference back to its row.
struct LinkKey: Hashable {
    let kind: EntityKind
    let id: String
}

/// What an import has done and found so far.
struct ImportState {
    let kind: EntityKind?
    var summary = ImportSummary()
    var problems: [ImportProblem] = []
    var written: [LinkKey: (location: String, links: [Link])] = [:]
    /// The audit entries for the rows written, appended once the whole import is accepted.
    var audit: [AuditEntry] = []
    /// New records waiting to be written with the rest of their batch.
    var bulk = BulkInsert()
    /// Each kind's blank record as a JSON object, encoded once for all the new records laid over it.
    var blanks: [EntityKind: [String: JSONValue]] = [:]

    mutating func fail(_ row: ImportRow, _ error: StatlasError) {
        problems += ImportProblem.from(error, at: row.location)
    }
}
