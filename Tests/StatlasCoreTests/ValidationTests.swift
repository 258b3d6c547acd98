import Foundation
import Testing

@testable import StatlasCore

@Suite("Domain validation")
struct ValidationTests {
    func fields(_ errors: [FieldError]) -> Set<String> { Set(errors.map(\.field)) }

    @Test("GSS codes need 9 characters and a known entity prefix; ITL codes are accepted")
    func areaCodes() {
        #expect(AreaCode.isGSS("E06000001"))
        #expect(AreaCode.isGSS("N09000003"))
        #expect(!AreaCode.isGSS("E0600001"))  // 8 characters
        #expect(!AreaCode.isGSS("X99000001"))  // unknown prefix
        #expect(!AreaCode.isGSS("E44000001"))  // E44 is not an entity
        #expect(!AreaCode.isGSS("E06A00001"))
        #expect(AreaCode.isITL("TLC") && AreaCode.isITL("TLC3") && AreaCode.isITL("TLC31"))
        #expect(AreaCode.level(of: "W06000015") == .localAuthority)
        #expect(AreaCode.level(of: "S01000001") == .lsoa)
        #expect(AreaCode.level(of: "TLM") == .itl1)
        #expect(AreaCode.nation(of: "TLN") == .northernIreland)
        var area = Area()
        (area.code, area.name) = ("E0600001", "Nowhere")
        area.prepare(previous: nil, today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(fields(area.fieldErrors()).contains("code"))
    }

    @Test("Power and interest must be 1 to 5, and the approach is derived")
    func relationship() {
        var r = Relationship()
        (r.ownerOrganisationId, r.stakeholderOrganisationId, r.power, r.interest) = ("a", "b", 0, 6)
        #expect(fields(r.fieldErrors()) == ["power", "interest"])
        (r.power, r.interest) = (4, 2)
        r.prepare(previous: nil, today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(r.fieldErrors().isEmpty)
        #expect(r.approach == .keepSatisfied)
        #expect(r.assessments.count == 1)
        #expect(EngagementApproach(power: 5, interest: 5) == .manageClosely)
        #expect(EngagementApproach(power: 1, interest: 4) == .keepInformed)
        #expect(EngagementApproach(power: 2, interest: 2) == .monitor)
        r.stakeholderOrganisationId = "a"
        #expect(fields(r.fieldErrors()).contains("stakeholderOrganisationId"))
    }

    @Test("A changed assessment is appended to the history; an unchanged one is not")
    func assessmentHistory() {
        var r = Relationship()
        (r.ownerOrganisationId, r.stakeholderOrganisationId, r.power, r.interest) = ("a", "b", 2, 2)
        r.prepare(previous: nil, today: CalendarDate(year: 2026, month: 1, day: 1))
        var next = r
        next.notes = "met"
        next.prepare(previous: r, today: CalendarDate(year: 2026, month: 2, day: 1))
        #expect(next.assessments.count == 1)
        next.power = 5
        let before = next
        next.prepare(previous: before, today: CalendarDate(year: 2026, month: 3, day: 1))
        #expect(next.assessments.map(\.power) == [2, 5])
        #expect(next.approach == .keepSatisfied)
    }

    @Test("End dates may not come before start dates")
    func dateOrder() {
        var c = Collaboration()
        c.title = "Linkage"
        c.participants = [Participant(organisationId: "ons", role: .lead)]
        (c.start, c.end) = (CalendarDate("2024-05-01"), CalendarDate("2024-04-30"))
        #expect(fields(c.fieldErrors()) == ["end"])
        c.end = CalendarDate("2024-05-01")
        #expect(c.fieldErrors().isEmpty)
    }

    @Test("Counts are not negative; attended is not above signed up unless walk-ins were allowed")
    func activityCounts() {
        var a = Activity()
        (a.title, a.organiserIds, a.start) = ("Event", ["ons"], CalendarDate("2024-01-01"))
        (a.invited, a.signedUp, a.attended, a.responses) = (-1, 10, 12, -3)
        #expect(fields(a.fieldErrors()) == ["invited", "attended", "responses"])
        (a.invited, a.responses, a.walkInsAllowed) = (20, 5, true)
        #expect(a.fieldErrors().isEmpty)
    }

    @Test("Required names, web addresses, emails and theme-lead themes are checked")
    func otherRules() {
        var o = Organisation()
        o.website = "javascript:alert(1)"
        #expect(fields(o.fieldErrors()) == ["name", "website"])
        var p = Person()
        (p.name, p.email) = ("Someone", "not-an-email")
        p.roles = [RoleAssignment(role: .engagementThemeLead)]
        #expect(fields(p.fieldErrors()) == ["email", "roles[0].themeId"])
        var d = Dataset()
        d.title = "X"
        d.coverage = [NationCoverage(nation: .wales, covered: true, finestLevel: nil, areaCount: -1)]
        d.temporalStart = "2021-13"
        #expect(fields(d.fieldErrors()) == ["coverage[0].areaCount", "coverage[0].finestLevel", "temporalStart"])
    }

    @Test("Dataset coverage always lists the four nations in order")
    func coverageNormalised() {
        var d = Dataset()
        d.coverage = [NationCoverage(nation: .scotland, covered: true, finestLevel: .localAuthority, areaCount: 32)]
        d.prepare(previous: nil, today: CalendarDate(year: 2026, month: 1, day: 1))
        #expect(d.coverage.map(\.nation) == [.england, .wales, .scotland, .northernIreland])
        #expect(d.coverage[2].covered && !d.coverage[0].covered)
        #expect(d.facets.contains(Facet("coverage", "scotland:local-authority")))
    }

    @Test("People get a review date two years ahead and are private by default")
    func personDefaults() {
        var p = Person()
        p.name = "Analyst"
        p.email = "a@example.org"
        p.prepare(previous: nil, today: CalendarDate(year: 2024, month: 2, day: 29))
        #expect(p.reviewDate == CalendarDate("2026-02-28"))
        #expect(p.visibility == .signedIn)
        #expect(p.publicView().email == nil)
    }
}
