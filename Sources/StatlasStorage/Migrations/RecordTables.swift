import SQLKit
import StatlasCore

/// The tables of kinds declared after migration 1: each registered kind gets its entity and facet tables, and
/// each (source, target) pair its reference fields declare gets a link table, when they do not exist yet.
///
/// Migration 1 froze the tables of the nine original kinds; this step only ever adds tables and indexes (never
/// alters or drops one of an existing kind), in the start-up transaction, so declaring a kind is all it takes to
/// store it. Every kind's table also gets its date-order indexes here when it lacks them (`startOrderIndexes`).
enum RecordTables {
    /// Creates the missing tables for `kinds`; returns the names created.
    @discardableResult
    static func ensure(_ kinds: RecordKinds, _ database: Database) async throws -> [String] {
        try await database.transaction { db in
            var existing = try await tables(database.engine, db)
            var created: [String] = []
            /// A new facet or link table takes the layout of migration 7 (`CompactSchema`).
            func compact(_ name: String) async throws {
                guard database.engine == .sqlite,
                    let sql = try await db.raw("SELECT sql FROM sqlite_master WHERE name = \(bind: name)").first()?
                        .decode(column: "sql", as: String.self)
                else { return }
                try await CompactSchema.compact(db, name, sql)
            }
            func run(_ statements: [String], creating name: String) async throws {
                for statement in statements { try await db.raw("\(unsafeRaw: statement)").run() }
                existing.insert(name)
                created.append(name)
            }
            for kind in kinds.all where !existing.contains(kind.table) {
                try await run(InitialSchema.entityTables(kind.table), creating: kind.table)
                try await compact("\(kind.table)_facets")
                // Migration 21 dropped the `demo` index that migration 1's layout still declares.
                try await db.raw("DROP INDEX IF EXISTS \(ident: kind.table + "_demo")").run()
            }
            for kind in kinds.all {
                for statement in startOrderIndexes(kind.table) { try await db.raw("\(unsafeRaw: statement)").run() }
                if database.engine == .postgres { try await db.raw(searchIndex(kind)).run() }
            }
            for (source, target) in kinds.linkPairs where !existing.contains(LinkTables.name(source, target)) {
                let name = LinkTables.name(source, target)
                try await run(InitialSchema.linkTable(name, source: source.table, target: target.table), creating: name)
                try await compact(name)
            }
            if !created.isEmpty {
                database.logger.info("Created tables for declared kinds: \(created.joined(separator: ", "))")
            }
            return created
        }
    }

    /// The names of the tables in the database (the current schema, on PostgreSQL).
    static func tables(_ engine: Engine, _ db: any SQLDatabase) async throws -> Set<String> {
        let sql: SQLQueryString =
            switch engine {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'table'"
            case .postgres:
                "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()"
            }
        return Set(try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) })
    }

    /// PostgreSQL's full-text index of one kind's entries, which a search within the kind reads: with only the
    /// index of every kind, a dataset list searched for a common word found 160,000 matches of all kinds and
    /// intersected them with the 100,000 entries of datasets (160 ms) where this index gives its 59,000 (71 ms).
    /// SQLite keeps each kind's entries in a rowid range of its one index instead (`SearchRanges`).
    static func searchIndex(_ kind: EntityKind) -> SQLQueryString {
        """
        CREATE INDEX IF NOT EXISTS \(ident: "search_documents_" + kind.table) ON search_documents USING gin (document)
        WHERE entity = \(literal: kind.rawValue)
        """
    }

    /// The indexes that give a list in date order, undated records last, in either direction, without sorting
    /// the table: one for earliest first (migration 6 made it for the original kinds) and one for latest first,
    /// whose order (`start_date DESC` between ascending columns) no scan of the first can give. Without the
    /// second, page 50 of 200,000 activities latest first sorted the whole table (0.9 s).
    static func startOrderIndexes(_ table: String) -> [String] {
        let undated = "(CASE WHEN start_date IS NULL THEN 1 ELSE 0 END)"
        return [
            "CREATE INDEX IF NOT EXISTS \(table)_start_order ON \(table) (\(undated), start_date, sort_title, id)",
            "CREATE INDEX IF NOT EXISTS \(table)_start_order_desc ON \(table) (\(undated), start_date DESC, sort_title, id)",
        ]
    }
}
