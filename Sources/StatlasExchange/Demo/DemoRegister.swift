import StatlasCore

/// The demo register: hand-written records drawn from the background documents. Names of people are
/// placeholders describing their role; no real individual's contact details appear.
public enum DemoRegister {
    static let ons = "office-for-national-statistics"
    static let wg = "welsh-government"
    static let sg = "the-scottish-government"
    static let nisra = "northern-ireland-statistics-and-research-agency"
    static let dluhc = "department-for-levelling-up-housing-and-communities"
    static let champions = "user-engagement-champions-network"

    public static let themes: [Theme] = [
        Demo.theme(
            "national-accounts", "National Accounts",
            "GDP, productivity, public sector finances and the economy's accounts."),
        Demo.theme(
            "health-and-social-care", "Health and Social Care",
            "Health, care, disability and wellbeing of the population."),
        Demo.theme(
            "children-and-education", "Children and Education",
            "Schools, qualifications, skills and children's outcomes."),
        Demo.theme(
            "environment-climate-and-nature", "Environment, Climate and Nature",
            "Emissions, energy, natural capital and climate."),
        Demo.theme("labour-market", "Labour Market", "Employment, earnings, vacancies and the workforce."),
        Demo.theme("housing", "Housing", "Housing stock, affordability, rents and homelessness."),
        Demo.theme(
            "population-and-migration", "Population and Migration", "Population estimates, census and migration."),
        Demo.theme(
            "prices-and-cost-of-living", "Prices and Cost of Living",
            "Inflation, Household Cost Indices and household finances."),
        Demo.theme("wellbeing", "Wellbeing", "Personal and national wellbeing measures."),
        Demo.theme(
            "local-and-regional", "Local and Regional Statistics", "Subnational data for local decision-making."),
        Demo.theme("transport", "Transport", "Travel, road safety and transport use."),
        Demo.theme("crime-and-justice", "Crime and Justice", "Crime, policing and the justice system."),
    ]

    public static let areas: [Area] = [
        Demo.area("K02000001", "United Kingdom"),
        Demo.area("E92000001", "England", parent: "K02000001"), Demo.area("W92000004", "Wales", parent: "K02000001"),
        Demo.area("S92000003", "Scotland", parent: "K02000001"),
        Demo.area("N92000002", "Northern Ireland", parent: "K02000001"),
        Demo.area("TLC", "North East", parent: "E92000001"), Demo.area("TLD", "North West", parent: "E92000001"),
        Demo.area("TLE", "Yorkshire and The Humber", parent: "E92000001"),
        Demo.area("TLF", "East Midlands", parent: "E92000001"),
        Demo.area("TLG", "West Midlands", parent: "E92000001"), Demo.area("TLH", "East", parent: "E92000001"),
        Demo.area("TLI", "London", parent: "E92000001"), Demo.area("TLJ", "South East", parent: "E92000001"),
        Demo.area("TLK", "South West", parent: "E92000001"), Demo.area("TLL", "Wales", parent: "W92000004"),
        Demo.area("TLM", "Scotland", parent: "S92000003"), Demo.area("TLN", "Northern Ireland", parent: "N92000002"),
        Demo.area("E08000003", "Manchester", parent: "TLD"), Demo.area("W06000015", "Cardiff", parent: "TLL"),
        Demo.area("S12000049", "Glasgow City", parent: "TLM"), Demo.area("N09000003", "Belfast", parent: "TLN"),
    ]

    /// Networks come first so that memberships can refer to them.
    public static let organisations: [Organisation] = authority + networks + producers + users

    /// First, as others name it as their parent.
    static let authority: [Organisation] = [
        Demo.organisation(
            "uk-statistics-authority", "UK Statistics Authority", "UKSA", .publicBody, Nation.allCases,
            website: "https://uksa.statisticsauthority.gov.uk")
    ]

    static let networks: [Organisation] = [
        Demo.organisation(
            "welsh-statistical-liaison-committee", "Welsh Statistical Liaison Committee", "WSLC", .network, [.wales],
            description: "Brings together producers and users of statistics about Wales."),
        Demo.organisation(
            "third-sector-statistics-user-panel-wales", "Third Sector Statistics User Panel for Wales", nil, .network,
            [.wales],
            description: "Panel of third sector users of Welsh statistics."),
        Demo.organisation(
            "welsh-economic-statistics-user-group", "Welsh Economic Statistics User Group", nil, .network, [.wales]),
        Demo.organisation(
            "ons-assembly", "ONS Assembly", nil, .network, Nation.allCases,
            description: "ONS forum with organisations representing under-represented groups and the third sector."),
        Demo.organisation("manchester-analysts-community", "Manchester Analysts Community", nil, .network, [.england]),
        Demo.organisation(
            "national-statisticians-expert-user-advisory-committee",
            "National Statistician's Expert User Advisory Committee", "NSEUAC", .network, Nation.allCases,
            parent: "uk-statistics-authority",
            description: "Oversees the implementation of the user engagement strategy for statistics."),
        Demo.organisation(
            "forum-of-statistics-user-groups", "Forum of Statistics User Groups", nil, .network, Nation.allCases,
            description: "Brings together the user groups of UK statistics; keenly interested in user engagement."),
        Demo.organisation(
            champions, "User engagement champions network", nil, .network, Nation.allCases,
            description:
                "Champions of user engagement in each producer organisation across the Government Statistical Service."),
    ]

    static let producers: [Organisation] = [
        Demo.organisation(
            "office-for-statistics-regulation", "Office for Statistics Regulation", "OSR", .publicBody,
            Nation.allCases, parent: "uk-statistics-authority", website: "https://osr.statisticsauthority.gov.uk",
            description: "The regulatory arm of the UK Statistics Authority; supportive of user engagement work."),
        Demo.organisation(
            "royal-statistical-society", "Royal Statistical Society", "RSS", .thirdSector, Nation.allCases,
            website: "https://rss.org.uk",
            description:
                "The learned society and professional body for statistics; keenly interested in user engagement."),
        Demo.organisation(
            ons, "Office for National Statistics", "ONS", .nationalStatisticsInstitute, Nation.allCases,
            website: "https://www.ons.gov.uk", networks: ["welsh-statistical-liaison-committee"],
            convenes: ["ons-assembly", champions]),
        Demo.organisation(
            wg, "Welsh Government", nil, .devolvedGovernment, [.wales], gss: "W92000004",
            website: "https://www.gov.wales",
            networks: [champions],
            convenes: ["welsh-statistical-liaison-committee", "third-sector-statistics-user-panel-wales"]),
        Demo.organisation(
            sg, "The Scottish Government", nil, .devolvedGovernment, [.scotland], gss: "S92000003",
            networks: [champions]),
        Demo.organisation(
            nisra, "Northern Ireland Statistics and Research Agency", "NISRA", .devolvedGovernment, [.northernIreland],
            gss: "N92000002", networks: [champions]),
        Demo.organisation("public-health-scotland", "Public Health Scotland", "PHS", .healthBody, [.scotland]),
        Demo.organisation(
            dluhc, "Department for Levelling Up, Housing and Communities", "DLUHC", .governmentDepartment, [.england],
            networks: [champions]),
        Demo.organisation(
            "home-office", "Home Office", nil, .governmentDepartment, [.england, .wales], networks: [champions]),
        Demo.organisation(
            "department-for-work-pensions", "Department for Work and Pensions", "DWP", .governmentDepartment,
            [.england, .wales, .scotland], networks: [champions]),
        Demo.organisation(
            "department-of-health-and-social-care", "Department of Health and Social Care", "DHSC",
            .governmentDepartment, [.england], networks: [champions]),
        Demo.organisation(
            "uk-health-security-agency", "UK Health Security Agency", "UKHSA", .healthBody, [.england],
            parent: "department-of-health-and-social-care"),
        Demo.organisation(
            "nhs-england", "NHS England", nil, .healthBody, [.england], parent: "department-of-health-and-social-care"),
        Demo.organisation(
            "nhs-business-services-authority", "NHS Business Services Authority", "NHSBSA", .healthBody,
            [.england, .wales],
            parent: "department-of-health-and-social-care"),
        Demo.organisation(
            "department-for-transport", "Department for Transport", "DfT", .governmentDepartment, [.england],
            networks: [champions]),
        Demo.organisation(
            "department-for-culture-media-and-sport", "Department for Culture, Media and Sport", "DCMS",
            .governmentDepartment, [.england]),
        Demo.organisation(
            "department-for-business-and-trade", "Department for Business and Trade", "DBT", .governmentDepartment,
            Nation.allCases),
        Demo.organisation("ofqual", "Ofqual", nil, .publicBody, [.england]),
        Demo.organisation(
            "adr-uk", "ADR UK (Administrative Data Research UK)", "ADR UK", .researchInstitute, Nation.allCases),
        Demo.organisation("adr-wales", "ADR Wales", nil, .researchInstitute, [.wales], parent: "adr-uk"),
        Demo.organisation("adr-scotland", "ADR Scotland", nil, .researchInstitute, [.scotland], parent: "adr-uk"),
        Demo.organisation(
            "adr-northern-ireland", "ADR Northern Ireland", nil, .researchInstitute, [.northernIreland],
            parent: "adr-uk"),
        Demo.organisation("adr-england", "ADR England", nil, .researchInstitute, [.england], parent: "adr-uk"),
    ]

    static let users: [Organisation] = [
        Demo.organisation("swansea-university", "Swansea University", nil, .academia, [.wales]),
        Demo.organisation(
            "cardiff-university", "Cardiff University", nil, .academia, [.wales],
            networks: ["welsh-economic-statistics-user-group"]),
        Demo.organisation(
            "ulster-university-economic-policy-centre", "Ulster University Economic Policy Centre", "UUEPC", .academia,
            [.northernIreland]),
        Demo.organisation("university-of-strathclyde", "University of Strathclyde", nil, .academia, [.scotland]),
        Demo.organisation(
            "escoe", "Economic Statistics Centre of Excellence", "ESCoE", .researchInstitute, Nation.allCases),
        Demo.organisation("ipsos", "Ipsos", nil, .privateSector, Nation.allCases),
        Demo.organisation("kantar", "Kantar", nil, .privateSector, Nation.allCases),
        Demo.organisation(
            "royal-association-for-deaf-people", "Royal Association for Deaf People", "RAD", .thirdSector, [.england],
            networks: ["ons-assembly"]),
        Demo.organisation(
            "manchester-city-council", "Manchester City Council", nil, .localAuthority, [.england], gss: "E08000003",
            networks: ["manchester-analysts-community"]),
        Demo.organisation(
            "cardiff-council", "Cardiff Council", nil, .localAuthority, [.wales], gss: "W06000015",
            networks: ["welsh-statistical-liaison-committee"]),
        Demo.organisation(
            "glasgow-city-council", "Glasgow City Council", nil, .localAuthority, [.scotland], gss: "S12000049"),
        Demo.organisation(
            "belfast-city-council", "Belfast City Council", nil, .localAuthority, [.northernIreland], gss: "N09000003"),
        Demo.organisation(
            "wales-council-for-voluntary-action", "Wales Council for Voluntary Action", "WCVA", .thirdSector, [.wales],
            networks: ["third-sector-statistics-user-panel-wales"]),
    ]

    public static let people: [Person] = [
        Demo.person(
            "ons-user-engagement-champion", "ONS user engagement champion (demo)", ons, "User engagement champion",
            [RoleAssignment(role: .userEngagementChampion)], email: "engagement.champion@example.org"),
        Demo.person(
            "ons-labour-market-theme-lead", "ONS Labour Market engagement theme lead (demo)", ons,
            "Engagement theme lead",
            [RoleAssignment(role: .engagementThemeLead, themeId: "labour-market")],
            email: "labour.market.lead@example.org"),
        Demo.person(
            "ons-health-theme-lead", "ONS Health and Social Care engagement theme lead (demo)", ons,
            "Engagement theme lead",
            [RoleAssignment(role: .engagementThemeLead, themeId: "health-and-social-care")]),
        Demo.person(
            "ons-prices-theme-lead", "ONS Prices engagement theme lead (demo)", ons, "Engagement theme lead",
            [RoleAssignment(role: .engagementThemeLead, themeId: "prices-and-cost-of-living")],
            email: "prices.lead@example.org"),
        Demo.person(
            "welsh-government-chief-statistician", "Welsh Government head of profession for statistics (demo)", wg,
            "Chief Statistician", [RoleAssignment(role: .headOfProfession)]),
        Demo.person(
            "welsh-government-engagement-champion", "Welsh Government user engagement champion (demo)", wg,
            "Statistician", [RoleAssignment(role: .userEngagementChampion)], email: "stats.wales@example.org"),
        Demo.person(
            "scottish-government-engagement-champion", "Scottish Government user engagement champion (demo)", sg,
            "Statistician", [RoleAssignment(role: .userEngagementChampion)]),
        Demo.person(
            "nisra-engagement-champion", "NISRA user engagement champion (demo)", nisra, "Statistician",
            [RoleAssignment(role: .userEngagementChampion)]),
        Demo.person(
            "dluhc-relationship-manager", "DLUHC local data relationship manager (demo)", dluhc, "Analyst",
            [RoleAssignment(role: .relationshipManager), RoleAssignment(role: .analyst)]),
        Demo.person(
            "ons-local-user-researcher", "ONS Local user researcher (demo)", ons, "User researcher",
            [RoleAssignment(role: .userResearcher, themeId: nil)]),
    ]
}
