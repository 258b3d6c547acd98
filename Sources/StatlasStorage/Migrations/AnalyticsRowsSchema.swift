/// Migration 8: the long lists of whole-register results (`analytics_rows`), kept beside their result rather
/// than inside it, so that a page reads only the rows it shows and no instance holds a whole list in memory.
/// Rows are keyed by the result's key and register version, so that the rows of the result being replaced
/// stay readable while a newer one is saved. Results stored before it are removed: coverage is now stored as a
/// head and rows, and every result is recomputed when first asked for.
enum AnalyticsRowsSchema {
    static func statements(_ engine: Engine) -> [String] {
        [
            """
            CREATE TABLE analytics_rows (key TEXT NOT NULL, version TEXT NOT NULL, list TEXT NOT NULL,
              position INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (key, version, list, position))
            """ + (engine == .sqlite ? " WITHOUT ROWID" : ""),
            "DELETE FROM analytics_results",
        ]
    }
}
