import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `/coverage`: what is published for which nation and level, where the gaps are and whom to ask, and a hex
/// map of availability by local authority.
struct CoveragePage {
    let repository: any RecordRepository
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(.get, "/coverage", .everyone, query: CoverageQuery.parameters.map(\.name)) { request, context in try await show(request, context) }
    }

    static let specs = [
        FieldSpec("theme", "Theme", .reference(.theme)),
        FieldSpec("q", "Keyword", hint: "Words in the dataset's title, summary or keywords"),
        FieldSpec("dataset", "Dataset ids", hint: "Separate ids with commas, for example claimant-count,benefits-wales"),
    ]

    func show(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let parameters = request.parameters
        let themes = try await repository.index(.theme, limit: 300)
        var model: [String: Any] = [
            "heading": "Coverage and gaps", "action": "/coverage", "submit": "Show coverage", "hasFilters": true,
            "intro": ["Which statistics are published for each nation and geographic level, where one nation has what another lacks, and whom to ask. Equivalent datasets in different nations count as one."],
        ]
        guard let selection = try await InsightForm.read(parameters, specs: Self.specs, options: [.theme: themes], into: &model,
            { try await CoverageQuery.selection(parameters, repository: repository) })
        else { return pages.refused("insight", title: "Coverage and gaps", model, context: context, section: "/coverage") }
        let report = try await CoverageService(repository: repository).report(selection)
        model["sections"] = CoverageSections(report: report, query: CoverageQuery.query(selection)).all()
        return pages.page("insight", title: "Coverage and gaps", model, context: context, section: "/coverage")
    }
}

/// The sections of the coverage page.
struct CoverageSections {
    let report: CoverageReport
    let query: [(String, String)]

    func all() -> [[String: Any]] {
        guard !report.datasets.isEmpty else {
            return [["id": "coverage", "heading": "No datasets", "empty": "No dataset matches. Try another theme or keyword."]]
        }
        return [overview(), matrix(), statistics(), gaps(), map(), areaTable()]
    }

    var summarySentence: String {
        let gapNations = Set(report.gaps.map(\.nation)).sorted().map(\.label)
        return "\(report.groups.count) statistic\(report.groups.count == 1 ? "" : "s") from \(report.datasets.count) dataset\(report.datasets.count == 1 ? "" : "s"); "
            + (report.gaps.isEmpty ? "no gaps between nations." : "\(report.gaps.count) gap\(report.gaps.count == 1 ? "" : "s"), in \(gapNations.joined(separator: ", ")).")
    }

    func downloads(_ items: [(String, String)]) -> [String: Any] {
        let base = "/api/v1/coverage?" + FormData.query(query)
        return ["links": items.enumerated().map { i, item in
            ["text": item.0, "href": base + (item.1.isEmpty ? "" : "&format=" + item.1), "last": i == items.count - 1]
        }]
    }

    func overview() -> [String: Any] {
        let items: [(String, String)] = [
            ("Datasets selected", "\(report.selected.count)"),
            ("Equivalents added", "\(report.datasets.count - report.selected.count)"),
            ("Statistics (equivalents counted once)", "\(report.groups.count)"), ("Gaps", "\(report.gaps.count)"),
            ("Local authorities with none at their level", "\(report.areas.filter { $0.available == 0 }.count) of \(report.areas.count)"),
        ]
        return ["id": "summary", "heading": "Summary", "paragraphs": [summarySentence],
            "summaryList": ["items": items.map { ["key": $0.0, "value": $0.1] }],
            "downloads": downloads([("JSON", "")])]
    }

    func matrix() -> [String: Any] {
        let rows: [[String: Any]] = report.levels.map { level in
            Cell.row([Cell.text(level.label)] + Nation.allCases.map { nation in
                guard let c = report.cell(nation, level) else { return Cell.none }
                if c.gap { return Cell.text("Gap: none published") }
                if c.datasetIds.isEmpty { return Cell.text("–") }
                return Cell.text("\(c.groups) statistic\(c.groups == 1 ? "" : "s") (\(c.datasetIds.count) dataset\(c.datasetIds.count == 1 ? "" : "s"), \(c.producerIds.count) producer\(c.producerIds.count == 1 ? "" : "s"))")
            })
        }
        return ["id": "matrix", "heading": "By nation and level",
            "paragraphs": ["Each cell counts the statistics published at that level or finer, since finer areas add up to coarser ones. “Gap” marks a level another nation has."],
            "table": ["caption": "Statistics by nation and geographic level", "head": ["Level"] + Nation.allCases.map(\.label), "rows": rows],
            "downloads": downloads([("CSV", "matrix-csv")])]
    }

    func statistics() -> [String: Any] {
        let titles = Dictionary(report.datasets.map { ($0.id, $0.title) }, uniquingKeysWith: { a, _ in a })
        let rows: [[String: Any]] = report.groups.map { group in
            let datasets: [String: Any] = ["many": true, "items": group.datasetIds.map { ["text": titles[$0] ?? $0, "href": RecordPaths.path(.dataset, $0)] }]
            return Cell.row([datasets] + group.finest.map { Cell.text($0?.label ?? "Not published") }
                + [Cell.text(CoverageTables.names(report, group.producerIds))])
        }
        return ["id": "statistics", "heading": "Statistics and their equivalents",
            "paragraphs": ["The finest level each statistic reaches in each nation. Datasets linked as equivalents share a row."],
            "table": ["caption": "Finest level of each statistic by nation", "head": ["Datasets"] + Nation.allCases.map(\.label) + ["Producers"], "rows": rows]]
    }

    func gaps() -> [String: Any] {
        let rows: [[String: Any]] = report.gaps.map { g in
            Cell.row([
                Cell.text(g.nation.label), Cell.text(report.groupTitles[g.groupId] ?? g.groupId),
                Cell.text(g.finestHere?.label ?? "Nothing published"), Cell.text(g.level.label + " (" + g.availableIn.map(\.label).joined(separator: ", ") + ")"),
                Cell.record(.organisation, g.contactOrganisationId, names: [.organisation: report.organisationNames]),
                Cell.record(.person, g.contactPersonId, names: [:]), Cell.text(g.contactReason),
            ])
        }
        var section: [String: Any] = ["id": "gaps", "heading": "Gaps and whom to ask",
            "downloads": downloads([("CSV", "gaps-csv")])]
        if rows.isEmpty { section["empty"] = "No gaps: every nation has each statistic at the finest level any nation has." } else {
            section["table"] = ["caption": "Gaps and whom to ask", "head": ["Nation", "Statistics", "Finest here", "Elsewhere", "Ask", "Contact person", "Why them"], "rows": rows]
        }
        return section
    }

    func map() -> [String: Any] {
        guard !report.areas.isEmpty else {
            return ["id": "map", "heading": "Map of local authorities", "empty": "No local authority hex map is loaded. Import the hexjson reference data to see the map."]
        }
        let counts = report.areas.map(\.available)
        let none = counts.filter { $0 == 0 }.count
        let summary = "Of \(report.areas.count) local authorities, \(none) have none of the selected statistics at local authority level and \(counts.filter { $0 == report.groups.count }.count) have all \(report.groups.count)."
        let hex = HexMap(report.areas, id: "coverage-map", title: "Statistics available at local authority level", summary: summary)
        return ["id": "map", "heading": "Map of local authorities", "paragraphs": [summary],
            "figure": ["svg": hex.svg, "caption": summary + " Each hexagon is a local authority, showing its count; select one to open the area.",
                "hasSwatches": true, "swatches": hex.shades.map { ["fill": $0.fill, "label": $0.label] }],
            "downloads": downloads([("CSV", "csv")])]
    }

    func areaTable() -> [String: Any] {
        let table = CoverageTables.areas(report)
        let rows: [[String: Any]] = report.areas.map { a in
            Cell.row([Cell.link(a.name, RecordPaths.path(.area, a.code)), Cell.text(a.code), Cell.text(a.nation.label), Cell.text("\(a.available)")])
        }
        return ["id": "areas", "heading": table.title, "paragraphs": [table.summary],
            "table": ["caption": table.title, "head": ["Local authority", "Code", "Nation", "Statistics available"], "rows": rows]]
    }
}
