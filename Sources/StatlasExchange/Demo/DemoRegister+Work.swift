import StatlasCore

extension DemoRegister {
    public static let datasets: [Dataset] = [
        dataset(
            "demo-household-cost-indices", "Household Cost Indices", [ons], ["prices-and-cost-of-living"],
            .officialStatisticsInDevelopment, .quarterly,
            Demo.coverage([
                (.england, .country, 1), (.wales, .country, 1), (.scotland, .country, 1),
                (.northernIreland, .country, 1),
            ])),
        dataset(
            "demo-annual-population-survey-wellbeing", "Personal well-being estimates", [ons], ["wellbeing"],
            .officialStatistics, .annual,
            Demo.coverage([
                (.england, .localAuthority, 296), (.wales, .localAuthority, 22), (.scotland, .localAuthority, 32),
                (.northernIreland, .localAuthority, 11),
            ])),
        dataset(
            "demo-benefits-by-health-condition",
            "Benefits claimants by health condition (linked Census, primary care and benefits data)",
            [ons, "department-for-work-pensions"], ["health-and-social-care"], .officialStatisticsInDevelopment, .adHoc,
            Demo.coverage([(.england, .localAuthority, 296), (.wales, .localAuthority, 22)])),
        dataset(
            "demo-scotland-covid-dashboard", "COVID-19 daily data for Scotland", ["public-health-scotland", sg],
            ["health-and-social-care"],
            .managementInformation, .weekly, Demo.coverage([(.scotland, .localAuthority, 32)])),
        dataset(
            "demo-humanitarian-response-insight-survey", "Humanitarian Response Insight Survey",
            [ons, dluhc, "home-office"],
            ["population-and-migration"], .officialStatisticsInDevelopment, .adHoc,
            Demo.coverage([
                (.england, .country, 1), (.wales, .country, 1), (.scotland, .country, 1),
                (.northernIreland, .country, 1),
            ])),
        // The Scottish Health Survey's adult obesity figures: the Scottish counterpart of the England-only
        // "Adult obesity prevalence" indicator, deliberately left unlinked so that the demo shows a suggested
        // equivalent for an editor to confirm.
        dataset(
            "demo-scottish-adult-obesity", "Adult obesity prevalence (Scotland)", [sg], ["health-and-social-care"],
            .accreditedOfficialStatistics, .annual, Demo.coverage([(.scotland, .localAuthority, 32)])),
        dataset(
            "demo-national-travel-survey", "National Travel Survey", ["department-for-transport"], ["transport"],
            .accreditedOfficialStatistics, .annual,
            Demo.coverage([(.england, .itl1, 9)])),
        dataset(
            "demo-nisra-labour-market", "Labour market report for Northern Ireland", [nisra], ["labour-market"],
            .accreditedOfficialStatistics, .monthly,
            Demo.coverage([(.northernIreland, .country, 1)])),
        dataset(
            "demo-welsh-local-labour-market", "Local labour market indicators for Wales", [wg],
            ["labour-market", "local-and-regional"],
            .officialStatistics, .quarterly, Demo.coverage([(.wales, .localAuthority, 22)]),
            equivalents: [
                Equivalent(
                    datasetId: "demo-nisra-labour-market", comparability: .partially, note: "Different survey bases")
            ]),
    ]

    static func dataset(
        _ id: String, _ title: String, _ producers: [String], _ themes: [String], _ designation: Designation,
        _ frequency: Frequency, _ coverage: [NationCoverage], equivalents: [Equivalent] = []
    ) -> Dataset {
        var d = Dataset()
        (d.id, d.title, d.producerIds, d.publisherId, d.themeIds, d.demo) = (
            id, title, producers, producers.first, themes, true
        )
        (d.designation, d.frequency, d.coverage, d.equivalents, d.ownerId) = (
            designation, frequency, coverage, equivalents, producers.first
        )
        d.summary = "Demo record: \(title)."
        d.licence = "OGL-UK-3.0"
        return d
    }

    public static let collaborations: [Collaboration] = [
        collaboration(
            "demo-humanitarian-response-insight-survey", "Humanitarian Response Insight Survey", .jointProduction,
            [(ons, .lead), (dluhc, .partner), ("home-office", .partner)], start: "2022-03-01",
            summary:
                "Survey compiled rapidly to inform the UK's response to the evacuation of people fleeing Ukraine and to aid local and national emergency planning.",
            factors: [("shared-priority", .incentive), ("trust-relationships", .enabler), ("capacity-time", .barrier)],
            datasets: ["demo-humanitarian-response-insight-survey"], themes: ["population-and-migration"]),
        collaboration(
            "demo-benefits-by-health-condition",
            "Benefits by health condition: linking Census, primary care and benefits data", .dataLinkage,
            [(ons, .lead), ("department-for-work-pensions", .dataProvider), ("nhs-england", .dataProvider)],
            start: "2023-01-01",
            summary:
                "Linking Census 2021, primary care records and benefits data to understand claimants' health conditions.",
            factors: [("legal-gateway", .enabler), ("it-security", .barrier), ("data-standards", .barrier)],
            datasets: ["demo-benefits-by-health-condition"], themes: ["health-and-social-care"]),
        collaboration(
            "demo-phs-covid-data-forum", "COVID data and intelligence forum", .coherence,
            [("public-health-scotland", .lead), (sg, .partner)], start: "2020-04-01", end: "2022-06-30",
            status: .completed,
            summary: "Public Health Scotland and the Scottish Government sharing COVID-19 data and intelligence.",
            factors: [("shared-priority", .incentive), ("leadership-support", .enabler)],
            datasets: ["demo-scotland-covid-dashboard"],
            themes: ["health-and-social-care"]),
        collaboration(
            "demo-cross-government-health-consultation", "Cross-government health statistics consultation", .engagement,
            [
                (ons, .lead), ("department-of-health-and-social-care", .partner),
                ("uk-health-security-agency", .partner), ("nhs-england", .partner),
            ],
            start: "2023-05-01", summary: "Joint consultation on the future of health statistics across producers.",
            factors: [("coordination", .barrier), ("knowing-whom-to-contact", .barrier)],
            themes: ["health-and-social-care"]),
        collaboration(
            "demo-adr-wales", "ADR Wales", .researchPartnership,
            [
                ("adr-wales", .lead), ("swansea-university", .partner), ("cardiff-university", .partner),
                (wg, .partner), ("adr-uk", .funder),
            ],
            start: "2018-01-01",
            summary:
                "ADR Wales coordinates Swansea University, Cardiff University and the Welsh Government to link administrative data for research.",
            factors: [("funding", .incentive), ("legal-gateway", .enabler), ("trust-relationships", .enabler)],
            themes: ["health-and-social-care", "children-and-education"]),
        collaboration(
            "demo-dft-travel-survey-fieldwork", "National Travel Survey fieldwork", .dataSharing,
            [("department-for-transport", .lead), ("ipsos", .partner), ("kantar", .partner)], start: "2021-01-01",
            summary: "DfT commissions Ipsos and Kantar to run survey fieldwork.", factors: [("funding", .enabler)],
            datasets: ["demo-national-travel-survey"], themes: ["transport"]),
        collaboration(
            "demo-ons-local-dluhc", "ONS Local with DLUHC", .dissemination,
            [(ons, .lead), (dluhc, .partner), ("manchester-city-council", .user)], start: "2023-04-01",
            summary: "ONS Local analysts working with DLUHC and local authorities on subnational data.",
            factors: [("knowing-whom-to-contact", .enabler), ("shared-priority", .incentive)],
            themes: ["local-and-regional"]),
        collaboration(
            "demo-explore-local-statistics", "Explore Local Statistics", .dissemination,
            [(ons, .lead), (dluhc, .partner), (wg, .adviser)], start: "2023-07-01",
            summary: "A service bringing together local indicators from across government.",
            factors: [("data-standards", .enabler), ("coordination", .barrier)], themes: ["local-and-regional"]),
    ]

    static func collaboration(
        _ id: String, _ title: String, _ kind: CollaborationKind, _ participants: [(String, ParticipantRole)],
        start: String, end: String? = nil, status: CollaborationStatus = .active, summary: String,
        factors: [(String, FactorKind)], datasets: [String] = [], themes: [String] = []
    ) -> Collaboration {
        var c = Collaboration()
        (c.id, c.title, c.kind, c.status, c.summary, c.demo) = (id, title, kind, status, summary, true)
        (c.start, c.end, c.datasetIds, c.themeIds) = (Demo.date(start), end.flatMap(Demo.date), datasets, themes)
        c.participants = participants.map { Participant(organisationId: $0.0, role: $0.1) }
        c.factors = factors.map { FactorAssignment(factorId: $0.0, kind: $0.1) }
        c.ownerId = participants.first?.0
        return c
    }
}
