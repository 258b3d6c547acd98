import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("CKAN's action API over the catalogue: packages, organizations, groups and tags as CKAN clients read them")
struct CKANTests {
    /// Two producers, two themes, five datasets with keywords and a licence.
    static func register(_ storage: StorageService) async throws {
        _ = try await storage.records.create(Build.organisation("ons", "Office for National Statistics"))
        _ = try await storage.records.create(Build.organisation("welsh-gov", "Welsh Government"))
        _ = try await storage.records.create(Build.theme("housing", "Housing"))
        _ = try await storage.records.create(Build.theme("health", "Health"))
        for n in 0..<5 {
            var dataset = Build.dataset(
                "d\(n)", producers: n < 3 ? ["ons"] : ["welsh-gov", "ons"],
                themes: n % 2 == 0 ? ["housing"] : ["health"],
                title: n == 4 ? "Rents in Wales" : "Housing stock \(n)")
            dataset.keywords = n < 2 ? ["Rents", "stock"] : ["stock"]
            dataset.licence = "OGL-UK-3.0"
            dataset.summary = "Summary of <\(n)>"
            _ = try await storage.records.create(dataset)
        }
    }

    @Test(
        "Actions answer in CKAN's envelope, by GET and by POST with JSON, on both prefixes",
        arguments: TestDatabase.engines)
    func actions(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            try await Self.register(storage)
            let list = try await client.send(.get, "/api/3/action/package_list")
            #expect(list.status == .ok && list.object["success"] == .bool(true))
            #expect(list.object["result"] == .array(["d0", "d1", "d2", "d3", "d4"]))
            #expect(list.headers[.accessControlAllowOrigin] == "*")
            // POST with a JSON body, as ckanapi sends by default, needs no token and no CSRF field.
            let searched = try await client.send(
                .post, "/api/action/package_search",
                json: #"{"fq": "organization:welsh-gov tags:\"Rents\"", "rows": 10, "facet.field": ["groups"]}"#)
            #expect(searched.status == .ok)
            guard case .object(let result)? = searched.object["result"] else { throw TestFailure("no result") }
            #expect(result["count"] == .number(0))  // d3 and d4 are Welsh Government's, but only d0 and d1 say Rents
            let welsh = try await client.send(
                .get, "/api/3/action/package_search?fq=organization:welsh-gov&facet.field=groups&facet.field=tags")
            guard case .object(let w)? = welsh.object["result"], case .array(let results)? = w["results"],
                case .object(let facets)? = w["facets"]
            else { throw TestFailure("no result") }
            #expect(w["count"] == .number(2) && results.count == 2)
            #expect(facets["groups"] == ["housing": 1, "health": 1] && facets["tags"] == ["stock": 2])
            // The package: organization, groups, tags, licence URL, resources.
            let shown = try await client.send(.get, "/api/3/action/package_show?id=d0")
            guard case .object(let package)? = shown.object["result"] else { throw TestFailure("no package") }
            #expect(package["name"] == "d0" && package["notes"] == "Summary of <0>")
            #expect(
                package["license_url"] == "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
            guard case .object(let organization)? = package["organization"], case .array(let tags)? = package["tags"]
            else { throw TestFailure("no organization") }
            #expect(organization["title"] == "Office for National Statistics")
            #expect(tags.count == 2 && shown.text.contains(#""name":"rents""#))
            // Paging and sort by title.
            let page = try await client.send(
                .get, "/api/3/action/package_search?sort=title_string%20desc&rows=2&start=1")
            #expect(page.text.contains(#""count":5"#))
            guard case .object(let p)? = page.object["result"], case .array(let items)? = p["results"] else {
                throw TestFailure("no page")
            }
            let names = items.compactMap { item -> String? in
                guard case .object(let fields) = item, case .string(let name)? = fields["name"] else { return nil }
                return name
            }
            #expect(names == ["d3", "d2"])  // Rents in Wales, then Housing stock 3, 2, 1, 0 descending
            // Organizations, groups and tags with their counts.
            let organizations = try await client.send(.get, "/api/3/action/organization_list?all_fields=true")
            #expect(
                organizations.text.contains(#""package_count":5"#) && organizations.text.contains(#""package_count":2"#)
            )
            // Names by name or title, either way, a window at a time.
            _ = try await storage.records.create(Build.organisation("aardvark-trust", "Zoological Data Trust"))
            for (query, expected) in [
                ("", ["aardvark-trust", "ons", "welsh-gov"]),
                ("sort=name%20desc", ["welsh-gov", "ons", "aardvark-trust"]),
                ("sort=title%20asc", ["ons", "welsh-gov", "aardvark-trust"]),
                ("sort=title%20desc&offset=1&limit=1", ["welsh-gov"]),
                ("sort=name%20asc&offset=1", ["ons", "welsh-gov"]),
                ("sort=package_count%20desc&limit=2", ["ons", "welsh-gov"]),
            ] {
                let names = try await client.send(.get, "/api/3/action/organization_list?\(query)")
                #expect(names.object["result"] == .array(expected.map(JSONValue.string)), "\(query)")
            }
            let group = try await client.send(.post, "/api/3/action/group_show", json: #"{"id": "health"}"#)
            #expect(group.text.contains(#""package_count":2"#) && group.text.contains(#""title":"Health""#))
            let tagList = try await client.send(.get, "/api/3/action/tag_list")
            #expect(tagList.object["result"] == .array(["rents", "stock"]))
            #expect(try await client.send(.get, "/api/3/action/status_show").text.contains(#""ckan_version""#))
        }
    }

    @Test("Errors are CKAN's: not found, validation and search errors, unknown actions; no write action exists")
    func errors() async throws {
        try await withAPI(.sqlite) { client, token, storage in
            try await Self.register(storage)
            let missing = try await client.send(.get, "/api/3/action/package_show?id=nope")
            #expect(missing.status == .notFound && missing.object["success"] == .bool(false))
            #expect(missing.text.contains(#""__type":"Not Found Error""#))
            let badField = try await client.send(.get, "/api/3/action/package_search?fq=colour:blue")
            #expect(badField.status == .conflict && badField.text.contains("Search Query Error"))
            let tooMany = try await client.send(.get, "/api/3/action/package_search?rows=5000")
            #expect(tooMany.status == .conflict && tooMany.text.contains("Validation Error"))
            let huge = try await client.send(.get, "/api/3/action/package_search?start=99999999999999999999")
            #expect(huge.status == .conflict)
            let unknown = try await client.send(
                .post, "/api/action/package_create", token: token, json: #"{"name":"x"}"#)
            #expect(unknown.status == .badRequest && unknown.text.contains("Action name not known"))
            let notJSON = try await client.send(
                .post, "/api/action/package_search", json: "[1, 2]")
            #expect(notJSON.status == .badRequest && notJSON.object["success"] == .bool(false))
            #expect(try await storage.records.counts()[.dataset] == 5)
        }
    }

    @Test("fq reads CKAN's clauses: bare or quoted values, AND and +, and the clauses every package meets")
    func filterQuery() throws {
        #expect(
            try CKANFilterQuery.filters(#"organization:ons AND +groups:"local and regional" dataset_type:dataset"#)
                .get()
                == ["producer": "ons", "theme": "local and regional"])
        #expect(try CKANFilterQuery.filters("tags:Rents capacity:public").get() == ["keyword": "rents"])
        #expect(throws: CKANQueryError.self) { try CKANFilterQuery.filters("organization:a organization:b").get() }
        #expect(throws: CKANQueryError.self) { try CKANFilterQuery.filters(#"tags:"open"#).get() }
        #expect(throws: CKANQueryError.self) { try CKANFilterQuery.filters("justwords").get() }
    }
}

@Suite("Calendars and feeds are served beside the pages they follow")
struct FeedRouteTests {
    @Test("An activity's calendar and page share its address but for .ics; feeds exist for their kinds only")
    func routes() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            _ = try await storage.records.create(Build.organisation("ons"))
            _ = try await storage.records.create(Build.activity("webinar-1", organisers: ["ons"], start: "2027-02-10"))
            let calendar = try await client.send(.get, "/activities/webinar-1.ics")
            #expect(calendar.status == .ok && calendar.headers[.contentType] == "text/calendar; charset=utf-8")
            #expect(calendar.text.contains("UID:activity-webinar-1@") && calendar.text.hasSuffix("END:VCALENDAR\r\n"))
            let page = try await client.send(.get, "/activities/webinar-1")
            #expect(page.status == .ok && page.headers[.contentType]?.hasPrefix("text/html") == true)
            #expect(try await client.send(.get, "/activities/nope.ics").status == .notFound)
            let filtered = try await client.send(.get, "/activities.ics?kind=consultation")
            #expect(filtered.status == .ok && !filtered.text.contains("BEGIN:VEVENT"))
            #expect(try await client.send(.get, "/activities.ics?kind=nonsense").status == .unprocessableContent)
            let feed = try await client.send(.get, "/feeds/activities.atom")
            #expect(feed.status == .ok && feed.text.contains("<title>Activity webinar-1</title>"))
            #expect(try await client.send(.get, "/feeds/people.atom").status == .notFound)
        }
    }
}
