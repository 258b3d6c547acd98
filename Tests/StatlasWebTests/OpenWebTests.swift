import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("The open web: CORS on public reads, ETags and 304, JSON at a page's address, alternates, sitemaps")
struct OpenWebTests {
    static let origin: HTTPFields = [HTTPField.Name("Origin")!: "https://notebook.example"]

    static func register(_ storage: StorageService) async throws {
        _ = try await storage.records.create(Build.organisation("ons", "Office for National Statistics"))
        var dataset = Build.dataset("d1", producers: ["ons"], title: "Population estimates")
        dataset.summary = "Mid-year estimates of the population, by local authority."
        _ = try await storage.records.create(dataset)
        _ = try await storage.records.create(Build.activity("w1", organisers: ["ons"], start: "2027-02-10"))
        var person = Person()
        (person.id, person.name, person.organisationId) = ("p1", "Pat Example", "ons")
        _ = try await storage.records.create(person)
    }

    @Test("Public reads carry CORS for any origin, without credentials; preflights for reads only; writes get none")
    func cors() async throws {
        try await withAPI(.sqlite) { client, token, storage in
            try await Self.register(storage)
            let read = try await client.send(.get, "/api/v1/datasets", headers: Self.origin)
            #expect(read.headers[.accessControlAllowOrigin] == "*")
            #expect(read.headers[HTTPField.Name("Access-Control-Allow-Credentials")!] == nil)
            #expect(try await client.send(.get, "/feeds/datasets.atom").headers[.accessControlAllowOrigin] == "*")
            #expect(
                try await client.send(.get, "/datasets", headers: Self.origin).headers[.accessControlAllowOrigin] == nil
            )
            var preflight = Self.origin
            preflight[HTTPField.Name("Access-Control-Request-Method")!] = "GET"
            let allowed = try await client.execute(uri: "/api/v1/datasets", method: .options, headers: preflight)
            #expect(allowed.status == .noContent && allowed.headers[.accessControlAllowOrigin] == "*")
            #expect(
                allowed.headers[HTTPField.Name("Access-Control-Allow-Headers")!]?.contains("Authorization") == false)
            preflight[HTTPField.Name("Access-Control-Request-Method")!] = "DELETE"
            let refused = try await client.execute(uri: "/api/v1/datasets/d1", method: .options, headers: preflight)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            let write = try await client.send(
                .post, "/api/v1/themes", token: token, json: #"{"name": "Housing"}"#, headers: Self.origin)
            #expect(write.status == .created && write.headers[.accessControlAllowOrigin] == nil)
        }
    }

    @Test(
        "ETags on lists, records and pages; If-None-Match gives 304; anonymous answers are cached briefly",
        arguments: TestDatabase.engines)
    func conditional(engine: Engine) async throws {
        try await withAPI(engine) { client, token, storage in
            try await Self.register(storage)
            for path in ["/api/v1/datasets", "/api/v1/datasets/d1", "/datasets", "/datasets/d1", "/activities.ics"] {
                let first = try await client.send(.get, path)
                let tag = try #require(first.headers[.eTag], "\(path) has no ETag")
                #expect(first.headers[.cacheControl] == "public, max-age=60", "\(path)")
                let again = try await client.send(.get, path, headers: [.ifNoneMatch: "W/\(tag)"])
                #expect(again.status == .notModified && again.body.readableBytes == 0, "\(path)")
                let other = try await client.send(.get, path, headers: [.ifNoneMatch: "\"other\""])
                #expect(other.status == .ok, "\(path)")
            }
            // A record's tag is its version: a change gives a new one, and the old tag a whole answer.
            let record = try await client.send(.get, "/api/v1/datasets/d1")
            #expect(record.headers[.eTag] == "\"1\"")
            _ = try await client.send(
                .patch, "/api/v1/datasets/d1", token: token, json: #"{"title": "Population estimates (mid-year)"}"#,
                headers: [.ifMatch: "\"1\""])
            #expect(try await client.send(.get, "/api/v1/datasets/d1", headers: [.ifNoneMatch: "\"1\""]).status == .ok)
            // Someone signed in is never cached.
            let mine = try await client.send(.get, "/api/v1/datasets", token: token)
            #expect(mine.headers[.cacheControl] == "no-store")
        }
    }

    @Test(
        "A record page's address asked for JSON gives the API's JSON; pages describe themselves and link their alternates"
    )
    func negotiationAndHead() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            try await Self.register(storage)
            let json = try await client.send(.get, "/datasets/d1", headers: [.accept: "application/json"])
            let api = try await client.send(.get, "/api/v1/datasets/d1")
            #expect(json.headers[.contentType] == "application/json" && json.text == api.text)
            #expect(json.headers[.contentLocation] == "/api/v1/datasets/d1")
            let html = try await client.send(
                .get, "/datasets/d1", headers: [.accept: "text/html,application/xhtml+xml,application/json;q=0.9"])
            #expect(html.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(html.text.contains(#"<meta name="description" content="Mid-year estimates of the population"#))
            #expect(
                html.text.contains(#"<meta property="og:url" content="http://localhost/datasets/d1">"#)
                    || html.text.contains(#"property="og:url" content="http"#))
            #expect(html.text.contains(#"<link rel="alternate" type="application/json" href="/api/v1/datasets/d1""#))
            let activities = try await client.send(.get, "/activities?kind=event")
            #expect(activities.text.contains(#"href="/activities.ics?kind=event""#))
            #expect(activities.text.contains(#"type="application/atom+xml" href="/feeds/activities.atom""#))
            let activity = try await client.send(.get, "/activities/w1")
            #expect(activity.text.contains(#"<a href="/activities/w1.ics">a calendar event (.ics)</a>"#))
        }
    }

    @Test("robots.txt and the sitemap list the public pages, not people, in files of the id index")
    func sitemap() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            try await Self.register(storage)
            let robots = try await client.send(.get, "/robots.txt")
            #expect(robots.text.contains("Disallow: /studies") && robots.text.contains("/sitemap.xml"))
            let index = try await client.send(.get, "/sitemap.xml")
            #expect(index.text.contains("/sitemaps/pages.xml") && index.text.contains("/sitemaps/datasets-1.xml"))
            #expect(!index.text.contains("people-1") && !index.text.contains("datasets-2"))
            let datasets = try await client.send(.get, "/sitemaps/datasets-1.xml")
            #expect(datasets.text.contains("/datasets/d1</loc>"))
            #expect(try await client.send(.get, "/sitemaps/people-1.xml").status == .notFound)
            #expect(try await client.send(.get, "/sitemaps/datasets-2.xml").status == .notFound)
            #expect(try await client.send(.get, "/sitemaps/datasets-99999999999999999999.xml").status == .notFound)
        }
    }
}

@Suite("Insight pages link their downloads as alternates")
struct InsightAlternateTests {
    @Test("The coverage page's head links its CSV downloads")
    func coverage() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            try await OpenWebTests.register(storage)
            let page = try await client.send(.get, "/coverage").text
            #expect(page.contains(#"<link rel="alternate" type="text/csv" href="#))
            #expect(page.contains(#"<link rel="alternate" type="application/json" href="#))
        }
    }
}
