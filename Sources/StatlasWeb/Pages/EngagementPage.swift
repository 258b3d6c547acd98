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
        var parameters = request.parameters
        InsightForm.composeDates(&parameters, ["from", "to"])
        let options = try await ReferenceOptions.load(for: [.theme, .organisation], repository: repository)
        let title = "Engagement insight"
        var model = InsightPageView(
            heading: title,
            intro: [
                "What engagement activities reach: how many, when, on which themes, for which audiences, and what came of them. Each chart has its table and downloads."
            ],
            action: "/insight/engagement", submit: "Show insight", hasFilters: true)
        guard
            let filter = try await InsightForm.read(
                parameters, specs: EngagementQuery.specs, options: options, into: &model,
                { try EngagementQuery.filter(parameters) })
        else { return pages.refused(model, title: title, context: context, section: "/insight/engagement") }
        let tables = try await EngagementController(repository: repository, now: now).load(filter).tables
        let query = EngagementQuery.query(filter)
        let link = { (extra: [(String, String)]) -> String in
            let items = query + extra
            return "/api/v1/insight/engagement" + (items.isEmpty ? "" : "?" + FormData.query(items))
        }
        model.sections =
            [
                SectionView(
                    id: "downloads", heading: "All the tables",
                    paragraphs: ["Every table below in one spreadsheet, with a cover sheet, contents and notes."],
                    downloads: DownloadsView([
                        LinkView("ODS spreadsheet", href: link([("format", "ods")])), LinkView("JSON", href: link([])),
                    ]))
            ] + tables.map { Self.section($0, link: link) }
        return pages.page(model, title: title, context: context, section: "/insight/engagement")
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
