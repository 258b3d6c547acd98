import SQLKit
import StatlasCore

/// Migration 21: a stored body may leave out its `title`, which its row's `title` column holds
/// (`StoredBodies`): builds before this one cannot read such bodies, and the number tells them the database is
/// newer. It also drops every record table's `demo` index, which no query reads (a record's demo flag is only
/// ever read with its row): 200,000 activities' index took 2 MB.
enum TitleColumnsSchema {
    /// The record tables' `demo` indexes in the database.
    static func demoIndexes(_ db: any SQLDatabase, _ engine: Engine) async throws -> [String] {
        let sql: SQLQueryString =
            switch engine {
            case .sqlite: "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE '%\\_demo' ESCAPE '\\'"
            case .postgres:
                "SELECT indexname AS name FROM pg_indexes WHERE schemaname = current_schema() AND indexname LIKE '%\\_demo' ESCAPE '\\'"
            }
        return try await db.raw(sql).all().map { try $0.decode(column: "name", as: String.self) }
    }

    static func dropDemoIndexes(_ db: any SQLDatabase, _ engine: Engine, _ seal: AuditSeal) async throws {
        for name in try await demoIndexes(db, engine) {
            try await db.raw("DROP INDEX IF EXISTS \(ident: name)").run()
        }
    }
}
