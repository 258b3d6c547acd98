import Foundation
import Hummingbird
import StatlasCore
import StatlasExchange

/// `GET /api/v1/insight/engagement`: engagement insight as JSON, or a table as CSV (`format=csv&table=…`)
/// or the tables as an ODS workbook (`format=ods`, optionally `table=…` for one).
struct EngagementController {
    let repository: any RecordRepository
    let analyses: Analyses
    let now: @Sendable () -> Date
    /// Workbooks written for the figures of one computation: the whole-register one is megabytes of zipped XML
    /// that takes hundreds of milliseconds to write, and is the same until the figures (or the day) change.
    let workbooks = VersionedCache<Data>(capacity: 2)

    static let formats = ["json", "csv", "ods"]

    func register(on routes: RouteTable) {
        routes.add(
            .get, "/api/v1/insight/engagement", .everyone,
            query: EngagementQuery.parameters.map(\.name) + ["format", "table", "page", "limit"], shared: true
        ) { _, context in
            let parameters = context.query.parameters
            var r = QueryReader(parameters)
            let format = r.choice("format", among: Self.formats, fallback: "json")
            let window = ListWindow.read(&r, limits: 1...1000, fallback: 100)
            let tableId = r.text("table").map { _ in r.choice("table", among: Self.tableIds, fallback: "") }
            if format == "csv" && tableId == nil {
                r.errors.append(FieldError("table", "Name the table to download as CSV"))
            }
            var filter = EngagementFilter()
            do {
                filter = try await EngagementQuery.filter(parameters, repository: repository)
            } catch StatlasError.invalid(let errors) {
                r.errors += errors
            }
            try r.finish()
            if format == "ods" { return try await workbook(filter, tableId) }
            let loaded = try await load(filter)
            let tables = loaded.tables.map(\.table).filter { tableId == nil || $0.id == tableId }
            switch format {
            case "csv":
                return JSONResponse.download(
                    tables[0].csv(), "text/csv; charset=utf-8", "statlas-engagement-\(tables[0].id).csv")
            default:
                return try JSONResponse.make(
                    EngagementBody(loaded.insight, window: window, computed: loaded.computed))
            }
        }
    }

    /// The tables as an ODS workbook, written once per computation of the figures, filter, table and day.
    func workbook(_ filter: EngagementFilter, _ tableId: String?) async throws -> Response {
        let analysed = try await analyses.engagement(filter, today: CalendarDate(now()))
        let cover = cover(filter)
        let key = ([cover.produced, tableId ?? ""] + EngagementQuery.query(filter).map { "\($0.0)=\($0.1)" })
            .joined(separator: "\u{1F}")
        let data = try await workbooks.value(key, version: analysed.version) {
            let tables = try await tables(analysed.value).map(\.table).filter { tableId == nil || $0.id == tableId }
            return ODSWriter.write(cover: cover, tables: tables)
        }
        return JSONResponse.download(
            data, "application/vnd.oasis.opendocument.spreadsheet",
            "statlas-engagement\(tableId.map { "-" + $0 } ?? "").ods")
    }

    /// The ids of the tables, in page order.
    static let tableIds = EngagementTables.all(
        EngagementInsight.compute(
            EngagementFilter(), activities: [], organisations: [], themes: [],
            people: [], datasets: [], today: CalendarDate(year: 2000, month: 1, day: 1)), people: [:]
    ).map(\.table.id)

    func load(_ filter: EngagementFilter) async throws -> (
        insight: EngagementInsight, tables: [ChartedTable], computed: ComputedBody, freshness: String
    ) {
        let analysed = try await analyses.engagement(filter, today: CalendarDate(now()))
        return (analysed.value, try await tables(analysed.value), ComputedBody(analysed), analysed.freshness)
    }

    /// The tables of the figures, with the names of the champions and theme leads they list.
    func tables(_ insight: EngagementInsight) async throws -> [ChartedTable] {
        let ids = Set(insight.champions.flatMap(\.personIds) + insight.themeLeads.flatMap(\.personIds))
        let people = try await repository.titles([.person: ids])[.person] ?? [:]
        return EngagementTables.all(insight, people: people)
    }

    func cover(_ filter: EngagementFilter) -> ODSWriter.Cover {
        let query = EngagementQuery.query(filter)
        let scope =
            query.isEmpty
            ? "all recorded activities"
            : "activities where " + query.map { "\($0.0) is \($0.1)" }.joined(separator: ", ")
        return ODSWriter.Cover(
            title: "Engagement insight",
            description:
                "Activities over time and by theme, kind, audience, mode and organiser; reach; under-represented audiences; “you said, we did” actions; and champion and theme lead coverage, for \(scope).",
            produced: CalendarDate(now()).description)
    }
}

/// The JSON body of `/api/v1/insight/engagement`. The lists that grow with the register (by organisation,
/// champions, theme leads) come a page at a time (`page`, `limit`; `counts` has their lengths); the downloads
/// hold everything.
struct EngagementBody: Encodable {
    struct Share: Encodable {
        let activities, total: Int
        let share: OrNull<Double>
    }
    struct Counts: Encodable {
        let byOrganisation, champions, themeLeads: Int
    }
    let activities: Int
    let byMonth: [MonthTally]
    let byTheme, byKind, byAudience, byMode, byOrganisation, actionsByStatus: [Tally]
    let reach: Reach
    let underRepresented: Share
    let champions, themeLeads: [RoleCoverage]
    let counts: Counts
    let page: ListWindow
    /// When these figures were computed, and whether the register has changed since.
    let computed: ComputedBody?

    init(_ i: EngagementInsight, window: ListWindow = ListWindow(page: 1, limit: 100), computed: ComputedBody? = nil) {
        (self.computed, page) = (computed, window)
        counts = Counts(
            byOrganisation: i.byOrganisation.count, champions: i.champions.count, themeLeads: i.themeLeads.count)
        (activities, byMonth, byTheme, byKind, byAudience) = (
            i.activities, i.byMonth, i.byTheme, i.byKind, i.byAudience
        )
        (byMode, byOrganisation, actionsByStatus, reach) = (
            i.byMode, Array(window.slice(i.byOrganisation)), i.actionsByStatus, i.reach
        )
        underRepresented = Share(
            activities: i.underRepresented, total: i.activities, share: OrNull(i.underRepresentedShare))
        (champions, themeLeads) = (Array(window.slice(i.champions)), Array(window.slice(i.themeLeads)))
    }
}
