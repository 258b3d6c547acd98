import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Pages: create, edit and delete journeys")
struct FormJourneyTests {
    @Test(
        "Every kind of validation error is summarised, shown inline, and the input is kept",
        arguments: TestDatabase.engines)
    func validationErrors(engine: Engine) async throws {
        try await withPages(engine) { browser, storage in
            _ = try await browser.signIn()
            #expect(try await browser.get("/organisations/new").status == .ok)
            let response = try await browser.post(
                "/organisations/new",
                [
                    ("name", ""), ("website", "javascript:alert(1)"), ("gssCode", "XYZ"),
                    ("closedOn.day", "31"), ("closedOn.month", "2"), ("closedOn.year", "2024"),
                    ("memberships[0].networkId", "no-such-network"), ("parentIds", "no-such-parent"),
                    ("description", "kept <text>"),
                ])
            let text = String(buffer: response.body)
            #expect(
                response.status == .unprocessableContent && response.title == "Error: Add an organisation – Statlas")
            for (target, message) in [
                ("f-name", "Enter the name"), ("f-kind", "Select the kind of organisation"),
                ("f-closedOn-day", "Closed on must be a real date"),
                ("f-website", "website"), ("f-gssCode", "GSS code"), ("f-memberships-0-role-0", "Select the role"),
            ] {
                #expect(text.contains("<a href=\"#\(target)\">"), "summary lacks a link to \(target)")
                #expect(text.contains(message), "page lacks \(message)")
            }
            #expect(
                text.contains("value=\"javascript:alert(1)\"") && text.contains("kept &lt;text&gt;")
                    && text.contains("value=\"31\""))
            #expect(text.contains("class=\"error-message\" id=\"f-name-error\""))
            let before = try await storage.records.counts()
            let dataset = try await browser.post(
                "/datasets/new",
                [
                    ("title", "Bad dataset"), ("temporalStart", "20x1"), ("contactEmail", "not-an-email"),
                    ("coverage[0].nation", "wales"), ("coverage[0].covered", "true"), ("coverage[0].areaCount", "3"),
                    ("nextRelease.day", "1"), ("nextRelease.year", "2027"),
                ])
            let datasetText = String(buffer: dataset.body)
            #expect(dataset.status == .unprocessableContent)
            for message in [
                "First period covered must be", "Next release must include a month",
                "Select the finest level published for Wales",
            ] {
                #expect(datasetText.contains(message), "dataset form lacks \(message)")
            }
            #expect(datasetText.contains("Enter an email address in the correct format"))
            let relationship = try await browser.post(
                "/relationships/new", [("ownerOrganisationId", "office-for-national-statistics"), ("interest", "lots")])
            let relationshipText = String(buffer: relationship.body)
            #expect(
                relationshipText.contains("Select the stakeholder")
                    && relationshipText.contains("Enter the power (1 to 5)"))
            #expect(relationshipText.contains("Interest (1 to 5) must be a whole number"))
            #expect(try await storage.records.counts() == before)
            let missingReference = try await browser.post(
                "/organisations/new", [("name", "Orphan"), ("kind", "public-body"), ("parentIds", "no-such-parent")])
            #expect(missingReference.status == .unprocessableContent)
            #expect(String(buffer: missingReference.body).contains("no-such-parent"))
        }
    }

    @Test(
        "Create, see the success banner, edit, meet a conflicting change, confirm and delete",
        arguments: TestDatabase.engines)
    func journey(engine: Engine) async throws {
        try await withPages(engine) { browser, storage in
            _ = try await browser.signIn()
            _ = try await browser.get("/organisations/new")
            let created = try await browser.post(
                "/organisations/new",
                [
                    ("id", "test-observatory"), ("name", "Test Observatory"), ("kind", "research-institute"),
                    ("nations", "wales"),
                    ("nations", "scotland"), ("website", "https://example.org"), ("closedOn.day", "1"),
                    ("closedOn.month", "3"),
                    ("closedOn.year", "2024"), ("memberships[0].networkId", "ons-assembly"),
                    ("memberships[0].role", "member"),
                    ("ownerId", "office-for-national-statistics"),  // the form fills in the editor's organisation
                ])
            #expect(
                created.status == .seeOther && created.headers[.location] == "/organisations/test-observatory?saved=1")
            let shown = String(buffer: try await browser.get("/organisations/test-observatory?saved=1").body)
            #expect(
                shown.contains("The organisation has been saved") && shown.contains("1 March 2024")
                    && shown.contains("Scotland"))
            let stored = try await storage.records.get(Organisation.self, id: "test-observatory")
            #expect(
                stored.nations == [.wales, .scotland].sorted()
                    && stored.closedOn == CalendarDate(year: 2024, month: 3, day: 1))
            let edit = String(buffer: try await browser.get("/organisations/test-observatory/edit").body)
            #expect(edit.contains("value=\"Test Observatory\"") && edit.contains("name=\"version\" value=\"1\""))
            var changed = stored
            changed.description = "Changed meanwhile"
            _ = try await storage.records.update(changed, expectedVersion: 1)
            let conflict = try await browser.post(
                "/organisations/test-observatory/edit",
                [
                    ("version", "1"), ("name", "Test Observatory Renamed"), ("kind", "research-institute"),
                    ("ownerId", "office-for-national-statistics"),
                ])
            let conflictText = String(buffer: conflict.body)
            #expect(conflict.status == .conflict && conflictText.contains("Someone else changed this organisation"))
            #expect(
                conflictText.contains("value=\"Test Observatory Renamed\"")
                    && conflictText.contains("name=\"version\" value=\"2\""))
            let saved = try await browser.post(
                "/organisations/test-observatory/edit",
                [
                    ("version", "2"), ("name", "Test Observatory Renamed"), ("kind", "research-institute"),
                    ("ownerId", "office-for-national-statistics"),
                ])
            #expect(saved.status == .seeOther)
            #expect(
                try await storage.records.get(Organisation.self, id: "test-observatory").name
                    == "Test Observatory Renamed")
            let confirm = String(buffer: try await browser.get("/organisations/test-observatory/delete").body)
            #expect(confirm.contains("Are you sure you want to delete Test Observatory Renamed?"))
            let deleted = try await browser.post("/organisations/test-observatory/delete", [("version", "3")])
            #expect(deleted.status == .seeOther && deleted.headers[.location] == "/organisations?deleted=1")
            #expect(
                String(buffer: try await browser.get("/organisations?deleted=1").body).contains(
                    "The organisation has been deleted"))
            let inUse = try await browser.post("/organisations/office-for-national-statistics/delete", [])
            #expect(
                inUse.status == .conflict
                    && String(buffer: inUse.body).contains("cannot be deleted while other records refer to it"))
        }
    }

    @Test(
        "Hostile input is escaped everywhere, whatever marks surround it, and javascript: addresses are never links (S7, S17)"
    )
    func escaping() async throws {
        try await withPages(.sqlite) { browser, storage in
            var hostile = Organisation()
            (hostile.id, hostile.name, hostile.kind) = (
                "hostile", "<script>alert(1)</script>\" onmouseover=\"alert(2)", .thirdSector
            )
            hostile.description = "<img src=x onerror=alert(3)> 'quoted' <\u{301}b>bold\u{600}<i>"
            _ = try await storage.records.create(hostile)
            var dataset = Dataset()
            (dataset.id, dataset.title, dataset.url, dataset.ownerId) = (
                "hostile-data", "</script><script>alert(4)</script>", nil, "office-for-national-statistics"
            )
            dataset.producerIds = ["hostile"]
            _ = try await storage.records.create(dataset)
            var person = Person()
            (person.id, person.name, person.email, person.visibility) = (
                "hostile-person", "Mallory <b>", "mallory@example.org", .publicContact
            )
            person.organisationId = "hostile"
            _ = try await storage.records.create(person)
            let name = "&lt;script&gt;alert(1)&lt;/script&gt;&quot; onmouseover=&quot;alert(2)"
            let expectations: [(String, [String])] = [
                (
                    "/organisations/hostile",
                    [
                        name, "&lt;\u{301}b&gt;bold\u{600}&lt;i&gt;",
                        "&lt;img src=x onerror=alert(3)&gt; &#39;quoted&#39;",
                    ]
                ),
                ("/organisations", [name]),
                ("/search?q=script", ["&lt;/", "alert(4)&lt;/"]),
                (
                    "/datasets/hostile-data",
                    [
                        "&lt;/script&gt;&lt;script&gt;alert(4)&lt;/script&gt;",
                        "\\u003c/script\\u003e\\u003cscript\\u003e",
                    ]
                ),
                ("/contact?theme=x%3Cscript%3E&area=%22%3E%3Cscript%3E", ["value=\"&quot;&gt;&lt;script&gt;\""]),
                ("/search?q=%3Cscript%3Ealert(9)%3C%2Fscript%3E", ["&lt;script&gt;alert(9)&lt;/script&gt;"]),
                ("/organisations?q=%22%20onmouseover%3D", ["value=\"&quot; onmouseover=\""]),
                ("/search?q=%3C%CC%81b%3E", ["&lt;\u{301}b&gt;"]),
            ]
            for (path, escaped) in expectations {
                let response = try await browser.get(path)
                let text = String(buffer: response.body)
                #expect(response.status == .ok, "\(path): \(response.status)")
                for fragment in escaped { #expect(text.contains(fragment), "\(path) shows \(fragment) escaped") }
                #expect(!text.contains("<script>alert"), "\(path) has an unescaped script")
                #expect(!text.contains("\" onmouseover=\""), "\(path) has a broken attribute")
                #expect(!text.contains("<img src=x"), "\(path) has an unescaped tag")
                #expect(
                    !text.contains("<\u{301}b>") && !text.contains("\u{600}<i>"), "\(path) writes a < with marks raw")
                #expect(!text.contains("href=\"javascript:"), "\(path) links to javascript:")
            }
            let page = String(buffer: try await browser.get("/datasets/hostile-data").body)
            #expect(page.contains("\\u003c/script\\u003e") && !page.contains("</script><script>"))
            let organisationPage = String(buffer: try await browser.get("/organisations/hostile").body)
            #expect(
                organisationPage.contains("Mallory &lt;b&gt;")
                    && organisationPage.contains("href=\"mailto:mallory@example.org\""))
            _ = try await browser.signIn()
            _ = try await browser.get("/datasets/hostile-data/edit")
            let rejected = try await browser.post(
                "/datasets/hostile-data/edit",
                [
                    ("title", "x"), ("url", "javascript:alert(1)"), ("version", "1"),
                    ("ownerId", "office-for-national-statistics"), ("producerIds", "hostile"),
                ])
            #expect(rejected.status == .unprocessableContent)
            #expect(String(buffer: rejected.body).contains("Enter a web address starting with https:// or http://"))
        }
    }

    @Test(
        "A form with many mistakes reports every one in the first round, and a blank repeated entry is not kept",
        arguments: TestDatabase.engines)
    func everyMistakeAtOnce(engine: Engine) async throws {
        try await withPages(engine) { browser, storage in
            _ = try await browser.signIn("admin@example.org")
            _ = try await browser.get("/activities/new")
            let fields: [(String, String)] = [
                ("title", ""), ("organiserIds", "Nobody at all"), ("start.day", "31"), ("start.month", "2"),
                ("start.year", "2026"), ("url", "notaurl"), ("signedUp", "10"), ("attended", "abc"),
                ("actions[0].youSaid", "More local data"), ("actions[1].youSaid", ""), ("actions[1].weDid", ""),
            ]
            let before = try await storage.records.counts()
            let response = try await browser.post("/activities/new", fields)
            let text = String(buffer: response.body)
            #expect(response.status == .unprocessableContent)
            for message in [
                "Enter the title", "Select the kind of activity", "No organisation is called “Nobody at all”",
                "Start must be a real date", "Enter a web address starting with https:// or http://",
                "Number attended must be a whole number", "Select the status",
            ] {
                #expect(text.contains(message), "the first round lacks \(message)")
            }
            // The typed entry and one blank one to add another: the blank entry submitted is not shown again.
            #expect(text.contains("<legend>You said, we did: entry 1</legend>"))
            #expect(text.components(separatedBy: "(new)</legend>").count == 2)
            #expect(!text.contains("entry 3"))
            #expect(try await storage.records.counts() == before)
        }
    }
}
