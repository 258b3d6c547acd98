import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Names where people type references: filters, the API and forms")
struct NameReferenceTests {
    /// ONS (short name "ONS"), an accented name, two organisations of one name, and enough others that forms
    /// take organisations as typed text rather than checkboxes; a dataset produced by each of the first two.
    static func register(_ storage: StorageService) async throws {
        var ons = Build.organisation("ons", "Office for National Statistics")
        ons.shortName = "ONS"
        _ = try await storage.records.create(ons)
        _ = try await storage.records.create(Build.organisation("insee", "Département de la Statistique"))
        _ = try await storage.records.create(Build.organisation("sw-1", "Statistics Wales"))
        _ = try await storage.records.create(Build.organisation("sw-2", "Statistics Wales"))
        for n in 0..<40 { _ = try await storage.records.create(Build.organisation("filler-\(n)", "Filler body \(n)")) }
        _ = try await storage.records.create(Build.dataset("by-ons", producers: ["ons"], title: "Labour force survey"))
        _ = try await storage.records.create(Build.dataset("by-insee", producers: ["insee"], title: "Enquête emploi"))
    }

    @Test(
        "A filter takes a name, short name or id, case and accents aside; a name of several or none lists the candidates",
        arguments: TestDatabase.engines)
    func filters(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await Self.register(storage)
            for value in ["ONS", "ons", "office%20for%20national%20statistics", "Office%20for%20National%20Statistics"]
            {
                let page = String(buffer: try await browser.get("/datasets?producer=\(value)").body)
                #expect(page.contains("1 dataset found") && page.contains("Labour force survey"), "\(value)")
                #expect(!page.contains("Enquête emploi"))
            }
            let accents = String(
                buffer: try await browser.get("/datasets?producer=DEPARTEMENT%20de%20la%20statistique").body)
            #expect(accents.contains("1 dataset found") && accents.contains("Enquête emploi"))

            let api = try await browser.get("/api/v1/datasets?producer=ONS")
            #expect(api.status == .ok && String(buffer: api.body).contains("\"total\":1"))

            // Two organisations called the same: the page offers both, each a link to the list filtered by it.
            let several = try await browser.get("/datasets?producer=statistics%20wales&theme=")
            let text = String(buffer: several.body)
            #expect(several.status == .badRequest)
            #expect(text.contains("2 organisations are called “statistics wales”: choose one"))
            #expect(
                text.contains("href=\"/datasets?producer=sw-1\"") && text.contains("href=\"/datasets?producer=sw-2\""))
            #expect(text.contains("id=\"f-producer-error\"") && text.contains("href=\"#f-producer\""))

            let problem = try await browser.get("/api/v1/datasets?producer=Statistics%20Wales")
            #expect(problem.status == .unprocessableContent)
            let body = try JSONSerialization.jsonObject(with: Data(buffer: problem.body)) as? [String: Any]
            let errors = body?["errors"] as? [[String: Any]]
            let candidates = (errors?.first?["candidates"] as? [[String: String]])?.compactMap { $0["id"] }
            #expect(errors?.first?["field"] as? String == "producer" && candidates == ["sw-1", "sw-2"])

            // No such name: said in words, with the organisations whose names contain the words.
            let none = String(buffer: try await browser.get("/datasets?producer=National%20Statistics%20Office").body)
            #expect(none.contains("No organisation is called “National Statistics Office”"))
            #expect(none.contains("href=\"/datasets?producer=ons\""))
            let nothing = try await browser.get("/api/v1/datasets?producer=Nowhere%20at%20all")
            #expect(nothing.status == .unprocessableContent)
            #expect(String(buffer: nothing.body).contains("No organisation is called “Nowhere at all”"))

            // Engagement insight and relationship filters resolve names the same way.
            #expect(try await browser.get("/api/v1/insight/engagement?organisation=ONS").status == .ok)
            #expect(
                try await browser.get("/api/v1/insight/engagement?organisation=Statistics%20Wales").status
                    == .unprocessableContent)
            #expect(try await browser.get("/api/v1/relationships?owner=ons&stakeholder=Ons").status == .ok)
        }
    }

    @Test(
        "A form's typed reference takes names and shows them; a name of several lists them with their ids, and nothing is saved",
        arguments: TestDatabase.engines)
    func forms(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await Self.register(storage)
            _ = try await browser.signIn("admin@example.org")
            let form = String(buffer: try await browser.get("/datasets/new").body)
            #expect(form.contains("One organisation per line: its name, short name or id"))

            let created = try await browser.post(
                "/datasets/new",
                [("id", "named"), ("title", "Named producers"), ("producerIds", "ONS\ndépartement DE LA statistique")])
            #expect(created.status == .seeOther)
            let stored = try await storage.records.get(Dataset.self, id: "named")
            #expect(stored.producerIds == ["ons", "insee"])

            // The edit form shows the producers by name (each name finds that organisation alone).
            let edit = String(buffer: try await browser.get("/datasets/named/edit").body)
            #expect(edit.contains("Office for National Statistics\nDépartement de la Statistique"))

            // Records made without an id get their title as a readable, unique address.
            for expected in ["fresh-body", "fresh-body-2", "fresh-body-3"] {
                let made = try await browser.post("/organisations/new", [("name", "Fresh Body"), ("kind", "academia")])
                #expect(made.headers[.location] == "/organisations/\(expected)?saved=1")
            }
            let before = try await storage.records.counts()
            let refused = try await browser.post(
                "/datasets/new", [("title", "Ambiguous"), ("producerIds", "Statistics Wales\nNo such body")])
            let text = String(buffer: refused.body)
            #expect(refused.status == .unprocessableContent)
            #expect(text.contains("2 organisations are called “Statistics Wales”: choose one"))
            #expect(text.contains("Statistics Wales <span class=\"hint-inline\">(enter sw-1)</span>"))
            #expect(text.contains("Statistics Wales\nNo such body"))
            #expect(try await storage.records.counts() == before)
        }
    }

    @Test(
        "A relationship reads by its organisations' names: in lists, on its page, in search and on the organisation's page; imported ones too",
        arguments: TestDatabase.engines)
    func relationshipTitles(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await Self.register(storage)
            var relationship = Relationship()
            (relationship.id, relationship.ownerOrganisationId, relationship.stakeholderOrganisationId) = (
                "ons-sw", "ons", "sw-1"
            )
            (relationship.power, relationship.interest) = (4, 3)
            _ = try await storage.records.create(relationship)
            _ = try await storage.records.importRows(
                [
                    ImportRow(
                        .relationship, id: "insee-ons",
                        fields: [
                            "ownerOrganisationId": .string("insee"), "stakeholderOrganisationId": .string("ons"),
                            "power": .number(2), "interest": .number(5),
                        ], location: "line 2")
                ], kind: .relationship, progress: nil)
            let title = "Office for National Statistics → Statistics Wales"
            let list = String(buffer: try await browser.get("/relationships").body)
            #expect(list.contains(">\(title)</a>"))
            #expect(list.contains(">Département de la Statistique → Office for National Statistics</a>"))
            #expect(String(buffer: try await browser.get("/relationships/ons-sw").body).contains("<h1>\(title)</h1>"))
            let hits = try await storage.records.search("statistics wales", kinds: [.relationship], limit: 5)
            #expect(hits.map(\.title) == [title])
            let imported = try await storage.records.search("statistique", kinds: [.relationship], limit: 5)
            #expect(imported.map(\.id) == ["insee-ons"])
            let organisation = String(buffer: try await browser.get("/organisations/sw-1").body)
            #expect(organisation.contains(title))

            // Renaming an organisation renames the relationships that name it, in lists and search.
            var renamed = try await storage.records.get(Organisation.self, id: "sw-1")
            renamed.name = "Welsh Statistics Service"
            _ = try await storage.records.update(renamed, expectedVersion: renamed.version)
            let now = "Office for National Statistics → Welsh Statistics Service"
            #expect(String(buffer: try await browser.get("/relationships").body).contains(">\(now)</a>"))
            let found = try await storage.records.search("welsh statistics service", kinds: [.relationship], limit: 5)
            #expect(found.map(\.title) == [now])

            // So does an import that renames it.
            _ = try await storage.records.importRows(
                [
                    ImportRow(
                        .organisation, id: "sw-1", fields: ["name": .string("Ystadegau Cymru")], location: "line 2")
                ],
                kind: .organisation, progress: nil)
            let imported2 = "Office for National Statistics → Ystadegau Cymru"
            let byImport = try await storage.records.search("ystadegau", kinds: [.relationship], limit: 5)
            #expect(byImport.map(\.title) == [imported2])
        }
    }
}
