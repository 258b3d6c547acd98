import Foundation
import HTTPTypes
import Hummingbird
import StatlasCore
import StatlasExchange

/// Calendars and feeds for the tools people already use: engagement activities as iCalendar files (the list's
/// filters apply) that calendar programs subscribe to, and Atom feeds of new and changed records.
struct FeedsController {
    let records: any RecordRepository
    let studies: any StudyRepository

    /// The most activities one calendar holds (the latest-starting first), and entries one feed holds.
    static let calendarLimit = 2_000
    static let feedLimit = 50
    /// The kinds with a feed, and their titles.
    static let feeds: [(kind: String, title: String)] = [
        ("datasets", "Datasets"), ("activities", "Engagement activities"), ("resources", "Resources"),
        ("research-questions", "Research questions"), ("findings", "Research findings"),
    ]

    func register(on routes: RouteTable) {
        let filters = ["q"] + Activity.filters.map(\.name)
        routes.add(.get, "/activities.ics", .everyone, query: filters, shared: true) { request, context in
            var parameters = context.query.parameters
            parameters["sort"] = "-start"
            var query = try ListQuery.parse(parameters, for: Activity.self)
            query.limit = ListQuery.maxLimit
            var activities: [Activity] = []
            while activities.count < Self.calendarLimit {
                let page = try await records.list(Activity.self, query)
                activities += page.items
                query.offset += query.limit
                if page.items.count < query.limit || query.offset >= page.total { break }
            }
            let name =
                parameters.count > 1 ? "Statlas: engagement activities (filtered)" : "Statlas: engagement activities"
            return try await calendar(
                Array(activities.prefix(Self.calendarLimit)), name: name, context, file: "activities")
        }
        routes.add(.get, "/activities/{id}.ics", .everyone, shared: true) { _, context in
            let activity = try await records.get(Activity.self, id: try context.recordId())
            return try await calendar([activity], name: activity.title, context, file: activity.id)
        }
        routes.add(.get, "/feeds/{kind}.atom", .everyone, shared: true) { _, context in
            try await feed(context.parameters.get("kind") ?? "", context)
        }
    }

    /// An iCalendar answer with the names of the areas and organisers it mentions.
    func calendar(_ activities: [Activity], name: String, _ context: StatlasRequestContext, file: String)
        async throws -> Response
    {
        var calendar = ICalendar(origin: context.origin, name: name)
        let titles = try await records.titles([
            .organisation: Set(activities.flatMap(\.organiserIds)), .area: Set(activities.compactMap(\.locationAreaId)),
        ])
        calendar.organisationNames = titles[.organisation] ?? [:]
        calendar.areaNames = titles[.area] ?? [:]
        var headers = HTTPFields()
        headers[.contentType] = "text/calendar; charset=utf-8"
        headers[.contentDisposition] = "inline; filename=\"\(file).ics\""
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: calendar.calendar(activities))))
    }

    /// A record's feed entry: its page, title, summary and dates.
    func entry<R: Record>(_ origin: String, _ kind: EntityKind, _ record: R, summary: String?, categories: [String])
        -> AtomFeed.Entry
    {
        AtomFeed.Entry(
            url: origin + RecordPaths.path(kind, record.id), title: record.title, summary: summary,
            published: record.createdAt,
            updated: record.updatedAt ?? record.createdAt ?? Date(timeIntervalSince1970: 0),
            categories: categories)
    }

    /// The Atom feed of one kind's newest changes.
    func feed(_ kind: String, _ context: StatlasRequestContext) async throws -> Response {
        guard let title = Self.feeds.first(where: { $0.kind == kind })?.title else {
            throw StatlasError.notFound(entity: .dataset, id: kind + ".atom")
        }
        let origin = context.origin
        let newest = ListQuery(sort: .updated, descending: true, limit: Self.feedLimit)
        let entries: [AtomFeed.Entry]
        switch kind {
        case "datasets":
            entries = try await records.list(Dataset.self, newest).items.map {
                AtomFeed.Entry(
                    url: "\(origin)/datasets/\($0.id)", title: $0.title, summary: $0.summary, published: $0.createdAt,
                    updated: $0.updatedAt ?? $0.createdAt ?? Date(timeIntervalSince1970: 0),
                    categories: $0.themeIds)
            }
        case "activities":
            entries = try await records.list(Activity.self, newest).items.map {
                AtomFeed.Entry(
                    url: "\(origin)/activities/\($0.id)", title: $0.title,
                    summary: [$0.start.map(MonthName.day), $0.summary].compactMap { $0 }.joined(separator: ": "),
                    published: $0.createdAt, updated: $0.updatedAt ?? $0.createdAt ?? Date(timeIntervalSince1970: 0),
                    categories: [$0.kind.rawValue] + $0.themeIds)
            }
        case "resources":
            entries = try await records.list(Resource.self, newest).items.map {
                entry(origin, .resource, $0, summary: $0.summary, categories: [$0.kind.rawValue] + $0.themeIds)
            }
        case "research-questions":
            entries = try await records.list(ResearchQuestion.self, newest).items.map {
                entry(
                    origin, .researchQuestion, $0, summary: $0.background,
                    categories: [$0.status.rawValue] + $0.themeIds)
            }
        default:
            entries = try await studies.approvedFindings(factor: nil, limit: Self.feedLimit, offset: 0).items
                .map { finding in
                    let date = finding.approvedAt ?? finding.createdAt ?? Date(timeIntervalSince1970: 0)
                    return AtomFeed.Entry(
                        url: "\(origin)/findings/\(finding.id)", title: finding.title,
                        summary: finding.summary + " (" + finding.studyTitle + ")", published: date, updated: date,
                        categories: finding.factorIds)
                }
                .sorted { $0.updated > $1.updated }
        }
        let feed = AtomFeed(
            selfURL: "\(origin)/feeds/\(kind).atom", pageURL: "\(origin)/\(kind)", title: "Statlas: \(title)",
            subtitle: "New and changed \(title.lowercased()) in the register, newest first")
        var headers = HTTPFields()
        headers[.contentType] = "application/atom+xml; charset=utf-8"
        return Response(
            status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: feed.document(entries))))
    }
}
