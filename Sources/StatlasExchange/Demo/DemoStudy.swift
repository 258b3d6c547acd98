import Foundation
import StatlasCore

/// The demo's research study: 30 invented interviews and an invented survey of 80 respondents about
/// collaborating on regional data, coded by two invented researchers, with three approved findings. Nobody in it
/// is real; every transcript says so. Its team are two accounts that cannot sign in: an administrator who wants
/// to explore it adds themselves to its team (Research studies → Every study → its team).
public enum DemoStudy {
    public static let title = "Collaborating on regional data (demo study: invented interviews and survey)"
    static let leadEmail = "demo-researcher@statlas.invalid"
    static let coderEmail = "demo-coder@statlas.invalid"

    /// Loads the study unless it is there already; true when it was added.
    @discardableResult
    public static func load(studies: any StudyRepository, accounts: any AccountRepository, factors: [Factor])
        async throws -> Bool
    {
        let lead = try await account(leadEmail, "Demo researcher (invented)", accounts)
        let coder = try await account(coderEmail, "Demo coder (invented)", accounts)
        if try await studies.studies(of: lead.id).contains(where: { $0.study.title == title }) { return false }
        var study = Study()
        study.title = title
        study.summary =
            "Invented for the demo: how local authorities, the devolved governments, ONS, universities and charities collaborate on regional data, and what helps or hinders them. No participant is a real person."
        (study.kind, study.status, study.ethicsReference) = (.both, .reporting, "DEMO-0001 (invented)")
        study.lawfulBasis = .publicTask
        study.retentionDate = CalendarDate(year: 2028, month: 3, day: 31)
        let made = try await studies.create(study, lead: lead)
        do {
            _ = try await studies.setMember(made.id, userId: coder.id, role: .coder)
            let codes = try await studies.seedCodebook(made.id, factors: factors)
            try await interviews(made.id, studies, codes, lead: lead.id, coder: coder.id)
            try await survey(made.id, studies)
            try await findings(made, studies, codes, lead: lead.id)
        } catch {
            // Never leave half a study behind: the next start would take it for loaded.
            try? await studies.deleteStudy(made.id)
            throw error
        }
        return true
    }

    static func account(_ email: String, _ name: String, _ accounts: any AccountRepository) async throws
        -> UserAccount
    {
        if let existing = try await accounts.user(email: email) { return existing }
        return try await accounts.createUser(email: email, name: name, isAdmin: false)
    }

    /// The kind, nation and seniority of interviewee `n` (1 to 30).
    static func attributes(_ n: Int) -> [String: String] {
        let kind =
            n <= 12
            ? "local-authority"
            : n <= 18
                ? "devolved-government"
                : n <= 24
                    ? "national-statistics-institute"
                    : n <= 27 ? "academia" : "third-sector"
        let nation: String
        switch n {
        case 9, 10, 13, 14: nation = "Wales"
        case 11, 12, 15, 16: nation = "Scotland"
        case 17, 18: nation = "Northern Ireland"
        default: nation = "England"
        }
        return ["organisationKind": kind, "nation": nation, "seniority": n % 3 == 0 ? "senior" : "analyst"]
    }

    /// What each kind of interviewee says about their work.
    static let openings = [
        "local-authority":
            "I lead a small analysis team in a local authority. We use ONS and our own data to plan services.",
        "devolved-government":
            "I work on official statistics in a devolved government; a lot of our time goes on making figures comparable across the UK.",
        "national-statistics-institute":
            "I am in a subnational statistics team at ONS. We publish local estimates and try to keep up with local demand.",
        "academia": "I am a university researcher who uses administrative and survey data about places.",
        "third-sector": "I run the data work of a charity that supports community groups.",
    ]

    /// Sentences by the factor they speak to (invented), with the kind they are coded under.
    static let sentences: [(factor: String, kind: FactorKind, text: String, applies: @Sendable (Int) -> Bool)] = [
        (
            "capacity-time", .barrier,
            "Honestly, there is never the time: everyone is stretched and joint work is the first thing to go.",
            { $0 <= 11 || $0 % 3 == 0 }
        ),
        (
            "it-security", .barrier,
            "Our IT rules block the file-sharing tools our partners use, so we end up emailing spreadsheets.",
            { $0 % 4 == 1 }
        ),
        (
            "legal-gateway", .barrier,
            "Without a clear legal gateway the lawyers say no by default, and the project stalls for months.",
            { (13...24).contains($0) && $0 % 2 == 0 }
        ),
        (
            "knowing-whom-to-contact", .barrier,
            "Half the battle is knowing whom to contact; the person who knew the data has often moved on.",
            { $0 % 3 == 1 }
        ),
        (
            "trust-relationships", .enabler,
            "What made it work was trust: we had worked together before and could just pick up the phone.",
            { $0 % 2 == 0 }
        ),
        (
            "leadership-support", .enabler, "Having a director who cared about it meant we were given the time.",
            { $0 % 5 == 2 }
        ),
        (
            "shared-priority", .incentive,
            "We had the same policy question, so pooling our data was the obvious thing to do.",
            { $0 % 2 == 1 }
        ),
        (
            "public-good", .incentive, "In the end it is about better decisions for the people who live here.",
            { $0 % 4 == 0 }
        ),
    ]

    static let questions = [
        (FactorKind.barrier, "What gets in the way of working with other organisations?"),
        (.enabler, "What helps?"), (.incentive, "Why do you collaborate at all?"),
    ]

    /// The 30 interviews, each coded by the lead and (with small differences) by the coder.
    static func interviews(
        _ studyId: String, _ studies: any StudyRepository, _ codes: [StudyCode], lead: String, coder: String
    ) async throws {
        let parents = Dictionary(
            codes.filter { $0.parentId == nil }.map { ($0.name.lowercased(), $0.id) }, uniquingKeysWith: { a, _ in a })
        func code(_ factor: String, _ kind: FactorKind) -> String? {
            codes.first { $0.factorId == factor && $0.parentId == parents[kind.rawValue] }?.id
        }
        for n in 1...30 {
            var participant = StudyParticipant()
            participant.attributes = attributes(n)
            participant.consent.interview = true
            (participant.consent.recording, participant.consent.quotation) = (n % 3 != 0, n % 4 != 3)
            participant.consent.followUp = n % 2 == 0
            participant.consent.date = CalendarDate(year: 2026, month: 3, day: 1 + n % 28)
            let added = try await studies.addParticipant(participant, to: studyId)
            let speaker = added.pseudonym
            var lines = [
                "[Invented for the Statlas demo: no real interview, no real person.]",
                "Interviewer: How does your organisation work with others on regional data?",
                "\(speaker): \(openings[participant.attributes["organisationKind"] ?? ""] ?? "")",
            ]
            var coded: [(code: String, sentence: String)] = []
            for (kind, question) in questions {
                let said = sentences.filter { $0.kind == kind && $0.applies(n) }
                guard !said.isEmpty else { continue }
                lines.append("Interviewer: \(question)")
                let answer = said.map(\.text).joined(separator: " ")
                lines.append("\(speaker): " + answer)
                for sentence in said {
                    if let id = code(sentence.factor, kind) { coded.append((id, sentence.text)) }
                }
                // Two thirds of the answers about barriers are also read as a coordination problem as a whole,
                // so that codes overlap (co-occurrence).
                if kind == .barrier && n % 3 != 2, let id = code("coordination", .barrier) {
                    coded.append((id, answer))
                }
            }
            var document = StudyDocument()
            (document.participantId, document.title, document.format) = (added.id, "Interview with \(speaker)", .text)
            document.text = lines.joined(separator: "\n")
            let stored = try await studies.addDocument(document, to: studyId)
            let scalars = Array(stored.text.unicodeScalars)
            for (index, item) in coded.enumerated() {
                guard let start = position(of: item.sentence, in: scalars) else { continue }
                let end = start + item.sentence.unicodeScalars.count
                try await addCoding(studyId, studies, stored.id, item.code, lead, start, end)
                // The coder misses one sentence in seven and sometimes leaves out the opening words.
                guard (n + index) % 7 != 0 else { continue }
                let shift = n % 3 == 0 ? min(12, end - start - 1) : 0
                try await addCoding(studyId, studies, stored.id, item.code, coder, start + shift, end)
            }
        }
    }

    static func addCoding(
        _ studyId: String, _ studies: any StudyRepository, _ document: String, _ code: String, _ coder: String,
        _ start: Int, _ end: Int
    ) async throws {
        var coding = StudyCoding()
        (coding.documentId, coding.codeId, coding.coderId, coding.start, coding.end) = (
            document, code, coder, start, end
        )
        _ = try await studies.addCoding(coding, to: studyId)
    }

    /// Where `sentence` starts in `text`, in Unicode scalars.
    static func position(of sentence: String, in text: [Unicode.Scalar]) -> Int? {
        let needle = Array(sentence.unicodeScalars)
        guard needle.count <= text.count else { return nil }
        return (0...(text.count - needle.count)).first { Array(text[$0..<($0 + needle.count)]) == needle }
    }

    /// An invented survey of 80 respondents.
    static func survey(_ studyId: String, _ studies: any StudyRepository) async throws {
        var survey = Survey()
        survey.title = "Regional data collaboration survey (demo, invented)"
        survey.questions = [
            SurveyQuestion(
                id: "Q1", text: "How often do you work with other organisations on regional data?", kind: .single,
                options: ["Monthly or more", "A few times a year", "Rarely", "Never"]),
            SurveyQuestion(
                id: "Q2", text: "What gets in the way?", kind: .multiple,
                options: [
                    "Capacity and time", "IT and security restrictions", "Legal gateways",
                    "Not knowing whom to contact",
                ]),
            SurveyQuestion(
                id: "Q3", text: "How useful would a shared register of who does what be?", kind: .scale,
                options: ["1", "2", "3", "4", "5"]),
            SurveyQuestion(id: "Q4", text: "Anything else you would like to tell us?", kind: .text),
        ]
        let stored = try await studies.addSurvey(survey, to: studyId)
        let kinds =
            Array(repeating: "local-authority", count: 36) + Array(repeating: "devolved-government", count: 14)
            + Array(repeating: "national-statistics-institute", count: 16) + Array(repeating: "academia", count: 8)
            + Array(repeating: "third-sector", count: 6)
        var state: UInt64 = 2026
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        var rows: [RespondentRow] = []
        for (index, kind) in kinds.enumerated() {
            let nation = ["England", "England", "England", "Wales", "Scotland", "Northern Ireland"][next(6)]
            let often = kind == "local-authority" ? [1, 1, 2, 2, 0, 3][next(6)] : [0, 0, 1, 1, 2, 3][next(6)]
            var barriers: [String] = []
            for (option, chance) in [
                ("Capacity and time", kind == "local-authority" ? 8 : 5), ("IT and security restrictions", 4),
                ("Legal gateways", kind == "devolved-government" ? 6 : 3), ("Not knowing whom to contact", 5),
            ] where next(10) < chance {
                barriers.append(option)
            }
            var answers = [
                "Q1": [survey.questions[0].options[often]], "Q3": ["\([3, 4, 4, 5, 5, 2][next(6)])"],
            ]
            if !barriers.isEmpty { answers["Q2"] = barriers }
            if index % 9 == 0 {
                answers["Q4"] = ["[Invented answer] A named contact in each organisation would save us weeks."]
            }
            var consent = Consent()
            consent.quotation = index % 2 == 0
            rows.append(
                RespondentRow(
                    line: index + 2, pseudonym: String(format: "S%03d", index + 1),
                    attributes: ["organisationKind": kind, "nation": nation], consent: consent, weight: nil,
                    answers: answers))
        }
        _ = try await studies.addResponses(rows, survey: stored, to: studyId)
    }

    /// Three approved findings (barriers among interviewees, the survey's barriers, a quote) and a draft.
    static func findings(_ study: Study, _ studies: any StudyRepository, _ codes: [StudyCode], lead: String)
        async throws
    {
        let maker = FindingMaker(studies: studies)
        let approvedAt = Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down))
        func save(_ title: String, _ kind: FindingKind, _ source: [String: String], _ note: String, approve: Bool)
            async throws
        {
            var finding = Finding()
            (finding.title, finding.kind, finding.source, finding.methodNote) = (title, kind, source, note)
            (finding.createdBy, finding.createdAt) = (lead, approvedAt)
            var made = try await maker.make(finding, study)
            if approve { (made.status, made.approvedBy, made.approvedAt) = (.approved, lead, approvedAt) }
            _ = try await studies.saveFinding(made)
        }
        let method =
            "Invented demo data. 30 semi-structured interviews, coded by two researchers against the register's factor codebook; counts are interviewees with at least one coded passage. Disclosure control: counts under 10 suppressed, others rounded to 5."
        if let barrier = codes.first(where: { $0.parentId == nil && $0.name == "Barrier" }) {
            try await save(
                "Most interviewees named a barrier to collaboration", .frequency,
                ["codeId": barrier.id, "by": "organisationKind"], method, approve: true)
        }
        let capacity = codes.first { $0.factorId == "capacity-time" }
        if let capacity {
            try await save(
                "Capacity and time hold collaboration back", .frequency, ["codeId": capacity.id], method, approve: true)
        }
        try await save(
            "What gets in the way, by kind of organisation (survey)", .table,
            ["question": "Q2", "by": "organisationKind"],
            "Invented demo survey of 80 respondents; percentages of those who answered, with 95% Wilson intervals. Disclosure control: counts under 10 suppressed, with secondary suppression; others rounded to 5.",
            approve: true)
        try await save(
            "How often organisations work together, by nation (survey, draft)", .table,
            ["question": "Q1", "by": "nation"],
            "Invented demo survey; awaiting the lead's approval.", approve: false)
        // A quote from an interviewee who consented to quotation, coded with capacity and time.
        // The first interviewee by pseudonym who consented to quotation and spoke of capacity.
        let quotable = try await studies.participants(of: study.id).filter(\.consent.quotation).map(\.id)
        let interviews = try await studies.documentIndex(of: study.id).filter { $0.surveyId == nil }
        let codings = try await studies.codings(of: study.id, coder: lead, code: capacity?.id, document: nil)
        let quoted = quotable.lazy.compactMap { participant in
            interviews.first { $0.participantId == participant }.flatMap { document in
                codings.first { $0.documentId == document.id }
            }
        }.first
        if let capacity, let coding = quoted, coding.codeId == capacity.id {
            try await save(
                "“There is never the time”", .quote, ["codingId": coding.id],
                "Invented demo interview, quoted with the participant's consent; only attributes shared by at least 10 participants are shown.",
                approve: true)
        }
    }
}
