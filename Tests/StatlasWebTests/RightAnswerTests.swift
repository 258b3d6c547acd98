import Foundation
import HTTPTypes
import StatlasCore
import StatlasStorage
import StatlasTestSupport
import Testing

@Suite("Who to contact gives right answers: local authorities first, open successors, the area's nation")
struct RightAnswerTests {
    static func area(_ code: String, _ name: String, _ level: GeographicLevel) -> Area {
        var a = Area()
        (a.id, a.code, a.name, a.level) = (code, code, name, level)
        return a
    }

    static func person(_ id: String, _ organisation: String, _ role: PersonRole) -> Person {
        var p = Person()
        (p.id, p.name, p.organisationId, p.visibility) = (id, "Person \(id)", organisation, .publicContact)
        p.roles = [RoleAssignment(role: role)]
        return p
    }

    @Test(
        "A name shared by an ITL3 area and a local authority means the local authority; closed producers are replaced by their open successors; champions and producers come from the area's nation or the whole UK; a missing champion is said in words",
        arguments: TestDatabase.engines)
    func contact(engine: Engine) async throws {
        try await withPages(engine, demo: false) { browser, storage in
            let r = storage.records
            _ = try await r.create(Self.area("TLC41", "Durham", .itl3))
            _ = try await r.create(Self.area("E06000047", "County Durham", .localAuthority))
            _ = try await r.create(Self.area("S12000049", "Glasgow City", .localAuthority))
            _ = try await r.create(Build.theme("housing", "Housing"))
            var live = Build.organisation("mhclg", "Ministry of Housing, Communities and Local Government")
            live.status = .live
            var middle = Build.organisation("dluhc", "Department for Levelling Up, Housing and Communities")
            (middle.status, middle.supersededByIds) = (.closed, ["mhclg"])
            var old = Build.organisation("mhclg-2018", "Ministry of Housing (2018 to 2021)")
            (old.status, old.supersededByIds) = (.closed, ["dluhc"])
            let scottish = Build.organisation("sg", "Scottish Government", nations: [.scotland])
            let welsh = Build.organisation("wg", "Welsh Government", nations: [.wales])
            var uk = Build.organisation("dwp", "Department for Work and Pensions")
            uk.nations = []
            for o in [live, middle, old, scottish, welsh, uk] { _ = try await r.create(o) }
            for (id, producer, nations) in [
                ("eng", "mhclg-2018", [Nation.england]), ("sco", "sg", [.scotland]), ("wal", "wg", [.wales]),
                ("uk", "dwp", Nation.allCases),
            ] {
                _ = try await r.create(
                    Build.dataset(
                        id, producers: [producer], themes: ["housing"],
                        coverage: nations.map {
                            NationCoverage(nation: $0, covered: true, finestLevel: .localAuthority)
                        },
                        title: "Housing \(id)"))
            }
            _ = try await r.create(Self.person("sg-champion", "sg", .userEngagementChampion))
            _ = try await r.create(Self.person("wg-champion", "wg", .userEngagementChampion))

            let durham = String(buffer: try await browser.get("/contact?theme=housing&area=Durham").body)
            #expect(durham.contains("Contacts for Housing in County Durham"))
            let producers = try #require(durham.range(of: "id=\"producers\"")).upperBound
            let section = String(durham[producers...].prefix { $0 != "§" }.split(separator: "</section>")[0])
            #expect(section.contains("/organisations/mhclg\"") && !section.contains("/organisations/mhclg-2018\""))
            #expect(durham.contains(">Ministry of Housing (2018 to 2021) (closed)</a>"))
            #expect(durham.contains("took over from Ministry of Housing (2018 to 2021)"))

            let glasgow = try await ContactFinder(repository: r).find(theme: "housing", area: "glasgow city")
            #expect(glasgow.area?.id == "S12000049")
            #expect(glasgow.people.map(\.id) == ["sg-champion"])
            #expect(Set(glasgow.producers.map(\.id)) == ["sg", "dwp"])
            #expect(glasgow.withoutChampion.map(\.id) == ["dwp"])
            let page = String(buffer: try await browser.get("/contact?theme=housing&area=Glasgow%20City").body)
            #expect(page.contains("No user engagement champion is recorded for the Department for Work and Pensions."))
            #expect(!page.contains("Person wg-champion"))

            let dwp = String(buffer: try await browser.get("/organisations/dwp").body)
            #expect(dwp.contains("No user engagement champion is recorded for this organisation."))
            let closed = String(buffer: try await browser.get("/organisations/dluhc").body)
            #expect(closed.contains(">Closed</strong>"))
        }
    }
}
