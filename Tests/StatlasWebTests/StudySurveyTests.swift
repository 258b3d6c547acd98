import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Surveys: questions, responses from CSV, tables with Wilson intervals, exact or disclosure-controlled")
struct StudySurveyTests {
    static let survey = #"""
        {"title": "Collaboration survey", "questions": [
          {"id": "Q1", "text": "Do you share data with other organisations?", "kind": "single", "options": ["Yes", "No", "Unsure"]},
          {"id": "Q2", "text": "What helps?", "kind": "multiple", "options": ["Funding", "Trust", "Standards"]},
          {"id": "Q3", "text": "Anything else?", "kind": "text"}]}
        """#

    /// 40 respondents: 24 in England, 12 in Wales, 4 without a nation.
    static var csv: String {
        var lines = ["respondent,nation,organisation kind,weight,consent_quotation,Q1,Q2,Q3"]
        for n in 1...40 {
            let nation = n <= 24 ? "England" : n <= 36 ? "Wales" : ""
            let q1 = n % 4 == 0 ? "No" : n % 7 == 0 ? "unsure" : "Yes"
            let q2 = n % 3 == 0 ? "Funding;Trust" : "Trust"
            let q3 = n % 5 == 0 ? "\"We need a named contact, \"\"really\"\".\"" : ""
            lines.append("R\(n),\(nation),local-authority,\(n % 2 == 0 ? "1.5" : "0.5"),yes,\(q1),\(q2),\(q3)")
        }
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    @Test(
        "Responses import all or nothing with line numbers; tables are exact for the team or controlled",
        arguments: TestDatabase.engines)
    func surveys(engine: Engine) async throws {
        try await withAPI(engine) { client, admin, storage in
            let lead = try await StudyTeamTests.account(storage, "lead@example.org")
            let reader = try await StudyTeamTests.account(storage, "reader@example.org")
            let started = try await client.send(
                .post, "/api/v1/studies", token: lead, json: #"{"title": "Survey study", "kind": "survey"}"#)
            let base = try #require(started.headers[.location])
            _ = try await client.send(
                .post, base + "/team", token: lead, json: #"{"email": "reader@example.org", "role": "reader"}"#)
            let bad = try await client.send(
                .post, base + "/surveys", token: lead,
                json: #"{"title": "", "questions": [{"id": "Q 1", "text": "x", "kind": "choice", "options": ["a"]}]}"#)
            #expect(bad.status == .unprocessableContent)
            #expect(bad.invalidFields.isSuperset(of: ["title", "questions[0].id", "questions[0].kind"]))
            let created = try await client.send(.post, base + "/surveys", token: lead, json: Self.survey)
            #expect(created.status == .created)
            guard case .string(let surveyId)? = created.object["id"] else { throw TestFailure("no survey id") }
            let responses = base + "/surveys/\(surveyId)/responses"
            func upload(_ text: String, _ token: String) async throws -> TestResponse {
                try await client.execute(
                    uri: responses, method: .post,
                    headers: [.authorization: "Bearer \(token)", .contentType: "text/csv"], body: .init(string: text))
            }
            // A bad line stops the whole file, and says where.
            let broken = Self.csv.replacingOccurrences(
                of: "R3,England,local-authority,0.5,yes,Yes", with: "R3,England,local-authority,0.5,yes,Maybe")
            let refused = try await upload(broken, lead)
            #expect(refused.status == .unprocessableContent && refused.invalidFields == ["line 4"])
            #expect(refused.text.contains("Maybe"))
            let participants = try await client.send(.get, base + "/participants", token: lead)
            #expect(participants.object["total"] == .number(0))
            #expect(try await upload(Self.csv, reader).status == .forbidden)
            let imported = try await upload(Self.csv, lead)
            #expect(imported.status == .created)
            #expect(imported.object["responses"] == .number(40) && imported.object["newParticipants"] == .number(40))
            #expect(imported.object["documents"] == .number(8))
            let again = try await upload(Self.csv, lead)
            #expect(again.status == .unprocessableContent && again.text.contains("already responded"))

            // The team's exact table: weighted percentages, Wilson intervals (Kish), unweighted counts.
            let exact = try await client.send(.get, base + "/tables?question=Q1", token: reader)
            #expect(exact.status == .ok)
            let cells = Self.cells(exact)
            #expect(cells.map(\.value) == ["Yes", "No", "Unsure"] && cells.map(\.count) == [26, 10, 4])
            // Weights: even respondents 1.5, odd 0.5; "No" is every fourth (all even): 10 × 1.5 of 40 respondents
            // weighing 20 × 1.5 + 20 × 0.5 = 40, so 37.5%, over an effective size of 40² / (20·2.25 + 20·0.25) = 32.
            #expect(abs((cells[1].percentage ?? 0) - 37.5) < 1e-9)
            let wilson = Wilson.interval(p: 0.375, n: 32)
            #expect(
                abs((cells[1].low ?? 0) - wilson.low * 100) < 1e-9
                    && abs((cells[1].high ?? 0) - wilson.high * 100) < 1e-9)

            // Controlled: counts under 10 are [c] with no number, the rest rounded to 5; a second cell protects.
            let controlled = try await client.send(
                .get, base + "/tables?question=Q1&by=nation&disclosure=controlled", token: lead)
            #expect(controlled.status == .ok)
            let published = Self.cells(controlled)
            #expect(published.allSatisfy { $0.suppressed == ($0.count == nil) })
            #expect(published.allSatisfy { ($0.count ?? 0) % 5 == 0 && ($0.suppressed ? $0.percentage == nil : true) })
            #expect(published.contains { $0.group == "Not stated" && $0.suppressed })
            #expect(published.filter { $0.group == "All" }.count == 3)
            #expect(!controlled.text.contains("\"count\":4,") && !controlled.text.contains("\"count\":null"))

            let freeText = try await client.send(.get, base + "/tables?question=Q3", token: lead)
            #expect(freeText.status == .unprocessableContent && freeText.invalidFields == ["question"])
            let unknown = try await client.send(.get, base + "/tables?question=Q1&disclosure=rough", token: lead)
            #expect(unknown.invalidFields == ["disclosure"])
            #expect(try await client.send(.get, base + "/tables?question=Q1", token: admin).status == .notFound)
            // Free-text answers became documents to code.
            let documents = try await client.send(.get, base + "/documents", token: lead)
            #expect(documents.object["total"] == .number(8))
        }
    }

    struct Cell {
        var group: String
        var value: String
        var count: Int?
        var percentage: Double?
        var low: Double?
        var high: Double?
        var suppressed: Bool
    }

    static func cells(_ response: TestResponse) -> [Cell] {
        guard case .array(let list)? = response.object["cells"] else { return [] }
        return list.compactMap { item in
            guard case .object(let o) = item, case .string(let group)? = o["group"],
                case .string(let value)? = o["value"]
            else { return nil }
            func number(_ key: String) -> Double? { if case .number(let n)? = o[key] { n } else { nil } }
            return Cell(
                group: group, value: value, count: number("count").map { Int($0) }, percentage: number("percentage"),
                low: number("wilsonLow"), high: number("wilsonHigh"), suppressed: o["suppressed"] == .bool(true))
        }
    }
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
