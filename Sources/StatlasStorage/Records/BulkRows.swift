import SQLKit
import SQLiteNIO

/// A value bound into a bulk statement: the few kinds bulk rows hold, so that they bind straight to SQLite's values
/// (or to SQLKit's binds on PostgreSQL) without going through `Encodable`.
enum SQLValue: Sendable, Equatable {
    case text(String)
    case integer(Int)
    case null

    init(_ text: String?) { self = text.map(SQLValue.text) ?? .null }

    var sqlite: SQLiteData {
        switch self {
        case .text(let text): .text(text)
        case .integer(let n): .integer(n)
        case .null: .null
        }
    }

    var bind: SQLBind {
        switch self {
        case .text(let text): SQLBind(text)
        case .integer(let n): SQLBind(n)
        case .null: SQLBind(String?.none)
        }
    }
}

/// Multi-row `INSERT` statements for rows written in bulk (imports, the audit trail, stored analyses). On SQLite the
/// statement is plain text with positional parameters and the values are bound directly on the connection the
/// caller's transaction runs on (`Database.sqliteConnection`): building the statement through SQLKit (a bind
/// expression, an `Encodable` value and a serialiser step per value) took a tenth of a large import's time.
/// Callers run them inside a transaction, which a failure rolls back whole.
enum BulkRows {
    /// At most this many bound values go in one statement (SQLite allows 32,766; PostgreSQL 65,535).
    static let maxBinds = 30_000

    /// `INSERT INTO table (columns) VALUES (…), (…)… suffix`, as few statements as the bind limit allows; with
    /// `returning`, the rows the statements return (SQLite only).
    @discardableResult
    static func insert(
        _ db: any SQLDatabase, _ table: String, _ columns: [String], _ rows: some Collection<[SQLValue]>,
        suffix: String = "", returning: String? = nil
    ) async throws -> [SQLiteRow] {
        var returned: [SQLiteRow] = []
        let size = max(1, maxBinds / max(1, columns.count))
        let all = Array(rows)
        for start in stride(from: 0, to: all.count, by: size) {
            let chunk = all[start..<min(start + size, all.count)]
            if let connection = Database.sqliteConnection {
                var binds: [SQLiteData] = []
                binds.reserveCapacity(chunk.count * columns.count)
                for row in chunk { for value in row { binds.append(value.sqlite) } }
                let sql = statement(table, columns, rows: chunk.count, suffix: suffix, returning: returning)
                returned += try await connection.query(sql, binds)
            } else {
                let names = columns.map { "\(ident: $0)" as SQLQueryString }.joined(separator: ", ")
                let tuples = chunk.map { "(\(SQLList($0.map(\.bind))))" as SQLQueryString }.joined(separator: ", ")
                try await db.raw("INSERT INTO \(ident: table) (\(names)) VALUES \(tuples) \(unsafeRaw: suffix)").run()
            }
        }
        return returned
    }

    /// The statement text for `rows` rows of `columns`, with positional parameters.
    static func statement(_ table: String, _ columns: [String], rows: Int, suffix: String, returning: String?)
        -> String
    {
        let tuple = "(" + Array(repeating: "?", count: columns.count).joined(separator: ",") + ")"
        // FAIL rather than the default ABORT: a failing row stops the statement without undoing the rows before it,
        // so SQLite keeps no statement journal (every caller runs in a transaction that the failure rolls back).
        var sql = "INSERT OR FAIL INTO \(quoted(table)) (\(columns.map(quoted).joined(separator: ", "))) VALUES "
        sql.reserveCapacity(sql.utf8.count + rows * (tuple.utf8.count + 1) + suffix.utf8.count + 40)
        for i in 0..<rows {
            if i > 0 { sql += "," }
            sql += tuple
        }
        if !suffix.isEmpty { sql += " " + suffix }
        if let returning { sql += " RETURNING " + returning }
        return sql
    }

    /// An identifier in double quotes (the names here are Statlas's own, never input).
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
