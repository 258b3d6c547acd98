import SQLKit
import StatlasCore

/// The tables of kinds declared after migration 1: each registered kind gets its entity and facet tables, and
/// each (source, target) pair its reference fields declare gets a link table, when they do not exist yet.
///
/// Migration 1 froze the tables of the nine original kinds; this step only ever adds tables (never alters or
/// drops one), in the start-up transaction, so declaring a kind is all it takes to store it.
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
}
