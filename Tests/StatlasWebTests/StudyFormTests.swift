import Foundation
import HTTPTypes
import HummingbirdTesting
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("A study's pages add what the API adds: participants, documents, codes, memos, surveys and responses")
struct StudyFormTests {
    @Test(
        "The lead fills the forms; mistakes are named by field and nothing is written until all is right",
        arguments: TestDatabase.engines)
    func forms(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            try await browser.signIn()
            _ = try await browser.get("/studies/new")
            let started = try await browser.post("/studies/new", [("title", "Forms study"), ("kind", "both")])
            let base = try #require(started.headers[.location])
            #expect(try await browser.get(base).text.contains("Add a participant"))
            // A participant, with attributes and consent.
            _ = try await browser.get(base + "/participants/new")
            let badDate = try await browser.post(
                base + "/participants/new",
                [
                    ("pseudonym", ""), ("organisationKind", "academia"), ("date.day", "31"), ("date.month", "2"),
                    ("date.year", "2026"),
                ])
            #expect(badDate.status == .unprocessableContent && badDate.text.contains("f-date"))
            let added = try await browser.post(
                base + "/participants/new",
                [("pseudonym", ""), ("organisationKind", "academia"), ("nation", "wales"), ("quotation", "true")])
            #expect(added.status == .seeOther)
            let studyId = String(base.split(separator: "/").last!)
            let participants = try await storage.services.studies.participants(of: studyId)
            #expect(participants.map(\.pseudonym) == ["P01"] && participants[0].consent.quotation)
            #expect(participants[0].attributes == ["organisationKind": "academia", "nation": "wales"])
            // A document: broken captions are named, a good one is stored and shown.
            _ = try await browser.get(base + "/documents/new")
            let broken = try await browser.post(
                base + "/documents/new",
                [("participantId", "p01"), ("title", "Call"), ("format", "vtt"), ("content", "no header")])
            #expect(broken.status == .unprocessableContent && broken.text.contains("WEBVTT"))
            let document = try await browser.post(
                base + "/documents/new",
                [
                    ("participantId", "p01"), ("title", "Call"), ("format", "text"),
                    ("content", "P01: <b>time</b> is short"),
                ])
            let page = try #require(document.headers[.location])
            #expect(try await browser.get(page).text.contains("P01: &lt;b&gt;time&lt;/b&gt; is short"))
            // A code, then a duplicate refused beside its field.
            _ = try await browser.get(base + "/codebook/new")
            #expect(try await browser.post(base + "/codebook/new", [("name", "Barrier")]).status == .seeOther)
            let twice = try await browser.post(base + "/codebook/new", [("name", "barrier")])
            #expect(twice.status == .unprocessableContent && twice.text.contains("already has a code"))
            // A memo on the document, shown with its author.
            _ = try await browser.get(page + "/memos/new")
            _ = try await browser.post(page + "/memos/new", [("text", "Check the <i>tone</i>")])
            #expect(try await browser.get(page).text.contains("Eddie Editor: Check the &lt;i&gt;tone&lt;/i&gt;"))
            // A survey and its responses, pasted.
            _ = try await browser.get(base + "/surveys/new")
            let badSurvey = try await browser.post(
                base + "/surveys/new", [("title", "S"), ("questions", "Q1 single How often?")])
            #expect(badSurvey.status == .unprocessableContent && badSurvey.text.contains("Line 1"))
            let survey = try await browser.post(
                base + "/surveys/new", [("title", "S"), ("questions", "Q1 | single | How often? | Often; Never")])
            let surveyPage = try #require(survey.headers[.location])
            _ = try await browser.get(surveyPage + "/responses/new")
            let wrong = try await browser.post(
                surveyPage + "/responses/new", [("csv", "respondent,Q1\nR1,Sometimes\n")])
            #expect(wrong.status == .unprocessableContent && wrong.text.contains("line 2"))
            let right = try await browser.post(
                surveyPage + "/responses/new", [("csv", "respondent,Q1\nR1,Often\nR2,never\n")])
            #expect(right.status == .seeOther)
            #expect(try await browser.get(surveyPage + "?question=Q1").text.contains("Base (respondents)"))
            // Someone not on the team finds none of it.
            (browser.cookies, browser.csrf) = ([:], nil)
            try await browser.signIn("admin@example.org")
            #expect(try await browser.get(base + "/participants/new").status == .notFound)
        }
    }
}
