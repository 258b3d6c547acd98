import Foundation

/// Which activities engagement insight counts. Activities count when they run on or after `from` and start
/// on or before `to` (as the network's dates do); the other filters match as the activity list's do.
public struct EngagementFilter: Codable, Sendable, Hashable {
    public var from: CalendarDate?
    public var to: CalendarDate?
    public var themeId: String?
    public var organisationId: String?
    public var kind: ActivityKind?
    public var audience: Audience?
    public var mode: ActivityMode?

    public init() {}

    public func matches(_ a: Activity) -> Bool {
        if !CalendarDate.overlaps(start: a.startDate, end: a.endDate, from: from, to: to) { return false }
        if let themeId, !a.themeIds.contains(themeId) { return false }
        if let organisationId, !a.organiserIds.contains(organisationId) { return false }
        if let kind, a.kind != kind { return false }
        if let audience, !a.audiences.contains(audience) { return false }
        if let mode, a.mode != mode { return false }
        return true
    }
}

/// A count for one category of a breakdown.
public struct Tally: Sendable, Codable, Equatable {
    public var key: String
    public var label: String
    public var count: Int

    public init(_ key: String, _ label: String, _ count: Int) {
        (self.key, self.label, self.count) = (key, label, count)
    }
}

/// Activities and reach in one calendar month.
public struct MonthTally: Sendable, Codable, Equatable {
    /// `YYYY-MM`.
    public var month: String
    public var activities: Int
    public var signedUp: Int
    public var attended: Int
}

/// Totals of sign-ups, attendance and responses.
public struct Reach: Sendable, Codable, Equatable {
    public var activities: Int
    public var invited: Int
    public var signedUp: Int
    public var attended: Int
    public var responses: Int
    /// Attended ÷ signed up, over activities that record both; nil when none does.
    public var attendanceRate: Double?
    /// How many activities record both sign-ups and attendance.
    public var activitiesWithAttendance: Int
}

/// Whether an organisation has a current champion, or a theme a current lead, and who.
public struct RoleCoverage: Sendable, Codable, Equatable {
    public var id: String
    public var name: String
    public var covered: Bool
    public var personIds: [String]
}

/// Engagement insight: activities over time and by category, reach, under-represented audiences, "you said,
/// we did" actions, and champion and theme-lead coverage.
public struct EngagementInsight: Sendable, Codable {
    public var filter: EngagementFilter
    public var activities: Int
    public var byMonth: [MonthTally]
    public var byTheme: [Tally]
    public var byKind: [Tally]
    public var byAudience: [Tally]
    public var byMode: [Tally]
    public var byOrganisation: [Tally]
    public var reach: Reach
    /// Activities reaching under-represented groups, of all activities.
    public var underRepresented: Int
    public var actionsByStatus: [Tally]
    public var champions: [RoleCoverage]
    public var themeLeads: [RoleCoverage]

    public var underRepresentedShare: Double? { activities == 0 ? nil : Double(underRepresented) / Double(activities) }
}

extension EngagementInsight {
    /// Computes the insight. Champions are counted for organisations that organise activities or produce
    /// datasets; a role is current on `today` when it has started (or has no start) and not ended.
    public static func compute(
        _ filter: EngagementFilter, activities all: [Activity], organisations: [Organisation], themes: [Theme],
        people: [Person],
        datasets: [Dataset], today: CalendarDate
    ) -> EngagementInsight {
        compute(
            filter, matching: all.filter(filter.matches),
            engaged: Set(all.flatMap(\.organiserIds) + datasets.flatMap(\.producerIds)), organisations: organisations,
            themes: themes, people: people, today: today)
    }

    /// Computes the insight from the activities that match the filter and the ids of every organisation that
    /// organises an activity or produces a dataset (for champion coverage).
    public static func compute(
        _ filter: EngagementFilter, matching activities: [Activity], engaged: Set<String>,
        organisations: [Organisation], themes: [Theme], people: [Person], today: CalendarDate
    ) -> EngagementInsight {
        let orgNames = Dictionary(organisations.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let themeNames = Dictionary(themes.map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })

        func tally(_ keys: (Activity) -> [String], label: (String) -> String, order: [String]? = nil) -> [Tally] {
            var counts: [String: Int] = [:]
            for a in activities { for key in Set(keys(a)) { counts[key, default: 0] += 1 } }
            let keys =
                order.map { $0.filter { counts[$0] != nil } }
                ?? counts.keys.sorted { counts[$0]! != counts[$1]! ? counts[$0]! > counts[$1]! : label($0) < label($1) }
            return keys.map { Tally($0, label($0), counts[$0]!) }
        }
        func vocabulary<V: Vocabulary>(_ type: V.Type, _ keys: @escaping (Activity) -> [V]) -> [Tally] {
            tally(
                { keys($0).map(\.rawValue) }, label: { V(rawValue: $0)?.label ?? $0 }, order: V.allCases.map(\.rawValue)
            )
        }
        let none = "none"
        var actions: [String: Int] = [:]
        for a in activities { for action in a.actions { actions[action.status.rawValue, default: 0] += 1 } }

        return EngagementInsight(
            filter: filter, activities: activities.count, byMonth: months(activities),
            byTheme: tally(
                { $0.themeIds.isEmpty ? [none] : $0.themeIds },
                label: { $0 == none ? "No theme" : themeNames[$0] ?? $0 }),
            byKind: vocabulary(ActivityKind.self) { [$0.kind] },
            byAudience: vocabulary(Audience.self) { $0.audiences },
            byMode: vocabulary(ActivityMode.self) { $0.mode.map { [$0] } ?? [] }
                + [Tally(none, "Not recorded", activities.filter { $0.mode == nil }.count)].filter { $0.count > 0 },
            byOrganisation: tally({ $0.organiserIds }, label: { orgNames[$0] ?? $0 }),
            reach: reach(activities),
            underRepresented: activities.filter { $0.audiences.contains(.underRepresented) }.count,
            actionsByStatus: ActionStatus.allCases.map { Tally($0.rawValue, $0.label, actions[$0.rawValue] ?? 0) },
            champions: championCoverage(
                filter, engaged: engaged, organisations: organisations, people: people, today: today),
            themeLeads: themes.sorted { $0.name < $1.name }.map { theme in
                let leads = people.filter { p in
                    p.roles.contains { $0.role == .engagementThemeLead && $0.themeId == theme.id && current($0, today) }
                }
                return RoleCoverage(
                    id: theme.id, name: theme.name, covered: !leads.isEmpty, personIds: leads.map(\.id).sorted())
            }.filter { filter.themeId == nil || $0.id == filter.themeId })
    }

    static func current(_ role: RoleAssignment, _ today: CalendarDate) -> Bool {
        (role.start.map { $0 <= today } ?? true) && (role.end.map { $0 >= today } ?? true)
    }

    /// Months with no activity are filled in between the first and the last when they span at most this
    /// many months; beyond that only months with activities are listed, so that the answer's size follows the
    /// activities shown, not the dates one activity claims (years 1 to 9999 are valid).
    public static let filledMonths = 600

    /// Every month from the first activity's to the last's, including months with none (when the span is
    /// `filledMonths` or fewer; otherwise the months that have activities).
    static func months(_ activities: [Activity]) -> [MonthTally] {
        var byMonth: [String: MonthTally] = [:]
        for a in activities {
            guard let start = a.start else { continue }
            let key = String(format: "%04d-%02d", start.year, start.month)
            var m = byMonth[key] ?? MonthTally(month: key, activities: 0, signedUp: 0, attended: 0)
            m.activities += 1
            m.signedUp = m.signedUp.saturatingAdd(a.signedUp ?? 0)
            m.attended = m.attended.saturatingAdd(a.attended ?? 0)
            byMonth[key] = m
        }
        guard let first = byMonth.keys.min(), let last = byMonth.keys.max() else { return [] }
        var (year, month) = (Int(first.prefix(4)) ?? 0, Int(first.suffix(2)) ?? 1)
        let span = ((Int(last.prefix(4)) ?? 0) - year) * 12 + (Int(last.suffix(2)) ?? 1) - month
        if span > filledMonths { return byMonth.keys.sorted().compactMap { byMonth[$0] } }
        var result: [MonthTally] = []
        while true {
            let key = String(format: "%04d-%02d", year, month)
            result.append(byMonth[key] ?? MonthTally(month: key, activities: 0, signedUp: 0, attended: 0))
            if key >= last { return result }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
    }

    static func reach(_ activities: [Activity]) -> Reach {
        let both = activities.filter { $0.signedUp != nil && $0.attended != nil && ($0.signedUp ?? 0) > 0 }
        // Totals saturate: no stored count can make them trap (STANDARDS.md R12).
        let signed = both.saturatingSum { $0.signedUp ?? 0 }
        let came = both.saturatingSum { $0.attended ?? 0 }
        return Reach(
            activities: activities.count, invited: activities.saturatingSum { $0.invited ?? 0 },
            signedUp: activities.saturatingSum { $0.signedUp ?? 0 },
            attended: activities.saturatingSum { $0.attended ?? 0 },
            responses: activities.saturatingSum { $0.responses ?? 0 },
            attendanceRate: signed > 0 ? Double(came) / Double(signed) : nil, activitiesWithAttendance: both.count)
    }

    static func championCoverage(
        _ filter: EngagementFilter, engaged: Set<String>, organisations: [Organisation], people: [Person],
        today: CalendarDate
    ) -> [RoleCoverage] {
        let champions = Dictionary(
            grouping: people.filter { p in p.roles.contains { $0.role == .userEngagementChampion && current($0, today) }
            },
            by: { $0.organisationId ?? "" })
        return organisations.filter {
            engaged.contains($0.id) && (filter.organisationId == nil || $0.id == filter.organisationId)
        }
        .sorted { $0.name < $1.name }
        .map { org in
            let champions = champions[org.id] ?? []
            return RoleCoverage(
                id: org.id, name: org.name, covered: !champions.isEmpty, personIds: champions.map(\.id).sorted())
        }
    }
}

/// Loads what engagement insight needs from the register.
public struct EngagementService: Sendable {
    let repository: any RecordRepository

    public init(repository: any RecordRepository) { self.repository = repository }

    public func insight(_ filter: EngagementFilter, today: CalendarDate) async throws -> EngagementInsight {
        // Activities and datasets are read a batch at a time: only the matching activities are kept, and of the
        // rest only the ids of the organisations that organise or produce them.
        var engaged = Set<String>()
        var matching: [Activity] = []
        try await repository.eachBatch(Activity.self) { batch in
            for a in batch {
                engaged.formUnion(a.organiserIds)
                if filter.matches(a) { matching.append(a.forInsight) }
            }
        }
        try await repository.eachBatch(Dataset.self) { batch in
            for d in batch { engaged.formUnion(d.producerIds) }
        }
        return EngagementInsight.compute(
            filter, matching: matching, engaged: engaged, organisations: try await repository.all(Organisation.self),
            themes: try await repository.all(Theme.self), people: try await repository.all(Person.self), today: today)
    }
}

extension Activity {
    /// The activity with only what engagement insight counts (no title, summary or feedback text).
    var forInsight: Activity {
        var a = Activity()
        (a.id, a.kind, a.organiserIds, a.themeIds, a.audiences, a.mode) = (
            id, kind, organiserIds, themeIds, audiences, mode
        )
        (a.start, a.end, a.invited, a.signedUp, a.attended, a.responses) = (
            start, end, invited, signedUp, attended, responses
        )
        a.actions = actions.map { FeedbackAction(youSaid: "", weDid: nil, status: $0.status) }
        return a
    }
}
