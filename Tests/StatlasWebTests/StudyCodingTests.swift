import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Coding a study: codebook, codings by coder, and agreement between two coders")
struct StudyCodingTests {
    @Test(
        "Two coders code at once; codings are checked against the text; agreement equals the reference values",
        arguments: TestDatabase.engines)
    func coding(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let coder = try await StudyTeamTests.account(storage, "coder@example.org")
            let outsider = try await StudyTeamTests.account(storage, "out@example.org")
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead, json: #"{"title": "Coded", "kind": "interviews"}"#)
            let base = try #require(started.headers[.location])
            _ = try await client.send(
                .post, base + "/team", token: lead, json: #"{"email": "coder@example.org", "role": "coder"}"#)
            _ = try await client.send(.post, base + "/participants", token: lead, json: "{}")
            func document(_ text: String) async throws -> String {
                let body = try String(
                    decoding: JSONEncoder().encode([
                        "participantId": "P01", "title": "T", "format": "text", "content": text,
                    ]),
                    as: UTF8.self)
                guard
                    case .string(let id)? = try await client.send(.post, base + "/documents", token: lead, json: body)
                        .object["id"]
                else { return "" }
                return id
            }
            let first = try await document(String(repeating: "é", count: 20))  // 20 scalars, 40 bytes
            let second = try await document("abcdefg")
            let barrier = try await client.send(
                .post, base + "/codes", token: lead, json: ##"{"name": "Barrier", "colour": "#d4351c"}"##)
            #expect(barrier.status == .created && barrier.object["id"] == .string("barrier"))
            let child = try await client.send(
                .post, base + "/codes", token: coder, json: #"{"name": "Capacity", "parentId": "barrier"}"#)
            #expect(child.status == .created)
            let badCode = try await client.send(
                .post, base + "/codes", token: lead, json: #"{"name": "", "colour": "red", "parentId": "none"}"#)
            #expect(badCode.status == .unprocessableContent)

            func code(_ token: String, _ doc: String, _ start: Int, _ end: Int) async throws -> TestResponse {
                try await client.send(
                    .post, base + "/codings", token: token,
                    json: #"{"documentId": "\#(doc)", "codeId": "barrier", "start": \#(start), "end": \#(end)}"#)
            }
            for (token, doc, start, end) in [
                (lead, first, 2, 8), (lead, first, 12, 15), (coder, first, 4, 10), (coder, first, 14, 18),
                (lead, second, 0, 3), (coder, second, 1, 3),
            ] {
                #expect(try await code(token, doc, start, end).status == .created)
            }
            // Positions are in scalars of the text: 20 is the end of the first document, 21 is past it.
            let past = try await code(lead, first, 15, 21)
            #expect(past.status == .unprocessableContent && past.invalidFields == ["end"])
            let backwards = try await code(lead, first, 9, 9)
            #expect(backwards.invalidFields == ["end"])
            #expect(try await code(outsider, first, 0, 1).status == .notFound)

            let mine = try await client.send(.get, base + "/codings?coder=coder@example.org", token: lead)
            #expect(mine.text.contains("\"total\":3"))

            let agreement = try await client.send(
                .get, base + "/agreement?coders=lead@example.org,coder@example.org&code=barrier", token: coder)
            #expect(agreement.status == .ok)
            guard case .object(let overall)? = agreement.object["overall"], case .number(let kappa)? = overall["kappa"],
                case .number(let alpha)? = overall["alpha"], case .number(let percentage)? = overall["agreement"]
            else {
                Issue.record("no overall figures: \(agreement.text)")
                return
            }
            // scikit-learn's cohen_kappa_score and the krippendorff package on the same 27 units.
            #expect(abs(kappa - 0.25) < 1e-9 && abs(alpha - 0.26388888888888895) < 1e-9)
            #expect(abs(percentage - 0.6296296296296297) < 1e-9 && overall["units"] == .number(27))
            #expect(agreement.text.contains("\"reading\":\"Kappa fair, alpha fair\""))
            let wrong = try await client.send(.get, base + "/agreement?coders=lead@example.org", token: coder)
            #expect(wrong.status == .unprocessableContent && wrong.invalidFields == ["coders"])
            let stranger = try await client.send(
                .get, base + "/agreement?coders=lead@example.org,out@example.org", token: coder)
            #expect(stranger.invalidFields == ["coders"])
        }
    }
}
