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
    /// The pages of the long lists one may ask for.
    static let pages = 1...1_000_000

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/api/v1/coverage", .everyone,
            query: CoverageQuery.parameters.map(\.name) + ["format", "page", "limit"]
        ) {
            _, context in
            let parameters = context.query.parameters
            var r = QueryReader(parameters)
            let format = r.choice("format", among: Self.formats, fallback: "json")
            let limit = r.number("limit", 1...1000) ?? 100
            let page = r.number("page", Self.pages) ?? 1
            try r.finish()
            let analysed = try await analyses.coverage(
                try await CoverageQuery.selection(parameters, repository: repository))
            let report = analysed.value
            let csv = "text/csv; charset=utf-8"
            switch format {
            case "csv":
                return JSONResponse.download(CoverageTables.areas(report).csv(), csv, "statlas-coverage-areas.csv")
            case "gaps-csv":
                return JSONResponse.download(CoverageTables.gaps(report).csv(), csv, "statlas-coverage-gaps.csv")
            case "matrix-csv":
                return JSONResponse.download(CoverageTables.matrix(report).csv(), csv, "statlas-coverage-matrix.csv")
            case "statistics-csv":
                return JSONResponse.download(
                    CoverageTables.statistics(report).csv(), csv, "statlas-coverage-statistics.csv")
            default:
                return try JSONResponse.make(
                    CoverageBody(report, window: CoverageBody.Window(page: page, limit: limit), computed: analysed))
            }
        }
    }
}

/// The JSON body of `/api/v1/coverage`.
struct CoverageBody: Encodable {
    struct DatasetEntry: Encodable {
        let id, title, group: String
        let producerIds: [String]
        let coverage: [NationCoverage]
    }
    struct Summary: Encodable {
        let datasets, groups, gaps, areas, areasWithNone: Int
        let maximumAvailable: Int
    }
    typealias Window = ListWindow
    let datasets: [DatasetEntry]
    let groups: [CoverageGroup]
    let levels: [GeographicLevel]
    let matrix: [CoverageCell]
    let gaps: [CoverageGap]
    let areas: [AreaAvailability]
    let summary: Summary
    let page: Window
    let computed: ComputedBody?

    init(_ r: CoverageReport, window: Window = Window(page: 1, limit: 100), computed: Analysed<CoverageReport>? = nil) {
        let shownDatasets = window.slice(r.datasets)
        let ids = Set(shownDatasets.map(\.id))
        var groupOf: [String: String] = [:]
        for g in r.groups { for id in g.datasetIds where ids.contains(id) { groupOf[id] = g.id } }
        datasets = shownDatasets.map {
            DatasetEntry(
                id: $0.id, title: $0.title, group: groupOf[$0.id] ?? $0.id, producerIds: $0.producerIds,
                coverage: $0.coverage)
        }
        (groups, levels, matrix, gaps, areas) = (
            Array(window.slice(r.groups)), r.levels, r.cells, Array(window.slice(r.gaps)), r.areas
        )
        (page, self.computed) = (window, computed.map(ComputedBody.init))
        summary = Summary(
            datasets: r.datasets.count, groups: r.groups.count, gaps: r.gaps.count, areas: r.areas.count,
            areasWithNone: r.areas.filter { $0.available == 0 }.count,
            maximumAvailable: r.areas.map(\.available).max() ?? 0)
    }
}
