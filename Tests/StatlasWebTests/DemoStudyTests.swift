import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasExchange
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("The demo research study: invented, coded by two coders, with public findings that pass disclosure control")
struct DemoStudyTests {
    @Test(
        "It loads once; its findings are public and controlled; an administrator joins its team to read it",
        arguments: TestDatabase.engines)
    func demo(engine: Engine) async throws {
        try await withAPI(engine) { client, admin, storage in
            let factors = try await storage.records.all(Factor.self)
            #expect(
                try await DemoStudy.load(
                    studies: storage.services.studies, accounts: storage.accounts, factors: factors))
            #expect(
                try await !DemoStudy.load(
                    studies: storage.services.studies, accounts: storage.accounts, factors: factors))
            let findings = try await client.send(.get, "/api/v1/findings")
            #expect(findings.object["total"] == .number(4))
            // Every published count is a multiple of 5 and at least 10, or suppressed without a number.
            guard case .array(let items)? = findings.object["items"] else { throw TestFailure("no findings") }
            for case .object(let finding) in items {
                if case .object(let table)? = finding["table"], case .array(let cells)? = table["cells"] {
                    for case .object(let cell) in cells {
                        if case .number(let count)? = cell["count"] {
                            #expect(count == 0 || (count >= 10 && count.truncatingRemainder(dividingBy: 5) == 0))
                        } else {
                            #expect(cell["suppressed"] == .bool(true))
                        }
                    }
                }
                if case .object(let quote)? = finding["quote"] {
                    #expect(quote["attributes"] == .object(["organisationKind": .string("local-authority")]))
                }
            }
            #expect(findings.text.contains("Reported as a barrier by 20 of 30 interviewees"))
            // The factor's page says what research found.
            let factor = try await client.send(.get, "/factors/capacity-time")
            #expect(factor.text.contains("What research found") && factor.text.contains("20 of 30 interviewees"))
            // Its content is its team's alone: the administrator sees it exists, joins the team, then reads it.
            let studies = try await storage.services.studies.all()
            let study = try #require(studies.first { $0.title == DemoStudy.title })
            #expect(
                try await client.send(.get, "/api/v1/studies/\(study.id)/documents", token: admin).status == .notFound)
            let joined = try await client.send(
                .post, "/api/v1/studies/\(study.id)/team", token: admin,
                json: #"{"email": "admin@example.org", "role": "reader"}"#)
            #expect(joined.status == .ok)
            let documents = try await client.send(.get, "/api/v1/studies/\(study.id)/documents", token: admin)
            #expect(documents.object["total"] == .number(39))  // 30 interviews and 9 respondents' free-text answers
            let agreement = try await client.send(
                .get,
                "/api/v1/studies/\(study.id)/agreement?coders=demo-researcher@statlas.invalid,demo-coder@statlas.invalid",
                token: admin)
            guard case .object(let overall)? = agreement.object["overall"], case .number(let kappa)? = overall["kappa"]
            else { throw TestFailure("no agreement") }
            #expect(kappa > 0.6 && kappa < 1)
            // By kind of organisation, as it would be published: academia's 3 interviewees show no measures.
            let grouped = try await client.send(
                .get,
                "/api/v1/studies/\(study.id)/agreement?coders=demo-researcher@statlas.invalid,demo-coder@statlas.invalid&by=organisationKind&disclosure=controlled",
                token: admin)
            #expect(grouped.text.contains(#""group":"academia","suppressed":true"#))
            #expect(
                grouped.text.contains(#""group":"local-authority""#) && grouped.text.contains(#""participants":12"#))
            let pairs = try await client.send(.get, "/api/v1/studies/\(study.id)/cooccurrence", token: admin)
            #expect(pairs.text.contains("coordination"))
        }
    }
}
