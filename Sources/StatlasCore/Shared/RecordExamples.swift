import Foundation

/// One fully populated example of each record, used to document (and infer) the API's schemas.
public enum RecordExamples {
    /// The example of this kind as JSON, with every field present.
    public static func example(_ kind: EntityKind) -> JSONValue {
        let stamp = Date(timeIntervalSince1970: 1_700_000_000)
        func json<R: Record>(_ record: R) -> JSONValue {
            var record = record
            record.version = 1
            record.createdAt = stamp
            record.updatedAt = stamp
            record.ownerId = "office-for-national-statistics"
            return .object(RecordCodec.object(record) ?? [:])
        }
        let day = CalendarDate(year: 2024, month: 3, day: 1)
        switch kind {
        case .organisation:
            var o = Organisation()
            (o.id, o.name, o.shortName, o.kind, o.nations) = ("welsh-government", "Welsh Government", "WG", .devolvedGovernment, [.wales])
            (o.gssCode, o.parentIds, o.website, o.description) = ("W92000004", ["uk-government"], "https://www.gov.wales", "Devolved government of Wales")
            o.memberships = [Membership(networkId: "welsh-statistical-liaison-committee", role: .member)]
            (o.status, o.closedOn, o.supersededByIds) = (.live, day, ["welsh-government-2"])
            return json(o)
        case .person:
            var p = Person()
            (p.id, p.name, p.organisationId, p.jobTitle, p.email) = ("p1", "ONS user engagement champion (demo)", "office-for-national-statistics", "Champion", "champion@example.org")
            p.roles = [RoleAssignment(role: .engagementThemeLead, themeId: "labour-market", start: day, end: day.adding(years: 1))]
            (p.visibility, p.lawfulBasis, p.reviewDate) = (.publicContact, .publicTask, day.adding(years: 2))
            return json(p)
        case .theme:
            var t = Theme()
            (t.id, t.name, t.description) = ("labour-market", "Labour Market", "Employment, earnings and skills")
            return json(t)
        case .area:
            var a = Area()
            (a.id, a.code, a.name, a.level, a.nation) = ("E06000001", "E06000001", "Hartlepool", .localAuthority, .england)
            (a.parentCodes, a.validFrom, a.validTo, a.successorCodes) = (["TLC"], day, day.adding(years: 1), ["E06000099"])
            a.hex = HexPosition(q: 8, r: 18, layout: .oddR)
            return json(a)
        case .dataset:
            var d = Dataset()
            (d.id, d.title, d.summary, d.producerIds, d.publisherId) = ("population-count", "Population count", "Mid-year estimates", ["office-for-national-statistics"], "office-for-national-statistics")
            (d.themeIds, d.keywords, d.designation, d.frequency) = (["population-and-migration"], ["population"], .accreditedOfficialStatistics, .annual)
            (d.temporalStart, d.temporalEnd, d.nextRelease, d.url) = ("2011", "2023", day, "https://www.ons.gov.uk")
            (d.contactPersonId, d.contactEmail, d.licence, d.comparabilityNote) = ("p1", "pop.info@example.org", "OGL-UK-3.0", "Comparable across the UK")
            d.coverage = [NationCoverage(nation: .england, covered: true, finestLevel: .localAuthority, areaCount: 296)]
            d.equivalents = [Equivalent(datasetId: "nrs-population", comparability: .fully, note: "Same definitions")]
            d.uses = [DatasetUse(organisationId: "cardiff-council", purpose: "Service planning")]
            return json(d)
        case .collaboration:
            var c = Collaboration()
            (c.id, c.title, c.summary, c.kind, c.status, c.start, c.end) = ("c1", "ADR Wales", "Linked administrative data research", .researchPartnership, .active, day, day.adding(years: 3))
            c.participants = [Participant(organisationId: "swansea-university", role: .lead)]
            (c.datasetIds, c.areaIds, c.themeIds, c.outcomes) = (["population-count"], ["W92000004"], ["health-and-social-care"], ["Published evidence"])
            c.factors = [FactorAssignment(factorId: "legal-gateway", kind: .enabler, note: "Digital Economy Act")]
            return json(c)
        case .activity:
            var a = Activity()
            (a.id, a.title, a.summary, a.kind, a.organiserIds, a.themeIds, a.datasetIds) = ("a1", "Household Cost Indices event", "User event", .webinar, ["office-for-national-statistics"], ["economy"], ["population-count"])
            (a.audiences, a.mode, a.start, a.end, a.locationAreaId, a.url) = ([.expertUsers], .online, day, day, "E92000001", "https://www.ons.gov.uk")
            (a.invited, a.signedUp, a.attended, a.responses, a.walkInsAllowed, a.feedbackSummary) = (2000, 1000, 800, 120, false, "Users asked for more detail")
            a.actions = [FeedbackAction(youSaid: "Publish more breakdowns", weDid: "Added breakdowns", status: .done)]
            return json(a)
        case .relationship:
            var r = Relationship()
            (r.id, r.ownerOrganisationId, r.datasetId, r.stakeholderOrganisationId, r.power, r.interest) = ("r1", "office-for-national-statistics", "population-count", "local-government-association", 4, 5)
            (r.approach, r.relationshipOwnerId, r.lastContact, r.notes) = (.manageClosely, "p1", day, "Quarterly meetings")
            r.assessments = [Assessment(date: day, power: 4, interest: 5, note: "First assessment")]
            return json(r)
        case .factor:
            var f = Factor()
            (f.id, f.name, f.description, f.typicalKinds) = ("legal-gateway", "Legal gateway for data sharing", "A legal basis to share data", [.enabler])
            return json(f)
        }
    }
}
