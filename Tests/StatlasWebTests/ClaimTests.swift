import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Testing

/// Role × claim: what a record says about who acts, checked against the editor's organisations (S18).
@Suite("Claims: editors speak only for their own organisation; reference vocabularies are for administrators (S18)")
struct ClaimTests {
    /// A write of A's editor, the field it must be refused on (nil when it must succeed), and a name for it.
    struct Case: Sendable {
        let name: String
        let path: String
        let body: String
        let refused: String?
    }

    /// Every record is maintained by A (`ownerId`), so only what it claims differs.
    static let cases: [Case] = [
        Case(
            name: "relationship managed by B", path: "/api/v1/relationships",
            body:
                #"{"ownerId":"org-a","ownerOrganisationId":"org-b","stakeholderOrganisationId":"org-a","power":3,"interest":3}"#,
            refused: "ownerOrganisationId"),
        Case(
            name: "relationship of A with B as stakeholder", path: "/api/v1/relationships",
            body:
                #"{"ownerId":"org-a","ownerOrganisationId":"org-a","stakeholderOrganisationId":"org-b","power":3,"interest":3}"#,
            refused: nil),
        Case(
            name: "activity organised only by B", path: "/api/v1/activities",
            body:
                #"{"ownerId":"org-a","title":"B's webinar","kind":"webinar","start":"2026-01-10","organiserIds":["org-b"]}"#,
            refused: "organiserIds[0]"),
        Case(
            name: "activity naming B as co-organiser", path: "/api/v1/activities",
            body:
                #"{"ownerId":"org-a","title":"Joint webinar","kind":"webinar","start":"2026-01-10","organiserIds":["org-a","org-b"]}"#,
            refused: "organiserIds[1]"),
        Case(
            name: "B's user engagement champion with an attacker's email", path: "/api/v1/people",
            body:
                #"{"ownerId":"org-a","name":"Mallory","organisationId":"org-b","email":"mallory@example.net","visibility":"public","roles":[{"role":"user-engagement-champion"}]}"#,
            refused: "organisationId"),
        Case(
            name: "A's own champion", path: "/api/v1/people",
            body:
                #"{"ownerId":"org-a","name":"Alice","organisationId":"org-a","roles":[{"role":"user-engagement-champion"}]}"#,
            refused: nil),
        Case(
            name: "dataset produced by B", path: "/api/v1/datasets",
            body: #"{"ownerId":"org-a","title":"B's statistics","producerIds":["org-b"]}"#, refused: "producerIds[0]"),
        Case(
            name: "dataset published by B", path: "/api/v1/datasets",
            body: #"{"ownerId":"org-a","title":"Published by B","producerIds":["org-a"],"publisherId":"org-b"}"#,
            refused: "publisherId"),
        Case(
            name: "dataset used by B", path: "/api/v1/datasets",
            body:
                #"{"ownerId":"org-a","title":"Used by B","producerIds":["org-a"],"uses":[{"organisationId":"org-b"}]}"#,
            refused: nil),
        Case(
            name: "collaboration led by A with B as partner", path: "/api/v1/collaborations",
            body:
                #"{"ownerId":"org-a","title":"A leads","kind":"data-sharing","participants":[{"organisationId":"org-a","role":"lead"},{"organisationId":"org-b","role":"partner"}]}"#,
            refused: nil),
        Case(
            name: "collaboration naming B as lead", path: "/api/v1/collaborations",
            body:
                #"{"ownerId":"org-a","title":"B leads","kind":"data-sharing","participants":[{"organisationId":"org-a","role":"partner"},{"organisationId":"org-b","role":"lead"}]}"#,
            refused: "participants[1].organisationId"),
        Case(
            name: "collaboration without A", path: "/api/v1/collaborations",
            body:
                #"{"ownerId":"org-a","title":"Only B","kind":"data-sharing","participants":[{"organisationId":"org-b","role":"partner"}]}"#,
            refused: "participants"),
        Case(
            name: "theme", path: "/api/v1/themes", body: #"{"ownerId":"org-a","name":"A's own theme"}"#,
            refused: "themes"),
        Case(
            name: "area", path: "/api/v1/areas", body: #"{"ownerId":"org-a","code":"E06000001","name":"Hartlepool"}"#,
            refused: "areas"),
        Case(
            name: "factor", path: "/api/v1/factors", body: #"{"ownerId":"org-a","name":"A's own factor"}"#,
            refused: "factors"),
    ]

    @Test(
        "Through the API: each claim for another organisation is a 403 naming the field, audited; administrators may",
        arguments: TestDatabase.engines)
    func api(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let fixture = try await Fixture.make(storage)
            let app = try buildApplication(WebConfiguration(), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                for test in Self.cases {
                    let response = try await client.send(
                        .post, test.path, token: fixture.tokens[.editorA], json: test.body)
                    if let field = test.refused {
                        #expect(response.status == .forbidden, "\(test.name): \(response.status) \(response.text)")
                        #expect(response.headers[.contentType] == "application/problem+json")
                        if !["themes", "areas", "factors"].contains(field) {
                            #expect(response.invalidFields.contains(field), "\(test.name): \(response.text)")
                        }
                    } else {
                        #expect(response.status == .created, "\(test.name): \(response.status) \(response.text)")
                    }
                }
                let refusals = try await storage.database.withConnection { db in
                    try await db.raw("SELECT detail FROM audit_events WHERE action = 'denied' ORDER BY seq").all()
                        .map { try $0.decode(column: "detail", as: String.self) }
                }
                let refused = Self.cases.filter { $0.refused != nil }
                #expect(refusals.count == refused.count, "every refusal is recorded: \(refusals)")
                for (detail, test) in zip(refusals, refused)
                where !["themes", "areas", "factors"].contains(test.refused ?? "") {
                    #expect(detail.contains(test.refused ?? "?"), "the audit names the field: \(detail)")
                }
                // The administrator may make every claim, and B's editor may add B where the lead invites it.
                for test in Self.cases where test.refused != nil {
                    let response = try await client.send(
                        .post, test.path, token: fixture.tokens[.admin], json: test.body)
                    #expect(response.status == .created, "admin, \(test.name): \(response.status) \(response.text)")
                }
            }
        }
    }

    @Test("An editor may keep another organisation's existing claim, but not add one by changing a record")
    func existingClaims() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let fixture = try await Fixture.make(storage)
            var dataset = Dataset()
            (dataset.id, dataset.title, dataset.ownerId, dataset.producerIds) = (
                "joint", "Joint", "org-a", ["org-a", "org-b"]
            )
            _ = try await storage.records.create(dataset)
            let app = try buildApplication(WebConfiguration(), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                let a = fixture.tokens[.editorA]
                let retitle = try await client.send(
                    .patch, "/api/v1/datasets/joint", token: a, json: #"{"version":1,"title":"Joint statistics"}"#)
                #expect(retitle.status == .ok, "B stays a producer: \(retitle.text)")
                let publisher = try await client.send(
                    .patch, "/api/v1/datasets/joint", token: a, json: #"{"version":2,"publisherId":"org-b"}"#)
                #expect(publisher.status == .forbidden && publisher.invalidFields == ["publisherId"])
                let demo = try await client.send(
                    .patch, "/api/v1/datasets/joint", token: a, json: #"{"version":2,"demo":true}"#)
                #expect(demo.status == .ok && demo.object["demo"] == .bool(false), "clients cannot set demo")
                let created = try await client.send(
                    .post, "/api/v1/datasets", token: a, json: #"{"title":"New","producerIds":["org-a"],"demo":true}"#)
                #expect(created.status == .created && created.object["demo"] == .bool(false), "clients cannot set demo")
            }
        }
    }

    @Test("Changing what another organisation's record says it does is a new claim: roles, leads, self-service as lead")
    func changedClaims() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let fixture = try await Fixture.make(storage)
            var person = Person()
            (person.id, person.name, person.organisationId, person.ownerId) = (
                "b-analyst", "B's analyst", "org-b", "org-a"
            )
            person.roles = [
                RoleAssignment(role: .userEngagementChampion, end: CalendarDate(year: 2024, month: 1, day: 1))
            ]
            _ = try await storage.records.create(person)
            var mixed = Collaboration()
            (mixed.id, mixed.title, mixed.kind, mixed.ownerId) = ("mixed", "Mixed", .dataSharing, "org-a")
            mixed.participants = [
                Participant(organisationId: "org-a", role: .lead), Participant(organisationId: "org-b", role: .lead),
            ]
            _ = try await storage.records.create(mixed)
            var bLed = Collaboration()
            (bLed.id, bLed.title, bLed.kind, bLed.ownerId) = ("b-led", "B leads", .dataSharing, "org-b")
            bLed.participants = [Participant(organisationId: "org-b", role: .lead)]
            _ = try await storage.records.create(bLed)
            let app = try buildApplication(WebConfiguration(), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                let a = fixture.tokens[.editorA]
                let cases: [(String, String, Set<String>)] = [
                    (
                        "/api/v1/people/b-analyst", #"{"version":1,"roles":[{"role":"user-engagement-champion"}]}"#,
                        ["roles[0]"]
                    ),
                    (
                        "/api/v1/people/b-analyst",
                        #"{"version":1,"roles":[{"role":"user-engagement-champion","end":"2099-01-01"}]}"#, ["roles[0]"]
                    ),
                    (
                        "/api/v1/people/b-analyst",
                        #"{"version":1,"roles":[{"role":"user-engagement-champion","end":"2024-01-01"},{"role":"head-of-profession"}]}"#,
                        ["roles[1]"]
                    ),
                    (
                        "/api/v1/collaborations/mixed",
                        #"{"version":1,"participants":[{"organisationId":"org-a","role":"partner"},{"organisationId":"org-b","role":"lead"}]}"#,
                        ["participants"]
                    ),
                    (
                        "/api/v1/collaborations/b-led",
                        #"{"version":1,"participants":[{"organisationId":"org-b","role":"lead"},{"organisationId":"org-a","role":"lead"}]}"#,
                        []
                    ),
                ]
                for (path, body, fields) in cases {
                    let response = try await client.send(.patch, path, token: a, json: body)
                    #expect(response.status == .forbidden, "\(path) \(body): \(response.status) \(response.text)")
                    #expect(response.invalidFields == fields, "\(path) \(body): \(response.text)")
                }
                let asPartner =
                    #"{"version":1,"participants":[{"organisationId":"org-b","role":"lead"},{"organisationId":"org-a","role":"partner"}]}"#
                let joined = try await client.send(.patch, "/api/v1/collaborations/b-led", token: a, json: asPartner)
                #expect(joined.status == .ok, "joining as a partner: \(joined.text)")
                let retitle = #"{"version":1,"jobTitle":"Analyst"}"#
                let changed = try await client.send(.patch, "/api/v1/people/b-analyst", token: a, json: retitle)
                #expect(changed.status == .ok, "other fields change freely: \(changed.text)")
            }
        }
    }

    @Test(
        "Through the pages: the refused field is marked on the form with 403, audited; no Add button for vocabularies")
    func pages() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            _ = try await Fixture.make(storage)
            let app = try buildApplication(
                WebConfiguration(secureCookies: false), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                let browser = Browser(client)
                _ = try await browser.signIn("editora@example.org")
                _ = try await browser.get("/relationships/new")
                let posted = try await browser.post(
                    "/relationships/new",
                    [
                        ("ownerId", "org-a"), ("ownerOrganisationId", "org-b"), ("stakeholderOrganisationId", "org-a"),
                        ("power", "3"), ("interest", "3"),
                    ])
                let page = String(buffer: posted.body)
                #expect(posted.status == .forbidden)
                #expect(posted.title.hasPrefix("Error:"))
                #expect(
                    page.contains("You cannot name Organisation B as the organisation managing the relationship"),
                    "the reason is on the page")
                #expect(page.contains("You edit for Organisation A"))
                #expect(page.contains("href=\"#f-ownerOrganisationId\""), "the summary links to the refused field")
                let detail = try await storage.database.withConnection { db in
                    try await db.raw("SELECT detail FROM audit_events WHERE action = 'denied'").first()?.decode(
                        column: "detail", as: String.self)
                }
                #expect(detail == "POST /relationships/new (ownerOrganisationId)")
                #expect(!String(buffer: try await browser.get("/themes").body).contains("Add a theme"))
                #expect(try await browser.get("/themes/new").status == .forbidden)
                #expect(String(buffer: try await browser.get("/datasets").body).contains("Add a dataset"))
            }
        }
    }
}
