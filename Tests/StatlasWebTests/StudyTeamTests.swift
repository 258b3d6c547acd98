import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Research studies: only the team reads a study; its lead and administrators manage the team")
struct StudyTeamTests {
    /// An account with an API token.
    static func account(_ storage: StorageService, _ email: String) async throws -> String {
        let user = try await storage.accounts.createUser(email: email, name: email, isAdmin: false)
        return try await storage.accounts.createToken(userId: user.id, label: "t").token
    }

    @Test(
        "A study answers its team alone (404 to others, administrators included); the lead and administrators manage the team; reads are audited",
        arguments: TestDatabase.engines)
    func team(engine: Engine) async throws {
        try await withAPI(engine) { client, admin, storage in
            let lead = try await Self.account(storage, "lead@example.org")
            let other = try await Self.account(storage, "other@example.org")
            #expect(try await client.send(.get, "/api/v1/studies").status == .unauthorized)

            let bad = try await client.send(
                .post, "/api/v1/studies", token: lead, json: #"{"title": "", "kind": "diaries", "colour": "red"}"#)
            #expect(bad.status == .unprocessableContent && bad.invalidFields == ["title", "kind", "colour"])
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead,
                json: #"{"title": "Regional data collaboration", "kind": "interviews", "retentionDate": "2028-03-31"}"#)
            #expect(started.status == .created)
            // A readable id with a random part, so that a title in use elsewhere is not given away.
            let id = try #require(started.object["id"].flatMap { if case .string(let s) = $0 { s } else { nil } })
            #expect(
                id.hasPrefix("regional-data-collaboration-") && id.count == "regional-data-collaboration-".count + 8)
            #expect(started.headers[.location] == "/api/v1/studies/" + id)
            #expect(started.text.contains("\"role\":\"lead\"") && started.text.contains("\"minimumCount\":10"))
            let path = "/api/v1/studies/" + id
            let twin = try await client.send(
                .post, "/api/v1/studies", token: other,
                json: #"{"title": "Regional data collaboration", "kind": "survey"}"#)
            #expect(twin.status == .created && !twin.text.contains(id))
            _ = try await client.send(
                .post, "/api/v1/studies", token: other,
                json: #"{"title": "Regional data collaboration", "kind": "survey"}"#)

            #expect(try await client.send(.get, "/api/v1/studies", token: lead).text.contains("\"total\":1"))
            #expect(try await client.send(.get, "/api/v1/studies", token: other).text.contains("\"total\":2"))
            #expect(try await client.send(.get, "/api/v1/studies", token: admin).text.contains("\"total\":0"))
            // Not on the team: the study does not exist, for an administrator too.
            #expect(try await client.send(.get, path, token: other).status == .notFound)
            #expect(try await client.send(.get, path, token: admin).status == .notFound)
            #expect(try await client.send(.get, path + "/team", token: other).status == .notFound)
            let missing = try await client.send(.get, "/api/v1/studies/nothing", token: other)
            #expect(missing.status == .notFound)
            #expect(
                try await client.send(.get, path, token: other).text.replacingOccurrences(
                    of: id, with: "nothing") == missing.text)

            // An administrator may see the team and change it.
            #expect(try await client.send(.get, path + "/team", token: admin).status == .ok)
            let added = try await client.send(
                .post, path + "/team", token: admin, json: #"{"email": "other@example.org", "role": "coder"}"#)
            #expect(added.status == .ok && added.text.contains("\"role\":\"coder\""))
            let read = try await client.send(.get, path, token: other)
            #expect(read.status == .ok && read.text.contains("\"role\":\"coder\"") && read.text.contains("\"team\""))
            // A coder reads but may not change the team; nobody may leave a study without a lead.
            let refused = try await client.send(
                .post, path + "/team", token: other, json: #"{"email": "other@example.org", "role": "lead"}"#)
            #expect(refused.status == .forbidden)
            let leaderless = try await client.send(
                .post, path + "/team", token: lead, json: #"{"email": "lead@example.org", "role": "reader"}"#)
            #expect(leaderless.status == .unprocessableContent && leaderless.text.contains("needs a lead"))
            // The lead takes the coder off the team: no longer able to read it.
            let coderId = try #require(try await storage.accounts.user(email: "other@example.org")).id
            #expect(try await client.send(.delete, path + "/team/" + coderId, token: lead).status == .ok)
            #expect(try await client.send(.get, path, token: other).status == .notFound)
            let leadId = try #require(try await storage.accounts.user(email: "lead@example.org")).id
            #expect(
                try await client.send(.delete, path + "/team/" + leadId, token: lead).status == .unprocessableContent)
            #expect(try await client.send(.delete, path + "/team/nobody", token: lead).status == .notFound)
            let nobody = try await client.send(
                .post, path + "/team", token: lead, json: #"{"email": "nobody@example.org", "role": "teacher"}"#)
            #expect(nobody.invalidFields == ["email", "role"] || nobody.invalidFields == ["role"])

            // Every read of the study's content is in the audit trail, by whom.
            let events = try await storage.audit.events(.study, id: id)
            let coder = try #require(try await storage.accounts.user(email: "other@example.org"))
            #expect(events.contains { $0.entry.action == .studyRead && $0.entry.actorId == coder.id })
            #expect(events.contains { $0.entry.action == .study && $0.entry.detail == "started the study" })
        }
    }

    @Test("Starting a study on its page, and its page for the team alone", arguments: TestDatabase.engines)
    func pages(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            _ = try await browser.signIn()
            #expect(try await browser.get("/studies/new").status == .ok)
            let empty = try await browser.post("/studies/new", [("title", ""), ("kind", "")])
            #expect(empty.status == .unprocessableContent)
            let emptyText = String(buffer: empty.body)
            #expect(emptyText.contains("Enter the title") && emptyText.contains("Select the kind of study"))
            let done = try await browser.post(
                "/studies/new",
                [
                    ("title", "Survey of champions"), ("kind", "survey"), ("retentionDate.day", "31"),
                    ("retentionDate.month", "3"), ("retentionDate.year", "2028"),
                ])
            let location = done.headers[.location] ?? ""
            #expect(done.status == .seeOther && location.hasPrefix("/studies/survey-of-champions-"))
            let page = String(buffer: try await browser.get(location).body)
            #expect(page.contains("<h1>Survey of champions</h1>") && page.contains("31 March 2028"))
            #expect(page.contains("Eddie Editor") && page.contains("Add someone to the team"))
            #expect(String(buffer: try await browser.get("/studies").body).contains("Survey of champions"))

            _ = try await browser.get("/studies")
            _ = try await browser.post("/sign-out", [])
            _ = try await browser.signIn("admin@example.org")
            #expect(try await browser.get(location).status == .notFound)
            let listed = String(buffer: try await browser.get("/studies").body)
            #expect(
                listed.contains("Every study (administrators)") && listed.contains(location + "/team"))
            #expect(try await browser.get(location + "/team").status == .ok)
        }
    }
}
