import Foundation
import Logging
import SQLKit
import StatlasCore

/// The one repository for every kind of record, over SQLite or PostgreSQL.
///
/// A record is stored as its JSON document plus the columns lists sort on; its references go to link
/// tables (real foreign keys), its filterable values to a facet table, and its text to the search index.
public struct SQLRecordRepository: RecordRepository {
    let database: Database
    let search: SearchDialect
    /// The clock, injectable for tests.
    let now: @Sendable () -> Date
    /// Seals the audit events appended with each change.
    let seal: AuditSeal
    /// The kinds of record this register holds (each has its tables; see `RecordTables`).
    public let kinds: RecordKinds
    /// List totals counted for the current version of the register.
    let totals = VersionedCache<Int>(capacity: 2_000)
    /// Search hits, ranked once per version of the register and query.
    let searches = VersionedCache<[SearchHit]>(capacity: 256)
    /// The ids of a page of a searched list, in order, once per version of the register and query.
    let searchedPages = VersionedCache<[String]>(capacity: 512)
    /// The record just before each anchor of deep offsets, once per version of the register and query.
    let anchors = VersionedCache<String>(capacity: 2_000)
    /// Counts of a list's records by a filter's values (`valueCounts`), once per version of the register and query.
    let valueCountCache = VersionedCache<[ValueCount]>(capacity: 256)
    /// How bodies are stored without what their columns hold, and read back whole.
    let stored: StoredBodies

    public init(
        database: Database, seal: AuditSeal, kinds: RecordKinds = .standard,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        self.database = database
        self.kinds = kinds
        self.stored = StoredBodies(kinds)
        self.seal = seal
        self.search = SearchDialect(engine: database.engine)
        self.now = now
    }

    // MARK: Reading

    public func list<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<R> {
        let page = try await bodies(R.self, query)
        return Page(
            items: try page.items.map { try RecordCodec.decoder().decode(R.self, from: Data($0.utf8)) },
            total: page.total)
    }

    public func listEncoded<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<String> {
        try await bodies(R.self, query)
    }

    /// One page of stored bodies. The total is counted once per version of the register and query (`totals`);
    /// a page after a record (`query.after`) is read from the sort index, so it costs what page one does.
    func bodies<R: Record>(_ type: R.Type, _ query: ListQuery) async throws -> Page<String> {
        let terms = query.q.map(SearchDialect.terms) ?? []
        if query.q != nil && terms.isEmpty { return Page(items: [], total: 0) }
        // Counts and searched pages read every match, so their conditions read the matches first; a page in the
        // list's own order of many matches probes rows in that order instead (`listed`, below).
        let conditions = RecordFilters.conditions(
            for: R.self, query.filters, engine: database.engine, form: .members)
        // A list searched and ranked with nothing else asked of its records reads the search index alone.
        let indexOnly = !terms.isEmpty && conditions.isEmpty && query.sort == .relevance
        let from = indexOnly ? search.ranked(R.kind, terms) : fromClause(R.kind, terms: terms)
        let id: SQLQueryString = indexOnly ? "s.record_id" : "t.id"
        let whereClause = Self.whereClause(conditions)
        let order = orderClause(query, searching: !terms.isEmpty, id: id)
        return try await database.withConnection { db in
            let version = try await RegisterVersion.latestEvent(db)
            // A list that reads the index alone is counted there too, without ranking or looking up its matches.
            let countSQL: SQLQueryString =
                indexOnly ? search.count(R.kind, terms) : "SELECT COUNT(*) AS n FROM \(from) \(whereClause)"
            let countKey = QueryKey.of(countSQL, db)
            func counted() async throws -> Int {
                try await totals.value(countKey, version: version) {
                    try await db.raw(countSQL).first()?.decode(column: "n", as: Int.self) ?? 0
                }
            }
            // A page of a list in its own order (not searched) that many records match reads rows in that order,
            // probing each one's links and facets, and stops at the page (`RecordFilters.Form`).
            var listed = conditions
            if terms.isEmpty, !conditions.isEmpty, try await counted() > probeAbove {
                listed = RecordFilters.conditions(for: R.self, query.filters, engine: database.engine, form: .probe)
            }
            // The condition for the rows the page starts after: the `after=` record's, or for a deep offset the
            // nearest remembered anchor's, read from the index as a keyset page is.
            var start: SQLQueryString? = nil
            var offset = query.after == nil ? query.offset : 0
            if let after = query.after {
                guard let keyset = try await self.keyset(R.kind, after: after, query, db) else {
                    throw StatlasError.invalid([FieldError("after", "No \(R.kind.noun) has the id \(after)")])
                }
                start = keyset
            } else if terms.isEmpty, offset >= Self.anchorSpacing, offset < (try await counted()),
                let anchored = try await anchor(
                    R.kind, from: from, Self.whereClause(listed), order: order, query, offset, version, db)
            {
                (start, offset) = (anchored.keyset, offset - anchored.position)
            }
            let page = Self.whereClause(listed + (start.map { [$0] } ?? []))
            if !terms.isEmpty {
                // A searched page is ranked among every match (half the catalogue for a common word): its ids
                // are worked out once per version and query, without carrying bodies through the sort, and
                // then only the page's bodies are read.
                let limits: SQLQueryString = "ORDER BY \(order) LIMIT \(literal: query.limit) OFFSET \(literal: offset)"
                let idsSQL: SQLQueryString = "SELECT \(id) AS id FROM \(from) \(page) \(limits)"
                let idsKey = QueryKey.of(idsSQL, db)
                if !indexOnly, start == nil, totals.value(countKey, version: version) == nil,
                    searchedPages.value(idsKey, version: version) == nil
                {
                    // A first ask ranks every match once for both its page and its total (a list that reads the
                    // index alone counts its matches there for less).
                    let rows = try await db.raw(
                        "SELECT \(id) AS id, COUNT(*) OVER () AS n FROM \(from) \(page) \(limits)"
                    )
                    .all()
                    if let n = try rows.first?.decode(column: "n", as: Int.self) {
                        totals.store(countKey, version: version, n)
                        searchedPages.store(
                            idsKey, version: version, try rows.map { try $0.decode(column: "id", as: String.self) })
                    }
                }
                let total = try await counted()
                let ids = try await searchedPages.value(idsKey, version: version) {
                    try await db.raw(idsSQL).all().map { try $0.decode(column: "id", as: String.self) }
                }
                return Page(items: try await self.documents(R.kind, ids: ids, db), total: total)
            }
            let total = try await counted()
            let sql: SQLQueryString
            if offset > 0 {
                // A deep offset skips rows in the sort index alone (an index-only scan), then reads the bodies
                // of the page's rows only: PostgreSQL would otherwise sort the whole table with its bodies.
                sql = """
                    SELECT \(StoredBodies.columns("t.")) FROM \(ident: R.kind.table) t JOIN (SELECT t.id AS id FROM \(from) \(page)
                      ORDER BY \(order) LIMIT \(literal: query.limit) OFFSET \(literal: offset)) k ON k.id = t.id
                    ORDER BY \(order)
                    """
            } else {
                sql =
                    "SELECT \(StoredBodies.columns("t.")) FROM \(from) \(page) ORDER BY \(order) LIMIT \(literal: query.limit) OFFSET \(literal: offset)"
            }
            let rows = try await db.raw(sql).all()
            return Page(items: try rows.map { try self.stored.document(R.kind, $0) }, total: total)
        }
    }

    /// `WHERE` with the conditions joined by `AND`, or nothing when there are none.
    static func whereClause(_ conditions: [SQLQueryString]) -> SQLQueryString {
        conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
    }

    /// Rows between the anchors of deep offsets (`anchor`): page offsets are multiples of the page size.
    static let anchorSpacing = 1_000
    /// Above this many matches a filtered page probes rows in the list's order rather than sorting its matches
    /// (16,612 matches sorted for a page took 27 ms; probed, 0.4 ms). Tests set it to see both forms agree.
    var probeAbove = 10_000

    /// For a deep offset, the keyset condition after the record just before the nearest multiple of
    /// `anchorSpacing` at or below it, and that multiple. The record at each anchor is found once per version
    /// of the register and query (`anchors`), by skipping rows in the sort index as a plain offset would; every
    /// later page near it then reads from the index as page one does, skipping fewer than `anchorSpacing` rows.
    /// Nil when the anchor's record cannot be found (the page is then read with its plain offset).
    func anchor(
        _ kind: EntityKind, from: SQLQueryString, _ whereClause: SQLQueryString, order: SQLQueryString,
        _ query: ListQuery, _ offset: Int, _ version: String, _ db: any SQLDatabase
    ) async throws -> (keyset: SQLQueryString, position: Int)? {
        let position = offset / Self.anchorSpacing * Self.anchorSpacing
        let sql: SQLQueryString =
            "SELECT t.id AS id FROM \(from) \(whereClause) ORDER BY \(order) LIMIT 1 OFFSET \(literal: position - 1)"
        let id = try await anchors.value(QueryKey.of(sql, db), version: version) {
            try await db.raw(sql).first()?.decode(column: "id", as: String.self) ?? ""
        }
        guard !id.isEmpty, let keyset = try await keyset(kind, after: id, query, db) else { return nil }
        return (keyset, position)
    }

    /// The documents of the records `ids` of one kind, in the order of `ids` (one that has gone is left out).
    func documents(_ kind: EntityKind, ids: [String], _ db: any SQLDatabase) async throws -> [String] {
        guard !ids.isEmpty else { return [] }
        var found: [String: String] = [:]
        let sql: SQLQueryString =
            "SELECT \(StoredBodies.columns()) FROM \(ident: kind.table) WHERE id IN (\(binds: ids))"
        for row in try await db.raw(sql).all() {
            found[try row.decode(column: "id", as: String.self)] = try stored.document(kind, row)
        }
        return ids.compactMap { found[$0] }
    }

    /// The condition for the rows after the record `id` in the query's order: one probe of the table for the
    /// record's sort key, then a range of the index that holds that order, compared as a row value so that the
    /// database reads the range from the index rather than filtering every row before it.
    func keyset(_ kind: EntityKind, after id: String, _ query: ListQuery, _ db: any SQLDatabase) async throws
        -> SQLQueryString?
    {
        guard
            let row = try await db.raw(
                "SELECT sort_title, created_at, updated_at, start_date FROM \(ident: kind.table) WHERE id = \(bind: id)"
            ).first()
        else { return nil }
        let title = try row.decode(column: "sort_title", as: String.self)
        let after: SQLQueryString = query.descending ? "<" : ">"
        switch query.sort {
        case .title, .relevance:
            return "(t.sort_title, t.id) \(after) (\(bind: title), \(bind: id))"
        case .created, .updated:
            let column = query.sort == .created ? "created_at" : "updated_at"
            let value = try row.decode(column: column, as: String.self)
            return "(t.\(ident: column), t.id) \(after) (\(bind: value), \(bind: id))"
        case .start:
            // Dated records first (by start in the asked direction, then title and id ascending), undated last.
            let rest: SQLQueryString = "(t.sort_title, t.id) > (\(bind: title), \(bind: id))"
            guard let start = try row.decode(column: "start_date", as: String?.self) else {
                return "(t.start_date IS NULL AND \(rest))"
            }
            if !query.descending {
                return
                    "((CASE WHEN t.start_date IS NULL THEN 1 ELSE 0 END), t.start_date, t.sort_title, t.id) > (0, \(bind: start), \(bind: title), \(bind: id))"
            }
            return
                "(t.start_date IS NULL OR t.start_date < \(bind: start) OR (t.start_date = \(bind: start) AND \(rest)))"
        }
    }

    public func get<R: Record>(_ type: R.Type, id: String) async throws -> R {
        let candidates = R.kind == .area && id != id.uppercased() ? [id, id.uppercased()] : [id]
        let found = try await get(type, ids: candidates)
        guard let record = found.first else { throw StatlasError.notFound(entity: R.kind, id: id) }
        return record
    }

    public func get<R: Record>(_ type: R.Type, ids: [String]) async throws -> [R] {
        guard !ids.isEmpty else { return [] }
        return try await database.withConnection { db in
            try await fetch(type, ids: ids, db)
        }
    }

    func fetch<R: Record>(_ type: R.Type, ids: [String], _ db: any SQLDatabase) async throws -> [R] {
        let rows = try await db.raw(
            "SELECT \(StoredBodies.columns()) FROM \(ident: R.kind.table) WHERE id IN (\(binds: ids)) ORDER BY sort_title, id"
        ).all()
        return try rows.map(decode)
    }

    public func search(_ text: String, kinds: [EntityKind]?, limit: Int) async throws -> [SearchHit] {
        let terms = SearchDialect.terms(text)
        guard !terms.isEmpty else { return [] }
        // One kind is filtered inside the match (the index's entity column); several, after it.
        let one = kinds?.count == 1 ? kinds?.first : nil
        let kindFilter: SQLQueryString =
            one == nil ? (kinds.map { "WHERE m.entity IN (\(binds: $0.map(\.rawValue)))" } ?? "") : ""
        let sql: SQLQueryString =
            "SELECT m.entity, m.record_id, m.title, m.rank FROM (\(search.matches(terms, entity: one))) m \(kindFilter) ORDER BY m.rank DESC, lower(m.title), m.entity, m.record_id LIMIT \(literal: min(max(limit, 1), ListQuery.maxLimit))"
        return try await database.withConnection { db in
            // Ranking every match of a common word is most of a search's cost: once per version and query.
            let version = try await RegisterVersion.latestEvent(db)
            return try await searches.value(QueryKey.of(sql, db), version: version) {
                try await db.raw(sql).all().compactMap { row -> SearchHit? in
                    guard let kind = self.kinds.kind(named: try row.decode(column: "entity", as: String.self)) else {
                        return nil
                    }
                    return SearchHit(
                        type: kind, id: try row.decode(column: "record_id", as: String.self),
                        title: try row.decode(column: "title", as: String.self),
                        rank: try row.decode(column: "rank", as: Double.self))
                }
            }
        }
    }

    /// Counted in each kind's part of the search index alone (`SearchDialect.count`), once per version of the
    /// register and query, as list totals are.
    public func searchCounts(_ text: String) async throws -> [EntityKind: Int] {
        let terms = SearchDialect.terms(text)
        guard !terms.isEmpty else { return [:] }
        return try await database.withConnection { db in
            let version = try await RegisterVersion.latestEvent(db)
            var result: [EntityKind: Int] = [:]
            for kind in kinds.all {
                let sql = search.count(kind, terms)
                let n = try await totals.value(QueryKey.of(sql, db), version: version) {
                    try await db.raw(sql).first()?.decode(column: "n", as: Int.self) ?? 0
                }
                if n > 0 { result[kind] = n }
            }
            return result
        }
    }

    /// How many records of each kind, counted once per version of the register (as list totals are): a
    /// count reads a whole table, which PostgreSQL does row by row.
    public func version() async throws -> String {
        try await database.withConnection { db in try await RegisterVersion.latestEvent(db) }
    }

    public func counts() async throws -> [EntityKind: Int] {
        try await database.withConnection { db in
            let version = try await RegisterVersion.latestEvent(db)
            var result: [EntityKind: Int] = [:]
            var missing: [(kind: EntityKind, sql: SQLQueryString, key: String)] = []
            for kind in kinds.all {
                let sql: SQLQueryString =
                    "SELECT \(bind: kind.rawValue) AS entity, COUNT(*) AS n FROM \(ident: kind.table)"
                let key = QueryKey.of(sql, db)
                if let known = totals.value(key, version: version) {
                    result[kind] = known
                } else {
                    missing.append((kind, sql, key))
                }
            }
            guard !missing.isEmpty else { return result }
            for row in try await db.raw(missing.map(\.sql).joined(separator: " UNION ALL ")).all() {
                if let kind = kinds.kind(named: try row.decode(column: "entity", as: String.self)) {
                    result[kind] = try row.decode(column: "n", as: Int.self)
                }
            }
            for entry in missing { totals.store(entry.key, version: version, result[entry.kind] ?? 0) }
            return result
        }
    }

    /// The type of a kind this register holds; a kind it does not hold is a configuration error.
    func type(_ kind: EntityKind) throws -> any Record.Type {
        guard let type = kinds.type(for: kind) else {
            throw StatlasStorageError.configuration("This register holds no records of the kind \(kind.collection)")
        }
        return type
    }

    // MARK: Query pieces

    private func fromClause(_ kind: EntityKind, terms: [String]) -> SQLQueryString {
        guard !terms.isEmpty else { return "\(ident: kind.table) t" }
        return search.matched(kind, terms)
    }

    /// The list's order; `id` is the column of the record's id (the table's, or the search index's when the list
    /// reads the index alone).
    private func orderClause(_ query: ListQuery, searching: Bool, id: SQLQueryString = "t.id") -> SQLQueryString {
        let direction: SQLQueryString = query.descending ? "DESC" : "ASC"
        switch query.sort {
        // Equal ranks by the title the search index holds, case aside, so that ranking reads no record's row.
        case .relevance where searching: return "s.rank DESC, lower(s.title) ASC, \(id) ASC"
        case .title, .relevance: return "t.sort_title \(direction), t.id \(direction)"
        case .created: return "t.created_at \(direction), t.id \(direction)"
        case .updated: return "t.updated_at \(direction), t.id \(direction)"
        case .start:
            return
                "CASE WHEN t.start_date IS NULL THEN 1 ELSE 0 END, t.start_date \(direction), t.sort_title ASC, t.id ASC"
        }
    }

    /// The record of a row selected with `StoredBodies.columns`.
    func decode<R: Record>(_ row: any SQLRow) throws -> R {
        try RecordCodec.decoder().decode(R.self, from: Data(try stored.document(R.kind, row).utf8))
    }
}
