import SQLKit
import StatlasCore

/// Migration 15: each dataset's title stem (`EquivalentSuggestions.stem`: the title without place names, small
/// words, case, accents and plural `s`) is stored as a `stem` facet, so that a dataset page finds its likely
/// equivalents in other nations through the facets' value index. Written here, a batch at a time, for the
/// datasets already stored; the stem is worked out in Swift, as every later save works it out.
enum StemFacetsSchema {
    static let batch = 500

    static func write(_ db: any SQLDatabase, _ engine: Engine, _ seal: AuditSeal) async throws {
        var after = ""
        while true {
            let rows = try await db.raw(
                "SELECT id, title FROM datasets WHERE id > \(bind: after) ORDER BY id LIMIT \(literal: batch)"
            ).all()
            let stems = try rows.compactMap { row -> (String, String)? in
                let id = try row.decode(column: "id", as: String.self)
                let stem = EquivalentSuggestions.stem(try row.decode(column: "title", as: String.self))
                return stem.isEmpty ? nil : (id, stem)
            }
            if !stems.isEmpty {
                let values = stems.map { "(\(bind: $0.0), 'stem', \(bind: $0.1))" as SQLQueryString }
                    .joined(separator: ", ")
                try await db.raw(
                    "INSERT INTO datasets_facets (record_id, name, value) VALUES \(values) ON CONFLICT DO NOTHING"
                ).run()
            }
            guard rows.count == batch, let last = rows.last else { return }
            after = try last.decode(column: "id", as: String.self)
        }
    }
}
