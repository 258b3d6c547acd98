import StatlasCore

/// The demo's repository: case studies and guidance the background documents describe, summarised in our own
/// words and marked as demo, and departments' research questions (Areas of Research Interest) linked to the
/// datasets and collaborations in the demo.
extension DemoRegister {
    public static let resources: [Resource] = [
        resource(
            "demo-hci-user-events", "Household Cost Indices: three user events", .caseStudy, [ons],
            themes: ["prices-and-cost-of-living"],
            activities: ["demo-hci-event-1", "demo-hci-event-2", "demo-hci-event-3"],
            summary: "How ONS ran three online events on new household cost measures and what users asked for.",
            body: """
                ## What was done
                Three online events introduced the Household Cost Indices to expert users, policy teams, charities and the media.

                ## What came of it
                - More than a thousand people signed up across the three events.
                - Users asked for **more household groups**; breakdowns by tenure and income decile followed.

                See the events in the register for attendance and the *you said, we did* actions.
                """),
        resource(
            "demo-wellbeing-review", "Measuring national wellbeing: reviewing the measures with users", .caseStudy,
            [ons],
            themes: ["wellbeing"], activities: ["demo-wellbeing-review-launch"],
            summary:
                "A review of the wellbeing measures that engaged around 180 stakeholders and drew 120 survey responses.",
            body: """
                ## Approach
                A launch event, a survey and follow-up conversations with stakeholders across government, academia and the third sector.

                ## Lessons
                1. Reach beyond the usual expert users early.
                2. Publish what changed as a result, so that people see their input used.
                """),
        resource(
            "demo-health-consultation", "A cross-government consultation on health statistics", .caseStudy,
            [ons, "department-of-health-and-social-care", "uk-health-security-agency"],
            themes: ["health-and-social-care"], collaborations: ["demo-cross-government-health-consultation"],
            summary: "Producers of health statistics consulting users together rather than one by one.",
            body:
                "Several producers ran **one** consultation, so users answered once and producers saw the whole picture."
        ),
        resource(
            "demo-dcms-user-research", "User research on culture and sport statistics", .userResearch,
            ["department-for-culture-media-and-sport"], themes: [],
            summary: "Interviews and usability testing with users of a department's statistical releases.",
            body: """
                ## Findings
                - Users looked for the data behind charts first.
                - Plain-language summaries helped people new to the topic.
                """),
        resource(
            "demo-statswales-redevelopment", "Redeveloping StatsWales with its users", .caseStudy, [wg],
            themes: ["local-and-regional"],
            summary: "How the Welsh Government involved users in rebuilding its statistics dissemination service.",
            body: "User panels and testing sessions shaped the new service, from search to downloads."),
        resource(
            "demo-census-community-materials", "Census 2021 materials for community groups", .training, [ons],
            themes: ["population-and-migration"],
            summary: "Short guides and sessions helping community organisations find and use census results.",
            body: "Plain-language guides, worked examples and drop-in sessions for community and voluntary groups."),
        resource(
            "demo-stakeholder-mapping-guidance", "Stakeholder mapping: a practical guide", .guidance,
            [ons, champions], themes: [],
            summary: "How to place stakeholders by power and interest and decide how to engage each group.",
            body: """
                ## Steps
                1. List the organisations and groups that use or affect your statistics.
                2. Score each for **power** and **interest** from 1 to 5.
                3. Manage closely those high on both; keep satisfied, keep informed or monitor the rest.
                4. Record an owner for each relationship, and review the map each year.

                Statlas's stakeholder maps follow these steps.
                """),
        resource(
            "demo-champions-teach-ins", "User engagement champions' teach-in sessions", .training, [ons, champions],
            themes: [],
            summary: "Short sessions in which champions share engagement methods across departments.",
            body: "Recorded teach-ins on surveys, user panels, feedback loops and reporting *you said, we did*."),
    ]

    public static let researchQuestions: [ResearchQuestion] = [
        question(
            "demo-dft-local-travel",
            "How do travel patterns and access to services differ between places across the UK?",
            "department-for-transport", themes: ["transport"], datasets: ["demo-national-travel-survey"],
            organisations: ["department-for-transport"], collaborations: ["demo-dft-travel-survey-fieldwork"]),
        question(
            "demo-dwp-health-work", "How do health conditions shape people's moves into and out of work?",
            "department-for-work-pensions", themes: ["health-and-social-care", "labour-market"],
            datasets: ["demo-benefits-by-health-condition"], organisations: [ons, "department-for-work-pensions"],
            collaborations: ["demo-benefits-by-health-condition"], status: .inProgress),
        question(
            "demo-dluhc-local-indicators",
            "Which local indicators best show progress on local economic and social outcomes?",
            dluhc, themes: ["local-and-regional"], organisations: [ons, dluhc],
            collaborations: ["demo-explore-local-statistics", "demo-ons-local-dluhc"]),
        question(
            "demo-wg-local-labour-market", "How can local labour market statistics for Wales be made more robust?", wg,
            themes: ["labour-market"], datasets: ["demo-welsh-local-labour-market"], organisations: [wg, ons],
            resources: ["demo-statswales-redevelopment"]),
        question(
            "demo-dcms-culture-value", "How can the social value of culture and sport be measured locally?",
            "department-for-culture-media-and-sport", themes: [], resources: ["demo-dcms-user-research"]),
    ]

    static func resource(
        _ id: String, _ title: String, _ kind: ResourceKind, _ organisations: [String], themes: [String],
        activities: [String] = [], collaborations: [String] = [], summary: String, body: String
    ) -> Resource {
        var r = Resource()
        (r.id, r.title, r.kind, r.organisationIds, r.themeIds, r.demo) = (
            id, title, kind, organisations, themes, true
        )
        (r.activityIds, r.collaborationIds, r.summary, r.body, r.ownerId) = (
            activities, collaborations, summary + " (Demo: summarised in our own words.)", body, organisations.first
        )
        (r.published, r.licence) = (CalendarDate(year: 2024, month: 3, day: 1), "OGL-UK-3.0")
        return r
    }

    static func question(
        _ id: String, _ text: String, _ department: String, themes: [String], datasets: [String] = [],
        organisations: [String] = [], collaborations: [String] = [], resources: [String] = [],
        status: ResearchQuestionStatus = .open
    ) -> ResearchQuestion {
        var q = ResearchQuestion()
        (q.id, q.question, q.departmentId, q.themeIds, q.demo, q.status) = (
            id, text, department, themes, true, status
        )
        (q.datasetIds, q.organisationIds, q.collaborationIds, q.resourceIds, q.ownerId) = (
            datasets, organisations, collaborations, resources, department
        )
        q.background = "Demo: an invented question in the style of the department's Areas of Research Interest."
        (q.published, q.reviewDate) = (
            CalendarDate(year: 2024, month: 4, day: 1), CalendarDate(year: 2026, month: 4, day: 1)
        )
        return q
    }
}
