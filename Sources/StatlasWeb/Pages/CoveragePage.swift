import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `/coverage`: what is published for which nation and level, where the gaps are and whom to ask, and a hex
/// map of availability by local authority.
struct CoveragePage {
    let repository: any RecordRepository
    let analyses: Analyses
    let pages: PageRenderer

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/coverage", .everyone, query: CoverageQuery.parameters.map(\.name) + CoverageSections.pageParameters,
            shared: true
        ) {
            request, context in
            try await show(request, context)
        }
    }

    static let specs = [
        FieldSpec("theme", "Theme", .reference(.theme)),
        FieldSpec("q", "Keyword", hint: "Words in the dataset's title, summary or keywords"),
        FieldSpec(
            "dataset", "Dataset ids", hint: "Separate ids with commas, for example claimant-count,benefits-wales"),
    ]

    func show(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        let parameters = context.query.parameters
        let themes = try await repository.index(.theme, limit: 300)
        let model = InsightPageView(
            heading: "Coverage and gaps",
            intro: [
                "Which statistics are published for each nation and geographic level, where one nation has what another lacks, and whom to ask. Equivalent datasets in different nations count as one."
            ],
            action: "/coverage", submit: "Show coverage", hasFilters: true)
        return try await InsightForm.page(
            model, title: "Coverage and gaps", section: "/coverage", pages: pages, context: context, parameters,
            specs: Self.specs, options: [.theme: themes],
            parse: { try await CoverageQuery.selection(parameters, repository: repository) },
            sections: { selection in
                let answer = try await analyses.coverage(selection)
                var sections = CoverageSections(
                    report: answer.head, query: CoverageQuery.query(selection), parameters: parameters,
                    freshness: answer.analysed.freshness)
                sections.groups = try await answer.rows(.groups, sections.groupsPage.range, as: CoverageGroupRow.self)
                sections.gapRows = try await answer.rows(.gaps, sections.gapsPage.range, as: CoverageGapRow.self)
                return sections.all()
            })
    }
}

/// The sections of the coverage page: the report's head, and the page of each long table it shows.
struct CoverageSections {
    let report: CoverageHead
    let query: [(String, String)]
    /// The page's query, for the links to other pages of the long tables.
    var parameters: [String: String] = [:]
    var freshness: String? = nil
    /// The rows of `groupsPage` and `gapsPage`.
    var groups: [CoverageGroupRow] = []
    var gapRows: [CoverageGapRow] = []

    var groupsPage: TablePage { page(report.groupCount, "statistics-page", "statistics", "statistics") }
    var gapsPage: TablePage { page(report.gapCount, "gaps-page", "gaps", "gaps") }

    /// The parameters choosing the page of each long table.
    static let pageParameters = ["statistics-page", "gaps-page"]

    func page(_ total: Int, _ parameter: String, _ fragment: String, _ noun: String) -> TablePage {
        TablePage(
            total: total, parameter: parameter, parameters: parameters, path: "/coverage", fragment: fragment,
            noun: noun)
    }

    func all() -> [SectionView] {
        guard report.datasetCount > 0 else {
            return [
                SectionView(
                    id: "coverage", heading: "No datasets", empty: "No dataset matches. Try another theme or keyword.")
            ]
        }
        return [overview(), matrix(), statistics(), gaps(), map(), areaTable()]
    }

    var summarySentence: String {
        let gapNations = report.gapNations.map(\.label)
        let (groups, datasets, gaps) = (report.groupCount, report.datasetCount, report.gapCount)
        return
            "\(groups.formatted()) statistic\(groups == 1 ? "" : "s") from \(datasets.formatted()) dataset\(datasets == 1 ? "" : "s"); "
            + (gaps == 0
                ? "no gaps between nations."
                : "\(gaps.formatted()) gap\(gaps == 1 ? "" : "s"), in \(gapNations.joined(separator: ", ")).")
    }

    func downloads(_ items: [(String, String)]) -> DownloadsView {
        let base = "/api/v1/coverage?" + FormData.query(query)
        return DownloadsView(items.map { LinkView($0.0, href: base + ($0.1.isEmpty ? "" : "&format=" + $0.1)) })
    }

    func overview() -> SectionView {
        let items: [(String, String)] = [
            ("Datasets selected", report.selectedCount.formatted()),
            ("Equivalents added", (report.datasetCount - report.selectedCount).formatted()),
            ("Statistics (equivalents counted once)", report.groupCount.formatted()),
            ("Gaps", report.gapCount.formatted()),
            (
                "Local authorities with none at their level",
                "\(report.areas.filter { $0.available == 0 }.count) of \(report.areas.count)"
            ),
        ]
        return SectionView(
            id: "summary", heading: "Summary", paragraphs: [summarySentence] + (freshness.map { [$0] } ?? []),
            summaryList: SummaryListView(items: items.map { SummaryItemView(key: $0.0, value: $0.1) }),
            downloads: downloads([("JSON", "")]))
    }

    func matrix() -> SectionView {
        let rows: [RowView] = report.levels.map { level in
            RowView(
                [CellView.text(level.label)]
                    + Nation.allCases.map { nation in
                        guard let c = report.cell(nation, level) else { return CellView.empty }
                        if c.gap { return CellView.text("Gap: none published") }
                        if c.datasetCount == 0 { return CellView.text("–") }
                        return CellView.text(
                            "\(c.groups) statistic\(c.groups == 1 ? "" : "s") (\(c.datasetCount) dataset\(c.datasetCount == 1 ? "" : "s"), \(c.producerCount) producer\(c.producerCount == 1 ? "" : "s"))"
                        )
                    })
        }
        return SectionView(
            id: "matrix", heading: "By nation and level",
            paragraphs: [
                "Each cell counts the statistics published at that level or finer, since finer areas add up to coarser ones. “Gap” marks a level another nation has."
            ],
            downloads: downloads([("CSV", "matrix-csv")]),
            table: TableView(
                caption: "Statistics by nation and geographic level", head: ["Level"] + Nation.allCases.map(\.label),
                rows: rows))
    }

    func statistics() -> SectionView {
        let shown = groupsPage
        let rows: [RowView] = groups.map { row in
            let datasets = CellView.list(
                zip(row.group.datasetIds, row.datasetTitles).map {
                    LinkView($0.1, href: RecordPaths.path(.dataset, $0.0))
                })
            return RowView(
                [datasets] + row.group.finest.map { CellView.text($0?.label ?? "Not published") }
                    + [CellView.text(row.producerNames.joined(separator: "; "))])
        }
        return SectionView(
            id: "statistics", heading: "Statistics and their equivalents",
            paragraphs: [
                "The finest level each statistic reaches in each nation. Datasets linked as equivalents share a row."
            ] + (shown.note.map { [$0] } ?? []), pagination: shown.pagination,
            downloads: downloads([("CSV", "statistics-csv")]),
            table: TableView(
                caption: "Finest level of each statistic by nation",
                head: ["Datasets"] + Nation.allCases.map(\.label) + ["Producers"], rows: rows))
    }

    func gaps() -> SectionView {
        let shown = gapsPage
        // A column of possible equivalents, when any gap on this page has one.
        let suggesting = gapRows.contains { !($0.gap.suggestedEquivalents ?? []).isEmpty }
        let rows: [RowView] = gapRows.map { row in
            let g = row.gap
            let suggested = (g.suggestedEquivalents ?? []).map {
                LinkView($0.title, href: RecordPaths.path(.dataset, $0.datasetId) + "#suggested-equivalents")
            }
            return RowView(
                [
                    CellView.text(g.nation.label), CellView.text(row.title),
                    CellView.text(g.finestHere?.label ?? "Nothing published"),
                    CellView.text(g.level.label + " (" + g.availableIn.map(\.label).joined(separator: ", ") + ")"),
                ]
                    + (suggesting
                        ? [
                            suggested.count == 1
                                ? CellView.link(suggested[0].text, suggested[0].href ?? "")
                                : suggested.isEmpty ? CellView.text("None found") : CellView.list(suggested)
                        ] : []) + [
                        CellView.record(
                            .organisation, g.contactOrganisationId,
                            names: [
                                .organisation: g.contactOrganisationId.flatMap { id in row.contactName.map { [id: $0] }
                                }
                                    ?? [:]
                            ]),
                        CellView.record(.person, g.contactPersonId, names: [:]), CellView.text(g.contactReason),
                    ])
        }
        let note =
            suggesting
            ? [
                "“Possible equivalent” names a dataset with the same title but for the place that covers the nation: on its page an editor can confirm it as an equivalent, which closes the gap, or dismiss it."
            ] : []
        return SectionView(
            id: "gaps", heading: "Gaps and whom to ask", paragraphs: (shown.note.map { [$0] } ?? []) + note,
            pagination: shown.pagination, downloads: downloads([("CSV", "gaps-csv")]),
            table: rows.isEmpty
                ? nil
                : TableView(
                    caption: "Gaps and whom to ask",
                    head: ["Nation", "Statistics", "Finest here", "Elsewhere"]
                        + (suggesting ? ["Possible equivalent"] : []) + ["Ask", "Contact person", "Why them"],
                    rows: rows),
            empty: rows.isEmpty ? "No gaps: every nation has each statistic at the finest level any nation has." : nil)
    }

    func map() -> SectionView {
        guard !report.areas.isEmpty else {
            return SectionView(
                id: "map", heading: "Map of local authorities",
                empty: "No local authority hex map is loaded. Import the hexjson reference data to see the map.")
        }
        let counts = report.areas.map(\.available)
        let none = counts.filter { $0 == 0 }.count
        let summary =
            "Of \(report.areas.count) local authorities, \(none) have none of the selected statistics at local authority level and \(counts.filter { $0 == report.groupCount }.count) have all \(report.groupCount.formatted())."
        let hex = HexMap(
            report.areas, id: "coverage-map", title: "Statistics available at local authority level", summary: summary)
        return SectionView(
            id: "map", heading: "Map of local authorities", paragraphs: [summary],
            figure: FigureView(
                svg: hex.svg,
                caption: summary
                    + " Each hexagon is a local authority, showing its count; select one to open the area.",
                swatches: hex.shades.map { SwatchView(fill: $0.fill, label: $0.label) }),
            downloads: downloads([("CSV", "csv")]))
    }

    func areaTable() -> SectionView {
        let table = CoverageTables.areas(report)
        let rows: [RowView] = report.areas.map { a in
            RowView([
                CellView.link(a.name, RecordPaths.path(.area, a.code)), CellView.text(a.code),
                CellView.text(a.nation.label), CellView.text("\(a.available)"),
            ])
        }
        return SectionView(
            id: "areas", heading: table.title, paragraphs: [table.summary],
            table: TableView(
                caption: table.title, head: ["Local authority", "Code", "Nation", "Statistics available"], rows: rows))
    }
}
