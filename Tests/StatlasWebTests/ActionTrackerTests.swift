import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("“You said, we did” across activities, and activity lists people can follow")
struct ActionTrackerTests {
    /// Three activities with actions (two by ONS, one on housing by another body) and one without.
    static func register(_ storage: StorageService) async throws {
        var ons = Build.organisation("ons", "Office for National Statistics")
        ons.shortName = "ONS"
        _ = try await storage.records.create(ons)
        _ = try await storage.records.create(Build.organisation("wg", "Welsh Government"))
        var housing = Theme()
        (housing.id, housing.name) = ("housing", "Housing")
        _ = try await storage.records.create(housing)
        var old = Build.activity("old", organisers: ["ons"], start: "2023-03-01")
        old.actions = [
            FeedbackAction(youSaid: "Publish sooner", weDid: "Moved release to 9:30", status: .done),
            FeedbackAction(youSaid: "Add a local breakdown", status: .planned),
        ]
        var recent = Build.activity("recent", organisers: ["ons", "wg"], start: "2024-05-15", end: "2024-05-16")
        recent.actions = [FeedbackAction(youSaid: "British Sign Language versions", status: .inProgress)]
        var welsh = Build.activity("welsh", organisers: ["wg"], start: "2024-01-10")
        welsh.themeIds = ["housing"]
        welsh.actions = [FeedbackAction(youSaid: "Rents by ward", weDid: "Published in March", status: .done)]
        for activity in [old, recent, welsh, Build.activity("quiet", organisers: ["ons"], start: "2025-01-01")] {
            _ = try await storage.records.create(activity)
        }
    }

    struct Body: Decodable {
        let items: [TrackedAction]
        let activities: Int
    }

    @Test(
        "The tracker lists every action, newest activity first, filtered by status, organiser name and theme",
        arguments: TestDatabase.engines)
    func tracker(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await Self.register(storage)
            func actions(_ query: String) async throws -> Body {
                let response = try await browser.get("/api/v1/actions" + query)
                #expect(response.status == .ok, "\(query)")
                return try JSONDecoder().decode(Body.self, from: Data(buffer: response.body))
            }
            let all = try await actions("")
            #expect(all.activities == 3)
            #expect(
                all.items.map(\.youSaid) == [
                    "British Sign Language versions", "Rents by ward", "Publish sooner", "Add a local breakdown",
                ])
            let first = try #require(all.items.first)
            #expect(first.activityId == "recent" && first.date == CalendarDate("2024-05-15"))
            #expect(first.organisers.map(\.name) == ["Office for National Statistics", "Welsh Government"])
            #expect(all.items[1].weDid == "Published in March" && all.items[1].status == .done)

            #expect(try await actions("?status=done").items.map(\.youSaid) == ["Rents by ward", "Publish sooner"])
            let byName = try await actions("?organisation=ONS&status=done")
            #expect(byName.items.map(\.youSaid) == ["Publish sooner"] && byName.activities == 1)
            #expect(try await actions("?theme=Housing").items.map(\.activityId) == ["welsh"])
            let paged = try await actions("?limit=1&page=2")
            #expect(paged.activities == 3 && paged.items.map(\.activityId) == ["welsh"])
            #expect(try await browser.get("/api/v1/actions?status=finished").status == .unprocessableContent)
            #expect(try await browser.get("/api/v1/actions?organisation=Nobody").status == .unprocessableContent)

            // The page: a table linking each action's activity and organisers.
            let page = String(buffer: try await browser.get("/actions?status=done").body)
            #expect(page.contains("Actions from 2 activities"))
            #expect(page.contains("<a href=\"/activities/welsh\">Activity welsh</a>"))
            #expect(page.contains("Published in March") && !page.contains("British Sign Language"))
            #expect(page.contains("/organisations/wg"))

            // Engagement insight's counts by status lead to the actions, under the same filters.
            let insight = String(buffer: try await browser.get("/insight/engagement?organisation=ONS").body)
            #expect(insight.contains("href=\"/actions?organisation=ons&amp;status=done\""))

            // Activity lists say when and who.
            let list = String(buffer: try await browser.get("/activities?from=2024-01-01&sort=start").body)
            #expect(list.contains("10 January 2024 · Organised by Welsh Government"))
            #expect(
                list.contains(
                    "15 May 2024 to 16 May 2024 · Organised by Office for National Statistics, Welsh Government"))
        }
    }
}
