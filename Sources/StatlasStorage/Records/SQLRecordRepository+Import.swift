import Foundation
import Metrics
import SQLKit
import StatlasCore

extension SQLRecordRepository {
    public func batch<R: Record>(_ type: R.Type, after afterId: String?, limit: Int) async throws -> [R] {
        let after: SQLQueryString = afterId.map { "WHERE id > \(bind: $0)" } ?? ""
        return try await database.withConnection { db in
            try await db.raw(
                "SELECT \(StoredBodies.columns()) FROM \(ident: R.kind.table) \(after) ORDER BY id LIMIT \(literal: max(1, limit))"
            )
            .all().map(decode)
        }
    }

    public func importRows(_ rows: [ImportRow], kind: EntityKind?, progress: (@Sendable (Int) -> Void)?) async throws
        -> ImportSummary
    {
        let duplicates = Self.duplicateKeys(rows)
        guard duplicates.isEmpty else {
            Counter(label: "statlas_imports_total", dimensions: [("outcome", "refused")]).increment()
            throw ImportError(problems: duplicates)
        }
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            Timer(label: "statlas_import_seconds").recordNanoseconds(
                Int64(DispatchTime.now().uptimeNanoseconds &- started))
        }
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
    /// with every problem found (the caller rolls back). Each batch's rows are prepared (`ImportPreparation`) on
    /// other threads while the database writes the batch before it.
    func write(
        _ rows: [ImportRow], kind: EntityKind?, today: CalendarDate, stamp: Date, progress: (@Sendable (Int) -> Void)?,
        _ db: any SQLDatabase
    ) async throws -> ImportSummary {
        var types: [EntityKind: any Record.Type] = [:]
        for kind in Set(rows.map(\.kind)) { types[kind] = try type(kind) }
        let blanks = ImportPreparation.blanks(types)
        let chunks = stride(from: 0, to: rows.count, by: 500).map { rows[$0..<min($0 + 500, rows.count)] }
        var state = ImportState(kind: kind)
        var done = 0
        /// The stored records a batch's rows name (read on the transaction's connection, before preparing).
        func existing(_ chunk: ArraySlice<ImportRow>) async throws -> [EntityKind: [String: any Record]] {
            var found: [EntityKind: [String: any Record]] = [:]
            for (kind, members) in Dictionary(grouping: chunk, by: \.kind) {
                found[kind] = try await fetchAny(try type(kind), ids: members.map(\.id), db)
            }
            return found
        }
        guard let first = chunks.first else { return state.summary }
        var prepared = try await ImportPreparation.prepare(
            first, existing: existing(first), types: types, blanks: blanks, stored: stored, today: today, stamp: stamp)
        for index in chunks.indices {
            for row in prepared {
                try await commit(row, stamp, db, &state)
                done += 1
                progress?(done)
            }
            guard index + 1 < chunks.count else {
                try await state.bulk.flush(db, engine: database.engine)
                break
            }
            let next = chunks[index + 1]
            let found = try await existing(next)
            async let upcoming = ImportPreparation.prepare(
                next, existing: found, types: types, blanks: blanks, stored: stored, today: today, stamp: stamp)
            try await state.bulk.flush(db, engine: database.engine)
            prepared = try await upcoming
        }
        if state.problems.isEmpty { state.problems += try await danglingReferences(state, db) }
        guard state.problems.isEmpty else { throw ImportError(problems: state.problems) }
        for (kind, created) in state.created { try await retitleCreated(try type(kind), created.records.map(\.0), db) }
        try await AuditLog.append(
            state.audit, imports: state.created.keys.sorted().compactMap { state.created[$0] }, at: stamp,
            engine: database.engine, seal: seal, db)
        return state.summary
    }

    /// Writes one prepared row (a new record joins its batch; an update is written at once), or notes its
    /// problems; once any row has a problem, the rest are still checked but no longer written.
    func commit(_ prepared: PreparedRow, _ stamp: Date, _ db: any SQLDatabase, _ state: inout ImportState)
        async throws
    {
        let row = prepared.row
        guard prepared.problems.isEmpty, let record = prepared.record, let written = prepared.written else {
            state.problems += prepared.problems
            return
        }
        state.written[LinkKey(kind: row.kind, id: record.id)] = (row.location, record.allLinks, state.written.count)
        guard state.problems.isEmpty else { return }  // keep validating, stop writing
        state.summary.count(prepared.outcome, of: row.kind, importing: state.kind)
        switch prepared.outcome {
        case .unchanged:
            break
        case .created:
            // Written in bulk with the rest of the batch. The trail records the import of each kind as one event,
            // naming each record and the row it came from (`ImportedRecords`) rather than holding a second copy of
            // it: until its first change the record is its own content, and that change's event keeps what it was
            // before.
            if let rows = prepared.rows { state.bulk.add(rows) }
            state.created[row.kind, default: ImportedRecords(kind: row.kind)].records.append((written.id, row.location))
        case .updated:
            try await update(written, from: record, existing: prepared.existing, stamp, row.location, db, &state)
        }
    }

    /// Writes an import's change to a stored record, with its derived rows and audit event.
    func update<R: Record>(
        _ written: R, from record: any Record, existing: (any Record)?, _ stamp: Date, _ location: String,
        _ db: any SQLDatabase, _ state: inout ImportState
    ) async throws {
        var written = written
        (written.version, written.updatedAt) = (record.version + 1, stamp)
        try await storeChange(
            written, expectedVersion: record.version, previousTitle: existing?.title ?? written.title, db)
        state.audit.append(
            AuditEntry(
                .update, actorId: nil, entity: R.kind, recordId: written.id,
                before: try (existing as? R).map(encode), after: try encode(written), detail: "import \(location)"))
    }

    /// Names the records an import created whose titles name other records (`retitle`), a batch at a time.
    func retitleCreated<R: Record>(_ type: R.Type, _ ids: [String], _ db: any SQLDatabase) async throws {
        guard R.titledByLinks else { return }
        for start in stride(from: 0, to: ids.count, by: 500) {
            try await retitle(try await fetch(R.self, ids: Array(ids[start..<min(start + 500, ids.count)]), db), db)
        }
    }

    /// Gives a large SQLite import a page cache large enough to hold the pages its transaction changes, or takes it
    /// back (the connection returns to the pool): with the default 2 MB, SQLite wrote changed pages to the log
    /// in the middle of the transaction and read them back.
    static func roomForImport(_ db: any SQLDatabase, on: Bool) async throws {
        try await db.raw("PRAGMA cache_size = \(unsafeRaw: on ? "-131072" : "-2000")").run()
        // Foreign keys checked once, at commit, rather than after each statement (which kept a journal of every
        // statement's changes to undo it alone); SQLite turns this off again when the transaction ends.
        if on { try await db.raw("PRAGMA defer_foreign_keys = ON").run() }
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

    /// References from imported records to records that exist neither in the store nor in the import.
    /// In the order of the file's rows.
    func danglingReferences(_ state: ImportState, _ db: any SQLDatabase) async throws -> [ImportProblem] {
        var problems: [(order: Int, problem: ImportProblem)] = []
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
                        (
                            origin?.order ?? Int.max,
                            ImportProblem(
                                origin?.location ?? "\(kind.noun) \(source)", field: field,
                                "No \(target.noun) has the id \(targetId), in the database or in this import")
                        ))
                }
            }
        }
        return problems.enumerated().sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element.problem)
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
    /// Each record checked: the row it came from, its links, and its place in the file.
    var written: [LinkKey: (location: String, links: [Link], order: Int)] = [:]
    /// The audit entries for the records changed, appended once the whole import is accepted.
    var audit: [AuditEntry] = []
    /// The records created, by kind, recorded with one audit event per kind (`ImportedRecords`).
    var created: [EntityKind: ImportedRecords] = [:]
    /// New records waiting to be written with the rest of their batch.
    var bulk = BulkInsert()
}
