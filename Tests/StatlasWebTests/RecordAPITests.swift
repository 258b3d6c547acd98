import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("JSON API (through buildApplication, SQLite and PostgreSQL)")
struct RecordAPITests {
    @Test("Create, read, update and delete with the documented status codes", arguments: TestDatabase.engines)
    func lifecycle(engine: Engine) async throws {
        try await withAPI(engine) { client, token, _ in
            let org =
                #"{"id":"ons","name":"Office for National Statistics","kind":"national-statistics-institute","nations":["england","wales"]}"#
            #expect(try await client.send(.post, "/api/v1/organisations", json: org).status == .unauthorized)
            #expect(
                try await client.send(.post, "/api/v1/organisations", token: "stl_wrong", json: org).status
                    == .unauthorized)
            let created = try await client.send(.post, "/api/v1/organisations", token: token, json: org)
            #expect(created.status == .created)
            #expect(created.headers[.location] == "/api/v1/organisations/ons")
            #expect(created.headers[.eTag] == "\"1\"")
            #expect(try await client.send(.post, "/api/v1/organisations", token: token, json: org).status == .conflict)

            let read = try await client.send(.get, "/api/v1/organisations/ons")
            #expect(read.status == .ok && read.object["name"] == .string("Office for National Statistics"))

            let patch = #"{"shortName":"ONS"}"#
            #expect(
                try await client.send(.patch, "/api/v1/organisations/ons", token: token, json: patch).status.code == 428
            )
            let updated = try await client.send(
                .patch, "/api/v1/organisations/ons", token: token, json: patch, headers: [.ifMatch: "\"1\""])
            #expect(
                updated.status == .ok && updated.object["version"] == .number(2)
                    && updated.object["shortName"] == .string("ONS"))
            let stale = try await client.send(
                .patch, "/api/v1/organisations/ons", token: token, json: patch, headers: [.ifMatch: "\"1\""])
            #expect(stale.status == .preconditionFailed)
            #expect(stale.headers[.contentType] == "application/problem+json")
            let staleBody = try await client.send(
                .patch, "/api/v1/organisations/ons", token: token, json: #"{"version":1,"shortName":"X"}"#)
            #expect(staleBody.status == .conflict && staleBody.object["currentVersion"] == .number(2))

            #expect(
                try await client.send(.delete, "/api/v1/organisations/ons", token: token, headers: [.ifMatch: "\"1\""])
                    .status == .preconditionFailed)
            #expect(try await client.send(.delete, "/api/v1/organisations/ons").status == .unauthorized)
            #expect(try await client.send(.delete, "/api/v1/organisations/ons", token: token).status == .noContent)
            #expect(try await client.send(.get, "/api/v1/organisations/ons").status == .notFound)
            #expect(try await client.send(.get, "/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test("Bad input gets 400, 413, 415 or 422 with every invalid field, never 500", arguments: TestDatabase.engines)
    func badInput(engine: Engine) async throws {
        try await withAPI(engine) { client, token, _ in
            let malformed = try await client.send(.post, "/api/v1/themes", token: token, json: #"{"name": "#)
            #expect(malformed.status == .badRequest && malformed.object["detail"] != nil)
            #expect(try await client.send(.post, "/api/v1/themes", token: token, json: "[]").status == .badRequest)
            let big = "{\"name\":\"" + String(repeating: "x", count: 1_100_000) + "\"}"
            #expect(try await client.send(.post, "/api/v1/themes", token: token, json: big).status.code == 413)
            let xml = try await client.send(
                .post, "/api/v1/themes", token: token, json: "<theme/>", headers: [.contentType: "application/xml"])
            #expect(xml.status.code == 415)

            let relationship = #"{"ownerOrganisationId":"","stakeholderOrganisationId":"x","power":9,"interest":0}"#
            let invalid = try await client.send(.post, "/api/v1/relationships", token: token, json: relationship)
            #expect(invalid.status.code == 422)
            #expect(invalid.headers[.contentType] == "application/problem+json")
            #expect(invalid.invalidFields == ["ownerOrganisationId", "stakeholderOrganisationId", "power", "interest"])

            let area = try await client.send(
                .post, "/api/v1/areas", token: token, json: #"{"code":"E0600001","name":""}"#)
            #expect(area.status.code == 422 && area.invalidFields.isSuperset(of: ["code", "name"]))
            let org = #"{"id":"o","name":"O","kind":"public-body"}"#
            _ = try await client.send(.post, "/api/v1/organisations", token: token, json: org)
            let activity =
                #"{"title":"T","kind":"event","organiserIds":["o"],"start":"2024-05-02","end":"2024-05-01","signedUp":5,"attended":9,"invited":-1}"#
            let badActivity = try await client.send(.post, "/api/v1/activities", token: token, json: activity)
            #expect(badActivity.invalidFields == ["end", "attended", "invited"])
            let missing = try await client.send(
                .post, "/api/v1/activities", token: token, json: #"{"title":"T","organiserIds":["o"]}"#)
            #expect(missing.invalidFields == ["kind", "start"])
            let wrongDate = try await client.send(
                .post, "/api/v1/activities", token: token,
                json: #"{"title":"T","kind":"event","organiserIds":["o"],"start":"2024-02-30"}"#)
            #expect(wrongDate.status.code == 422 && wrongDate.invalidFields == ["start"])
            let badParameters = try await client.send(.get, "/api/v1/organisations?limit=201&kind=bakery")
            #expect(badParameters.status.code == 422 && badParameters.invalidFields == ["limit", "kind"])
        }
    }

    @Test("Lists filter, page with Link headers, and hide non-public emails", arguments: TestDatabase.engines)
    func lists(engine: Engine) async throws {
        try await withAPI(engine) { client, token, storage in
            for i in 1...5 {
                _ = try await storage.records.create(
                    Build.organisation("org\(i)", "Organisation \(i)", nations: i == 3 ? [.wales] : [.england]))
            }
            let first = try await client.send(.get, "/api/v1/organisations?limit=2&nation=england")
            #expect(first.object["total"] == .number(4))
            let link = first.headers[HTTPField.Name("Link")!] ?? ""
            #expect(link.contains("</api/v1/organisations?nation=england&limit=2&offset=2>; rel=\"next\""))
            let last = try await client.send(.get, "/api/v1/organisations?limit=2&offset=2&nation=england")
            guard case .array(let items)? = last.object["items"] else {
                Issue.record("no items")
                return
            }
            #expect(items.count == 2)
            #expect(!(last.headers[HTTPField.Name("Link")!] ?? "").contains("rel=\"next\""))

            var person = Person()
            (person.id, person.name, person.email, person.organisationId) = (
                "p", "Analyst", "analyst@example.org", "org1"
            )
            _ = try await storage.records.create(person)
            #expect(try await client.send(.get, "/api/v1/people/p").object["email"] == nil)
            #expect(
                try await client.send(.get, "/api/v1/people/p", token: token).object["email"]
                    == .string("analyst@example.org"))
            #expect(!(try await client.send(.get, "/api/v1/people").text.contains("analyst@example.org")))
        }
    }

    @Test("Areas by GSS code, dataset coverage, search and health", arguments: TestDatabase.engines)
    func addressingAndSearch(engine: Engine) async throws {
        try await withAPI(engine) { client, token, _ in
            let area = try await client.send(
                .post, "/api/v1/areas", token: token, json: #"{"code":"E06000001","name":"Hartlepool"}"#)
            #expect(
                area.status == .created && area.object["level"] == .string("local-authority")
                    && area.object["nation"] == .string("england"))
            #expect(try await client.send(.get, "/api/v1/areas/E06000001").object["name"] == .string("Hartlepool"))
            _ = try await client.send(
                .post, "/api/v1/organisations", token: token,
                json: #"{"id":"ons","name":"ONS","kind":"national-statistics-institute"}"#)
            let dataset =
                #"{"id":"population-count","title":"Population count","producerIds":["ons"],"coverage":[{"nation":"wales","covered":true,"finestLevel":"local-authority","areaCount":22}]}"#
            #expect(try await client.send(.post, "/api/v1/datasets", token: token, json: dataset).status == .created)
            let read = try await client.send(.get, "/api/v1/datasets/population-count")
            guard case .array(let coverage)? = read.object["coverage"] else {
                Issue.record("no coverage")
                return
            }
            #expect(coverage.count == 4)
            #expect(
                coverage[1]
                    == .object([
                        "nation": "wales", "covered": true, "finestLevel": "local-authority", "areaCount": .number(22),
                    ]))
            #expect(coverage[0] == .object(["nation": "england", "covered": false, "areaCount": .number(0)]))
            let search = try await client.send(.get, "/api/v1/search?q=population")
            guard case .array(let results)? = search.object["results"], case .object(let hit)? = results.first else {
                Issue.record("no results")
                return
            }
            #expect(
                hit["type"] == "datasets" && hit["id"] == "population-count"
                    && hit["url"] == "/api/v1/datasets/population-count")
            #expect(try await client.send(.get, "/api/v1/search").status.code == 422)
            #expect(try await client.send(.get, "/healthz").status == .ok)
        }
    }
}
