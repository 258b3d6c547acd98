import Foundation
import HummingbirdTesting
import Logging
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Testing

@Suite("One query reader: every route refuses parameters it does not take, the same way")
struct QueryParameterTests {
    /// A concrete address for a route path (`{id}` and other path parameters filled in).
    static func address(_ path: String) -> String {
        path.replacingOccurrences(of: "{id}", with: "x").replacingOccurrences(of: "{token}", with: "x")
            .replacingOccurrences(of: "{version}", with: "x")
    }

    @Test(
        "Each public GET route answers an unknown parameter with 422 naming it: problem details on the API, a page elsewhere"
    )
    func unknownEverywhere() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            let routes = try buildRoutes(services: storage.services, logger: Logger(label: "t")).entries
                .filter { $0.method == .get && $0.policy == .everyone && !$0.foreign }
            #expect(routes.count > 25)
            for route in routes {
                let response = try await client.send(.get, Self.address(route.path) + "?tint=red")
                #expect(response.status == .unprocessableContent, "\(route.path): \(response.status)")
                #expect(response.text.contains("tint is not a query parameter of this address"), "\(route.path)")
                if route.isAPI && route.path != "/healthz" {
                    #expect(response.headers[.contentType] == "application/problem+json", "\(route.path)")
                    #expect(response.invalidFields == ["tint"], "\(route.path)")
                } else {
                    #expect(response.headers[.contentType]?.hasPrefix("text/html") == true, "\(route.path)")
                    #expect(
                        response.text.contains("<h1>A query parameter is not valid</h1>")
                            && response.text.hasSuffix("</html>\n"), "\(route.path)")
                }
                // The length sent is the page's own (not that of the problem the page was made from).
                if let length = response.headers[.contentLength] {
                    #expect(Int(length) == response.body.readableBytes, "\(route.path)")
                }
            }
            // The parameters a route takes pass the check (and are then read with their types and bounds).
            #expect(try await client.send(.get, "/api/v1/coverage?theme=").status == .ok)
            #expect(try await client.send(.get, "/api/v1/datasets?limit=0").invalidFields == ["limit"])
            #expect(try await client.send(.get, "/api/v1/datasets?page=2&offset=5").invalidFields == ["offset"])
            #expect(try await client.send(.get, "/api/v1/datasets?offset=5&page=2").invalidFields == ["offset"])
            #expect(try await client.send(.get, "/api/v1/search?q=x&limit=abc").invalidFields == ["limit"])
            // Ticked checkboxes (a repeated name) are one list; a name with a dot is only a date's box.
            let page = try await client.send(.get, "/network?sources=collaborations&sources=activities").text
            let ticked = page.matches(of: /name="sources" type="checkbox" value="([a-z]+)" checked/).map {
                String($0.output.1)
            }
            #expect(ticked == ["collaborations", "activities"], "\(ticked)")
            #expect(try await client.send(.get, "/api/v1/search?q=x&q.foo=1").invalidFields == ["q.foo"])
            // The day, month and year boxes of a date field count as the date.
            #expect(try await client.send(.get, "/network?from.day=1&from.month=4&from.year=2024").status == .ok)
        }
    }

    @Test(
        "A control character in an address is refused before anything reads it: the parameter named (422), a path 404",
        arguments: TestDatabase.engines)
    func controlCharacters(engine: Engine) async throws {
        try await withAPI(engine) { client, _, _ in
            // PostgreSQL cannot compare text holding NUL: these were 500s there.
            for address in [
                "/api/v1/datasets?producer=%00", "/api/v1/datasets?q=data&sort=title&after=%00",
                "/api/3/action/package_show?id=%00", "/contact?theme=%00", "/datasets?q=a%01b",
            ] {
                let response = try await client.send(.get, address)
                #expect(response.status == .unprocessableContent, "\(address): \(response.status)")
                #expect(response.text.contains("must not contain control characters"), "\(address)")
            }
            #expect(try await client.send(.get, "/api/v1/datasets?producer=%00").invalidFields == ["producer"])
            for address in ["/api/v1/datasets/%00", "/datasets/a%00", "/datasets/a%C2%85"] {
                let response = try await client.send(.get, address)
                #expect(response.status == .notFound, "\(address): \(response.status)")
            }
            // Tabs and line breaks are text, not controls; a search for them answers as usual.
            #expect(try await client.send(.get, "/api/v1/datasets?q=a%09b").status == .ok)
            // The text "%00" is not a control character.
            #expect(try await client.send(.get, "/api/v1/datasets?q=%2500").status == .ok)
            #expect(try await client.send(.get, "/api/v1/datasets?%00=1").status == .unprocessableContent)
        }
    }

    @Test(
        "The search page counts every match of each kind when its hits stop at their limit",
        arguments: TestDatabase.engines)
    func searchCounts(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            let themes = (0..<205).map { i in
                ImportRow(
                    .theme, id: "widget-\(i)", fields: ["name": .string("Widget \(i)")], location: "line \(i + 2)")
            }
            _ = try await storage.records.importRows(themes, kind: .theme, progress: nil)
            for i in 0..<3 {
                var organisation = Organisation()
                (organisation.id, organisation.name, organisation.kind) = (
                    "w\(i)", "Widget Council \(i)", .localAuthority
                )
                _ = try await storage.records.create(organisation)
            }
            #expect(try await storage.records.searchCounts("widget") == [.theme: 205, .organisation: 3])
            let page = try await client.send(.get, "/search?q=widget").text
            #expect(page.contains("208 results for ‘widget’"))
            #expect(page.contains(">themes (205)</h3>") && page.contains(">organisations (3)</h3>"))
            #expect(page.contains("See all matching themes"))
            // Below the limit the hits are every match.
            let few = try await client.send(.get, "/search?q=council").text
            #expect(few.contains("3 results for ‘council’") && !few.contains("See all matching"))
        }
    }

    @Test("The OpenAPI document lists exactly the query parameters each API route takes")
    func documentedParameters() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            let routes = try buildRoutes(services: storage.services, logger: Logger(label: "t")).entries.filter(\.isAPI)
            guard case .object(let paths)? = try await client.send(.get, "/api/v1/openapi.json").object["paths"] else {
                Issue.record("no paths")
                return
            }
            for route in routes {
                guard case .object(let operations)? = paths[route.path],
                    case .object(let operation)? = operations[route.method.rawValue.lowercased()]
                else {
                    Issue.record("\(route.method) \(route.path) is not documented")
                    continue
                }
                var documented: [String] = []
                if case .array(let parameters)? = operation["parameters"] {
                    for case .object(let parameter) in parameters where parameter["in"] == "query" {
                        if case .string(let name)? = parameter["name"] { documented.append(name) }
                    }
                }
                #expect(
                    Set(documented) == Set(route.query),
                    "\(route.method) \(route.path): documented \(documented), takes \(route.query)")
            }
        }
    }
}
