import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `GET /api/v1/coverage`: the nation × level matrix, the gaps with whom to contact, and per-area
/// availability at local-authority level; `format=csv|gaps-csv|matrix-csv` for downloads.
struct CoverageController {
    let repository: any RecordRepository

    static let formats = ["json", "csv", "gaps-csv", "matrix-csv"]

    func register(on routes: RouteTable) {
        routes.add(.get, "/api/v1/coverage", .everyone, query: CoverageQuery.parameters.map(\.name) + ["format"]) {
            _, context in
            let parameters = context.query.parameters
            var r = QueryReader(parameters)
            let format = r.choice("format", among: Self.formats, fallback: "json")
            try r.finish()
            let report = try await CoverageService(repository: repository).report(
                try await CoverageQuery.selection(parameters, repository: repository))
            let csv = "text/csv; charset=utf-8"
            switch format {
            case "csv":
                return JSONResponse.download(CoverageTables.areas(report).csv(), csv, "statlas-coverage-areas.csv")
            case "gaps-csv":
                return JSONResponse.download(CoverageTables.gaps(report).csv(), csv, "statlas-coverage-gaps.csv")
            case "matrix-csv":
                return JSONResponse.download(CoverageTables.matrix(report).csv(), csv, "statlas-coverage-matrix.csv")
            default: return try JSONResponse.make(CoverageBody(report))
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
    let datasets: [DatasetEntry]
    let groups: [CoverageGroup]
    let levels: [GeographicLevel]
    let matrix: [CoverageCell]
    let gaps: [CoverageGap]
    let areas: [AreaAvailability]
    let summary: Summary

    init(_ r: CoverageReport) {
        let groupOf = Dictionary(
            r.groups.flatMap { g in g.datasetIds.map { ($0, g.id) } }, uniquingKeysWith: { a, _ in a })
        datasets = r.datasets.map {
            DatasetEntry(
                id: $0.id, title: $0.title, group: groupOf[$0.id] ?? $0.id, producerIds: $0.producerIds,
                coverage: $0.coverage)
        }
        (groups, levels, matrix, gaps, areas) = (r.groups, r.levels, r.cells, r.gaps, r.areas)
        summary = Summary(
            datasets: r.datasets.count, groups: r.groups.count, gaps: r.gaps.count, areas: r.areas.count,
            areasWithNone: r.areas.filter { $0.available == 0 }.count,
            maximumAvailable: r.areas.map(\.available).max() ?? 0)
    }
}
