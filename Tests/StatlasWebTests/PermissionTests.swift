import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import StatlasWeb
import Testing

/// The people of the permission matrix: anonymous, a viewer, editors of organisations A and B, an administrator.
enum Role: String, CaseIterable, Sendable {
    case anonymous, viewer, editorA, editorB, admin
}

/// Organisations A and B, one account with a token per role, and a fresh set of A's records per role.
struct Fixture: Sendable {
    var tokens: [Role: String] = [:]

    static func make(_ storage: StorageService) async throws -> Fixture {
        for id in ["org-a", "org-b"] {
            var organisation = Organisation()
            (organisation.id, organisation.name, organisation.kind) = (
                id, "Organisation \(id.suffix(1).uppercased())", .governmentDepartment
            )
            _ = try await storage.records.create(organisation)
        }
        var fixture = Fixture()
        for role in Role.allCases where role != .anonymous {
            let user = try await storage.accounts.createUser(
                email: "\(role.rawValue.lowercased())@example.org", name: role.rawValue, isAdmin: role == .admin)
            let organisations = role == .editorA ? ["org-a"] : role == .editorB ? ["org-b"] : []
            _ = try await storage.accounts.setOrganisations(email: user.email, organisations: organisations)
            try await storage.accounts.setPassword(email: user.email, password: "a long enough password")
            fixture.tokens[role] = try await storage.accounts.createToken(userId: user.id, label: nil).token
        }
        return fixture
    }

    /// A dataset, a person and a collaboration owned by A, with ids unique to `tag`.
    static func records(_ storage: StorageService, tag: String) async throws {
        var dataset = Dataset()
        (dataset.id, dataset.title, dataset.ownerId, dataset.producerIds) = (
            "dataset-\(tag)", "Dataset \(tag)", "org-a", ["org-a"]
        )
        _ = try await storage.records.create(dataset)
        var person = Person()
        (person.id, person.name, person.ownerId, person.organisationId) = (
            "person-\(tag)", "Person \(tag)", "org-a", "org-a"
        )
        _ = try await storage.records.create(person)
        var collaboration = Collaboration()
        (collaboration.id, collaboration.title, collaboration.kind, collaboration.ownerId) = (
            "collab-\(tag)", "Collaboration \(tag)", .dataSharing, "org-a"
        )
        collaboration.participants = [Participant(organisationId: "org-a", role: .lead)]
        _ = try await storage.records.create(collaboration)
    }
}

@Suite("Permissions: deny by default, roles, object-level checks (S10)")
struct PermissionTests {
    @Test("Every route the router serves was registered with a policy, and writes are never open to everyone")
    func everyRouteHasAPolicy() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let table = try buildRoutes(services: storage.services, logger: Logger(label: "t"))
            let declared = Set(table.entries.map { "\($0.method.rawValue) \($0.path)" })
            let served = table.router.routes.map { route in
                "\(route.method.rawValue) "
                    + route.path.description.split(separator: "/", omittingEmptySubsequences: false)
                    .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }.joined(separator: "/")
            }
            #expect(served.count > 100)
            for route in served { #expect(declared.contains(route), "\(route) has no declared policy") }
            for entry in table.entries where entry.method != .get {
                // CKAN's action API takes POST for reads (every action it answers changes nothing).
                let open = ["/sign-in", "/sign-in/code", "/invitations/{token}"].contains(entry.path) || entry.foreign
                #expect(open || entry.policy != .everyone, "\(entry.method) \(entry.path) is open to everyone")
            }
            for entry in table.entries
            where entry.path.hasPrefix("/admin")
                // A study's participants are erased by its lead (checked per study: StudyFindingsTests).
                || (entry.path.hasSuffix("/erase") && !entry.path.hasPrefix("/studies/"))
                || entry.path.hasSuffix("/subject-access")
            {
                #expect(entry.policy == .admin, "\(entry.path) must be for administrators")
            }
        }
    }

    @Test(
        "Role × API write × other organisation: only A's editors and administrators change A's records",
        arguments: TestDatabase.engines)
    func apiMatrix(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine) { storage in
            let fixture = try await Fixture.make(storage)
            let app = try buildApplication(WebConfiguration(), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                for role in Role.allCases {
                    try await Fixture.records(storage, tag: role.rawValue.lowercased())
                    let token = fixture.tokens[role]
                    let allowed = role == .editorA || role == .admin
                    let refused: HTTPResponse.Status = role == .anonymous ? .unauthorized : .forbidden
                    let tag = role.rawValue.lowercased()
                    let operations: [(HTTPRequest.Method, String, String?)] = [
                        (
                            .post, "/api/v1/datasets",
                            #"{"id": "new-\#(tag)", "title": "New", "ownerId": "org-a", "producerIds": ["org-a"]}"#
                        ),
                        (.patch, "/api/v1/datasets/dataset-\(tag)", #"{"version": 1, "title": "Renamed"}"#),
                        (
                            .put, "/api/v1/people/person-\(tag)",
                            #"{"version": 1, "name": "Replaced", "ownerId": "org-a", "organisationId": "org-a"}"#
                        ),
                        (.patch, "/api/v1/collaborations/collab-\(tag)", #"{"version": 1, "title": "Retitled"}"#),
                        (.delete, "/api/v1/datasets/dataset-\(tag)", nil),
                        (.patch, "/api/v1/organisations/org-a", #"{"description": "Changed by \#(tag)"}"#),
                    ]
                    for (method, path, body) in operations {
                        var headers = HTTPFields()
                        if method == .patch && path.contains("organisations") {
                            let current = try await client.send(.get, path)
                            headers[.ifMatch] = current.headers[.eTag]
                        }
                        let response = try await client.send(method, path, token: token, json: body, headers: headers)
                        if allowed {
                            #expect(
                                response.status.code < 300,
                                "\(role) \(method) \(path): \(response.status) \(response.text)")
                        } else {
                            #expect(response.status == refused, "\(role) \(method) \(path): \(response.status)")
                            if role != .anonymous {
                                #expect(response.headers[.contentType] == "application/problem+json")
                            }
                        }
                    }
                    let dataset = try await storage.records.get(Dataset.self, ids: ["dataset-\(tag)"]).first
                    #expect((dataset == nil) == allowed, "\(role): dataset deleted only when allowed")
                }
                let denials = try await storage.database.withConnection { db in
                    try await db.raw("SELECT COUNT(*) AS n FROM audit_events WHERE action = 'denied'").first()?.decode(
                        column: "n", as: Int.self)
                }
                #expect(denials == 12, "every refusal of a signed-in user is audited")
            }
        }
    }

    @Test("Editors may add their own organisation to another's collaboration, but nothing else; nor give records away")
    func selfService() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            let fixture = try await Fixture.make(storage)
            try await Fixture.records(storage, tag: "x")
            let app = try buildApplication(WebConfiguration(), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                let b = fixture.tokens[.editorB]
                let a = fixture.tokens[.editorA]
                let addB =
                    #"{"version": 1, "participants": [{"organisationId": "org-a", "role": "lead"}, {"organisationId": "org-b", "role": "partner"}]}"#
                #expect(
                    try await client.send(.patch, "/api/v1/collaborations/collab-x", token: b, json: addB).status == .ok
                )
                let addBAndRename =
                    #"{"version": 2, "title": "Mine now", "participants": [{"organisationId": "org-a", "role": "lead"}, {"organisationId": "org-b", "role": "partner"}]}"#
                #expect(
                    try await client.send(.patch, "/api/v1/collaborations/collab-x", token: b, json: addBAndRename)
                        .status == .forbidden)
                let removeA = #"{"version": 2, "participants": [{"organisationId": "org-b", "role": "partner"}]}"#
                #expect(
                    try await client.send(.patch, "/api/v1/collaborations/collab-x", token: b, json: removeA).status
                        == .forbidden)
                let giveAway = #"{"version": 1, "ownerId": "org-b"}"#
                #expect(
                    try await client.send(.patch, "/api/v1/datasets/dataset-x", token: a, json: giveAway).status
                        == .forbidden)
                let ownB = #"{"id": "b-dataset", "title": "B's dataset", "producerIds": ["org-b"]}"#
                let created = try await client.send(.post, "/api/v1/datasets", token: b, json: ownB)
                #expect(
                    created.status == .created && created.object["ownerId"] == "org-b",
                    "an editor's new record is owned by their organisation")
                let history = try await storage.audit.history(.collaboration, id: "collab-x", limit: 10)
                #expect(history.first?.entry.action == .update && history.first?.changedFields == ["participants"])
            }
        }
    }

    @Test("Pages: viewers see no change buttons and get 403; B's editor cannot open A's forms; A's editor can")
    func pageMatrix() async throws {
        try await TestDatabase.withStorage(.sqlite) { storage in
            _ = try await Fixture.make(storage)
            try await Fixture.records(storage, tag: "p")
            let app = try buildApplication(
                WebConfiguration(secureCookies: false), services: storage.services, logger: quietLogger())
            try await app.test(.router) { client in
                let expectations: [(Role, HTTPResponse.Status)] = [
                    (.viewer, .forbidden), (.editorB, .forbidden), (.editorA, .ok), (.admin, .ok),
                ]
                for (role, status) in expectations {
                    let browser = Browser(client)
                    _ = try await browser.signIn("\(role.rawValue.lowercased())@example.org")
                    #expect(try await browser.get("/datasets/dataset-p/edit").status == status, "\(role) edit form")
                    #expect(try await browser.get("/datasets/dataset-p/delete").status == status, "\(role) delete page")
                    let page = String(buffer: try await browser.get("/datasets/dataset-p").body)
                    #expect(
                        page.contains("/datasets/dataset-p/edit") == (status == .ok),
                        "\(role) sees the change button only when allowed")
                    #expect(page.contains("History") == true, "signed-in users see the history")
                    let version = try await storage.records.get(Dataset.self, id: "dataset-p").version
                    let posted = try await browser.post(
                        "/datasets/dataset-p/edit",
                        [
                            ("version", String(version)), ("title", "Renamed by \(role)"), ("ownerId", "org-a"),
                            ("producerIds", "org-a"),
                        ])
                    #expect(
                        (posted.status == .seeOther) == (status == .ok),
                        "\(role) posting the edit form: \(posted.status)")
                }
                let anonymous = Browser(client)
                #expect(try await anonymous.get("/datasets/dataset-p/edit").status == .seeOther)
                #expect(!String(buffer: try await anonymous.get("/datasets/dataset-p").body).contains("History"))
            }
        }
    }
}

func quietLogger() -> Logger {
    var logger = Logger(label: "statlas-test")
    logger.logLevel = .critical
    return logger
}
