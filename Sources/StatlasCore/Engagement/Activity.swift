import Foundation

/// Kinds of engagement activity.
public enum ActivityKind: String, Vocabulary {
    case event, webinar, consultation, survey
    case userPanel = "user-panel-or-forum-meeting"
    case focusGroup = "focus-group"
    case workshop
    case showAndTell = "show-and-tell"
    case newsletter, blog, podcast, video
    case userResearch = "user-research"
    case oneToOne = "one-to-one"
}

/// Audiences an activity reaches.
public enum Audience: String, Vocabulary {
    case expertUsers = "expert-users"
    case policy
    case localGovernment = "local-government"
    case academia
    case thirdSector = "third-sector"
    case media, citizens
    case underRepresented = "under-represented-groups"
    case international
}

/// How an activity is held.
public enum ActivityMode: String, Vocabulary {
    case online
    case inPerson = "in-person"
    case hybrid
}

/// Progress on a "you said, we did" action.
public enum ActionStatus: String, Vocabulary {
    case planned
    case inProgress = "in-progress"
    case done
    case notDoing = "not-doing"
}

/// "You said, we did": what users asked for and what the organisers did about it.
public struct FeedbackAction: Codable, Sendable, Hashable {
    public var youSaid: String
    public var weDid: String?
    public var status: ActionStatus

    public init(youSaid: String, weDid: String? = nil, status: ActionStatus = .planned) {
        self.youSaid = youSaid
        self.weDid = weDid
        self.status = status
    }
}

/// An event, consultation, survey or other engagement with users, with its reach and outcome.
public struct Activity: Record {
    public static let kind = EntityKind.activity
    public var id = ""
    public var version = 0
    public var createdAt: Date?
    public var updatedAt: Date?
    public var ownerId: String?
    public var demo = false

    public var title = ""
    public var summary: String?
    public var kind: ActivityKind = .event
    public var organiserIds: [String] = []
    public var themeIds: [String] = []
    public var datasetIds: [String] = []
    public var audiences: [Audience] = []
    public var mode: ActivityMode?
    public var start: CalendarDate?
    public var end: CalendarDate?
    /// The time it starts on its first day and ends on its last, UK time on the 24-hour clock (`14:00`); without
    /// them an activity lasts whole days.
    public var startTime: String?
    public var endTime: String?
    public var locationAreaId: String?
    public var url: String?
    public var invited: Int?
    public var signedUp: Int?
    public var attended: Int?
    public var responses: Int?
    /// When true, attendance may exceed sign-ups (people could turn up without signing up).
    public var walkInsAllowed = false
    public var feedbackSummary: String?
    public var actions: [FeedbackAction] = []

    public init() {}
    public static var blank: Activity { Activity() }
    public static let requiredFields = ["kind", "start"]

    public var searchText: String {
        ([summary ?? "", feedbackSummary ?? ""] + actions.flatMap { [$0.youSaid, $0.weDid ?? ""] }).joined(
            separator: " ")
    }
    public var startDate: CalendarDate? { start }
    public var endDate: CalendarDate? { end ?? start }

    public var links: [Link] {
        var result = organiserIds.enumerated().map {
            Link("organisation", .organisation, $1, field: "organiserIds[\($0)]")
        }
        result += themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
        result += datasetIds.enumerated().map { Link("dataset", .dataset, $1, field: "datasetIds[\($0)]") }
        if let locationAreaId { result.append(Link("area", .area, locationAreaId, field: "locationAreaId")) }
        return result
    }

    public var facets: [Facet] {
        [Facet("kind", kind.rawValue)] + audiences.map { Facet("audience", $0.rawValue) }
            + (mode.map { [Facet("mode", $0.rawValue)] } ?? [])
            + Set(actions.map(\.status)).map { Facet("action", $0.rawValue) }
    }

    public static let listedLinks = [ListedLink("organisation", "Organised by")]

    /// The `action` filter: activities with a "you said, we did" action of a status, or of any (`any`).
    static let actionFilter: FilterDefinition = {
        var mapping = Dictionary(uniqueKeysWithValues: ActionStatus.allCases.map { ($0.rawValue, [$0.rawValue]) })
        mapping["any"] = ActionStatus.allCases.map(\.rawValue)
        var filter = FilterDefinition(
            "action", .facetAny("action", mapping), values: ActionStatus.self,
            summary: "Activities with a “you said, we did” action of this status (any: of any status)")
        filter.allowed = ["any"] + ActionStatus.allCases.map(\.rawValue)
        filter.labels?["any"] = "Any status"
        return filter
    }()

    public static let filters: [FilterDefinition] = [
        FilterDefinition(
            "organisation", .link(.organisation, ["organisation"]),
            summary: "Activities organised by the organisation with this id"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Activities on the theme with this id"),
        .vocabulary("kind", ActivityKind.self, summary: "Activities of this kind"),
        .vocabulary("audience", Audience.self, summary: "Activities reaching this audience"),
        .vocabulary("mode", ActivityMode.self, summary: "Activities held this way"),
        FilterDefinition("dataset", .link(.dataset, ["dataset"]), summary: "Activities about the dataset with this id"),
        actionFilter,
        FilterDefinition("from", .from, summary: "Activities ending on or after this date (YYYY-MM-DD)"),
        FilterDefinition("to", .to, summary: "Activities starting on or before this date (YYYY-MM-DD)"),
    ]

    public mutating func prepare(previous: Activity?, today: CalendarDate) {
        audiences = Array(Set(audiences)).sorted { $0.rawValue < $1.rawValue }
        // "9:30" and "09.30" are written as 09:30.
        startTime = startTime.map { Self.minutes($0).map(Self.clock) ?? $0 }
        endTime = endTime.map { Self.minutes($0).map(Self.clock) ?? $0 }
    }

    /// Minutes after midnight of a time written `HH:MM` (or `H:MM`, or with a full stop), nil for anything else.
    public static func minutes(_ time: String) -> Int? {
        let parts = time.trimmingCharacters(in: .whitespaces).split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == ":" || $0 == "." })
        guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
            parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let hour = Int(parts[0]), let minute = Int(parts[1]), (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        return hour * 60 + minute
    }

    /// Minutes after midnight written `HH:MM`.
    public static func clock(_ minutes: Int) -> String {
        let (hour, minute) = (minutes / 60, minutes % 60)
        return (hour < 10 ? "0" : "") + "\(hour):" + (minute < 10 ? "0" : "") + "\(minute)"
    }

    public func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the activity's title")
        v.maxLength(title, "title", 500)
        v.check(!organiserIds.isEmpty, "organiserIds", "Add at least one organising organisation")
        v.unique(organiserIds, "organiserIds")
        v.dateOrder(start, end, "end")
        for (name, time) in [("startTime", startTime), ("endTime", endTime)] {
            if let time { v.check(Self.minutes(time) != nil, name, "Enter a time on the 24-hour clock, like 14:00") }
        }
        v.check(endTime == nil || startTime != nil, "startTime", "Enter the start time as well as the end time")
        if let from = startTime.flatMap(Self.minutes), let to = endTime.flatMap(Self.minutes), (end ?? start) == start {
            v.check(to > from, "endTime", "The end time must be after the start time on a one-day activity")
        }
        v.webAddress(url, "url")
        if let attended, let signedUp, !walkInsAllowed {
            v.check(
                attended <= signedUp, "attended",
                "Attended cannot be more than signed up unless walk-ins were allowed (set walkInsAllowed)")
        }
        for (i, action) in actions.enumerated() {
            v.required(action.youSaid, "actions[\(i)].youSaid", "Enter what users said")
            if action.status == .done { v.required(action.weDid, "actions[\(i)].weDid", "Enter what was done") }
        }
        return v.errors
    }
}

extension Activity {
    /// A fully populated activity, for the OpenAPI document and tests.
    public static var example: Activity {
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        var a = Activity()
        (a.id, a.title, a.summary, a.kind, a.organiserIds, a.themeIds, a.datasetIds) = (
            "a1", "Household Cost Indices event", "User event", .webinar, ["office-for-national-statistics"],
            ["economy"], ["population-count"]
        )
        (a.audiences, a.mode, a.start, a.end, a.locationAreaId, a.url) = (
            [.expertUsers], .online, day, day, "E92000001", "https://www.ons.gov.uk"
        )
        (a.startTime, a.endTime) = ("10:00", "11:30")
        (a.invited, a.signedUp, a.attended, a.responses, a.walkInsAllowed, a.feedbackSummary) = (
            2000, 1000, 800, 120, false, "Users asked for more detail"
        )
        a.actions = [FeedbackAction(youSaid: "Publish more breakdowns", weDid: "Added breakdowns", status: .done)]
        return a
    }
}
