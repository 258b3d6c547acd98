import Foundation
import Testing

@testable import StatlasCore

/// Engagement insight on three activities worked out by hand.
@Suite struct EngagementInsightTests {
    static func activity(
        _ id: String, _ start: String, _ kind: ActivityKind, organisers: [String], themes: [String],
        audiences: [Audience], mode: ActivityMode?, signedUp: Int?, attended: Int?, responses: Int? = nil,
        actions: [ActionStatus] = []
    ) -> Activity {
        var a = Activity()
        (a.id, a.title, a.kind, a.organiserIds, a.themeIds, a.audiences, a.mode) = (
            id, id, kind, organisers, themes, audiences, mode
        )
        (a.start, a.signedUp, a.attended, a.responses) = (CalendarDate(start), signedUp, attended, responses)
        a.actions = actions.map { FeedbackAction(youSaid: "x", weDid: "y", status: $0) }
        return a
    }

    static let activities = [
        activity(
            "a", "2024-01-10", .webinar, organisers: ["ons"], themes: ["t1"],
            audiences: [.expertUsers, .underRepresented],
            mode: .online, signedUp: 100, attended: 60, actions: [.done, .planned]),
        activity(
            "b", "2024-03-05", .webinar, organisers: ["ons", "wg"], themes: ["t1", "t2"], audiences: [.policy],
            mode: nil,
            signedUp: 50, attended: 40, responses: 12, actions: [.done]),
        activity(
            "c", "2024-03-20", .survey, organisers: ["wg"], themes: [], audiences: [.underRepresented], mode: .inPerson,
            signedUp: nil, attended: 30, responses: 200),
    ]

    static func person(_ id: String, org: String?, _ roles: [RoleAssignment]) -> Person {
        var p = Person()
        (p.id, p.name, p.organisationId, p.roles) = (id, id, org, roles)
        return p
    }

    static func organisation(_ id: String) -> Organisation {
        var o = Organisation()
        (o.id, o.name) = (id, id.uppercased())
        return o
    }

    static func theme(_ id: String) -> Theme {
        var t = Theme()
        (t.id, t.name) = (id, "Theme \(id)")
        return t
    }

    static let today = CalendarDate(year: 2024, month: 6, day: 1)

    static func insight(_ filter: EngagementFilter = EngagementFilter()) -> EngagementInsight {
        let people = [
            person(
                "champ", org: "ons", [RoleAssignment(role: .userEngagementChampion, start: CalendarDate("2023-01-01"))]),
            person(
                "former", org: "wg", [RoleAssignment(role: .userEngagementChampion, end: CalendarDate("2024-01-01"))]),
            person("lead", org: "wg", [RoleAssignment(role: .engagementThemeLead, themeId: "t2")]),
            person(
                "future", org: "wg",
                [RoleAssignment(role: .engagementThemeLead, themeId: "t1", start: CalendarDate("2025-01-01"))]),
        ]
        return EngagementInsight.compute(
            filter, activities: activities, organisations: ["ons", "wg", "idle"].map(organisation),
            themes: [theme("t1"), theme("t2")], people: people, datasets: [], today: today)
    }

    @Test func countsByMonthAndCategory() {
        let i = Self.insight()
        #expect(i.activities == 3)
        #expect(
            i.byMonth == [
                MonthTally(month: "2024-01", activities: 1, signedUp: 100, attended: 60),
                MonthTally(month: "2024-02", activities: 0, signedUp: 0, attended: 0),
                MonthTally(month: "2024-03", activities: 2, signedUp: 50, attended: 70),
            ])
        #expect(i.byTheme == [Tally("t1", "Theme t1", 2), Tally("none", "No theme", 1), Tally("t2", "Theme t2", 1)])
        #expect(i.byKind == [Tally("webinar", "Webinar", 2), Tally("survey", "Survey", 1)])
        #expect(
            i.byMode == [
                Tally("online", "Online", 1), Tally("in-person", "In person", 1), Tally("none", "Not recorded", 1),
            ])
        #expect(i.byOrganisation == [Tally("ons", "ONS", 2), Tally("wg", "WG", 2)])
        #expect(i.byAudience.first { $0.key == "under-represented-groups" }?.count == 2)
    }

    @Test func reachActionsAndUnderRepresentedShare() {
        let i = Self.insight()
        // Attendance rate over a and b only (c records no sign-ups): (60 + 40) / (100 + 50).
        #expect(
            i.reach
                == Reach(
                    activities: 3, invited: 0, signedUp: 150, attended: 130, responses: 212,
                    attendanceRate: 100.0 / 150.0, activitiesWithAttendance: 2))
        #expect(i.underRepresented == 2 && i.underRepresentedShare == 2.0 / 3.0)
        #expect(i.actionsByStatus.map(\.count) == [1, 0, 2, 0])
    }

    @Test func championsAndThemeLeadsMustBeCurrent() {
        let i = Self.insight()
        // "idle" neither organises nor produces, so it is not counted.
        #expect(
            i.champions == [
                RoleCoverage(id: "ons", name: "ONS", covered: true, personIds: ["champ"]),
                RoleCoverage(id: "wg", name: "WG", covered: false, personIds: []),
            ])
        #expect(
            i.themeLeads == [
                RoleCoverage(id: "t1", name: "Theme t1", covered: false, personIds: []),
                RoleCoverage(id: "t2", name: "Theme t2", covered: true, personIds: ["lead"]),
            ])
    }

    @Test func filtersNarrowTheActivities() {
        var f = EngagementFilter()
        f.from = CalendarDate("2024-03-01")
        #expect(Self.insight(f).activities == 2)
        f = EngagementFilter()
        (f.organisationId, f.kind) = ("wg", .webinar)
        #expect(Self.insight(f).activities == 1)
        f = EngagementFilter()
        (f.themeId, f.audience) = ("t1", .underRepresented)
        #expect(Self.insight(f).activities == 1 && Self.insight(f).themeLeads.map(\.id) == ["t1"])
    }
}
