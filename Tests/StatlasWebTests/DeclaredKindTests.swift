import Foundation
import HummingbirdTesting
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

/// A kind of record declared only here, in the test target: its type and its field declarations. Nothing
/// else in the project names it, so everything it gets below comes from the declaration.
struct FieldVisit: Record {
    static let kind = EntityKind("field-visits", noun: "field visit")
    var id = ""
    var version = 0
    var createdAt: Date?
    var updatedAt: Date?
    var ownerId: String?
    var demo = false

    var title = ""
    var hostId: String?
    var themeIds: [String] = []
    var notes: String?

    static var blank: FieldVisit { FieldVisit() }
    static var example: FieldVisit {
        var visit = FieldVisit()
        (visit.id, visit.title, visit.hostId, visit.themeIds, visit.notes) = (
            "v1", "Visit", "ons", ["housing"], "Notes"
        )
        return visit
    }
    static let filters = [
        FilterDefinition(
            "host", .link(.organisation, ["host"]), summary: "Visits hosted by the organisation with this id"),
        FilterDefinition("theme", .link(.theme, ["theme"]), summary: "Visits on the theme with this id"),
    ]
    static let fields = [
        FieldSpec("title", "Title", required: true),
        FieldSpec("hostId", "Host", .reference(.organisation)),
        FieldSpec("themeIds", "Themes", .references(.theme)),
        FieldSpec("notes", "Notes", .longText),
    ]

    var searchText: String { notes ?? "" }
    var links: [Link] {
        var result = themeIds.enumerated().map { Link("theme", .theme, $1, field: "themeIds[\($0)]") }
        if let hostId { result.append(Link("host", .organisation, hostId, field: "hostId")) }
        return result
    }
    func validate() -> [FieldError] {
        var v = Validator()
        v.required(title, "title", "Enter the visit's title")
        return v.errors
    }
}

@Suite("A kind declared in one place gets the API, pages, search, import and export")
struct DeclaredKindTests {
    static let kinds = RecordKinds.standard.adding(FieldVisit.self)

    @Test(
        "A throwaway kind declared in the test target is stored, served, searched, imported and exported",
        arguments: TestDatabase.engines)
    func throwawayKind(engine: Engine) async throws {
        try await withAPI(engine, kinds: Self.kinds) { client, token, storage in
            _ = try await storage.records.create(Build.organisation("ons", "Office for National Statistics"))
            _ = try await storage.records.create(Build.theme("housing", "Housing"))

            // API: create, read, filter by a declared link, refuse a missing reference by field.
            let created = try await client.send(
                .post, "/api/v1/field-visits", token: token,
                json:
                    #"{"id": "cardiff-visit", "title": "Cardiff housing visit", "hostId": "ons", "themeIds": ["housing"], "notes": "Met the planners about zoetropes"}"#
            )
            #expect(created.status == .created, "\(created.text)")
            let filtered = try await client.send(.get, "/api/v1/field-visits?host=ons&theme=housing")
            #expect(filtered.status == .ok)
            #expect(filtered.text.contains("cardiff-visit"))
            let unknown = try await client.send(.get, "/api/v1/field-visits?colour=red")
            #expect(unknown.status == .unprocessableContent)
            let missing = try await client.send(
                .post, "/api/v1/field-visits", token: token, json: #"{"title": "X", "hostId": "nobody"}"#)
            #expect(missing.status == .unprocessableContent)
            #expect(missing.invalidFields == ["hostId"])

            // The OpenAPI document describes it from the declaration.
            let document = try await client.send(.get, "/api/v1/openapi.json").text
            #expect(document.contains("\"/api/v1/field-visits/{id}\""))
            #expect(document.contains("\"FieldVisit\""))

            // Pages: the list and the detail page, with the host by name.
            let list = try await client.send(.get, "/field-visits")
            #expect(list.status == .ok)
            #expect(list.text.contains("Cardiff housing visit"))
            let detail = try await client.send(.get, "/field-visits/cardiff-visit")
            #expect(detail.status == .ok)
            #expect(detail.text.contains("Office for National Statistics"))

            // Search across kinds and within the kind.
            let search = try await client.send(.get, "/api/v1/search?q=zoetropes&type=field-visits")
            #expect(search.text.contains("cardiff-visit"), "\(search.text)")

            // The reference is stored: the theme cannot be deleted while the visit refers to it.
            let refused = try await client.send(.delete, "/api/v1/themes/housing", token: token)
            #expect(refused.status == .conflict, "\(refused.text)")
            #expect(try await storage.records.referrers(to: .theme, id: "housing").map(\.id) == ["cardiff-visit"])

            // Export, then import into an empty register of the same kinds.
            let exported = try await Exporter(repository: storage.records).export(FieldVisit.kind, format: .csv)
            #expect(exported.count == 1)
            try await TestDatabase.withStorage(engine, kinds: Self.kinds) { target in
                _ = try await target.records.create(Build.organisation("ons", "Office for National Statistics"))
                _ = try await target.records.create(Build.theme("housing", "Housing"))
                let summary = try await Importer(repository: target.records).run(
                    FieldVisit.kind, data: exported.data, format: .csv)
                #expect(summary.created == 1)
                let copy = try await target.records.get(FieldVisit.self, id: "cardiff-visit")
                #expect(
                    copy.hostId == "ons" && copy.themeIds == ["housing"]
                        && copy.notes == "Met the planners about zoetropes")
            }
        }
    }
}

/// A kind whose record links to a theme through a field it does not declare as a reference.
struct StrayLink: Record {
    static let kind = EntityKind("stray-links", noun: "stray link")
    var id = ""
    var version = 0
    var createdAt: Date?
    var updatedAt: Date?
    var ownerId: String?
    var demo = false
    var title = ""
    var themeId: String?

    static var blank: StrayLink { StrayLink() }
    static var example: StrayLink {
        var stray = StrayLink()
        (stray.id, stray.title, stray.themeId) = ("s1", "Stray", "housing")
        return stray
    }
    static let filters: [FilterDefinition] = []
    static let fields = [FieldSpec("title", "Title", required: true), FieldSpec("themeId", "Theme")]
    var searchText: String { "" }
    var links: [Link] { themeId.map { [Link("theme", .theme, $0, field: "themeId")] } ?? [] }
    func validate() -> [FieldError] { [] }
}

@Suite("A link no field declares is refused, not dropped")
struct UndeclaredReferenceTests {
    @Test(
        "Saving a record whose link targets an undeclared kind fails and stores nothing",
        arguments: TestDatabase.engines)
    func refused(engine: Engine) async throws {
        try await TestDatabase.withStorage(engine, kinds: RecordKinds.standard.adding(StrayLink.self)) { storage in
            _ = try await storage.records.create(Build.theme("housing", "Housing"))
            await #expect {
                _ = try await storage.records.create(StrayLink.example)
            } throws: { error in
                guard case StatlasStorageError.undeclaredReference(let source, let target) = error else { return false }
                return source == StrayLink.kind && target == .theme
            }
            #expect(try await storage.records.get(StrayLink.self, ids: ["s1"]).isEmpty)
            #expect(try await storage.records.referrers(to: .theme, id: "housing").isEmpty)
        }
    }
}
