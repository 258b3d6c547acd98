import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `GET /api/v1/coverage`: the nation × level matrix, the gaps with whom to contact, and per-area
/// availability at local-authority level; `format=csv|gaps-csv|matrix-csv|statistics-csv` for downloads. The
/// long lists of the JSON (datasets, statistics, gaps) come a page at a time (`page`, `limit`); the CSV
/// downloads hold everything.
struct CoverageController {
    let repository: any RecordRepository
    let analyses: Analyses

    static let formats = ["json", "csv", "gaps-csv", "matrix-csv", "statistics-csv"]

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/api/v1/coverage", .everyone,
            query: CoverageQuery.parameters.map(\.name) + ["format", "page", "limit"], shared: true
        ) {
            _, context in
            let parameters = context.query.parameters
            var r = QueryReader(parameters)
            let format = r.choice("format", among: Self.formats, fallback: "json")
            let window = ListWindow.read(&r, limits: 1...1000, fallback: 100)
            try r.finish()
            let answer = try await analyses.coverage(
                try await CoverageQuery.selection(parameters, repository: repository))
            let head = answer.head
            let csv = "text/csv; charset=utf-8"
            switch format {
            case "csv":
                return JSONResponse.download(CoverageTables.areas(head).csv(), csv, "statlas-coverage-areas.csv")
            case "gaps-csv":
                return JSONResponse.download(csv, "statlas-coverage-gaps.csv") { emit in
                    try await answer.csv(.gaps, as: CoverageGapRow.self, table: { CoverageTables.gaps($0) }, emit: emit)
                }
            case "matrix-csv":
                return JSONResponse.download(CoverageTables.matrix(head).csv(), csv, "statlas-coverage-matrix.csv")
            case "statistics-csv":
                return JSONResponse.download(csv, "statlas-coverage-statistics.csv") { emit in
                    try await answer.csv(
                        .groups, as: CoverageGroupRow.self, table: { CoverageTables.statistics($0) }, emit: emit)
                }
            default:
                return try JSONResponse.make(
                    CoverageBody(
                        head, datasets: try await answer.rows(.datasets, window.range, as: CoverageDatasetRow.self),
                        groups: try await answer.rows(.groups, window.range, as: CoverageGroupRow.self),
                        gaps: try await answer.rows(.gaps, window.range, as: CoverageGapRow.self), window: window,
                        computed: answer.analysed))
            }
        }
    }
}

/// The JSON body of `/api/v1/coverage`.
struct CoverageBody: Encodable {
    struct Summary: Encodable {
        let datasets, groups, gaps, areas, areasWithNone: Int
        let maximumAvailable: Int
    }
    typealias Window = ListWindow
    let datasets: [CoverageDatasetRow]
    let groups: [CoverageGroup]
    let levels: [GeographicLevel]
    let matrix: [CoverageCell]
    let gaps: [CoverageGap]
    let areas: [AreaAvailability]
    let summary: Summary
    let page: Window
    let computed: ComputedBody?

    /// The head with one window of each long list.
    init(
        _ head: CoverageHead, datasets: [CoverageDatasetRow], groups: [CoverageGroupRow], gaps: [CoverageGapRow],
        window: Window, computed: Analysed<CoverageHead>? = nil
    ) {
        (self.datasets, self.groups, self.gaps) = (datasets, groups.map(\.group), gaps.map(\.gap))
        (levels, matrix, areas) = (head.levels, head.cells, head.areas)
        (page, self.computed) = (window, computed.map(ComputedBody.init))
        summary = Summary(
            datasets: head.datasetCount, groups: head.groupCount, gaps: head.gapCount, areas: head.areas.count,
            areasWithNone: head.areas.filter { $0.available == 0 }.count,
            maximumAvailable: head.areas.map(\.available).max() ?? 0)
    }
}
