import Foundation
import SQLKit
import StatlasCore

extension SQLRecordRepository {
    public func create<R: Record>(_ submitted: R, by actor: Principal) async throws -> R {
        var record = submitted
        record.prepare(previous: nil, today: CalendarDate(now()))
        let readable = record.id.isEmpty
        if readable { record.id = record.readableId() }
        let stamp = wholeSeconds(now())
        record.version = 1
        record.createdAt = stamp
        record.updatedAt = stamp
        let made = record
        return try await database.transaction { db in
            var prepared = made
            if readable { prepared.id = try await freeId(R.kind, prepared.id, db) }
            try await checkValid(prepared, db)
            if try await exists(R.kind, id: prepared.id, db) {
                throw StatlasError.duplicate(entity: R.kind, id: prepared.id)
            }
            try await insertRow(prepared, db)
            try await writeDerived(prepared, db, replacing: false)
            try await retitle([prepared], db)
            try await audit(.create, prepared, before: nil, after: prepared, actor, db)
            return prepared
        }
    }

    public func update<R: Record>(_ submitted: R, expectedVersion: Int, by actor: Principal) async throws -> R {
        try await database.transaction { db in
            guard let current: R = try await fetch(R.self, ids: [submitted.id], db).first else {
                throw StatlasError.notFound(entity: R.kind, id: submitted.id)
            }
            guard current.version == expectedVersion else {
                throw StatlasError.versionConflict(entity: R.kind, id: current.id, current: current.version)
            }
            var record = submitted
            record.prepare(previous: current, today: CalendarDate(now()))
            record.version = current.version + 1
            record.createdAt = current.createdAt
            record.updatedAt = wholeSeconds(now())
            try await checkValid(record, db)
            try await storeChange(record, expectedVersion: expectedVersion, previousTitle: current.title, db)
            try await audit(.update, record, before: current, after: record, actor, db)
            return record
        }
    }

    public func delete<R: Record>(_ type: R.Type, id: String, expectedVersion: Int?, by actor: Principal) async throws {
        try await database.transaction { db in
            guard let current: R = try await fetch(R.self, ids: [id], db).first else {
                throw StatlasError.notFound(entity: R.kind, id: id)
            }
            if let expectedVersion, current.version != expectedVersion {
                throw StatlasError.versionConflict(entity: R.kind, id: id, current: current.version)
            }
            if let detail = try await referrers(to: R.kind, id: id, db) {
                throw StatlasError.referenced(entity: R.kind, id: id, detail: detail)
            }
            try await search.remove(db, entity: R.kind, id: id)
            try await db.raw("DELETE FROM \(ident: R.kind.table) WHERE id = \(bind: id)").run()
            try await audit(.delete, current, before: current, after: nil, actor, db)
        }
    }

    /// Appends the change to the audit trail, in the change's transaction.
    func audit<R: Record>(
        _ action: AuditAction, _ record: R, before: R?, after: R?, _ actor: Principal, _ db: any SQLDatabase
    ) async throws {
        let entry = AuditEntry(
            action, actorId: actor.userId, entity: R.kind, recordId: record.id, before: try before.map(encode),
            after: try after.map(encode), detail: actor.tokenId.map { "API token \($0)" })
        try await AuditLog.append([entry], at: now(), engine: database.engine, seal: seal, db)
    }

    // MARK: Pieces

    /// Inserts the record's row (its links, facets and search entry are written separately).
    func insertRow<R: Record>(_ record: R, _ db: any SQLDatabase) async throws {
        let stamp = record.createdAt ?? now()
        let (created, updated) = (Timestamp.string(stamp), Timestamp.string(record.updatedAt ?? stamp))
        try await db.raw(
            """
            INSERT INTO \(ident: R.kind.table) (id, version, created_at, updated_at, demo, title, sort_title, start_date, end_date, body)
            VALUES (\(bind: record.id), \(bind: record.version), \(bind: created), \(bind: updated),
              \(bind: record.demo ? 1 : 0), \(bind: record.title), \(bind: Self.sortKey(record.title)),
              \(bind: record.startDate?.description), \(bind: record.endDate?.description),
              \(bind: try storedBody(record, created: created, updated: updated)))
            """
        ).run()
    }

    /// Rewrites the record's row if its stored version is still `expectedVersion`.
    func updateRow<R: Record>(_ record: R, expectedVersion: Int, _ db: any SQLDatabase) async throws {
        let created = record.createdAt.map(Timestamp.string)
        let stamp = Timestamp.string(record.updatedAt ?? now())
        let updated = try await db.raw(
            """
            UPDATE \(ident: R.kind.table) SET version = \(bind: record.version),
              created_at = COALESCE(\(bind: created), created_at), updated_at = \(bind: stamp), demo = \(bind: record.demo ? 1 : 0),
              title = \(bind: record.title), sort_title = \(bind: Self.sortKey(record.title)),
              start_date = \(bind: record.startDate?.description), end_date = \(bind: record.endDate?.description),
              body = \(bind: try storedBody(record, created: created, updated: stamp))
            WHERE id = \(bind: record.id) AND version = \(bind: expectedVersion) RETURNING id
            """
        ).all()
        guard !updated.isEmpty else {
            throw StatlasError.versionConflict(entity: R.kind, id: record.id, current: expectedVersion)
        }
    }

    /// Validates the record and checks that every record it refers to exists, reporting all problems.
    func checkValid<R: Record>(_ record: R, _ db: any SQLDatabase) async throws {
        var errors = record.validateAll()
        let byTarget = Dictionary(grouping: record.allLinks.filter { !$0.id.isEmpty }, by: \.target)
        for (target, links) in byTarget.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            let ids = Array(Set(links.map(\.id)))
            let found = try await db.raw("SELECT id FROM \(ident: target.table) WHERE id IN (\(binds: ids))").all()
                .map { try $0.decode(column: "id", as: String.self) }
            let known = Set(found).union(target == R.kind ? [record.id] : [])
            for link in links where !known.contains(link.id) {
                errors.append(FieldError(link.field, "No \(target.noun) has the id \(link.id)"))
            }
        }
        if !errors.isEmpty { throw StatlasError.invalid(errors) }
    }

    /// Rewrites the record's links, facets and search entry.
    func writeDerived<R: Record>(_ record: R, _ db: any SQLDatabase, replacing: Bool) async throws {
        let links = Dictionary(
            grouping: Set(record.allLinks.map { LinkRow(relation: $0.relation, target: $0.target, id: $0.id) }),
            by: \.target)
        let targets = R.referenceTargets
        // A link to a kind no field declares has no table: refuse it rather than validate and then drop it.
        if let stray = links.keys.first(where: { !targets.contains($0) }) {
            throw StatlasStorageError.undeclaredReference(source: R.kind, target: stray)
        }
        for target in targets {
            let table = LinkTables.name(R.kind, target)
            if replacing { try await db.raw("DELETE FROM \(ident: table) WHERE source_id = \(bind: record.id)").run() }
            guard let rows = links[target], !rows.isEmpty else { continue }
            var insert = db.insert(into: table).columns("source_id", "relation", "target_id")
            for row in rows.sorted(by: { ($0.relation, $0.id) < ($1.relation, $1.id) }) {
                insert = insert.values(SQLBind(record.id), SQLBind(row.relation), SQLBind(row.id))
            }
            try await insert.run()
        }
        let facetTable = "\(R.kind.table)_facets"
        if replacing { try await db.raw("DELETE FROM \(ident: facetTable) WHERE record_id = \(bind: record.id)").run() }
        let facets = record.storedFacets
        if !facets.isEmpty {
            var insert = db.insert(into: facetTable).columns("record_id", "name", "value")
            for facet in facets.sorted(by: { ($0.name, $0.value) < ($1.name, $1.value) }) {
                insert = insert.values(SQLBind(record.id), SQLBind(facet.name), SQLBind(facet.value))
            }
            try await insert.run()
        }
        try await search.index(db, entity: R.kind, id: record.id, title: record.title, content: record.searchText)
    }

    /// How a refusal to delete says what a referring record does with this one, for relations whose names read
    /// poorly.
    static let relationWords = [
        "not-equivalent": "dismissed it as a suggested equivalent; remove it from that dataset's “Not equivalent to”",
        "equivalent": "names it as an equivalent",
    ]

    /// A short description of the records that still refer to this one, or nil when none do.
    func referrers(to kind: EntityKind, id: String, _ db: any SQLDatabase) async throws -> String? {
        let parts: [SQLQueryString] = kinds.sources(of: kind).map { source in
            """
            SELECT \(bind: source.noun) AS kind, l.source_id, t.title, l.relation FROM \(ident: LinkTables.name(source, kind)) l
            JOIN \(ident: source.table) t ON t.id = l.source_id WHERE l.target_id = \(bind: id) AND l.source_id <> \(bind: id)
            """
        }
        guard !parts.isEmpty else { return nil }
        let rows = try await db.raw(
            "SELECT kind, source_id, title, relation FROM (\(parts.joined(separator: " UNION ALL "))) r LIMIT 6"
        ).all()
        guard !rows.isEmpty else { return nil }
        // Named by title, with the relation in words: "the dataset “Nu deaths” (dismissed it as an equivalent)".
        let items = try rows.prefix(5).map {
            let relation = try $0.decode(column: "relation", as: String.self)
            return
                "the \(try $0.decode(column: "kind", as: String.self)) “\(try $0.decode(column: "title", as: String.self))” (\(Self.relationWords[relation] ?? "as \(relation)"))"
        }
        return items.joined(separator: ", ") + (rows.count > 5 ? " and others" : "")
    }

    /// Stores a changed record: its row (if still at `expectedVersion`), its links, facets and search entry, its
    /// title with the names of the records it links to, and, when its title changed, the titles of the records
    /// that name it. Every change of a stored record goes through here: an edit, an import's update, an erasure.
    func storeChange<R: Record>(_ record: R, expectedVersion: Int, previousTitle: String, _ db: any SQLDatabase)
        async throws
    {
        try await updateRow(record, expectedVersion: expectedVersion, db)
        try await writeDerived(record, db, replacing: true)
        try await retitle([record], db)
        if record.title != previousTitle { try await retitleReferrers(R.kind, id: record.id, db) }
    }

    /// For a kind whose title names other records (`Record.titledByLinks`), stores each record's title, sort key
    /// and search entry with those records' names rather than their ids. Nothing for other kinds.
    func retitle<R: Record>(_ records: [R], _ db: any SQLDatabase) async throws {
        guard R.titledByLinks, !records.isEmpty else { return }
        var names: [EntityKind: [String: String]] = [:]
        for (kind, links) in Dictionary(grouping: records.flatMap(\.links), by: \.target) {
            let ids = Array(Set(links.map(\.id)))
            for row in try await db.raw("SELECT id, title FROM \(ident: kind.table) WHERE id IN (\(binds: ids))").all()
            {
                names[kind, default: [:]][try row.decode(column: "id", as: String.self)] = try row.decode(
                    column: "title", as: String.self)
            }
        }
        for record in records {
            let title = record.title(names: names)
            guard title != record.title else { continue }
            try await db.raw(
                "UPDATE \(ident: R.kind.table) SET title = \(bind: title), sort_title = \(bind: Self.sortKey(title)) WHERE id = \(bind: record.id)"
            ).run()
            try await search.index(db, entity: R.kind, id: record.id, title: title, content: record.searchText)
        }
    }

    /// After a record is renamed, retitles the records whose titles name it (a relationship's "ONS → Manchester
    /// City Council" when the council is renamed), in the same transaction: one indexed look at each link table
    /// that refers to its kind from a kind titled by its links.
    func retitleReferrers(_ kind: EntityKind, id: String, _ db: any SQLDatabase) async throws {
        for source in kinds.sources(of: kind) {
            guard let type = kinds.type(for: source), type.titledByLinks else { continue }
            func retitleLinking<T: Record>(_ type: T.Type) async throws {
                let ids = try await db.raw(
                    "SELECT DISTINCT source_id FROM \(ident: LinkTables.name(source, kind)) WHERE target_id = \(bind: id)"
                ).all().map { try $0.decode(column: "source_id", as: String.self) }
                for start in stride(from: 0, to: ids.count, by: 500) {
                    try await retitle(
                        try await fetch(T.self, ids: Array(ids[start..<min(start + 500, ids.count)]), db), db)
                }
            }
            try await retitleLinking(type)
        }
    }

    /// `base`, or the first of `base-2`, `base-3`… that no record of the kind has (a UUID after 99 tries).
    func freeId(_ kind: EntityKind, _ base: String, _ db: any SQLDatabase) async throws -> String {
        if !(try await exists(kind, id: base, db)) { return base }
        let tries = (2...99).map { "\(base)-\($0)" }
        let taken = Set(
            try await db.raw("SELECT id FROM \(ident: kind.table) WHERE id IN (\(binds: tries))").all().map {
                try $0.decode(column: "id", as: String.self)
            })
        return tries.first { !taken.contains($0) } ?? UUID().uuidString.lowercased()
    }

    func exists(_ kind: EntityKind, id: String, _ db: any SQLDatabase) async throws -> Bool {
        try await db.raw("SELECT id FROM \(ident: kind.table) WHERE id = \(bind: id)").first() != nil
    }

    /// The body stored for `record` (without what its columns hold: `StoredBodies`), its columns' timestamps
    /// being `created` and `updated`.
    func storedBody<R: Record>(_ record: R, created: String?, updated: String) throws -> String {
        try stored.compact(record, try RecordCodec.tree(record), created: created, updated: updated)
    }

    /// The record's whole document, as the audit trail keeps it.
    func encode<R: Record>(_ record: R) throws -> String {
        String(decoding: try RecordCodec.stored(record).body, as: UTF8.self)
    }

    static func sortKey(_ title: String) -> String {
        title.folding(options: [.caseInsensitive, .diacriticInsensitive], locale: nil)
    }

    func wholeSeconds(_ date: Date) -> Date {
        Date(timeIntervalSince1970: date.timeIntervalSince1970.rounded(.down))
    }
}

/// One link as stored.
struct LinkRow: Hashable {
    let relation: String
    let target: EntityKind
    let id: String
}
