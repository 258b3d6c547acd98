import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@testable import StatlasWeb

@Suite("The repository: resources rendered from Markdown safely, research questions linked both ways and imported")
struct RepositoryTests {
    static func register(_ storage: StorageService) async throws {
        _ = try await storage.records.create(Build.organisation("dft", "Department for Transport"))
        _ = try await storage.records.create(Build.theme("transport", "Transport"))
        _ = try await storage.records.create(Build.dataset("nts", producers: ["dft"], title: "National Travel Survey"))
    }

    @Test(
        "A resource's Markdown is rendered; raw HTML, images and unsafe links are not", arguments: TestDatabase.engines)
    func markdown(engine: Engine) async throws {
        try await withAPI(engine) { client, token, storage in
            try await Self.register(storage)
            let body = """
                ## Lessons\\n\\n- **Plan** early\\n- [Guide](https://example.org/guide?a=1&b=2)\\n\\n<script>alert(1)</script>\\n\\n\
                [bad](javascript:alert(2)) [data](data:text/html,hi) [mail](mailto:stats@example.org)\\n\\n\
                ![pic](https://example.org/p.png) <img src=x onerror=alert(3)> <\\u0301script>alert(4)</script>
                """
            let created = try await client.send(
                .post, "/api/v1/resources", token: token,
                json:
                    #"{"title": "Travel survey case study", "kind": "case-study", "organisationIds": ["dft"], "datasetIds": ["nts"], "body": "\#(body)"}"#
            )
            #expect(created.status == .created)
            let page = try await client.send(.get, "/resources/travel-survey-case-study")
            let html = page.text
            #expect(html.contains("<h2>Lessons</h2>") && html.contains("<strong>Plan</strong>"))
            #expect(html.contains(#"<a href="https://example.org/guide?a=1&amp;b=2">Guide</a>"#))
            #expect(html.contains(#"<a href="mailto:stats@example.org">mail</a>"#))
            #expect(
                !html.contains("<script>alert") && !html.contains("<img") && !html.contains("javascript:alert(2)\""))
            #expect(!html.contains("href=\"javascript") && !html.contains("href=\"data:"))
            #expect(!html.contains("<\u{301}script>"))
            // Linked both ways; found by search.
            #expect(try await client.send(.get, "/datasets/nts").text.contains("Resources about this dataset"))
            #expect(try await client.send(.get, "/api/v1/search?q=plan").text.contains("travel-survey-case-study"))
        }
    }

    @Test("Research questions: the department's page lists what it asks, a dataset's what it informs")
    func questions() async throws {
        try await withAPI(.sqlite) { client, token, storage in
            try await Self.register(storage)
            let created = try await client.send(
                .post, "/api/v1/research-questions", token: token,
                json:
                    #"{"question": "How do travel patterns differ between places?", "departmentId": "dft", "datasetIds": ["nts"], "themeIds": ["transport"], "status": "open"}"#
            )
            #expect(created.status == .created)
            #expect(try await client.send(.get, "/organisations/dft").text.contains("Research questions it asks"))
            #expect(try await client.send(.get, "/datasets/nts").text.contains("Research questions it informs"))
            #expect(
                try await client.send(.get, "/api/v1/research-questions?department=dft").text.contains(#""total":1"#))
            let missing = try await client.send(
                .post, "/api/v1/research-questions", token: token, json: #"{"question": "Q?", "status": "open"}"#)
            #expect(missing.status == .unprocessableContent && missing.invalidFields.contains("departmentId"))
            #expect(try await client.send(.get, "/research-questions").text.contains("<h1>Research questions</h1>"))
        }
    }

    @Test("Areas of Research Interest import from CSV: departments and themes by name, problems by line")
    func importCSV() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            try await Self.register(storage)
            let importer = Importer(repository: storage.records)
            let bad = Data(
                "department,question,theme,published,url\nDepartment for Transport,,Transport,2024-04-01,\nDfT,What next?,Nonsense,2024-13-01,\n"
                    .utf8)
            do {
                _ = try await importer.run(
                    .researchQuestion, data: bad, format: Importer.detect(.researchQuestion, bad, name: "ari.csv"))
                Issue.record("a bad file was imported")
            } catch let error as ImportError {
                let text = error.problems.map { "\($0.location) \($0.field ?? "") \($0.message)" }.joined(
                    separator: "\n")
                #expect(
                    text.contains("line 2 question") && text.contains("line 3 theme")
                        && text.contains("line 3 published"))
            }
            #expect(try await storage.records.counts()[.researchQuestion] ?? 0 == 0)
            let good = Data(
                "department,question,theme,published,url\nDepartment for Transport,\"How do travel patterns differ, and why?\",transport,2024-04,https://www.gov.uk/ari\nHome Office,What works in reducing reoffending?,,2023,\n"
                    .utf8)
            let summary = try await importer.run(
                .researchQuestion, data: good, format: Importer.detect(.researchQuestion, good, name: "ari.csv"))
            #expect(summary.created >= 2)
            let questions = try await storage.records.all(ResearchQuestion.self, filters: [:])
            let dft = try #require(questions.first { $0.departmentId == "dft" })
            #expect(dft.themeIds == ["transport"] && dft.published == CalendarDate("2024-04-01"))
            #expect(questions.contains { $0.departmentId == "home-office" })
        }
    }
}

@Suite("Markdown is sanitised whatever it holds")
struct MarkdownSafetyTests {
    @Test("Random Markdown of markup characters, marks, joiners and links gives only allowed tags and safe links")
    func random() {
        var random = SplitMix64(seed: 2026)
        let pieces = [
            "<", ">", "&", "\"", "'", "=", "/", "script", "img", " src=x onerror=alert(1)", "\u{301}", "\u{200D}",
            "\u{600}", "[a](", "javascript:alert(1)", "https://ok.example", ")", "![i](", "*", "_", "`", "#", "\n",
            "- ", "1. ", "> ", "<a href=\"", "\">", "</a>", "<b>", "😀", "a", " ",
        ]
        let allowed = MarkdownHTML.allowed
        for _ in 0..<400 {
            let text = (0..<Int(random.next() % 40)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }
                .joined()
            let html = MarkdownHTML.render(text)
            let scalars = Array(html.unicodeScalars)
            for (index, scalar) in scalars.enumerated() where scalar == "<" {
                var name = ""
                var at = index + 1
                if at < scalars.count, scalars[at] == "/" { at += 1 }
                while at < scalars.count, ("a"..."z").contains(scalars[at]) || ("0"..."9").contains(scalars[at]) {
                    name.unicodeScalars.append(scalars[at])
                    at += 1
                }
                #expect(allowed.contains(name), "a <\(name) tag from \(text.debugDescription)")
            }
            for match in html.matches(of: /<a href="([^"]*)">/) {
                let href = String(match.output.1)
                #expect(
                    href.hasPrefix("https://") || href.hasPrefix("http://") || href.hasPrefix("mailto:"),
                    "\(href) in \(html) from \(text.debugDescription)")
            }
        }
    }
}
