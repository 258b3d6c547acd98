import Foundation
import StatlasCore
import StatlasExchange

/// A table of engagement insight with the bars that chart it.
struct ChartedTable {
    let table: StatTable
    let bars: [(label: String, value: Double)]
    var columns = false
    var percent = false
    /// Where each row's first cell links to, when it does (the actions tracker for each status).
    var rowLinks: [String]? = nil
}

/// Engagement insight as charted tables: what the page draws and tabulates, and what the CSV and ODS
/// downloads hold.
enum EngagementTables {
    static func activities(_ n: Int) -> String { n == 1 ? "1 activity" : "\(n) activities" }

    static func percent(_ part: Int, _ whole: Int) -> Double? { whole == 0 ? nil : 100 * Double(part) / Double(whole) }

    static func all(_ insight: EngagementInsight, people: [String: String]) -> [ChartedTable] {
        let total = insight.activities
        /// `names`: the labels are names (organisations, themes), kept as written; others are words of a
        /// vocabulary, lower-cased inside a sentence.
        func breakdown(_ id: String, _ noun: String, _ tallies: [Tally], note: String? = nil, names: Bool = false)
            -> ChartedTable
        {
            let top = tallies.max { $0.count < $1.count }
            let summary =
                top.map {
                    "The most common \(noun) was \(names ? $0.label : $0.label.lowercased()) (\($0.count) of \(activities(total)))."
                }
                ?? "No activities match these filters."
            let table = StatTable(
                id: "by_\(id)", title: "Activities by \(noun)", summary: summary,
                columns: [
                    .init(
                        noun.prefix(1).uppercased() + noun.dropFirst(), noun.replacingOccurrences(of: " ", with: "_")),
                    .init("Activities", "activities"), .init("Share of activities (%)", "share_percent"),
                ],
                rows: tallies.map {
                    [
                        .text($0.label), .integer($0.count),
                        percent($0.count, total).map { .decimal($0, places: 1) } ?? .missing,
                    ]
                },
                notes: note.map { [$0] } ?? [])
            return ChartedTable(table: table, bars: tallies.map { ($0.label, Double($0.count)) })
        }
        let multi = "An activity can count under more than one category, so the shares can add up to more than 100%."
        return [
            months(insight), breakdown("theme", "theme", insight.byTheme, note: multi, names: true),
            breakdown("kind", "kind", insight.byKind),
            breakdown("audience", "audience", insight.byAudience, note: multi),
            breakdown("mode", "mode", insight.byMode),
            breakdown("organisation", "organiser", insight.byOrganisation, note: multi, names: true),
            reach(insight.reach), underRepresented(insight), actions(insight),
            coverage(
                "champions", "User engagement champions", "Organisation", insight.champions, people: people,
                subject: "organisations that organise activities or produce datasets", role: "a current champion"),
            coverage(
                "theme_leads", "Engagement theme leads", "Theme", insight.themeLeads, people: people, subject: "themes",
                role: "a current lead"),
        ]
    }

    static func months(_ insight: EngagementInsight) -> ChartedTable {
        let busiest = insight.byMonth.max { ($0.activities, $1.month) < ($1.activities, $0.month) }
        let summary =
            busiest.map { b in
                "\(activities(insight.activities)) from \(MonthName.long(insight.byMonth.first?.month ?? "")) to \(MonthName.long(insight.byMonth.last?.month ?? "")); the busiest month was \(MonthName.long(b.month)) with \(b.activities)."
            } ?? "No dated activities match these filters."
        let table = StatTable(
            id: "by_month", title: "Activities by month", summary: summary,
            columns: [
                .init("Month", "month"), .init("Activities", "activities"), .init("Signed up", "signed_up"),
                .init("Attended", "attended"),
            ],
            rows: insight.byMonth.map {
                [.month($0.month), .integer($0.activities), .integer($0.signedUp), .integer($0.attended)]
            },
            notes: ["Activities count in the month they start. Months with no activity are included as zeros."])
        return ChartedTable(
            table: table, bars: insight.byMonth.map { (MonthName.short($0.month), Double($0.activities)) },
            columns: true)
    }

    static func reach(_ r: Reach) -> ChartedTable {
        let rate = r.attendanceRate.map { String(format: "%.0f%%", $0 * 100) }
        let summary =
            "\(r.signedUp) signed up and \(r.attended) attended"
            + (rate.map { "; \($0) of those who signed up came, where both were recorded" } ?? "")
            + "; \(r.responses) responses."
        let table = StatTable(
            id: "reach", title: "Reach", summary: summary,
            columns: [.init("Measure", "measure"), .init("Value", "value")],
            rows: [
                [.text("Activities"), .integer(r.activities)], [.text("Invited"), .integer(r.invited)],
                [.text("Signed up"), .integer(r.signedUp)], [.text("Attended"), .integer(r.attended)],
                [.text("Responses"), .integer(r.responses)],
                [.text("Attendance rate (%)"), r.attendanceRate.map { .decimal($0 * 100, places: 1) } ?? .missing],
                [.text("Activities recording sign-ups and attendance"), .integer(r.activitiesWithAttendance)],
            ],
            notes: [
                "The attendance rate is attended divided by signed up, over activities that record both; activities allowing walk-ins can exceed 100%."
            ])
        return ChartedTable(
            table: table,
            bars: [
                ("Invited", Double(r.invited)), ("Signed up", Double(r.signedUp)),
                ("Attended", Double(r.attended)), ("Responses", Double(r.responses)),
            ])
    }

    static func underRepresented(_ insight: EngagementInsight) -> ChartedTable {
        let (reaching, total) = (insight.underRepresented, insight.activities)
        let share = percent(reaching, total)
        let summary =
            share.map {
                String(format: "%.0f%%", $0)
                    + " of activities (\(reaching) of \(total)) reached under-represented groups."
            }
            ?? "No activities match these filters."
        let table = StatTable(
            id: "under_represented", title: "Activities reaching under-represented groups", summary: summary,
            columns: [
                .init("Audience", "audience"), .init("Activities", "activities"),
                .init("Share of activities (%)", "share_percent"),
            ],
            rows: [
                [
                    .text("Reaching under-represented groups"), .integer(reaching),
                    share.map { .decimal($0, places: 1) } ?? .missing,
                ],
                [
                    .text("Not reaching them"), .integer(total - reaching),
                    percent(total - reaching, total).map { .decimal($0, places: 1) } ?? .missing,
                ],
            ])
        return ChartedTable(
            table: table,
            bars: [
                ("Reaching under-represented groups", share ?? 0),
                ("Not reaching them", percent(total - reaching, total) ?? 0),
            ], percent: true)
    }

    static func actions(_ insight: EngagementInsight) -> ChartedTable {
        let all = insight.actionsByStatus.reduce(0) { $0 + $1.count }
        let done = insight.actionsByStatus.first { $0.key == ActionStatus.done.rawValue }?.count ?? 0
        let summary =
            all == 0
            ? "No “you said, we did” actions are recorded for these activities."
            : "\(done) of \(all) “you said, we did” action\(all == 1 ? " is" : "s are") done."
        let table = StatTable(
            id: "actions", title: "“You said, we did” actions by status", summary: summary,
            columns: [.init("Status", "status"), .init("Actions", "actions")],
            rows: insight.actionsByStatus.map { [.text($0.label), .integer($0.count)] })
        return ChartedTable(table: table, bars: insight.actionsByStatus.map { ($0.label, Double($0.count)) })
    }

    static func coverage(
        _ id: String, _ title: String, _ noun: String, _ items: [RoleCoverage], people: [String: String],
        subject: String,
        role: String
    ) -> ChartedTable {
        let with = items.filter(\.covered).count
        let summary = "\(with) of \(items.count) \(subject) have \(role)."
        let table = StatTable(
            id: id, title: title, summary: summary,
            columns: [.init(noun, noun.lowercased()), .init("Has \(role)", "covered"), .init("Who", "people")],
            rows: items.map {
                [
                    .text($0.name), .text($0.covered ? "yes" : "no"),
                    .text($0.personIds.map { people[$0] ?? $0 }.joined(separator: "; ")),
                ]
            },
            notes: ["A role is current when it has started, or has no start date, and has not ended."])
        return ChartedTable(
            table: table,
            bars: [
                ("With \(role)", Double(with)),
                ("Without", Double(items.count - with)),
            ])
    }
}
