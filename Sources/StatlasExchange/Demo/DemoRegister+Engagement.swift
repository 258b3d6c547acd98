import StatlasCore

extension DemoRegister {
    public static let activities: [Activity] = timed([
        activity(
            "demo-hci-event-1", "Household Cost Indices user event (1 of 3)", .webinar, [ons], "2023-06-13",
            themes: ["prices-and-cost-of-living"], audiences: [.expertUsers, .policy, .academia], signedUp: 400,
            attended: 300),
        activity(
            "demo-hci-event-2", "Household Cost Indices user event (2 of 3)", .webinar, [ons], "2023-07-12",
            themes: ["prices-and-cost-of-living"], audiences: [.expertUsers, .thirdSector], signedUp: 350, attended: 250
        ),
        activity(
            "demo-hci-event-3", "Household Cost Indices user event (3 of 3)", .webinar, [ons], "2023-09-20",
            themes: ["prices-and-cost-of-living"], audiences: [.expertUsers, .media, .citizens], signedUp: 300,
            attended: 210,
            feedback: "Over 1,000 sign-ups across the three events; users asked for more household groups.",
            actions: [
                FeedbackAction(
                    youSaid: "Publish indices for more household groups",
                    weDid: "Added tenure and income decile breakdowns", status: .done)
            ]),
        activity(
            "demo-wellbeing-review-launch", "Measuring national wellbeing review launch", .consultation, [ons],
            "2023-03-01",
            themes: ["wellbeing"], audiences: [.expertUsers, .policy, .thirdSector, .academia], invited: nil,
            signedUp: 180, attended: 180,
            responses: 120, feedback: "Over 180 stakeholders engaged and 120 survey responses received."),
        activity(
            "demo-july-2023-launch", "Explore Local Statistics launch (July 2023)", .event, [ons, dluhc], "2023-07-19",
            themes: ["local-and-regional"], audiences: [.localGovernment, .policy], signedUp: 450, attended: 400,
            mode: .hybrid,
            feedback: "400 attendees from local and central government."),
        activity(
            "demo-wslc-meeting", "Welsh Statistical Liaison Committee meeting", .userPanel, [wg], "2024-02-07",
            themes: ["local-and-regional"], audiences: [.localGovernment, .thirdSector], signedUp: 30, attended: 26),
        activity(
            "demo-ons-assembly-2024", "ONS Assembly: inclusive data", .userPanel, [ons], "2024-05-15",
            themes: ["population-and-migration"], audiences: [.underRepresented, .thirdSector], signedUp: 45,
            attended: 40,
            actions: [
                FeedbackAction(youSaid: "Provide British Sign Language versions of key releases", status: .inProgress)
            ]),
        activity(
            "demo-upcoming-labour-market-webinar", "Labour market statistics: what's changing", .webinar, [ons],
            "2027-02-10",
            themes: ["labour-market"], audiences: [.expertUsers, .localGovernment], signedUp: 120, attended: nil),
    ])

    /// The demo's webinars and meetings at their times of day (UK time); the rest last whole days.
    static func timed(_ activities: [Activity]) -> [Activity] {
        let times = [
            "demo-hci-event-1": ("10:00", "11:30"), "demo-hci-event-2": ("14:00", "15:30"),
            "demo-hci-event-3": ("10:00", "11:30"), "demo-wslc-meeting": ("10:30", "12:30"),
            "demo-upcoming-labour-market-webinar": ("13:00", "14:00"),
        ]
        return activities.map { activity in
            var timed = activity
            (timed.startTime, timed.endTime) = (times[activity.id]?.0, times[activity.id]?.1)
            return timed
        }
    }

    static func activity(
        _ id: String, _ title: String, _ kind: ActivityKind, _ organisers: [String], _ start: String,
        themes: [String], audiences: [Audience], invited: Int? = nil, signedUp: Int?, attended: Int?,
        responses: Int? = nil,
        mode: ActivityMode = .online, feedback: String? = nil, actions: [FeedbackAction] = []
    ) -> Activity {
        var a = Activity()
        (a.id, a.title, a.kind, a.organiserIds, a.start, a.demo) = (id, title, kind, organisers, Demo.date(start), true)
        (a.themeIds, a.audiences, a.invited, a.signedUp, a.attended, a.responses) = (
            themes, audiences, invited, signedUp, attended, responses
        )
        (a.mode, a.feedbackSummary, a.actions, a.ownerId) = (mode, feedback, actions, organisers.first)
        return a
    }

    public static let relationships: [Relationship] = [
        relationship(
            "demo-ons-wg", ons, wg, power: 4, interest: 5, owner: "ons-user-engagement-champion",
            notes: "Regular liaison on Welsh outputs.",
            history: [("2023-04-03", 4, 2), ("2024-04-08", 4, 5)]),
        relationship(
            "demo-ons-manchester", ons, "manchester-city-council", power: 2, interest: 5,
            owner: "ons-local-user-researcher",
            notes: "Local data user; attends ONS Local sessions.",
            history: [("2023-01-16", 1, 3), ("2024-03-04", 2, 5)]),
        relationship(
            "demo-dluhc-manchester", dluhc, "manchester-city-council", power: 3, interest: 4,
            owner: "dluhc-relationship-manager",
            notes: "Devolution and local data."),
        relationship(
            "demo-ons-rad", ons, "royal-association-for-deaf-people", power: 2, interest: 4,
            owner: "ons-user-engagement-champion",
            notes: "Accessibility of outputs."),
        relationship(
            "demo-wg-wcva", wg, "wales-council-for-voluntary-action", power: 2, interest: 3,
            owner: "welsh-government-engagement-champion",
            notes: "Third sector statistics panel.", history: [("2023-09-11", 2, 2), ("2024-09-09", 2, 3)]),
        relationship(
            "demo-ons-dwp", ons, "department-for-work-pensions", power: 5, interest: 3, owner: nil,
            dataset: "demo-benefits-by-health-condition", notes: "Data provider for linked benefits data."),
    ]

    static func relationship(
        _ id: String, _ owner: String, _ stakeholder: String, power: Int, interest: Int, owner person: String?,
        dataset: String? = nil, notes: String, history: [(String, Int, Int)] = []
    ) -> Relationship {
        var r = Relationship()
        (r.id, r.ownerOrganisationId, r.stakeholderOrganisationId, r.power, r.interest, r.demo) = (
            id, owner, stakeholder, power, interest, true
        )
        (r.relationshipOwnerId, r.datasetId, r.notes, r.ownerId) = (person, dataset, notes, owner)
        r.assessments = history.compactMap { h in Demo.date(h.0).map { Assessment(date: $0, power: h.1, interest: h.2) }
        }
        return r
    }
}
