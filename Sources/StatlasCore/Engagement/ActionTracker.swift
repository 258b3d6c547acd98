import Foundation

/// One "you said, we did" action with the activity it came from: what users asked, what was done, how far it
/// has got, and who organised the activity when.
public struct TrackedAction: Codable, Sendable, Equatable {
    public var youSaid: String
    public var weDid: String?
    public var status: ActionStatus
    public var activityId: String
    public var activityTitle: String
    /// The activity's start.
    public var date: CalendarDate?
    public var organisers: [Candidate]
}

/// Which actions to track: of a status (any when nil), from activities organised by an organisation or on a
/// theme; a page of the activities that have such actions, most recent first.
public struct ActionQuery: Sendable, Equatable {
    public var status: ActionStatus?
    public var organisationId: String?
    public var themeId: String?
    public var limit = 20
    public var offset = 0

    public init(
        status: ActionStatus? = nil, organisationId: String? = nil, themeId: String? = nil, limit: Int = 20,
        offset: Int = 0
    ) {
        (self.status, self.organisationId, self.themeId, self.limit, self.offset) = (
            status, organisationId, themeId, limit, offset
        )
    }

    /// The largest page, in activities.
    public static let maxLimit = 100

    /// The query's filters as parameters of `/actions` and `GET /api/v1/actions`.
    public var parameters: [String: String] {
        var result: [String: String] = [:]
        result["status"] = status?.rawValue
        result["organisation"] = organisationId
        result["theme"] = themeId
        return result
    }
}

/// "You said, we did" across every activity: the actions of a page of the activities that have them, read
/// through the activities' `action` facets and link tables, so that a page costs what it shows.
public enum ActionTracker {
    /// The actions of one page of activities with matching actions (newest activity first, each activity's
    /// actions in their order), and how many activities have matching actions.
    public static func page(_ query: ActionQuery, repository: any RecordRepository) async throws
        -> (actions: [TrackedAction], activities: Int)
    {
        var filters = ["action": query.status?.rawValue ?? "any"]
        filters["organisation"] = query.organisationId
        filters["theme"] = query.themeId
        let page = try await repository.list(
            Activity.self,
            ListQuery(filters: filters, sort: .start, descending: true, limit: query.limit, offset: query.offset))
        let organisers = Set(page.items.flatMap(\.organiserIds))
        let names = try await repository.titles([.organisation: organisers])[.organisation] ?? [:]
        let actions = page.items.flatMap { activity in
            activity.actions.filter { query.status == nil || $0.status == query.status }.map { action in
                TrackedAction(
                    youSaid: action.youSaid, weDid: action.weDid, status: action.status, activityId: activity.id,
                    activityTitle: activity.title, date: activity.start,
                    organisers: activity.organiserIds.map { Candidate(id: $0, name: names[$0] ?? $0) })
            }
        }
        return (actions, page.total)
    }
}
