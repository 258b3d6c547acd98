import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `/insight/engagement`: engagement insight as charts, each with a title, a one-sentence summary, its
/// data table, and CSV and ODS downloads.
struct EngagementPage {
    let repository: any RecordRepository
    let pages: PageRenderer
    let now: @Sendable () -> Date

    func register(on routes: RouteTable) {
        routes.add(.get, "/insight/engagement", .everyone, query: EngagementQuery.parameters.map(\.name)) {
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
            specs: EngagementQuery.specs, options: options, parse: { try EngagementQuery.filter(parameters) },
            sections: { try await sections($0) })
    }

    /// The downloads of every table, then each table with its chart.
    func sections(_ filter: EngagementFilter) async throws -> [SectionView] {
        let tables = try await EngagementController(repository: repository, now: now).load(filter).tables
        let query = EngagementQuery.query(filter)
        let link = { (extra: [(String, String)]) -> String in
            let items = query + extra
            return "/api/v1/insight/engagement" + (items.isEmpty ? "" : "?" + FormData.query(items))
        }
        return
            [
                SectionView(
                    id: "downloads", heading: "All the tables",
                    paragraphs: ["Every table below in one spreadsheet, with a cover sheet, contents and notes."],
                    downloads: DownloadsView([
                        LinkView("ODS spreadsheet", href: link([("format", "ods")])), LinkView("JSON", href: link([])),
                    ]))
            ] + tables.map { Self.section($0, link: link) }
    }

    /// A chart with its summary, table and downloads.
    static func section(_ charted: ChartedTable, link: ([(String, String)]) -> String) -> SectionView {
        let t = charted.table
        let format: (Double) -> String =
            charted.percent ? { String(format: "%.0f%%", $0) } : { String(format: "%.0f", $0) }
        let chart = BarChart(
            charted.bars, id: "chart-\(t.id)", title: t.title, summary: t.summary, columns: charted.columns,
            format: format)
        let rows: [RowView] = t.rows.map { row in RowView(row.map { CellView.text($0 == .missing ? "–" : $0.display) })
        }
        return SectionView(
            id: t.id.replacingOccurrences(of: "_", with: "-"), heading: t.title, paragraphs: t.notes,
            figure: FigureView(svg: chart.svg, caption: t.summary),
            downloads: DownloadsView([
                LinkView("CSV", href: link([("format", "csv"), ("table", t.id)])),
                LinkView("ODS", href: link([("format", "ods"), ("table", t.id)])),
            ]),
            table: TableView(caption: t.title, head: t.columns.map(\.heading), rows: rows))
    }
}
