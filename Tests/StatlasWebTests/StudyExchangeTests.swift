import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing
import ZIPFoundation

@Suite("REFI-QDA exchange: a study's codebook and project out, another tool's project in")
struct StudyExchangeTests {
    @Test(
        "A project round-trips: codes and their hierarchy, cases, texts, codings by coder and memos",
        arguments: TestDatabase.engines)
    func roundTrip(engine: Engine) async throws {
        try await withAPI(engine) { client, _, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let coder = try await StudyTeamTests.account(storage, "coder@example.org")
            func start(_ title: String) async throws -> String {
                let started = try await client.send(
                    .post, "/api/v1/studies", token: lead, json: #"{"title": "\#(title)", "kind": "interviews"}"#)
                let base = try #require(started.headers[.location])
                _ = try await client.send(
                    .post, base + "/team", token: lead, json: #"{"email": "coder@example.org", "role": "coder"}"#)
                return base
            }
            let base = try await start("Exported")
            _ = try await client.send(
                .post, base + "/codes", token: lead,
                json: ##"{"name": "Barrier", "colour": "#d4351c", "description": "What hinders <it> & why"}"##)
            _ = try await client.send(
                .post, base + "/codes", token: lead, json: #"{"name": "Capacity", "parentId": "barrier"}"#)
            _ = try await client.send(
                .post, base + "/participants", token: lead,
                json: #"{"attributes": {"nation": "Wales", "organisationKind": "local-authority"}}"#)
            _ = try await client.send(
                .post, base + "/participants", token: lead, json: #"{"consent": {"withdrawn": true}}"#)
            let text = "Café staff: “we never have time” 👩‍💻\nP01: trust & data <here>"
            let body = String(
                decoding: try JSONEncoder().encode([
                    "participantId": "P01", "title": "Interview one", "format": "text", "content": text,
                ]), as: UTF8.self)
            let document = try await client.send(.post, base + "/documents", token: lead, json: body)
            guard case .string(let documentId)? = document.object["id"] else { throw TestFailure("no document") }
            for (token, start, end) in [(lead, 12, 31), (coder, 13, 31), (lead, 37, 53)] {
                let coded = try await client.send(
                    .post, base + "/codings", token: token,
                    json:
                        #"{"documentId": "\#(documentId)", "codeId": "\#(start == 37 ? "barrier" : "capacity")", "start": \#(start), "end": \#(end)}"#
                )
                #expect(coded.status == .created)
            }
            _ = try await client.send(
                .post, base + "/memos", token: lead,
                json: #"{"targetKind": "document", "targetId": "\#(documentId)", "text": "Long pause here"}"#)

            let qdc = try await client.send(.get, base + "/export?format=qdc", token: lead)
            #expect(qdc.status == .ok && qdc.headers[.contentType]?.hasPrefix("application/xml") == true)
            #expect(qdc.text.contains("What hinders &lt;it&gt; &amp; why") && qdc.text.contains(#"name="Capacity""#))
            let qdpx = try await client.send(.get, base + "/export?format=qdpx", token: lead)
            #expect(qdpx.status == .ok && qdpx.headers[.contentDisposition]?.contains(".qdpx") == true)
            let archive = try Archive(data: Data(buffer: qdpx.body), accessMode: .read)
            let paths = archive.map(\.path).sorted()
            #expect(paths.count == 2 && paths[0].hasPrefix("project.qde") == false || paths.contains("project.qde"))
            // The withdrawn participant is not in it.
            var project = Data()
            _ = try archive.extract(try #require(archive["project.qde"])) { project.append($0) }
            let xml = String(decoding: project, as: UTF8.self)
            #expect(xml.contains(#"name="P01""#) && !xml.contains(#"name="P02""#))
            #expect(xml.contains(#"startPosition="12" endPosition="31""#))

            // Into a new study: everything comes back, the coders' codings kept apart.
            let copy = try await start("Imported")
            let imported = try await client.execute(
                uri: copy + "/import", method: .post,
                headers: [.authorization: "Bearer \(lead)", .contentType: "application/zip"], body: qdpx.body)
            #expect(imported.status == .created)
            #expect(imported.object["codes"] == .number(2) && imported.object["documents"] == .number(1))
            #expect(imported.object["codings"] == .number(3) && imported.object["memos"] == .number(1))
            let documents = try await client.send(.get, copy + "/documents", token: lead)
            guard case .array(let list)? = documents.object["items"], case .object(let first)? = list.first,
                case .string(let newId)? = first["id"]
            else { throw TestFailure("no imported document") }
            let read = try await client.send(.get, copy + "/documents/\(newId)", token: lead)
            #expect(read.object["text"] == .string(text))
            let codes = try await client.send(.get, copy + "/codes", token: lead)
            #expect(codes.text.contains(#""parentId":"barrier""#))
            let agreement = try await client.send(
                .get, copy + "/agreement?coders=lead@example.org,coder@example.org&code=capacity", token: lead)
            guard case .object(let overall)? = agreement.object["overall"] else { throw TestFailure("no agreement") }
            #expect(overall["units"] == .number(Double(text.unicodeScalars.count)))
            let participants = try await client.send(.get, copy + "/participants", token: lead)
            #expect(participants.text.contains(#""nation":"Wales""#))
        }
    }

    /// A project as another tool writes it: CR LF line ends, a deflated internal source, nested codes, a
    /// three-digit colour, a picture and a set (which a study cannot hold), a note on a selection.
    static func foreign() throws -> Data {
        let text = "Line one\r\nSecond line: trust\r\nThird line   \r\n"
        let qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="From another tool">
              <Users><User guid="11111111-1111-4111-8111-111111111111" name="Someone"/></Users>
              <CodeBook><Codes>
                <Code guid="22222222-2222-4222-8222-222222222222" name="Enablers" isCodable="true" color="#0f0">
                  <Code guid="33333333-3333-4333-8333-333333333333" name="Trust" isCodable="true"/>
                </Code>
              </Codes></CodeBook>
              <Variables><Variable guid="44444444-4444-4444-8444-444444444444" name="sector" typeOfVariable="Text"/></Variables>
              <Cases><Case guid="55555555-5555-4555-8555-555555555555" name="Respondent A">
                <VariableValue><VariableRef targetGUID="44444444-4444-4444-8444-444444444444"/><TextValue>health</TextValue></VariableValue>
                <SourceRef targetGUID="66666666-6666-4666-8666-666666666666"/>
              </Case></Cases>
              <Sources>
                <TextSource guid="66666666-6666-4666-8666-666666666666" name="Transcript A" plainTextPath="internal://66666666-6666-4666-8666-666666666666.txt">
                  <PlainTextSelection guid="77777777-7777-4777-8777-777777777777" startPosition="23" endPosition="28" creatingUser="11111111-1111-4111-8111-111111111111">
                    <Coding guid="88888888-8888-4888-8888-888888888888" creatingUser="11111111-1111-4111-8111-111111111111"><CodeRef targetGUID="33333333-3333-4333-8333-333333333333"/></Coding>
                    <NoteRef targetGUID="99999999-9999-4999-8999-999999999999"/>
                  </PlainTextSelection>
                </TextSource>
                <PictureSource guid="aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa" name="Whiteboard" path="internal://board.png"/>
              </Sources>
              <Notes><Note guid="99999999-9999-4999-8999-999999999999" name="n"><PlainTextContent>Said with a smile</PlainTextContent></Note></Notes>
              <Sets><Set guid="bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb" name="S"/></Sets>
            </Project>
            """
        let archive = try Archive(accessMode: .create)
        for (path, data) in [
            ("project.qde", Data(qde.utf8)), ("sources/66666666-6666-4666-8666-666666666666.txt", Data(text.utf8)),
        ] {
            try archive.addEntry(
                with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate,
                provider: { position, size in data.subdata(in: Int(position)..<Int(position) + size) })
        }
        return try #require(archive.data)
    }

    @Test(
        "Another tool's project comes in with positions moved onto the normalised text, and what cannot be mapped is said"
    )
    func foreignProject() async throws {
        try await withAPI(.sqlite) { client, _, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead, json: #"{"title": "In", "kind": "interviews"}"#)
            let base = try #require(started.headers[.location])
            let imported = try await client.execute(
                uri: base + "/import", method: .post,
                headers: [.authorization: "Bearer \(lead)", .contentType: "application/zip"],
                body: ByteBuffer(data: try Self.foreign()))
            #expect(imported.status == .created)
            #expect(
                imported.text.contains("PictureSource") && imported.text.contains("sets")
                    && imported.text.contains("recorded as yours"))
            let documents = try await client.send(.get, base + "/documents", token: lead)
            guard case .array(let list)? = documents.object["items"], case .object(let first)? = list.first,
                case .string(let id)? = first["id"]
            else { throw TestFailure("no document") }
            let document = try await client.send(.get, base + "/documents/\(id)", token: lead)
            #expect(document.object["text"] == .string("Line one\nSecond line: trust\nThird line"))
            // "trust" was at 23..<28 with CR LF; after normalising it is at 22..<27.
            let codings = try await client.send(.get, base + "/codings", token: lead)
            #expect(codings.text.contains(#""start":22"#) && codings.text.contains(#""end":27"#))
            let codes = try await client.send(.get, base + "/codes", token: lead)
            #expect(codes.text.contains(##""colour":"#00ff00""##) && codes.text.contains(#""parentId":"enablers""#))
            let participants = try await client.send(.get, base + "/participants", token: lead)
            #expect(participants.text.contains("Respondent A") && participants.text.contains(#""sector":"health""#))
            let memos = try await client.send(.get, base + "/memos", token: lead)
            #expect(memos.text.contains("Said with a smile"))
            // A broken file changes nothing.
            let broken = try await client.execute(
                uri: base + "/import", method: .post,
                headers: [.authorization: "Bearer \(lead)", .contentType: "application/xml"],
                body: ByteBuffer(string: "<Project xmlns=\"urn:QDA-XML:project:1.0\"><CodeBook>"))
            #expect(broken.status == .unprocessableContent && broken.invalidFields == ["file"])
            // Deep nesting is refused before it can exhaust the stack.
            let deep =
                "<CodeBook xmlns=\"urn:QDA-XML:codebook:1.0\"><Codes>" + String(repeating: "<x>", count: 30_000)
                + String(repeating: "</x>", count: 30_000) + "</Codes></CodeBook>"
            let refused = try await client.execute(
                uri: base + "/import", method: .post,
                headers: [.authorization: "Bearer \(lead)", .contentType: "application/xml"],
                body: ByteBuffer(string: deep))
            #expect(refused.status == .unprocessableContent && refused.text.contains("deep"))
            #expect(try await client.send(.get, base + "/codes", token: lead).object["total"] == .number(2))
        }
    }

    @Test("normaliseMapping gives normalise's text, and every position lands where its scalar went")
    func mapping() {
        var generator = SplitMix64(seed: 9)
        let pieces = ["a", "é", "\r\n", "\r", "\n", " ", "\t", "\u{FEFF}", "👩‍💻", "x"]
        for _ in 0..<300 {
            let text = (0..<Int.random(in: 0...30, using: &generator)).map { _ in
                pieces.randomElement(using: &generator)!
            }.joined()
            let (normalised, map) = DocumentText.normaliseMapping(text)
            #expect(normalised == DocumentText.normalise(text), "\(text.debugDescription)")
            #expect(map.count == text.unicodeScalars.count + 1 && map.last == normalised.unicodeScalars.count)
            #expect(zip(map, map.dropFirst()).allSatisfy { $0 <= $1 })
        }
    }
}
