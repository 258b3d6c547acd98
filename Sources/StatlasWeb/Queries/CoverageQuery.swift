import Foundation
import StatlasCore

/// Reads a coverage question from query parameters, for the API and the page alike.
enum CoverageQuery {
    static let parameters: [(name: String, summary: String, allowed: [String]?)] = [
        ("theme", "Datasets on the theme with this id", nil),
        ("q", "Datasets whose title, summary or keywords contain this text", nil),
        ("dataset", "Comma-separated dataset ids", nil),
    ]

    static func selection(_ p: [String: String], repository: any RecordRepository) async throws -> CoverageSelection {
        var r = QueryReader(p)
        let selection = CoverageSelection(
            theme: r.text("theme"), keyword: r.text("q", max: 200), datasetIds: r.list("dataset"))
        if let theme = selection.theme {
            r.references(
                "theme", [theme], known: Set(try await repository.get(Theme.self, ids: [theme]).map(\.id)),
                noun: "theme")
        }
        if !selection.datasetIds.isEmpty {
            r.references(
                "dataset", selection.datasetIds,
                known: Set(try await repository.get(Dataset.self, ids: selection.datasetIds).map(\.id)), noun: "dataset"
            )
        }
        try r.finish()
        return selection
    }

    static func query(_ s: CoverageSelection) -> [(String, String)] {
        [
            s.theme.map { ("theme", $0) }, s.keyword.map { ("q", $0) },
            s.datasetIds.isEmpty ? nil : ("dataset", s.datasetIds.joined(separator: ",")),
        ].compactMap { $0 }
    }
}
