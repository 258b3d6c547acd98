import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Findings: code frequencies, co-occurrence, quotes; approved by the lead; withdrawal and erasure reach them")
struct StudyFindingsTests {
    @Test(
        "A frequency finding and a quote become public when the lead approves; withdrawing takes the quote out",
        arguments: TestDatabase.engines)
    func findings(engine: Engine) async throws {
        try await withAPI(engine) { client, admin, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let coder = try await StudyTeamTests.account(storage, "coder@example.org")
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead,
                json: #"{"title": "Regional collaboration", "kind": "interviews"}"#)
            let base = try #require(started.headers[.location])
            _ = try await client.send(
                .post, base + "/team", token: lead, json: #"{"email": "coder@example.org", "role": "coder"}"#)
            let seeded = try await client.send(.post, base + "/codes/seed", token: coder)
            #expect(seeded.status == .created)
            let codes = try await client.send(.get, base + "/codes", token: coder).text
            #expect(codes.contains("\"factorId\":\"capacity-time\"") && codes.contains("\"name\":\"Barrier\""))
            // 30 interviewees: 20 in local authorities, 10 in academia; 22 of them name capacity as a barrier.
            var documents: [String] = []
            for n in 1...30 {
                let kind = n <= 20 ? "local-authority" : "academia"
                let consent = n == 1 ? #", "consent": {"interview": true, "quotation": true}"# : ""
                _ = try await client.send(
                    .post, base + "/participants", token: lead,
                    json: #"{"attributes": {"organisationKind": "\#(kind)", "nation": "Wales"}\#(consent)}"#)
                let participant = n < 10 ? "P0\(n)" : "P\(n)"
                let document = try await client.send(
                    .post, base + "/documents", token: lead,
                    json:
                        #"{"participantId": "\#(participant)", "title": "Interview", "format": "text", "content": "We never have the time to talk to each other. Trust helps."}"#
                )
                guard case .string(let id)? = document.object["id"] else { throw TestFailure("no document") }
                documents.append(id)
                if n <= 22 {
                    let coded = try await client.send(
                        .post, base + "/codings", token: coder,
                        json: #"{"documentId": "\#(id)", "codeId": "capacity-and-time", "start": 0, "end": 40}"#)
                    #expect(coded.status == .created)
                }
                if n <= 3 {
                    _ = try await client.send(
                        .post, base + "/codings", token: coder,
                        json:
                            #"{"documentId": "\#(id)", "codeId": "trust-and-existing-relationships", "start": 30, "end": 58}"#
                    )
                }
            }
            let frequencies = try await client.send(.get, base + "/frequencies?by=organisationKind", token: lead)
            #expect(frequencies.status == .ok)
            #expect(
                frequencies.text.contains(#""codeId":"barrier","count":20,"group":"local-authority""#)
                    || frequencies.text.contains("\"count\":20"))
            let cooccurrence = try await client.send(.get, base + "/cooccurrence", token: lead)
            #expect(cooccurrence.text.contains(#""documents":3"#))
            let hidden = try await client.send(.get, base + "/cooccurrence?disclosure=controlled", token: lead)
            #expect(hidden.text.contains(#""suppressed":true"#) && !hidden.text.contains(#""documents":3"#))

            let draft = try await client.send(
                .post, base + "/findings", token: coder,
                json:
                    #"{"title": "Capacity is the barrier most named", "kind": "frequency", "codeId": "barrier", "by": "organisationKind", "methodNote": "Thematic coding of 30 semi-structured interviews by two coders."}"#
            )
            #expect(draft.status == .created)
            guard case .string(let findingId)? = draft.object["id"] else { throw TestFailure("no finding") }
            #expect(draft.object["summary"] == .string("Reported as a barrier by 20 of 30 interviewees"))
            #expect(draft.object["status"] == .string("draft"))
            #expect(try await client.send(.get, "/api/v1/findings").object["total"] == .number(0))
            #expect(
                try await client.send(.post, base + "/findings/\(findingId)/approve", token: coder).status == .forbidden
            )
            #expect(
                try await client.send(.post, base + "/findings/\(findingId)/approve", token: admin).status == .notFound)
            let approved = try await client.send(.post, base + "/findings/\(findingId)/approve", token: lead)
            #expect(approved.status == .ok && approved.object["status"] == .string("approved"))
            #expect(try await client.send(.get, "/api/v1/findings").object["total"] == .number(1))
            // A finding about all barriers is not one about each: it names no factor unless told.
            let public1 = try await client.send(.get, "/api/v1/findings?factor=capacity-time")
            #expect(public1.object["total"] == .number(0))
            #expect(try await client.send(.get, "/api/v1/findings/\(findingId)").status == .ok)
            // Academia's 2 of 10 is suppressed, and so a second cell; nothing of the exact table leaks.
            let table = try await client.send(.get, "/api/v1/findings/\(findingId)").text
            #expect(table.contains(#""suppressed":true"#) && !table.contains("\"count\":2,"))
            // Percentages come from the published counts (20 of 30 is 67%, not the exact 22 of 30's 73%), and the
            // lead's warnings, which describe unpublished figures, stay inside the study.
            #expect(table.contains(#""count":20,"group":"All","percentage":67"#))
            #expect(table.contains(#""flags":[]"#) && !table.contains("createdBy\":\"u") && !table.contains("codeId"))

            // A quote: P01 consented; 20 local-authority participants share its published attribute.
            let codings = try await client.send(.get, base + "/codings?document=\(documents[0])", token: lead)
            guard case .array(let list)? = codings.object["items"], case .object(let first)? = list.first,
                case .string(let codingId)? = first["id"]
            else { throw TestFailure("no coding") }
            let quote = try await client.send(
                .post, base + "/findings", token: lead,
                json:
                    #"{"title": "No time", "kind": "quote", "codingId": "\#(codingId)", "methodNote": "Quoted with consent."}"#
            )
            #expect(quote.status == .created)
            #expect(quote.text.contains("We never have the time") && quote.text.contains("\"nation\":\"Wales\""))
            guard case .string(let quoteId)? = quote.object["id"] else { throw TestFailure("no quote") }
            _ = try await client.send(.post, base + "/findings/\(quoteId)/approve", token: lead)
            #expect(try await client.send(.get, "/api/v1/findings").object["total"] == .number(2))
            // The quote was coded Capacity and time: the factor's findings now hold it.
            #expect(try await client.send(.get, "/api/v1/findings?factor=capacity-time").object["total"] == .number(1))
            // Without consent to quotation, no quote.
            let p02 = try await client.send(.get, base + "/codings?document=\(documents[1])", token: lead)
            guard case .array(let list2)? = p02.object["items"], case .object(let second)? = list2.first,
                case .string(let otherCoding)? = second["id"]
            else { throw TestFailure("no coding") }
            let refused = try await client.send(
                .post, base + "/findings", token: lead,
                json: #"{"title": "x", "kind": "quote", "codingId": "\#(otherCoding)", "methodNote": "m"}"#)
            #expect(refused.status == .unprocessableContent && refused.text.contains("consent"))

            // P01 withdraws: the quote leaves the public findings at once.
            let withdrawn = try await client.send(
                .put, base + "/participants/p01", token: lead,
                json: #"{"attributes": {"organisationKind": "local-authority"}, "consent": {"withdrawn": true}}"#)
            #expect(withdrawn.status == .ok)
            let after = try await client.send(.get, "/api/v1/findings")
            #expect(after.object["total"] == .number(1) && !after.text.contains("We never have the time"))
            // Nor is it served by its own address, and the team's list says it is withdrawn.
            #expect(try await client.send(.get, "/api/v1/findings/\(quoteId)").status == .notFound)
            let team = try await client.send(.get, base + "/findings", token: lead)
            #expect(team.text.contains(#""id":"\#(quoteId)""#) && team.text.contains(#""status":"withdrawn""#))
            let exact = try await client.send(.get, base + "/frequencies", token: lead)
            #expect(exact.text.contains(#""count":29"#))

            // Erasing P02 removes their document and codings; only the lead may.
            #expect(try await client.send(.delete, base + "/participants/p02", token: coder).status == .forbidden)
            #expect(try await client.send(.delete, base + "/participants/p02", token: lead).status == .noContent)
            let remaining = try await client.send(.get, base + "/documents", token: lead)
            #expect(remaining.object["total"] == .number(29))
            #expect(
                try await client.send(.get, base + "/codings?document=\(documents[1])", token: lead).object["total"]
                    == .number(0))
        }
    }
}
