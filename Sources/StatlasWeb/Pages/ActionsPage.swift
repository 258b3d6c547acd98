import Foundation
import Hummingbird
import StatlasCore

/// The "you said, we did" tracker: every action across activities, at `/actions` and `GET /api/v1/actions`,
/// filterable by status, organiser and theme (names or ids), a page of activities at a time.
struct ActionsPage {
    let repository: any RecordRepository
    let pages: PageRenderer

    static let parameters: [(name: String, summary: String, allowed: [String]?)] = [
        ("status", "Only actions of this status", ActionStatus.allCases.map(\.rawValue)),
        ("organisation", "Only actions from activities organised by this organisation (id, name or short name)", nil),
        ("theme", "Only actions from activities on this theme (id or name)", nil),
    ]
    /// Activities per page.
    static let limits = 1...ActionQuery.maxLimit

    static let specs = [
        FieldSpec("status", "Status", .choice(ChoiceOption.all(ActionStatus.self))),
        FieldSpec("organisation", "Organised by", .reference(.organisation)),
        FieldSpec("theme", "Theme", .reference(.theme)),
    ]

    func register(on routes: RouteTable) {
        let names = Self.parameters.map(\.name) + ["page", "limit"]
        routes.add(.get, "/api/v1/actions", .everyone, query: names + ["format"], shared: true) { _, context in
            var parameters = context.query.parameters
            var format = QueryReader(["format": parameters.removeValue(forKey: "format") ?? "json"])
            _ = format.choice("format", among: ["json"], fallback: "json")
            try format.finish()
            let query = try await Self.query(parameters, repository: repository)
            let found = try await ActionTracker.page(query, repository: repository)
            return try JSONResponse.make(
                ActionsBody(
                    items: found.actions, activities: found.activities,
                    page: ListWindow(page: query.offset / query.limit + 1, limit: query.limit)))
        }
        routes.add(.get, "/actions", .everyone, query: names, shared: true) { _, context in
            try await show(context)
        }
    }

    /// The query, with the organisation and theme resolved from names (`References`): every problem at once.
    static func query(_ p: [String: String], repository: any RecordRepository) async throws -> ActionQuery {
        let resolved = try await References.resolving(
            p, [("organisation", .organisation), ("theme", .theme)], in: repository)
        let problems = resolved.problems
        var r = QueryReader(resolved.parameters)
        var query = ActionQuery()
        query.status = r.choice("status", ActionStatus.self)
        query.organisationId = r.text("organisation")
        query.themeId = r.text("theme")
        let window = ListWindow.read(&r, limits: limits, fallback: 20)
        query.limit = window.limit
        query.offset = window.range.lowerBound
        r.errors = problems + r.errors.filter { error in !problems.contains { $0.field == error.field } }
        try r.finish()
        return query
    }

    func show(_ context: StatlasRequestContext) async throws -> Response {
        let parameters = context.query.parameters
        let options = try await ReferenceOptions.load(for: [.theme, .organisation], repository: repository)
        let title = "You said, we did"
        let model = InsightPageView(
            heading: title,
            intro: [
                "What users asked for at engagement activities, and what the organisers did about it: every action, the most recent activities first."
            ],
            action: "/actions", submit: "Show actions", hasFilters: true)
        return try await InsightForm.page(
            model, title: title, section: "/actions", pages: pages, context: context, parameters, specs: Self.specs,
            options: options, parse: { try await Self.query(parameters, repository: repository) },
            sections: { query in [try await section(query, parameters: parameters)] })
    }

    /// The table of actions with its pagination.
    func section(_ query: ActionQuery, parameters: [String: String]) async throws -> SectionView {
        let found = try await ActionTracker.page(query, repository: repository)
        let rows = found.actions.map { action in
            RowView([
                .text(action.youSaid), action.weDid.map { CellView.text($0) } ?? .empty, .text(action.status.label),
                .link(action.activityTitle, RecordPaths.path(.activity, action.activityId)),
                .list(action.organisers.map { LinkView($0.name, href: RecordPaths.path(.organisation, $0.id)) }),
                action.date.map { CellView.text(RecordDisplay.format($0)) } ?? .empty,
            ])
        }
        let activities = found.activities == 1 ? "1 activity" : "\(found.activities.formatted()) activities"
        let listQuery = ListQuery(limit: query.limit, offset: query.offset)
        let api = ListPage.url("/api/v1/actions", query.parameters)
        return SectionView(
            id: "actions", heading: "Actions from \(activities)",
            paragraphs: found.actions.isEmpty ? [] : ["Newest activity first; each activity's actions in its order."],
            pagination: ListPage.pagination(
                path: "/actions", parameters: parameters, query: listQuery, total: found.activities),
            downloads: DownloadsView([LinkView("JSON", href: api)]),
            table: found.actions.isEmpty
                ? nil
                : TableView(
                    caption: "“You said, we did” actions",
                    head: ["You said", "We did", "Status", "Activity", "Organised by", "Date"], rows: rows),
            empty: found.actions.isEmpty ? "No actions match these filters." : nil)
    }
}

/// The JSON body of `GET /api/v1/actions`: the actions of one page of activities, and how many activities have
/// matching actions in all.
struct ActionsBody: Encodable {
    let items: [TrackedAction]
    let activities: Int
    let page: ListWindow
}
