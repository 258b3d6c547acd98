import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@testable import StatlasWeb

/// Lists, searches and "who to contact" are kept for people who are not signed in, once per version of the
/// register: they must change the moment the register does, and never reach, or come from, a signed-in person.
@Suite("Answers shared by everyone not signed in")
struct SharedAnswersTests {
    @Test(
        "A kept list, search or contact page changes as soon as the register does, and signed-in people get their own",
        arguments: TestDatabase.engines)
    func keptAnswersFollowTheRegister(_ engine: Engine) async throws {
        try await withPages(engine) { editor, storage in
            let anonymous = Browser(editor.client)
            let paths = [
                "/datasets?q=zebra", "/api/v1/datasets?q=zebra", "/search?q=zebra", "/api/v1/search?q=zebra",
                "/datasets?sort=-updated", "/api/v1/datasets?sort=-updated&limit=5",
            ]
            var before: [String: String] = [:]
            for path in paths {
                let first = try await anonymous.get(path)
                let again = try await anonymous.get(path)
                #expect(first.status == .ok && again.status == .ok, "\(path)")
                #expect(String(buffer: first.body) == String(buffer: again.body), "\(path) answered twice differently")
                #expect(first.headers[.contentType] == again.headers[.contentType], "\(path)")
                #expect(again.headers[.setCookie] == nil, "\(path) kept a cookie")
                #expect(!String(buffer: first.body).contains("crossings survey"), "\(path)")
                before[path] = String(buffer: again.body)
            }
            let total = try await anonymous.get("/api/v1/datasets?limit=1").headers[HTTPField.Name("X-Total-Count")!]

            // A change by anyone moves the register's version: every kept answer is worked out again.
            var dataset = Dataset()
            (dataset.id, dataset.title, dataset.producerIds) =
                ("zebra-crossings", "Zebra crossings survey", ["office-for-national-statistics"])
            _ = try await storage.records.create(dataset)
            for path in paths {
                let after = String(buffer: try await anonymous.get(path).body)
                #expect(after.contains("crossings survey"), "\(path) still answers as before the change")
                #expect(after != before[path], "\(path)")
            }
            let grown = try await anonymous.get("/api/v1/datasets?limit=1").headers[HTTPField.Name("X-Total-Count")!]
            #expect(grown.flatMap(Int.init) == total.flatMap(Int.init).map { $0 + 1 })

            // A rename shows at once in the kept contact page too.
            let contact = "/contact?theme=housing&area=Cardiff"
            let asked = String(buffer: try await anonymous.get(contact).body)
            #expect(asked.contains("Welsh Government user engagement champion"))
            var champion = try await storage.records.get(Person.self, id: "welsh-government-engagement-champion")
            champion.name = "Gwen Champion"
            _ = try await storage.records.update(champion, expectedVersion: champion.version)
            let renamed = String(buffer: try await anonymous.get(contact).body)
            #expect(renamed.contains("Gwen Champion") && !renamed.contains("Welsh Government user engagement champion"))

            // Signed-in people get their own page (with their name and actions), before and after anyone else's.
            _ = try await editor.signIn()
            for _ in 0..<2 {
                let mine = String(buffer: try await editor.get("/datasets").body)
                #expect(mine.contains("Signed in as Eddie Editor") && mine.contains("/datasets/new"))
                let theirs = String(buffer: try await anonymous.get("/datasets").body)
                #expect(!theirs.contains("Signed in as") && !theirs.contains("/datasets/new"))
            }
        }
    }

    @Test(
        "Private fields a signed-in caller may read never reach the answer kept for everyone",
        arguments: TestDatabase.engines)
    func privateFieldsAreNotShared(_ engine: Engine) async throws {
        try await withAPI(engine) { client, token, storage in
            var person = Person()
            (person.id, person.name, person.email, person.visibility) =
                ("pat-private", "Pat Private", "pat.private@example.org", .signedIn)
            _ = try await storage.records.create(person)
            let path = "/api/v1/people?q=private"
            for round in 0..<2 {
                let signedIn = try await client.execute(
                    uri: path, method: .get, headers: [.authorization: "Bearer \(token)"], body: nil)
                #expect(String(buffer: signedIn.body).contains("pat.private@example.org"), "round \(round)")
                let everyone = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                #expect(String(buffer: everyone.body).contains("Pat Private"), "round \(round)")
                #expect(!String(buffer: everyone.body).contains("pat.private@example.org"), "round \(round)")
            }
        }
    }

    @Test(
        "An answer kept for a request naming another host is never given to readers of this one",
        arguments: TestDatabase.engines)
    func keptAnswersKeepTheirHost(_ engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            var dataset = Dataset()
            (dataset.id, dataset.title) = ("host-check", "Host check")
            _ = try await storage.records.create(dataset)
            for path in ["/datasets/host-check", "/datasets", "/api/3/action/package_show?id=host-check"] {
                let evil = try await client.execute(
                    uri: path, method: .get, headers: [HTTPField.Name("Host")!: "evil.example"], body: nil)
                #expect(evil.status == .ok && String(buffer: evil.body).contains("evil.example"), "\(path)")
                for _ in 0..<2 {
                    let plain = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                    #expect(plain.status == .ok, "\(path)")
                    #expect(!String(buffer: plain.body).contains("evil.example"), "\(path) took another host's links")
                }
            }
        }
    }

    @Test(
        "A page of whole-register figures still being worked out is not kept: the new figures show once ready",
        arguments: TestDatabase.engines)
    func provisionalFiguresAreNotKept(_ engine: Engine) async throws {
        try await withPages(engine) { editor, storage in
            let anonymous = Browser(editor.client)
            // Nothing is computed yet: the organisation page says the whole network is being computed.
            let organisation = "/organisations/office-for-national-statistics"
            let waiting = String(buffer: try await anonymous.get(organisation).body)
            #expect(waiting.contains("which is being computed now"))
            #expect(try await Self.eventually(anonymous, organisation) { $0.contains("Core number") })

            // Figures from the register as it is now are kept; after a change, the older figures shown while
            // the new ones are worked out are not, so the new ones show as soon as they are ready.
            for path in ["/network", "/api/v1/network", "/insight/engagement", "/coverage"] {
                let first = String(buffer: try await anonymous.get(path).body)
                #expect(!first.contains("being recomputed"), "\(path)")
            }
            // Each page is asked right after a change of its own: the figures are renewed in the background, so
            // a page asked later may already show new ones (a few tries allow for a computation that quick).
            var changes = 0
            for path in ["/network", "/insight/engagement", "/coverage"] {
                var sawStale = false
                for _ in 0..<5 where !sawStale {
                    changes += 1
                    var dataset = Dataset()
                    (dataset.id, dataset.title, dataset.producerIds) =
                        (
                            "zebra-crossings-\(changes)", "Zebra crossings survey \(changes)",
                            ["office-for-national-statistics"]
                        )
                    _ = try await storage.records.create(dataset)
                    sawStale = String(buffer: try await anonymous.get(path).body).contains("being recomputed")
                }
                #expect(sawStale, "\(path)")
                #expect(try await Self.eventually(anonymous, path) { !$0.contains("being recomputed") }, "\(path)")
            }
            #expect(try await Self.eventually(anonymous, "/api/v1/network") { $0.contains("\"current\":true") })
        }
    }

    /// Whether `path` comes to answer with a body that satisfies `test` within ten seconds.
    static func eventually(_ browser: Browser, _ path: String, _ test: (String) -> Bool) async throws -> Bool {
        for _ in 0..<100 {
            if test(String(buffer: try await browser.get(path).body)) { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    @Test("HEAD answers every GET route with its status and headers and no body; policies still apply")
    func headAnswersAsGetDoes() async throws {
        try await withAPI(.sqlite) { client, token, _ in
            for path in [
                "/healthz", "/api/v1/datasets?limit=2", "/datasets", "/organisations/office-for-national-statistics",
            ] {
                let get = try await client.execute(uri: path, method: .get, headers: [:], body: nil)
                let head = try await client.execute(uri: path, method: .head, headers: [:], body: nil)
                #expect(head.status == get.status, "\(path)")
                #expect(head.headers[.contentType] == get.headers[.contentType], "\(path)")
                #expect(head.body.readableBytes == 0, "\(path)")
            }
            let refused = try await client.execute(uri: "/api/v1/tokens", method: .head, headers: [:], body: nil)
            #expect(refused.status == .unauthorized)
            let allowed = try await client.execute(
                uri: "/api/v1/tokens", method: .head, headers: [.authorization: "Bearer \(token)"], body: nil)
            #expect(allowed.status == .ok && allowed.body.readableBytes == 0)
        }
    }
}
