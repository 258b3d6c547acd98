import Foundation
import HTTPTypes
import SQLKit
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("A study's participants and documents: the team's alone, audited, and encrypted at rest")
struct StudyContentTests {
    static let phrase = "the regional data partnership stalled over licensing"

    @Test(
        "Participants get pseudonyms; documents are read, normalised and stored encrypted; only the team reads them",
        arguments: TestDatabase.engines)
    func content(engine: Engine) async throws {
        try await withAPI(engine) { client, admin, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let reader = try await StudyTeamTests.account(storage, "reader@example.org")
            let outsider = try await StudyTeamTests.account(storage, "outsider@example.org")
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead, json: #"{"title": "Barriers", "kind": "interviews"}"#)
            let study = try #require(started.headers[.location]?.split(separator: "/").last.map(String.init))
            let base = "/api/v1/studies/" + study
            _ = try await client.send(
                .post, base + "/team", token: lead, json: #"{"email": "reader@example.org", "role": "reader"}"#)

            let first = try await client.send(
                .post, base + "/participants", token: lead,
                json:
                    #"{"attributes": {"organisationKind": "local-authority", "nation": "wales"}, "consent": {"interview": true, "quotation": true, "date": "2026-11-02"}}"#
            )
            #expect(first.status == .created && first.text.contains("\"pseudonym\":\"P01\""))
            let second = try await client.send(.post, base + "/participants", token: lead, json: "{}")
            #expect(second.text.contains("\"pseudonym\":\"P02\""))
            let again = try await client.send(
                .post, base + "/participants", token: lead, json: #"{"pseudonym": "P01"}"#)
            #expect(again.status == .unprocessableContent && again.invalidFields == ["pseudonym"])
            let lowerCase = try await client.send(
                .post, base + "/participants", token: lead, json: #"{"pseudonym": "p01"}"#)
            #expect(lowerCase.status == .unprocessableContent && lowerCase.invalidFields == ["pseudonym"])
            let badConsent = try await client.send(
                .post, base + "/participants", token: lead, json: #"{"consent": {"interview": "yes"}, "age": 40}"#)
            #expect(badConsent.invalidFields == ["consent", "age"])
            #expect(
                try await client.send(.post, base + "/participants", token: reader, json: "{}").status == .forbidden)
            #expect(
                try await client.send(.post, base + "/participants", token: outsider, json: "{}").status == .notFound)

            let vtt = "\u{FEFF}WEBVTT\r\n\r\n00:00:01.000 --> 00:00:05.000\r\n<v P01>Honestly, \(Self.phrase).\r\n"
            let body = try String(
                decoding: JSONEncoder().encode([
                    "participantId": "P01", "title": "Interview with P01", "format": "vtt", "content": vtt,
                ]), as: UTF8.self)
            let added = try await client.send(.post, base + "/documents", token: lead, json: body)
            #expect(added.status == .created && !added.text.contains(Self.phrase))
            guard case .string(let id)? = added.object["id"] else {
                Issue.record("no document id: \(added.text)")
                return
            }
            let expected = "P01: Honestly, \(Self.phrase)."
            #expect(added.object["length"] == .number(Double(expected.unicodeScalars.count)))
            let read = try await client.send(.get, base + "/documents/" + id, token: reader)
            #expect(read.status == .ok && read.object["text"] == .string(expected))
            #expect(try await client.send(.get, base + "/documents/" + id, token: admin).status == .notFound)
            #expect(try await client.send(.get, base + "/documents/" + id, token: outsider).status == .notFound)
            #expect(try await client.send(.get, base + "/documents/nothing", token: reader).status == .notFound)
            let bad = try await client.send(
                .post, base + "/documents", token: lead,
                json: #"{"participantId": "P09", "title": "", "format": "pdf", "content": "x", "speaker": "A"}"#)
            #expect(bad.status == .unprocessableContent && bad.invalidFields == ["title", "format", "speaker"])
            // A DOCX's content is the file in base64: other text is refused on the content field.
            let notBase64 = try await client.send(
                .post, base + "/documents", token: lead,
                json: #"{"participantId": "P01", "title": "Notes", "format": "docx", "content": "not a file!"}"#)
            #expect(notBase64.status == .unprocessableContent && notBase64.invalidFields == ["content"])
            let unknown = try await client.send(
                .post, base + "/documents", token: lead,
                json: #"{"participantId": "P09", "title": "Notes", "format": "text", "content": "x"}"#)
            #expect(unknown.status == .unprocessableContent && unknown.invalidFields == ["participantId"])
            let listed = try await client.send(.get, base + "/documents", token: reader)
            #expect(listed.text.contains("Interview with P01") && !listed.text.contains(Self.phrase))

            // Reads are audited, with the document named.
            let events = try await storage.audit.events(.study, id: study)
            #expect(events.contains { $0.entry.action == .studyRead && $0.entry.detail == "document \(id)" })

            // Encrypted at rest: no table holds the phrase, the title or an attribute, nor does the SQLite file.
            let found = try await Self.plaintext(
                storage.database, ["partnership stalled", "Interview with P01", "local-authority"])
            #expect(found.isEmpty, "\(found)")
            if case .sqlite(let path) = storage.database.configuration {
                for file in [path, path + "-wal"] {
                    let bytes = (try? Data(contentsOf: URL(fileURLWithPath: file))) ?? Data()
                    #expect(bytes.range(of: Data("partnership stalled".utf8)) == nil, "\(file)")
                }
            }
        }
    }

    /// The tables and columns whose stored text contains any of `phrases`.
    static func plaintext(_ database: Database, _ phrases: [String]) async throws -> [String] {
        try await TestDatabase.storedText(database).flatMap { place, text in
            phrases.filter { text.contains($0) }.map { "\(place): \($0)" }
        }
    }
}
