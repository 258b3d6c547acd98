import Foundation
import StatlasCore
import Testing

@Suite("Survey tables: counts, weighted percentages and Wilson intervals; code frequencies and co-occurrence")
struct SurveyTableTests {
    /// Reference values printed by statsmodels 0.15 `proportion_confint(count, nobs, method="wilson")`.
    @Test("Wilson intervals equal statsmodels to 1e-12, unweighted and with Kish's effective sample size")
    func wilson() {
        let cases: [(Double, Double, Double, Double)] = [
            (7, 40, 0.0874541374603592, 0.3194999033178772), (0, 12, 0.0, 0.24249400665524096),
            (12, 12, 0.7575059933447589, 0.9999999999999999), (33, 179, 0.13439216775161802, 0.2475860732401314),
        ]
        for (count, n, low, high) in cases {
            let interval = Wilson.interval(p: count / n, n: n)
            #expect(abs(interval.low - low) < 1e-12 && abs(interval.high - high) < 1e-12, "\(count)/\(n)")
        }
        let weights = [1.0, 2.0, 0.5, 1.5, 1.0]
        #expect(abs(Wilson.effectiveSize(weights) - 4.235294117647059) < 1e-12)
        let weighted = Wilson.interval(p: 0.5, n: Wilson.effectiveSize(weights))
        #expect(abs(weighted.low - 0.15517424467694685) < 1e-12 && abs(weighted.high - 0.8448257553230532) < 1e-12)
    }

    @Test("A question by an attribute: groups sorted with Not stated last, an All row, withdrawn respondents left out")
    func table() {
        let question = SurveyQuestion(id: "Q1", text: "Do you share data?", kind: .single, options: ["Yes", "No"])
        var participants: [String: StudyParticipant] = [:]
        var responses: [SurveyResponse] = []
        for n in 1...6 {
            var p = StudyParticipant()
            p.id = "p\(n)"
            p.attributes = n <= 2 ? ["nation": "Wales"] : n <= 5 ? ["nation": "England"] : [:]
            p.consent.withdrawn = n == 5
            participants[p.id] = p
            var r = SurveyResponse()
            (r.participantId, r.answers) = (p.id, ["Q1": [n % 2 == 0 ? "Yes" : "No"]])
            responses.append(r)
        }
        let table = SurveyTable(question: question, responses: responses, participants: participants, by: "nation")
        #expect(table.counts.groups == ["England", "Wales", "Not stated"])
        #expect(table.counts.counts == [[1, 1], [1, 1], [1, 0]] && table.counts.bases == [2, 2, 1])
        let all = table.cells.filter { $0.group == "All" }
        #expect(all.map(\.count) == [3, 2] && abs(all[0].percentage - 60) < 1e-12)
    }

    @Test("Frequencies count participants under a code and the codes beneath it; co-occurrence pairs overlapping codes")
    func frequencies() {
        func code(_ id: String, _ parent: String? = nil) -> StudyCode {
            var c = StudyCode()
            (c.id, c.name, c.parentId) = (id, id.capitalized, parent)
            return c
        }
        let codes = [code("barrier"), code("funding", "barrier"), code("trust")]
        var participants: [String: StudyParticipant] = [:]
        var documents: [StudyDocument] = []
        for n in 1...3 {
            var p = StudyParticipant()
            (p.id, p.attributes) = ("p\(n)", ["kind": n == 1 ? "ONS" : "Academia"])
            p.consent.withdrawn = n == 3
            participants[p.id] = p
            var d = StudyDocument()
            (d.id, d.participantId, d.length) = ("d\(n)", p.id, 100)
            documents.append(d)
        }
        func coding(_ document: String, _ code: String, _ start: Int, _ end: Int) -> StudyCoding {
            var c = StudyCoding()
            (c.documentId, c.codeId, c.start, c.end) = (document, code, start, end)
            return c
        }
        let codings = [
            coding("d1", "funding", 0, 10), coding("d1", "trust", 5, 20), coding("d2", "barrier", 0, 5),
            coding("d2", "trust", 5, 9), coding("d3", "funding", 0, 50), coding("d3", "trust", 0, 50),
        ]
        let result = CodeAnalysis.frequencies(
            codes: codes, codings: codings, documents: documents, participants: participants, by: "kind")
        #expect(result.table.groups == ["Academia", "ONS"] && result.table.bases == [1, 1])
        #expect(result.table.counts == [[1, 0, 1], [1, 1, 1]])
        #expect(result.segments == ["barrier": 2, "funding": 1, "trust": 2])
        let pairs = CodeAnalysis.cooccurrence(codings: codings, documents: documents, participants: participants)
        // d1: funding 0–10 and trust 5–20 overlap; d2: barrier 0–5 and trust 5–9 only touch; d3 is withdrawn.
        #expect(pairs == [CodeAnalysis.Pair(first: "funding", second: "trust", documents: 1, segments: 1)])
    }

    @Test("A quote carries only attributes shared by enough participants, and only with consent")
    func quotes() {
        var all: [StudyParticipant] = []
        for n in 1...14 {
            var p = StudyParticipant()
            p.id = "p\(n)"
            p.attributes = [
                "organisationKind": n <= 11 ? "local-authority" : "academia", "nation": n <= 3 ? "Wales" : "England",
            ]
            p.consent.quotation = n != 2
            all.append(p)
        }
        let thresholds = DisclosureThresholds()
        #expect(
            Publication.quote("We share by default.", of: all[0], among: all, thresholds)
                == .success(
                    PublishedQuote(text: "We share by default.", attributes: ["organisationKind": "local-authority"])))
        #expect(Publication.quote("x", of: all[1], among: all, thresholds) == .failure(.noConsent))
        #expect(
            Publication.quote("x", of: all[12], among: all, thresholds)
                == .success(PublishedQuote(text: "x", attributes: ["nation": "England"])))
        #expect(Publication.quote("x", of: all[0], among: Array(all.prefix(9)), thresholds) == .failure(.tooFew(9, 10)))
    }
}
