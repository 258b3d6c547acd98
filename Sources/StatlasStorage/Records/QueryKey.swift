import SQLKit

/// The cache key of a query: its SQL and its bound values.
enum QueryKey {
    static func of(_ query: SQLQueryString, _ db: any SQLDatabase) -> String {
        let (sql, binds) = db.serialize(query)
        return sql + "\u{1F}" + binds.map { String(describing: $0) }.joined(separator: "\u{1F}")
    }
}
