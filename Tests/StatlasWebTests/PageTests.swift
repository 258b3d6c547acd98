import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Pages: every template renders the demo register")
struct PageTests {
    @Test(
        "Home, search, who to contact, lists, details and static pages render with their key content",
        arguments: TestDatabase.engines)
    func pagesRender(engine: Engine) async throws {
        try await withPages(engine) { browser, _ in
            let home = try await browser.get("/")
            #expect(home.status == .ok && home.title == "Home – Statlas")
            for text in [
                "Skip to main content", "Who to contact", "Find data for an area", "Upcoming engagement",
                "Collaborations",
                "Accessibility statement", "Cookies", "<strong class=\"tag\">Demo</strong>", "name=\"q\"",
            ] {
                #expect(String(buffer: home.body).contains(text), "home page lacks \(text)")
            }
            let pages: [(String, String)] = [
                ("/organisations", "organisations found"), ("/people", "people found"), ("/themes", "themes found"),
                ("/areas", "areas found"), ("/datasets", "datasets found"), ("/collaborations", "collaborations found"),
                ("/activities", "activities found"), ("/relationships", "stakeholder relationships found"),
                ("/factors", "factors found"),
                ("/organisations?kind=network", "Network, user group or forum"),
                ("/datasets?nation=wales&level=local-authority&sort=-title", "datasets found"),
                ("/organisations/office-for-national-statistics", "Datasets it produces"),
                ("/organisations/office-for-national-statistics", "People and roles"),
                ("/organisations/office-for-national-statistics", "Stakeholders it deals with"),
                ("/areas/W92000004", "Datasets covering this area"),
                ("/themes/labour-market", "Datasets on this theme"),
                ("/search?q=population", "<mark>Population</mark>"),
                ("/search?q=zzqqxx", "checking the spelling"),
                ("/contact", "Theme or topic"),
                ("/accessibility", "WCAG"), ("/cookies", "Essential cookies"), ("/sign-in", "Password"),
            ]
            for (path, text) in pages {
                let response = try await browser.get(path)
                #expect(response.status == .ok, "\(path) answered \(response.status)")
                #expect(String(buffer: response.body).contains(text), "\(path) lacks \(text)")
                #expect(
                    String(buffer: response.body).components(separatedBy: "<h1").count == 2, "\(path) must have one h1")
            }
            let people = try await browser.get("/people")
            let firstPerson = String(buffer: people.body).range(
                of: #"href="/people/[^"]+""#, options: .regularExpression)
            let personPath =
                firstPerson.map { String(String(buffer: people.body)[$0].dropFirst(6).dropLast()) } ?? "/people/none"
            #expect(try await browser.get(personPath).status == .ok)
            let missing = try await browser.get("/datasets/no-such-dataset")
            #expect(missing.status == .notFound && String(buffer: missing.body).contains("No dataset has the id"))
            let unknown = try await browser.get("/no/such/page")
            #expect(unknown.status == .notFound && unknown.title == "Page not found – Statlas")
        }
    }

    @Test(
        "Lists filter, count and paginate keeping the filters; bad filters get an error summary",
        arguments: TestDatabase.engines)
    func listFilters(engine: Engine) async throws {
        try await withPages(engine) { browser, storage in
            let total = try await storage.records.list(Area.self, ListQuery(filters: ["nation": "england"])).total
            let page = try await browser.get("/areas?nation=england&limit=2&page=2")
            let text = String(buffer: page.body)
            #expect(total > 4)
            #expect(text.contains("\(total.formatted()) areas found"))
            #expect(text.contains("Page 2 of \((total + 1) / 2)"))
            #expect(text.contains("href=\"/areas?limit=2&amp;nation=england&amp;page=3\""))
            #expect(text.contains("href=\"/areas?limit=2&amp;nation=england&amp;page=1\""))
            #expect(text.contains("<option value=\"england\" selected>England</option>"))
            let bad = try await browser.get("/areas?level=galaxy")
            #expect(
                bad.status == .badRequest && bad.title.hasPrefix("Error: ")
                    && String(buffer: bad.body).contains("There is a problem"))
        }
    }

    @Test("The dataset page shows coverage, equivalents and users, with schema.org Dataset JSON-LD in the head")
    func datasetPage() async throws {
        try await withPages(.sqlite) { browser, storage in
            let datasets = try await storage.records.all(Dataset.self)
            guard
                let dataset = datasets.first(where: { !$0.equivalents.isEmpty && !$0.uses.isEmpty })
                    ?? datasets.first(where: { !$0.equivalents.isEmpty })
            else {
                Issue.record("the demo has no dataset with equivalents")
                return
            }
            let text = String(buffer: try await browser.get("/datasets/\(dataset.id)").body)
            #expect(text.contains("Coverage by nation") && text.contains("Equivalent datasets elsewhere"))
            let names: [Nation: String] = [
                .england: "England", .wales: "Wales", .scotland: "Scotland", .northernIreland: "Northern Ireland",
            ]
            for entry in dataset.coverage {
                #expect(text.contains("<td><span class=\"value-text\">\(names[entry.nation] ?? "")</span>"))
            }
            let start = try #require(text.range(of: "<script type=\"application/ld+json\">"))
            let end = try #require(text.range(of: "</script>", range: start.upperBound..<text.endIndex))
            let json =
                try JSONSerialization.jsonObject(with: Data(text[start.upperBound..<end.lowerBound].utf8))
                as? [String: Any]
            #expect(json?["@type"] as? String == "Dataset" && json?["name"] as? String == dataset.title)
            #expect(json?["@context"] as? String == "https://schema.org")
            let other = try #require(dataset.equivalents.first)
            #expect(text.contains("href=\"/datasets/\(other.datasetId)\""))
        }
    }

    @Test("Who to contact: producers, coverage and gaps for the area, champions, networks and relationship owners")
    func contact() async throws {
        try await withPages(.sqlite) { browser, storage in
            let themes = try await storage.records.all(Theme.self)
            let datasets = try await storage.records.all(Dataset.self)
            let theme = try #require(
                themes.max { a, b in
                    datasets.filter { $0.themeIds.contains(a.id) }.count
                        < datasets.filter { $0.themeIds.contains(b.id) }.count
                })
            let response = try await browser.get("/contact?theme=\(theme.id)&area=Wales")
            let text = String(buffer: response.body)
            #expect(response.status == .ok)
            for heading in [
                "Statistics and who produces them", "Producers to contact", "Equivalent producers in the other nations",
                "User engagement champions and theme leads", "Networks and user groups",
                "Who already deals with these stakeholders",
                "Coverage in Wales", "Gap for this area",
            ] {
                #expect(text.contains(heading), "missing \(heading)")
            }
            let onTheme = datasets.filter { $0.themeIds.contains(theme.id) }
            #expect(text.contains("(\(onTheme.count))"))
            let producer = try #require(onTheme.flatMap(\.producerIds).first)
            #expect(text.contains("href=\"/organisations/\(producer)\""))
            let byCode = String(buffer: try await browser.get("/contact?area=W92000004").body)
            #expect(byCode.contains("Contacts for Wales (W92000004"))
        }
    }
}
