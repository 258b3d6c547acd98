import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `/insight/engagement`: engagement insight as charts, each with a title, a one-sentence summary, its
/// data table, and CSV and ODS downloads.
struct EngagementPage {
    let repository: any RecordRepository
    let analyses: Analyses
    let pages: PageRenderer
    let now: @Sendable () -> Date

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/insight/engagement", .everyone, query: EngagementQuery.parameters.map(\.name) + Self.pageParameters,
            shared: true
        ) {
            request, context in try await show(request, context)
        }
    }

    func show(_ request: Request, _ context: StatlasRequestContext) async throws -> Response {
        var parameters = context.query.parameters
        InsightForm.composeDates(&parameters, ["from", "to"])
        let options = try await ReferenceOptions.load(for: [.theme, .organisation], repository: repository)
        let title = "Engagement insight"
        let model = InsightPageView(
            heading: title,
            intro: [
                "What engagement activities reach: how many, when, on which themes, for which audiences, and what came of them. Each chart has its table and downloads."
            ],
            action: "/insight/engagement", submit: "Show insight", hasFilters: true)
        return try await InsightForm.page(
            model, title: title, section: "/insight/engagement", pages: pages, context: context, parameters,
            specs: EngagementQuery.specs, options: options,
            parse: { try await EngagementQuery.filter(parameters, repository: repository) },
            sections: { try await sections($0, parameters: context.query.parameters) })
    }

    /// The parameters choosing the page of each table (`organisation-page`…).
    static let pageParameters = EngagementController.tableIds.map {
        $0.replacingOccurrences(of: "_", with: "-") + "-page"
    }

    /// Bars drawn at most in one chart; the table and downloads have every row.
    static let maxBars = 30

    /// The downloads of every table, then each table with its chart.
    func sections(_ filter: EngagementFilter, parameters: [String: String] = [:]) async throws -> [SectionView] {
        let loaded = try await EngagementController(repository: repository, analyses: analyses, now: now).load(filter)
        let tables = loaded.tables
        let query = EngagementQuery.query(filter)
        let link = { (extra: [(String, String)]) -> String in
            let items = query + extra
            return "/api/v1/insight/engagement" + (items.isEmpty ? "" : "?" + FormData.query(items))
        }
        return
            [
                SectionView(
                    id: "downloads", heading: "All the tables",
                    paragraphs: [
                        "Every table below in one spreadsheet, with a cover sheet, contents and notes.",
                        loaded.freshness,
                    ],
                    downloads: DownloadsView([
                        LinkView("ODS spreadsheet", href: link([("format", "ods")])), LinkView("JSON", href: link([])),
                    ]))
            ]
            + tables.map { table in
                var charted = table
                if charted.table.id == "actions" {
                    // Each status's count leads to the actions themselves, under the same filters.
                    charted.rowLinks = loaded.insight.actionsByStatus.map { tally in
                        var chosen = ["status": tally.key]
                        chosen["organisation"] = filter.organisationId
                        chosen["theme"] = filter.themeId
                        return ListPage.url("/actions", chosen)
                    }
                }
                return Self.section(charted, link: link, parameters: parameters)
            }
    }

    /// A chart with its summary, table and downloads.
    static func section(
        _ charted: ChartedTable, link: ([(String, String)]) -> String, parameters: [String: String] = [:]
    ) -> SectionView {
        let t = charted.table
        let id = t.id.replacingOccurrences(of: "_", with: "-")
        let shown = TablePage(
            total: t.rows.count, parameter: id + "-page", parameters: parameters, path: "/insight/engagement",
            fragment: id, noun: "rows")
        let bars = Array(charted.bars.prefix(maxBars))
        let drawn =
            bars.count < charted.bars.count
            ? " The chart shows the first \(bars.count) of \(charted.bars.count); the table has them all." : ""
        let format: (Double) -> String =
            charted.percent ? { String(format: "%.0f%%", $0) } : { String(format: "%.0f", $0) }
        let chart = BarChart(
            bars, id: "chart-\(t.id)", title: t.title, summary: t.summary, columns: charted.columns,
            format: format)
        let rows: [RowView] = zip(shown.range, t.rows[shown.range]).map { index, row in
            var cells = row.map { CellView.text($0 == .missing ? "–" : $0.display) }
            if let links = charted.rowLinks, index < links.count, let first = cells.first?.text {
                let href = links[index]
                cells[0] = .link(first, href)
            }
            return RowView(cells)
        }
        return SectionView(
            id: id, heading: t.title, paragraphs: t.notes + (shown.note.map { [$0] } ?? []),
            pagination: shown.pagination, figure: FigureView(svg: chart.svg, caption: t.summary + drawn),
            downloads: DownloadsView([
                LinkView("CSV", href: link([("format", "csv"), ("table", t.id)])),
                LinkView("ODS", href: link([("format", "ods"), ("table", t.id)])),
            ]),
            table: TableView(caption: t.title, head: t.columns.map(\.heading), rows: rows))
    }
}
