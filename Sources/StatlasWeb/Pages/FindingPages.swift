import Foundation
import Hummingbird
import StatlasCore

/// The public pages of research findings: approved, disclosure-controlled results of confidential studies — a
/// list, each finding with its method note, and a section on each register factor's page.
struct FindingPages {
    let studies: any StudyRepository
    let records: any RecordRepository
    let pages: PageRenderer

    static let pageSize = 20

    func register(on routes: RouteTable) {
        routes.add(.get, "/findings", .everyone, query: ["page"]) { _, context in try await list(context) }
        routes.add(.get, "/findings/{findingId}", .everyone) { _, context in try await show(context) }
    }

    func list(_ context: StatlasRequestContext) async throws -> Response {
        var query = context.query
        let page = query.number("page", 1...10_000) ?? 1
        try query.finish()
        let result = try await studies.approvedFindings(
            factor: nil, limit: Self.pageSize, offset: (page - 1) * Self.pageSize)
        let pageCount = max(1, (result.total + Self.pageSize - 1) / Self.pageSize)
        var section = SectionView(
            id: "findings", heading: "\(result.total) finding\(result.total == 1 ? "" : "s")",
            pagination: pageCount > 1
                ? PaginationView(
                    page: page, pages: pageCount, previous: page > 1 ? "/findings?page=\(page - 1)" : nil,
                    next: page < pageCount ? "/findings?page=\(page + 1)" : nil) : nil,
            links: result.items.map {
                LinkView($0.title, href: "/findings/\($0.id)", note: "\($0.summary) (\($0.studyTitle))")
            },
            empty: result.items.isEmpty ? "No findings have been published yet." : nil)
        section.hasLinks = !result.items.isEmpty
        let model = ReportPageView(
            heading: "Research findings",
            intro: [
                "What studies of collaboration have found about its incentives, barriers and enablers. Each finding was approved by its study's lead and passed statistical disclosure control: small counts are shown as [c], the rest rounded, and quotes appear only with consent and where enough participants share the details shown."
            ], sections: [section])
        return pages.page(
            model, title: "Research findings", context: context, section: "/findings",
            meta: PageMeta(
                description:
                    "Disclosure-controlled findings of research studies on how organisations in the UK statistical system collaborate.",
                alternates: [
                    AlternateView(type: "application/json", href: "/api/v1/findings", title: "JSON"),
                    AlternateView(type: "application/atom+xml", href: "/feeds/findings.atom", title: "an Atom feed"),
                ]))
    }

    func show(_ context: StatlasRequestContext) async throws -> Response {
        let id = context.parameters.get("findingId") ?? ""
        guard let finding = try await studies.finding(id: id), finding.status == .approved else {
            throw StatlasError.notFound(entity: .finding, id: id)
        }
        let factors = try await records.get(Factor.self, ids: finding.factorIds)
        var sections: [SectionView] = []
        if let quote = finding.quote {
            let who = quote.attributes.sorted { $0.key < $1.key }.map(\.value).joined(separator: ", ")
            sections.append(
                SectionView(
                    id: "quote", heading: "Quote",
                    paragraphs: ["“\(quote.text)”", who.isEmpty ? "A participant" : "A participant: \(who)"]))
        }
        if let table = finding.table {
            // A chart of the published percentages of everyone counted; suppressed answers are not drawn.
            let total = table.groups.contains(SurveyTable.all) ? SurveyTable.all : table.groups.first ?? ""
            let shown = table.values.compactMap { value in
                table.cell(total, value)?.percentage.map { (label: value, value: Double($0)) }
            }
            if !shown.isEmpty {
                let hidden = table.values.count - shown.count
                let chart = BarChart(
                    shown, id: "finding-chart", title: table.caption,
                    summary: "Percentage of \(table.unit) for each answer"
                        + (hidden > 0 ? "; \(hidden) suppressed, not drawn" : ""),
                    format: { "\(Int($0))%" })
                sections.append(
                    SectionView(
                        id: "chart", heading: "Chart",
                        figure: FigureView(
                            svg: chart.svg,
                            caption: "\(table.caption): percentage of all \(table.unit)"
                                + (hidden > 0
                                    ? " (\(hidden) answer\(hidden == 1 ? "" : "s") too small to publish, not drawn)"
                                    : ""))))
            }
            var section = SectionView(id: "table", heading: "Table", table: StudyResultPages.tableView(table))
            section.paragraphs = [
                "[c]: too few to publish, or withheld so that a small number cannot be worked out from the totals. Counts are rounded to the nearest 5, and percentages and their 95% Wilson intervals are worked out from the rounded counts (for a weighted survey, from the weighted estimates)."
            ]
            sections.append(section)
        }
        let details: [(String, String)] = [
            ("Study", finding.studyTitle), ("Method", finding.methodNote),
            ("Approved", finding.approvedAt.map(MonthName.moment) ?? "—"),
        ]
        sections.append(
            SectionView(
                id: "about", heading: "About this finding",
                summaryList: SummaryListView(items: details.map { SummaryItemView(key: $0.0, value: $0.1) })))
        sections.append(
            SectionView.list(
                id: "factors", heading: "Factors it concerns",
                links: factors.map { LinkView($0.name, href: RecordPaths.path(.factor, $0.id)) },
                empty: "It is not linked to a factor of the register."))
        let model = ReportPageView(
            caption: "Research finding", heading: finding.title, intro: [finding.summary], sections: sections)
        return pages.page(model, title: finding.title, context: context, section: "/findings")
    }

    /// The findings section of a factor's page: each finding's sentence, linked, with its study.
    static func section(_ findings: [Finding], total: Int, factor: Factor) -> SectionView {
        SectionView.list(
            id: "findings", heading: "What research found",
            links: findings.map {
                LinkView($0.summary, href: "/findings/\($0.id)", note: "\($0.title) — \($0.studyTitle)")
            },
            empty: "No published research finding concerns \(factor.name) yet.",
            paragraphs: total > findings.count ? ["The \(findings.count) most recent of \(total) findings."] : [])
    }
}
