import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Suggested equivalents on dataset and coverage pages, confirmed or dismissed by an editor in one step")
struct EquivalentDecisionTests {
    static func register(_ storage: StorageService) async throws {
        let r = storage.records
        _ = try await r.create(Build.organisation("sg", "Scottish Government", nations: [.scotland]))
        for (id, title, nation) in [
            ("obesity-en", "Adult obesity prevalence", Nation.england),
            ("obesity-sc", "Adult obesity prevalence (Scotland)", .scotland),
            ("gas-wa", "Domestic gas consumption (Wales)", .wales),
        ] {
            var d = Build.dataset(
                id, producers: ["editors-organisation"],
                coverage: [NationCoverage(nation: nation, covered: true, finestLevel: .localAuthority)], title: title)
            d.ownerId = "editors-organisation"
            _ = try await r.create(d)
        }
    }

    @Test(
        "The page suggests, the editor confirms with one button, and the gap's suggestion goes",
        arguments: TestDatabase.engines)
    func page(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await Self.register(storage)
            let anonymous = String(buffer: try await browser.get("/datasets/obesity-en").body)
            #expect(anonymous.contains("Suggested equivalents"))
            #expect(anonymous.contains("<a href=\"/datasets/obesity-sc\">Adult obesity prevalence (Scotland)</a>"))
            #expect(anonymous.contains("Covers Scotland. The same title but for the place."))
            #expect(!anonymous.contains("Confirm as equivalent") && !anonymous.contains("Domestic gas"))

            let coverage = String(buffer: try await browser.get("/coverage").body)
            #expect(coverage.contains("Possible equivalent"))
            #expect(coverage.contains("/datasets/obesity-sc#suggested-equivalents"))

            _ = try await browser.signIn()
            let signedIn = String(buffer: try await browser.get("/datasets/obesity-en").body)
            #expect(signedIn.contains("Confirm as equivalent"))
            // A tampered form is refused with every mistake; nothing changes.
            let bad = try await browser.post(
                "/datasets/obesity-en/suggested-equivalents", [("datasetId", "nothing"), ("decision", "maybe")])
            #expect(bad.status == .unprocessableContent)
            let done = try await browser.post(
                "/datasets/obesity-en/suggested-equivalents",
                [("datasetId", "obesity-sc"), ("decision", "confirm")])
            #expect(done.status == .seeOther)
            #expect(done.headers[.location] == "/datasets/obesity-en?saved=equivalent-confirmed#equivalents")
            let stored = try await storage.records.get(Dataset.self, id: "obesity-en")
            #expect(stored.equivalents.map(\.datasetId) == ["obesity-sc"] && stored.version == 2)
            let after = String(buffer: try await browser.get("/datasets/obesity-en?saved=equivalent-confirmed").body)
            #expect(after.contains("The equivalent has been recorded") && !after.contains("Suggested equivalents"))
            // The other side no longer suggests it either.
            #expect(
                !String(buffer: try await browser.get("/datasets/obesity-sc").body).contains("Suggested equivalents"))
        }
    }

    @Test(
        "The API lists suggestions and takes a decision; editors of other organisations are refused",
        arguments: TestDatabase.engines)
    func api(engine: Engine) async throws {
        try await withAPI(engine) { client, token, storage in
            _ = try await storage.records.create(Build.organisation("editors-organisation", "Editors"))
            try await Self.register(storage)
            // Candidates come from title stems alone: a summary that mentions the words does not make one.
            var mentions = Build.dataset(
                "mentions", producers: [],
                coverage: [NationCoverage(nation: .wales, covered: true, finestLevel: .country)],
                title: "Health survey")
            mentions.summary = "Includes adult obesity prevalence"
            _ = try await storage.records.create(mentions)
            let stems = ["adult obesity prevalence", "health survey"]
            #expect(
                try await storage.records.withFacet(.dataset, "stem", values: stems, excluding: "obesity-en", limit: 10)
                    == ["mentions", "obesity-sc"])
            let listed = try await client.send(.get, "/api/v1/datasets/obesity-sc/suggested-equivalents")
            #expect(listed.status == .ok)
            #expect(listed.text.contains("\"datasetId\":\"obesity-en\"") && listed.text.contains("\"total\":1"))
            #expect(try await client.send(.get, "/api/v1/datasets/nothing/suggested-equivalents").status == .notFound)

            let path = "/api/v1/datasets/obesity-sc/suggested-equivalents"
            let anonymous = try await client.send(
                .post, path, json: #"{"datasetId":"obesity-en","decision":"dismiss"}"#)
            #expect(anonymous.status == .unauthorized)
            let bad = try await client.send(
                .post, path, token: token,
                json: #"{"datasetId":"obesity-sc","decision":"later","comparability":"x","extra":"y"}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.invalidFields == ["decision", "comparability", "extra"])
            let unknown = try await client.send(
                .post, path, token: token, json: #"{"datasetId":"nothing","decision":"dismiss"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.invalidFields == ["datasetId"])
            let dismissed = try await client.send(
                .post, path, token: token, json: #"{"datasetId":"obesity-en","decision":"dismiss"}"#)
            #expect(dismissed.status == .ok && dismissed.headers[.eTag] == "\"2\"")
            #expect(dismissed.text.contains("\"notEquivalentIds\":[\"obesity-en\"]"))
            let none = try await client.send(.get, "/api/v1/datasets/obesity-en/suggested-equivalents")
            #expect(none.text.contains("\"total\":0"))
            // Deciding again changes nothing (no new version).
            let again = try await client.send(
                .post, path, token: token, json: #"{"datasetId":"obesity-en","decision":"dismiss"}"#)
            #expect(again.status == .ok && again.headers[.eTag] == "\"2\"")

            // An editor of another organisation may not decide for this dataset.
            _ = try await storage.records.create(Build.organisation("other", "Other body"))
            _ = try await storage.accounts.createUser(email: "other@example.org", name: "Other", isAdmin: false)
            _ = try await storage.accounts.setOrganisations(email: "other@example.org", organisations: ["other"])
            let other = try #require(try await storage.accounts.user(email: "other@example.org"))
            let otherToken = try await storage.accounts.createToken(userId: other.id, label: "t").token
            let refused = try await client.send(
                .post, path, token: otherToken, json: #"{"datasetId":"obesity-en","decision":"confirm"}"#)
            #expect(refused.status == .forbidden)
        }
    }
}
