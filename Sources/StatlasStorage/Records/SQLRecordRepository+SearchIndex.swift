import SQLKit
import StatlasCore

extension SQLRecordRepository {
    /// Rebuilds SQLite's search index when it was written before each kind had its own rowid range
    /// (`SearchRanges`): once, at the first start-up of a build that ranks within ranges, in one transaction.
    /// Nothing on PostgreSQL or when the index is current. Returns the number of entries written.
    @discardableResult
    public func ensureSearchRanges() async throws -> Int {
        guard database.engine == .sqlite else { return 0 }
        try SearchRanges.check(kinds.all)
        return try await database.transaction { db in
            guard try await SearchRanges.outdated(db) else { return 0 }
            let written = try await rebuildSearchIndex(db)
            database.logger.info("Rebuilt the search index with a rowid range per kind: \(written) entries")
            return written
        }
    }

    /// Empties the search index and writes every record's entry again, a batch at a time, in the caller's
    /// transaction. The index is contentless, so its text is worked out again from the records.
    func rebuildSearchIndex(_ db: any SQLDatabase) async throws -> Int {
        try await db.raw("DELETE FROM search_documents").run()
        try await db.raw("DROP TABLE search_fts").run()
        try await db.raw("CREATE VIRTUAL TABLE search_fts \(unsafeRaw: CompactSchema.contentlessFTS)").run()
        var written = 0
        for kind in kinds.all {
            written += try await reindex(try type(kind), db)
        }
        return written
    }

    /// Writes the search entry of every record of one kind, titled as its title column holds it (a kind titled by
    /// its links keeps the names there).
    private func reindex<R: Record>(_ type: R.Type, _ db: any SQLDatabase) async throws -> Int {
        let batch = 1_000
        var after = ""
        var written = 0
        while true {
            let rows = try await db.raw(
                "SELECT \(StoredBodies.columns()) FROM \(ident: R.kind.table) WHERE id > \(bind: after) ORDER BY id LIMIT \(literal: batch)"
            ).all()
            let entries = try rows.map { row -> SearchEntry in
                let record: R = try decode(row)
                return (R.kind, record.id, try row.decode(column: "title", as: String.self), record.searchText)
            }
            try await BulkInsert.writeSearch(entries, db, engine: database.engine)
            written += entries.count
            guard rows.count == batch, let last = entries.last else { return written }
            after = last.id
        }
    }
}
